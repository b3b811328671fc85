"""Tests for keywords: per-plan keywords, and distinctive terms by log-odds, chi-square and G²."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import policycompare as pc
from policycompare.keywords import compute_distinctive_terms, count_terms, extract_keywords
from policycompare.tokens import Tokenizer, region_terms, tokenize

BOILERPLATE = ["加强", "推进", "进一步", "全面", "积极", "坚持", "工作", "建立健全", "实施", "落实", "提高", "提升", "完善", "开展", "深化"]
REGIONAL = ["huaxi", "yinchuan", "anning", "qixing"]


@pytest.fixture(autouse=True)
def cache_folder(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.getbasetemp() / "keywords-cache"
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(folder))
    return folder


@pytest.fixture()
def tiny_corpus():
    return pc.Corpus([
        pc.load_document_from_text("托管帮扶，托管帮扶，托管帮扶，双减。", doc_id="a", metadata={"province": "甲省"}),
        pc.load_document_from_text("双减，双减，课后服务。", doc_id="b", metadata={"province": "乙省"}),
    ])


# -- keywords --------------------------------------------------------------------------------------


@pytest.mark.parametrize("sublinear_tf", [True, False])
def test_boilerplate_is_never_among_the_top_keywords_of_a_plan(corpus, sublinear_tf):
    keywords = extract_keywords(corpus, n=20, sublinear_tf=sublinear_tf)
    assert keywords.groupby("doc_id").size().to_dict() == {doc_id: 20 for doc_id in corpus.doc_ids}
    assert keywords[keywords["term"].isin(BOILERPLATE)].empty


def test_without_the_stopword_list_boilerplate_would_top_plans(corpus):
    plain = Tokenizer(stopwords=None, mask=region_terms(corpus))
    keywords = extract_keywords(corpus, n=20, sublinear_tf=False, tokenizer=plain)
    assert {"推进", "工作", "加强"} <= set(keywords["term"])


def test_keywords_do_not_include_the_plans_own_place_names(corpus):
    keywords = extract_keywords(corpus.subset(REGIONAL), n=30)
    for doc_id in REGIONAL:
        terms = set(keywords.loc[keywords["doc_id"] == doc_id, "term"])
        assert not terms & set(region_terms(corpus[doc_id])), doc_id


# A plan from Taiwan as such plans are written: years of the Republic, school years, 新臺幣 and 萬元, outline labels in
# capital numerals, and its county written 新竹縣 (and 新竹) in the text.
TAIWAN_PLAN = """新竹縣國民教育發展中程計畫（112至115學年度）
新竹縣政府教育局 中華民國112年8月1日發布

第壹節 計畫目標
一、到民國115年，偏遠地區學校雙語教學比率達到95%以上。
二、自民國112年9月1日起至民國115年7月31日止，辦理偏遠地區學校雙語教學扶助。
第貳節 實施策略
一、新竹地區各校推動雙語教學，並擴充偏遠地區學校數位學習載具。
二、112學年度新臺幣2億8,000萬元、113學年度新台幣3億2,000萬元，由年度預算支應。
第參節 經費
本計畫所需經費總計新臺幣12億5,000萬元，至民國115年完成偏遠地區學校校舍補強。
"""
DATES_CURRENCY_AND_LABELS = {
    "民國", "民国", "中華民國", "中华民国", "學年度", "学年度", "年度", "新臺幣", "新台幣", "新台币", "台幣", "台币", "萬元", "万元", "億元", "亿元",
    "日起", "日止", "第壹節", "第壹节", "第貳節", "第贰节", "貳節", "贰节", "第參節", "第参节", "參節", "参节",
    "到民國", "自民國", "至民國", "新竹", "新竹縣", "新竹县",
}


@pytest.mark.filterwarnings("ignore:.*of its Chinese characters are traditional forms")
@pytest.mark.parametrize("convert", [None, "t2s"])
def test_a_plan_from_taiwan_has_no_dates_currency_outline_labels_or_place_names_among_its_terms(corpus, convert):
    if convert:
        pytest.importorskip("opencc")
    plan = pc.load_document_from_text(TAIWAN_PLAN, doc_id="hsinchu", metadata={"region_zh": "新竹縣"}, convert=convert)
    plans = pc.Corpus([corpus["huaxi"], corpus["anning"], plan])
    _, vocabulary = count_terms(plans)
    assert not set(vocabulary) & DATES_CURRENCY_AND_LABELS
    keywords = extract_keywords(plans, n=5)
    own = keywords.loc[keywords["doc_id"] == "hsinchu", "term"].tolist()
    assert own[:3] == (["地區", "偏遠", "學校"] if convert is None else ["偏远地区", "双语", "学校"])
    distinctive = compute_distinctive_terms(plans, min_count=2)
    assert not set(distinctive["term"]) & DATES_CURRENCY_AND_LABELS


def test_keyword_table_columns_ranks_and_counts(corpus):
    keywords = extract_keywords(corpus.subset(REGIONAL), n=5)
    assert keywords.columns.tolist() == ["doc_id", "rank", "term", "score", "count"]
    assert keywords["rank"].tolist() == [1, 2, 3, 4, 5] * 4
    assert keywords.loc[keywords["doc_id"] == "yinchuan", "term"].tolist()[:2] == ["县中", "托管帮扶"]
    tokenizer = Tokenizer(mask=region_terms(corpus.subset(REGIONAL)))
    for row in keywords.itertuples():
        assert row.count == [t.text for t in tokenize(corpus[row.doc_id].text, tokenizer=tokenizer)].count(row.term)
    scores = keywords.groupby("doc_id")["score"].apply(list)
    assert all(s == sorted(s, reverse=True) for s in scores)


def test_keywords_of_a_single_document_are_its_most_frequent_terms():
    doc = pc.load_document_from_text("托管帮扶，托管帮扶，双减，双减，双减，课后服务。", doc_id="solo")
    keywords = extract_keywords(doc, n=2)
    assert keywords[["term", "count"]].values.tolist() == [["双减", 3], ["托管帮扶", 2]]


def test_count_terms_counts_tokens(tiny_corpus):
    counts, vocabulary = count_terms(tiny_corpus)
    assert vocabulary == ["双减", "托管帮扶", "课后服务"]
    assert counts.toarray().tolist() == [[1, 3, 0], [2, 0, 1]]


def test_keyword_arguments_are_checked(tiny_corpus):
    with pytest.raises(ValueError, match="n must be an integer >= 1; got 0"):
        extract_keywords(tiny_corpus, n=0)
    with pytest.raises(TypeError, match="corpus is a str; expected a Corpus, a Document or a list of Documents"):
        extract_keywords("双减")


# -- distinctive terms: formulas -------------------------------------------------------------------


def z(group_count, rest_count, alpha, n_group, n_rest, alpha0):
    """Monroe, Colaresi & Quinn (2008) eq. 16 and 20, written out."""
    delta = math.log((group_count + alpha) / (n_group + alpha0 - group_count - alpha)) - math.log((rest_count + alpha) / (n_rest + alpha0 - rest_count - alpha))
    return delta / math.sqrt(1 / (group_count + alpha) + 1 / (rest_count + alpha))


def test_log_odds_with_the_corpus_as_prior_by_hand(tiny_corpus):
    # a: 托管帮扶 3, 双减 1 (4 tokens); b: 双减 2, 课后服务 1 (3 tokens); prior = corpus counts, alpha0 = 7
    table = compute_distinctive_terms(tiny_corpus, min_count=1)
    a = table[table["group"] == "a"].set_index("term")
    assert a.loc["托管帮扶", "score"] == pytest.approx((math.log(6 / 5) - math.log(3 / 7)) / math.sqrt(1 / 6 + 1 / 3), rel=1e-12)
    assert a.loc["双减", "score"] == pytest.approx((math.log(4 / 7) - math.log(5 / 5)) / math.sqrt(1 / 4 + 1 / 5), rel=1e-12)
    assert a.loc["课后服务", "score"] == pytest.approx((math.log(1 / 10) - math.log(2 / 8)) / math.sqrt(1 / 1 + 1 / 2), rel=1e-12)
    b = table[table["group"] == "b"].set_index("term")
    assert b.loc["双减", "score"] == pytest.approx(z(2, 1, 3, 3, 4, 7), rel=1e-12)
    assert table[["group", "rank", "term", "count_in_group", "count_in_rest"]].values.tolist() == [
        ["a", 1, "托管帮扶", 3, 0], ["a", 2, "课后服务", 0, 1], ["a", 3, "双减", 1, 2],
        ["b", 1, "双减", 2, 1], ["b", 2, "课后服务", 1, 0], ["b", 3, "托管帮扶", 0, 3],
    ]


def test_log_odds_with_a_given_prior_size_by_hand(tiny_corpus):
    # prior=14 spreads 14 pseudo-counts by corpus frequency: alpha = 6, 6, 2
    table = compute_distinctive_terms(tiny_corpus, min_count=1, prior=14)
    a = table[table["group"] == "a"].set_index("term")["score"]
    assert a["托管帮扶"] == pytest.approx((math.log(9 / 9) - math.log(6 / 11)) / math.sqrt(1 / 9 + 1 / 6), rel=1e-12)
    assert a["课后服务"] == pytest.approx(z(0, 1, 2, 4, 3, 14), rel=1e-12)


def group_totals(corpus, labels):
    counts, _ = count_terms(corpus)
    per_doc = np.asarray(counts.sum(axis=1)).ravel()
    totals = {}
    for doc_id, n in zip(corpus.doc_ids, per_doc):
        if labels.get(doc_id):
            totals[labels[doc_id]] = totals.get(labels[doc_id], 0) + int(n)
    return totals


@pytest.mark.parametrize(("method", "scipy_option"), [("chi2", {}), ("g2", {"lambda_": "log-likelihood"})])
def test_chi2_and_g2_match_scipy(corpus, method, scipy_option):
    labels = dict(zip(corpus.documents["doc_id"], corpus.documents["province"]))
    with pytest.warns(pc.PolicyCompareWarning, match="^groups 'province': 8 of 14 plans have no value there"):
        table = compute_distinctive_terms(corpus, groups="province", method=method)
    totals = group_totals(corpus, labels)
    grand = sum(totals.values())
    checked = 0
    for group, rows in table.groupby("group", sort=False):
        for row in [*rows.head(4).itertuples(), *rows.tail(2).itertuples()]:
            cells = [[row.count_in_group, row.count_in_rest], [totals[group] - row.count_in_group, grand - totals[group] - row.count_in_rest]]
            statistic = chi2_contingency(cells, correction=False, **scipy_option)[0]
            expected_first = (row.count_in_group + row.count_in_rest) * totals[group] / grand
            assert abs(row.score) == pytest.approx(statistic, rel=1e-9), (group, row.term)
            assert np.sign(row.score) == np.sign(row.count_in_group - expected_first)
            checked += 1
    assert checked == 6 * len(totals)


def test_tiny_chi2_by_hand(tiny_corpus):
    table = compute_distinctive_terms(tiny_corpus, method="chi2", min_count=1).set_index(["group", "term"])["score"]
    # 托管帮扶 in a: [[3, 0], [1, 3]], N = 7: 7 * (9 - 0)^2 / (3 * 4 * 4 * 3)
    assert table["a", "托管帮扶"] == pytest.approx(7 * 81 / 144, rel=1e-12)
    assert table["b", "托管帮扶"] == pytest.approx(-7 * 81 / 144, rel=1e-12)


# -- distinctive terms: groups and options ---------------------------------------------------------


def test_regional_plans_get_their_own_instruments_and_not_their_place_names(corpus):
    regional = corpus.subset(REGIONAL)
    table = compute_distinctive_terms(regional, n=15)
    top = {g: rows["term"].tolist() for g, rows in table.groupby("group", sort=False)}
    assert list(top) == REGIONAL
    assert "托管帮扶" in top["yinchuan"] and "县中" in top["yinchuan"]
    assert "课后服务" in top["qixing"]
    for doc_id in REGIONAL:
        assert not set(top[doc_id]) & set(region_terms(corpus[doc_id])), doc_id
    unmasked = compute_distinctive_terms(regional, n=15, tokenizer=Tokenizer())
    assert "花溪区" in set(unmasked.loc[unmasked["group"] == "huaxi", "term"])


def test_groups_from_a_column_or_a_dict(corpus, tiny_corpus):
    # Collections without a province are left out, and a warning names them; a dict names the plans it groups.
    with pytest.warns(pc.PolicyCompareWarning, match=r"^groups 'province': 8 of 14 plans have no value there and are left out "
                                                  r"\(collection-01, collection-02, collection-03, collection-05, collection-06, …\)"):
        by_province = compute_distinctive_terms(corpus, groups="province", n=3)
    assert by_province["group"].unique().tolist() == ["贵州省", "宁夏回族自治区", "云南省", "广西壮族自治区", "广东省", "四川省"]
    mapping = {"huaxi": "west", "yinchuan": "west", "anning": "south", "qixing": "south"}
    by_dict = compute_distinctive_terms(corpus, groups=mapping, n=3)
    assert by_dict["group"].unique().tolist() == ["west", "south"]
    assert by_dict["rank"].tolist() == [1, 2, 3, 1, 2, 3]
    # two groups are mirror images
    west = by_dict[by_dict["group"] == "west"]
    everything = compute_distinctive_terms(corpus, groups=mapping, method="chi2")
    mirrored = everything.pivot(index="term", columns="group", values="score")
    np.testing.assert_allclose(mirrored["west"], -mirrored["south"])
    assert (west["count_in_group"] >= 0).all()
    assert compute_distinctive_terms(tiny_corpus, groups="province", min_count=1)["group"].unique().tolist() == ["甲省", "乙省"]


def test_groups_as_lists_of_plans_and_misspelt_plans(corpus):
    mapping = {"huaxi": "west", "yinchuan": "west", "anning": "south", "qixing": "south"}
    lists = {"west": ["huaxi", "yinchuan"], "south": ["anning", "qixing"]}
    pd.testing.assert_frame_equal(compute_distinctive_terms(corpus, groups=lists, n=5), compute_distinctive_terms(corpus, groups=mapping, n=5))
    # A misspelt plan used to be left out of its group without a word.
    with pytest.raises(pc.UnknownIdError, match=r"^no document 'yinchaun' in the corpus \(did you mean 'yinchuan'\?\)"):
        compute_distinctive_terms(corpus, groups={**mapping, "yinchaun": "west"})
    with pytest.raises(pc.UnknownIdError, match="no document 'yinchaun'"):
        compute_distinctive_terms(corpus, groups={"west": ["huaxi", "yinchaun"], "south": ["anning"]})
    with pytest.raises(pc.PolicyCompareError, match=r"^groups puts 'huaxi' in both 'west' and 'south'; give each document one group$"):
        compute_distinctive_terms(corpus, groups={"west": ["huaxi"], "south": ["anning", "huaxi"]})
    with pytest.raises(ValueError, match="groups must map each doc_id to its group, or each group to a list of doc_ids, not both"):
        compute_distinctive_terms(corpus, groups={"west": ["huaxi"], "anning": "south"})


def test_min_count_and_n_filter_terms(tiny_corpus):
    assert compute_distinctive_terms(tiny_corpus, min_count=2)["term"].unique().tolist() == ["托管帮扶", "双减"]
    empty = compute_distinctive_terms(tiny_corpus, min_count=4)
    assert empty.empty
    # Terms are strings like the group names, and an empty table has the dtypes of a full one.
    full = compute_distinctive_terms(tiny_corpus, min_count=1)
    assert full["term"].dtype == full["group"].dtype
    assert empty.dtypes.equals(full.dtypes)
    assert compute_distinctive_terms(tiny_corpus, min_count=1, n=1)[["group", "term"]].values.tolist() == [["a", "托管帮扶"], ["b", "双减"]]


def test_groups_that_cannot_be_compared_are_input_errors(corpus, tiny_corpus):
    # Still ValueErrors for callers that caught them before.
    with pytest.raises(pc.PolicyCompareError, match=r"^groups 'county' is not a column of corpus.documents; allowed: doc_id, region_zh") as refused:
        compute_distinctive_terms(tiny_corpus, groups="county")
    assert isinstance(refused.value, ValueError)
    with pytest.raises(pc.PolicyCompareError, match=r"^groups must give at least two groups of documents; got 1 \(west\)$") as refused:
        compute_distinctive_terms(corpus, groups={"huaxi": "west", "yinchuan": "west"})
    assert isinstance(refused.value, ValueError)


def test_distinctive_terms_arguments_are_checked(corpus, tiny_corpus):
    with pytest.raises(ValueError, match="method must be one of log_odds, chi2, g2; got 'tfidf'"):
        compute_distinctive_terms(tiny_corpus, method="tfidf")
    with pytest.raises(ValueError, match="prior must be a positive number or None; got 0"):
        compute_distinctive_terms(tiny_corpus, prior=0)
    with pytest.raises(ValueError, match="min_count must be an integer >= 1; got 0"):
        compute_distinctive_terms(tiny_corpus, min_count=0)
    with pytest.raises(ValueError, match="n must be None or an integer >= 1; got 0"):
        compute_distinctive_terms(tiny_corpus, n=0)
    with pytest.raises(ValueError, match="groups 'county' is not a column of corpus.documents; allowed: doc_id, region_zh"):
        compute_distinctive_terms(tiny_corpus, groups="county")
    with pytest.raises(ValueError, match=r"groups must give at least two groups of documents; got 1 \(west\)"):
        compute_distinctive_terms(corpus, groups={"huaxi": "west", "yinchuan": "west"})
    with pytest.raises(TypeError, match="groups must be None, a column name of corpus.documents or a dict doc_id -> group; got list"):
        compute_distinctive_terms(tiny_corpus, groups=["a", "b"])
    with pytest.raises(TypeError, match=r"^corpus is a str; expected a Corpus, a Document or a list of Documents$"):
        compute_distinctive_terms("plans/")


def test_distinctive_terms_of_a_list_of_documents_are_those_of_their_corpus(tiny_corpus):
    # As compute_shingle_similarity and summarize_reuse take them; a column of the documents' metadata still groups them.
    for groups in (None, "province", {"a": "west", "b": "east"}):
        expected = compute_distinctive_terms(tiny_corpus, groups=groups, min_count=1)
        pd.testing.assert_frame_equal(compute_distinctive_terms(list(tiny_corpus), groups=groups, min_count=1), expected)
    with pytest.raises(pc.PolicyCompareError, match=r"^groups must give at least two groups of documents; got 1 \(a\)$"):
        compute_distinctive_terms([tiny_corpus["a"]])


def test_plans_without_a_manifest_mask_the_places_that_open_their_title(tmp_path):
    seeds = pc.load_corpus()
    for doc_id in ("huaxi", "qixing"):
        (tmp_path / f"{doc_id}.txt").write_text(seeds[doc_id].raw, encoding="utf-8")
    bare = pc.load_corpus(tmp_path)
    assert [region_terms(bare[d]) for d in ("huaxi", "qixing")] == [["花溪", "花溪区", "花溪區"], ["七星", "七星区", "七星區", "桂林", "桂林市"]]
    keywords = extract_keywords(bare, n=10)
    assert not set(keywords["term"]) & {"花溪区", "七星区", "七星", "桂林市"}


@pytest.mark.parametrize(("opening", "names"), [
    ("贵阳市花溪区公办普通高中振兴行动计划", ["花溪", "花溪区", "花溪區", "贵阳", "贵阳市"]),
    ("中共安宁市委办公室关于…", ["安宁", "安宁市"]),
    ("乳源瑶族自治县基础教育结对帮扶方案", ["乳源", "乳源瑶族自治县", "乳源瑶族自治縣"]),
    ("新竹縣國民教育發展中程計畫", ["新竹", "新竹县", "新竹縣"]),
    ("臺中市十二年國民基本教育精進中程計畫", ["台中", "台中市", "臺中", "臺中市"]),
    ("葵青區學校衞生及綫上學習推廣計劃", ["葵青", "葵青区", "葵青區"]),
    ("全区教育提质方案\n本市学校\n城区学校布局", []),
    ("2022年区全面推进教育提质提升专项行动实施方案", []),
])
@pytest.mark.filterwarnings("ignore:.*of its Chinese characters are traditional forms")  # the titles from Taiwan and Hong Kong
def test_opening_place_names(opening, names):
    assert region_terms(pc.load_document_from_text(opening + "\n一、总体要求\n正文。", doc_id="draft")) == names


def test_terms_of_equal_score_are_ranked_by_term_within_each_group():
    corpus = pc.Corpus([
        pc.load_document_from_text("课后服务，双减，托管帮扶。", doc_id="a"),
        pc.load_document_from_text("集团化办学，县管校聘，集团化办学。", doc_id="b"),
    ])
    table = compute_distinctive_terms(corpus, method="chi2", min_count=1)
    # a's three terms occur once each there and never in b: one score, so sorted by term.
    assert table[["group", "term", "count_in_group", "count_in_rest"]].values.tolist() == [
        ["a", "双减", 1, 0], ["a", "托管帮扶", 1, 0], ["a", "课后服务", 1, 0], ["a", "县管校聘", 0, 1], ["a", "集团化办学", 0, 2],
        ["b", "集团化办学", 2, 0], ["b", "县管校聘", 1, 0], ["b", "双减", 0, 1], ["b", "托管帮扶", 0, 1], ["b", "课后服务", 0, 1],
    ]  # fmt: skip
    assert compute_distinctive_terms(corpus, method="chi2", min_count=1, n=2)["term"].tolist() == ["双减", "托管帮扶", "集团化办学", "县管校聘"]


def test_every_groups_ranking_is_by_score_then_term(corpus):
    table = compute_distinctive_terms(corpus.subset(REGIONAL), method="g2", min_count=1)
    ties = 0
    for group, rows in table.groupby("group", sort=False):
        keys = list(zip(-rows["score"], rows["term"]))
        assert keys == sorted(keys), group
        assert rows["rank"].tolist() == list(range(1, len(rows) + 1))
        ties += int(rows["score"].duplicated().sum())
    assert ties > 100  # rare terms share their scores: the order of ties is what is tested


def test_keywords_read_the_texts_into_tokens_once_and_count_what_count_terms_counts(corpus, monkeypatch):
    from policycompare import keywords, vectors

    plans = corpus.subset(REGIONAL)
    tokenizer = Tokenizer(mask=region_terms(plans))
    counts, vocabulary = count_terms(plans, tokenizer=tokenizer)
    calls = []

    def counted(texts, **kwargs):
        calls.append(len(texts))
        return terms_many(texts, **kwargs)

    terms_many = vectors._terms_many
    monkeypatch.setattr(vectors, "_terms_many", counted)
    monkeypatch.setattr(keywords, "_terms_many", counted)
    table = extract_keywords(plans, n=50, tokenizer=tokenizer)
    assert calls == [len(REGIONAL)]
    column = {term: j for j, term in enumerate(vocabulary)}
    expected = [counts[REGIONAL.index(row.doc_id), column[row.term]] for row in table.itertuples()]
    assert table["count"].tolist() == expected and min(expected) >= 1 and max(expected) > 5
    assert table["count"].dtype == "int64"


def test_keywords_and_distinctive_terms_of_terms_read_before_are_those_of_the_plans(corpus, monkeypatch):
    from policycompare import keywords, vectors
    from policycompare.tokens import _terms_many

    plans = corpus.subset(REGIONAL)
    tokenizer = Tokenizer(mask=region_terms(plans))
    terms = _terms_many([doc.text for doc in plans], tokenizer=tokenizer)
    expected_keywords = extract_keywords(plans, n=50)
    expected_terms = compute_distinctive_terms(plans)

    def refuse(*args, **kwargs):
        raise AssertionError("the texts were read into terms again")

    monkeypatch.setattr(vectors, "_terms_many", refuse)
    monkeypatch.setattr(keywords, "_terms_many", refuse)
    found = keywords._extract_keywords(plans, n=50, tokenizer=tokenizer, terms=terms)
    pd.testing.assert_frame_equal(found, expected_keywords, check_exact=True)
    found = keywords._compute_distinctive_terms(plans, tokenizer=tokenizer, terms=terms)
    pd.testing.assert_frame_equal(found, expected_terms, check_exact=True)
    assert len(expected_terms) > 1000
