import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare import PolicyCompareError
from policycompare.reading import _CJK, decode_bytes, read_text

PLAN = "一、总体要求\r\n（一）加强党的领导。到2025年，毛入学率达到96%以上。\r\n"
TRADITIONAL = "一、總體要求\n（一）加強黨的領導，推進縣管校聘改革。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PLAN.encode("utf-8"), "utf-8-sig"),
        (PLAN.encode("utf-16"), "utf-16"),
        (PLAN.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), "utf-16"),
        (PLAN.encode("gb18030"), "gb18030"),
        (PLAN.encode("gbk"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (TRADITIONAL.encode("gb18030"), "gb18030"),
    ],
)
def test_decode_bytes_detects_encoding(data, encoding):
    text, found = decode_bytes(data)
    assert found == encoding
    assert text in (PLAN, TRADITIONAL)


def test_decode_keeps_windows_line_endings():
    assert decode_bytes(PLAN.encode("gb18030"))[0].count("\r\n") == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\t \r\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(128, 256)) * 4, "cannot decode|binary"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "not valid utf-8-sig"),
    ],
)
def test_decode_refuses_bad_bytes_naming_the_file(data, message):
    with pytest.raises(PolicyCompareError, match=rf"^plan\.txt: .*({message})"):
        decode_bytes(data, path="plan.txt")


def test_read_text_missing_file(tmp_path):
    with pytest.raises(PolicyCompareError, match=r"nope\.txt: no such file$"):
        read_text(tmp_path / "nope.txt")


def test_read_text_folder(tmp_path):
    with pytest.raises(PolicyCompareError, match="is a folder"):
        read_text(tmp_path)


def test_read_text_pdf_is_refused_with_advice(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 ...")
    with pytest.raises(PolicyCompareError, match=r"plan\.pdf: \.pdf files are not read; save the plan as \.docx or \.txt"):
        read_text(path)


def test_read_docx(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("（一）推进县管校聘改革。")
    path = tmp_path / "draft.docx"
    document.save(path)
    assert read_text(path) == ("一、总体要求\n（一）推进县管校聘改革。", "docx")


def test_read_broken_docx(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PolicyCompareError, match=r"draft\.docx: not a readable \.docx file"):
        read_text(path)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cs",)), min_size=1, max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-32"]),
)
def test_any_text_in_a_supported_encoding_loads_or_is_refused_clearly(text, encoding):
    data = text.encode(encoding)
    try:
        decoded, _ = decode_bytes(data, path="x.txt")
    except PolicyCompareError as err:
        assert str(err).startswith("x.txt: ")
        assert "\n" not in str(err)
    else:
        # A plan holds Chinese; for such text whatever is accepted is what was written.
        # (Text of only non-CJK letters is ambiguous between UTF-8 and GB18030 by nature.)
        if _CJK.search(text):
            assert decoded == text


# Everyday characters: GB2312's level-1 hanzi (byte rows B0–D7).
COMMON_HANZI = "".join(bytes([row, col]).decode("gb2312") for row in range(0xB0, 0xD8) for col in range(0xA1, 0xFF) if (row, col) != (0xD7, 0xFA) and not (row == 0xD7 and col > 0xF9))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(COMMON_HANZI + "，。、；：（）《》“”0123456789\n"), min_size=2, max_size=200).filter(_CJK.search))
def test_plain_chinese_roundtrips_through_gb18030(text):
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_text_from_pdftotext_with_a_form_feed_per_page_is_read(tmp_path):
    # Thirty pages, each ended by a form feed: not binary data, and cleaning drops them.
    path = tmp_path / "plan.txt"
    path.write_text("".join(f"（{n}）第{n}页的内容。\n\f" for n in range(1, 31)), encoding="utf-8")
    doc = pc.load_document(path)
    assert "\f" not in doc.text and doc.text.count("\n") == 30
    assert set(doc.cleaning["reason"]) == {"page break (form feed)"} and len(doc.cleaning) == 30
