"""Tiny shared fixtures: a hand-made plan, a PDF writer and the bundled corpus, loaded once."""

import pytest

import policycompare as pc

# A small plan in the shape of the real ones: outline numbering, a tag, a target.
TINY_PLAN = """示范区教育提升行动方案

为推进教育高质量发展，制定本方案。

一、总体目标

到2025年，高中阶段毛入学率稳定在95%以上。

二、主要措施

（一）加大经费投入。每年投入20万元用于教师培训。<责任单位:区教育局、区财政局>

（二）推进集团化办学。一是组建教育集团；二是实施托管帮扶。
"""


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory):
    """One fresh cache folder for the whole run: tests never read or fill the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("session-cache")
        patch.setenv("POLICYCOMPARE_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def corpus():
    return pc.load_corpus()


@pytest.fixture()
def tiny_plan():
    return TINY_PLAN


@pytest.fixture()
def plan_folder(tmp_path):
    """A folder of two small plans without a manifest."""
    (tmp_path / "alpha.txt").write_text(TINY_PLAN, encoding="utf-8")
    (tmp_path / "beta.txt").write_bytes(TINY_PLAN.replace("示范区", "试验区").encode("gb18030"))
    return tmp_path


def write_pdf(path, pages, *, header=None, footer=None, char_spacing=0, size=12, compress=True, columns=1):
    """Write ``pages`` (one text per page, wrapped to the page width) as a PDF in the Chinese font.

    ``header`` and ``footer`` are format strings drawn on every page, ``{page}``
    standing for its number (``"— {page} —"``). With ``columns=2`` the text is
    set as a gazette sets it: two justified columns, each paragraph indented
    by two glyphs, running on over as many pages as it needs.
    """
    from fpdf import FPDF

    from policycompare.fonts import find_cjk_font

    font = find_cjk_font().path

    class Plan(FPDF):
        def header(self):
            if header is not None:
                self.set_font("cjk", size=9)
                self.cell(0, 8, header.format(page=self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")
                self.set_font("cjk", size=size)

        def footer(self):
            if footer is not None:
                self.set_y(-15)
                self.set_font("cjk", size=9)
                self.cell(0, 10, footer.format(page=self.page_no()), align="C")
                self.set_font("cjk", size=size)

    pdf = Plan()
    pdf.set_compression(compress)
    pdf.add_font("cjk", fname=font)
    pdf.set_font("cjk", size=size)
    pdf.set_char_spacing(char_spacing)
    for text in pages:
        pdf.add_page()
        if columns == 1:
            for paragraph in text.split("\n"):
                pdf.multi_cell(0, size * 0.6, paragraph, new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.text_columns(ncols=columns, gutter=8, text_align="J") as body:
            for paragraph in filter(str.strip, text.split("\n")):
                # Two glyphs of indent: a point is 0.3528 mm.
                with body.paragraph(first_line_indent=2 * size * 0.3528) as lines:
                    lines.write(paragraph)
    pdf.output(str(path))
    return path


@pytest.fixture()
def pdf_plan(tmp_path):
    """TINY_PLAN as a PDF of two pages, with page numbers in the footer."""
    return write_pdf(tmp_path / "plan.pdf", [TINY_PLAN.split("二、主要措施")[0], "二、主要措施" + TINY_PLAN.split("二、主要措施")[1]], footer="— {page} —")


def plan_page(plan, *, charset="gb2312", extra_head=""):
    """``plan`` as a government site shows it: menus, a header block, the plan's paragraphs, related links and a footer."""
    paragraphs = "".join(f"<p style=\"text-indent:2em\">{line}</p>\n" for line in plan.splitlines() if line.strip())
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">{extra_head}
<title>示范区人民政府</title><style>p {{ margin: 0 }}</style><script>var 统计 = "不是正文";</script></head>
<body>
<div class="top">无障碍 | 长者版</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li><li><a href="/fw">政务服务</a></li><li><a href="/hd">互动交流</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/gk">政府信息公开</a> &gt; <a href="/bm">部门文件</a></div>
<table class="meta"><tr><td>索&nbsp;引&nbsp;号：11640100/2023-00181</td><td>发布机构：示范区教育局</td></tr>
<tr><td>成文日期：2023-04-27</td><td>发布日期：2023-04-28</td></tr></table>
<div class="article">
{paragraphs}</div>
<div class="side"><h3>相关文章</h3><ul><li><a href="/1">关于做好2023年招生工作的通知</a></li><li><a href="/2">示范区召开教育工作会议</a></li></ul></div>
<div class="footer">版权所有：示范区人民政府办公室 &nbsp; 网站标识码：1101000001 &nbsp; 京ICP备12345678号</div>
</body></html>
"""


def pictures_docx_bytes(*paragraphs, pictures=2):
    """A .docx of ``paragraphs`` then ``pictures`` pictures, as a plan given as pictures of its pages is."""
    import io

    docx = pytest.importorskip("docx")
    from PIL import Image

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    for _ in range(pictures):
        image = io.BytesIO()
        Image.new("L", (8, 11), 200).save(image, format="PNG")
        document.add_picture(image)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
