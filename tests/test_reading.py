import codecs
import os
import re

import pytest
from hypothesis import given, settings
from conftest import TINY_PLAN, pictures_docx_bytes, plan_page, write_pdf
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


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_byte_order_mark_is_read_and_dropped_in_utf8_and_gb18030(tmp_path, encoding):
    # GB18030 writes U+FEFF as 84 31 95 33, and its codec reads them back as the character: dropped as UTF-8's is.
    bom = b"\x84\x31\x95\x33" if encoding == "gb18030" else b""
    assert decode_bytes(bom + PLAN.encode(encoding)) == (PLAN, encoding)
    # A saved web page is decoded by its byte-order mark before its bytes or its <meta>.
    page = "<html><head><meta charset='gb2312'></head><body><p>一、总体要求</p><p>（一）加强领导。</p></body></html>"
    (tmp_path / "plan.html").write_bytes(bom + page.encode(encoding))
    assert read_text(tmp_path / "plan.html") == ("一、总体要求\n（一）加强领导。\n", f"html/{encoding}")


def test_decode_keeps_windows_line_endings():
    assert decode_bytes(PLAN.encode("gb18030"))[0].count("\r\n") == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\t \r\n", "only whitespace"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x03\x00\x3e\x00", "binary file"),
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


@pytest.mark.parametrize("suffix", [".doc", ".WPS"])
def test_read_text_refuses_word_and_wps_binaries_with_advice(tmp_path, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 ...")
    with pytest.raises(PolicyCompareError, match=rf"plan{suffix}: {suffix} files are not read; save the plan as \.docx, \.pdf or \.txt"):
        read_text(path)


def test_read_pdf_gives_the_lines_of_each_page_and_a_form_feed_after_it(pdf_plan):
    text, encoding = read_text(pdf_plan)
    assert encoding == "pdf"
    assert text.count("\f") == 2 and text.endswith("\n\f")
    first, second = text.split("\f")[:2]
    assert first.splitlines()[0] == "示范区教育提升行动方案" and "— 1 —" in first.splitlines()
    assert "（一）加大经费投入。每年投入20万元用于教师培训。<责任单位:区教育局、区财政局>" in second.splitlines()
    assert "— 2 —" in second.splitlines()


def test_a_table_of_a_task_and_its_unit_is_read_row_by_row_not_as_two_columns(tmp_path):
    from fpdf import FPDF

    from policycompare.fonts import find_cjk_font

    rows = [("任务", "责任单位")] + [(f"{n}.完善教师交流机制，推进县管校聘管理改革，落实教师轮岗交流制度", "区教育局") for n in range(1, 9)]
    pdf = FPDF()
    pdf.add_font("cjk", fname=find_cjk_font().path)
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 7, "附件：重点任务分工表", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(120, 50), first_row_as_headings=False) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.output(str(tmp_path / "table.pdf"))
    lines = [line for line in read_text(tmp_path / "table.pdf")[0].splitlines() if line.strip()]
    # Each task's unit follows the task, not the last task.
    units = [i for i, line in enumerate(lines) if line.endswith("区教育局")]
    assert len(units) == 8 and all("完善教师交流机制" in lines[i] or "完善教师交流机制" in lines[i - 1] for i in units)


def test_a_page_in_two_columns_is_read_column_by_column(tmp_path):
    numbers = list("一二三四五六七八九十") + [f"十{n}" for n in "一二三四五"]
    # Fifteen measures of ten lines or so fill the left column of the first page and run on in the right one.
    paragraphs = [f"（{n}）第{n}项措施。" + "加强教师队伍建设，落实县管校聘管理改革，" * 8 + f"第{n}项措施完。" for n in numbers]
    text, _ = read_text(write_pdf(tmp_path / "gazette.pdf", ["\n".join(paragraphs)], columns=2))
    joined = "".join(text.split())
    # Every measure reads whole and in order: the lines of the two columns do not interleave.
    positions = [joined.find(f"（{n}）第{n}项措施。" + "加强教师队伍建设，落实县管校聘管理改革，" * 8 + f"第{n}项措施完。") for n in numbers]
    assert text.count("\f") >= 1
    assert -1 not in positions and positions == sorted(positions)


def test_a_page_of_one_column_is_told_by_its_lines_across_the_middle_before_the_strip_is_counted(tmp_path, monkeypatch):
    import numpy as np

    from policycompare.reading import _pdf_pages

    numbers = list("一二三四五六七八九十") + [f"十{n}" for n in "一二三四五"]
    paragraphs = [f"（{n}）第{n}项措施。" + "加强教师队伍建设，落实县管校聘管理改革，" * 8 + f"第{n}项措施完。" for n in numbers]
    # A page of one column, and a page of two that both columns fill.
    one, two = write_pdf(tmp_path / "one.pdf", ["\n".join(paragraphs[:4])]), write_pdf(tmp_path / "two.pdf", ["\n".join(paragraphs)], columns=2)
    counted = []
    zeros = np.zeros
    # The gutter check counts the lines over each point of the middle strip in an array of zeros.
    monkeypatch.setattr(np, "zeros", lambda *args, **kwargs: counted.append(args) or zeros(*args, **kwargs))
    assert ["".join(lines) for lines in _pdf_pages(one.read_bytes(), one)[0]] == ["".join(paragraphs[:4])]
    assert counted == []
    # A page in two columns is still counted, and read column by column.
    first_page = "".join(_pdf_pages(two.read_bytes(), two)[0][0])
    assert counted and first_page.startswith("".join(paragraphs[:2]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 15)), max_size=12), st.integers(0, 90), st.integers(2, 40))
def test_a_line_inks_across_the_strip_where_every_point_the_gutter_check_counts_is_inked(glyphs, low, width):
    import math

    from policycompare.reading import _inks_across

    spans = [(x0, x0 + w) for x0, w in glyphs]
    # The gutter check rounds a glyph outwards to the points it counts.
    inked = {point for x0, x1 in spans for point in range(int(x0), math.ceil(x1))}
    assert _inks_across(spans, low, low + width) == all(point in inked for point in range(low, low + width))


def test_spaces_inferred_between_spaced_out_chinese_glyphs_are_not_characters(tmp_path):
    text, _ = read_text(write_pdf(tmp_path / "spaced.pdf", ["（一）加强教师队伍建设，落实县管校聘。Big Data 2025"], char_spacing=4))
    line = text.splitlines()[0]
    assert line.startswith("（一）加强教师队伍建设，落实县管校聘。")
    # Between Latin letters and digits a gap may be a word space; the real spaces stay.
    assert line.replace(" ", "") == "（一）加强教师队伍建设，落实县管校聘。BigData2025" and "B i g" in line


def test_a_pdf_with_copying_restricted_is_read_but_one_with_a_password_is_refused(tmp_path):
    from fpdf import FPDF
    from fpdf.enums import AccessPermission

    from policycompare.fonts import find_cjk_font

    for name, options in (("restricted", {"permissions": AccessPermission.none()}), ("locked", {"user_password": "u"})):
        pdf = FPDF()
        pdf.add_font("cjk", fname=find_cjk_font().path)
        pdf.set_font("cjk", size=12)
        pdf.add_page()
        pdf.multi_cell(0, 8, "（一）加大经费投入。")
        pdf.set_encryption(owner_password="o", **options)
        pdf.output(str(tmp_path / f"{name}.pdf"))
    assert read_text(tmp_path / "restricted.pdf") == ("（一）加大经费投入。\n\n\f", "pdf")
    with pytest.raises(PolicyCompareError, match=r"locked\.pdf: the PDF is encrypted with a password; save an unprotected copy$"):
        read_text(tmp_path / "locked.pdf")


def test_a_scanned_pdf_without_text_is_refused(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=100)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(PolicyCompareError, match=r"scan\.pdf: no text in its 2 pages \(a scanned image\?\); run OCR on it first$"):
        read_text(tmp_path / "scan.pdf")


@pytest.mark.parametrize(("pages", "message"), [
    # t: a page of text; i: a page that is an image (a scan); l: text with a logo beside it; b: a blank page.
    ("tibl", r"page 2 of its 4 pages has no text but images \(a scanned page\?\): its text is not read; run OCR on the PDF to read it$"),
    ("tiltiii", r"pages 2, 5-7 of its 7 pages have no text but images \(scanned pages\?\): their text is not read; run OCR on the PDF to read them$"),
])
def test_pages_without_text_that_hold_images_among_pages_of_text_are_named_in_a_warning(tmp_path, pages, message):
    from fpdf import FPDF
    from PIL import Image

    from policycompare.fonts import find_cjk_font

    pdf = FPDF()
    pdf.add_font("cjk", fname=find_cjk_font().path)
    pdf.set_font("cjk", size=12)
    for kind in pages:
        pdf.add_page()
        if kind in "il":
            pdf.image(Image.new("RGB", (200, 280) if kind == "i" else (20, 20), "white"), x=10, y=10, w=190 if kind == "i" else 20)
        if kind in "tl":
            pdf.set_y(40)
            pdf.multi_cell(0, 8, "（一）加强教师队伍建设，落实县管校聘改革。")
    pdf.output(str(tmp_path / "mixed.pdf"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"mixed\.pdf: " + message) as caught:
        text, _ = read_text(tmp_path / "mixed.pdf")
    assert len(caught) == 1 and text.count("（一）加强教师队伍建设") == pages.count("t") + pages.count("l")


@pytest.mark.parametrize(("data", "message"), [
    (b"", r"file is empty"),
    (b"<html><body>plan</body></html>", r"not a PDF file \(no %PDF- header; another file renamed\?\)"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 8, r"not a readable PDF file \(damaged or cut short: PDFSyntaxError: "),
])
def test_damaged_and_mislabelled_pdfs_are_refused_in_one_line(tmp_path, data, message):
    (tmp_path / "plan.pdf").write_bytes(data)
    with pytest.raises(PolicyCompareError, match=r"plan\.pdf: " + message) as caught:
        read_text(tmp_path / "plan.pdf")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("keep", [0.3, 0.9, 0.99])
def test_a_pdf_cut_short_is_refused_not_read_in_part(pdf_plan, keep):
    data = pdf_plan.read_bytes()
    pdf_plan.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(PolicyCompareError, match=r"plan\.pdf: not a readable PDF file \(damaged or cut short: "):
        read_text(pdf_plan)


def test_a_fault_in_laying_out_a_page_is_not_taken_for_a_damaged_pdf(pdf_plan, monkeypatch):
    import policycompare.reading

    def fail(page, counts, gutter=None):
        raise TypeError("a fault of the layout code")

    monkeypatch.setattr(policycompare.reading, "_page_lines", fail)
    # pdfminer read the file: the error is the program's, and must surface as it is (the CLI's exit 70).
    with pytest.raises(TypeError, match="a fault of the layout code"):
        policycompare.reading._pdf_pages(pdf_plan.read_bytes(), pdf_plan)


def test_glyphs_without_a_unicode_value_are_counted_and_too_many_refuse_the_file(pdf_plan, monkeypatch):
    from pdfminer.layout import LTChar

    monkeypatch.setenv("POLICYCOMPARE_CACHE", "off")  # pdfminer is changed here: its pages must not be stored
    original = LTChar.get_text
    unmapped = {"投"}
    monkeypatch.setattr(LTChar, "get_text", lambda self: "(cid:42)" if original(self) in unmapped else original(self))
    with pytest.warns(pc.PolicyCompareWarning, match=r"plan\.pdf: 2 of its \d+ characters have no Unicode value in the PDF's fonts and read as U\+FFFD$"):
        text, _ = read_text(pdf_plan)
    assert "每年\ufffd入20万元" in text and text.count("\ufffd") == 2
    unmapped.update("教育发展提升行动方案")
    with pytest.raises(PolicyCompareError, match=r"plan\.pdf: \d+ of its \d+ characters have no Unicode value in the PDF's fonts; convert it"):
        read_text(pdf_plan)


def test_the_pages_of_a_pdf_read_before_come_from_the_cache_with_the_same_warning(pdf_plan, monkeypatch, tmp_path):
    from pdfminer.layout import LTChar

    import policycompare.reading as reading

    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path / "cache"))
    original = LTChar.get_text
    monkeypatch.setattr(LTChar, "get_text", lambda self: "(cid:42)" if original(self) == "投" else original(self))
    with pytest.warns(pc.PolicyCompareWarning, match="2 of its"):
        first = read_text(pdf_plan)
    monkeypatch.setattr(reading, "_pdf_pages", lambda data, path: pytest.fail("the PDF was laid out again"))
    with pytest.warns(pc.PolicyCompareWarning, match="2 of its"):
        assert read_text(pdf_plan) == first
    # Other bytes are another PDF.
    pdf_plan.write_bytes(pdf_plan.read_bytes() + b"\n%")
    with pytest.raises(pytest.fail.Exception, match="laid out again"):
        read_text(pdf_plan)


def test_pages_with_their_text_set_sideways_are_named_in_a_warning(tmp_path):
    from fpdf import FPDF

    from policycompare.fonts import find_cjk_font

    pdf = FPDF()
    pdf.add_font("cjk", fname=find_cjk_font().path)
    pdf.set_font("cjk", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。")
    pdf.add_page()
    with pdf.rotation(90, x=100, y=150):
        pdf.text(40, 150, "（二）推进集团化办学，组建教育集团，扩大优质资源覆盖面。")
    pdf.output(str(tmp_path / "turned.pdf"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"turned\.pdf: 1 of its 2 pages have their text set sideways \(rotated pages\): their lines are out of order; rotate"):
        read_text(tmp_path / "turned.pdf")


def test_a_saved_web_page_gives_the_plan_and_its_header_block_without_the_site_around_it(tmp_path):
    path = tmp_path / "plan.html"
    path.write_bytes(plan_page(TINY_PLAN).encode("gbk"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"plan\.html: 64 of its \d+ characters are in the site's menus, link lists and footer "
                                                     r"or in buttons and drop-down lists and were not read$"):
        text, encoding = read_text(path)
    assert encoding == "html/gb18030"
    lines = text.splitlines()
    # In order: a line of the site that is no link (cleaning drops it), the header block's cells (a table row:
    # tab between them), the plan's paragraphs, the footer's line (cleaning drops it too).
    assert lines[1:3] == ["索 引 号：11640100/2023-00181\t发布机构：示范区教育局", "成文日期：2023-04-27\t发布日期：2023-04-28"]
    assert lines[3:-1] == [line for line in TINY_PLAN.splitlines() if line.strip()]
    assert lines[0] == "无障碍 | 长者版" and lines[-1].startswith("版权所有：")
    for chrome in ("首页", "当前位置", "相关文章", "统计", "示范区人民政府\n"):
        assert chrome not in text


def test_a_web_page_is_loaded_with_its_header_as_metadata_and_the_measures_of_its_plan(tmp_path, plan_folder):
    (plan_folder / "gamma.html").write_bytes(plan_page(TINY_PLAN).encode("gbk"))
    with pytest.warns(pc.PolicyCompareWarning, match="are in the site's menus, link lists and footer"):
        corpus = pc.load_corpus(plan_folder)
    assert corpus["gamma"].metadata["header"]["发布机构"] == "示范区教育局"
    assert set(corpus["gamma"].cleaning["reason"]) == {"web page chrome: accessibility links", "web page header block (kept as metadata)", "web page chrome: site footer"}
    measures = pc.extract_measures(corpus)
    alpha, gamma = measures[measures.doc_id == "alpha"], measures[measures.doc_id == "gamma"]
    assert [m.split(":")[1] for m in gamma.measure_id] == [m.split(":")[1] for m in alpha.measure_id]
    assert [t.replace("\n", "") for t in gamma.text] == [t.replace("\n", "") for t in alpha.text]


def test_a_long_unnumbered_pdf_is_read_whole_into_its_measures(tmp_path):
    # Forty pages of running text without an outline number: every character is in a measure or in the record.
    sentence = "各校要在特色办学推进进程中探索具有本校特色的新经验，用特色铸造品牌，强内涵提品质。"
    pages = [sentence * 40 for _ in range(40)]
    doc = pc.load_document(write_pdf(tmp_path / "long.pdf", pages, footer="— {page} —"))
    assert doc.raw.count("\f") >= 40
    measures = pc.extract_measures(doc)
    assert (measures["segmentation"] != "numbered").all()
    assert "".join(measures["text"]).replace("\n", "") == sentence * 1600
    assert set(doc.cleaning["reason"]) <= {"line break inside a sentence (PDF extraction)", "page number (PDF)", "page break (form feed)"}


def test_a_web_page_of_several_megabytes_without_numbering_is_read_whole(tmp_path):
    paragraph = "各校要在特色办学推进进程中探索具有本校特色的新经验，用特色铸造品牌，强内涵提品质。"
    page = "<html><body><ul><li><a href=/>首页</a></li><li><a href=/gk>政务公开</a></li></ul><div>" + f"<p>{paragraph}</p>" * 35_000 + "</div></body></html>"
    (tmp_path / "huge.html").write_bytes(page.encode("gb18030"))
    assert (tmp_path / "huge.html").stat().st_size > 3_000_000
    with pytest.warns(pc.PolicyCompareWarning, match=r"huge\.html: 6 of its \d+ characters are in the site's menus"):
        doc = pc.load_document(tmp_path / "huge.html")
    assert doc.text == (paragraph + "\n") * 35_000
    assert (pc.extract_measures(doc)["segmentation"] != "numbered").all()


def test_the_lines_of_a_web_page_are_its_paragraphs_and_are_never_joined(tmp_path):
    # Long headings without a full stop and table rows look like broken lines to the test of line_breaks="auto".
    heading = "坚持立德树人根本任务全面推进县域普通高中教育改革发展"
    rows = "".join(f"<tr><td>{n}</td><td>新建第{n}所学校，增加学位{n}00个，2025年底前完成</td></tr>" for n in range(1, 6))
    page = f"<html><body><div><p>{heading}</p><p>为深入贯彻落实党的教育方针，制定本方案。</p><table>{rows}</table></div></body></html>"
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    doc = pc.load_document(tmp_path / "plan.html")
    assert doc.text.splitlines()[:2] == [heading, "为深入贯彻落实党的教育方针，制定本方案。"] and len(doc.text.splitlines()) == 7
    assert doc.edits == ()


def test_web_page_markup_entities_line_breaks_and_tables_are_read_as_a_browser_shows_them(tmp_path):
    page = ("<html><body><div><p>一、主要任务<br>（一）加强&lt;教师&gt;队伍\n建设，落实县管校聘。</p>"
            "<table><tr><th>学校</th><td>班额</td></tr><tr><td>一中</td><td>45</td></tr></table>"
            "<p>（二）推进集团化办学，组建教育集团，扩大优质资源。<!-- 注释 --></p></div></body></html>")
    (tmp_path / "plan.htm").write_text(page, encoding="utf-8")
    text, encoding = read_text(tmp_path / "plan.htm")
    assert encoding == "html/utf-8"
    # A line break in the source between two Chinese characters shows as nothing.
    assert text == "一、主要任务\n（一）加强<教师>队伍建设，落实县管校聘。\n学校\t班额\n一中\t45\n（二）推进集团化办学，组建教育集团，扩大优质资源。\n"


def test_paragraphs_cells_and_items_left_open_end_where_the_next_one_starts():
    # Old site builders leave <p>, <li> and <td> open; the plan's paragraphs are still one element's paragraphs.
    page = ("<html><body><div class=nav><ul><li><a href=/>首页</a><li><a href=/gk>政务公开</a><li><a href=/fw>政务服务</a></ul></div>"
            "<div class=c><p>一、总体要求<p>（一）加强教师队伍建设，落实县管校聘改革。<p>（二）推进集团化办学，组建教育集团。"
            "<table><tr><td>学校<td>班额<tr><td>一中<td>45</table></div><div>版权所有：示范区</div>")
    assert pc.read_webpage(page) == ("一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n（二）推进集团化办学，组建教育集团。\n学校\t班额\n一中\t45\n"
                                     "版权所有：示范区\n", 10, 0, {})


def test_a_plan_in_table_rows_or_split_blocks_is_read_whole_and_a_long_list_of_links_beside_it_is_not(corpus):
    plan = corpus["huaxi"].text
    paragraphs = [line for line in plan.splitlines() if line.strip()]
    menu = "<ul>" + "".join(f"<li><a href=/{n}>关于印发第{n}批教育项目资金安排的通知</a></li>" for n in range(40)) + "</ul>"
    rows = "<table>" + "".join(f"<tr><td>{line}</td></tr>" for line in paragraphs) + "</table>"
    half = len(paragraphs) // 2
    blocks = "".join(f"<div>{''.join(f'<p>{line}</p>' for line in part)}</div>" for part in (paragraphs[:half], paragraphs[half:]))
    for body in (rows, blocks):
        text, n_unread, _, _ = pc.read_webpage(f"<html><body>{menu}<div><h3>相关文章</h3>{menu}</div>{body}</body></html>")
        assert text.splitlines() == paragraphs
        assert n_unread == 2 * 40 * len("关于印发第批教育项目资金安排的通知") + 2 * sum(len(str(n)) for n in range(40)) + 4


def test_a_head_left_open_and_no_break_space_indents_do_not_hide_the_plan():
    page = ("<html><head><title>通知</title><meta charset=utf-8><body><div>"
            "<p>&nbsp;&nbsp;一、总体要求&nbsp;</p><p>&nbsp;&nbsp;（一）加强教师队伍建设，落实县管校聘改革。</p></div>")
    assert pc.read_webpage(page) == ("一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n", 0, 0, {})


@pytest.mark.parametrize("start", ["<p>", "<div>", "<h1>", "<span>", "<center>", "<table><tr><td>", "", "&nbsp;"])
def test_a_head_left_open_ends_at_the_first_element_or_text_a_head_cannot_hold(start):
    # Valid HTML may leave out </head> and <body>: as in browsers, the head ends there, not at a <body> tag further on.
    page = (f"<!DOCTYPE html><html><head><meta charset=utf-8><title>通知</title><link rel=icon href=a.ico><style>p {{}}</style>\n"
            f"<script>var a = '脚本';</script><noscript>请启用脚本</noscript><base href=/>{start}一、总体要求"
            "<p>（一）加强教师队伍建设，落实县管校聘改革。<body><p>二、保障措施</p></body></html>")
    assert pc.read_webpage(page) == ("一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n二、保障措施\n", 0, 0, {})


@pytest.mark.parametrize(("inside", "n_unread", "n_hidden", "unread"), [
    # Buttons and drop-down lists are the site's controls (打印, 关闭, 友情链接): counted with its menus.
    ("<button>新建学校</button>", 4, 0, {}),
    # Old pages leave <option> open; the page after the list is still read.
    ("<select><option>全站<option>本栏目</select>", 5, 0, {}),
    ("<select><optgroup label=省><option>全站</optgroup></select>", 2, 0, {}),
    # What an <svg> draws is its <text>; its <title> is a tooltip.
    ('<svg width="400" height="30"><title>图示</title><circle r=3></circle><text x="0" y="20">推进<tspan>集团化</tspan>办学</text></svg>', 0, 0, {"svg": 7}),
    ("<math><semantics><mrow><mi>x</mi><mo>=</mo><mn>2</mn></mrow><annotation encoding=TeX>x=2</annotation></semantics></math>", 0, 0, {"math": 3}),
    ('<object data="plan.swf"><param name=a value=b>请安装播放器</object>', 0, 0, {"object": 6}),
    ('<span hidden><button>打印</button></span><svg style="display:none"><text>图示</text></svg>', 0, 4, {}),
    # Not shown: scripts, styles, templates and what a browser running scripts leaves out.
    ("<script>var a = '新建';</script><style>p {}</style><template><p>模板</p></template><noscript>请启用脚本</noscript>"
     "<datalist><option>全站<option>本栏目</datalist>", 0, 0, {}),
])
def test_text_of_buttons_lists_drawings_formulas_and_objects_is_not_read_and_is_counted(inside, n_unread, n_hidden, unread):
    page = f"<html><body><p>（一）扩充优质学位，{inside}新增学位4500个。</p><p>二、保障措施</p></body></html>"
    assert pc.read_webpage(page) == ("（一）扩充优质学位，新增学位4500个。\n二、保障措施\n", n_unread, n_hidden, unread)


@pytest.mark.parametrize(("left_open", "n_unread", "unread"), [
    # An end tag of an element open around a button or a drawing ends it too; an HTML block ends a drawing.
    ("<div><button>打印</div>", 2, {}),
    ("<svg><text>图示</text>", 0, {"svg": 2}),
    # As in browsers, an <input>, <keygen> or <textarea> ends a drop-down list, with the option or group left open in it.
    ("<select><option>全站<input>", 2, {}),
    ("<form><select><optgroup label=省><option>全站<b>本站<keygen></form>", 4, {}),
    ("<select><option>全站</option><textarea></textarea>", 2, {}),
    ("<button>搜索<select><option>全站<input></button>", 4, {}),
])
def test_a_button_a_list_or_a_drawing_left_open_does_not_take_the_rest_of_the_page(left_open, n_unread, unread):
    page = f"<html><body><p>（一）扩充优质学位。</p>{left_open}<p>二、保障措施</p></body></html>"
    assert pc.read_webpage(page) == ("（一）扩充优质学位。\n二、保障措施\n", n_unread, 0, unread)


def test_text_of_drawings_is_named_in_a_warning_and_that_of_buttons_and_lists_counts_as_the_site(tmp_path):
    page = ('<html><body><p>一、主要任务</p><p>（一）扩充优质学位，<button>新建学校3所</button>，新增学位4500个。</p>'
            '<p>（二）<svg width="400" height="30"><text x="0" y="20">推进集团化办学，组建教育集团。</text></svg></p>'
            "<p>（三）加强教师队伍建设，落实县管校聘改革。</p><footer>版权所有<select><option>国务院</select></footer></body></html>")
    text, n_unread, n_hidden, unread = pc.read_webpage(page)
    assert (n_unread, n_hidden, unread) == (13, 0, {"svg": 15})
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    # Read: 一、主要任务 6, （一）扩充优质学位，，新增学位4500个。 21, （二） 3, （三）… 21; in the footer 7, the button 6; the drawing 15.
    with pytest.warns(pc.PolicyCompareWarning) as record:
        assert read_text(tmp_path / "plan.html")[0] == text
    assert [str(warning.message) for warning in record] == [
        f"{tmp_path / 'plan.html'}: 13 of its 79 characters are in the site's menus, link lists and footer or in buttons and drop-down lists "
        "and were not read",
        f"{tmp_path / 'plan.html'}: 15 of its 79 characters were not read: 15 characters in drawings (svg); "
        "if any of it belongs to the plan, copy the text the browser shows into a .txt file"]


def test_a_page_with_print_and_close_buttons_and_a_list_of_links_to_other_sites_gets_one_warning_for_the_site(tmp_path):
    plan = "".join(f"<p>（{n}）加强教师队伍建设，落实县管校聘，推进集团化办学。</p>" for n in "一二")
    page = (f'<html><head><meta charset="utf-8"><title>方案</title></head><body><nav><a href="/">首页</a></nav>'
            f'<div class="article"><h1>某县教育行动方案</h1>{plan}</div>'
            '<div class="tools"><button onclick="window.print()">打印</button> <button onclick="window.close()">关闭</button></div>'
            "<div>友情链接：<select><option>国务院</option><option>教育部</option></select></div></body></html>")
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning) as record:
        text = read_text(tmp_path / "plan.html")[0]
    assert text == "某县教育行动方案\n（一）加强教师队伍建设，落实县管校聘，推进集团化办学。\n（二）加强教师队伍建设，落实县管校聘，推进集团化办学。\n友情链接：\n"
    # 首页 2, 打印 2, 关闭 2, 国务院 3, 教育部 3; read: 8, 2 × 27, 5.
    assert [str(warning.message) for warning in record] == [
        f"{tmp_path / 'plan.html'}: 12 of its 79 characters are in the site's menus, link lists and footer or in buttons and drop-down lists "
        "and were not read"]


PARAGRAPHS = "<p>一、总体要求</p><p>（一）加强教师队伍建设，落实县管校聘改革。</p>"


@pytest.mark.parametrize(("hidden", "n_hidden"), [
    ('<div style="display: none">{}</div>', 27),
    ('<div style="color:red; visibility:hidden !important">{}</div>', 27),
    ("<div hidden>{}</div>", 27),
    ('<div class="box print">{}</div>', 27),
    ('<section id="copy"><div>{}</div></section>', 27),
    # Shown: a rule for print only, an inline display over the class rule, a selector with a descendant.
    ('<div class="noprint">{}</div>', 0),
    ('<div class="print" style="display:block">{}</div>', 0),
    ('<div class="wrap"><div class="inner">{}</div></div>', 0),
    ('<div class="tab active">{}</div>', 0),
    # The last of an inline style's declarations counts; a class hidden by one rule and an id shown by another.
    ('<div style="display: none; display: block">{}</div>', 0),
    ('<div class="print" id="main">{}</div>', 0),
    ('<div hidden style="display: block">{}</div>', 0),
])
def test_text_the_page_hides_is_not_read_and_is_counted(hidden, n_hidden):
    # Sites keep a second copy of the article for printing, hidden on screen.
    style = ("<style>@import url(site.css); /* .wrap .inner {display:none} */ .print, section#copy {display:none}"
             "@media print { .noprint { display: none } } .wrap .inner {display:none} .tab {display: none} .tab.active {display: block} #main {display: block}</style>")
    page = f"<html><head>{style}</head><body><div>{PARAGRAPHS}</div>{hidden.format(PARAGRAPHS)}<p>二、保障措施</p></body></html>"
    text, n_unread, found, _ = pc.read_webpage(page)
    shown = "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"
    assert (text, n_unread, found) == (shown + ("" if n_hidden else shown) + "二、保障措施\n", 0, n_hidden)


def test_the_style_sheets_a_page_saved_complete_keeps_beside_it_hide_text_too(tmp_path):
    (tmp_path / "plan_files").mkdir()
    (tmp_path / "plan_files" / "site.css").write_text("/* 样式 */ .share, .print-copy { display: none }", encoding="gb18030")
    (tmp_path / "plan_files" / "print.css").write_text(".article { display: none }", encoding="utf-8")
    links = ('<link rel="stylesheet" href="plan_files/site.css?v=2"><link rel=stylesheet media=print href="plan_files/print.css">'
             '<link rel="stylesheet" href="https://www.example.gov.cn/css/all.css"><link rel="stylesheet" href="plan_files/missing.css">')
    page = (f"<html><head>{links}</head><body><div class=article>{PARAGRAPHS}</div>"
            f'<div class="print-copy">{PARAGRAPHS}</div><div class=share>分享到微信</div></body></html>')
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"plan\.html: 32 characters of text the page hides"):
        text, _ = read_text(tmp_path / "plan.html")
    assert text == "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"
    # Without its folder the page reads its hidden copy as a browser without the style sheet would show it.
    (tmp_path / "plan_files" / "site.css").unlink()
    assert read_text(tmp_path / "plan.html")[0] == 2 * text + "分享到微信\n"


@pytest.mark.parametrize(("head", "n_hidden"), [
    # Old pages wrap their rules in HTML comment marks, which CSS passes over.
    ("<style><!-- .share {display: none} --></style>", 27),
    # Rules for print, and rules commented out or in a script's string, hide nothing on screen.
    ('<style media="print">.share {display: none}</style>', 0),
    ("<!-- <style>.share {display: none}</style> -->", 0),
    ("<script>document.write('<style>.share {display: none}</style>');</script>", 0),
])
def test_only_the_style_rules_a_screen_applies_hide_text(head, n_hidden):
    page = f'<html><head>{head}</head><body><div class="share">{PARAGRAPHS}</div><p>二、保障措施</p></body></html>'
    shown = "" if n_hidden else "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"
    assert pc.read_webpage(page) == (shown + "二、保障措施\n", 0, n_hidden, {})


def test_only_style_sheets_for_screens_in_files_beside_the_page_are_read(tmp_path):
    (tmp_path / "plan_files").mkdir()
    (tmp_path / "plan_files" / "site.css").write_text(".share { display: none }", encoding="utf-8")
    (tmp_path / "plan_files" / "old.css").write_text(".article { display: none }", encoding="utf-8")
    (tmp_path / "plan_files" / "folder.css").mkdir()
    os.mkfifo(tmp_path / "plan_files" / "pipe.css")  # read, it would be waited on for ever
    links = ('<link rel="stylesheet" href="plan_files/site.css" media="screen, print">'
             '<link rel="alternate stylesheet" title="大字版" href="plan_files/old.css">'
             '<!-- <link rel="stylesheet" href="plan_files/old.css"> -->'
             '<link rel="stylesheet" href="plan_files/old%00.css"><link rel="stylesheet" href="plan_files/folder.css">'
             '<link rel="stylesheet" href="plan_files/pipe.css">')
    page = f"<html><head>{links}</head><body><div class=article>{PARAGRAPHS}</div><div class=share>分享到微信</div></body></html>"
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"plan\.html: 5 characters of text the page hides"):
        text, _ = read_text(tmp_path / "plan.html")
    assert text == "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"


@pytest.mark.parametrize(("declared", "codec"), [("utf-8", "utf-8"), ("gb2312", "gb18030")])
def test_a_stray_nul_byte_in_a_web_page_is_passed_over_as_browsers_do(tmp_path, declared, codec):
    page = f'<html><head><meta charset="{declared}"></head><body>{PARAGRAPHS}</body></html>\x00'
    (tmp_path / "plan.html").write_bytes(page.encode(codec))
    assert read_text(tmp_path / "plan.html") == ("一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n", f"html/{codec}")


def test_a_hidden_element_makes_no_line_break_and_its_hidden_lines_are_warned_about(tmp_path):
    page = ('<html><body><p>（一）加强教师队伍建设，<span hidden><br>分享到：</span><div style="display:none">微信</div>'
            "落实县管校聘改革，推进集团化办学，组建教育集团。</p></body></html>")
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"plan\.html: 6 characters of text the page hides \(hidden, display: none\) were not read$"):
        text, _ = read_text(tmp_path / "plan.html")
    assert text == "（一）加强教师队伍建设，\n落实县管校聘改革，推进集团化办学，组建教育集团。\n"


SITE_LINKS = ('<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/gk">政务公开</a></div>'
              '<div>相关链接：<a href="/1">关于做好2023年招生工作的通知</a> <a href="/2">示范区召开教育工作会议</a></div>')


@pytest.mark.parametrize(("sentence", "shown"), [
    # A linked title inside a sentence, however long; one that a sentence runs into and ends after; several in a row.
    ('（一）依法治校。按照<a href="/law.html">《中华人民共和国教育法》</a>要求，加强学校管理。', "（一）依法治校。按照《中华人民共和国教育法》要求，加强学校管理。"),
    ('（一）详见<a href="/plan.html">《示范区义务教育优质均衡发展实施方案》</a>。', "（一）详见《示范区义务教育优质均衡发展实施方案》。"),
    ('（一）依据<a href="/1">《教育法》</a>、<a href="/2">《义务教育法》</a>、<a href="/3">《教师法》</a>。', "（一）依据《教育法》、《义务教育法》、《教师法》。"),
    ('（一）<span>按照 <a href="/law.html"><b>《中华人民共和国教育法》</b></a> 要求</span>，加强学校管理。', "（一）按照 《中华人民共和国教育法》 要求，加强学校管理。"),
    # A line without a clause mark: a title the link sits inside.
    ('（一）认真学习<a href="/plan.html">《示范区义务教育优质均衡发展实施方案》</a>精神', "（一）认真学习《示范区义务教育优质均衡发展实施方案》精神"),
    # A heading that ends in a cited title, the link's text a 《…》 one.
    ('（一）认真贯彻落实<a href="/law.html">《中华人民共和国义务教育法》</a>', "（一）认真贯彻落实《中华人民共和国义务教育法》"),
    ('二、学习贯彻<a href="/plan.html"> 《中国教育现代化2035》 </a>', "二、学习贯彻 《中国教育现代化2035》"),
    # A note or a quotation opened after the link, on a line without a clause mark: a cited title or another one.
    ('（一）按照<a href="/rule.html">《某县教育督导办法》</a>（试行）要求开展督导', "（一）按照《某县教育督导办法》（试行）要求开展督导"),
    ('（一）按照<a href="/rule.html">某县教育督导办法</a>（试行）要求开展督导', "（一）按照某县教育督导办法（试行）要求开展督导"),
    ('（一）深入学习<a href="/talk.html">总书记重要讲话</a>“九个坚持”要求', "（一）深入学习总书记重要讲话“九个坚持”要求"),
])
def test_a_link_inside_a_sentence_is_read_with_it_and_the_sites_lists_of_links_are_not(tmp_path, sentence, shown):
    page = f'<html><body>{SITE_LINKS}<div class="article"><p>一、总体要求</p><p>{sentence}</p><p>（二）加强领导。</p></div></body></html>'
    text, n_unread, _, _ = pc.read_webpage(page)
    assert text == f"一、总体要求\n{shown}\n（二）加强领导。\n"
    # What is left out is the site's links, as where the sentence holds no link.
    assert n_unread == pc.read_webpage(re.sub(r"</?a\b[^>]*>", "", page.replace(SITE_LINKS, "")) + SITE_LINKS).n_unread
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=rf"^{re.escape(str(tmp_path / 'plan.html'))}: {n_unread} of its \d+ characters are in the site's"):
        document = pc.load_document(tmp_path / "plan.html")
    assert shown + "\n" in pc.extract_measures(document)["text"].tolist()


@pytest.mark.parametrize(("block", "shown"), [
    # A table whose cell ends in a cited title; a numbered list whose first item does.
    ('<table><tr><td>1</td><td>贯彻落实<a href="/law.html">《中华人民共和国教育法》</a></td><td>县教育局</td></tr></table>',
     "1\t贯彻落实《中华人民共和国教育法》\t县教育局"),
    ('<ol><li>认真学习<a href="/plan.html">《中国教育现代化2035》</a></li><li>加强领导，落实责任。</li></ol>',
     "1.认真学习《中国教育现代化2035》\n2.加强领导，落实责任。"),
])  # fmt: skip
def test_a_table_cell_or_a_list_item_that_ends_in_a_linked_cited_title_is_read(block, shown):
    page = f'<html><body>{SITE_LINKS}<div class="article"><p>一、总体要求</p>{block}<p>（二）加强领导。</p></div></body></html>'
    # What is left out is the site's links, all of them, and nothing else.
    assert pc.read_webpage(page) == (f"一、总体要求\n{shown}\n（二）加强领导。\n", pc.read_webpage(SITE_LINKS).n_unread, 0, {})


@pytest.mark.parametrize(("block", "shown"), [
    # A plan's annexes: after 附件： or 附件2：, a list of them after 附件：, one the plan points to, one linked alone.
    ('<p>附件：<a href="/a.doc">某县学校建设重点任务清单</a></p>', "附件：某县学校建设重点任务清单"),
    ('<p>附件2：<a href="/b.doc">某县教师培训实施方案</a></p>', "附件2：某县教师培训实施方案"),
    ('<p>附件：1.<a href="/a.doc">教师培训实施方案</a> 2.<a href="/b.doc">重点任务清单</a></p>', "附件：1.教师培训实施方案 2.重点任务清单"),
    ('<p>详见<a href="/a.doc">附件1重点任务清单</a></p>', "详见附件1重点任务清单"),
    ('<p><a href="/a.doc">附件3.教师培训实施方案.docx</a></p>', "附件3.教师培训实施方案.docx"),
])  # fmt: skip
def test_a_link_to_the_plans_annex_is_read_as_the_plans_text(block, shown):
    page = f'<html><body>{SITE_LINKS}<div class="article"><p>一、总体要求</p><p>（一）加强领导。</p>{block}</div></body></html>'
    # What is left out is the site's links, all of them, and nothing else.
    assert pc.read_webpage(page) == (f"一、总体要求\n（一）加强领导。\n{shown}\n", pc.read_webpage(SITE_LINKS).n_unread, 0, {})


@pytest.mark.parametrize(("site", "n_unread"), [
    # A menu whose links are parted by 丨, a hanzi; previous and next links after their labels; a breadcrumb after its title.
    ('<div><a href="/">首页</a>丨<a href="/a">机构概况</a>丨<a href="/b">政务公开</a>丨<a href="/c">办事服务</a></div>', 17),
    ('<div><p>上一篇 <a href="/p">关于做好2023年中小学招生入学工作的通知</a></p><p>下一篇 <a href="/n">关于开展教育系统安全生产大检查的通知</a></p></div>', 45),
    ('<div>当前位置<a href="/">首页</a>&gt;<a href="/a">政务公开</a>&gt;<a href="/b">通知公告</a></div>', 16),
    # Related articles after their title, or each with its unit after it; boxes of links, each with 更多 after its title.
    ('<div>相关链接<a href="/1">关于印发某县学前教育发展提升行动计划的通知</a> <a href="/2">某县义务教育优质均衡发展实施方案</a></div>', 41),
    ('<ul><li><a href="/1">关于印发某县学前教育发展提升行动计划的通知</a><span>县教育局</span></li>'
     '<li><a href="/2">某县义务教育优质均衡发展实施方案</a><span>县教育局</span></li></ul>', 45),
    ('<div><div>通知公告<a href="/more">更多</a></div><ul><li><a href="/1">关于做好2023年中小学招生入学工作的通知</a></li>'
     '<li><a href="/2">关于开展教育系统安全生产大检查的通知</a></li></ul><div>热点新闻<a href="/more2">更多</a></div>'
     '<ul><li><a href="/3">全县召开教育工作会议</a></li><li><a href="/4">县教育局开展送教下乡活动</a></li></ul></div>', 73),
    # Cited titles that no hanzi outside links runs into or out of: a list of them, one after a label and its colon.
    ('<ul><li><a href="/1">《某县学前教育发展提升行动计划》</a></li><li><a href="/2">《某县义务教育优质均衡发展实施方案》</a></li></ul>', 34),
    ('<div>相关文件：<a href="/1">《某县学前教育发展提升行动计划》</a></div>', 21),
    # A page about annexes is no annex of the plan.
    ('<div>上一篇：<a href="/p">附件下载说明</a></div>', 10),
])  # fmt: skip
def test_a_sites_links_beside_their_title_label_unit_or_separators_are_no_sentence_and_are_left_out(site, n_unread):
    # A hanzi outside links runs into each of them or out of it, but on one side only, in no clause: no prose.
    page = f"<html><body>{site}<div>{PARAGRAPHS}<p>（二）推进集团化办学，组建教育集团，扩大优质资源覆盖面。</p></div>{site}</body></html>"
    assert pc.read_webpage(page) == ("一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n（二）推进集团化办学，组建教育集团，扩大优质资源覆盖面。\n",
                                     2 * n_unread, 0, {})


def test_a_line_of_thousands_of_links_in_sentences_and_one_of_a_menu_are_read_as_short_ones_are():
    # Each link is judged on its line: where each looked through the whole line, such a page took minutes.
    sentence = "加强师资队伍建设，实施教师培训计划，每年培训教师五百人次。按照《示范区教育规划》要求 "
    cell = "".join(sentence.replace("《示范区教育规划》", f'<a href="/{n}">《示范区教育规划》</a>') for n in range(4000))
    menu = " ".join(f'<a href="/m{n}">栏目{n}</a>' for n in range(4000))
    page = f"<html><body><table><tr><td>{cell}</td></tr></table><div>{menu}</div></body></html>"
    assert pc.read_webpage(page) == ((sentence * 4000).rstrip(" ") + "\n", 2 * 4000 + sum(len(str(n)) for n in range(4000)), 0, {})


def test_the_bundled_plans_read_the_same_from_a_web_page_with_their_titles_linked(corpus):
    # Sites link the 《…》 titles a plan cites: the audit lost up to five paragraphs a plan when they were.
    from policycompare.annotations import extract_references

    for document in corpus:
        # As a browser shows them: without the spaces that indent a signature.
        paragraphs = [re.sub(r"[ \t]+", " ", line).strip(" ") for line in document.text.splitlines() if line.strip()]
        escaped = [line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in paragraphs]
        linked = "".join("<p>" + re.sub(r"(《[^》]{2,60}》)", r"<a href=/doc.html>\1</a>", line) + "</p>" for line in escaped)
        text, n_unread, _, _ = pc.read_webpage(f"<html><body><div class=content>{linked}</div></body></html>")
        assert (text.splitlines(), n_unread) == (paragraphs, 0), document.doc_id
        read = pc.load_document_from_text(text, doc_id=document.doc_id, source_path=f"{document.doc_id}.html")
        assert len(extract_references(read)) == len(extract_references(document))


@pytest.mark.parametrize(("items", "shown"), [
    ("<ol><li>加强组织领导，落实责任。</li><li>加大经费投入，保障运转。</li></ol>", "1.加强组织领导，落实责任。\n2.加大经费投入，保障运转。"),
    # A list's start and type, an item's value; a list counted down; Chinese numbers; bullets.
    ('<ol start="3" type="a"><li>扩充学位。</li><li value="7">加强培训。</li><li>强化督导。</li></ol>', "c.扩充学位。\ng.加强培训。\nh.强化督导。"),
    ('<ol type="I" reversed start="3"><li>扩充学位。</li><li>加强培训。</li></ol>', "III.扩充学位。\nII.加强培训。"),
    ('<ol style="list-style-type: cjk-ideographic"><li>扩充学位。</li><li>加强培训。</li></ol>', "一、扩充学位。\n二、加强培训。"),
    ('<ol><li style="list-style: none">扩充学位。</li><li>加强培训。<ul><li><p>新建学校。</p></li></ul></li></ol>', "扩充学位。\n2.加强培训。\n• 新建学校。"),
    # The page's style rules hide a list's numbers or give them; a class's rule wins over a tag's.
    ("<style>ol, ul {list-style: none} .num {list-style-type: decimal}</style><ol><li>扩充学位。</li></ol><ol class=num><li>加强培训。</li></ol>",
     "扩充学位。\n1.加强培训。"),
    # An item's own number is not doubled (the page's numbers may be hidden by a rule on the site), nor is a header line bulleted.
    ("<ol><li>1.扩充学位。</li><li><b>（二）</b>加强培训。</li><li></li></ol><ul><li>发布机构：示范区教育局</li></ul>",
     "1.扩充学位。\n（二）加强培训。\n发布机构：示范区教育局"),
    # Sub-numbers and the bullets sites type are numbers of their own too; a figure (1.5亿, 1.5小时) is not, and a space
    # parts it from the list's number (not 4.1.5, one number of three levels).
    ("<ol><li>1.1 扩充学位。</li><li>1.2加强培训。</li><li>1.2.1 强化督导。</li><li>1.5亿元用于新建学校。</li><li>1.5小时体育活动。</li></ol>",
     "1.1 扩充学位。\n1.2加强培训。\n1.2.1 强化督导。\n4. 1.5亿元用于新建学校。\n5. 1.5小时体育活动。"),
    ("<ul><li>▲ 扩充学位。</li><li>➢ 加强培训。</li><li>Ø 强化督导。</li><li>□ 新建学校。</li><li>★ 推进集团化办学。</li><li>2025年底前完成。</li></ul>",
     "▲ 扩充学位。\n➢ 加强培训。\nØ 强化督导。\n□ 新建学校。\n★ 推进集团化办学。\n• 2025年底前完成。"),
])  # fmt: skip
def test_the_numbers_and_bullets_a_browser_draws_before_list_items_are_read(items, shown):
    menu = '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li></ul>'
    page = f"<html><body>{menu}<p>一、总体要求</p>{items}<p>二、保障措施</p></body></html>"
    # The bullets of the menu left out are no characters of the page: 首页 and 政务公开 are.
    assert pc.read_webpage(page) == (f"一、总体要求\n{shown}\n二、保障措施\n", 6, 0, {})


def test_the_numbers_and_bullets_written_before_list_items_are_no_characters_of_the_page_in_its_warning(tmp_path):
    page = ('<html><body><ul class="nav"><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li></ul><p>一、总体要求</p>'
            "<ol><li>加强组织领导。</li><li>加大经费投入。</li></ol><ul><li>新建学校。</li><li>（三）强化督导。</li></ul></body></html>")
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    # Read: 一、总体要求 6, 加强组织领导。 7, 加大经费投入。 7, 新建学校。 5, （三）强化督导。 8; left out: 首页 2, 政务公开 4.
    with pytest.warns(pc.PolicyCompareWarning, match=r"plan\.html: 6 of its 39 characters are in the site's menus"):
        text, _ = read_text(tmp_path / "plan.html")
    assert text == "一、总体要求\n1.加强组织领导。\n2.加大经费投入。\n• 新建学校。\n（三）强化督导。\n"


@pytest.mark.parametrize("hidden", ['<nav hidden><a href="/">首页</a></nav>', '<footer style="display: none">版权所有</footer>'])
def test_a_hidden_part_of_the_site_left_out_does_not_join_the_lines_around_it(hidden):
    # Its line break was left out with it: 发布机构 ran into the plan's first item.
    page = f"<html><body><div>发布机构：示范区教育局{hidden}<p>（一）加强领导。</p><ol><li>扩充学位。</li></ol></div></body></html>"
    assert pc.read_webpage(page).text == "发布机构：示范区教育局\n（一）加强领导。\n1.扩充学位。\n"


def test_the_items_of_a_numbered_list_on_a_web_page_are_measures_of_their_own(tmp_path):
    page = "<html><body><p>一、总体要求</p><ol><li>加强组织领导，落实责任。</li><li>加大经费投入，保障运转。</li></ol></body></html>"
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    measures = pc.extract_measures(pc.load_document(tmp_path / "plan.html"))
    assert measures[["measure_id", "label", "text"]].values.tolist()[1:] == [
        ["plan:1", "一、", "一、总体要求\n"], ["plan:1.1", "1.", "1.加强组织领导，落实责任。\n"], ["plan:1.2", "2.", "2.加大经费投入，保障运转。\n"]]


@pytest.mark.parametrize("anchor", ['<a name="_Toc1002">', '<a id="s1">', '<a id="s1" class="anchor" role="presentation">'])
def test_an_anchor_without_an_address_on_a_web_page_is_no_link_and_the_heading_it_marks_is_read(anchor):
    # Word's "save as web page" puts a bookmark, an <a> with a name or an id and no address, around each heading: no link, no menu.
    plan = f"<h1>{anchor}<span>一、指导思想</span></a></h1><p>（一）加强教师队伍建设，落实县管校聘改革。</p>"
    assert pc.read_webpage(f"<html><body>{plan}</body></html>") == ("一、指导思想\n（一）加强教师队伍建设，落实县管校聘改革。\n", 0, 0, {})
    # An <a> a script follows is a link: a menu of them is the site's.
    menu = '<div><a onclick="go(1)">首页</a> <a role="link" data-url="/gk">政务公开</a></div>'
    assert pc.read_webpage(f"<html><body>{menu}{plan}</body></html>") == ("一、指导思想\n（一）加强教师队伍建设，落实县管校聘改革。\n", 6, 0, {})


@pytest.mark.parametrize("anchor", ['<a data-href="/gk/{}">', '<a data-url="/a{}" target="_blank">', '<a data-link-url="/c{}">',
                                    '<a class="nav-link">', "<a>", '<a id="m{}" data-href="/gk/{}">', '<a name="m{}" onclick="go({})">'])
def test_a_menu_and_a_list_of_articles_of_anchors_a_script_follows_are_the_sites(anchor):
    # Sites that navigate by script write their menus and lists of related articles as <a> without href: links all the same.
    def page(anchor):
        menu = "<ul class=nav>" + "".join(f"<li>{anchor.format(n, n)}{title}</a></li>" for n, title in enumerate(["首页", "政务公开", "政务服务", "互动交流"]))
        related = "<div class=side><h3>相关文章</h3><ul>" + "".join(f"<li>{anchor.format(n, n)}{title}</a></li>" for n, title in enumerate(
            ["关于做好招生工作的通知", "示范区召开教育工作会议", "关于公布示范学校名单的通知", "区教育局召开工作会议"])) + "</ul></div>"
        plan = "".join(f"<p>{line}</p>" for line in TINY_PLAN.splitlines() if line.strip())
        return f"<html><body>{menu}</ul><div class=article>{plan}</div>{related}</body></html>"

    read = pc.read_webpage(page(anchor))
    assert read == pc.read_webpage(page('<a href="/{}.html">'))
    assert read.text == "".join(f"{line}\n" for line in TINY_PLAN.splitlines() if line.strip())
    assert read.n_unread == 14 + len("相关文章关于做好招生工作的通知示范区召开教育工作会议关于公布示范学校名单的通知区教育局召开工作会议")


@pytest.mark.parametrize("bookmark", ['<a name="_Toc{}">', '<a id="_Toc{}">'])
def test_a_plan_saved_as_a_web_page_by_word_with_bookmarked_headings_gives_the_measures_of_its_text(corpus, tmp_path, bookmark):
    # Its table of contents links to the bookmarks in the page: navigation, left out and counted; the headings are read.
    heading = re.compile(r"[一二三四五六七八九十]+、")
    paragraphs = [line for line in corpus["huaxi"].text.splitlines() if line.strip()]
    headings = [(n, line) for n, line in enumerate(paragraphs) if heading.match(line)]
    toc = "".join(f'<p class=MsoToc1><a href="#_Toc{n}"><span lang=ZH-CN>{line}</span></a></p>' for n, line in headings)
    body = "".join(f"<h1>{bookmark.format(n)}<span lang=ZH-CN>{line}</span></a></h1>" if heading.match(line)
                   else f"<p class=MsoNormal><span lang=ZH-CN>{line}</span></p>" for n, line in enumerate(paragraphs))
    page = f'<html><head><meta charset="utf-8"></head><body><div class=WordSection1>{toc}{body}</div></body></html>'
    (tmp_path / "huaxi.html").write_text(page, encoding="utf-8")
    n_toc = sum(len(line) for _, line in headings)
    with pytest.warns(pc.PolicyCompareWarning, match=rf"huaxi\.html: {n_toc} of its \d+ characters are in the site's menus, link lists"):
        saved = pc.load_corpus(tmp_path)
    before, after = pc.extract_measures(corpus.subset(["huaxi"])), pc.extract_measures(saved)
    assert after.measure_id.tolist() == before.measure_id.tolist()
    assert ["".join(t.split()) for t in after.text] == ["".join(t.split()) for t in before.text]


SCANNED = ('<html><head><meta charset="utf-8"><title>某县教育行动计划</title></head><body>'
           '<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/tzgg">通知公告</a></div>'
           '<a href="/"><img src="logo.png"></a><h1>某县教育提质行动计划</h1><p>发布时间：2022-06-15 来源：某县教育局</p>'
           '<div class="article">{}</div><p>【打印本页】【关闭窗口】</p></body></html>')


@pytest.mark.parametrize(("article", "n_images"), [
    ('<p><img src="plan-1.jpg"></p><p><img src="plan-2.jpg" width="800"></p><p><img src="plan-3.jpg"></p>', 3),
    ('<p>为推进教育高质量发展，制定本计划。</p><img src="plan-1.jpg"><img src="plan-2.jpg"><img src="plan-3.jpg" style="display:none">', 2),
    # Scans linked to their full size.
    ('<a href="plan-1.JPG" target="_blank"><img src="s1.jpg"></a><a href="/files/plan-2.png?v=1"><img src="s2.jpg"></a>', 2),
    # Scans as wide as the page, or a share of it: a size in percent or in another unit than pixels is no icon's.
    ('<p><img src="plan-1.jpg" width="90%"></p><p><img src="plan-2.jpg" width="90%"></p>', 2),
    ('<img src="plan-1.jpg" width="100%" height="50%"><img src="plan-2.jpg" width="40em"><img src="plan-3.jpg" height="80vh">', 3),
    # One image; icons and spacers (less than 100 pixels); images the site links or hides; 200 characters of text or more.
    ('<p><img src="plan-1.jpg"></p>', 0),
    ('<img src="icon.gif" width="16" height="16"><img src="spacer.gif" width="1"><img src="dot.gif" height="8"><img src="plan-1.jpg">', 0),
    ('<img src="icon.png" width="24px" height=" 24 PX"><img src="spacer.gif" width="1.5"><img src="plan-1.jpg">', 0),
    ('<a href="/ztzl/index.html"><img src="banner.jpg"></a><img src="plan-2.jpg" hidden><img src="plan-3.jpg">', 0),
    ('<p><img src="plan-1.jpg"></p><p><img src="plan-2.jpg"></p>' + "<p>（一）加强教师队伍建设，落实县管校聘改革，推进集团化办学。</p>" * 7, 0),
    # Beside more images, a longer cover note: fewer than 50 characters an image.
    ("<p>（一）加强教师队伍建设，落实县管校聘改革，推进集团化办学。</p>" * 7 + '<p><img src="plan.jpg"></p>' * 6, 6),
])  # fmt: skip
def test_the_images_a_page_shows_in_place_of_its_text_are_counted(article, n_images):
    from policycompare.webpage import _read_page, _read_page_with_images

    page = SCANNED.format(article)
    assert _read_page_with_images(page) == (*_read_page(page), n_images)


def test_a_page_whose_only_text_is_in_noscript_is_refused_saying_so(tmp_path):
    page = ('<html><head><script src="article.js"></script></head><body><nav><a href="/">首页</a></nav>'
            f"<noscript><div>{PARAGRAPHS}</div></noscript><div id=article></div></body></html>")
    assert pc.read_webpage(page) == ("", 2, 0, {"noscript": 27})
    # Beside text the page shows, <noscript> is not counted: most pages hold one that asks for scripts.
    assert pc.read_webpage(page.replace("<div id=article></div>", PARAGRAPHS)).unread_elements == {}
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=r"plan\.html: the page shows no text but 2 characters in the site's menus, link lists and footer "
                                                 r"or in buttons and drop-down lists, 27 in <noscript> \(shown only where scripts are off\), "
                                                 r"which are not read; copy the text the browser shows into a \.txt file$"):
        read_text(tmp_path / "plan.html")


def test_a_web_page_whose_plan_is_in_scanned_images_is_read_with_a_warning_that_says_so(tmp_path):
    page = SCANNED.format('<p><img src="plan-1.jpg"></p><p><img src="plan-2.jpg"></p><p><img src="plan-3.jpg"></p>')
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning) as record:
        read_text(tmp_path / "plan.html")
    # Read: 某县教育提质行动计划 10, 发布时间：2022-06-15 来源：某县教育局 23, 【打印本页】【关闭窗口】 12; the menu: 12.
    assert [str(warning.message) for warning in record] == [
        f"{tmp_path / 'plan.html'}: the page shows 3 images and only 45 characters of text: its plan may be in the images "
        "(scanned pages?), whose text is not read; run OCR on them, or give the plan as text",
        f"{tmp_path / 'plan.html'}: 12 of its 57 characters are in the site's menus, link lists and footer or in buttons and drop-down lists "
        "and were not read"]


@pytest.mark.parametrize("page", [
    # Scans with a short title and a script, as most sites' pages have: no "text written by a script".
    '<html><head><script src="site.js"></script></head><body><h1>教育行动计划</h1><img src="p1.jpg"><img src="p2.jpg"><img src="p3.jpg"></body></html>',
    # Scans alone: no "the page shows no text".
    '<html><body><img src="p1.jpg"><img src="p2.jpg"></body></html>',
])  # fmt: skip
def test_a_web_page_of_scans_with_a_title_at_most_is_refused_saying_its_plan_may_be_in_them(tmp_path, page):
    (tmp_path / "plan.html").write_text(page, encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=r"plan\.html: the page shows [23] images and only \d+ characters of text: its plan may be in "
                                                 r"the images \(scanned pages\?\), whose text is not read; run OCR on them, or give the plan as text$"):
        read_text(tmp_path / "plan.html")


@pytest.mark.parametrize("body", ["一、总体要求。加强教师队伍建设。", "关于印发教育提质行动方案的通知", "（一）加强教师队伍建设，落实县管校聘。"])
def test_a_short_gbk_page_declaring_big5_is_read_as_gbk(tmp_path, body):
    (tmp_path / "plan.html").write_bytes(f'<html><head><meta charset="big5"></head><body><p>{body}</p></body></html>'.encode("gbk"))
    assert read_text(tmp_path / "plan.html") == (body + "\n", "html/gb18030")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["plan.txt", "plan.html"])
def test_utf16_without_a_byte_order_mark_is_read_in_the_byte_order_that_gives_text(tmp_path, codec, name):
    plan = f"<html><body>{PARAGRAPHS}</body></html>" if name.endswith(".html") else "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"
    (tmp_path / name).write_bytes(plan.encode(codec))
    text, found = read_text(tmp_path / name)
    assert text == "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"
    assert found == (f"html/{codec}" if name.endswith(".html") else codec)


@pytest.mark.parametrize(("data", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "a PDF document; give it a .pdf name"),
    (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", r"a zip archive \(a .docx document renamed\?\); give a Word document a .docx name"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), r"an old Office document \(.doc, .wps, .xls\); save it as .docx or .txt"),
    (b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}\\f0 \\'d2\\'bb}", "an RTF document; save it as .docx or .txt"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", r"a gzip archive \(a page saved compressed\?\); unpack it first"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image; its text needs OCR first"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image; its text needs OCR first"),
    (b"GIF89a\x10\x00\x10\x00\x80\x00\x00", "a GIF image; its text needs OCR first"),
])
@pytest.mark.parametrize("name", ["plan.txt", "plan.md", "plan.html"])
def test_a_file_of_another_format_is_refused_naming_the_format(tmp_path, data, what, name):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(PolicyCompareError, match=rf"{re.escape(name)}: not a text file: its bytes start like {what}$"):
        read_text(tmp_path / name)


def test_a_text_that_starts_with_the_letters_of_a_signature_is_read(tmp_path):
    plan = "GIF8 格式的图片不再使用。\n一、总体要求\n（一）加强教师队伍建设。\n"
    (tmp_path / "plan.txt").write_text(plan, encoding="utf-8")
    assert read_text(tmp_path / "plan.txt")[0] == plan


@pytest.mark.parametrize(("declared", "saved"), [("utf-8", "gb18030"), ("gb2312", "utf-8"), ("big5", "utf-8"), ("iso-8859-1", "gb18030"), ("windows-1252", "gb18030")])
def test_a_web_page_saved_in_another_charset_than_it_declares_is_detected(tmp_path, declared, saved):
    (tmp_path / "plan.html").write_bytes(plan_page(TINY_PLAN, charset=declared).encode(saved))
    with pytest.warns(pc.PolicyCompareWarning):
        text, encoding = read_text(tmp_path / "plan.html")
    assert encoding == f"html/{saved}" and "（一）加大经费投入。" in text


@pytest.mark.parametrize(("declared", "body", "saved", "name"), [
    # Every accented letter before a letter: GB18030 decodes it all, into hanzi among Latin letters (R閒ormes).
    ("gb2312", "<p>Réformes générales de l'éducation nationale</p><p>Développement des écoles élémentaires</p>", "latin-1", "Windows-1252/Latin-1"),
    ("gb2312", "<p>教育振興基本計画について、学校の教員が授業を行う。</p>", "shift_jis", "Shift-JIS"),
    ("gbk", "<p>教育振興基本計画について、学校の教員が授業を行う。</p>", "euc_jp", "EUC-JP"),
    ("big5", "<p>교육 발전 계획: 학교와 교사의 역할을 강화한다.</p>", "euc_kr", "EUC-KR"),
], ids=["latin-1", "shift-jis", "euc-jp", "euc-kr"])
def test_a_web_page_declaring_a_chinese_charset_it_is_not_in_is_refused_naming_its_encoding(tmp_path, declared, body, saved, name):
    (tmp_path / "page.html").write_bytes(f'<html><head><meta charset="{declared}"></head><body>{body}</body></html>'.encode(saved))
    with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(tmp_path / 'page.html'))}: not Chinese text in a supported encoding: "
                                                 rf"reads as {name} \([^)]+\); save Chinese plans as UTF-8, GB18030/GBK or Big5$"):
        read_text(tmp_path / "page.html")


def test_a_web_page_declaring_gb2312_and_saved_in_big5_is_read_as_big5(tmp_path):
    # GB18030 decodes these bytes too, into rare hanzi and characters of the private use area.
    convert = pytest.importorskip("opencc").OpenCC("s2tw").convert
    (tmp_path / "plan.html").write_bytes(convert(plan_page(TINY_PLAN, charset="gb2312")).encode("big5"))
    with pytest.warns(pc.PolicyCompareWarning):
        text, encoding = read_text(tmp_path / "plan.html")
    assert encoding == "html/big5" and "（一）加大經費投入。" in text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_web_page_with_a_byte_order_mark_is_read_by_it_whatever_it_declares(tmp_path, encoding):
    (tmp_path / "plan.html").write_bytes(plan_page(TINY_PLAN, charset="gbk").encode(encoding))
    with pytest.warns(pc.PolicyCompareWarning):
        text, codec = read_text(tmp_path / "plan.html")
    assert codec == f"html/{encoding}" and text.splitlines()[3] == "示范区教育提升行动方案" and "\ufeff" not in text


@pytest.mark.parametrize(("page", "message"), [
    (b"", r"file is empty"),
    ('<html><frameset rows="20%,80%"><frame src="top.html"><frame src="main.html"></frameset>'
     "<noframes><body>您的浏览器不支持框架。</body></noframes></html>".encode("utf-8"),
     r"the page is a frameset: its text is in the pages of its frames; save the frame that shows the plan"),
    ('<html><body><div>首页</div><script>document.write("一、总体目标 到2025年高中阶段毛入学率达到95%。");</script></body></html>'.encode("utf-8"),
     r"the page shows only 2 Chinese characters: its text is likely written by a script; copy the text the browser shows into a \.txt file"),
    (b"<html><head><title>t</title><script>var x = '\xe6\x96\x87';</script></head><body>  </body></html>", r"the page shows no text"),
    ('<html><body><svg><text>图示</text></svg> <button> </button></body></html>'.encode("utf-8"),
     r"the page shows no text but 2 characters in drawings \(svg\), which are not read; copy the text the browser shows into a \.txt file"),
    # Buttons count as the site's, and the message says so: 打印, 关闭.
    ('<html><body><button>打印</button> <button>关闭</button></body></html>'.encode("utf-8"),
     r"the page shows no text but 4 characters in the site's menus, link lists and footer or in buttons and drop-down lists, which are not read; "
     r"copy the text the browser shows into a \.txt file"),
    ('<html><body><nav><a href="/">首页</a></nav><button>打印</button><svg><text>图示</text></svg></body></html>'.encode("utf-8"),
     r"the page shows no text but 4 characters in the site's menus, link lists and footer or in buttons and drop-down lists, "
     r"2 in drawings \(svg\), which are not read; copy the text the browser shows into a \.txt file"),
    (f'<html><body><div>首页</div><div id="article" style="display:none">{PARAGRAPHS}</div></body></html>'.encode("utf-8"),
     r"the page shows 2 Chinese characters and hides 27 \(hidden, display: none; a script may show them\); "
     r"copy the text the browser shows into a \.txt file"),
])
def test_empty_web_pages_are_refused(tmp_path, page, message):
    (tmp_path / "plan.html").write_bytes(page)
    with pytest.raises(PolicyCompareError, match=rf"plan\.html: {message}$"):
        read_text(tmp_path / "plan.html")


def test_read_docx(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("（一）推进县管校聘改革。")
    path = tmp_path / "draft.docx"
    document.save(path)
    assert read_text(path) == ("一、总体要求\n（一）推进县管校聘改革。", "docx")


def _word_numbered_docx(path, levels, items):
    """Save a .docx whose paragraphs Word numbers with a list of its own: ``levels`` (numFmt, lvlText[, start]), ``items`` (text, level or None)."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    xml = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
                  for k, (fmt, text, start) in enumerate((*level, 1)[:3] for level in levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in items:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(path)
    return path


TAIWAN_OUTLINE = [("嘉義市國民教育精進計畫", None), ("依據", 0), ("教育基本法。", 1), ("國民教育法。", 1), ("計畫目標", 0), ("提升學力。", 1),
                  ("實施策略", 0), ("充實數位設備", 1), ("學生載具", 2), ("補助購置平板電腦。", 3), ("設置充電車。", 3), ("網路環境", 2),
                  ("提升頻寬。", 3), ("培育數位人才", 1), ("經費", 0), ("本計畫所需經費新臺幣2億元。", 1)]


@pytest.mark.parametrize(("legal", "top"), [("ideographLegalTraditional", "壹貳參肆"), ("chineseLegalSimplified", "壹贰叁肆")])
def test_words_capital_numerals_of_taiwans_outlines_are_read_as_word_shows_them(tmp_path, legal, top):
    # Word numbers the top level 壹、貳、參、 (贰、叁、 in its simplified form), the next 一、 and （一）.
    path = _word_numbered_docx(tmp_path / "chiayicity.docx", [(legal, "%1、"), ("taiwaneseCountingThousand", "%2、"),
                                                              ("taiwaneseCountingThousand", "（%3）"), ("decimal", "%4.")], TAIWAN_OUTLINE)
    with pytest.warns(pc.PolicyCompareWarning, match="traditional forms"):
        document = pc.load_document(path)
    assert document.text == (
        f"嘉義市國民教育精進計畫\n{top[0]}、依據\n一、教育基本法。\n二、國民教育法。\n{top[1]}、計畫目標\n一、提升學力。\n"
        f"{top[2]}、實施策略\n一、充實數位設備\n（一）學生載具\n1.補助購置平板電腦。\n2.設置充電車。\n（二）網路環境\n1.提升頻寬。\n"
        f"二、培育數位人才\n{top[3]}、經費\n一、本計畫所需經費新臺幣2億元。"
    )
    measures = pc.extract_measures(document)
    assert measures[["measure_id", "label"]].values.tolist() == [
        ["chiayicity:0", ""], ["chiayicity:1", f"{top[0]}、"], ["chiayicity:1.1", "一、"], ["chiayicity:1.2", "二、"],
        ["chiayicity:2", f"{top[1]}、"], ["chiayicity:2.1", "一、"], ["chiayicity:3", f"{top[2]}、"], ["chiayicity:3.1", "一、"],
        ["chiayicity:3.1.1", "（一）"], ["chiayicity:3.1.1.1", "1."], ["chiayicity:3.1.1.2", "2."], ["chiayicity:3.1.2", "（二）"],
        ["chiayicity:3.1.2.1", "1."], ["chiayicity:3.2", "二、"], ["chiayicity:4", f"{top[3]}、"], ["chiayicity:4.1", "一、"],
    ]  # fmt: skip


@pytest.mark.parametrize(("number_format", "shown"), [
    # The numbers Word shows for 1, 2, 3, 10, 11, 20, 100, 105 and 110 (ECMA-376 Part 1, 17.18.59 ST_NumberFormat).
    ("ideographLegalTraditional", ["壹", "貳", "參", "壹拾", "壹拾壹", "貳拾", "壹佰", "壹佰零伍", "壹佰壹拾"]),
    ("chineseLegalSimplified", ["壹", "贰", "叁", "壹拾", "壹拾壹", "贰拾", "壹佰", "壹佰零伍", "壹佰壹拾"]),
    ("chineseCountingThousand", ["一", "二", "三", "十", "十一", "二十", "一百", "一百〇五", "一百一十"]),
    ("taiwaneseCountingThousand", ["一", "二", "三", "十", "十一", "二十", "一百", "一百零五", "一百一十"]),
    # Counting systems: written in units up to 99, digit by digit from 100 on.
    ("chineseCounting", ["一", "二", "三", "十", "十一", "二十", "一○○", "一○五", "一一○"]),
    ("taiwaneseCounting", ["一", "二", "三", "十", "十一", "二十", "一○○", "一○五", "一一○"]),
    ("taiwaneseDigital", ["一", "二", "三", "一○", "一一", "二○", "一○○", "一○五", "一一○"]),
    ("ideographDigital", ["一", "二", "三", "一〇", "一一", "二〇", "一〇〇", "一〇五", "一一〇"]),
    # The ten heavenly stems and the twelve earthly branches, then Arabic digits.
    ("ideographTraditional", ["甲", "乙", "丙", "癸", "11", "20", "100", "105", "110"]),
    ("ideographZodiac", ["子", "丑", "寅", "酉", "戌", "20", "100", "105", "110"]),
])  # fmt: skip
def test_word_shows_its_chinese_number_formats_so(tmp_path, number_format, shown):
    values = [1, 2, 3, 10, 11, 20, 100, 105, 110]
    path = _word_numbered_docx(tmp_path / "numbers.docx", [(number_format, f"%{k + 1}、", value) for k, value in enumerate(values)],
                               [(f"第{k}级。", k) for k in range(len(values))])
    text, encoding = read_text(path)
    assert encoding == "docx" and text.splitlines() == [f"{number}、第{k}级。" for k, number in enumerate(shown)]


@pytest.mark.parametrize(("paragraphs", "pictures", "warned"), [
    (["花溪区公办普通高中振兴行动计划"], 3, "3 images and only 15 characters"),
    # A cover note beside the plan's pages: 71 characters, fewer than 50 for each of 2.
    (["关于印发《花溪区公办普通高中振兴行动计划》的通知", "各学校：现将《花溪区公办普通高中振兴行动计划》印发给你们，请结合实际认真贯彻执行。", "花溪区教育局"], 2,
     "2 images and only 71 characters"),
    # A plan with a picture (a map, an organisation chart) beside its text draws no warning.
    (["一、总体要求", "（一）加强党的领导，推进县管校聘改革，落实教师编制动态调整。", "（二）优化学校布局，新建高中两所，扩充学位三千个。"], 1, None),
])  # fmt: skip
def test_a_docx_whose_body_is_pictures_with_little_text_says_its_plan_may_be_in_them(tmp_path, paragraphs, pictures, warned):
    import warnings

    path = tmp_path / "pictures.docx"
    path.write_bytes(pictures_docx_bytes(*paragraphs, pictures=pictures))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_text(path)[0].split() == paragraphs
    expected = [] if warned is None else [f"{path}: its body holds {warned} of text: its plan may be in the images (scanned pages?), "
                                          "whose text is not read; run OCR on them, or give the plan as text"]
    assert [str(warning.message) for warning in caught] == expected


def test_read_broken_docx(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PolicyCompareError, match=r"draft\.docx: not a readable \.docx file"):
        read_text(path)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
M_NS = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _read_within(path, seconds=20):
    """``read_text(path)``, run in a thread that must end within ``seconds``: a reading that never ends fails the test, not the run."""
    import threading

    result = {}
    thread = threading.Thread(target=lambda: result.update(read=read_text(path)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"reading {path.name} did not end within {seconds} s"
    return result["read"]


@pytest.mark.parametrize("loop", [("Loop", "Loop"), ("LoopA", "LoopB", "LoopA"), ("LoopA", "ListBullet", "LoopA")],
                         ids=["itself", "each-other", "through-list-bullet"])
def test_styles_based_on_each_other_in_a_loop_are_read_as_if_the_chain_ended_where_it_comes_back(tmp_path, loop):
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("一、总体要求")
    styles = document.styles.element
    for style, base in zip(loop, loop[1:]):
        if style == "ListBullet":
            styles.get_by_id(style).find(qn("w:basedOn")).set(qn("w:val"), base)
        else:
            styles.append(parse_xml(f'<w:style {W_NS} w:type="paragraph" w:styleId="{style}"><w:name w:val="{style}"/><w:basedOn w:val="{base}"/></w:style>'))
    paragraph = document.add_paragraph("（一）完善机制。")
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:pStyle {W_NS} w:val="{loop[0]}"/>'))
    document.save(tmp_path / "loop.docx")
    # A loop through List Bullet still finds its list: the chain is walked to where it comes back, no shorter.
    shown = "• " if "ListBullet" in loop else ""
    assert _read_within(tmp_path / "loop.docx") == (f"一、总体要求\n{shown}（一）完善机制。", "docx")


def _cell(text, properties=""):
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'


MERGED, SPAN_TWO, AFTER_ONE = "<w:vMerge/>", '<w:gridSpan w:val="2"/>', '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'


@pytest.mark.parametrize(("rows", "shown"), [
    # A cell continuing a merge in the table's first row (a table split at a merged cell): nothing above it.
    ([_cell("续表", MERGED) + _cell("区教育局"), _cell("新建学校") + _cell("2025年")], "续表\t区教育局\n新建学校\t2025年"),
    # Below a cell spanning two columns, or a row whose cells start one column in: no cell above starts at its column.
    ([_cell("任务", SPAN_TWO) + _cell("责任单位"), _cell("新建学校") + _cell("2025年", MERGED) + _cell("区教育局")],
     "任务\t责任单位\n新建学校\t2025年\t区教育局"),
    # The third row's first cell continues the second's, which is a cell of its own: read once, there.
    ([AFTER_ONE + _cell("任务") + _cell("责任单位"), _cell("2025年", MERGED) + _cell("新建学校") + _cell("区教育局"),
      _cell("", MERGED) + _cell("扩充学位") + _cell("区财政局")], "任务\t责任单位\n2025年\t新建学校\t区教育局\n扩充学位\t区财政局"),
], ids=["first-row", "under-a-span", "grid-before"])  # fmt: skip
def test_a_table_whose_merged_cells_python_docx_cannot_follow_is_read_with_all_its_text(tmp_path, rows, shown):
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("一、主要任务")
    body = document.element.body
    grid = '<w:gridCol w:w="2000"/>' * 3
    body.insert(len(body) - 1, parse_xml(f"<w:tbl {W_NS}><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(f'<w:tr>{row}</w:tr>' for row in rows)}</w:tbl>"))
    document.add_paragraph("二、保障措施")
    document.save(tmp_path / "table.docx")
    assert _read_quietly(tmp_path / "table.docx") == f"一、主要任务\n{shown}\n二、保障措施"


def _docx_of_paragraphs(path, paragraphs):
    """Save a .docx of 一、总体要求 then ``paragraphs``, each the XML inside a ``w:p`` (runs, and what holds them)."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("一、总体要求")
    body = document.element.body
    for inner in paragraphs:
        body.insert(len(body) - 1, parse_xml(f"<w:p {W_NS} {M_NS}>{inner}</w:p>"))
    document.save(path)
    return path


def _run(text):
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _sym(font, code):
    return f'<w:r><w:sym w:font="{font}" w:char="{code}"/></w:r>'


def _read_quietly(path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return read_text(path)[0]


@pytest.mark.parametrize(("font", "code", "shown"), [
    # Word stores a symbol of the Symbol and Wingdings fonts by its code in the font plus F000.
    ("Symbol", "F0B3", "≥"), ("Symbol", "F0A3", "≤"), ("Symbol", "F0B1", "±"), ("Symbol", "F0B4", "×"), ("Symbol", "F0B8", "÷"),
    ("Symbol", "F0B0", "°"), ("Symbol", "F061", "α"), ("symbol", "B3", "≥"), ("Wingdings", "F081", "①"), ("Wingdings", "F08D", "❷"),
    ("Wingdings", "F0FC", "✓"),
    # A font with Unicode characters of its own: the character as given.
    ("宋体", "2460", "①"), ("Times New Roman", "2265", "≥"),
])  # fmt: skip
def test_symbols_inserted_from_a_font_are_read_as_the_characters_word_shows(tmp_path, font, code, shown):
    path = _docx_of_paragraphs(tmp_path / "sym.docx", [_run("（一）高中阶段毛入学率") + _sym(font, code) + _run("95%。")])
    assert _read_quietly(path) == f"一、总体要求\n（一）高中阶段毛入学率{shown}95%。"


def test_symbols_without_a_unicode_character_are_kept_as_word_stores_them_and_named_in_a_warning(tmp_path):
    # Wingdings 2 is not mapped: its codes are kept, not dropped, and a plan that uses five is no binary file.
    path = _docx_of_paragraphs(tmp_path / "ticks.docx", [_sym("Wingdings 2", "F050") + _run(f"（{n}）完成任务。") for n in "一二三四五"])
    message = f"{path}: 5 symbols inserted from the font Wingdings 2 have no Unicode character and are kept as Word stores them"
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}"):
        text = read_text(path)[0]
    assert text.splitlines()[1:] == [f"\uf050（{n}）完成任务。" for n in "一二三四五"]


def test_equations_are_read_run_by_run_in_their_place(tmp_path):
    path = _docx_of_paragraphs(tmp_path / "math.docx", [
        _run("（一）生师比不高于") + "<m:oMath><m:r><m:t>12:1</m:t></m:r></m:oMath>" + _run("，班额不超过45人。"),
        "<m:oMathPara><m:oMath><m:r><m:t>经费=生均</m:t></m:r><m:r><m:t>×人数</m:t></m:r></m:oMath></m:oMathPara>"])
    assert _read_quietly(path) == "一、总体要求\n（一）生师比不高于12:1，班额不超过45人。\n经费=生均×人数"


@pytest.mark.parametrize("around", [
    '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="date">{}</w:smartTag>',
    '<w:customXml w:element="year">{}</w:customXml>',
    '<w:dir w:val="ltr">{}</w:dir>',
    '<w:bdo w:val="rtl">{}</w:bdo>',
    '<w:hyperlink w:anchor="a"><w:smartTag w:uri="urn:x" w:element="date">{}</w:smartTag></w:hyperlink>',
    # Ruby: the base text, not the reading over it (counted below).
    '<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t></w:t></w:r></w:rt><w:rubyBase>{}</w:rubyBase></w:ruby></w:r>',
])
def test_runs_inside_smart_tags_custom_xml_direction_marks_and_ruby_are_read_in_place(tmp_path, around):
    path = _docx_of_paragraphs(tmp_path / "tags.docx", [_run("（一）到") + around.format(_run("2025年")) + _run("完成。")])
    assert _read_quietly(path) == "一、总体要求\n（一）到2025年完成。"


def test_the_reading_shown_over_ruby_is_counted_as_not_read_with_its_kind(tmp_path):
    ruby = '<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhù</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>著</w:t></w:r></w:rubyBase></w:ruby></w:r>'
    path = _docx_of_paragraphs(tmp_path / "ruby.docx", [_run("（一）") + ruby + _run("力推进。")])
    # Read: 一、总体要求 6, （一）著力推进。 8; not: zhù 3.
    message = f"{path}: 3 of its 17 characters were not read: 3 characters in ruby readings (the pronunciation shown over the text); "
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}"):
        assert read_text(path)[0] == "一、总体要求\n（一）著力推进。"


def test_text_word_hides_is_counted_as_not_read_and_text_it_unhides_is_read(tmp_path):
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部）</w:t></w:r>'
    shown = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>力推进。</w:t></w:r>'
    path = _docx_of_paragraphs(tmp_path / "hidden.docx", [_run("（一）着") + hidden + shown])
    # Read: 一、总体要求 6, （一）着力推进。 8; not: （内部） 4.
    message = f"{path}: 4 of its 18 characters were not read: 4 characters in hidden text (the font effect Hidden); "
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}"):
        assert read_text(path)[0] == "一、总体要求\n（一）着力推进。"


def _docx_with_chunk(path, content_type, name, data):
    """Save a .docx with an embedded part (``w:altChunk``, as web editors export) between two paragraphs."""
    docx = pytest.importorskip("docx")
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("一、总体要求")
    part = Part(PackURI(f"/word/{name}"), content_type, data, document.part.package)
    rid = document.part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk {W_NS} {R_NS} r:id="{rid}"/>'))
    document.add_paragraph("二、保障措施")
    document.save(path)
    return path


CHUNK_ITEMS = "（一）加强领导，落实责任。\n（二）加大投入，保障运转。\n"


def test_an_embedded_web_page_or_text_is_read_in_its_place(tmp_path):
    page = ('<html><body><ul class="nav"><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li></ul>'
            + "".join(f"<p>{line}</p>" for line in CHUNK_ITEMS.splitlines()) + "</body></html>")
    path = _docx_with_chunk(tmp_path / "page.docx", "text/html", "afchunk.htm", page.encode("gbk"))
    # Read: 一、总体要求 6, the two items 26, 二、保障措施 6; the page's menu 6 is left out as web pages' menus are.
    message = f"{path}: 6 of its 44 characters were not read: 6 characters in embedded web pages' menus, hidden text and drawings; "
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}"):
        assert read_text(path)[0] == f"一、总体要求\n{CHUNK_ITEMS}二、保障措施"
    # The bullet written before an item of a list is no character of the page: 新建学校。 5 more.
    path = _docx_with_chunk(tmp_path / "list.docx", "text/html", "afchunk.htm", page.replace("</body>", "<ul><li>新建学校。</li></ul></body>").encode("gbk"))
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(f'{path}: 6 of its 49 characters were not read')}"):
        assert read_text(path)[0] == f"一、总体要求\n{CHUNK_ITEMS}• 新建学校。\n二、保障措施"
    path = _docx_with_chunk(tmp_path / "text.docx", "text/plain", "afchunk.txt", CHUNK_ITEMS.replace("\n", "\r\n").encode("utf-16"))
    assert _read_quietly(path) == f"一、总体要求\n{CHUNK_ITEMS}二、保障措施"


def test_an_embedded_part_of_another_format_is_named_in_a_warning(tmp_path):
    rtf = rb"{\rtf1\ansi\ansicpg936{\fonttbl\f0\fnil SimSun;}\f0 \'a3\'a8\'d2\'bb\'a3\'a9\'bc\'d3\'c7\'bf\'c1\'ec\'b5\'bc\'a1\'a3\par}"
    path = _docx_with_chunk(tmp_path / "rtf.docx", "application/rtf", "afchunk.rtf", rtf)
    message = (f"{path}: embedded parts in other formats were not read: an RTF document (word/afchunk.rtf, {len(rtf)} bytes); "
               "open the file in Word and save it again (Word makes them ordinary paragraphs), or copy their text into the body")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        assert read_text(path)[0] == "一、总体要求\n二、保障措施"


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
            # A first U+FEFF is written as the byte-order mark of UTF-8 (and of GB18030), which reading drops.
            assert decoded == (text[1:] if text.startswith("\ufeff") and encoding in ("utf-8", "utf-8-sig", "gb18030") else text)


# Everyday characters: GB2312's level-1 hanzi (byte rows B0–D7).
COMMON_HANZI = "".join(bytes([row, col]).decode("gb2312") for row in range(0xB0, 0xD8) for col in range(0xA1, 0xFF) if (row, col) != (0xD7, 0xFA) and not (row == 0xD7 and col > 0xF9))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(COMMON_HANZI + "，。、；：（）《》“”0123456789\n"), min_size=2, max_size=200).filter(_CJK.search))
def test_plain_chinese_roundtrips_through_gb18030(text):
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("text", [
    "㐀㐁㐂㐃㐄㐅㐆㐇\n", "㐀㐁㐂䶵教育㐃㐄㐅\n", "（一）𠀀𠀁䶵㐀\n",
    # Names in rare characters among a plan's everyday ones.
    "（三）支持㮾下、䢺溪两所学校，建设㐰山小学。\n" * 3,
], ids=["extension A", "mostly extension A", "extensions B and A", "names in a plan"])
def test_a_gb18030_text_of_rare_characters_in_four_bytes_is_read(text):
    # Extension A is in GB18030's four-byte sequences, which no other encoding has: rare, yet never a misreading.
    assert len("䶵".encode("gb18030")) == 4
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


def test_a_legacy_text_of_rare_two_byte_hanzi_is_refused_saying_so():
    # GBK's own rare hanzi are the bytes other encodings read as: no encoding can be told, but what it reads as is said.
    with pytest.raises(PolicyCompareError, match=r"^plan\.txt: cannot decode: not UTF-8, UTF-16/32 with BOM, GB18030/GBK or Big5 text "
                                                 r"\(binary file\?\): read as GB18030/GBK, 3 of its 3 CJK characters are rare ones, "
                                                 r"in neither GB2312 nor Big5; save a plan of rare characters as UTF-8$"):
        decode_bytes("峩鑍唫\n".encode("gbk"), path="plan.txt")


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_still_refused_as_binary(seed):
    import random

    data = random.Random(seed).randbytes(64 * (seed + 1))
    with pytest.raises(PolicyCompareError, match=r"^plan\.txt: (cannot decode: not UTF-8, .* \(binary file\?\)$|binary file)"):
        decode_bytes(data, path="plan.txt")


def test_text_from_pdftotext_with_a_form_feed_per_page_is_read(tmp_path):
    # Thirty pages, each ended by a form feed: not binary data, and cleaning drops them.
    path = tmp_path / "plan.txt"
    path.write_text("".join(f"（{n}）第{n}页的内容。\n\f" for n in range(1, 31)), encoding="utf-8")
    doc = pc.load_document(path)
    assert "\f" not in doc.text and doc.text.count("\n") == 30
    assert set(doc.cleaning["reason"]) == {"page break (form feed)"} and len(doc.cleaning) == 30


def test_utf16_cut_short_and_nul_bytes_in_a_text_file_are_refused_saying_where(tmp_path):
    plan = "一、总体要求\n（一）加强教师队伍建设，落实县管校聘改革。\n"
    (tmp_path / "cut.txt").write_bytes(plan.encode("utf-16-le")[:-1])
    with pytest.raises(PolicyCompareError, match=r"cut\.txt: UTF-16 text cut short: an odd number of bytes \(57\); the file is damaged or incomplete$"):
        read_text(tmp_path / "cut.txt")
    padded = plan.encode("gb18030")
    (tmp_path / "padded.txt").write_bytes(padded[:12] + b"\x00\x00" + padded[12:])
    with pytest.raises(PolicyCompareError, match=r"padded\.txt: binary file \(NUL bytes, the first at byte 12, and no UTF-16/32"):
        read_text(tmp_path / "padded.txt")


@pytest.mark.parametrize("name", ["disk.txt", "disk.html"])
def test_a_large_file_of_nul_bytes_is_refused_from_its_first_64_kb(tmp_path, monkeypatch, name):
    import pathlib

    path = tmp_path / name
    with open(path, "wb") as file:
        file.truncate(20_000_000)
    # Only the first 64 KB may be read: reading and decoding a file of gigabytes whole takes minutes.
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: pytest.fail(f"{self.name} was read whole"))
    message = f"{path}: binary file (100% of its first 65,536 bytes are NUL bytes, more than any text holds); give a text, .md, .docx, .pdf or .html file"
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(message)}$"):
        read_text(path)
    with pytest.raises(PolicyCompareError, match="100% of its first 8 bytes are NUL bytes"):
        decode_bytes(bytes(8))


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be", "utf-16", "utf-16-le"])
def test_utf16_and_utf32_text_with_nul_bytes_in_every_character_is_read(tmp_path, codec):
    # Mostly ASCII: three NUL bytes in four in UTF-32 (the BOM one in two), one in two in UTF-16.
    text = "Plan 2025-2027\n1. STEM labs: 12 schools, 3600 pupils.\n2. Teachers: 450 trained each year.\n（一）加强领导。\n" * 2000
    data = text.encode(codec)
    if codec == "utf-32-be":
        data = codecs.BOM_UTF32_BE + data
    assert data[:65536].count(0) > 65536 * (0.7 if "32" in codec else 0.45)
    (tmp_path / "plan.txt").write_bytes(data)
    assert read_text(tmp_path / "plan.txt")[0] == text


@pytest.mark.parametrize(("codec", "pasted", "name"), [("gbk", "（二）推进集团化办学。", "GB18030/GBK"), ("big5", "（二）推進集團化辦學。", "Big5")])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_line_in_a_legacy_encoding_pasted_into_a_utf8_file_is_named_by_its_line(codec, pasted, name, newline):
    lines = ["一、总体要求", "（一）加强党的领导，推进县管校聘改革。", "二、主要措施"]
    data = newline.join(lines).encode("utf-8") + newline.encode() + pasted.encode(codec) + f"{newline}三、保障措施{newline}".encode("utf-8")
    with pytest.raises(PolicyCompareError, match=rf"^plan\.txt: mixed encodings: line 4 is in {name}, other lines in UTF-8 "
                                                 r"\(text pasted from another file\?\); save the whole file in one encoding$"):
        decode_bytes(data, path="plan.txt")


def test_a_damaged_utf8_file_is_not_taken_for_one_of_mixed_encodings():
    # The bad byte's line reads neither as UTF-8 nor as GB18030 text: damage, said with its offset.
    data = "一、总体要求\n（一）加强党的领导，推进县管校聘改革。\n".encode("utf-8") * 3
    with pytest.raises(PolicyCompareError, match=r"^plan\.txt: cannot decode: valid UTF-8 up to byte 96, then b'\\xff' \(damaged file\?\)"):
        decode_bytes(data[:96] + b"\xff" + data[96:], path="plan.txt")


@pytest.mark.parametrize(("before", "pasted", "after", "codec", "name"), [
    ("（二）推进", "集团化办学", "，组建教育集团。", "gbk", "GB18030/GBK"),
    ("（二）推進", "集團化辦學", "，組建教育集團。", "big5", "Big5"),
    # ASCII inside the passage, and a Big5 hanzi whose second byte is ASCII (系 is a8 74) at its end.
    ("（二）", "到2025年，", "毛入学率达到96%以上。", "gbk", "GB18030/GBK"),
    ("（二）健全", "保障體系", "和評價機制。", "big5", "Big5"),
], ids=["gbk", "big5", "gbk with ascii", "big5 ending in an ascii byte"])
def test_a_passage_in_a_legacy_encoding_pasted_into_a_utf8_line_is_named_by_its_line(before, pasted, after, codec, name):
    # Long enough that the first bad byte comes after byte 64, where a whole file would be taken for damaged UTF-8.
    lines = "一、总体要求\n（一）加强党的领导，推进县管校聘改革，落实教师交流轮岗。\n".encode("utf-8")
    data = lines + before.encode("utf-8") + pasted.encode(codec) + f"{after}\n三、保障措施\n".encode("utf-8")
    with pytest.raises(PolicyCompareError, match=rf"^plan\.txt: mixed encodings: line 3 holds a passage in {name} \({re.escape(pasted)}\), "
                                                 r"the rest of the file is in UTF-8 \(text pasted from another file\?\); save the whole file in one encoding$"):
        decode_bytes(data, path="plan.txt")


# 中 cut to e4 b8 reads as one GBK hanzi (涓); 教 (e6 95 99) with a byte inserted as two, not everyday ones (婷暀).
@pytest.mark.parametrize(("damaged", "bad"), [("中".encode("utf-8")[:2], r"\\xe4\\xb8"), (b"\xe6\xc3\x95\x99", r"\\xe6")], ids=["cut", "inserted"])
def test_a_utf8_character_cut_short_or_a_byte_inserted_into_one_is_damage_not_a_pasted_passage(damaged, bad):
    line = "（一）加强党的领导，推进县管校聘改革。\n".encode("utf-8")
    data = line * 3 + "二、主要".encode("utf-8") + damaged + "措施\n".encode("utf-8")
    with pytest.raises(PolicyCompareError, match=rf"^plan\.txt: cannot decode: valid UTF-8 up to byte {len(line) * 3 + 12}, then b'{bad}' \(damaged file\?\)"):
        decode_bytes(data, path="plan.txt")


# Texts of other languages in their legacy encodings, whose bytes GB18030 or Big5 read too (or nearly).
OTHER_LANGUAGES = {
    # Big5 reads an accented letter's byte and the next letter as one hanzi: "Plan d'嶮ucation, r嶨ormes…".
    "french, latin-1": ("Plan d'éducation, réformes de l'école élémentaire.\n", "latin-1", "Windows-1252/Latin-1"),
    "german, latin-1": ("Bildungsplan für Schüler: kleinere Klassen, mehr Lehrkräfte.\n", "latin-1", "Windows-1252/Latin-1"),
    "french, cp1252": ("Plan d'éducation 2025 : réformes de l'école, égalité des élèves…\n", "cp1252", "Windows-1252/Latin-1"),
    "english with curly quotes": ("The plan’s “key targets” – enrolment and class size.\n", "cp1252", "Windows-1252/Latin-1"),
    # Its first curly quote after byte 64: not a damaged UTF-8 file either.
    "english, a long first line": ("Notes on the county plan, written for the review meeting of the board.\nTeachers’ rotation is the main reform.\n",
                                   "cp1252", "Windows-1252/Latin-1"),
    "japanese, shift-jis": ("教育振興基本計画について、学校の教員が授業を行う。\n", "shift_jis", "Shift-JIS"),
    # GB2312 holds kana where EUC-JP does: GB18030 read its kana right and its kanji as other hanzi.
    "japanese, euc-jp": ("教育振興基本計画について、学校の教員が授業を行う。\n", "euc_jp", "EUC-JP"),
    # Hangul sits where GB2312 keeps its common hanzi: "背腊 惯傈 拌裙: …".
    "korean, euc-kr": ("교육 발전 계획: 학교와 교사의 역할을 강화한다.\n", "euc_kr", "EUC-KR"),
    # Two accented letters that read as one hanzi among ASCII letters, as 中STEM's does, and stay Latin: they are
    # inside a word, or small letters, or a capital and a small letter that begin a word.
    "portuguese, one word": ("Informação\n", "latin-1", "Windows-1252/Latin-1"),
    "portuguese, capitals": ("EDUCAÇÃO\n", "latin-1", "Windows-1252/Latin-1"),
    "french, a word's end": ("Fichier créé\n", "latin-1", "Windows-1252/Latin-1"),
    "dutch, a word's start": ("één keer\n", "latin-1", "Windows-1252/Latin-1"),
    "finnish, a capital's word": ("Ääni ja video\n", "latin-1", "Windows-1252/Latin-1"),
}


@pytest.mark.parametrize(("text", "codec", "name"), OTHER_LANGUAGES.values(), ids=OTHER_LANGUAGES)
def test_a_text_of_another_language_in_a_legacy_encoding_is_refused_naming_its_encoding(tmp_path, text, codec, name):
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(codec))
    with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(path))}: not Chinese text in a supported encoding: reads as {name} "
                                                 r"\([^)]+\); save Chinese plans as UTF-8, GB18030/GBK or Big5$"):
        read_text(path)


def test_the_command_line_refuses_a_latin1_file_among_plans_in_one_line(tmp_path, capsys):
    from policycompare.cli import main

    (tmp_path / "plan.txt").write_text("一、总体要求\n（一）加强党的领导。\n", encoding="utf-8")
    (tmp_path / "note.txt").write_bytes("Plan d'éducation, réformes de l'école élémentaire.\n".encode("latin-1"))
    assert main(["documents", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"policycompare: error: {tmp_path / 'note.txt'}: not Chinese text in a supported encoding: reads as Windows-1252/Latin-1")


def _corpus_texts():
    from policycompare.corpus import bundled_corpus_path

    return {path.name: path.read_text(encoding="utf-8") for path in sorted(bundled_corpus_path().glob("*.txt"))}


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "big5"])
def test_the_bundled_plans_in_legacy_encodings_read_back_whole_and_line_by_line(codec):
    # The check for another language must leave every real plan alone, and every line of one that holds
    # two hanzi or more (one hanzi alone reads as common characters in both GB18030 and Big5: 組 or 舱).
    if codec == "big5":
        # Big5 holds traditional characters only; Taiwan's forms are all in it.
        convert = pytest.importorskip("opencc").OpenCC("s2tw").convert
    else:
        convert = str
    expected = "gb18030" if codec == "gbk" else codec
    for name, plan in _corpus_texts().items():
        plan = convert(plan)
        assert decode_bytes(plan.encode(codec), path=name) == (plan, expected)
        for line in plan.splitlines(keepends=True):
            if len(_CJK.findall(line)) >= 2:
                assert decode_bytes(line.encode(codec), path=name) == (line, expected), line


@pytest.mark.parametrize(("text", "codec"), [
    ("一、總體要求", "big5"), ("一、总体要求", "gbk"), ("花溪区公办普通高中振兴行动计划\n", "gbk"),
    # English words beside Chinese, and titles with a space between their characters (Korean puts them between words).
    ("Python语言教学", "gbk"), ("STEM教育\n", "gbk"), ("办 法 规 定\n", "gbk"), ("目 录\n", "gb18030"),
    # Big5's commonest hanzi are kana to GB18030 (五 reads き, 中文 いゅ): read as Big5, as they are.
    ("五", "big5"), ("中文", "big5"), ("目 錄\n", "big5"), ("（五）加強領導\n", "big5"),
    # One hanzi beside an ASCII word: Windows-1252 reads a common one as a capital and another letter (中: ÖÐ),
    # which begin no Latin word (ÖÐSTEM).
    ("中STEM\n", "gbk"), ("中STEM", "gbk"), ("STEM中\n", "gbk"), ("用Python\n", "gbk"), ("右 Ctrl\n", "gbk"), ("Java 类\n", "gbk"),
    ("中STEM\n", "utf-8"), ("中STEM\n", "big5"),
])
def test_a_short_chinese_text_is_not_taken_for_another_language(text, codec):
    assert decode_bytes(text.encode(codec)) == (text, "gb18030" if codec == "gbk" else codec)


# ---------------------------------------------------------------- Big5 as Windows and Hong Kong write it

# Windows saves "Big5" as its code page 950, with seven hanzi Big5 lacks (碁銹裏墻恒粧嫺) and the euro sign; Hong Kong's
# Big5-HKSCS adds thousands of hanzi (衞邨綫啲鰂). A file in either is Big5 but for those few characters.
CP950_PLAN = "臺北市學校發展計畫\n一、目標\n（一）恒常舉辦閱讀活動，培訓教師20名。\n（二）校園裏增設閱讀角，每生補助€50。\n"
HKSCS_PLAN = ("屯門區學校發展計劃\n一、目標\n（一）加強衞生教育，每學期舉辦家長講座不少於2次。\n"
              "（二）推動屋邨社區服務，學生每年參與義工服務不少於10小時。\n（三）沿鐵路綫設自修室，照顧啲新來港學童。\n")
# A plan of the shortest kind: a title and three measures, with X for the character outside Big5.
BIG5_PLAN_WITH = ("臺北市學校發展計畫\n一、目標\n（一）提升學生閱讀能力，培訓教師20名。\n（二）充實學校設備，每學期舉辦講座不少於2次。\n"
                  "（三）推動X服務，學生每年參與義工服務不少於10小時。\n")


@pytest.mark.parametrize(("text", "codec"), [
    # GB18030 reads these Big5 bytes as hanzi both encodings hold: among symbols a plan never sets between hanzi (毙▅Ы, 郡現┎), or rarer ones (快瞶).
    ("教育局", "big5"), ("教育部", "big5"), ("縣政府", "big5"), ("辦理", "big5"),
    # GBK's own such characters, where a plan writes them: text tables, Greek letters, pinyin.
    ("│加强│领导│", "gb18030"), ("θ角", "gb18030"), ("α级", "gb18030"), ("ρ密度", "gb18030"), ("声母ā", "gb18030"),
])  # fmt: skip
def test_a_short_text_both_legacy_encodings_read_as_common_hanzi_is_read_in_the_likelier_one(text, codec):
    assert decode_bytes(text.encode(codec)) == (text, codec)


@pytest.mark.parametrize(("text", "codec"), [(CP950_PLAN, "cp950"), (HKSCS_PLAN, "big5hkscs")], ids=["cp950", "big5-hkscs"])
def test_a_big5_file_with_windows_or_hong_kong_characters_is_read_whole_in_their_codec(text, codec):
    with pytest.raises(UnicodeEncodeError):
        text.encode("big5")
    assert decode_bytes(text.encode(codec), path="plan.txt") == (text, codec)


@pytest.mark.parametrize(("char", "codec"), [*((char, "cp950") for char in "碁銹裏墻恒粧嫺€"), *((char, "big5hkscs") for char in "衞邨綫啲鰂")])
def test_one_character_outside_big5_leaves_the_rest_of_the_file_readable(char, codec):
    text = BIG5_PLAN_WITH.replace("X", char)
    assert decode_bytes(text.encode(codec), path="plan.txt") == (text, codec)


def test_a_windows_big5_file_keeps_the_punctuation_windows_wrote():
    # Code page 950 and Big5-HKSCS both read 恒 (f9da), but only code page 950 reads a1e3 back as the full-width
    # tilde of 2021～2025 that Windows wrote for it (Big5-HKSCS reads ∼, U+223C, which no range pattern knows).
    text = "臺北市學校發展計畫（2021～2025年）\n一、目標\n（一）恒常舉辦閱讀活動，培訓教師20名。\n"
    assert text.encode("cp950").decode("big5hkscs") == text.replace("～", "∼")
    assert decode_bytes(text.encode("cp950")) == (text, "cp950")


def test_a_plain_big5_file_is_still_read_as_big5():
    text = BIG5_PLAN_WITH.replace("X", "社區")
    assert decode_bytes(text.encode("big5")) == (text, "big5")


def test_a_windows_big5_table_drawn_in_box_lines_is_read():
    # Code page 950's box drawing (f9f9–f9fe) is not Big5's either, and a table has it by the hundred.
    rows = ["╔══════╦══════╗", "║ 項目 ║ 目標 ║", "╠══════╬══════╣", "║ 閱讀 ║ 恒常 ║", "╚══════╩══════╝"]
    text = "臺北市學校發展計畫\n一、目標\n（一）提升學生閱讀能力，培訓教師20名。\n" + "\n".join(rows) + "\n"
    assert decode_bytes(text.encode("cp950")) == (text, "cp950")


@pytest.mark.parametrize("text", [
    # ａ is a3e1 in GBK, the euro sign in code page 950; traditional forms in GBK (們 8283) are bytes Big5-HKSCS
    # reads, as Big5 does not.
    "（一）建设ａ类学校。", "一、总体要求\n（一）推进ａ、ｂ两类学校建设。\n", "我們的學校", "一、總體要求\n（一）我們加強黨的領導。\n",
])
def test_a_gbk_text_that_a_big5_variant_reads_too_is_read_as_gbk(text):
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


@pytest.mark.parametrize("text", [
    # GBK's own rare hanzi (镕 e946, 喆 86b4, 堃 88d2; 萔 c856, which Big5-HKSCS reads as б) make no reading sure: they
    # are refused, or read as plain Big5 as before (镕 alone as 噷), but never in a variant that reads more bytes.
    "朱镕基", "王喆、李堃", "（三）支持王喆、李堃两位教师。\n", "镕", "萔济碾蝉", "入縙", "暴璈萛糩",
])
def test_a_gbk_text_of_rare_hanzi_is_never_read_as_windows_or_hong_kong_big5(text):
    try:
        _, codec = decode_bytes(text.encode("gbk"))
    except PolicyCompareError:
        return
    assert codec not in ("cp950", "big5hkscs")


def test_a_file_no_big5_variant_reads_whole_is_refused_naming_the_first_unreadable_byte():
    # Hong Kong's 衞 and Windows' € in one file: Big5-HKSCS reads all but the euro sign, code page 950 not 衞.
    readable = (HKSCS_PLAN + "（四）每生補助").encode("big5hkscs")
    offset = len(readable)
    with pytest.raises(PolicyCompareError, match=rf"^plan\.txt: cannot decode: reads as Big5-HKSCS up to byte {offset} \(line 6\), "
                                                 r"then b'\\xa3\\xe1', and no encoding tried reads the whole file "
                                                 r"\(UTF-8, GB18030/GBK, Big5, CP950, Big5-HKSCS\); correct the character there, "
                                                 r"or save the file again as UTF-8$"):
        decode_bytes(readable + "€50。\n".encode("cp950"), path="plan.txt")


def test_the_bundled_plans_in_hong_kong_forms_read_back_whole_in_big5_hkscs():
    # Hong Kong's forms (衞, 峯, 啓, 着, 羣) are Big5-HKSCS's own: a few to a hundred in plans of thousands of hanzi.
    # OpenCC gives five forms Python's Big5-HKSCS (of 2004) lacks: those are written as in Taiwan.
    convert = pytest.importorskip("opencc").OpenCC("s2hk").convert
    for name, plan in _corpus_texts().items():
        plan = convert(plan).translate(str.maketrans("鋭税閲脱藴", "銳稅閱脫蘊"))
        assert re.search("[衞峯啓着羣]", plan)
        assert decode_bytes(plan.encode("big5hkscs"), path=name) == (plan, "big5hkscs")


def test_the_documents_table_shows_the_big5_variant_each_file_was_read_in(tmp_path):
    (tmp_path / "taipei.txt").write_bytes(CP950_PLAN.encode("cp950"))
    (tmp_path / "tuenmun.txt").write_bytes(HKSCS_PLAN.encode("big5hkscs"))
    (tmp_path / "plain.txt").write_bytes(BIG5_PLAN_WITH.replace("X", "社區").encode("big5"))
    with pytest.warns(pc.PolicyCompareWarning, match="traditional forms"):
        corpus = pc.load_corpus(tmp_path)
    assert corpus.documents.set_index("doc_id")["encoding"].to_dict() == {"plain": "big5", "taipei": "cp950", "tuenmun": "big5hkscs"}
    assert corpus["tuenmun"].raw == HKSCS_PLAN


# ---------------------------------------------------------------- text an earlier conversion damaged

def _windows_1252(text):
    """``text``'s UTF-8 bytes as Windows (and browsers) read them in Windows-1252: its five unused bytes as U+0081, U+008D, …"""
    return "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in text.encode("utf-8"))


MOJIBAKE = {
    "latin-1": lambda text: text.encode("utf-8").decode("latin-1"),
    "windows-1252": _windows_1252,
    # Python's own codec has no character for those five bytes: they became U+FFFD, and the hanzi they were in are lost.
    "windows-1252, unused bytes replaced": lambda text: text.encode("utf-8").decode("cp1252", errors="replace"),
}


@pytest.mark.parametrize("how", MOJIBAKE)
def test_utf8_chinese_read_as_latin1_and_saved_again_is_refused_saying_so(tmp_path, how):
    plan = _corpus_texts()["huaxi.txt"]
    path = tmp_path / "moji.txt"
    path.write_text(MOJIBAKE[how](plan), encoding="utf-8")
    # Windows-1252 reads 花's second byte (8a) as Š, which Latin-1 reads as a control character, not shown.
    passage = "è±æºªåºå¬" if how == "latin-1" else "èŠ±æºªåŒºå…¬"
    with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(path))}: mojibake: its Chinese is UTF-8 that was read as Latin-1 or "
                                                 rf"Windows-1252 and saved again \(line 1 reads '{passage}' for '花溪区公'\); "
                                                 r"save it again from the original file, as UTF-8$"):
        read_text(path)


def test_a_mojibake_passage_in_a_good_plan_is_refused_naming_its_line():
    lines = PLAN.split("\r\n")
    data = "\n".join([lines[0], "（二）推进集团化办学。".encode("utf-8").decode("latin-1"), lines[1]]).encode("utf-8")
    with pytest.raises(PolicyCompareError, match=r"^plan\.txt: mojibake: .* \(line 2 reads 'ï¼äºï¼æ¨' for '（二）推'\)"):
        decode_bytes(data, path="plan.txt")


def test_mojibake_in_a_docx_or_a_web_page_is_refused_too(tmp_path):
    import docx

    moji = MOJIBAKE["windows-1252"](TINY_PLAN)
    document = docx.Document()
    for line in moji.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "moji.docx")
    (tmp_path / "moji.html").write_text(plan_page(moji, charset="utf-8"), encoding="utf-8")
    for name in ("moji.docx", "moji.html"):
        with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(tmp_path / name))}: mojibake: .* for '示范区教'\)"):
            read_text(tmp_path / name)


def test_mojibake_in_the_text_layer_of_a_pdf_is_refused(tmp_path, monkeypatch):
    import policycompare.reading as reading

    # A page printed from a browser that showed the plan in Windows-1252; its glyphs here stand in for pdfminer's reading.
    path = write_pdf(tmp_path / "moji.pdf", ["（一）印刷体"])
    lines = MOJIBAKE["windows-1252"](TINY_PLAN).splitlines()
    monkeypatch.setattr(reading, "_pdf_pages", lambda data, path: ([lines], 0, 0, [False]))
    with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(path))}: mojibake: .* for '示范区教'\)"):
        read_text(path)


@pytest.mark.parametrize("text", [
    # Accented letters and signs of Latin-1 in a Chinese plan, and in text of a Western language: none is mojibake.
    "（一）邀请José Martí、Zoë Müller和Ångström教授讲学，实验室室温25°C±2°C，面积30m×20m，约½亩。\n",
    "Plan d'éducation « café », « thé », « été », « marché » : réformes à l'école élémentaire.\n",
    "Lehrkräfte für Schüler: Größe ≤ 25 × 30 m², Preis 12 € · © 2024 ® ™ — “Qualität” ‘zuerst’…\n",
    "São Paulo, Curaçao, Málaga, Øresund, Łódź, naïve, cœur, Œuvre, Ýmir, Þór, ÿ.\n",
])
def test_accented_letters_and_latin1_signs_are_no_mojibake(text):
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_chinese_read_as_latin1_or_windows_1252_is_refused(text):
    for how in ("latin-1", "windows-1252"):
        with pytest.raises(PolicyCompareError, match=r"^plan\.txt: mojibake: "):
            decode_bytes(MOJIBAKE[how](text).encode("utf-8"), path="plan.txt")


def test_the_bundled_plans_and_their_docx_pdf_and_web_page_copies_are_no_mojibake(tmp_path):
    import docx
    from policycompare.reading import _latin1_mojibake

    for name, plan in _corpus_texts().items():
        assert _latin1_mojibake(plan) is None, name
    # One plan through every reader: the check runs on what each one reads.
    plan = _corpus_texts()["huaxi.txt"]
    document = docx.Document()
    for line in plan.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "huaxi.docx")
    (tmp_path / "huaxi.html").write_bytes(plan_page(plan).encode("gb18030"))
    write_pdf(tmp_path / "huaxi.pdf", [plan[:1500], plan[1500:3000]])
    for name, encoding in (("huaxi.docx", "docx"), ("huaxi.pdf", "pdf")):
        text, found = read_text(tmp_path / name)
        assert found == encoding and "花溪区" in text
    with pytest.warns(pc.PolicyCompareWarning, match=r"huaxi\.html: 64 of its \d+ characters are in the site's menus"):
        text, found = read_text(tmp_path / "huaxi.html")
    assert found == "html/gb18030" and "花溪区" in text


def test_text_that_already_holds_replacement_characters_is_refused_saying_how_many_and_where(tmp_path):
    # A plan once converted with errors="replace": what it lost is gone, and no encoding of this file brings it back.
    plan = _corpus_texts()["huaxi.txt"]
    damaged = plan.replace("教育", "\ufffd\ufffd")
    n = damaged.count("\ufffd")
    line = damaged[:damaged.index("\ufffd")].count("\n") + 1
    path = tmp_path / "fffd.txt"
    path.write_text(damaged, encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(path))}: the text already holds {n} replacement characters \(�, U\+FFFD\), "
                                                 rf"the first on line {line}: it was damaged when converted from another encoding before, "
                                                 r"and the characters there are lost; convert it again from the original file$"):
        read_text(path)
    # UTF-8 read as GBK: its odd bytes became U+FFFD, the rest rare hanzi.
    gbk = plan[:2000].encode("utf-8").decode("gbk", errors="replace")
    with pytest.raises(PolicyCompareError, match=rf"^plan\.txt: the text already holds {gbk.count(chr(0xFFFD))} replacement characters \(�, U\+FFFD\), the first on line 1:"):
        decode_bytes(gbk.encode("utf-8"), path="plan.txt")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_few_replacement_characters_are_named_in_a_warning_with_their_line(newline):
    text = newline.join(["一、总体要求", "（一）加强党的领导。", "（二）推进集团化办学，深化\ufffd\ufffd改革。", ""])
    with pytest.warns(pc.PolicyCompareWarning, match=r"^plan\.txt: the text already holds 2 replacement characters \(�, U\+FFFD\), the first on line 3: "):
        assert decode_bytes(text.encode("utf-8"), path="plan.txt") == (text, "utf-8")


def test_control_characters_are_still_refused_as_binary_beside_replacement_characters():
    with pytest.raises(PolicyCompareError, match=r"^plan\.txt: binary file \(control characters after decoding as utf-8\)$"):
        decode_bytes(("一、总体要求\x07\x1b" * 3 + "\ufffd").encode("utf-8"), path="plan.txt")


def test_the_command_line_refuses_a_mojibake_plan_among_plans_in_one_line(tmp_path, capsys):
    from policycompare.cli import main

    (tmp_path / "plan.txt").write_text(TINY_PLAN, encoding="utf-8")
    (tmp_path / "moji.txt").write_text(MOJIBAKE["latin-1"](TINY_PLAN), encoding="utf-8")
    assert main(["documents", str(tmp_path), "-o", str(tmp_path / "documents.csv")]) == 1
    err = capsys.readouterr().err
    assert err == (f"policycompare: error: {tmp_path / 'moji.txt'}: mojibake: its Chinese is UTF-8 that was read as Latin-1 or Windows-1252 "
                   "and saved again (line 1 reads 'ç¤ºèåºæ' for '示范区教'); save it again from the original file, as UTF-8\n")
    assert not (tmp_path / "documents.csv").exists()
