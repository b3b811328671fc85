import math
import subprocess
import sys
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare.errors import PolicyCompareError
from policycompare.graphs import (
    build_keyword_graph,
    compare_graphs,
    compute_centrality,
    detect_communities,
    read_graph,
    split_sentences,
    write_graph,
)
from policycompare.tokens import Tokenizer

# Three sentences; every word stands between punctuation, so the segmentation
# is certain: [教师 学生 课程] [教师 学生] [课程 质量].
TINY = "教师，学生，课程。教师，学生。课程，质量"


@pytest.fixture(autouse=True, scope="module")
def token_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICYCOMPARE_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture()
def plain():
    """Words as jieba's own dictionary cuts them, nothing dropped."""
    return Tokenizer(user_dict=None, stopwords=None, cache=False)


@pytest.fixture(scope="module")
def huaxi_graph(corpus):
    return build_keyword_graph(corpus["huaxi"], reference=corpus)


def edge_table(G):
    return {tuple(sorted((u, v))): data for u, v, data in G.edges(data=True)}


def test_split_sentences_at_marks_and_line_breaks():
    text = "一、目标\n推进改革。落实；完善！提升?  \n"
    assert [text[a:b] for a, b in split_sentences(text)] == ["一、目标", "推进改革", "落实", "完善", "提升"]


def test_cooccurrence_counts_and_associations_by_hand(plain):
    G = build_keyword_graph(TINY, window=5, min_count=1, tokenizer=plain)
    assert list(G.nodes(data="count")) == [("学生", 2), ("教师", 2), ("课程", 2), ("质量", 1)]
    weights = {pair: data["weight"] for pair, data in edge_table(G).items()}
    assert weights == {("学生", "教师"): 2, ("学生", "课程"): 1, ("教师", "课程"): 1, ("课程", "质量"): 1}
    # N = 5 co-occurrences, 10 ends; n(教师) = n(学生) = n(课程) = 3, n(质量) = 1
    pair = G.edges["教师", "学生"]
    assert pair["pmi"] == pytest.approx(math.log(2 * 10 / (3 * 3)))
    assert pair["npmi"] == pytest.approx(math.log(20 / 9) / -math.log(2 / 10))
    assert round(pair["npmi"], 6) == 0.496141
    assert pair["ochiai"] == pytest.approx(2 / 3)
    rare = G.edges["课程", "质量"]
    assert rare["npmi"] == pytest.approx(math.log(10 / 3) / math.log(10))
    assert rare["ochiai"] == pytest.approx(1 / math.sqrt(3))
    assert G.edges["教师", "课程"]["npmi"] == pytest.approx(math.log(10 / 9) / math.log(10))
    assert all(data["assoc"] == data["npmi"] for _, _, data in G.edges(data=True))
    ochiai = build_keyword_graph(TINY, window=5, min_count=1, tokenizer=plain, association="ochiai")
    assert ochiai.edges["教师", "学生"]["assoc"] == pytest.approx(2 / 3)


def test_windows_do_not_cross_sentence_ends(plain):
    # 课程 and the second 教师 are adjacent tokens, but 。 stands between them
    split = build_keyword_graph(TINY, window=2, min_count=1, tokenizer=plain)
    assert sorted(edge_table(split)) == [("学生", "教师"), ("学生", "课程"), ("课程", "质量")]
    joined = build_keyword_graph(TINY.replace("。", "，", 1), window=2, min_count=1, tokenizer=plain)
    assert joined.edges["课程", "教师"]["weight"] == 1
    lines = build_keyword_graph("教师，学生，课程\n教师，学生；课程，质量", window=2, min_count=1, tokenizer=plain)
    assert edge_table(lines) == edge_table(split)


def test_single_pair_has_perfect_association(plain):
    G = build_keyword_graph("教师，学生", min_count=1, tokenizer=plain)
    assert G.edges["教师", "学生"]["npmi"] == 1.0
    assert G.edges["教师", "学生"]["ochiai"] == 1.0


def test_min_count_and_top_n_prune_nodes_not_associations(plain):
    full = build_keyword_graph(TINY, min_count=1, tokenizer=plain)
    pruned = build_keyword_graph(TINY, min_count=2, tokenizer=plain)
    assert list(pruned.nodes) == ["学生", "教师", "课程"]
    assert pruned.edges["教师", "学生"] == full.edges["教师", "学生"]
    top = build_keyword_graph(TINY, min_count=1, top_n=2, tokenizer=plain)
    assert list(top.nodes) == ["学生", "教师"]
    assert top.graph["top_n"] == 2 and full.graph["top_n"] == 0


def test_an_empty_graph_says_why(plain):
    with pytest.warns(pc.PolicyCompareWarning, match=r"^the keyword graph of text is empty: no term occurs min_count=3 times "
                                                     r"\(the commonest, 课程, occurs 2\)$"):
        G = build_keyword_graph(TINY, min_count=3, tokenizer=plain)
    assert G.number_of_nodes() == 0
    with pytest.warns(pc.PolicyCompareWarning, match=r"^the keyword graph of text is empty: it has no term to count"):
        build_keyword_graph("进一步加强，全面推进。2023年")


@pytest.fixture(scope="module")
def plain_words():
    return Tokenizer(user_dict=None, stopwords=None, cache=False)


def counted_by_hand(sentences, window, min_count):
    """Nodes, in the graph's order, and edge attributes of the graph of ``sentences``, counted pair by pair."""
    counts = Counter(word for words in sentences for word in words)
    pairs = Counter()
    for words in sentences:
        for i, left in enumerate(words):
            for right in words[i + 1:i + window]:
                if left != right:
                    pairs[tuple(sorted((left, right)))] += 1
    ends = Counter()
    for (u, v), n in pairs.items():
        ends[u] += n
        ends[v] += n
    total = 2 * sum(pairs.values())
    nodes = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    edges = {}
    for (u, v), n in pairs.items():
        if u in nodes and v in nodes:
            pmi = math.log(n * total / (ends[u] * ends[v]))
            npmi = 1.0 if n == total else pmi / -math.log(n / total)
            edges[u, v] = {"weight": n, "pmi": pmi, "npmi": npmi, "ochiai": n / math.sqrt(ends[u] * ends[v]), "assoc": npmi}
    return nodes, edges


@pytest.mark.filterwarnings("ignore:the keyword graph of text is empty")
@settings(max_examples=80, deadline=None)
@given(sentences=st.lists(st.lists(st.sampled_from(["教师", "学生", "课程", "质量", "学校"]), max_size=9), min_size=1, max_size=6),
       window=st.integers(2, 7), min_count=st.integers(1, 3))
def test_counts_and_associations_are_those_counted_pair_by_pair(plain_words, sentences, window, min_count):
    assume(any(sentences))
    # Words between punctuation, so the tokens are the words; an empty sentence is two marks in a row.
    G = build_keyword_graph("。".join("，".join(words) for words in sentences), window=window, min_count=min_count, tokenizer=plain_words)
    nodes, edges = counted_by_hand(sentences, window, min_count)
    assert list(G.nodes) == nodes
    # exact: the same whole numbers, divided and logged as Python does
    assert edge_table(G) == edges
    position = {node: i for i, node in enumerate(nodes)}
    listed = [(position[u], position[v]) for u, v in G.edges]
    assert all(i < j for i, j in listed) and listed == sorted(listed)
    assert (G.graph["n_tokens"], G.graph["n_sentences"]) == (sum(map(len, sentences)), sum(1 for words in sentences if words))


def test_tfidf_and_doc_freq_against_a_reference(plain):
    doc = pc.load_document_from_text(TINY, doc_id="tiny")
    other = pc.load_document_from_text("教师，质量。", doc_id="other")
    G = build_keyword_graph(doc, min_count=1, tokenizer=plain, reference=[doc, other])
    assert dict(G.nodes(data="doc_freq")) == {"学生": 1, "教师": 2, "课程": 1, "质量": 2}
    idf = {"学生": math.log(3 / 2) + 1, "教师": 1.0, "课程": math.log(3 / 2) + 1, "质量": 1.0}
    raw = {term: count * idf[term] for term, count in {"学生": 2, "教师": 2, "课程": 2, "质量": 1}.items()}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    for term, weight in raw.items():
        assert G.nodes[term]["tfidf"] == pytest.approx(weight / norm)
    alone = build_keyword_graph(doc, min_count=1, tokenizer=plain)
    # no reference: idf is 1, so tfidf is the L2-normalised count
    assert alone.nodes["质量"]["tfidf"] == pytest.approx(1 / math.sqrt(13))
    assert alone.graph["n_reference"] == 0 and G.graph["n_reference"] == 2


def test_graph_records_sources_and_parameters(corpus, huaxi_graph):
    assert huaxi_graph.graph["doc_ids"] == "huaxi"
    assert (huaxi_graph.graph["window"], huaxi_graph.graph["min_count"], huaxi_graph.graph["association"]) == (5, 2, "npmi")
    assert huaxi_graph.graph["n_reference"] == 14
    assert all(isinstance(n, str) for n in huaxi_graph.nodes)
    counts = [c for _, c in huaxi_graph.nodes(data="count")]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 2
    group = build_keyword_graph([corpus["huaxi"], corpus["qixing"]], min_count=3)
    assert group.graph["doc_ids"] == "huaxi,qixing" and group.graph["n_reference"] == 2
    assert {d for _, d in group.nodes(data="doc_freq")} <= {1, 2}


def test_default_tokenizer_masks_the_plans_own_place_names(corpus, huaxi_graph):
    assert not {"花溪", "花溪区", "贵阳", "贵阳市"} & set(huaxi_graph.nodes)
    unmasked = build_keyword_graph(corpus["huaxi"], tokenizer=Tokenizer())
    assert "花溪区" in unmasked


def test_measure_tables_build_graphs(plain):
    measures = pd.DataFrame({"doc_id": ["a", "b", "a"], "text": ["教师，学生。", "教师，学生", "课程，质量"]})
    G = build_keyword_graph(measures, min_count=1, tokenizer=plain)
    assert G.graph["doc_ids"] == "a,b"
    assert G.edges["教师", "学生"]["weight"] == 2
    # rows are separate units: 学生 (row 2) and 课程 (row 3) never meet
    assert not G.has_edge("学生", "课程")


def test_the_measures_of_a_plan_with_its_corpus_give_the_plans_graph(corpus):
    measures = pc.extract_measures(corpus.subset(["huaxi", "yinchuan"]))
    rows = measures[measures["doc_id"] == "huaxi"]
    own = build_keyword_graph(corpus["huaxi"])
    # The plan's own corpus masks its names alone: the same graph, attribute for attribute.
    alone = build_keyword_graph(rows, corpus=corpus["huaxi"])
    assert nx.utils.graphs_equal(alone, own) and alone.graph == own.graph
    # The whole corpus masks every plan's names; Huaxi names no other region, so only the tokenizer's fingerprint differs.
    pooled = build_keyword_graph(rows, corpus=corpus)
    assert list(pooled.nodes(data=True)) == list(own.nodes(data=True)) and list(pooled.edges(data=True)) == list(own.edges(data=True))
    assert "花溪区" not in pooled


def test_measures_without_their_corpus_warn_that_their_place_names_stay(corpus):
    measures = pc.extract_measures(corpus.subset(["huaxi"]))
    with pytest.warns(pc.PolicyCompareWarning, match=r"^build_keyword_graph: a measures table holds no plan metadata, .* pass corpus=, the corpus the table came from, to mask them$") as shown:
        G = build_keyword_graph(measures)
    assert [w.filename for w in shown] == [__file__]
    assert "花溪区" in G


def test_a_corpus_goes_with_a_table_only(corpus, plain):
    measures = pc.extract_measures(corpus.subset(["huaxi"]))
    with pytest.raises(ValueError, match=r"^corpus goes with a measures table, to supply its plans' place names; data is a str$"):
        build_keyword_graph(TINY, corpus=corpus)
    with pytest.raises(ValueError, match=r"^give corpus or tokenizer, not both"):
        build_keyword_graph(measures, corpus=corpus, tokenizer=plain)
    with pytest.raises(pc.UnknownIdError, match=r"^corpus holds no plan 'huaxi' of the measures table"):
        build_keyword_graph(measures, corpus=corpus["anning"])


def test_build_keyword_graph_is_deterministic_across_processes(tmp_path, corpus, huaxi_graph):
    script = (
        "import policycompare as pc, sys\n"
        "from policycompare.graphs import build_keyword_graph, write_graph\n"
        "c = pc.load_corpus()\n"
        "write_graph(build_keyword_graph(c['huaxi'], reference=c), sys.argv[1])\n"
    )
    outputs = []
    for seed in ("1", "2"):
        path = tmp_path / f"g{seed}.gexf"
        env = {"PYTHONHASHSEED": seed, "POLICYCOMPARE_CACHE": "off", "PATH": ""}
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env)
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    write_graph(huaxi_graph, tmp_path / "here.gexf")
    assert (tmp_path / "here.gexf").read_bytes() == outputs[0]


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_write_and_read_graph_round_trip(tmp_path, huaxi_graph, suffix):
    path = tmp_path / f"huaxi{suffix}"
    write_graph(huaxi_graph, path)
    assert "普通高中".encode("utf-8") in path.read_bytes()
    back = read_graph(path)
    assert type(back) is nx.Graph
    assert list(back.nodes(data=True)) == list(huaxi_graph.nodes(data=True))
    assert edge_table(back) == edge_table(huaxi_graph)
    assert back.graph == huaxi_graph.graph
    assert all(type(w) is int for _, _, w in back.edges(data="weight"))
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_write_graph_converts_numpy_values(tmp_path):
    G = nx.Graph(name="演示")
    G.add_edge("教师", "培训", weight=np.int64(3), npmi=np.float64(0.5))
    write_graph(G, tmp_path / "g.gexf")
    back = read_graph(tmp_path / "g.gexf")
    assert back.edges["教师", "培训"] == {"weight": 3, "npmi": 0.5}
    assert type(back.edges["教师", "培训"]["npmi"]) is float and back.graph == {"name": "演示"}


def test_write_graph_rejects_what_the_formats_cannot_hold(tmp_path):
    G = nx.Graph([("教师", "培训")])
    with pytest.raises(ValueError, match=r"path='.*g\.png' ends in '\.png'; expected \.gexf or \.graphml"):
        write_graph(G, tmp_path / "g.png")
    G.nodes["教师"]["tags"] = ["a", "b"]
    with pytest.raises(ValueError, match="attribute 'tags' of node '教师' is a list"):
        write_graph(G, tmp_path / "g.gexf")
    H = nx.Graph([("教师", "培训", {"weight": None})])
    with pytest.raises(ValueError, match=r"attribute 'weight' of edge \('教师', '培训'\) is a NoneType"):
        write_graph(H, tmp_path / "g.graphml")
    with pytest.raises(PolicyCompareError, match="its folder does not exist"):
        write_graph(nx.Graph(), tmp_path / "missing" / "g.gexf")
    assert list(tmp_path.iterdir()) == []


def test_read_graph_reports_missing_and_broken_files(tmp_path):
    with pytest.raises(PolicyCompareError, match="graph file not found"):
        read_graph(tmp_path / "none.gexf")
    (tmp_path / "broken.graphml").write_text("<graphml><graph", encoding="utf-8")
    with pytest.raises(PolicyCompareError, match="broken.graphml: not a readable GraphML file"):
        read_graph(tmp_path / "broken.graphml")
    with pytest.raises(ValueError, match="expected .gexf or .graphml"):
        read_graph(tmp_path / "g.txt")


def test_compare_graphs_marks_shared_partial_and_unique():
    graphs = {
        "a": nx.Graph([("教师", "培训", {"weight": 2}), ("学生", "课程", {"weight": 1})]),
        "b": nx.Graph([("教师", "培训", {"weight": 5})]),
        "c": nx.Graph([("培训", "教师", {"weight": 1}), ("学生", "体育", {"weight": 4})]),
    }
    result = compare_graphs(graphs)
    assert result["nodes"].values.tolist() == [
        ["培训", True, True, True, 3, "shared"],
        ["教师", True, True, True, 3, "shared"],
        ["学生", True, False, True, 2, "partial"],
        ["体育", False, False, True, 1, "unique"],
        ["课程", True, False, False, 1, "unique"],
    ]
    assert result["edges"].values.tolist() == [
        ["培训", "教师", 2, 5, 1, 3, "shared"],
        ["体育", "学生", 0, 0, 4, 1, "unique"],
        ["学生", "课程", 1, 0, 0, 1, "unique"],
    ]
    with pytest.raises(ValueError, match="graphs has the key 'status', which is also a column name"):
        compare_graphs({"status": graphs["a"]})
    with pytest.raises(TypeError, match="graphs must be a non-empty dict"):
        compare_graphs([graphs["a"]])


def test_compare_graphs_on_the_regional_plans(corpus):
    graphs = {d: build_keyword_graph(corpus[d], reference=corpus) for d in ("huaxi", "anning")}
    nodes = compare_graphs(graphs)["nodes"]
    assert set(nodes["status"]) == {"shared", "unique"}
    assert nodes.loc[nodes["term"] == "普通高中", "status"].item() == "shared"
    assert len(nodes) == len(set(graphs["huaxi"]) | set(graphs["anning"]))


def test_compute_centrality_on_a_path():
    G = nx.Graph([("甲", "乙", {"weight": 2}), ("乙", "丙", {"weight": 1})], name="path")
    table = compute_centrality(G)
    assert table.columns.tolist() == ["graph", "term", "degree", "weighted_degree", "betweenness", "eigenvector", "rank"]
    assert table[["graph", "term", "degree", "weighted_degree", "betweenness", "rank"]].values.tolist() == [
        ["path", "乙", 2, 3, 1.0, 1],
        ["path", "甲", 1, 2, 0.0, 2],
        ["path", "丙", 1, 1, 0.0, 3],
    ]
    # weighted adjacency [[0,2,0],[2,0,1],[0,1,0]]: leading eigenvector (2, √5, 1), normalised
    expected = np.array([2, math.sqrt(5), 1]) / math.sqrt(10)
    assert table.set_index("term").loc[["甲", "乙", "丙"], "eigenvector"].tolist() == pytest.approx(expected, abs=1e-5)


def test_compute_centrality_falls_back_when_power_iteration_fails(monkeypatch):
    G = nx.Graph([("甲", "乙", {"weight": 2}), ("乙", "丙", {"weight": 1})])
    expected = compute_centrality(G)

    def fail(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(1000)

    monkeypatch.setattr(nx, "eigenvector_centrality", fail)
    assert compute_centrality(G)["eigenvector"].tolist() == pytest.approx(expected["eigenvector"].tolist(), abs=1e-5)
    lonely = nx.Graph()
    lonely.add_nodes_from(["甲", "乙"])
    assert compute_centrality({"x": lonely})["eigenvector"].isna().all()


def test_compute_centrality_of_several_graphs(huaxi_graph):
    small = nx.Graph([("甲", "乙")])
    table = compute_centrality({"huaxi": huaxi_graph, "small": small})
    assert table["graph"].unique().tolist() == ["huaxi", "small"]
    assert table.groupby("graph")["rank"].min().tolist() == [1, 1]
    assert len(table) == huaxi_graph.number_of_nodes() + 2
    assert table["eigenvector"].notna().all()


def test_tables_of_graphs_without_nodes_or_edges_have_the_types_of_tables_with_rows():
    full = nx.Graph([("甲", "乙", {"weight": 2}), ("乙", "丙", {"weight": 1})], name="full")
    empty = nx.Graph(name="empty")
    types = compute_centrality(full).dtypes.to_dict()
    assert compute_centrality(empty).dtypes.to_dict() == types
    assert compute_centrality({"empty": empty, "also": nx.Graph()}).dtypes.to_dict() == types
    # The tables of several plans stacked, one of them without a graph, keep numbers to rank by.
    stacked = pd.concat([compute_centrality(empty), compute_centrality(full)], ignore_index=True)
    assert stacked.dtypes.to_dict() == types
    assert stacked.nlargest(1, "weighted_degree")["term"].tolist() == ["乙"]
    lonely = nx.Graph(name="lonely")
    lonely.add_node("丙")
    compared = compare_graphs({"a": full, "b": full})
    for graphs in ({"a": empty, "b": empty}, {"a": lonely, "b": empty}):
        for part in ("nodes", "edges"):
            assert compare_graphs(graphs)[part].dtypes.to_dict() == compared[part].dtypes.to_dict()
    edges = pd.concat([compare_graphs({"a": lonely, "b": empty})["edges"], compared["edges"]], ignore_index=True)
    assert edges.dtypes.to_dict() == compared["edges"].dtypes.to_dict()


def test_detect_communities_splits_weakly_joined_groups():
    G = nx.Graph()
    G.add_weighted_edges_from([("教师", "培训", 5), ("教师", "交流", 5), ("培训", "交流", 5), ("学生", "课程", 5), ("课程", "体育", 5), ("学生", "体育", 5), ("交流", "学生", 1)])
    table = detect_communities(G)
    assert table[["term", "community"]].values.tolist() == [
        ["交流", 0], ["培训", 0], ["教师", 0], ["体育", 1], ["学生", 1], ["课程", 1]]
    with pytest.raises(ValueError, match=r"resolution=0; expected a number > 0"):
        detect_communities(G, resolution=0)
    with pytest.raises(ValueError, match=r"seed=-1; expected a whole number >= 0"):
        detect_communities(G, seed=-1)


def test_detect_communities_of_several_graphs_stacked_keep_their_graph(corpus, huaxi_graph):
    # Without a column naming the graph, the plan of each row was lost once the tables were stacked.
    anning_graph = build_keyword_graph(corpus["anning"], reference=corpus)
    stacked = pd.concat([detect_communities(G) for G in (huaxi_graph, anning_graph)], ignore_index=True)
    assert stacked.columns.tolist() == ["graph", "term", "community"]
    assert stacked["graph"].unique().tolist() == ["huaxi", "anning"]
    assert stacked.groupby("graph", sort=False).size().tolist() == [huaxi_graph.number_of_nodes(), anning_graph.number_of_nodes()]
    # Named as compute_centrality names it, so that the two join term by term.
    centrality = compute_centrality({"huaxi": huaxi_graph, "anning": anning_graph})
    joined = centrality.merge(stacked, on=["graph", "term"], validate="1:1")
    assert len(joined) == len(stacked)
    empty = detect_communities(nx.Graph(name="empty"))
    assert empty.columns.tolist() == ["graph", "term", "community"] and str(empty["community"].dtype) == "int64"


def test_detect_communities_is_repeatable(huaxi_graph):
    first = detect_communities(huaxi_graph, seed=3)
    assert first.equals(detect_communities(huaxi_graph, seed=3))
    assert sorted(first["term"]) == sorted(huaxi_graph.nodes)
    sizes = first["community"].value_counts(sort=False).sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True)


def test_build_keyword_graph_rejects_bad_arguments(plain):
    with pytest.raises(ValueError, match=r"window=1; expected a whole number >= 2"):
        build_keyword_graph(TINY, window=1, tokenizer=plain)
    with pytest.raises(ValueError, match=r"min_count=0; expected a whole number >= 1"):
        build_keyword_graph(TINY, min_count=0, tokenizer=plain)
    with pytest.raises(ValueError, match=r"top_n=0; expected None or a whole number >= 1"):
        build_keyword_graph(TINY, top_n=0, tokenizer=plain)
    with pytest.raises(ValueError, match="association='dice'; expected 'npmi', 'pmi' or 'ochiai'"):
        build_keyword_graph(TINY, association="dice", tokenizer=plain)
    with pytest.raises(TypeError, match="data is a int; expected a Document, a Corpus"):
        build_keyword_graph(42)
    # A document id or a path is not a plan's text: it used to give an empty graph.
    for given in ("huaxi", "plans/huaxi.txt"):
        with pytest.raises(ValueError, match=rf"^data is a str without a Chinese character \({given!r}\); a str is read as a plan's text, not as a document id"):
            build_keyword_graph(given)
    with pytest.raises(TypeError, match="tokenizer is a str; expected a policycompare Tokenizer or None"):
        build_keyword_graph(TINY, tokenizer="jieba")
    with pytest.raises(TypeError, match="reference is a str; expected a Corpus"):
        build_keyword_graph(TINY, tokenizer=plain, reference="corpus")
    with pytest.raises(ValueError, match="it needs a 'text' column"):
        build_keyword_graph(pd.DataFrame({"body": ["教师"]}), tokenizer=plain)


def test_an_empty_corpus_is_refused_in_one_line_without_a_warning(recwarn):
    with pytest.raises(PolicyCompareError, match="^no documents to build a keyword graph from$"):
        build_keyword_graph(pc.Corpus([]))
    assert not [w for w in recwarn if issubclass(w.category, pc.PolicyCompareWarning)]


def test_the_reference_corpus_is_read_once_for_the_graphs_of_its_plans(corpus, monkeypatch):
    from policycompare import graphs, tokens

    monkeypatch.setattr(graphs, "_DOCUMENT_FREQUENCIES", {})
    # One tokenizer for all the graphs, as a report uses (by default each plan masks its own place names).
    shared = tokens.Tokenizer(mask=tokens.region_terms(corpus))
    reads = []
    real = tokens._terms_many
    monkeypatch.setattr(tokens, "_terms_many", lambda *args, **kwargs: reads.append(1) or real(*args, **kwargs))
    first = {d: build_keyword_graph(corpus[d], reference=corpus, tokenizer=shared) for d in ("huaxi", "anning", "qixing")}
    assert reads == [1]
    monkeypatch.setattr(graphs, "_DOCUMENT_FREQUENCIES", {})
    for d in ("huaxi", "anning"):
        # The same graph as from frequencies read afresh.
        assert dict(build_keyword_graph(corpus[d], reference=corpus, tokenizer=shared).nodes(data=True)) == dict(first[d].nodes(data=True))
    assert reads == [1, 1]
    # Another reference is read, and gives its own frequencies.
    pair = [corpus["huaxi"], corpus["anning"]]
    small = build_keyword_graph(corpus["huaxi"], reference=pair, tokenizer=shared)
    assert reads == [1, 1, 1] and small.graph["n_reference"] == 2
    assert max(n for _, n in small.nodes(data="doc_freq")) == 2


def _random_graph(nodes, edges, directed, **graph):
    """A graph of drawn nodes, and edges between them by their number (modulo the number of nodes)."""
    G = (nx.DiGraph if directed else nx.Graph)(**graph)
    for node, data in nodes.items():
        G.add_node(node, **data)
    ids = list(nodes)
    for u, v, data in edges:
        if ids:
            G.add_edge(ids[u % len(ids)], ids[v % len(ids)], **data)
    return G


def _networkx_gexf(G):
    """What networkx's GEXF writer writes for G, with the changes write_graph makes (no date, policycompare, graph attributes)."""
    import io
    import json
    import xml.etree.ElementTree as ET

    from networkx.readwrite.gexf import GEXFWriter

    from policycompare.graphs import _GEXF_GRAPH_ATTRIBUTES

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "policycompare"
    extra = {k: v for k, v in G.graph.items() if k != "name"}
    if extra:
        ET.SubElement(meta, "description").text = _GEXF_GRAPH_ATTRIBUTES + json.dumps(extra, ensure_ascii=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


_NAMES = st.text(st.sampled_from("教师培训ab1 <>&\"'\n\t\r-"), min_size=1, max_size=6)
_VALUES = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), _NAMES)
_ATTRIBUTES = st.dictionaries(st.sampled_from(["count", "tfidf", "weight", "备注", "a<b"]), _VALUES, max_size=3)


@settings(max_examples=150, deadline=None)
@given(nodes=st.dictionaries(_NAMES, st.dictionaries(st.sampled_from(["count", "tfidf", "备注"]), _VALUES, max_size=3), max_size=6),
       edges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), _ATTRIBUTES), max_size=8),
       directed=st.booleans(), names=st.one_of(st.none(), _NAMES), graph=st.dictionaries(st.sampled_from(["window", "doc_ids"]), st.one_of(st.integers(0, 9), _NAMES), max_size=2))
def test_the_gexf_of_a_plain_graph_is_what_networkx_writes(nodes, edges, directed, names, graph):
    from policycompare.graphs import _gexf_bytes, _plain_for_gexf

    # networkx's writer takes a graph name that is text only.
    G = _random_graph(nodes, edges, directed, **graph, **({} if names is None else {"name": names}))
    assert _plain_for_gexf(G)
    assert _gexf_bytes(G) == _networkx_gexf(G)


@pytest.mark.parametrize(("node", "edge"), [({"label": "教师"}, {}), ({}, {"id": "e1"}), ({"start": 2020}, {"label": "x"})])
def test_a_graph_with_keys_gexf_reserves_is_written_by_networkx(tmp_path, node, edge):
    from policycompare.graphs import _plain_for_gexf

    G = nx.Graph()
    G.add_node("教师", **node)
    G.add_edge("教师", "培训", weight=2, **edge)
    assert not _plain_for_gexf(G)
    write_graph(G, tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_bytes() == _networkx_gexf(G)


def test_a_plain_graph_is_written_without_a_copy_and_left_as_it_was(tmp_path, monkeypatch):
    from policycompare import graphs

    def refuse(G):
        raise AssertionError("copied")

    G = nx.Graph(name="demo", window=5)
    G.add_node("教师", count=3, tfidf=0.5, note="a<b&\"c\"")
    G.add_edge("教师", "培训", weight=2, npmi=float("inf"), assoc=float("nan"), shared=True)
    before = (dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True)))
    expected = _networkx_gexf(G)
    monkeypatch.setattr(graphs, "_safe_copy", refuse)
    write_graph(G, tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_bytes() == expected
    assert (dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True))) == before
    # A numpy value is converted on a copy; GraphML is written by networkx, from a copy.
    G.nodes["教师"]["count"] = np.int64(3)
    with pytest.raises(AssertionError, match="copied"):
        write_graph(G, tmp_path / "g.gexf")
    G.nodes["教师"]["count"] = 3
    with pytest.raises(AssertionError, match="copied"):
        write_graph(G, tmp_path / "g.graphml")


def test_writing_graphml_leaves_the_graph_its_id(tmp_path):
    # networkx's GraphML writer takes "id" out of the graph it writes: it is given a copy.
    G = nx.Graph([("教师", "培训")], id="g1", window=5)
    write_graph(G, tmp_path / "g.graphml")
    assert G.graph == {"id": "g1", "window": 5}
    assert 'id="g1"' in (tmp_path / "g.graphml").read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None)
@given(nodes=st.dictionaries(_NAMES, st.dictionaries(st.sampled_from(["count", "tfidf", "备注"]), _VALUES, max_size=3), max_size=6),
       edges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), _ATTRIBUTES), max_size=8), directed=st.booleans())
def test_a_plain_graph_written_as_it_is_gives_the_file_of_its_copy(tmp_path_factory, nodes, edges, directed):
    from policycompare.graphs import _safe_copy

    # Edges added in any order: the copy's neighbours are in the order of the graph's edges, not of its additions.
    G = _random_graph(nodes, edges, directed, name="demo", window=5)
    path = tmp_path_factory.mktemp("graph") / "g.gexf"
    write_graph(G, path)
    assert path.read_bytes() == _networkx_gexf(_safe_copy(G))
