import pandas as pd
import pytest

import policycompare as pc
from policycompare import cache
from policycompare.cache import cache_root, clear_tables, hash_parts, load_table, store_table


def test_cache_root_follows_the_setting_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path / "env"))
    assert cache_root() == tmp_path / "env"
    assert cache_root(True) == tmp_path / "env"
    assert cache_root(tmp_path / "given") == tmp_path / "given"
    assert cache_root(False) is None
    monkeypatch.setenv("POLICYCOMPARE_CACHE", "Off")
    assert cache_root() is None
    monkeypatch.delenv("POLICYCOMPARE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "policycompare"


def test_keys_differ_with_any_part_and_with_the_code(monkeypatch):
    key = hash_parts(["huaxi", "文本"], {"top_k": 5})
    assert len(key) == 64 and key == hash_parts(["huaxi", "文本"], {"top_k": 5})
    assert key != hash_parts(["huaxi", "文本。"], {"top_k": 5})
    assert key != hash_parts(["huaxi", "文本"], {"top_k": None})
    assert key != hash_parts(["huaxi"], "文本", {"top_k": 5})  # parts are not concatenated
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: "another release")
    assert key != hash_parts(["huaxi", "文本"], {"top_k": 5})


def test_a_stored_table_comes_back_equal_and_only_under_its_key(tmp_path):
    table = pd.DataFrame({"doc_a": ["huaxi"], "score": [0.5]})
    store_table("alignment", "k1", table, cache=tmp_path)
    pd.testing.assert_frame_equal(load_table("alignment", "k1", cache=tmp_path), table)
    assert load_table("alignment", "k2", cache=tmp_path) is None
    assert load_table("instruments", "k1", cache=tmp_path) is None
    assert [p.name for p in (tmp_path / "tables" / "alignment").iterdir()] == ["k1.pickle"]  # no temporary file left


def test_an_entry_under_a_wrong_name_is_not_read(tmp_path):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    folder = tmp_path / "tables" / "alignment"
    (folder / "k1.pickle").rename(folder / "k2.pickle")
    assert load_table("alignment", "k2", cache=tmp_path) is None


@pytest.mark.parametrize("content", [b"", b"\x80\x04not a pickle", b"\x80\x04\x95\x05\x00"])
def test_unreadable_entries_are_misses(tmp_path, content):
    folder = tmp_path / "tables" / "alignment"
    folder.mkdir(parents=True)
    (folder / "k1.pickle").write_bytes(content)
    assert load_table("alignment", "k1", cache=tmp_path) is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=blocker)
    assert load_table("alignment", "k1", cache=blocker) is None


def test_turned_off_cache_stores_nothing(tmp_path):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=False)
    assert load_table("alignment", "k1", cache=False) is None


def test_clearing_removes_tables_and_tokens_and_counts_them(tmp_path):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    store_table("alignment", "k2", pd.DataFrame({"a": [2]}), cache=tmp_path)
    pc.Tokenizer(cache=tmp_path).tokenize("推进集团化办学")
    assert pc.clear_cache(cache=tmp_path) == 3
    assert not (tmp_path / "tables").exists() and not (tmp_path / "tokens").exists()
    assert clear_tables(cache=tmp_path) == 0


def _graph(name="花溪区", weight=2, node_type=None, *, copies=False):
    """A small graph; with ``copies`` its edge names its nodes with other str objects, as a graph read back from a file does."""
    import networkx as nx

    teacher, training = ("".join(["教", "师"]), "".join(["培", "训"])) if copies else ("教师", "培训")
    G = nx.Graph(name="".join(name), window=5)
    G.add_node(teacher, count=3)
    G.add_node(training, count=2 if node_type is None else node_type(2))
    G.add_edge("培训", "教师", weight=weight, npmi=0.5)
    return G


def test_a_graph_is_digested_by_its_data_whatever_objects_hold_it():
    import networkx as nx

    from policycompare.cache import digest_content

    G = _graph()
    # Built from other str objects, equal data: the same digest (a pickle, which refers to a str met before, differs).
    assert digest_content(G) == digest_content(_graph(name=["花溪", "区"], copies=True))
    assert digest_content(G) == digest_content(nx.Graph(G))
    for other in (_graph(weight=3), _graph(weight=2.0), _graph(node_type=float), _graph(node_type=str), _graph(name="银川市"),
                  nx.DiGraph(G), nx.Graph(G.subgraph(["教师"]))):
        assert digest_content(G) != digest_content(other)
    H = _graph()
    H.nodes["教师"]["count"] = True
    assert digest_content(G) != digest_content(H)
    H = _graph()
    H.edges["教师", "培训"]["npmi"] = 0.25
    assert digest_content(G) != digest_content(H)
    H = _graph()
    H.graph["window"] = 6
    assert digest_content(G) != digest_content(H)
    H = nx.Graph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(G.edges(data=True))
    assert digest_content(G) != digest_content(H)  # the nodes' order is the file's
