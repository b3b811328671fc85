"""Tests for vectors: TF-IDF equals scikit-learn's on our tokens, top terms, similarity."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import policycompare as pc
from policycompare.tokens import Tokenizer, region_terms, tokenize_many
from policycompare.vectors import TfidfResult, build_tfidf, compute_similarity, top_terms


@pytest.fixture(autouse=True)
def cache_folder(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.getbasetemp() / "vectors-cache"
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(folder))
    return folder


@pytest.fixture()
def tiny_corpus():
    return pc.Corpus([
        pc.load_document_from_text("推进集团化办学，实施托管帮扶。", doc_id="a"),
        pc.load_document_from_text("推进集团化办学，落实双减。", doc_id="b"),
    ])


def sklearn_tfidf(texts, tokenizer, **options):
    """scikit-learn's TfidfVectorizer fed the same tokens as pre-tokenized lists."""
    lists = [[t.text for t in tokens] for tokens in tokenize_many(texts, tokenizer=tokenizer)]
    vectorizer = TfidfVectorizer(tokenizer=lambda tokens: tokens, preprocessor=lambda tokens: tokens, token_pattern=None, lowercase=False, **options)
    matrix = vectorizer.fit_transform(lists)
    return matrix, list(vectorizer.get_feature_names_out())


@pytest.mark.parametrize(
    "options",
    [{}, {"sublinear_tf": True}, {"min_df": 2, "max_df": 0.9}, {"ngram_range": (1, 2), "min_df": 2}],
)
def test_document_tfidf_equals_scikit_learn_on_the_same_tokens(corpus, options):
    result = build_tfidf(corpus, **options)
    tokenizer = Tokenizer(mask=region_terms(corpus))
    expected, vocabulary = sklearn_tfidf([doc.text for doc in corpus], tokenizer, **options)
    assert result.vocabulary == vocabulary
    assert result.matrix.shape == expected.shape
    assert (result.matrix != expected).nnz == 0
    assert list(result.index["doc_id"]) == corpus.doc_ids


def test_tiny_tfidf_values_by_hand(tiny_corpus):
    result = build_tfidf(tiny_corpus)
    # idf = ln((1 + 2) / (1 + df)) + 1: 1 for 集团化办学 (both), 1 + ln 1.5 for the others
    rare = 1 + np.log(1.5)
    norm = np.sqrt(rare**2 + 1)
    assert result.vocabulary == ["双减", "托管帮扶", "集团化办学"]
    np.testing.assert_allclose(result.matrix.toarray(), [[0, rare / norm, 1 / norm], [rare / norm, 0, 1 / norm]], rtol=1e-12)
    assert repr(result) == "<TfidfResult: 2 rows x 3 terms>"


def test_fitted_vectorizer_transforms_new_raw_text(tiny_corpus):
    result = build_tfidf(tiny_corpus)
    row = result.vectorizer.transform(["全面落实双减，推进集团化办学。"]).toarray()[0]
    rare = 1 + np.log(1.5)
    np.testing.assert_allclose(row, np.array([rare, 0, 1]) / np.sqrt(rare**2 + 1), rtol=1e-12)
    assert result.vectorizer.tokenizer.known == {}


def test_place_names_are_masked_by_default_and_not_with_a_plain_tokenizer(corpus):
    regional = corpus.subset(["huaxi", "yinchuan"])
    masked = build_tfidf(regional)
    plain = build_tfidf(regional, tokenizer=Tokenizer())
    assert {"花溪区", "银川市"} <= set(plain.vocabulary)
    assert not set(region_terms(regional)) & set(masked.vocabulary)


MEASURES = pd.DataFrame({
    "doc_id": ["a", "a", "a", "a", "b", "b"],
    "measure_id": ["a:0", "a:1", "a:1.1", "a:1.2", "b:0", "b:1"],
    "kind": ["front_matter", "section", "measure", "measure", "front_matter", "measure"],
    "is_leaf": [True, False, True, True, True, True],
    "text": ["教育行动方案", "一、主要措施", "（一）推进集团化办学。", "（二）实施托管帮扶。", "落实双减方案", "（一）落实双减，推进集团化办学。"],
    "start": [0, 7, 14, 26, 0, 7],
    "end": [6, 13, 25, 36, 6, 23],
})


def test_measure_tfidf_uses_leaf_measures_only():
    result = build_tfidf(MEASURES, level="measure")
    assert result.index.to_dict("list") == {"doc_id": ["a", "a", "b"], "measure_id": ["a:1.1", "a:1.2", "b:1"], "start": [14, 26, 7], "end": [25, 36, 23]}
    expected, vocabulary = sklearn_tfidf(["（一）推进集团化办学。", "（二）实施托管帮扶。", "（一）落实双减，推进集团化办学。"], Tokenizer())
    assert result.vocabulary == vocabulary == ["双减", "托管帮扶", "集团化办学"]
    assert (result.matrix != expected).nnz == 0
    table = top_terms(result, n=1)
    assert table.columns.tolist() == ["doc_id", "measure_id", "rank", "term", "score"]
    assert table[["measure_id", "term"]].values.tolist() == [["a:1.1", "集团化办学"], ["a:1.2", "托管帮扶"], ["b:1", "双减"]]


def test_a_measures_table_with_its_corpus_gives_what_the_corpus_gives(corpus):
    regional = corpus.subset(["huaxi", "yinchuan"])
    measures = pc.extract_measures(regional)
    from_table = build_tfidf(measures, level="measure", corpus=regional)
    from_corpus = build_tfidf(regional, level="measure")
    assert from_table.vocabulary == from_corpus.vocabulary
    assert (from_table.matrix != from_corpus.matrix).nnz == 0
    assert not set(region_terms(regional)) & set(from_table.vocabulary)
    # The whole corpus masks the same names here: neither plan names another region.
    assert build_tfidf(measures, level="measure", corpus=corpus).vocabulary == from_corpus.vocabulary


def test_a_measures_table_without_its_corpus_warns_that_its_place_names_stay(corpus):
    measures = pc.extract_measures(corpus.subset(["huaxi"]))
    with pytest.warns(pc.PolicyCompareWarning, match=r"^build_tfidf: a measures table holds no plan metadata, so its plans' own place names "
                                                     r"\(花溪区, 银川市…\) are not masked as they are for a corpus; pass corpus=, the corpus the table came from") as shown:
        result = build_tfidf(measures, level="measure")
    assert [w.filename for w in shown] == [__file__]  # the warning points at the caller's line
    assert "花溪区" in result.vocabulary
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build_tfidf(measures, level="measure", tokenizer=Tokenizer())  # a tokenizer of one's own is a choice


def test_a_corpus_for_a_measures_table_is_checked(corpus):
    measures = pc.extract_measures(corpus.subset(["huaxi", "yinchuan"]))
    with pytest.raises(pc.UnknownIdError, match=r"^corpus holds no plan 'yinchuan' of the measures table; pass the corpus the table came from \(this one holds huaxi\)$"):
        build_tfidf(measures, level="measure", corpus=corpus.subset(["huaxi"]))
    with pytest.raises(TypeError, match=r"^corpus is a str; expected a Corpus, a Document or a list of Documents$"):
        build_tfidf(measures, level="measure", corpus="huaxi")
    with pytest.raises(ValueError, match=r"^corpus goes with a measures table, to supply its plans' place names; data is a Corpus$"):
        build_tfidf(corpus, corpus=corpus)
    with pytest.raises(ValueError, match=r"^give corpus or tokenizer, not both: a tokenizer masks what it was given"):
        build_tfidf(measures, level="measure", corpus=corpus, tokenizer=Tokenizer())


def test_measure_tfidf_of_a_corpus_goes_through_extract_measures(corpus):
    doc = corpus.subset(["huaxi"])
    try:
        from policycompare.structure import extract_measures
    except ImportError:
        with pytest.raises(pc.PolicyCompareError, match="measure-level TF-IDF needs policycompare.structure.extract_measures"):
            build_tfidf(doc, level="measure")
        return
    measures = extract_measures(doc)
    leaves = measures[measures["is_leaf"].astype(bool) & (measures["kind"] != "front_matter")]
    result = build_tfidf(doc, level="measure")
    assert list(result.index["measure_id"]) == list(leaves["measure_id"])
    assert result.matrix.shape[0] == len(leaves)


def test_top_terms_are_ranked_with_ties_broken_by_term(tiny_corpus):
    table = top_terms(build_tfidf(tiny_corpus), n=5)
    assert table.columns.tolist() == ["doc_id", "rank", "term", "score"]
    assert table[["doc_id", "rank", "term"]].values.tolist() == [["a", 1, "托管帮扶"], ["a", 2, "集团化办学"], ["b", 1, "双减"], ["b", 2, "集团化办学"]]
    tied = pc.Corpus([pc.load_document_from_text("双减，托管帮扶。", doc_id="x")])
    assert top_terms(build_tfidf(tied), n=5)["term"].tolist() == ["双减", "托管帮扶"]


def test_top_terms_of_the_corpus_hold_no_stopwords(corpus):
    table = top_terms(build_tfidf(corpus), n=10)
    assert len(table) == 10 * len(corpus)
    assert not set(table["term"]) & Tokenizer().stopword_set


def test_twin_plans_are_the_most_similar_pair_by_a_wide_margin(corpus):
    similarity = compute_similarity(corpus)
    assert list(similarity.index) == list(similarity.columns) == corpus.doc_ids
    values = similarity.to_numpy()
    np.testing.assert_allclose(values, values.T)
    np.testing.assert_allclose(np.diag(values), 1.0)
    pairs = sorted(((values[i, j], similarity.index[i], similarity.index[j]) for i in range(len(values)) for j in range(i + 1, len(values))), reverse=True)
    (best, *twins), (second, *_) = pairs[0], pairs[1]
    assert twins == ["collection-02", "collection-05"]
    assert best > 0.99
    assert best - second > 0.3


def test_count_similarity_also_finds_the_twins(corpus):
    similarity = compute_similarity(corpus, method="count")
    values = similarity.to_numpy().copy()
    np.fill_diagonal(values, 0)
    i, j = np.unravel_index(values.argmax(), values.shape)
    assert {similarity.index[i], similarity.columns[j]} == {"collection-02", "collection-05"}


def test_similarity_of_a_tiny_corpus_by_hand(tiny_corpus):
    rare = 1 + np.log(1.5)
    expected = 1 / (rare**2 + 1)
    assert compute_similarity(tiny_corpus).loc["a", "b"] == pytest.approx(expected, rel=1e-12)


def test_similarity_of_a_list_of_documents_is_that_of_their_corpus(tiny_corpus):
    # As compute_shingle_similarity takes them.
    for method in ("tfidf", "count"):
        pd.testing.assert_frame_equal(compute_similarity(list(tiny_corpus), method=method), compute_similarity(tiny_corpus, method=method))
    with pytest.raises(pc.PolicyCompareError, match="^duplicate doc_id 'a'$"):
        compute_similarity([tiny_corpus["a"], tiny_corpus["a"]])


def test_similarity_of_terms_read_before_is_that_of_the_plans(corpus, monkeypatch):
    from policycompare import vectors
    from policycompare.tokens import _terms_many

    tokenizer = Tokenizer(mask=region_terms(corpus))
    terms = _terms_many([doc.text for doc in corpus], tokenizer=tokenizer)
    expected = compute_similarity(corpus)

    def refuse(*args, **kwargs):
        raise AssertionError("the texts were read into terms again")

    monkeypatch.setattr(vectors, "_terms_many", refuse)
    found = vectors._compute_similarity(corpus, tokenizer=tokenizer, terms=terms)
    pd.testing.assert_frame_equal(found, expected, check_exact=True)


def test_invalid_arguments_are_named(tiny_corpus):
    with pytest.raises(ValueError, match="level must be one of document, measure; got 'section'"):
        build_tfidf(tiny_corpus, level="section")
    with pytest.raises(ValueError, match=r"ngram_range must be a tuple \(min_n, max_n\) of integers with 1 <= min_n <= max_n; got \(2, 1\)"):
        build_tfidf(tiny_corpus, ngram_range=(2, 1))
    with pytest.raises(ValueError, match="data is a measures DataFrame, which gives measure-level TF-IDF"):
        build_tfidf(MEASURES)
    with pytest.raises(TypeError, match="data must be a Corpus, a Document or a measures DataFrame; got list"):
        build_tfidf(["推进集团化办学"])
    with pytest.raises(ValueError, match="^data lacks the column 'measure_id'; expected a table from extract_measures"):
        build_tfidf(MEASURES.drop(columns="measure_id"), level="measure")
    # The documents table is no measures table: said before the level is.
    with pytest.raises(ValueError, match="^data lacks the column 'measure_id'; expected a table from extract_measures"):
        build_tfidf(tiny_corpus.documents)
    with pytest.raises(TypeError, match="tokenizer must be a policycompare Tokenizer or None; got str"):
        build_tfidf(tiny_corpus, tokenizer="jieba")
    with pytest.raises(ValueError, match="n must be an integer >= 1; got 0"):
        top_terms(build_tfidf(tiny_corpus), n=0)
    with pytest.raises(TypeError, match="tfidf_result must be a TfidfResult"):
        top_terms("result")
    with pytest.raises(ValueError, match="method must be one of tfidf, count; got 'bm25'"):
        compute_similarity(tiny_corpus, method="bm25")
    with pytest.raises(TypeError, match=r"^corpus is a str; expected a Corpus, a Document or a list of Documents$"):
        compute_similarity("plans/")


def test_text_of_only_stopwords_is_a_user_error():
    corpus = pc.Corpus([pc.load_document_from_text("进一步加强，全面推进。", doc_id="empty")])
    with pytest.raises(pc.PolicyCompareError, match=r"^no terms left for TF-IDF: empty has no term to count \(no Chinese text, or only stopwords and figures\)$"):
        build_tfidf(corpus)


def test_a_plan_without_terms_among_others_is_named_with_its_file(tmp_path, tiny_corpus):
    # Without a word, it was only missing from the keywords table.
    (tmp_path / "figures.txt").write_text("一、2023年\n（一）100%。\n（二）进一步加强，全面推进。\n", encoding="utf-8")
    corpus = pc.Corpus([*tiny_corpus, pc.load_document(tmp_path / "figures.txt")])
    with pytest.warns(pc.PolicyCompareWarning, match=r"^figures \(.*figures\.txt\) has no term to count \(no Chinese text, or only "
                                                     r"stopwords and figures\); it gets no keywords or terms$"):
        keywords = pc.extract_keywords(corpus)
    assert "figures" not in set(keywords["doc_id"]) and set(tiny_corpus.doc_ids) <= set(keywords["doc_id"])
    with pytest.raises(pc.PolicyCompareError, match=r"^no terms left for TF-IDF: figures \(.*figures\.txt\) has no term"):
        build_tfidf(corpus.subset(["figures"]))


def test_a_single_document_is_accepted(corpus):
    result = build_tfidf(corpus["huaxi"])
    assert isinstance(result, TfidfResult)
    assert result.index["doc_id"].tolist() == ["huaxi"]
    assert "花溪区" not in result.vocabulary
