"""Tests for tokens: dictionary, stopwords, rules, region masking, kwic and the disk cache."""

import contextlib
import pickle
import re
import sqlite3
import struct
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare import tokens
from policycompare.errors import PolicyCompareError
from policycompare.tokens import Token, Tokenizer, clear_cache, get_cache_dir, kwic, load_wordlist, region_terms, tokenize, tokenize_many

ISSUE_TERMS = ["立德树人", "五育并举", "县管校聘", "集团化办学", "托管帮扶", "三新改革", "选课走班", "大班额", "生均公用经费", "双减", "课后服务", "名师工作室", "银龄讲学"]
BOILERPLATE = ["加强", "推进", "进一步", "全面", "积极", "坚持", "工作", "建立健全"]


@pytest.fixture(autouse=True)
def cache_folder(tmp_path, monkeypatch):
    """Every test gets its own cache folder, so no test reads or writes the user's cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(folder))
    return folder


def texts_of(found):
    return [t.text for t in found]


# -- dictionary ------------------------------------------------------------------------------------


def test_every_user_dictionary_term_is_one_token_on_its_own():
    entries = load_wordlist(tokens._data_path("userdict.txt"))
    words = [entry.split()[0] for entry in entries]
    assert len(words) >= 300
    split = {w: texts_of(tokenize(w, keep_stopwords=True)) for w in words}
    assert {w: found for w, found in split.items() if found != [w]} == {}


@pytest.mark.parametrize("term", ISSUE_TERMS)
def test_policy_terms_survive_in_context(term):
    text = f"各校要积极实施{term}，并于年底前完成{term}工作。"
    found = texts_of(tokenize(text))
    assert found.count(term) == 2


def test_without_the_user_dictionary_jieba_splits_policy_terms():
    assert Tokenizer(user_dict=None)("实施托管帮扶和集团化办学") == ["托管", "帮扶", "集团化", "办学"]
    assert Tokenizer()("实施托管帮扶和集团化办学") == ["托管帮扶", "集团化办学"]


def test_user_dictionary_file_and_list_extend_jieba(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# my words\n\n强校工程 5000 n\n", encoding="utf-8")
    assert Tokenizer(user_dict=None)("实施强校工程") == ["强校", "工程"]
    assert Tokenizer(user_dict=path)("实施强校工程") == ["强校工程"]
    assert Tokenizer(user_dict=["强校工程"])("实施强校工程") == ["强校工程"]


def test_bad_user_dictionary_line_is_reported_with_the_file(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("强校工程 5000 n extra\n", encoding="utf-8")
    with pytest.raises(pc.PolicyCompareError, match=r"words\.txt: user dictionary entry 1 \('强校工程 5000 n extra'\) is not 'word \[freq\] \[tag\]'"):
        Tokenizer(user_dict=path)("强校工程")


def test_missing_word_list_is_reported(tmp_path):
    with pytest.raises(pc.PolicyCompareError, match=r"nope\.txt: word list not found"):
        Tokenizer(stopwords=tmp_path / "nope.txt")("双减")


def test_user_dictionaries_do_not_leak_between_tokenizers_or_into_global_jieba():
    import jieba

    Tokenizer(user_dict=["强校工程"])("强校工程")
    assert Tokenizer(user_dict=None)("实施强校工程") == ["强校", "工程"]
    assert "托管帮扶" not in jieba.lcut("实施托管帮扶")


# -- rules -----------------------------------------------------------------------------------------


def test_offsets_point_into_the_text(corpus):
    text = corpus["qixing"].text
    found = tokenize(text)
    assert len(found) > 1000
    assert all(text[t.start:t.end] == t.text for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_default_rules_drop_punctuation_numbers_single_characters_and_placeholders():
    text = "到2025年，95%以上的学校开展课后服务；xx学校 建成 STEAM 实验室。"
    assert tokenize(text) == [
        Token("学校", 13, 15), Token("课后服务", 17, 21), Token("学校", 24, 26), Token("建成", 27, 29), Token("STEAM", 30, 35), Token("实验室", 36, 39),
    ]


def test_numbers_and_single_characters_can_be_kept():
    text = "到2025年，95%以上的学校开展课后服务"
    assert texts_of(Tokenizer(keep_numbers=True).tokenize(text)) == ["2025", "95%", "学校", "课后服务"]
    assert texts_of(Tokenizer(min_length=1, keep_numbers=True).tokenize(text, keep_stopwords=True)) == ["到", "2025", "年", "95%", "以上", "的", "学校", "开展", "课后服务"]
    # single-character function words are stopwords too, for min_length=1
    assert texts_of(Tokenizer(min_length=1).tokenize(text)) == ["学校", "课后服务"]


def test_boilerplate_is_dropped_unless_asked_for():
    text = "进一步加强和全面推进课后服务工作，坚持积极建立健全机制"
    assert texts_of(tokenize(text)) == ["课后服务", "机制"]
    kept = texts_of(tokenize(text, keep_stopwords=True))
    assert [w for w in BOILERPLATE if w not in kept] == []


def test_stopwords_can_be_replaced_or_extended(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# mine\n课后服务\n", encoding="utf-8")
    text = "全面推进课后服务和托管帮扶"
    assert Tokenizer(stopwords=path)(text) == ["全面", "推进", "托管帮扶"]
    assert Tokenizer(stopwords=None)(text) == ["全面", "推进", "课后服务", "托管帮扶"]
    assert Tokenizer(extra_stopwords=["托管帮扶"])(text) == ["课后服务"]


def test_shipped_stopword_list_holds_the_issue_boilerplate():
    stopwords = set(load_wordlist(tokens._data_path("stopwords.txt")))
    assert set(BOILERPLATE) <= stopwords
    assert not set(ISSUE_TERMS) & stopwords


# Plans from Taiwan date themselves in years of the Republic (民國115年, 112學年度) and count money in 新臺幣 and 萬元;
# Hong Kong's in 港元 or 港幣. Like the 2025年 and the 元 of a mainland plan, none of it says what a measure does.
@pytest.mark.parametrize(("text", "expected"), [
    ("到民國115年，完成校舍補強", ["完成", "校舍", "補強"]),
    ("到民国115年，完成校舍补强", ["完成", "校舍", "补强"]),
    ("自民國112年9月1日起至民國115年7月31日止辦理", ["辦理"]),
    ("自民国112年9月1日起至民国115年7月31日止办理", ["办理"]),
    ("自2023年9月1日起至2025年7月31日止办理", ["办理"]),
    ("中華民國112年8月1日發布", ["發布"]),
    ("中华民国113年3月15日发布", ["发布"]),
    ("112學年度起，辦理扶助", ["辦理", "扶助"]),
    ("113学年度起办理课后扶助", ["办理", "课后", "扶助"]),
    ("2022-2023 学年度交流人数", ["交流", "人数"]),
    ("各年度經費新臺幣2億8,000萬元", ["經費"]),
    ("总经费新台币18亿元", ["经费"]),
    ("總經費新台幣18億元", ["總經費"]),
    ("撥款港幣2,000萬元、港元300萬", ["撥款"]),
    ("拨款港币2,000万元", ["拨款"]),
    ("每年投入20万元", ["投入"]),
])
def test_years_of_the_republic_dates_and_currency_are_no_tokens(text, expected):
    assert texts_of(tokenize(text)) == expected


def test_years_of_the_republic_are_cut_as_words_not_joined_to_their_neighbours():
    # jieba's HMM made 到民國, 自民國 and 至民國 of the characters it did not know; 民國 is in the dictionary now
    assert texts_of(tokenize("自民國112年起至民國115年", keep_stopwords=True)) == ["民國", "民國"]
    assert texts_of(tokenize("到民國115年", keep_stopwords=True)) == ["民國"]
    # and the words that hold 國民 or 人民 are left as they were
    assert texts_of(tokenize("國民教育與人民福祉")) == ["國民", "教育", "人民", "福祉"]
    assert texts_of(tokenize("国民教育与人民福祉")) == ["国民教育", "人民", "福祉"]


# Outline labels (第壹節, 第貳章, 第一节, 第三章) number a plan's parts; like the numbers they are made of they are no
# terms, whichever numerals and script they are written in. jieba cuts the capital numerals' labels in odd places
# (第拾 / 壹節, 第 / 貳節): the pieces go too.
@pytest.mark.parametrize("label", [
    "第壹節", "第貳節", "第參節", "第肆章", "第伍條", "第拾壹節", "第拾貳章", "第陸節", "第柒節", "第捌節", "第玖節",
    "第壹节", "第贰节", "第叁节", "第参节", "第陆章", "第贰章", "第拾条",
    "第一节", "第三章", "第十二条", "第二十一條", "第3章", "第１２条",
])
@pytest.mark.parametrize("keep_stopwords", [False, True])
def test_outline_labels_are_no_tokens(label, keep_stopwords):
    assert texts_of(tokenize(f"{label}　課程發展", keep_stopwords=keep_stopwords)) == ["課程", "發展"]
    assert texts_of(tokenize(f"一、總則\n{label} 課程發展", keep_stopwords=keep_stopwords)) == ["總則", "課程", "發展"]


def test_ordinals_that_label_no_part_of_the_outline_stay():
    assert texts_of(tokenize("召开第九届运动会，引入第三方评估，第一阶段完成")) == ["召开", "第九届", "运动会", "引入", "第三方", "评估", "第一阶段", "完成"]
    # A word the label's last character starts stays whole: 条款, 篇章, 章节 are no labels' ends.
    assert texts_of(tokenize("依照第5条款执行，开启第三篇章，修订第二章节")) == ["依照", "条款", "执行", "开启", "篇章", "修订", "章节"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_length": 0}, r"min_length must be an integer >= 1; got 0"),
        ({"mask": "花溪区"}, r"extra_stopwords and mask must be lists of words, not a single string"),
        ({"user_dict": 3}, r"user_dict must be 'default', None, a file path or a list of words; got 3"),
        ({"cache": 3}, r"cache must be None, True, False or a folder; got 3"),
    ],
)
def test_invalid_tokenizer_settings_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        Tokenizer(**options)("双减")


def test_invalid_arguments_are_named():
    with pytest.raises(TypeError, match="text must be a str; got int"):
        tokenize(3)
    with pytest.raises(TypeError, match="tokenizer must be a policycompare Tokenizer or None; got str"):
        tokenize("双减", tokenizer="jieba")
    with pytest.raises(ValueError, match="texts must be a list of str, not a single str"):
        tokenize_many("双减")
    with pytest.raises(ValueError, match="texts must all be str; got a int"):
        tokenize_many(["双减", 3])
    with pytest.raises(ValueError, match="n_jobs must be a positive integer or -1; got 0"):
        tokenize_many(["双减"], n_jobs=0)


TEXT_CHARACTERS = st.sampled_from(list("教育双减课后服务托管帮扶集团化办学加强推进的和与，。、；：“”（）《》 \n0123456789%xX花溪区县管校聘AIＡＩａｘ５Ｇ＋％"))


@settings(max_examples=50, deadline=None)
@given(st.text(TEXT_CHARACTERS, max_size=60))
def test_tokens_are_ordered_substrings_without_stopwords_or_punctuation(text):
    tokenizer = Tokenizer(mask=["花溪区"], cache=False)
    found = tokenizer.tokenize(text)
    # A full-width Latin word's text is its ASCII form (NFKC), at the offsets of the word as written.
    assert all(t.text == text[t.start:t.end] or (t.text.isascii() and t.text == unicodedata.normalize("NFKC", text[t.start:t.end])) for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert all(len(t.text) >= 2 and t.text not in tokenizer.stopword_set for t in found)
    assert all(any(ch.isalnum() for ch in t.text) and not t.text.isdigit() for t in found)
    masked = [m.span() for m in re.finditer("花溪区", text)]
    assert all(t.end <= start or t.start >= end for t in found for start, end in masked)


# -- full-width Latin ------------------------------------------------------------------------------
# Plans typed in a full-width input mode write ＡＩ, ＳＴＥＭ, ５Ｇ: the same words as AI, STEM, 5G.


def test_full_width_latin_words_are_the_half_width_terms_at_the_full_width_offsets():
    text = "全区中小学ＡＩ教育课程开设率，ＳＴＥＭ教育示范校"
    found = tokenize(text)
    assert found == tokenize("全区中小学AI教育课程开设率，STEM教育示范校")
    assert found == [
        Token("中小学", 2, 5), Token("AI", 5, 7), Token("教育", 7, 9), Token("课程", 9, 11), Token("开设", 11, 13),
        Token("STEM", 15, 19), Token("教育", 19, 21), Token("示范校", 21, 24),
    ]
    assert [text[t.start:t.end] for t in found if t.text.isascii()] == ["ＡＩ", "ＳＴＥＭ"]


@pytest.mark.parametrize("written", ["５Ｇ", "5Ｇ", "５G", "5G"])
def test_digits_inside_a_full_width_word_belong_to_it(written):
    assert tokenize(f"建设{written}校园") == [Token("建设", 0, 2), Token("5G", 2, 4), Token("校园", 4, 6)]


def test_full_width_letters_keep_their_case_as_half_width_ones_do():
    assert texts_of(tokenize("开展Ｓtem教育、ｓｔｅｍ教育和ＳＴＥＭ教育")) == ["Stem", "教育", "stem", "教育", "STEM", "教育"]


def test_a_full_width_dictionary_word_with_signs_is_the_dictionary_word():
    # 1+X证书 is in the shipped dictionary; the + and the digit are written full-width too.
    assert tokenize("推进１＋Ｘ证书制度") == [Token("1+X证书", 2, 7), Token("制度", 7, 9)]


def test_full_width_numbers_stay_numbers():
    assert texts_of(tokenize("到２０２６年，１００％的学校开设ＡＩ课程")) == ["学校", "开设", "AI", "课程"]


def test_full_width_and_half_width_words_are_one_term_across_plans():
    corpus = pc.Corpus([
        pc.load_document_from_text("开展ＡＩ教育，推进ＳＴＥＭ实验室建设。", doc_id="full"),
        pc.load_document_from_text("开展AI教育，推进STEM实验室建设。", doc_id="half"),
    ])
    counts, vocabulary = pc.count_terms(corpus, tokenizer=Tokenizer())
    assert vocabulary == ["AI", "STEM", "实验室", "建设", "教育"]
    assert counts.toarray().tolist() == [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]
    assert tokenize_many([corpus["full"].text]) == [tokenize(corpus["full"].text)]
    assert Tokenizer()(corpus["full"].text) == ["AI", "教育", "STEM", "实验室", "建设"]


def test_stopwords_and_dictionary_words_written_full_width_apply_to_both_widths():
    assert Tokenizer(extra_stopwords=["ＡＩ"])("开展AI和ＡＩ教育") == ["教育"]
    assert Tokenizer(user_dict=["ＶＲ课堂"])("推进VR课堂和ＶＲ课堂") == ["VR课堂", "VR课堂"]
    assert Tokenizer()("推进VR课堂") == ["VR", "课堂"]


@pytest.mark.parametrize("tokens", [True, False])
def test_kwic_finds_a_full_width_word_by_either_form(tokens):
    doc = pc.load_document_from_text("开展ＡＩ教育，推广AI课程。", doc_id="demo")
    for term in ["AI", "ＡＩ"]:
        found = kwic(doc, term, tokens=tokens, tokenizer=Tokenizer() if tokens else None)
        assert found[["start", "end"]].values.tolist() == [[2, 4], [9, 11]], term
        assert doc.text[2:4] == "ＡＩ" and doc.text[9:11] == "AI"


# -- region masking --------------------------------------------------------------------------------


def test_region_terms_come_from_the_metadata(corpus):
    # with the suffix in traditional characters too (花溪區), as a plan from Taiwan or Hong Kong would write it
    assert region_terms(corpus["huaxi"]) == ["花溪", "花溪区", "花溪區", "贵州", "贵州省", "贵阳", "贵阳市"]
    assert region_terms(corpus["yinchuan"]) == ["宁夏", "宁夏回族自治区", "宁夏回族自治區", "银川", "银川市"]
    assert region_terms(corpus["anning"]) == ["云南", "云南省", "安宁", "安宁市", "昆明", "昆明市"]
    assert region_terms(corpus["qixing"]) == ["七星", "七星区", "七星區", "广西", "广西壮族自治区", "广西壮族自治區", "桂林", "桂林市"]
    assert region_terms(corpus["collection-04"]) == ["乳源", "乳源瑶族自治县", "乳源瑶族自治縣", "广东", "广东省", "汇编篇四"]


def test_a_plan_without_a_place_has_the_places_its_title_opens_with_masked(tmp_path, corpus):
    # A manifest that gives only the district: the city above it, in the title, is masked too.
    (tmp_path / "qixing.txt").write_text(corpus["qixing"].raw, encoding="utf-8")
    (tmp_path / "anning.txt").write_text(corpus["anning"].raw, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,source_file,region_zh\nqixing,qixing.txt,七星区\nanning,anning.txt,安宁市\n", encoding="utf-8")
    own = pc.load_corpus(tmp_path)
    assert region_terms(own["qixing"]) == ["七星", "七星区", "七星區", "桂林", "桂林市"]
    assert region_terms(own["anning"]) == ["安宁", "安宁市"]
    terms = set(pc.compute_distinctive_terms(own)["term"])
    assert not terms & {"桂林", "桂林市", "七星区", "安宁市"}
    # Only names before the region's own: any 2-7 characters before 区 or 市 open a title, and no place is masked
    # from a title that does not open with the region's name.
    for title in ("加快建设教育强区三年行动方案", "关于建设教育强市的实施意见", "创建全国文明城市三年行动方案"):
        plan = pc.load_document_from_text(f"{title}\n一、总体要求\n（一）加快建设教育强区。", doc_id="p",
                                          metadata={"region_zh": "花溪区", "title": title})
        assert region_terms(plan) == ["花溪", "花溪区", "花溪區"], title


def test_region_terms_of_a_corpus_are_the_union(corpus):
    regional = corpus.subset(["huaxi", "yinchuan"])
    assert region_terms(regional) == sorted(set(region_terms(corpus["huaxi"])) | set(region_terms(corpus["yinchuan"])))
    with pytest.raises(TypeError, match="corpus_or_document is a str; expected a Corpus, a Document or a list of Documents"):
        region_terms("花溪区")


def test_masked_names_are_cut_out_and_neighbours_kept():
    tokenizer = Tokenizer(mask=["花溪区", "花溪", "贵阳市"])
    assert tokenizer.tokenize("贵阳市花溪区教研室推进花溪集团化办学") == [Token("教研室", 6, 9), Token("集团化办学", 13, 18)]
    assert Tokenizer().tokenize("贵阳市花溪区教育局")[0].text == "贵阳市"


def test_a_plans_own_place_names_never_appear_in_its_masked_tokens(corpus):
    for doc_id in ["huaxi", "yinchuan", "anning", "qixing"]:
        doc = corpus[doc_id]
        names = region_terms(doc)
        unmasked = {t.text for t in tokenize(doc.text)}
        masked = {t.text for t in tokenize(doc.text, tokenizer=Tokenizer(mask=names))}
        assert unmasked & set(names), doc_id  # the test would catch a mask that does nothing
        assert not masked & set(names), doc_id


# Plans from Taiwan and Hong Kong are read here without convert, as they may be: the warning that says so is expected.
WITHOUT_CONVERT = pytest.mark.filterwarnings("ignore:.*of its Chinese characters are traditional forms")


# Place names are written in either script: a plan from Taiwan read without convert (新竹縣, and 臺中市 written 台中市
# too: 臺 and 台 are one character there), a manifest in traditional characters for a plan in simplified ones.
@pytest.mark.parametrize(("region", "expected"), [
    ("新竹縣", ["新竹", "新竹县", "新竹縣"]),
    ("新竹县", ["新竹", "新竹县", "新竹縣"]),
    ("臺中市", ["台中", "台中市", "臺中", "臺中市"]),
    ("台東縣", ["台東", "台東县", "台東縣", "臺東", "臺東縣"]),
    ("花溪區", ["花溪", "花溪区", "花溪區"]),
    ("葵青區", ["葵青", "葵青区", "葵青區"]),
    ("竹崎鄉", ["竹崎", "竹崎乡", "竹崎鄉"]),
    ("竹東鎮", ["竹東", "竹東鎮", "竹東镇"]),
    ("香港特別行政區", ["香港", "香港特別行政區", "香港特别行政区"]),
    ("乳源瑶族自治縣", ["乳源", "乳源瑶族自治县", "乳源瑶族自治縣"]),
    ("寧夏回族自治區", ["寧夏", "寧夏回族自治区", "寧夏回族自治區"]),
])
@WITHOUT_CONVERT
def test_region_terms_give_each_name_in_both_scripts(region, expected):
    plan = pc.load_document_from_text("一、總則\n正文。", doc_id="p", metadata={"region_zh": region})
    assert region_terms(plan) == expected


@WITHOUT_CONVERT
def test_a_title_in_traditional_characters_opens_with_its_place_names():
    draft = pc.load_document_from_text("新竹縣國民教育發展中程計畫（112至115學年度）\n壹、依據\n一、教育基本法。", doc_id="draft")
    assert region_terms(draft) == ["新竹", "新竹县", "新竹縣"]
    draft = pc.load_document_from_text("臺中市大里區教育發展計畫\n壹、依據\n一、教育基本法。", doc_id="draft")
    assert region_terms(draft) == ["台中", "台中市", "大里", "大里区", "大里區", "臺中", "臺中市"]


@WITHOUT_CONVERT
def test_place_names_are_masked_in_either_script_and_either_tai():
    text = "臺中市與台中地區學校、新竹縣及新竹地區學校，花溪区与花溪區學校"
    plans = [pc.load_document_from_text(text, doc_id=d, metadata={"region_zh": r})
             for d, r in (("taichung", "臺中市"), ("hsinchu", "新竹县"), ("huaxi", "花溪區"))]
    found = texts_of(Tokenizer(mask=region_terms(pc.Corpus(plans))).tokenize(text))
    assert found == ["地區", "學校", "地區", "學校", "學校"]
    assert {"中市", "新竹", "花溪区", "區學校"} <= set(texts_of(tokenize(text)))  # the test would catch a mask that does nothing


# -- kwic ------------------------------------------------------------------------------------------


def test_kwic_gives_offsets_and_context(corpus):
    doc = pc.load_document_from_text("推进集团化办学。\n组建教育集团，深化集团化办学改革。", doc_id="demo")
    table = kwic(doc, "集团化办学", width=3)
    assert table.to_dict("records") == [
        {"doc_id": "demo", "measure_id": "demo:1", "start": 2, "end": 7, "left": "推进", "term": "集团化办学", "right": "。 组"},
        {"doc_id": "demo", "measure_id": "demo:2", "start": 18, "end": 23, "left": "，深化", "term": "集团化办学", "right": "改革。"},
    ]
    found = kwic(corpus, "托管帮扶")
    assert list(found.columns) == ["doc_id", "measure_id", "start", "end", "left", "term", "right"]
    # Each hit lies in the measure named beside it.
    measures = pc.extract_measures(corpus).set_index("measure_id")
    assert all(measures.at[m, "start"] <= s and e <= measures.at[m, "end"] for m, s, e in zip(found["measure_id"], found["start"], found["end"]))
    assert found["doc_id"].value_counts().to_dict() == {"yinchuan": 21, "anning": 1}
    assert all(corpus[d].text[s:e] == "托管帮扶" for d, s, e in zip(found["doc_id"], found["start"], found["end"]))
    assert len(found) == sum(doc.text.count("托管帮扶") for doc in corpus)


def test_kwic_of_tokens_finds_what_the_keyword_counts_count(corpus):
    keywords = pc.extract_keywords(corpus.subset(["huaxi", "yinchuan"]), n=10)
    for doc_id, term, count in zip(keywords["doc_id"], keywords["term"], keywords["count"]):
        found = kwic(corpus[doc_id], term, tokens=True)
        assert len(found) == count
        assert all(corpus[doc_id].text[s:e] == term for s, e in zip(found["start"], found["end"]))
    # Substrings find more: 普通高中 inside longer words too.
    assert len(kwic(corpus["huaxi"], "普通高中")) > len(kwic(corpus["huaxi"], "普通高中", tokens=True))
    # The plan's own place names are masked, as in the keyword counts, unless a tokenizer says otherwise.
    assert len(kwic(corpus["huaxi"], "花溪区", tokens=True)) == 0
    assert len(kwic(corpus["huaxi"], "花溪区", tokens=True, tokenizer=pc.Tokenizer())) > 0


def test_kwic_without_matches_and_bad_arguments():
    doc = pc.load_document_from_text("推进集团化办学。", doc_id="demo")
    empty = kwic(doc, "双减")
    assert list(empty.columns) == ["doc_id", "measure_id", "start", "end", "left", "term", "right"] and len(empty) == 0
    with pytest.raises(ValueError, match="term must be a non-empty str; got ''"):
        kwic(doc, "")
    with pytest.raises(ValueError, match="width must be an integer >= 0; got -1"):
        kwic(doc, "办学", width=-1)
    with pytest.raises(ValueError, match="tokenizer goes with tokens=True; substrings are found without one"):
        kwic(doc, "办学", tokenizer=pc.Tokenizer())


# -- cache -----------------------------------------------------------------------------------------


def cache_entries(folder):
    """(key, length, spans) rows of the span store under ``folder``, in key order."""
    path = folder / "tokens" / "spans.sqlite3"
    if not path.exists():
        return []
    with contextlib.closing(sqlite3.connect(path)) as database:
        return database.execute("SELECT key, length, spans FROM spans ORDER BY key").fetchall()


def stored_spans(folder):
    (_, _, blob), = cache_entries(folder)
    return list(struct.unpack(f"<{len(blob) // 4}i", blob))


def set_stored_spans(folder, blob):
    with contextlib.closing(sqlite3.connect(folder / "tokens" / "spans.sqlite3")) as database:
        database.execute("UPDATE spans SET spans = ?", (blob,))
        database.commit()


def test_cache_hit_returns_identical_tokens(cache_folder, corpus):
    text = corpus["huaxi"].text
    first = tokenize(text)
    entries = cache_entries(cache_folder)
    assert len(entries) == 1 and entries[0][1] == len(text)
    assert get_cache_dir() == cache_folder
    # Read back, not cut again.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Tokenizer, "_spans", lambda *a: pytest.fail("segmented again"))
        second = tokenize(text)
    assert second == first
    assert cache_entries(cache_folder) == entries


def test_cache_entries_depend_on_the_settings(cache_folder):
    text = "推进集团化办学和课后服务"
    assert tokenize(text) == [Token("集团化办学", 2, 7), Token("课后服务", 8, 12)]
    assert Tokenizer(extra_stopwords=["课后服务"]).tokenize(text) == [Token("集团化办学", 2, 7)]
    assert texts_of(tokenize(text, keep_stopwords=True)) == ["推进", "集团化办学", "课后服务"]
    assert len(cache_entries(cache_folder)) == 3


def test_spans_cached_by_older_token_rules_are_not_reused(cache_folder, monkeypatch):
    # Version 1 cut ＡＩ into letters and dropped them; its entries must not be read by the current rules.
    text = "开展ＡＩ教育"
    with monkeypatch.context() as patch:
        patch.setattr(tokens, "TOKENS_VERSION", "1")
        old = Tokenizer()
        old._write_cache([(text, [4, 6])], False)
        assert old.tokenize(text) == [Token("教育", 4, 6)]
    assert tokens.TOKENS_VERSION != "1"
    assert Tokenizer().fingerprint != old.fingerprint
    assert tokenize(text) == [Token("AI", 2, 4), Token("教育", 4, 6)]


@pytest.mark.parametrize("garbage", [
    b"\x01\x02\x03",  # not whole integers
    struct.pack("<3i", 2, 7, 8),  # an odd number of offsets
    struct.pack("<2i", 7, 2),  # a token ending before it starts
    struct.pack("<2i", 5, 99),  # beyond the end of the text
    struct.pack("<4i", 2, 7, 3, 5),  # tokens out of order
])  # fmt: skip
def test_damaged_cache_entries_are_ignored_and_replaced(cache_folder, garbage):
    text = "推进集团化办学"
    expected = tokenize(text)
    set_stored_spans(cache_folder, garbage)
    assert tokenize(text) == expected
    assert stored_spans(cache_folder) == [2, 7]


def test_a_span_store_that_is_not_a_database_is_replaced(cache_folder):
    text = "推进集团化办学"
    expected = tokenize(text)
    path = cache_folder / "tokens" / "spans.sqlite3"
    path.write_bytes(b"this is not an SQLite database" * 100)
    assert tokenize(text) == expected
    assert stored_spans(cache_folder) == [2, 7]


@pytest.mark.parametrize("setting", ["off", "0", "false", "No"])
def test_cache_can_be_turned_off_by_environment(cache_folder, monkeypatch, setting):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", setting)
    assert get_cache_dir() is None
    assert texts_of(tokenize("推进集团化办学")) == ["集团化办学"]
    assert not cache_folder.exists()


def test_cache_can_be_turned_off_or_moved_per_tokenizer(cache_folder, tmp_path):
    Tokenizer(cache=False).tokenize("推进集团化办学")
    assert not cache_folder.exists()
    Tokenizer(cache=tmp_path / "elsewhere").tokenize("推进集团化办学")
    assert len(cache_entries(tmp_path / "elsewhere")) == 1
    assert clear_cache(cache=tmp_path / "elsewhere") == 1
    assert cache_entries(tmp_path / "elsewhere") == []


def test_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(blocker))
    assert texts_of(tokenize("推进集团化办学")) == ["集团化办学"]


def test_the_cache_is_one_file_and_leaves_no_journal(cache_folder, corpus):
    tokenize_many([doc.text for doc in corpus])
    assert [p.name for p in (cache_folder / "tokens").rglob("*")] == ["spans.sqlite3"]
    assert len(cache_entries(cache_folder)) == len(corpus)


def test_the_span_store_is_opened_once_per_process_and_again_when_its_file_changes(cache_folder, monkeypatch):
    from policycompare import tokens

    opened = []
    original = tokens._open_spans
    monkeypatch.setattr(tokens, "_open_spans", lambda root: opened.append(root) or original(root))
    for k in range(5):
        tokenize(f"推进集团化办学{k}")
        tokenize(f"推进集团化办学{k}")
    assert len(opened) == 1 and len(cache_entries(cache_folder)) == 5
    # Removed by hand: the next call opens a new file and stores the entry there.
    (cache_folder / "tokens" / "spans.sqlite3").unlink()
    tokenize("落实课后服务")
    assert len(opened) == 2 and len(cache_entries(cache_folder)) == 1
    # Emptied by clear_cache, which closes the connection first.
    assert clear_cache() == 1 and not (cache_folder / "tokens").exists()
    tokenize("落实课后服务")
    assert len(opened) == 3 and len(cache_entries(cache_folder)) == 1
    # A forked child does not use its parent's connection.
    monkeypatch.setattr(tokens.os, "getpid", lambda: -1)
    tokenize("落实课后服务")
    assert len(opened) == 4


def test_at_most_a_few_span_stores_stay_open(tmp_path, monkeypatch):
    from policycompare import tokens

    monkeypatch.setattr(tokens, "_DATABASES", {})
    for k in range(tokens._MAX_DATABASES + 3):
        Tokenizer(cache=tmp_path / f"cache-{k}").tokenize("推进集团化办学")
    assert len(tokens._DATABASES) == tokens._MAX_DATABASES
    assert str(tmp_path / "cache-0" / "tokens" / "spans.sqlite3") not in tokens._DATABASES
    assert all(len(cache_entries(tmp_path / f"cache-{k}")) == 1 for k in range(tokens._MAX_DATABASES + 3))


def test_threads_share_the_span_store(cache_folder):
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"推进集团化办学第{k}批" for k in range(40)]
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(tokenize, texts))
    assert found == [Tokenizer(cache=False).tokenize(t) for t in texts]
    assert len(cache_entries(cache_folder)) == 40


# -- the bound on the span file --------------------------------------------------------------------


@pytest.fixture()
def clock(monkeypatch):
    """The time rows are marked used at, in seconds; move it with ``clock[0] += seconds``."""
    now = [1_700_000_000]
    monkeypatch.setattr(tokens, "_now", lambda: now[0])
    return now


def numbered(count, start=0):
    """Distinct measures of one shape: 第k项 makes each text a row of its own."""
    return [f"第{k}项：推进集团化办学，落实课后服务，实施托管帮扶。" for k in range(start, start + count)]


def span_file(folder):
    return folder / "tokens" / "spans.sqlite3"


def pages_in_use(folder):
    """Bytes of the span file's pages that hold rows: its size less its free pages."""
    with contextlib.closing(sqlite3.connect(span_file(folder))) as database:
        size, free = database.execute(tokens._SIZES).fetchone()
    return size - free


def last_used(folder, texts):
    """{text: when its row was last marked used}, for those of ``texts`` that have a row (default tokenizer)."""
    keys = {Tokenizer()._cache_key(text, False): text for text in texts}
    with contextlib.closing(sqlite3.connect(span_file(folder))) as database:
        rows = database.execute("SELECT key, used FROM spans").fetchall()
    return {keys[key]: used for key, used in rows if key in keys}


def set_share(monkeypatch, nbytes):
    """Set POLICYCOMPARE_CACHE_SIZE so that the span file's share of it is ``nbytes``."""
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", f"{4 * nbytes}B")
    assert tokens.get_token_cache_limit() == nbytes


def counting_cuts(monkeypatch):
    """The texts cut (not read from the cache) from now on, in order."""
    cut = []
    original = Tokenizer._spans
    monkeypatch.setattr(Tokenizer, "_spans", lambda self, text, keep: cut.append(text) or original(self, text, keep))
    return cut


def write_old_schema(folder, rows):
    """A span file as written before the bound: no ``used`` column; ``rows`` are (key, length, spans blob)."""
    span_file(folder).parent.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(span_file(folder))) as database:
        database.execute("CREATE TABLE spans (key BLOB PRIMARY KEY, length INTEGER NOT NULL, spans BLOB NOT NULL)")
        database.executemany("INSERT INTO spans VALUES (?, ?, ?)", rows)
        database.commit()


def test_the_span_file_stays_within_a_quarter_of_the_cache_size(cache_folder, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "200KB")
    assert tokens.get_token_cache_limit() == 50_000
    texts = numbered(600)
    for lo in range(0, len(texts), 20):
        batch = texts[lo:lo + 20]
        assert tokenize_many(batch) == [Tokenizer(cache=False).tokenize(t) for t in batch]
        assert pages_in_use(cache_folder) <= 50_000
        assert span_file(cache_folder).stat().st_size <= 50_000 * tokens._COMPACT_ABOVE
    assert 100 < len(cache_entries(cache_folder)) < 600  # rows went, down to 90% of the share, not all of them
    assert set(last_used(cache_folder, texts[-20:])) == set(texts[-20:])  # the last batch is all there


def test_under_the_default_size_no_row_is_removed(cache_folder, monkeypatch):
    monkeypatch.delenv("POLICYCOMPARE_CACHE_SIZE", raising=False)
    assert tokens.get_token_cache_limit() == 500_000_000
    tokenize_many(numbered(600))
    assert len(cache_entries(cache_folder)) == 600


def test_the_rows_used_longest_ago_go_first_and_a_row_read_since_stays(cache_folder, monkeypatch, clock):
    old = numbered(100)
    for text in old:  # written a minute apart, old[0] first
        tokenize(text)
        clock[0] += 60
    share = pages_in_use(cache_folder) + 2000
    set_share(monkeypatch, share)
    expected = {text: Tokenizer(cache=False).tokenize(text) for text in old[:2]}
    written = last_used(cache_folder, old)
    assert tokenize(old[0]) == expected[old[0]]  # a hit, 100 minutes after it was written
    assert last_used(cache_folder, old) == written  # to be marked used with other marks, not by this read alone
    cut = counting_cuts(monkeypatch)
    new = numbered(30, start=100)
    for text in new:
        tokenize(text)
        clock[0] += 60
        assert pages_in_use(cache_folder) <= share
    kept = last_used(cache_folder, old + new)
    assert cut == new and set(new) <= set(kept)
    assert old[0] in kept and old[1] not in kept  # read after old[1] was written: used more recently
    removed = [text for text in old if text not in kept]
    assert len(removed) >= 10 and removed == old[1:1 + len(removed)]  # the oldest, in the order they were written
    # A removed text is cut again, to the same tokens, and stored again.
    assert tokenize(old[1]) == expected[old[1]]
    assert cut == [*new, old[1]] and old[1] in last_used(cache_folder, [old[1]])
    # clear_cache still empties the file, counting the rows it had.
    rows = len(cache_entries(cache_folder))
    assert clear_cache() == rows and not (cache_folder / "tokens").exists()
    assert tokenize(old[1]) == expected[old[1]] and len(cache_entries(cache_folder)) == 1


def test_a_read_marks_its_row_at_most_once_an_hour_and_marks_are_written_together(cache_folder, monkeypatch, clock):
    texts = numbered(4)
    tokenize_many(texts)
    written = clock[0]
    marks = []
    mark = tokens._mark_read
    monkeypatch.setattr(tokens, "_mark_read", lambda store, **kw: marks.append(dict(store.read)) or mark(store, **kw))
    store = tokens._DATABASES[str(span_file(cache_folder))]
    clock[0] += tokens._USED_EVERY  # used within the hour (it was written then): a read marks nothing
    for text in texts:
        tokenize(text)
    assert store.read == {} and marks == []
    clock[0] += 1
    tokenize(texts[0])
    tokenize(texts[1])
    assert len(store.read) == 2 and marks == []  # they wait
    assert set(last_used(cache_folder, texts).values()) == {written}
    clock[0] += tokens._MARK_DELAY
    tokenize(texts[2])  # the first has waited long enough: the three are written in one transaction
    assert len(marks) == 1 and store.read == {}
    later = written + tokens._USED_EVERY + 1
    assert last_used(cache_folder, texts) == {texts[0]: later, texts[1]: later, texts[2]: later + tokens._MARK_DELAY, texts[3]: written}
    # Read again within the hour: nothing more; so many that a batch is full: written at once.
    for text in texts[:3]:
        tokenize(text)
    assert store.read == {} and len(marks) == 1
    monkeypatch.setattr(tokens, "_MARK_BATCH", 2)
    clock[0] += 2 * tokens._USED_EVERY
    tokenize_many(texts)
    assert len(marks) == 2 and len(marks[1]) == 4 and set(last_used(cache_folder, texts).values()) == {clock[0]}


def test_marks_left_at_exit_are_written(cache_folder):
    text = "推进集团化办学"
    tokenize(text)
    with contextlib.closing(sqlite3.connect(span_file(cache_folder))) as database:
        database.execute("UPDATE spans SET used = 0")
        database.commit()
    # A process that only reads: its mark waits, and is written as it exits.
    script = f"import policycompare as pc; assert pc.tokenize({text!r})[0].text == '集团化办学'"
    subprocess.run([sys.executable, "-c", script], check=True)
    assert 0 < last_used(cache_folder, [text])[text]


def test_a_span_file_written_before_the_bound_is_read_then_given_its_column(cache_folder, monkeypatch):
    text = "推进集团化办学"
    write_old_schema(cache_folder, [(Tokenizer()._cache_key(text, False), len(text), tokens._encode_spans([2, 7]))])
    monkeypatch.setattr(Tokenizer, "_spans", lambda *a: pytest.fail("segmented again"))
    assert tokenize(text) == [Token("集团化办学", 2, 7)]
    with contextlib.closing(sqlite3.connect(span_file(cache_folder))) as database:
        assert [row[1] for row in database.execute("PRAGMA table_info(spans)")] == ["key", "length", "spans", "used"]
        # Its rows count as used longest ago; an earlier release, which names no used, still writes to it.
        assert database.execute("SELECT used FROM spans").fetchall() == [(0,)]
        database.execute("INSERT INTO spans (key, length, spans) VALUES (?, ?, ?)", (b"k" * 32, 1, b""))
        database.commit()
    assert len(cache_entries(cache_folder)) == 2
    # Opened again (another process, say), the column is not added twice.
    tokens._forget_spans(cache_folder)
    assert tokenize(text) == [Token("集团化办学", 2, 7)]


def test_a_span_file_written_before_the_bound_that_this_process_may_not_write_is_still_read(cache_folder, monkeypatch):
    # A cache shared read-only (another user's, a mounted image): its column cannot be added, and its rows are read.
    text = "推进集团化办学"
    write_old_schema(cache_folder, [(Tokenizer()._cache_key(text, False), len(text), tokens._encode_spans([2, 7]))])
    connect = sqlite3.connect
    monkeypatch.setattr(tokens.sqlite3, "connect", lambda path, **options: connect(f"file:{path}?mode=ro", uri=True, **options))
    tokens._forget_spans(cache_folder)
    monkeypatch.setattr(Tokenizer, "_spans", lambda *a: pytest.fail("segmented again"))
    assert tokenize(text) == [Token("集团化办学", 2, 7)]
    tokens._mark_at_exit()  # the read's mark cannot be written: no error
    with contextlib.closing(connect(span_file(cache_folder))) as database:
        assert [row[1] for row in database.execute("PRAGMA table_info(spans)")] == ["key", "length", "spans"]


def test_a_large_file_written_before_the_bound_is_brought_within_it_and_made_smaller(cache_folder, monkeypatch):
    blob = tokens._encode_spans(range(0, 100))
    write_old_schema(cache_folder, [(k.to_bytes(32, "big"), 200, blob) for k in range(3000)])
    assert span_file(cache_folder).stat().st_size > 1_000_000
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "400KB")
    texts = numbered(5)
    assert tokenize_many(texts) == [Tokenizer(cache=False).tokenize(t) for t in texts]
    # The old rows went first, and the file was rewritten without their pages.
    assert span_file(cache_folder).stat().st_size <= 100_000
    assert set(last_used(cache_folder, texts)) == set(texts)
    assert [p.name for p in (cache_folder / "tokens").iterdir()] == ["spans.sqlite3"]


def test_one_batch_larger_than_the_share_keeps_its_last_rows_and_the_file_small(cache_folder, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "200KB")
    texts = numbered(1500)
    assert tokenize_many(texts) == [Tokenizer(cache=False).tokenize(t) for t in texts]
    kept = set(last_used(cache_folder, texts))
    assert 100 < len(kept) < 1500 and texts[-1] in kept and texts[0] not in kept
    assert span_file(cache_folder).stat().st_size <= 50_000


@pytest.mark.parametrize("setting", ["0", "off", "0KB"])
def test_a_cache_size_of_0_stores_no_more_spans_and_still_reads_those_stored(cache_folder, monkeypatch, setting):
    tokenize("推进集团化办学")
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", setting)
    cut = counting_cuts(monkeypatch)
    assert texts_of(tokenize("推进集团化办学")) == ["集团化办学"] and cut == []
    assert texts_of(tokenize("落实课后服务")) == ["课后服务"] and cut == ["落实课后服务"]
    assert len(cache_entries(cache_folder)) == 1


def test_a_wrong_cache_size_is_said_before_any_text_is_cut(cache_folder, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "2")
    cut = counting_cuts(monkeypatch)
    with pytest.raises(PolicyCompareError, match=r"^POLICYCOMPARE_CACHE_SIZE='2' is not a size; expected a number with a unit"):
        tokenize("推进集团化办学")
    with pytest.raises(PolicyCompareError, match=r"^POLICYCOMPARE_CACHE_SIZE='2' is not a size"):
        tokenize_many(["推进集团化办学"])
    assert cut == []
    # With the cache off the size does not matter.
    assert texts_of(Tokenizer(cache=False).tokenize("推进集团化办学")) == ["集团化办学"]


def _cut_and_read(root, me, other, count):
    """Tokenize ``count`` texts of our own one by one, reading the other process's as we go; the wrong results."""
    tokenizer = Tokenizer(cache=root)
    plain = Tokenizer(cache=False)
    wrong = []
    for i in range(count):
        for text in (f"{me}{i}：推进集团化办学，落实课后服务。", *(f"{other}{j}：推进集团化办学，落实课后服务。" for j in range(max(0, i - 5), i + 1))):
            if tokenizer.tokenize(text) != plain.tokenize(text):
                wrong.append(text)
    return wrong


def test_two_processes_writing_and_reading_at_once_keep_the_bound(cache_folder, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "120KB")
    tokenize("加载词典")  # forked workers find jieba loaded
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method)) as pool:
        runs = [pool.submit(_cut_and_read, cache_folder, me, other, 250) for me, other in (("甲", "乙"), ("乙", "甲"))]
        assert [run.result() for run in runs] == [[], []]  # neither raised nor read another text's tokens
    assert pages_in_use(cache_folder) <= 30_000
    assert 50 < len(cache_entries(cache_folder)) < 500


# -- many texts, processes, pickling ---------------------------------------------------------------


def test_tokenize_many_matches_tokenize_and_keeps_order(corpus):
    texts = [corpus["anning"].text, "推进集团化办学", corpus["anning"].text, ""]
    found = tokenize_many(texts)
    assert found == [tokenize(texts[0]), [Token("集团化办学", 2, 7)], tokenize(texts[0]), []]


def test_processes_give_the_same_tokens_as_one_process(corpus):
    texts = [doc.text for doc in corpus][:6]
    serial = tokenize_many(texts, tokenizer=Tokenizer(cache=False))
    parallel = tokenize_many(texts, tokenizer=Tokenizer(cache=False, mask=["花溪区"]), n_jobs=2)
    masked_serial = tokenize_many(texts, tokenizer=Tokenizer(cache=False, mask=["花溪区"]))
    assert parallel == masked_serial
    assert serial != masked_serial  # the mask reached the workers


def test_worker_processes_fill_the_cache_that_one_process_then_reads(corpus, tmp_path, monkeypatch):
    texts = [doc.text for doc in corpus][:4]
    parallel = tokenize_many(texts, tokenizer=Tokenizer(cache=tmp_path), n_jobs=2)
    assert len(cache_entries(tmp_path)) == 4
    # Every text is now read back from the cache: segmenting again would fail.
    monkeypatch.setattr(Tokenizer, "_spans", lambda *a: pytest.fail("segmented again"))
    assert tokenize_many(texts, tokenizer=Tokenizer(cache=tmp_path)) == parallel


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork", reason="needs the fork start method")
def test_cutting_ahead_gives_the_same_tokens_from_workers_of_one_dictionary_load(corpus, tmp_path):
    texts = [doc.text for doc in corpus][:5]
    tokenizer = Tokenizer(cache=tmp_path, mask=["花溪区"])
    key = (tokenizer._load()["dict_key"], 2)
    with tokens._cutting_ahead(tokenizer, 2):
        prepared = tokens._PREPARED[key]
        parallel = tokenize_many(texts, tokenizer=tokenizer, n_jobs=2)
        assert key not in tokens._PREPARED  # the batch went to the prepared workers
    assert not prepared.process.is_alive()
    assert parallel == tokenize_many(texts, tokenizer=Tokenizer(cache=False, mask=["花溪区"]))
    assert len(cache_entries(tmp_path)) == 5


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork", reason="needs the fork start method")
def test_cutting_ahead_stops_its_process_when_every_text_was_cached(corpus, tmp_path):
    texts = [doc.text for doc in corpus][:3]
    tokenizer = Tokenizer(cache=tmp_path)
    tokenize_many(texts, tokenizer=tokenizer)
    key = (tokenizer._load()["dict_key"], 2)
    with tokens._cutting_ahead(tokenizer, 2):
        prepared = tokens._PREPARED[key]
        assert tokenize_many(texts, tokenizer=tokenizer, n_jobs=2) == tokenize_many(texts, tokenizer=tokenizer)
        assert tokens._PREPARED[key] is prepared  # nothing to cut: left unused
    assert key not in tokens._PREPARED
    assert not prepared.process.is_alive()


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork", reason="needs the fork start method")
def test_a_nested_cutting_ahead_block_leaves_the_outer_process_to_its_block(tmp_path):
    tokenizer = Tokenizer(cache=tmp_path)
    key = (tokenizer._load()["dict_key"], 2)
    with tokens._cutting_ahead(tokenizer, 2):
        outer = tokens._PREPARED[key]
        with tokens._cutting_ahead(Tokenizer(cache=tmp_path, mask=["花溪区"]), 2):
            assert tokens._PREPARED[key] is outer  # same dictionary: no second process
        assert tokens._PREPARED[key] is outer and outer.process.is_alive()
    assert key not in tokens._PREPARED and not outer.process.is_alive()


def test_tokenizer_pickles_without_its_jieba_state():
    tokenizer = Tokenizer(mask=["花溪区"], extra_stopwords=["教育局"])
    tokenizer("花溪区教育局推进集团化办学")
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert copy._state is None
    assert copy("花溪区教育局推进集团化办学") == ["集团化办学"]
    assert copy.fingerprint == tokenizer.fingerprint


def test_importing_the_package_does_not_load_jieba():
    code = "import sys, policycompare, policycompare.tokens, policycompare.vectors, policycompare.keywords; print('jieba' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_terms_of_a_repeated_text_are_equal_lists_of_their_own():
    from policycompare.tokens import _terms_many

    texts = ["加大经费投入，设立专项经费。", "组建教育集团。", "加大经费投入，设立专项经费。", ""]
    terms = _terms_many(texts, tokenizer=Tokenizer(cache=False))
    alone = [_terms_many([text], tokenizer=Tokenizer(cache=False))[0] for text in texts]
    assert terms == alone and terms[0] and terms[3] == []
    # Each its own list: changing one leaves the other as it was.
    assert terms[0] is not terms[2]
    terms[2].append("另")
    assert terms[0] == alone[0]
