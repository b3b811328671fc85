import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare.reuse import REUSE_COLUMNS, compute_shingle_similarity, find_reuse, normalize_for_reuse, summarize_reuse

SHARED = "全面推进县域普通高中发展提升行动，扩大优质教育资源覆盖面。"  # 29 characters
# The shared sentence sits at 10..39 in A and 7..36 in B; the characters
# around it differ (。 vs ， and 结 vs 乙), so the passage is exactly the sentence.
TEXT_A = "第一部分讲别的事情。" + SHARED + "结尾不同甲。"
TEXT_B = "前言另有内容，" + SHARED.replace("扩大", "增加").replace("，", ",") + "乙结尾。"
REGIONS = ["huaxi", "yinchuan", "anning", "qixing"]


@pytest.fixture()
def pair():
    return pc.load_document_from_text(TEXT_A, doc_id="a"), pc.load_document_from_text(TEXT_B, doc_id="b")


def test_normalize_for_reuse_folds_width_punctuation_and_space():
    folded, offsets = normalize_for_reuse("（一）\u3000加强ＡＢ领导，落实。")
    assert folded == "(一)加强ab领导,落实."
    assert offsets.tolist() == [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]


def test_find_reuse_returns_the_shared_passage_with_exact_offsets(pair):
    a, b = pair
    found = find_reuse(a, b, min_length=10)
    assert found.columns.tolist() == REUSE_COLUMNS
    assert found[["start_a", "end_a", "start_b", "end_b", "length"]].values.tolist() == [[10, 39, 7, 36, 29]]
    # 2 of 29 characters replaced (扩大 → 增加); the comma's width does not count
    assert found.loc[0, "similarity"] == round(27 / 29, 6)
    assert found.loc[0, "text_a"] == SHARED
    assert found.loc[0, "text_b"] == TEXT_B[7:36]


def test_find_reuse_without_gaps_splits_at_the_edit(pair):
    a, b = pair
    found = find_reuse(a, b, min_length=5, max_gap=0)
    assert found[["start_a", "end_a", "start_b", "end_b", "length", "similarity"]].values.tolist() == [
        [10, 27, 7, 24, 17, 1.0],
        [29, 39, 26, 36, 10, 1.0],
    ]


def test_find_reuse_drops_passages_shorter_than_min_length(pair):
    a, b = pair
    assert len(find_reuse(a, b, min_length=29)) == 1
    assert len(find_reuse(a, b, min_length=30)) == 0


def test_find_reuse_document_against_corpus_skips_itself(pair):
    a, b = pair
    corpus = pc.Corpus([a, b])
    found = find_reuse(a, corpus, min_length=10)
    assert found[["doc_a", "doc_b"]].values.tolist() == [["a", "b"]]
    assert find_reuse(corpus, min_length=10).drop(columns="similarity").equals(found.drop(columns="similarity"))


def test_find_reuse_rejects_bad_arguments(pair):
    a, b = pair
    with pytest.raises(TypeError, match="a is a str, b is None; expected two Documents"):
        find_reuse("text")
    with pytest.raises(TypeError, match="a is a Corpus, b is a Document; expected two Documents"):
        find_reuse(pc.Corpus([a]), b)
    with pytest.raises(TypeError, match="corpus is a dict; expected a Corpus, a Document or a list of Documents"):
        compute_shingle_similarity({"a": a})
    with pytest.raises(TypeError, match="^passages must be a DataFrame from find_reuse, not str$"):
        summarize_reuse("passages", [a, b])
    with pytest.raises(ValueError, match=r"k=0; expected a positive whole number"):
        find_reuse(a, b, k=0)
    with pytest.raises(ValueError, match=r"min_length=-1; expected a whole number >= 0"):
        find_reuse(a, b, min_length=-1)
    with pytest.raises(ValueError, match=r"max_gap=2.5; expected a whole number >= 0"):
        find_reuse(a, b, max_gap=2.5)


def test_empty_and_short_documents_share_nothing():
    short = pc.load_document_from_text("一、总则", doc_id="s")
    other = pc.load_document_from_text("一、总则", doc_id="t")
    assert find_reuse(short, other, min_length=0, k=8).empty
    matrix = compute_shingle_similarity([short, other], k=8)
    assert matrix.values.tolist() == [[0.0, 0.0], [0.0, 0.0]]


@settings(max_examples=50, deadline=None)
@given(
    after_a=st.text(alphabet="甲乙丙丁 \n", max_size=20),
    before_b=st.text(alphabet="戊己庚辛 \n", max_size=20),
)
def test_find_reuse_always_recovers_an_embedded_passage(after_a, before_b):
    a = pc.load_document_from_text("子丑寅卯。" + SHARED + after_a, doc_id="a", line_breaks="keep")
    b = pc.load_document_from_text(before_b + SHARED + "辰巳午未。", doc_id="b", line_breaks="keep")
    found = find_reuse(a, b, min_length=20)
    assert len(found) == 1
    row = found.iloc[0]
    assert SHARED in row["text_a"] and SHARED in row["text_b"]
    assert row["text_a"] == a.text[row["start_a"]:row["end_a"]]
    assert row["text_b"] == b.text[row["start_b"]:row["end_b"]]
    assert not row["text_a"][0].isspace() and not row["text_a"][-1].isspace()


def test_compute_shingle_similarity_jaccard_and_containment(pair):
    a, b = pair
    c = pc.load_document_from_text("完全不同的一段文字内容", doc_id="c")
    jaccard = compute_shingle_similarity([a, b, c])
    assert jaccard.index.tolist() == jaccard.columns.tolist() == ["a", "b", "c"]
    assert np.allclose(jaccard.values, jaccard.values.T)
    assert np.diag(jaccard.values).tolist() == [1.0, 1.0, 1.0]
    assert jaccard.loc["a", "c"] == 0.0
    # Two axis names, so the usual reshape to a long table works.
    assert jaccard.stack().reset_index().columns.tolist() == ["doc_a", "doc_b", 0]
    containment = compute_shingle_similarity([a, b], k=4, measure="containment")
    # computed the slow way, with shingles as strings
    folded_a = normalize_for_reuse(a.text)[0]
    folded_b = normalize_for_reuse(b.text)[0]
    shingles_a = {folded_a[i:i + 4] for i in range(len(folded_a) - 3)}
    shingles_b = {folded_b[i:i + 4] for i in range(len(folded_b) - 3)}
    assert containment.loc["a", "b"] == len(shingles_a & shingles_b) / len(shingles_a)
    assert containment.loc["b", "a"] == len(shingles_a & shingles_b) / len(shingles_b)
    with pytest.raises(ValueError, match="measure='cosine'; expected 'jaccard' or 'containment'"):
        compute_shingle_similarity([a, b], measure="cosine")


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(alphabet="教育发展学校。，ab ", max_size=30), min_size=1, max_size=6), k=st.integers(1, 4))
def test_shingle_similarity_equals_the_string_sets_of_every_pair(texts, k):
    documents = [pc.load_document_from_text(text, doc_id=f"d{n}") for n, text in enumerate(texts) if text.strip()]
    if not documents:
        return
    shingles = []
    for doc in documents:
        folded = normalize_for_reuse(doc.text)[0]
        shingles.append({folded[i:i + k] for i in range(len(folded) - k + 1)})
    jaccard = compute_shingle_similarity(documents, k=k).to_numpy()
    containment = compute_shingle_similarity(documents, k=k, measure="containment").to_numpy()
    for i, a in enumerate(shingles):
        for j, b in enumerate(shingles):
            if i == j:
                assert jaccard[i, j] == containment[i, j] == float(bool(a))
                continue
            assert jaccard[i, j] == (len(a & b) / len(a | b) if a | b else 0.0)
            assert containment[i, j] == (len(a & b) / len(a) if a else 0.0)


def test_shingle_similarity_of_no_plans_is_an_empty_matrix(corpus):
    assert compute_shingle_similarity(corpus.subset([])).shape == (0, 0)


def test_twin_plans_stand_out_in_shingle_similarity(corpus):
    matrix = compute_shingle_similarity(corpus)
    pairs = matrix.where(np.triu(np.ones(matrix.shape, dtype=bool), k=1)).stack().sort_values(ascending=False)
    assert pairs.index[0] == ("collection-02", "collection-05")
    assert pairs.iloc[0] > 0.9
    assert pairs.iloc[1] < 0.1
    assert pairs.iloc[0] - pairs.iloc[1] > 0.85


def test_twin_plans_share_almost_all_their_text(corpus):
    found = find_reuse(corpus)
    twins = found[(found["doc_a"] == "collection-02") & (found["doc_b"] == "collection-05")]
    assert found.iloc[0][["doc_a", "doc_b"]].tolist() == ["collection-02", "collection-05"]
    assert twins["similarity"].min() > 0.99
    summary = summarize_reuse(found, corpus)
    row = summary.iloc[0]
    assert (row["doc_a"], row["doc_b"]) == ("collection-02", "collection-05")
    assert row["share_a"] > 0.95 and row["share_b"] > 0.95
    assert summary.iloc[1]["share_a"] < 0.05
    for row in found.itertuples():
        assert row.text_a == corpus[row.doc_a].text[row.start_a:row.end_a]
        assert row.text_b == corpus[row.doc_b].text[row.start_b:row.end_b]


def test_regional_plans_share_only_stock_phrases(corpus):
    found = find_reuse(corpus.subset(REGIONS))
    assert len(found) > 0
    assert found["length"].max() < 60
    # what they share is the guiding-ideology formula every plan opens with
    assert found["text_a"].str.contains("习近平新时代中国特色社会主义思想").all()
    assert summarize_reuse(found, corpus)[["share_a", "share_b"]].max().max() < 0.03


def test_find_reuse_is_deterministic_and_sorted(corpus):
    first = find_reuse(corpus)
    second = find_reuse(pc.load_corpus())
    assert first.equals(second)
    keys = list(zip(-first["length"], first["doc_a"], first["doc_b"], first["start_a"], first["start_b"]))
    assert keys == sorted(keys)


def test_summarize_reuse_covers_the_characters_of_a_passage_other_than_whitespace():
    a = pc.load_document_from_text("一、总体要求\n坚持立德树人，全面提高教育质量。\n\n深化教育评价改革，健全学校家庭社会协同育人机制。", doc_id="a")
    b = pc.load_document_from_text("前言。坚持立德树人，全面提高教育质量。\n\n深化教育评价改革，健全学校家庭社会协同育人机制。其他。", doc_id="b")
    passages = find_reuse(a, b, min_length=10, k=4)
    assert passages[["start_a", "end_a", "start_b", "end_b", "length"]].values.tolist() == [[7, 49, 3, 45, 42]]
    summary = summarize_reuse(passages, [a, b])
    # The passage's 42 characters hold the paragraph break, two line breaks: 40 are covered, of the 46 other than whitespace in each.
    assert summary[["covered_a", "covered_b"]].values.tolist() == [[40, 40]]
    assert summary[["share_a", "share_b"]].values.tolist() == [[round(40 / 46, 6)] * 2]


def test_summarize_reuse_names_missing_documents(pair):
    a, b = pair
    with pytest.raises(ValueError, match="passages name the document 'b', which is not in corpus"):
        summarize_reuse(find_reuse(a, b, min_length=10), [a])


def test_find_reuse_names_the_measure_each_passage_starts_in(corpus):
    measures = pc.extract_measures(corpus)
    found = find_reuse(corpus, measures=measures)
    plain = find_reuse(corpus)
    assert found.columns.tolist()[:9] == ["doc_a", "start_a", "end_a", "measure_a", "doc_b", "start_b", "end_b", "measure_b", "length"]
    assert found.drop(columns=["measure_a", "measure_b"]).equals(plain)
    for row in found.itertuples():
        for side in ("a", "b"):
            unit = measures.set_index("measure_id").loc[getattr(row, f"measure_{side}")]
            assert unit["doc_id"] == getattr(row, f"doc_{side}")
            assert unit["start"] <= getattr(row, f"start_{side}") < unit["end"]


def test_find_reuse_refuses_measures_of_other_documents(pair):
    a, b = pair
    with pytest.raises(ValueError, match="measures has no units of 'b'; pass extract_measures of the same documents"):
        find_reuse(a, b, min_length=10, measures=pc.extract_measures([a]))
    with pytest.raises(ValueError, match="measures lacks the column 'start'"):
        find_reuse(a, b, min_length=10, measures=pc.extract_measures([a, b]).drop(columns="start"))
    with pytest.raises(TypeError, match="measures must be a DataFrame from extract_measures, not list"):
        find_reuse(a, b, min_length=10, measures=[])


def test_find_reuse_with_measures_and_no_passages_keeps_the_columns(pair):
    a, b = pair
    found = find_reuse(a, b, min_length=100, measures=pc.extract_measures([a, b]))
    assert found.empty and "measure_a" in found.columns and "measure_b" in found.columns


def test_find_reuse_measure_ids_have_the_dtype_of_the_doc_ids(pair):
    # One string dtype for every id column, found passages or none, so tables concatenate and merge cleanly.
    a, b = pair
    for min_length in (10, 100):
        found = find_reuse(a, b, min_length=min_length, measures=pc.extract_measures([a, b]))
        assert found["measure_a"].dtype == found["doc_a"].dtype == found["measure_b"].dtype == found["doc_b"].dtype
    assert len(find_reuse(a, b, min_length=10)) and not len(find_reuse(a, b, min_length=100))


# ------------------------------------------------------------------ passage boundaries


def test_a_passage_is_cut_back_to_whole_wording_the_same_in_both_texts():
    # The texts agree from 制定本实施方案。 on, across a heading whose number alone agrees, up to the first words of a
    # sentence each ends differently: what they share is the clauses between.
    shared = "坚持以人民为中心，办好人民满意的教育，推动县域教育高质量发展，全面贯彻党的"
    a = pc.load_document_from_text(f"结合本区实际，制定本实施方案。\n一、指导思想\n{shared}教育方针。", doc_id="a")
    b = pc.load_document_from_text(f"根据上级要求，制定本实施方案。\n一、总体要求 {shared.replace('，', ',')}其他精神。", doc_id="b")
    found = find_reuse(a, b, min_length=10)
    assert found[["start_a", "end_a", "start_b", "end_b", "length", "similarity"]].values.tolist() == [[23, 54, 23, 54, 31, 1.0]]
    assert found.loc[0, "text_a"] == "坚持以人民为中心，办好人民满意的教育，推动县域教育高质量发展，"
    assert found.loc[0, "text_b"] == "坚持以人民为中心,办好人民满意的教育,推动县域教育高质量发展,"
    # Cut back, it is shorter than 32 characters: no passage.
    assert find_reuse(a, b, min_length=32).empty


def test_a_sentence_the_passage_starts_with_is_kept():
    # The passage starts a sentence in both texts: its first, short sentence is wording, not the tail of another.
    a = pc.load_document_from_text("甲方前言。加强领导。坚持以人民为中心，办好人民满意的教育。", doc_id="a")
    b = pc.load_document_from_text("乙方说明。\n加强领导。坚持以人民为中心，办好人民满意的教育。", doc_id="b")
    assert find_reuse(a, b, min_length=10)["text_a"].tolist() == ["加强领导。坚持以人民为中心，办好人民满意的教育。"]


def test_shared_passages_of_the_regional_plans_start_and_end_on_the_wording(corpus):
    # Qixing and Anning open their guiding ideology alike; the passage used to start with 方案。 and the heading
    # (方案。\n一、指导思想\n坚持以…) and its text_b to carry 坚持, which Anning lacks.
    found = find_reuse(corpus["anning"], corpus["qixing"])
    columns = ["start_a", "end_a", "start_b", "end_b", "length", "similarity"]
    assert found[columns].values.tolist() == [[354, 387, 387, 420, 33, 1.0]]
    assert found.loc[0, "text_a"] == "以习近平新时代中国特色社会主义思想为指导,全面贯彻党的二十大精神,"
    assert found.loc[0, "text_b"] == "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
    # Qixing and collection-03 share the formula between 制定本实施方案。 and 全面贯彻党的, across headings that differ
    # (一、指导思想 / 一、总体要求): 23 characters, too few for the default 30.
    assert find_reuse(corpus["qixing"], corpus["collection-03"]).empty
    short = find_reuse(corpus["qixing"], corpus["collection-03"], min_length=15)
    assert short.loc[0, ["text_a", "text_b", "similarity"]].tolist() == [
        "坚持以习近平新时代中国特色社会主义思想为指导，", "坚持以习近平新时代中国特色社会主义思想为指导,", 1.0]


def test_twin_plans_share_passages_without_the_marks_and_headings_around_them(corpus):
    twins = find_reuse(corpus["collection-02"], corpus["collection-05"])
    assert twins["length"].tolist() == [5291, 111]
    # The part marker's colon (篇二: / 篇五:) before, the next section's heading (四、工作保障, 一、指导思想) after.
    assert [text[:6] for text in twins["text_a"]] == ["积极落实立德", "学校教育高质"]
    assert [text[-6:] for text in twins["text_a"]] == ["班主任倾斜。", "本行动方案。"]


def _difflib_ratio(text_a, text_b):
    import difflib

    folded_a, folded_b = normalize_for_reuse(text_a)[0], normalize_for_reuse(text_b)[0]
    return round(difflib.SequenceMatcher(None, folded_a, folded_b, autojunk=False).ratio(), 6)


@pytest.mark.parametrize("min_length", [15, 10])
def test_every_passage_starts_and_ends_on_wording_with_its_similarity_recomputed(corpus, min_length):
    found = find_reuse(corpus, min_length=min_length)
    assert len(found) == {15: 132, 10: 396}[min_length]
    for row in found.itertuples():
        for text in (row.text_a, row.text_b):
            assert text[0] not in "。，、；：,.;:）)" and not text[0].isspace()
        # A cut keeps the two sides aligned: the similarity is still that of difflib on the folded passages.
        assert row.similarity == _difflib_ratio(row.text_a, row.text_b)


_FORMULA = "以习近平新时代中国特色社会主义思想为指导，"
_OPENING = "坚持" + _FORMULA + "全面贯彻党的二十大精神，"  # 35 characters


def test_a_phrase_repeated_near_a_passage_is_not_counted_into_it():
    # b says 全面贯彻党的 twice, the second time just after the passage: its seed 导，全面贯彻党的 (on another diagonal)
    # was merged into the passage, which then counted its aligned characters twice: 1.0 here for a passage with 坚持 /
    # 加强 replaced.
    tail_a, tail_b = "坚持党对教育工作的全面领导，落实立德树人根本任务。", "加强党对教育工作的全面领导，全面贯彻党的教育方针，落实立德树人根本任务。"
    a = pc.load_document_from_text(f"各校要{_OPENING}{tail_a}", doc_id="a")
    b = pc.load_document_from_text(f"我们{_OPENING}{tail_b}", doc_id="b")
    found = find_reuse(a, b, min_length=10)
    assert found[["start_a", "end_a", "start_b", "end_b", "length"]].values.tolist() == [[3, 52, 2, 51, 49], [52, 63, 62, 73, 11]]
    assert found["similarity"].tolist() == [round(47 / 49, 6), 1.0]
    # With a sentence and a heading before, the passage's end was cut back to that sentence and its similarity read 1.05.
    a = pc.load_document_from_text(f"根据省、市关于教育提质的有关要求，结合我县实际，制定本方案。\n一、指导思想\n{_OPENING}{tail_a}", doc_id="a")
    b = pc.load_document_from_text(f"根据自治区、桂林市关于教育提质振兴的有关要求，结合我区实际，制定本实施方案。\n一、指导思想\n{_OPENING}{tail_b}", doc_id="b")
    found = find_reuse(a, b, min_length=10)
    assert found["length"].tolist() == [49, 11]
    for row in found.itertuples():
        assert 0 < row.similarity == _difflib_ratio(row.text_a, row.text_b) <= 1


def test_a_passage_that_runs_on_past_a_heading_is_the_wording_after_it():
    # The texts agree from the sentence before the guiding ideology, over its heading, into its first sentence, which
    # holds no 。: the sentence before and the heading go, and what the plans share under the heading stays (it used to
    # be the other way round, and the 20 characters left were too few).
    a = pc.load_document_from_text(f"根据上级要求，结合我县实际，制定本方案。\n一、指导思想\n{_OPENING}坚持党对教育工作的全面领导，深化改革，办好人民满意的教育。", doc_id="a")
    b = pc.load_document_from_text(f"根据上级要求，结合我区实际，制定本实施方案。\n一、指导思想\n{_OPENING}加强党对教育工作的全面领导，全面深化教育教学改革。", doc_id="b")
    found = find_reuse(a, b)
    assert found[["start_a", "end_a", "start_b", "end_b", "length", "similarity"]].values.tolist() == [[28, 77, 30, 79, 49, round(47 / 49, 6)]]
    assert found.loc[0, "text_a"] == _OPENING + "坚持党对教育工作的全面领导，"
    assert found.loc[0, "text_b"] == _OPENING + "加强党对教育工作的全面领导，"
    assert find_reuse(a, b, max_gap=0)["text_a"].tolist() == [_OPENING]


_LONG_SENTENCE = "根据省市关于推进基础教育提质振兴的有关文件要求，结合我县实际，制定本方案。"  # 37 characters
_WHOLE_PLAN = f"关于推进县域教育发展的方案\n为推动教育发展，制定本方案。\n一、指导思想\n{_OPENING}加强党的全面领导。"


@pytest.mark.parametrize(("text_a", "text_b", "shared"), [
    # Less follows the heading than precedes it: the heading and what follows go, the sentence before stays.
    (f"前言不同。{_LONG_SENTENCE}\n一、指导思想\n坚持以人民为中心，甲", f"序言另述。{_LONG_SENTENCE}\n一、指导思想\n坚持以人民为中心，乙",
     _LONG_SENTENCE),
    # The next item's heading and less than 10 characters of its wording go.
    (f"前言不同。{_OPENING}加强党的全面领导。\n二、工作目标\n到2025年，全县甲", f"序言另述。{_OPENING}加强党的全面领导。\n二、工作目标\n到2025年，全区乙",
     f"{_OPENING}加强党的全面领导。"),
    # More of the next item's wording is shared wording: it stays, and the passage runs on past the heading.
    (f"前言不同。{_OPENING}加强党的全面领导。\n二、工作目标\n到2025年，普通高中教育质量显著提升，甲",
     f"序言另述。{_OPENING}加强党的全面领导。\n二、工作目标\n到2025年，普通高中教育质量显著提升，乙",
     f"{_OPENING}加强党的全面领导。\n二、工作目标\n到2025年，普通高中教育质量显著提升，"),
    # A copy of a whole plan: its title and preamble are shared wording too.
    (_WHOLE_PLAN, _WHOLE_PLAN, _WHOLE_PLAN),
], ids=["the sentence before is longer", "a short piece after the heading", "a longer piece after the heading", "a whole plan"])  # fmt: skip
def test_a_passage_across_a_heading_near_its_start_or_end(text_a, text_b, shared):
    a, b = pc.load_document_from_text(text_a, doc_id="a"), pc.load_document_from_text(text_b, doc_id="b")
    found = find_reuse(a, b, min_length=10)
    assert found["text_a"].tolist() == [shared]
    assert found.loc[0, "text_b"] == shared


@pytest.mark.parametrize(("text_a", "text_b", "spans", "shared"), [
    # The texts part inside 职业院校 / 职业学校: only 校 agrees, and the passage used to start with it (校通过…).
    ("各地职业院校通过校企合作、技术服务取得的收入，可用于绩效工资。", "鼓励职业学校通过校企合作、技术服务取得的收入，可用于绩效工资。",
     [6, 31, 6, 31, 25], "通过校企合作、技术服务取得的收入，可用于绩效工资。"),
    # Two wordings of one formula part after 十九届 (二中、三中全会精神 / 历次全会精神): the clause they begin alike is
    # not shared wording, and the passage used to end in it (……贯彻党的十九大和十九届).
    (_FORMULA + "全面贯彻党的十九大和十九届二中、三中全会精神，推动教育发展。", _FORMULA + "深入贯彻党的十九大和十九届历次全会精神，办好人民满意的教育。",
     [0, 21, 0, 21, 21], _FORMULA),
    # The texts part inside 行动计划 / 行动实施方案, 27 characters into a clause: the clause is shared wording, kept up to
    # its last whole word in both texts (行动 is part of 行动计划 in a).
    ("一、总则。全面推进县域普通高中新课程新教材实施和高考综合改革行动计划。", "前言：全面推进县域普通高中新课程新教材实施和高考综合改革行动实施方案。",
     [5, 30, 3, 28, 25], "全面推进县域普通高中新课程新教材实施和高考综合改革"),
], ids=["starts at the next word", "a short unfinished clause goes", "a long clause ends on a whole word"])  # fmt: skip
def test_a_passage_where_the_texts_part_inside_a_word_or_clause_is_cut_back_to_whole_wording(text_a, text_b, spans, shared):
    a, b = pc.load_document_from_text(text_a, doc_id="a"), pc.load_document_from_text(text_b, doc_id="b")
    found = find_reuse(a, b, min_length=10)
    assert found[["start_a", "end_a", "start_b", "end_b", "length", "similarity"]].values.tolist() == [[*spans, 1.0]]
    assert found.loc[0, "text_a"] == found.loc[0, "text_b"] == shared


def test_no_passage_of_the_bundled_plans_starts_or_ends_inside_a_word(corpus):
    # Asked of jieba on the cleaned text around each edge, every word counted (stopwords, single characters, numbers).
    words = pc.Tokenizer(stopwords=None, min_length=1, keep_numbers=True, hmm=False, cache=False)

    def inside_a_word(text, position):
        lo = max(0, position - 20)
        return any(lo + t.start < position < lo + t.end for t in words.tokenize(text[lo:position + 20], keep_stopwords=True))

    found = find_reuse(corpus, min_length=15)
    for row in found.itertuples():
        for side in ("a", "b"):
            text = corpus[getattr(row, f"doc_{side}")].text
            start, end = getattr(row, f"start_{side}"), getattr(row, f"end_{side}")
            assert not inside_a_word(text, start) and not inside_a_word(text, end), (row.Index, side, text[start - 5:end + 5])
            assert text[end - 1] not in "“‘（(《〈「『【〔["
    # Of the formula ……为指导,(全面)贯彻党的十九大和十九届 二中、三中、四中全会精神 / 历次全会精神 the plans share up to its comma.
    assert not found["text_a"].str.endswith("十九届").any()


# ------------------------------------------------------------------ one index for the corpus, and the cache


def _reference_reuse(pairs, *, min_length=30, k=8, max_gap=10):
    """find_reuse pair by pair the slow way: each pair's seeds from its shingles as strings, and every pair chained.

    Rows as dicts, sorted as find_reuse sorts them.
    """
    from collections import Counter, defaultdict

    from policycompare import reuse

    rows = []
    for doc_a, doc_b in pairs:
        fa, fb = reuse._Folded(doc_a, k), reuse._Folded(doc_b, k)
        shingles_a = [fa.folded[i:i + k] for i in range(len(fa.folded) - k + 1)]
        repeats_a, where_b = Counter(shingles_a), defaultdict(list)
        for j in range(len(fb.folded) - k + 1):
            where_b[fb.folded[j:j + k]].append(j)
        seeds = [(i, j) for i, shingle in enumerate(shingles_a) if repeats_a[shingle] <= 50 and len(where_b[shingle]) <= 50
                 for j in where_b[shingle]]
        i, j = (np.array(side, dtype=np.int64) for side in zip(*seeds)) if seeds else (np.zeros(0, dtype=np.int64),) * 2
        runs, _ = reuse._exact_runs(i, j, np.zeros(len(i), dtype=np.int64), k)
        rows += reuse._compare_pair(fa, fb, runs, min_length=min_length, max_gap=max_gap)
    return sorted(rows, key=lambda row: (-row["length"], row["doc_a"], row["doc_b"], row["start_a"], row["start_b"]))


def _rows(found):
    return [{key: value.item() if hasattr(value, "item") else value for key, value in row.items()} for row in found.to_dict("records")]


_DOTS = "…" * 40  # folded, 120 dots: a shingle of dots is repeated too often to seed
_PLANS = {
    "draft": f"前言甲。{_OPENING}坚持党对教育工作的全面领导，深化改革。办好人民满意的教育，推进教育现代化。",
    "peer": f"前言乙。{_OPENING}加强党对教育工作的全面领导，深化改革。办好人民满意的教育，建设教育强县。",
    "copy": f"前言甲。{_OPENING}坚持党对教育工作的全面领导，深化改革。办好人民满意的教育，推进教育现代化。",
    "other": "完全不同的一段文字内容，讲的是别的事情，与其他各篇都没有共同的字串。",
    "stock": "本县另行制定办法。办好人民满意的教育。其他安排另行通知。",  # a phrase of 9 characters in common
    "dots-a": f"甲方另有说明。全面提高教育质量{_DOTS}办好人民满意的教育。甲方结尾。",
    "dots-b": f"乙方前言内容。全面提高教育质量{_DOTS}办好人民满意的教育。乙方结尾。",
    # Two runs of 11 and 10 characters, 10 characters (max_gap) apart: one passage of 31.
    "edit-a": "前言甲。坚持立德树人根本任务，大力发展素质教育工作办好人民满意的教育。结尾甲。",
    "edit-b": "序言乙。坚持立德树人根本任务，全力推动课程改革实施办好人民满意的教育。结尾乙。",
}


@pytest.fixture()
def plans():
    return pc.Corpus([pc.load_document_from_text(text, doc_id=doc_id) for doc_id, text in _PLANS.items()])


def test_find_reuse_of_a_corpus_is_that_of_each_pair(plans):
    from itertools import combinations

    found = find_reuse(plans, min_length=15)
    expected = _reference_reuse(combinations(plans, 2), min_length=15)
    assert _rows(found) == expected
    pairs = {(row["doc_a"], row["doc_b"]) for row in expected}
    # The copy shares the draft's whole text; the dots only seed around them, and the passage is grown over them.
    assert {("draft", "copy"), ("draft", "peer"), ("peer", "copy"), ("dots-a", "dots-b")} <= pairs
    assert not any("other" in pair for pair in pairs)
    assert [row["length"] for row in expected if (row["doc_a"], row["doc_b"]) == ("dots-a", "dots-b")] == [58]
    assert [row["length"] for row in expected if (row["doc_a"], row["doc_b"]) == ("edit-a", "edit-b")] == [31]
    # The same through find_reuse of each pair, and with a length only the three versions of the draft reach.
    each = pd.concat([find_reuse(a, b, min_length=15) for a, b in combinations(plans, 2)])
    assert _rows(found) == _rows(each.sort_values(["length", "doc_a", "doc_b", "start_a", "start_b"], ascending=[False, True, True, True, True], kind="stable"))
    assert _rows(find_reuse(plans, min_length=60)) == _reference_reuse(combinations(plans, 2), min_length=60)


def test_find_reuse_of_a_document_against_a_corpus_or_itself_is_that_of_each_pair(plans):
    draft = plans["draft"]
    others = [doc for doc in plans if doc.doc_id != "draft"]
    assert _rows(find_reuse(draft, plans, min_length=15)) == _reference_reuse([(draft, doc) for doc in others], min_length=15)
    # A draft not in the corpus is compared with each of its documents, its copy too.
    new = pc.load_document_from_text(_PLANS["draft"], doc_id="new")
    assert _rows(find_reuse(new, plans, min_length=15)) == _reference_reuse([(new, doc) for doc in plans], min_length=15)
    itself = find_reuse(draft, draft, min_length=15)
    assert _rows(itself) == _reference_reuse([(draft, draft)], min_length=15)
    assert itself.loc[0, "text_a"] == itself.loc[0, "text_b"] == draft.text[itself.loc[0, "start_a"]:]


def test_pairs_that_share_only_a_phrase_shorter_than_min_length_are_not_chained(plans, monkeypatch):
    from policycompare import reuse

    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")
    chained = []
    compare = reuse._compare_pair
    monkeypatch.setattr(reuse, "_compare_pair", lambda fa, fb, *args, **kwargs: chained.append((fa.doc.doc_id, fb.doc.doc_id)) or compare(fa, fb, *args, **kwargs))
    find_reuse(plans, min_length=15)
    assert ("draft", "copy") in chained and ("draft", "stock") not in chained and ("copy", "stock") not in chained
    # Dots repeated too often to seed lie between the runs of the dotted pair: grown over them, its passage is long.
    assert ("dots-a", "dots-b") in chained and ("edit-a", "edit-b") in chained
    chained.clear()
    assert len(find_reuse(plans, min_length=9).query("doc_b == 'stock'")) == 3
    assert ("draft", "stock") in chained


@pytest.mark.filterwarnings("ignore::policycompare.errors.PolicyCompareWarning")  # texts without Chinese
@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="教育发展学校。，ab \n", min_size=1, max_size=60), min_size=2, max_size=5),
    k=st.integers(2, 4), min_length=st.integers(0, 12), max_gap=st.integers(0, 3),
)
def test_find_reuse_of_a_corpus_equals_the_slow_way_on_any_texts(texts, k, min_length, max_gap):
    from itertools import combinations

    documents = [pc.load_document_from_text(text, doc_id=f"d{n}") for n, text in enumerate(texts) if text.strip()]
    corpus = pc.Corpus(documents)
    options = {"min_length": min_length, "k": k, "max_gap": max_gap}
    assert _rows(find_reuse(corpus, **options)) == _reference_reuse(combinations(documents, 2), **options)
    if documents:
        first = documents[0]
        assert _rows(find_reuse(first, corpus, **options)) == _reference_reuse([(first, doc) for doc in documents[1:]], **options)


def test_find_reuse_of_a_corpus_is_read_from_the_cache_the_second_time(plans, monkeypatch, tmp_path):
    from policycompare import reuse

    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    first = find_reuse(plans, min_length=15)
    assert list(tmp_path.glob("tables/reuse/*.pickle"))

    def fail(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(reuse, "_find_passages", fail)
    again = find_reuse(plans, min_length=15)
    assert again.equals(first) and again is not first
    # Measure ids are added to the stored passages.
    with_ids = find_reuse(plans, min_length=15, measures=pc.extract_measures(plans))
    assert with_ids.drop(columns=["measure_a", "measure_b"]).equals(first)
    # Another option, text or id is another entry.
    for changed in ({"min_length": 16}, {"k": 7}, {"max_gap": 9}):
        with pytest.raises(AssertionError, match="computed again"):
            find_reuse(plans, **{"min_length": 15, **changed})
    edited = pc.Corpus([pc.load_document_from_text(doc.text.replace("深化改革", "深化教育改革"), doc_id=doc.doc_id) for doc in plans])
    renamed = pc.Corpus([pc.load_document_from_text(doc.text, doc_id=f"{doc.doc_id}-2") for doc in plans])
    for corpus in (edited, renamed):
        with pytest.raises(AssertionError, match="computed again"):
            find_reuse(corpus, min_length=15)
    # Pairs and a document against a corpus are not stored.
    with pytest.raises(AssertionError, match="computed again"):
        find_reuse(plans["draft"], plans, min_length=15)


def test_find_reuse_from_the_cache_gives_the_warnings_again(plans, monkeypatch, tmp_path):
    from policycompare import reuse
    from policycompare.errors import PolicyCompareWarning, warn

    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path))
    computed = reuse._find_passages

    def warning(*args, **kwargs):
        warn("plans: a warning given while comparing")
        return computed(*args, **kwargs)

    monkeypatch.setattr(reuse, "_find_passages", warning)
    with pytest.warns(PolicyCompareWarning, match="a warning given while comparing"):
        first = find_reuse(plans)
    monkeypatch.setattr(reuse, "_find_passages", None)
    with pytest.warns(PolicyCompareWarning, match="^plans: a warning given while comparing$") as given:
        assert find_reuse(plans).equals(first)
    assert given[0].filename == __file__


def test_find_reuse_with_the_cache_off_computes_each_time(plans, monkeypatch):
    from policycompare import reuse

    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")
    calls = []
    computed = reuse._find_passages
    monkeypatch.setattr(reuse, "_find_passages", lambda *args, **kwargs: calls.append(1) or computed(*args, **kwargs))
    assert find_reuse(plans).equals(find_reuse(plans))
    assert len(calls) == 2


def test_a_passage_that_is_a_repeated_responsibility_tag_and_a_heading_is_no_reuse():
    tag = "<责任单位:各县(市)人民政府,市财政局、市教育局>"
    a = pc.load_document_from_text(f"1.严格控制学校规模。普通高中学校规模不得超过2500人。{tag}\n\n2.实施县中托管帮扶\n推进城乡学校结对，每所城区学校帮扶一所农村学校。",
                                   doc_id="a")
    b = pc.load_document_from_text(f"（一）扩大办学资源。新建改扩建一批学校，补齐设施短板。{tag}\n\n（二）实施县中托管帮扶\n开展名师送教下乡活动，组织教研员定期到校指导。",
                                   doc_id="b")
    # The two share the tag and the heading after it, 41 characters in all, and no wording of a measure.
    assert find_reuse(a, b, min_length=30).empty
    # The tag's units are not wording, but a passage of 30 characters of measure around a tag is reuse.
    shared = "推进城乡学校结对，每所城区学校帮扶一所农村学校，建立联合教研制度。"
    c = pc.load_document_from_text(f"1.加强管理。{tag}\n{shared}", doc_id="c")
    d = pc.load_document_from_text(f"（一）加强合作。{tag}\n{shared}", doc_id="d")
    found = find_reuse(c, d, min_length=30)
    assert len(found) == 1 and found["text_a"].iloc[0].endswith(shared)
