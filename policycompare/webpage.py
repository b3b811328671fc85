"""Saved web pages: the visible text of a plan's page, without the site around it.

A government site shows a plan inside its navigation, sidebars and footer.
:func:`read_webpage` reads the page's visible text (no markup, scripts or
styles) and keeps the element that holds the most text in paragraphs of
its own: the plan. The lines
of a page header block outside it (索引号, 发布机构, 成文日期, …) are kept
too, before the plan, so that cleaning records them as metadata. Everything
else is counted, not read, and the count is returned for a warning.
"""

import re
from html.parser import HTMLParser

__all__ = ["read_webpage"]

# Elements whose text is no part of what the page shows.
_UNSHOWN = {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "select", "option", "button"}
# Elements that start and end a line of text.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
}
_CELLS = {"td", "th"}
# Elements a start tag closes when one is open (HTML's implied end tags): old pages leave <p>, <li> and <td> open.
_CLOSED_BY = {
    "p": _BLOCKS - {"body", "html"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"},
    "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "tr": {"tr"},
}
# Elements without an end tag.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_CJK = re.compile(r"[\u3400-\u9fff]")
# A run of white space in a text node (no-break spaces too: &nbsp; indents and spaces out words on such pages);
# one with a line break between two Chinese characters is no space at all.
_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")
_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Lines of a web page's header block (as cleaning reads them), kept from outside the plan's element.
_HEADER_LINE = re.compile(r"^[ \t\u3000]*(?:索\s*引\s*号|效力状态|发布机构|成文日期|责任部门|发布日期|名\s*称|主题分类|主\s*题\s*词|文\s*号|发文字号|有\s*效\s*性)[ \t\u3000]*[:：]")


class _Element:
    __slots__ = ("tag", "parent", "children", "start", "end", "cjk", "blocky")

    def __init__(self, tag, parent, start):
        self.tag, self.parent, self.children, self.start, self.end, self.cjk = tag, parent, [], start, None, 0
        # Whether a paragraph, list item or table cell lies inside.
        self.blocky = False
        if parent is not None:
            parent.children.append(self)

    def paragraph_text(self):
        """Chinese characters in paragraphs of its own: its own text and its children that hold no paragraphs."""
        own = self.cjk - sum(child.cjk for child in self.children)
        return own + sum(child.cjk for child in self.children if not child.blocky)


class _PageText(HTMLParser):
    """The visible text of a page as lines, and every element with the span of that text it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.length = [], 0
        self.root = _Element("#document", None, 0)
        self.open, self.elements = [self.root], [self.root]
        self.unshown = 0
        self.pre = 0

    # -- text ----------------------------------------------------------------------------------

    def _emit(self, text):
        if text:
            self.pieces.append(text)
            self.length += len(text)
            cjk = len(_CJK.findall(text))
            for element in self.open:
                element.cjk += cjk

    def _break(self, mark="\n"):
        """End the current line (or cell); never two breaks in a row, never one at the start."""
        if self.pieces and not self.pieces[-1].endswith(("\n", "\t")):
            self._emit(mark)
        elif self.pieces and mark == "\n" and self.pieces[-1].endswith("\t"):
            # A row's last cell: its tab becomes the line's end.
            self.pieces[-1] = self.pieces[-1][:-1] + "\n"

    def handle_data(self, data):
        if self.unshown:
            return
        if not self.pre:
            data = _SPACE.sub(lambda m: _collapsed(data, m), data)
            if not self.pieces or self.pieces[-1].endswith(("\n", "\t")):
                data = data.lstrip(" ")
        self._emit(data)

    # -- elements ------------------------------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if tag in _UNSHOWN:
            self.unshown += 1
            return
        if tag == "body":
            self.unshown = 0  # a <head> left open ends where the body starts, as browsers read it
        if self.unshown:
            return
        if tag == "br":
            self._emit("\n")
            return
        while len(self.open) > 1 and tag in _CLOSED_BY.get(self.open[-1].tag, ()):
            self._close(len(self.open) - 1)
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._break("\t")
        if tag in _BLOCKS or tag in _CELLS:
            for element in self.open:
                element.blocky = True
        if tag == "pre":
            self.pre += 1
        if tag in _VOID:
            return
        element = _Element(tag, self.open[-1], self.length)
        self.open.append(element)
        self.elements.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _UNSHOWN:
            self.unshown = max(0, self.unshown - 1)
            return
        if self.unshown or tag in _VOID:
            return
        # Close up to the matching element; an end tag with no open element of its name is ignored, as browsers do.
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i].tag == tag:
                self._close(i)
                break

    def _close(self, i):
        """Close the open elements from the ``i``-th on, ending their lines or cells."""
        for element in reversed(self.open[i:]):
            if element.tag == "pre":
                self.pre = max(0, self.pre - 1)
            if element.tag in _BLOCKS:
                self._break()
            elif element.tag in _CELLS:
                self._break("\t")
        for element in self.open[i:]:
            element.end = self.length
        del self.open[i:]

    def close(self):
        super().close()
        for element in self.open:
            element.end = self.length
        return "".join(self.pieces)


def _collapsed(text, match):
    """What a run of white space shows as: nothing between Chinese characters across a line break, else one space."""
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if "\n" in match.group() and before and after and _CJK_CHAR.match(before) and _CJK_CHAR.match(after):
        return ""
    return " "


def _main_element(page):
    """The element that holds the plan: the most Chinese text in paragraphs of its own.

    Navigation, sidebars and footers are lists of short items or lines of
    their own; a plan is many paragraphs side by side in one element (or one
    cell of lines broken by ``<br>``). A title outside that element (the
    manifest gives it) is counted with the rest of the page.
    """
    if not page.root.cjk:
        return page.root
    return max(page.elements, key=_Element.paragraph_text)


def read_webpage(html_text):
    """The visible text of a saved web page, cut to the element that holds the plan.

    Parameters
    ----------
    html_text : str
        The page's HTML, decoded.

    Returns
    -------
    text : str
        Header-block lines found outside the plan's element (索引号, 发布机构, …),
        then the text of that element: a line per paragraph, list item and
        table row (its cells joined by tabs).
    n_unread : int
        Visible characters (not white space) of the page outside both.

    Examples
    --------
    >>> page = ('<html><head><title>t</title><script>var x;</script></head><body>'
    ...         '<div class="nav">首页 | 政务公开</div><table><tr><td>发布机构：教育局</td></tr></table>'
    ...         '<div class="article"><h1>行动方案</h1><p>一、主要任务</p><p>（一）加强教师队伍建设，落实县管校聘。</p>'
    ...         '<p>（二）推进集团化办学，组建教育集团。</p></div>'
    ...         '<div class="footer">版权所有</div></body></html>')
    >>> text, n_unread = read_webpage(page)
    >>> print(text)
    发布机构：教育局
    行动方案
    一、主要任务
    （一）加强教师队伍建设，落实县管校聘。
    （二）推进集团化办学，组建教育集团。
    <BLANKLINE>
    >>> n_unread  # 首页|政务公开 and 版权所有
    11
    """
    page = _PageText()
    page.feed(html_text)
    text = page.close()
    main = _main_element(page)
    kept = [line.rstrip(" ") for line in text[main.start:main.end].strip("\n").split("\n")]
    before, after = text[:main.start], text[main.end:]
    header = [line.rstrip(" ") for line in (before + "\n" + after).splitlines() if _HEADER_LINE.match(line)]
    result = "".join(line + "\n" for line in header + ([] if kept == [""] else kept))
    n_unread = _visible(before) + _visible(after) - sum(_visible(line) for line in header)
    return result, n_unread


def _visible(text):
    return sum(not char.isspace() for char in text)
