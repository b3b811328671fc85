"""Inputs that must work: other encodings, traditional characters, Windows line endings,
a very long plan, a plan without numbering and Word files, through the library and the CLI."""

import codecs
import contextlib
import os
import re
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest

import policycompare as pc
from policycompare import cleaning
from policycompare.cli import _CONVERSIONS, main
from policycompare.corpus import bundled_corpus_path, load_document_from_text
from conftest import plan_page

SEEDS = bundled_corpus_path()
T2S = "traditional → simplified characters (t2s)"


def seed(name):
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def measures_by_cli(folder, tmp_path, capsys, *options):
    """Run ``policycompare measures FOLDER`` and return (exit status, table, stderr)."""
    out = tmp_path / "measures.csv"
    status = main(["measures", str(folder), "-o", str(out), *options])
    err = capsys.readouterr().err
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False) if status == 0 else None
    return status, table, err


def documents_by_cli(folder, tmp_path, capsys, *options):
    out = tmp_path / "documents.csv"
    assert main(["documents", str(folder), "-o", str(out), *options]) == 0
    capsys.readouterr()
    return pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)


def same_measures(table, expected):
    """The CLI's CSV holds the library's rows (ids, offsets and own texts)."""
    assert table["measure_id"].tolist() == expected["measure_id"].tolist()
    assert table["start"].tolist() == expected["start"].tolist()
    assert table["end"].tolist() == expected["end"].tolist()
    assert table["text"].tolist() == expected["text"].tolist()


@pytest.fixture()
def folder(tmp_path):
    path = tmp_path / "plans"
    path.mkdir()
    return path


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize(
    ("name", "encode", "encoding"),
    [
        ("huaxi", lambda text: text.encode("utf-16"), "utf-16"),
        ("huaxi", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
        ("qixing", lambda text: text.encode("gb18030"), "gb18030"),
        ("anning", lambda text: text.encode("gb18030"), "gb18030"),
    ],
)
def test_real_plans_in_utf16_and_gb18030_load_like_utf8(folder, tmp_path, capsys, name, encode, encoding):
    text = seed(name)
    (folder / f"{name}.txt").write_bytes(encode(text))
    corpus = pc.load_corpus(folder)
    doc = corpus[name]
    assert (doc.raw, doc.encoding) == (text, encoding)
    expected = pc.extract_measures(load_document_from_text(text, doc_id=name))
    measures = pc.extract_measures(corpus)
    assert measures.drop(columns=["raw_start", "raw_end"]).equals(expected.drop(columns=["raw_start", "raw_end"]))

    assert documents_by_cli(folder, tmp_path, capsys)[["doc_id", "encoding"]].values.tolist() == [[name, encoding]]
    status, table, _ = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    same_measures(table, expected)


HEADED_PAGE = "索引号：11640100/2023-00181\n发布机构：银川市教育局\n一、总体要求\n（一）加强领导。\n"


@pytest.mark.parametrize("data", [
    "\ufeff".encode("gb18030") + HEADED_PAGE.encode("gb18030"),  # GB18030's byte-order mark, 84 31 95 33
    HEADED_PAGE.encode("utf-8-sig"),
    # A second file pasted on with its byte-order mark, or a zero-width space copied from a web page, before the header.
    ("\ufeff" + HEADED_PAGE).encode("utf-8-sig"),
    ("\u200b" + HEADED_PAGE).encode("gb18030"),
], ids=["gb18030 BOM", "utf-8 BOM", "two utf-8 BOMs", "zero-width space"])
def test_a_byte_order_mark_or_invisible_character_before_the_header_block_leaves_it_metadata(folder, data):
    (folder / "page.txt").write_bytes(data)
    doc = pc.load_corpus(folder)["page"]
    assert doc.text == "一、总体要求\n（一）加强领导。\n"
    assert doc.metadata["header"] == {"索引号": "11640100/2023-00181", "发布机构": "银川市教育局"}
    assert doc.to_raw(0) == doc.raw.index("一、")
    # The same string read with encoding="utf-8" (the mark kept) loads the same.
    assert load_document_from_text(data.decode("utf-8", errors="replace") if data.startswith(codecs.BOM_UTF8)
                                   else "\ufeff" + HEADED_PAGE, doc_id="page").text == doc.text


def test_manifest_saved_by_excel_in_gbk(folder):
    (folder / "huaxi.txt").write_text(seed("huaxi"), encoding="utf-8")
    (folder / "manifest.csv").write_bytes("doc_id,region_zh,province,source_file\r\nhuaxi,花溪区,贵州省,huaxi.txt\r\n".encode("gbk"))
    docs = pc.load_corpus(folder).documents
    assert docs[["doc_id", "region_zh", "province"]].values.tolist() == [["huaxi", "花溪区", "贵州省"]]


def test_a_big5_manifest_whose_gb18030_reading_ties_is_read_as_big5(folder):
    # GB18030 reads 教育局 as 毙▅Ы and 縣政府 as 郡現┎: hanzi both encodings hold, among a block, a Cyrillic letter, a box corner.
    (folder / "huaxi.txt").write_text(seed("huaxi"), encoding="utf-8")
    (folder / "manifest.csv").write_bytes("doc_id,source_file,issuer,region_zh\nhuaxi,huaxi.txt,教育局,縣政府\n".encode("big5"))
    assert pc.load_corpus(folder).documents[["issuer", "region_zh"]].values.tolist() == [["教育局", "縣政府"]]


def test_mixed_encodings_in_one_folder_each_load_whole(folder):
    # As a folder gathered from several offices: each file keeps its own encoding, and nothing is lost.
    plans = {"huaxi": ("utf-8", "utf-8"), "qixing": ("gbk", "gb18030"), "anning": ("utf-16", "utf-16"), "yinchuan": ("utf-8-sig", "utf-8-sig")}
    for name, (codec, _) in plans.items():
        (folder / f"{name}.txt").write_bytes(seed(name).encode(codec))
    # A 4-byte GB18030 character (U+20000, outside GBK) and a Big5 file.
    (folder / "rare.txt").write_bytes("一、总体要求\n（一）𠀀村小学改扩建。\n".encode("gb18030"))
    (folder / "big5.txt").write_bytes("一、總體要求\n（一）加強領導。\n".encode("big5"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"big5\.txt: \d+% of its Chinese characters are traditional forms"):
        corpus = pc.load_corpus(folder)
    docs = corpus.documents.set_index("doc_id")
    assert {name: docs.loc[name, "encoding"] for name in plans} == {name: encoding for name, (_, encoding) in plans.items()}
    assert (docs.loc["rare", "encoding"], docs.loc["big5", "encoding"]) == ("gb18030", "big5")
    for name in plans:
        assert corpus[name].raw == seed(name)
    assert corpus["rare"].text == "一、总体要求\n（一）𠀀村小学改扩建。\n"
    assert corpus["big5"].text == "一、總體要求\n（一）加強領導。\n"


def test_manifest_with_a_byte_order_mark_blank_lines_and_quoted_commas(folder):
    (folder / "huaxi.txt").write_text(seed("huaxi"), encoding="utf-8")
    (folder / "qixing.txt").write_text(seed("qixing"), encoding="utf-8")
    manifest = 'doc_id,source_file,title,issuer\r\n\r\nhuaxi,huaxi.txt,"关于印发《方案》的通知,第二版","教育局,财政局"\r\n\r\nqixing,qixing.txt,方案,\r\n\r\n'
    (folder / "manifest.csv").write_bytes(manifest.encode("utf-8-sig"))
    docs = pc.load_corpus(folder).documents
    assert docs[["doc_id", "title", "issuer"]].values.tolist() == [["huaxi", "关于印发《方案》的通知,第二版", "教育局,财政局"], ["qixing", "方案", ""]]


# ---------------------------------------------------------------- subfolders

def test_plans_in_subfolders_are_named_in_a_warning_unless_a_manifest_names_them(folder, tmp_path, capsys):
    (folder / "huaxi.txt").write_text(seed("huaxi"), encoding="utf-8")
    (folder / "2023").mkdir()
    (folder / "2023" / "qixing.txt").write_text(seed("qixing"), encoding="utf-8")
    # Not plans: hidden folders (.git) and what a report writes (CSV, HTML, figures).
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    (folder / "report" / "tables").mkdir(parents=True)
    (folder / "report" / "tables" / "measures.csv").write_text("x", encoding="utf-8")
    message = f"{folder}: 2023/qixing.txt is in a subfolder and was not read; move it into the folder or name it in manifest.csv"
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        assert pc.load_corpus(folder).doc_ids == ["huaxi"]
    assert main(["documents", str(folder), "-o", str(tmp_path / "d.csv")]) == 0
    assert capsys.readouterr().err.splitlines()[0] == f"policycompare: warning: {message}"

    # A manifest names plans in subfolders, and what it leaves out is named by its path, wherever it is.
    (folder / "2024").mkdir()
    (folder / "2024" / "huaxi.txt").write_text(seed("huaxi"), encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,source_file\nqixing,2023/qixing.txt\nhuaxi-2024,2024/huaxi.txt\n", encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(str(folder))}: huaxi\\.txt is not in manifest\\.csv and was not read; add it to the manifest$"):
        corpus = pc.load_corpus(folder)
    assert corpus.doc_ids == ["qixing", "huaxi-2024"]
    assert corpus["qixing"].raw == seed("qixing")


def test_a_linked_subfolder_is_looked_into_but_a_link_back_to_the_folder_is_not(folder, tmp_path):
    (folder / "huaxi.txt").write_text(seed("huaxi"), encoding="utf-8")
    elsewhere = tmp_path / "archive"
    elsewhere.mkdir()
    (elsewhere / "qixing.txt").write_text(seed("qixing"), encoding="utf-8")
    (folder / "2023").symlink_to(elsewhere, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "up").symlink_to(folder.parent, target_is_directory=True)
    message = f"{folder}: 2023/qixing.txt is in a subfolder and was not read; move it into the folder or name it in manifest.csv"
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        assert pc.load_corpus(folder).doc_ids == ["huaxi"]
    # The manifest can name it there.
    (folder / "manifest.csv").write_text("doc_id,source_file\nhuaxi,huaxi.txt\nqixing,2023/qixing.txt\n", encoding="utf-8")
    assert pc.load_corpus(folder).doc_ids == ["huaxi", "qixing"]


# ---------------------------------------------------------------- Windows line endings

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_windows_line_endings_give_the_same_text_and_measures(folder, tmp_path, capsys, corpus, encoding):
    # The real Yinchuan page, with its chrome and declared corrections, saved on Windows.
    raw = seed("yinchuan")
    assert "\r" not in raw
    (folder / "yinchuan.txt").write_bytes(raw.replace("\n", "\r\n").encode(encoding))
    manifest = pd.read_csv(SEEDS / "manifest.csv", dtype=str, keep_default_na=False)
    manifest[manifest["doc_id"] == "yinchuan"].to_csv(folder / "manifest.csv", index=False)
    doc = pc.load_corpus(folder)["yinchuan"]
    assert doc.text == corpus["yinchuan"].text
    record = doc.cleaning
    line_endings = record[record["reason"] == "Windows line ending"]
    # Every \r is recorded, except those inside chrome and header lines that are dropped whole.
    dropped_whole = record[record["reason"].str.startswith("web page")]
    inside = sum(removed.count("\r") for removed in dropped_whole["removed"])
    assert len(line_endings) + inside == raw.count("\n")
    assert set(line_endings["removed"]) == {"\r"}
    expected = pc.extract_measures(corpus["yinchuan"])
    status, table, _ = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    same_measures(table, expected)
    # Raw offsets now count the \r characters, and still point at the same text.
    assert all(doc.raw[a:b].replace("\r", "") == corpus["yinchuan"].raw[c:d] for a, b, c, d in zip(table["raw_start"], table["raw_end"], expected["raw_start"], expected["raw_end"]))


# ---------------------------------------------------------------- traditional characters

TRADITIONAL_PAGE = "無障礙 | 長者版\n索 引 號:1164/2023 發布機構:教育局\n一、總體要求\n（一）加強黨的領導，推進縣管校聘改革。\n"


def test_traditional_characters_are_kept_without_convert(folder):
    (folder / "page.txt").write_text(TRADITIONAL_PAGE, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"page\.txt: 36% of its Chinese characters are traditional forms, so its words will not match simplified plans; load it with convert='t2s' \(--convert t2s\)"):
        doc = pc.load_corpus(folder)["page"]
    # The simplified chrome patterns do not match the traditional page: nothing is removed.
    assert (doc.text, doc.edits) == (TRADITIONAL_PAGE, ())


def test_traditional_characters_warn_from_every_way_in_but_not_once_converted(folder):
    import warnings

    with pytest.warns(pc.PolicyCompareWarning, match=r"^document 'draft': 36% of its Chinese characters are traditional forms"):
        pc.load_document_from_text(TRADITIONAL_PAGE)
    (folder / "page.txt").write_text(TRADITIONAL_PAGE, encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,source_file\ntrad,page.txt\n", encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"page\.txt: 36% of its"):
        pc.load_corpus(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pc.load_corpus(folder, convert="t2s")
        pc.load_document_from_text(TRADITIONAL_PAGE.replace("黨", "党").replace("總", "总"), convert="t2s")
        pc.load_corpus()  # the bundled plans are simplified: no warning
    from policycompare.cleaning import traditional_share

    # A few traditional-only characters in a simplified text (a quoted name) stay under the cut.
    assert traditional_share("推进县管校聘改革，学习臺灣經驗" * 3) < 0.2


# A plan from Hong Kong writes 衞 and 綫 (HKSCS forms) and names its housing estates 邨; t2s leaves 衞 as it is.
HONG_KONG_PLAN = "一、總體目標\n（一）加強學校衞生教育，推廣綫上學習，照顧屋邨學生，關注學校衞生。\n"
# A plan from Taiwan writes 著 for 着 (著重, 隨著), which t2s leaves as 著; tw2s reads it (顯著 and 著作 keep their 著).
TAIWAN_PLAN = "一、總體目標\n（一）著重學生適性發展，隨著數位學習推動，強化臺灣本土教育。\n"
LOAD_WITH = "so its words will not match simplified plans; "


@pytest.mark.parametrize(("text", "advice"), [
    (HONG_KONG_PLAN, "it writes as Hong Kong does (衞, 綫, 邨): load it with convert='hk2s' (--convert hk2s)"),
    (TAIWAN_PLAN, "it writes as Taiwan does (著 for 着): load it with convert='tw2s' (--convert tw2s)"),
    # Hong Kong's forms tell more than a 著: hk2s reads 衞, tw2s would not.
    (HONG_KONG_PLAN.replace("關注", "著重"), "it writes as Hong Kong does (衞, 綫, 邨): load it with convert='hk2s' (--convert hk2s)"),
    # Traditional characters of neither place: 着 for zhe, 著 only where it is zhu (顯著), no Hong Kong form.
    (TAIWAN_PLAN.replace("著重", "着重").replace("隨著", "推動顯著"), "load it with convert='t2s' (--convert t2s)"),
    (TRADITIONAL_PAGE, "load it with convert='t2s' (--convert t2s)"),
])
def test_the_traditional_characters_warning_names_the_conversion_the_text_asks_for(text, advice):
    # The advice was always t2s, which leaves a Hong Kong plan's 衞 and a Taiwan plan's 著 unconverted.
    with pytest.warns(pc.PolicyCompareWarning) as shown:
        load_document_from_text(text, doc_id="plan")
    assert len(shown) == 1
    assert re.fullmatch(rf"document 'plan': \d+% of its Chinese characters are traditional forms, {re.escape(LOAD_WITH + advice)}", str(shown[0].message))


def test_the_conversion_the_warning_names_converts_what_t2s_leaves():
    pytest.importorskip("opencc")
    for text, convert, left in ((HONG_KONG_PLAN, "hk2s", "衞"), (TAIWAN_PLAN, "tw2s", "著")):
        assert left in load_document_from_text(text, doc_id="plan", convert="t2s").text
        assert left not in load_document_from_text(text, doc_id="plan", convert=convert).text


def test_traditional_characters_are_converted_and_recorded(folder):
    (folder / "page.txt").write_text(TRADITIONAL_PAGE, encoding="utf-8")
    doc = pc.load_corpus(folder, convert="t2s")["page"]
    assert doc.text == "一、总体要求\n（一）加强党的领导，推进县管校聘改革。\n"
    # Chrome and header lines in traditional characters are found once converted, and dropped whole.
    assert doc.metadata["header"] == {"索引号": "1164/2023", "发布机构": "教育局"}
    record = doc.cleaning
    assert record[["removed", "replacement", "reason"]].values.tolist() == [
        ["無障礙 | 長者版\n", "", "web page chrome: accessibility links"],
        ["索 引 號:1164/2023 發布機構:教育局\n", "", "web page header block (kept as metadata)"],
        ["總體", "总体", T2S],
        ["強黨", "强党", T2S],
        ["領導", "领导", T2S],
        ["進縣", "进县", T2S],
    ]
    # Character for character: each converted character maps to the one it replaced.
    start = doc.text.index("总体")
    assert doc.to_raw(start, start + 4) == (37, 41)
    assert doc.raw[37:41] == "總體要求"
    assert all(doc.raw[doc.to_raw(i)] == raw_char for i, raw_char in zip(range(start, start + 4), "總體要求"))


def test_declared_corrections_apply_to_traditional_text_once_converted(folder):
    # The Yinchuan spam in a traditional-character copy: the manifest declares the simplified form.
    (folder / "page.txt").write_text("必威體育教育局關於印發《必威體育縣域普通高中發展方案》的通知\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,source_file,corrections\npage,page.txt,必威体育=>银川市\n", encoding="utf-8")
    assert "必威" in pc.load_corpus(folder)["page"].text
    doc = pc.load_corpus(folder, convert="t2s")["page"]
    assert doc.text == "银川市教育局关于印发《银川市县域普通高中发展方案》的通知\n"
    assert doc.cleaning[["removed", "replacement", "reason"]].values.tolist() == [
        ["必威體育", "银川市", "declared correction: 必威体育 → 银川市"],
        ["關於", "关于", T2S],
        ["發", "发", T2S],
        ["必威體育", "银川市", "declared correction: 必威体育 → 银川市"],
        ["縣", "县", T2S],
        ["發", "发", T2S],
    ]


@pytest.mark.parametrize("convert", ["t2s", "hk2s", "tw2s"])
def test_a_correction_declared_in_traditional_characters_is_converted_and_its_place_masked(convert):
    pytest.importorskip("opencc")
    # The place names of the metadata are converted; so is the name a correction writes, or it would not be masked.
    doc = load_document_from_text("一、總體要求\n（一）必威體育教育局加強領導。\n", doc_id="d", convert=convert,
                                  corrections=[("必威體育", "銀川市")], metadata={"region_zh": "銀川市"})
    assert doc.text == "一、总体要求\n（一）银川市教育局加强领导。\n"
    assert pc.region_terms(doc) == ["银川", "银川市"]
    assert doc.cleaning[["removed", "replacement", "reason"]].values.tolist()[1] == [
        "必威體育", "银川市", f"declared correction: 必威體育 → 銀川市 (converted, {convert}: 银川市)"]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_real_plan_in_traditional_characters(folder, tmp_path, capsys, encoding):
    opencc = pytest.importorskip("opencc")
    simplified = seed("huaxi")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert len(traditional) == len(simplified) and traditional != simplified
    (folder / "huaxi.txt").write_bytes(traditional.encode(encoding))
    expected = pc.extract_measures(load_document_from_text(simplified, doc_id="huaxi"))

    kept = pc.load_corpus(folder)["huaxi"]
    assert kept.text == traditional
    # The numbering is the same in both scripts, so the outline is too.
    assert pc.extract_measures(kept)[["measure_id", "start", "end"]].equals(expected[["measure_id", "start", "end"]])

    doc = pc.load_corpus(folder, convert="t2s")["huaxi"]
    assert doc.text == simplified
    assert set(doc.cleaning["reason"]) == {T2S}
    assert all(len(e.replacement) == e.end - e.start for e in doc.edits)
    assert np.array_equal(doc.raw_offsets, np.arange(len(simplified) + 1))
    assert sum(e.end - e.start for e in doc.edits) == sum(a != b for a, b in zip(traditional, simplified))

    status, table, _ = measures_by_cli(folder, tmp_path, capsys, "--convert", "t2s")
    assert status == 0
    same_measures(table, expected)
    cleaning_csv = tmp_path / "cleaning.csv"
    assert main(["documents", str(folder), "-o", str(tmp_path / "docs.csv"), "--convert", "t2s", "--cleaning", str(cleaning_csv)]) == 0
    assert set(pd.read_csv(cleaning_csv, encoding="utf-8-sig")["reason"]) == {T2S}


def test_a_conversion_that_changes_length_keeps_the_offset_map(monkeypatch):
    # opencc's t2s tables keep lengths; other converters need not. A stand-in that shrinks and grows:
    fake = {"乾淨": "净", "臺灣": "台湾省"}

    def convert(text):
        for old, new in fake.items():
            text = text.replace(old, new)
        return text

    monkeypatch.setattr(cleaning, "_opencc_converter", lambda name: convert)
    raw = "一、乾淨校園\n二、臺灣教育"
    doc = load_document_from_text(raw, doc_id="x", convert="t2s")
    assert doc.text == "一、净校園\n二、台湾省教育"
    assert [(e.start, e.end, e.replacement) for e in doc.edits] == [(2, 4, "净"), (9, 11, "台湾省")]
    # A replacement is spread over the span it replaces: first to first, last to last.
    assert doc.raw_offsets.tolist() == [0, 1, 2, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12, 13]
    measures = pc.extract_measures(doc)
    assert [doc.raw[a:b] for a, b in zip(measures["raw_start"], measures["raw_end"])] == ["", "一、乾淨校園\n", "二、臺灣教育"]


def test_convert_is_checked(folder):
    (folder / "page.txt").write_text(TRADITIONAL_PAGE, encoding="utf-8")
    with pytest.raises(ValueError, match=r"^convert='s2t'; expected None or one of 't2s', 'hk2s', 'tw2s'$"):
        pc.load_corpus(folder, convert="s2t")
    assert _CONVERSIONS == cleaning.CONVERSIONS


def test_convert_without_opencc_is_one_clear_line(folder, tmp_path, capsys, monkeypatch):
    (folder / "page.txt").write_text(TRADITIONAL_PAGE, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "opencc", None)  # as if not installed
    message = r"convert='t2s' needs the opencc package; install policycompare\[traditional\]"
    with pytest.raises(pc.PolicyCompareError, match=f"^{message}$"):
        pc.load_corpus(folder, convert="t2s")
    with pytest.raises(pc.PolicyCompareError, match=f"^{message}$"):
        pc.load_document(folder / "page.txt", convert="t2s")
    assert main(["documents", str(folder), "-o", str(tmp_path / "d.csv"), "--convert", "t2s"]) == 1
    assert re.fullmatch(f"policycompare: error: {message}\n", capsys.readouterr().err)
    # Without conversion, opencc is not needed.
    assert pc.load_corpus(folder)["page"].text == TRADITIONAL_PAGE


def test_install_page_documents_the_conversion():
    install = (SEEDS.parents[2] / "docs" / "install.md")
    if not install.is_file():
        pytest.skip("docs/ is not shipped in an installed package")
    text = install.read_text(encoding="utf-8")
    assert 'pip install ".[traditional]"' in text and 'convert="t2s"' in text


# ---------------------------------------------------------------- a very long plan

def test_a_3_mb_plan_loads_and_splits_in_proportion(folder, tmp_path, capsys):
    # Two real plans, one after the other, repeated until the file passes 3 MB.
    block = seed("huaxi") + "\n" + seed("qixing") + "\n"
    copies = 3_000_000 // len(block.encode("utf-8")) + 1
    (folder / "big.txt").write_text(block * copies, encoding="utf-8")
    assert (folder / "big.txt").stat().st_size >= 3_000_000

    one = pc.extract_measures(load_document_from_text(block, doc_id="big"))["kind"].value_counts()
    corpus = pc.load_corpus(folder)
    assert len(corpus["big"].text) == len(block) * copies
    kinds = pc.extract_measures(corpus)["kind"].value_counts()
    # Each copy adds the same units; each outline after the first opens a part, and
    # each plan's title is a part of its own except for the very first (front matter).
    assert one.to_dict() == {"measure": 40, "section": 16, "item": 12, "front_matter": 1, "part": 1}
    assert kinds.to_dict() == {"measure": 40 * copies, "section": 16 * copies, "item": 12 * copies, "part": 2 * copies - 1, "front_matter": 1}

    status, table, _ = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    assert len(table) == 70 * copies and table["measure_id"].is_unique


# ---------------------------------------------------------------- no numbering

PLAIN = "关于做好课后服务工作的通知\n\n各学校：\n为落实双减要求，现就课后服务工作通知如下。\n各校要在每个工作日开展课后服务，结束时间不早于下午五点半。\n课后服务坚持学生自愿、家长申请的原则，不得强制参加。\n"


def test_a_plan_without_numbering_is_split_into_paragraphs_and_says_so(folder, tmp_path, capsys):
    (folder / "plain.txt").write_text(PLAIN, encoding="utf-8")
    measures = pc.extract_measures(pc.load_corpus(folder))
    assert measures[["measure_id", "kind", "text", "segmentation"]].values.tolist() == [
        ["plain:0", "front_matter", "关于做好课后服务工作的通知\n\n", "paragraphs"],
        ["plain:1", "paragraph", "各学校：\n", "paragraphs"],
        ["plain:2", "paragraph", "为落实双减要求，现就课后服务工作通知如下。\n", "paragraphs"],
        ["plain:3", "paragraph", "各校要在每个工作日开展课后服务，结束时间不早于下午五点半。\n", "paragraphs"],
        ["plain:4", "paragraph", "课后服务坚持学生自愿、家长申请的原则，不得强制参加。\n", "paragraphs"],
    ]
    status, table, err = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    assert set(table["segmentation"]) == {"paragraphs"} and len(table) == 5
    assert "note: plain has no numbering; split into paragraphs\n" in err


def test_a_real_plan_stripped_of_its_numbering(folder, tmp_path, capsys):
    numbering = r"(?m)^[ \t\u3000]*(?:[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+、|[0-9]+[.．、])|[一二三四五六七八九十]是|——"
    text = re.sub(numbering, "", seed("huaxi"))
    (folder / "huaxi.txt").write_text(text, encoding="utf-8")
    (folder / "anning.txt").write_text(seed("anning"), encoding="utf-8")
    measures = pc.extract_measures(pc.load_corpus(folder))
    plain = measures[measures["doc_id"] == "huaxi"]
    lines = [line for line in text.splitlines() if line.strip()]
    # The title is the front matter; the five section titles, now bare lines, head the paragraph below them,
    # and every other non-empty line is a paragraph.
    titles = ["指导思想", "目标任务", "工作措施", "实施步骤", "强化保障"]
    assert [line.strip() for line in lines if line.strip() in titles] == titles
    assert plain["kind"].tolist() == ["front_matter"] + ["paragraph"] * (len(lines) - 1 - len(titles))
    assert all(plain["text"].str.startswith(title).any() for title in titles)
    assert plain["heading"].iloc[0] == lines[0] == "花溪区公办普通高中振兴行动计划"
    status, _, err = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    assert "note: huaxi has no numbering; split into paragraphs" in err and "anning" not in err


# ---------------------------------------------------------------- Markdown files

MARKDOWN_PLAN = "# 青山县教育方案\n\n## 一、主要任务\n\n- **（一）优化学校布局。** 新建学校8所。\n- **（二）加强教师培训。** 每年培训5000人次。\n\n> 注：本方案自印发之日起施行。\n"


def test_markdown_markup_is_removed_from_a_md_plan_and_recorded(folder):
    (folder / "plan.md").write_text(MARKDOWN_PLAN, encoding="utf-8")
    (folder / "plan_as_text.txt").write_text(MARKDOWN_PLAN, encoding="utf-8")
    corpus = pc.load_corpus(folder)
    doc = corpus["plan"]
    assert doc.text == "青山县教育方案\n\n一、主要任务\n\n（一）优化学校布局。 新建学校8所。\n（二）加强教师培训。 每年培训5000人次。\n\n注：本方案自印发之日起施行。\n"
    assert doc.cleaning["reason"].value_counts().to_dict() == {
        "markdown markup: bold": 4, "markdown markup: heading mark": 2, "markdown markup: list bullet": 2, "markdown markup: quote mark": 1}
    measures = pc.extract_measures(corpus)
    assert measures.loc[measures["doc_id"] == "plan", "heading"].tolist()[2:] == ["优化学校布局", "加强教师培训"]
    # Every raw character is in the text or in the cleaning record.
    assert len(doc.text) + sum(len(r) for r in doc.cleaning["removed"]) == len(doc.raw)
    # A .txt keeps its characters: ** in a text file is text.
    assert corpus["plan_as_text"].text == MARKDOWN_PLAN


# ---------------------------------------------------------------- Word files

def make_docx(path, lines, *, table_after=None):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for k, line in enumerate(lines):
        document.add_paragraph(line)
        if k == table_after:
            table = document.add_table(rows=2, cols=3)
            table.cell(0, 0).merge(table.cell(0, 1)).text = "任务"
            table.cell(0, 2).text = "责任单位"
            table.cell(1, 0).text = "新建学校"
            table.cell(1, 1).text = "2025年"
            table.cell(1, 2).text = "区教育局"
    document.save(path)


def test_word_list_numbers_are_written_out_as_word_shows_them(folder):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、主要任务")
    # "List Number" numbers through the whole document (1. 2. 3.), across the sections between.
    document.add_paragraph("（一）优化布局")
    document.add_paragraph("新建学校。", style="List Number")
    document.add_paragraph("扩充学位。", style="List Number")
    document.add_paragraph("（二）建设队伍")
    document.add_paragraph("加强培训。", style="List Number")
    document.add_paragraph("不编号的要点。", style="List Bullet")
    document.save(folder / "auto.docx")
    text = pc.load_document(folder / "auto.docx").text
    assert text == "一、主要任务\n（一）优化布局\n1.新建学校。\n2.扩充学位。\n（二）建设队伍\n3.加强培训。\n• 不编号的要点。"
    measures = pc.extract_measures(pc.load_corpus(folder))
    assert measures.loc[measures["kind"] == "measure", ["measure_id", "heading"]].values.tolist() == [
        ["auto:1.1.1", "新建学校"], ["auto:1.1.2", "扩充学位"], ["auto:1.2.3", "加强培训"]]
    # The bullet is an item of the numbered unit above it.
    assert measures.loc[measures["kind"] == "item", ["measure_id", "label", "heading"]].values.tolist() == [["auto:1.2.3.1", "•", "不编号的要点"]]


def test_a_word_list_number_before_a_figure_is_parted_from_it(folder):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、主要任务")
    document.add_paragraph("扩充学位。", style="List Number")
    document.add_paragraph("1.5亿元用于新建学校。", style="List Number")
    document.save(folder / "figure.docx")
    # Not 2.1.5亿元: one number of three levels, a measure 2.1.5 of the outline.
    assert pc.load_document(folder / "figure.docx").text == "一、主要任务\n1.扩充学位。\n2. 1.5亿元用于新建学校。"
    measures = pc.extract_measures(pc.load_corpus(folder))
    assert measures.loc[measures["kind"] == "measure", "label"].tolist() == ["1.", "2."]


def _numbered_document(levels):
    """A Word document whose "List Number" list has the given levels, (numFmt, lvlText[, suff]), and a function adding an item at a level."""
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(style_num))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    for level in abstract.findall(qn("w:lvl")):
        abstract.remove(level)
    for ilvl, (fmt, text, *suffix) in enumerate(levels):
        level = abstract.makeelement(qn("w:lvl"), {qn("w:ilvl"): str(ilvl)})
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), *((("w:suff", suffix[0]),) if suffix else ()), ("w:lvlText", text)):
            level.append(level.makeelement(qn(tag), {qn("w:val"): value}))
        abstract.append(level)

    def item(text, ilvl):
        paragraph = document.add_paragraph(text, style="List Number")
        properties = paragraph._p.get_or_add_pPr()
        numbers = properties.get_or_add_numPr()
        numbers.get_or_add_ilvl().val = ilvl
        numbers.get_or_add_numId().val = style_num

    return document, item


def test_word_chinese_list_numbers_and_levels(folder):
    # The list behind "List Number" with two levels: 一、 and （一）.
    document, item = _numbered_document((("chineseCounting", "%1、"), ("chineseCounting", "（%2）")))
    for text, ilvl in (("总体要求", 0), ("主要任务", 0), ("扩充学位。", 1), ("加强培训。", 1), ("保障措施", 0), ("加强领导。", 1)):
        item(text, ilvl)
    document.save(folder / "levels.docx")
    assert pc.load_document(folder / "levels.docx").text == "一、总体要求\n二、主要任务\n（一）扩充学位。\n（二）加强培训。\n三、保障措施\n（一）加强领导。"


def test_word_numbers_without_a_last_dot_keep_the_gap_word_shows(folder):
    # A list numbered 1 / 1.1 / 1.1.1 as in a technical standard: Word shows a tab after each number.
    document, item = _numbered_document((("decimal", "%1"), ("decimal", "%1.%2"), ("decimal", "%1.%2.%3", "space"), ("decimal", "%1.%2.%3.%4", "nothing")))
    for text, ilvl in (("总则", 0), ("指导思想。", 1), ("主要任务", 0), ("扩充学位", 1), ("新建学校。", 2), ("改扩建学校。", 2), ("加强培训。", 1), ("附注。", 3)):
        item(text, ilvl)
    document.save(folder / "standard.docx")
    text = pc.load_document(folder / "standard.docx").text
    assert text == "1 总则\n1.1 指导思想。\n2 主要任务\n2.1 扩充学位\n2.1.1 新建学校。\n2.1.2 改扩建学校。\n2.2 加强培训。\n2.2.1.1附注。"
    measures = pc.extract_measures(pc.load_corpus(folder))
    assert measures[["measure_id", "label", "heading"]].values.tolist()[1:8] == [
        ["standard:1", "1", "总则"], ["standard:1.1", "1.1", "指导思想"], ["standard:2", "2", "主要任务"],
        ["standard:2.1", "2.1", "扩充学位"], ["standard:2.1.1", "2.1.1", "新建学校"], ["standard:2.1.2", "2.1.2", "改扩建学校"],
        ["standard:2.2", "2.2", "加强培训"],
    ]


# ---------------------------------------------------------------- bulleted items, in all three forms

BULLET_ROWS = [
    ["plan:0", "", "front_matter", "", "青山县课后服务提质方案"],
    ["plan:1", "", "section", "一、", "主要措施"],
    ["plan:1.3", "plan:1", "measure", "3.", "开展特色教育活动"],
    ["plan:1.3.1", "plan:1.3", "item", "•", "建设青山航天科普基地"],
    ["plan:1.3.2", "plan:1.3", "item", "•", "开展游泳安全技能普及"],
    ["plan:1.3.3", "plan:1.3", "item", "•", "强化经费保障"],
    ["plan:2", "", "section", "二、", "组织保障"],
]
BULLET_ITEMS = ["建设青山航天科普基地，组织学生开展研学。", "开展游泳安全技能普及，每年培训学生。", "强化经费保障，纳入县财政预算。"]


def bullet_rows(measures):
    return measures[["measure_id", "parent_id", "kind", "label", "heading"]].values.tolist()


def test_markdown_bullets_under_a_number_are_its_items(folder):
    raw = "# 青山县课后服务提质方案\n\n## 一、主要措施\n\n3. 开展特色教育活动\n" + "".join(f"{mark} {item}\n" for mark, item in zip("-*+", BULLET_ITEMS)) + "\n## 二、组织保障\n"
    (folder / "plan.md").write_text(raw, encoding="utf-8")
    doc = pc.load_corpus(folder)["plan"]
    assert doc.text == "青山县课后服务提质方案\n\n一、主要措施\n\n3. 开展特色教育活动\n" + "".join(f"• {item}\n" for item in BULLET_ITEMS) + "\n二、组织保障\n"
    bullets = doc.cleaning[doc.cleaning["reason"] == "markdown markup: list bullet"]
    assert bullets[["removed", "replacement"]].values.tolist() == [["-", "•"], ["*", "•"], ["+", "•"]]
    measures = pc.extract_measures(doc)
    assert bullet_rows(measures) == BULLET_ROWS
    assert measures["text"].tolist()[3:6] == [f"• {item}\n" for item in BULLET_ITEMS[:2]] + [f"• {BULLET_ITEMS[2]}\n\n"]
    # Each item's raw span is its line of the file, from its "-", "*" or "+".
    assert [raw[s:e] for s, e in zip(measures["raw_start"][3:6], measures["raw_end"][3:6])] == [f"{m} {item}\n" for m, item in zip("-*", BULLET_ITEMS)] + [f"+ {BULLET_ITEMS[2]}\n\n"]


def test_docx_bullets_under_a_number_are_its_items(folder):
    docx = pytest.importorskip("docx")
    # Word's List Bullet style, its list's glyph the Symbol font's bullet, as in a draft typed in Word.
    document = docx.Document()
    for line in ("青山县课后服务提质方案", "一、主要措施", "3. 开展特色教育活动"):
        document.add_paragraph(line)
    for item in BULLET_ITEMS:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("二、组织保障")
    document.save(folder / "plan.docx")
    doc = pc.load_document(folder / "plan.docx")
    assert doc.text == "青山县课后服务提质方案\n一、主要措施\n3. 开展特色教育活动\n" + "".join(f"• {item}\n" for item in BULLET_ITEMS) + "二、组织保障"
    measures = pc.extract_measures(doc)
    assert bullet_rows(measures) == BULLET_ROWS
    assert measures["text"].tolist()[3:6] == [f"• {item}\n" for item in BULLET_ITEMS]


def test_docx_bullets_of_a_word_list_and_of_a_bullet_style_without_its_list(folder):
    # A list Word numbers 1. with bullets at its second level; no gap after a bullet set to show nothing.
    document, item = _numbered_document((("decimal", "%1."), ("bullet", "\uf0b7"), ("bullet", "o", "nothing")))
    for text, ilvl in (("开展特色教育活动", 0), ("建设科普基地。", 1), ("组织研学。", 2), ("开展游泳培训。", 1), ("深化课后服务", 0)):
        item(text, ilvl)
    document.save(folder / "levels.docx")
    doc = pc.load_document(folder / "levels.docx")
    assert doc.text == "1.开展特色教育活动\n• 建设科普基地。\n•组织研学。\n• 开展游泳培训。\n2.深化课后服务"
    assert pc.extract_measures(doc)[["measure_id", "label", "heading"]].values.tolist()[1:] == [
        ["levels:1", "1.", "开展特色教育活动"], ["levels:1.1", "•", "建设科普基地"], ["levels:1.2", "•", "组织研学"],
        ["levels:1.3", "•", "开展游泳培训"], ["levels:2", "2.", "深化课后服务"]]

    # A List Bullet style that lost its list still shows a bullet; a paragraph taken out of the list (numId 0) does not.
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.styles["List Bullet"].element.pPr._remove_numPr()
    document.add_paragraph("1.开展特色教育活动")
    document.add_paragraph("建设科普基地。", style="List Bullet")
    unlisted = document.add_paragraph("不是要点的说明。", style="List Bullet 2")
    unlisted._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
    document.save(folder / "styles.docx")
    assert pc.load_document(folder / "styles.docx").text == "1.开展特色教育活动\n• 建设科普基地。\n不是要点的说明。"


def test_txt_bullets_under_a_number_are_its_items_and_a_hyphen_only_before_text(folder):
    raw = ("青山县课后服务提质方案\n• 前言中的要点不是措施。\n一、主要措施\n3. 开展特色教育活动\n"
           f"● {BULLET_ITEMS[0]}\n- 5%的学生参加。\n- {BULLET_ITEMS[1]}\n■{BULLET_ITEMS[2]}\n二、组织保障\n")
    (folder / "plan.txt").write_text(raw, encoding="utf-8")
    doc = pc.load_corpus(folder)["plan"]
    assert doc.text == raw and not doc.edits
    measures = pc.extract_measures(doc)
    assert measures[["measure_id", "label", "heading", "text"]].values.tolist() == [
        ["plan:0", "", "青山县课后服务提质方案", "青山县课后服务提质方案\n• 前言中的要点不是措施。\n"],
        ["plan:1", "一、", "主要措施", "一、主要措施\n"],
        ["plan:1.3", "3.", "开展特色教育活动", "3. 开展特色教育活动\n"],
        ["plan:1.3.1", "●", "建设青山航天科普基地", f"● {BULLET_ITEMS[0]}\n- 5%的学生参加。\n"],
        ["plan:1.3.2", "-", "开展游泳安全技能普及", f"- {BULLET_ITEMS[1]}\n"],
        ["plan:1.3.3", "■", "强化经费保障", f"■{BULLET_ITEMS[2]}\n"],
        ["plan:2", "二、", "组织保障", "二、组织保障\n"],
    ]


def test_a_bulleted_draft_is_compared_bullet_by_bullet(folder):
    # Three tiny peers: smart campuses in yi and bing, funding in jia and yi, meals in none.
    peers = pc.Corpus([pc.load_document_from_text(text, doc_id=doc_id) for doc_id, text in (
        ("jia", "甲区教育提升方案\n\n一、主要措施\n\n（一）加大经费投入。区财政每年安排专项经费，保障生均公用经费足额拨付。\n\n（二）推进集团化办学。组建教育集团，由优质学校托管帮扶薄弱学校。\n"),
        ("yi", "乙县教育发展方案\n\n一、重点任务\n\n（一）完善经费保障机制。县财政足额拨付生均公用经费，设立专项经费。\n\n（二）实施托管帮扶。优质学校托管帮扶薄弱学校，组建教育集团。\n\n（三）建设智慧校园。建设智慧教室，推进信息技术与教学融合。\n"),
        ("bing", "丙市教育行动方案\n\n一、工作措施\n\n（一）扩大学前教育资源。新建公办幼儿园，扩大普惠性学位供给。\n\n（二）建设智慧校园。建设智慧教室，推进信息技术与课堂教学深度融合。\n"),
    )])
    (folder / "ding.md").write_text(
        "# 丁区教育方案草案\n\n## 一、主要举措\n\n（一）开展特色教育活动\n"
        "- 建设智慧校园，建设智慧教室，推进信息技术与教学融合。\n- 改善学生营养，实施学生营养餐计划，保障午餐质量。\n- 保障教育经费，区财政足额拨付生均公用经费，安排专项经费。\n",
        encoding="utf-8")
    check = pc.compare_draft(folder / "ding.md", peers)
    # Three measures, one per bullet: the funding and the smart campus each match their peers, and the meals are unique.
    assert check.n_measures == 3
    assert sorted(set(map(tuple, check.matches[["measure_id", "peer_measure"]].values.tolist()))) == [
        ("ding:1.1.1", "bing:1.2"), ("ding:1.1.1", "yi:1.3"), ("ding:1.1.3", "jia:1.1"), ("ding:1.1.3", "yi:1.1")]
    assert check.unique[["measure_id", "heading"]].values.tolist() == [["ding:1.1.2", "改善学生营养"]]
    assert check.gaps["evidence"].tolist() == ["jia:1.2;yi:1.2"]


def test_a_real_plan_as_docx(folder, tmp_path, capsys):
    text = seed("huaxi")
    make_docx(folder / "huaxi.docx", text.split("\n"))
    (folder / "qixing.txt").write_text(seed("qixing"), encoding="utf-8")
    corpus = pc.load_corpus(folder)
    assert (corpus["huaxi"].text, corpus["huaxi"].encoding) == (text, "docx")
    expected = pc.extract_measures(load_document_from_text(text, doc_id="huaxi"))
    assert pc.extract_measures(corpus["huaxi"]).equals(expected)

    assert documents_by_cli(folder, tmp_path, capsys)[["doc_id", "encoding"]].values.tolist() == [["huaxi", "docx"], ["qixing", "utf-8"]]
    status, table, _ = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    same_measures(table[table["doc_id"] == "huaxi"].reset_index(drop=True), expected)


def test_a_docx_table_is_read_in_place_and_merged_cells_once(folder, tmp_path, capsys):
    make_docx(folder / "draft.docx", ["一、主要任务", "（一）扩充学位。", "二、保障措施"], table_after=1)
    doc = pc.load_corpus(folder)["draft"]
    assert doc.text == "一、主要任务\n（一）扩充学位。\n任务\t责任单位\n新建学校\t2025年\t区教育局\n二、保障措施"
    status, table, _ = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0
    assert table["measure_id"].tolist() == ["draft:0", "draft:1", "draft:1.1", "draft:2"]


def _docx_with_hidden_text(path):
    """A .docx with text that its paragraphs and tables do not reach, beside ordinary text."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    document = docx.Document()
    body = document.element.body
    # A text box, drawn (mc:Choice) with a copy for old programs (mc:Fallback) that counts once.
    body.insert(0, parse_xml(f'<w:p {w} {mc}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>文本框</w:t></mc:Choice>'
                             '<mc:Fallback><w:t>文本框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>'))
    document.add_paragraph("一、主要任务")
    item = document.add_paragraph("（一）新建学校")
    # A tracked insertion (read by no one here) and a tracked deletion (not shown by Word, so not counted).
    item._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="审核人" w:date="2024-01-01T00:00:00Z"><w:r><w:t>，扩充学位</w:t></w:r></w:ins>'))
    item._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="审核人" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>旧文字</w:delText></w:r></w:del>'))
    # A content control around a whole paragraph.
    body.insert(len(body) - 1, parse_xml(f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>（二）加强培训。</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    # A table inside a table cell.
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "外层"
    cell.add_table(rows=1, cols=1).cell(0, 0).text = "嵌套"
    document.save(path)


def test_ordinary_word_files_draw_no_warning(folder):
    # Tables and Word's own numbering are read, so nothing is left unsaid.
    import warnings

    make_docx(folder / "plain.docx", ["一、主要任务", "（一）扩充学位。"], table_after=0)
    document, item = _numbered_document((("chineseCounting", "%1、"),))
    item("总体要求", 0)
    document.save(folder / "numbered.docx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pc.load_document(folder / "plain.docx").text.startswith("一、主要任务\n任务\t责任单位")
        assert pc.load_document(folder / "numbered.docx").text == "一、总体要求"


def _docx_with_text_outside_the_body(path):
    """A .docx with a letterhead in its page header, a page footer, one footnote and one comment."""
    docx = pytest.importorskip("docx")
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "安宁市教育体育局文件"
    document.sections[0].footer.paragraphs[0].text = "第 页"
    document.add_paragraph("一、主要任务")
    document.add_paragraph("（一）新建学校。")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    kinds = (("footnotes", RELATIONSHIP_TYPE.FOOTNOTES, '<w:footnote w:id="1"><w:p><w:r><w:t>学位数以2023年为基数。</w:t></w:r></w:p></w:footnote>'),
             ("comments", RELATIONSHIP_TYPE.COMMENTS, '<w:comment w:id="0" w:author="审核人"><w:p><w:r><w:t>请核实</w:t></w:r></w:p></w:comment>'))
    for name, relationship, inner in kinds:
        blob = f"<w:{name} {w}>{inner}</w:{name}>".encode()
        part = Part(PackURI(f"/word/{name}.xml"), f"application/vnd.openxmlformats-officedocument.wordprocessingml.{name}+xml", blob, document.part.package)
        document.part.relate_to(part, relationship)
    document.save(path)


def _docx_with_drawings(path):
    """A .docx with text in a SmartArt diagram, a chart and legacy WordArt (a letterhead), none of it in the body's text runs."""
    docx = pytest.importorskip("docx")
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    dgm = 'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"'
    c = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
    document = docx.Document()
    document.element.body.insert(0, parse_xml(f'<w:p {w} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict><v:shape type="#_x0000_t136">'
                                              '<v:textpath string="花溪区人民政府文件"/></v:shape></w:pict></w:r></w:p>'))
    document.add_paragraph("一、主要任务")
    points = "".join(f'<dgm:pt modelId="{k}"><dgm:t><a:p><a:r><a:t>{text}</a:t></a:r></a:p></dgm:t></dgm:pt>' for k, text in enumerate(["领导小组", "组长：分管副区长"]))
    # The series' values (90, 95) are the chart's data, not text.
    strings = "".join(f'<c:pt idx="{k}"><c:v>{text}</c:v></c:pt>' for k, text in enumerate(["2023年", "2025年"]))
    chart = (f'<c:chartSpace {c} {a}><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>毛入学率目标</a:t></a:r></a:p></c:rich></c:tx></c:title>'
             '<c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>毛入学率</c:v></c:pt></c:strCache></c:strRef></c:tx>'
             f'<c:cat><c:strRef><c:strCache>{strings}</c:strCache></c:strRef></c:cat>'
             '<c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>90</c:v></c:pt><c:pt idx="1"><c:v>95</c:v></c:pt></c:numCache></c:numRef></c:val>'
             '</c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>')
    parts = (("diagrams/data1.xml", "openxmlformats-officedocument.drawingml.diagramData", "diagramData", f"<dgm:dataModel {a} {dgm}><dgm:ptLst>{points}</dgm:ptLst></dgm:dataModel>"),
             # The drawing Word keeps of the diagram repeats its text: counted once, from the data.
             ("diagrams/drawing1.xml", "ms-office.drawingml.diagramDrawing", "diagramDrawing", f"<dgm:drawing {a} {dgm}><a:t>领导小组</a:t></dgm:drawing>"),
             ("charts/chart1.xml", "openxmlformats-officedocument.drawingml.chart", "chart", chart))
    for name, kind, relationship, xml in parts:
        part = Part(PackURI(f"/word/{name}"), f"application/vnd.{kind}+xml", xml.encode(), document.part.package)
        document.part.relate_to(part, f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{relationship}")
    document.add_paragraph("（一）新建学校。")
    document.save(path)


def _docx_with_a_watermark(path):
    """A .docx whose page header draws Word's text watermark, legacy WordArt."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    document.sections[0].header.paragraphs[0]._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
        '<v:shape type="#_x0000_t136"><v:textpath string="征求意见稿"/></v:shape></w:pict></w:r>'))
    document.add_paragraph("一、主要任务")
    document.save(path)


@pytest.mark.parametrize(("name", "make", "unread", "text"), [
    # Unread: 文本框 3, ，扩充学位 5, （二）加强培训。 8, 嵌套 2; read: 一、主要任务 6, （一）新建学校 7, 外层 2.
    # The cell ends with the empty paragraph Word puts after a table.
    ("tracked.docx", _docx_with_hidden_text,
     "18 of its 33 characters were not read: they are in text boxes, content controls, tracked insertions, fields or tables inside tables; "
     "accept the tracked changes or move that text into ordinary paragraphs and tables", "\n一、主要任务\n（一）新建学校\n外层\n"),
    # Header 安宁市教育体育局文件 10, footer 第页 2, footnote 学位数以2023年为基数。 13, comment 请核实 3.
    ("letterhead.docx", _docx_with_text_outside_the_body,
     "text outside the body was not read: 10 characters in page headers, 2 in page footers, 13 in footnotes, 3 in comments; "
     "copy any of it that belongs to the plan into the body", "一、主要任务\n（一）新建学校。"),
    # Read: 一、主要任务 6, （一）新建学校。 8; not: the chart's 毛入学率目标, 毛入学率, 2023年, 2025年 20, the diagram's 12, the WordArt's 9.
    ("drawings.docx", _docx_with_drawings,
     "41 of its 55 characters were not read: 20 characters in charts, 12 in SmartArt diagrams, 9 in WordArt; "
     "copy any of it that belongs to the plan into ordinary paragraphs", "\n一、主要任务\n（一）新建学校。"),
    ("watermark.docx", _docx_with_a_watermark,
     "text outside the body was not read: 5 characters in page headers; copy any of it that belongs to the plan into the body", "一、主要任务"),
])  # fmt: skip
def test_docx_text_that_is_not_read_is_counted_in_a_warning(folder, tmp_path, capsys, name, make, unread, text):
    path = folder / name
    make(path)
    message = f"{path}: {unread}"
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        doc = pc.load_document(path)
    assert doc.text == text
    status, _, err = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0 and err.splitlines()[0] == f"policycompare: warning: {message}"


def _docx_with_hyphens_beside(path, *, unread):
    """A .docx whose read text holds characters Word draws from marks, not from text runs: hyphens, a tab, a break."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    run = document.add_paragraph("（一）加强领导。完成时间2023").runs[0]._r
    for mark in ["<w:noBreakHyphen/>", "<w:t>1</w:t>"] * 9 + ["<w:tab/>", "<w:br/>", "<w:softHyphen/>"]:
        run.append(parse_xml(mark.replace("/>", f" {w}/>").replace("<w:t>", f"<w:t {w}>")))
    # Text in a hyperlink is read: it is none of the text left out.
    document.add_paragraph("详见")._p.append(parse_xml(f'<w:hyperlink {w} {r} r:id="rId99"><w:r><w:t>附件</w:t></w:r></w:hyperlink>'))
    if unread:
        body = document.element.body
        body.insert(len(body) - 1, parse_xml(f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>{unread}</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
    document.add_paragraph("（二）完善机制。")
    document.save(path)


def test_docx_text_not_read_is_counted_when_word_draws_as_many_characters_without_text(folder):
    # Each non-breaking hyphen reads as "-" but is no text run: nine of them once hid nine unread characters.
    import warnings

    read = "一、总体要求\n（一）加强领导。完成时间2023" + "-1" * 9 + "\t\n\n详见附件\n（二）完善机制。"
    _docx_with_hyphens_beside(folder / "silent.docx", unread="（三）落实县管校聘")
    message = (f"{folder / 'silent.docx'}: 9 of its 52 characters were not read: they are in text boxes, content controls, tracked insertions, "
               "fields or tables inside tables; accept the tracked changes or move that text into ordinary paragraphs and tables")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        assert pc.load_document(folder / "silent.docx").text == read
    _docx_with_hyphens_beside(folder / "plain.docx", unread="")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pc.load_document(folder / "plain.docx").text == read

def test_doc_ids_differing_only_in_case_are_warned_of(folder, tmp_path, capsys):
    # Both load on a case-sensitive file system; their report files would be one file on Windows and macOS.
    (folder / "Anning.txt").write_text("安宁方案\n一、主要任务\n（一）新建学校。\n", encoding="utf-8")
    (folder / "anning.txt").write_text("安宁草案\n一、主要任务\n（一）扩充学位。\n", encoding="utf-8")
    message = (f"{folder}: doc ids 'Anning' and 'anning' differ only in case: files named after them (a report's figures "
               "and graphs) overwrite each other on Windows and macOS; rename one")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        corpus = pc.load_corpus(folder)
    assert corpus.doc_ids == ["Anning", "anning"]
    status, table, err = measures_by_cli(folder, tmp_path, capsys)
    assert status == 0 and f"policycompare: warning: {message}" in err.splitlines()
    assert set(table["doc_id"]) == {"Anning", "anning"}


def test_a_docx_with_a_damaged_footnotes_part_is_refused_in_one_line(folder, tmp_path, capsys):
    docx = pytest.importorskip("docx")
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph("一、主要任务")
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    document.part.relate_to(Part(PackURI("/word/footnotes.xml"), content_type, b"<w:footnotes><w:footnote>", document.part.package),
                            RELATIONSHIP_TYPE.FOOTNOTES)
    path = folder / "damaged.docx"
    document.save(path)
    with pytest.raises(pc.PolicyCompareError, match=rf"^{re.escape(str(path))}: not a readable \.docx file \(damaged XML inside: .+\)$"):
        pc.load_document(path)
    status, _, err = measures_by_cli(folder, tmp_path, capsys)
    assert status != 0 and len(err.strip().splitlines()) == 1 and "damaged XML inside" in err


@pytest.mark.parametrize("ending", ["\r", "\u2028", "\x0b"])
def test_warnings_name_the_line_of_an_old_mac_or_unicode_separated_file(tmp_path, ending):
    # The same line as an editor shows: line 4 holds 三、, whatever ends the lines.
    path = tmp_path / "a.txt"
    path.write_text(ending.join(["计划", "一、总体要求", "坚持立德树人。", "三、主要任务", "扩大资源。", ""]), encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"line 4: the list skips from '一、' to '三、'"):
        pc.extract_measures(pc.load_document(path))


@pytest.mark.parametrize("text", ["一、總體要求", "一、總體要求\n（一）加強領導。"])
def test_big5_is_told_from_gb18030_even_in_one_short_line(tmp_path, text):
    # GB18030 decodes these Big5 bytes too, into private-use characters and rare hanzi (\ue5e6\ue4c8羆砰…).
    path = tmp_path / "plan.txt"
    path.write_bytes(text.encode("big5"))
    assert pc.read_text(path) == (text, "big5")


def test_text_copied_out_of_word_with_manual_line_breaks_keeps_its_outline(tmp_path):
    # Shift+Enter in Word is a vertical tab in the copied text: each one starts a line, however many there are.
    lines = ["计划", "一、总体要求", "（一）加强领导。", "（二）完善机制。", "二、主要任务", "（一）扩大资源。", "（二）提高质量。"]
    path = tmp_path / "word.txt"
    path.write_text("\x0b".join(lines) + "\n", encoding="utf-8")
    measures = pc.extract_measures(pc.load_document(path))
    assert measures.loc[measures["depth"] == 2, "measure_id"].tolist() == ["word:1.1", "word:1.2", "word:2.1", "word:2.2"]


# ---------------------------------------------------------------- invisible characters and line ends in a copy of a plan

@pytest.mark.parametrize("hidden", ["\u00ad", "\u200e", "\u2063", "\u180e", "\ufe0f", "\u202a", "\u2066"],
                         ids=["soft hyphen", "LRM", "invisible separator", "Mongolian vowel separator", "VS16", "LRE", "LRI"])
def test_a_copy_with_invisible_characters_inside_its_words_is_the_same_plan(tmp_path, hidden):
    # Kept, each parted every 普通高中: the copy, which looks the same, scored 0.41 against its plan and had no keyword 普通高中.
    plan = seed("huaxi")
    (tmp_path / "plain.txt").write_text(plan, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(plan.replace("普通高中", f"普通{hidden}高中"), encoding="utf-8")
    corpus = pc.load_corpus(tmp_path)
    assert corpus["copy"].text == corpus["plain"].text
    assert pc.compute_similarity(corpus).loc["copy", "plain"] == pytest.approx(1.0)
    removed = corpus["copy"].cleaning
    assert (removed["removed"] == hidden).sum() == plan.count("普通高中") == len(removed)
    assert removed["reason"].str.startswith("invisible character (").all()


@pytest.mark.parametrize("newline", ["\r", "\u2028"], ids=["CR", "line separator"])
def test_the_bundled_compilation_with_other_line_ends_splits_into_the_same_parts(corpus, tmp_path, newline):
    # The part finder looked for a marker only after "\n": 篇一 was "not found at the start of a line".
    source = (SEEDS / "collection.txt").read_text(encoding="utf-8")
    (tmp_path / "collection.txt").write_bytes(source.replace("\n", newline).encode("utf-8"))
    manifest = (SEEDS / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "manifest.csv").write_text(manifest[0] + "".join(line for line in manifest if ",collection.txt," in line), encoding="utf-8")
    loaded = pc.load_corpus(tmp_path)
    ids = [f"collection-{i:02d}" for i in range(1, 11)]
    assert loaded.doc_ids == ids
    assert [loaded[i].text for i in ids] == [corpus[i].text for i in ids]


# ---------------------------------------------------------------- plans read from a pipe, a named pipe or standard input

NEEDS_PIPES = pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.isdir("/dev/fd"), reason="named pipes and /dev/fd are POSIX")
# One plan, and the same plan eight times over: longer than the 64 KB looked at before the rest is read.
PIPED = {"one plan": seed("huaxi"), "past 64 KB": seed("huaxi") * 8}


@contextlib.contextmanager
def fed_pipe(data):
    """The path (``/dev/fd/N``) of the reading end of a pipe a thread writes ``data`` into."""
    read_end, write_end = os.pipe()

    def write():
        with open(write_end, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield f"/dev/fd/{read_end}"
    finally:
        os.close(read_end)
        writer.join(timeout=10)


@contextlib.contextmanager
def fed_fifo(path, data):
    """A named pipe at ``path`` a thread writes ``data`` into once opened.

    Once the data is written, each later opening of the pipe is met by a
    writer that closes at once, so that a reader opening it a second time
    reads an end of file instead of waiting for ever.
    """
    os.mkfifo(path)
    done = threading.Event()

    def write():
        with open(path, "wb") as fifo:
            fifo.write(data)
        while not done.wait(0.05):
            with contextlib.suppress(OSError):  # ENXIO: no reader has the pipe open
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        yield path
    finally:
        done.set()
        writer.join(timeout=10)


@NEEDS_PIPES
@pytest.mark.parametrize("plan", PIPED.values(), ids=PIPED.keys())
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_plan_is_read_whole_from_a_pipe(plan, encoding):
    with fed_pipe(plan.encode(encoding)) as path:
        assert pc.read_text(path) == (plan, encoding)


@NEEDS_PIPES
@pytest.mark.parametrize("plan", PIPED.values(), ids=PIPED.keys())
def test_a_plan_is_read_whole_from_a_named_pipe(tmp_path, plan):
    with fed_fifo(tmp_path / "plan.txt", plan.encode("gb18030")) as path:
        assert pc.read_text(path) == (plan, "gb18030")


@NEEDS_PIPES
@pytest.mark.parametrize("plan", PIPED.values(), ids=PIPED.keys())
def test_a_saved_page_is_read_from_a_named_pipe_as_from_its_file(tmp_path, plan):
    page = plan_page(plan).encode("gb18030")
    (tmp_path / "saved.html").write_bytes(page)
    site = r": 64 of its \d+ characters are in the site's menus, link lists and footer"
    with pytest.warns(pc.PolicyCompareWarning, match=r"saved\.html" + site):
        saved = pc.read_text(tmp_path / "saved.html")
    with fed_fifo(tmp_path / "piped.html", page) as path, pytest.warns(pc.PolicyCompareWarning, match=r"piped\.html" + site):
        assert pc.read_text(path) == saved
    assert saved[1] == "html/gb18030"


@NEEDS_PIPES
def test_cli_draft_reads_the_draft_from_standard_input(tmp_path):
    # cat plan.txt | policycompare draft /dev/stdin
    done = subprocess.run([sys.executable, "-m", "policycompare", "draft", "/dev/stdin", "--peers", "anning,qixing", "-o", str(tmp_path / "out")],
                          input=seed("huaxi").encode("gb18030"), capture_output=True)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stdout.splitlines()[0] == b"draft 'stdin': 23 measures, compared with 2 peers (anning, qixing)"
