"""Saved web pages: the visible text of a plan's page, without the site around it.

A government site shows a plan inside its navigation, sidebars and
footer. :func:`read_webpage` reads the page's visible text (no markup,
scripts or styles), without the parts that are the site's rather than
the plan's: ``<nav>``, ``<aside>`` and ``<footer>`` elements, and any
element whose Chinese text is mostly link text (menus, lists of related
articles, previous/next links, a table of contents). An ``<a>`` is a
bookmark, as Word's "save as web page" puts around each heading, only
when it has a name or an id and no address of any kind: no ``href``, no
``data-`` attribute whose name holds href, url or link (``data-href``,
``data-url``), no script to follow (``onclick``, a ``role`` of link,
button, menu item or tab); its text is read as any other. Any other
``<a>`` is a link, to another page or to a place in this one, even one
with no attribute to tell (a menu's ``<a class="nav-link">``, which a
script clicks). What is left keeps its order; lines of the
site that remain (a breadcrumb, a copyright line) are cleaning's to
drop, with a record. A page-header line (索引号, 发布机构, …) inside a dropped
part is kept, before the rest, so that cleaning keeps it as metadata.
The dropped text is counted, not read, and the count is returned for a
warning. The labels of buttons and the options of drop-down lists are
counted with it, wherever they are: they are the site's controls (打印,
关闭, a list of links to other sites), on almost every government page.

Other text the page shows but not as text of its own is not read either,
and is counted apart, by the element that holds it, for it may be the
plan's (a chart's labels): what a drawing (``<svg>``) writes, formulas
(``<math>``) and the stand-in text of an embedded ``<object>``. Text that
is no part of what the page shows (scripts, styles, templates,
``<noscript>``, the ``<head>``) is neither read nor counted, but for that
of ``<noscript>`` on a page that shows no text otherwise: it is counted
then, as what the page shows where scripts are off. A ``<head>``
left open (HTML allows it) ends where the first element or text it cannot
hold starts.

Text the page hides is not shown, so it is not read either: elements with
the ``hidden`` attribute, an inline ``display: none`` or ``visibility:
hidden``, or a class or id that a rule of the page's own ``<style>`` hides
(``.hide {display: none}``). Sites put a second copy of the article there
for printing, or sharing widgets. Its characters are counted apart. Of the
style sheets in other files, those a page saved "complete" keeps beside it
are read; those on the site are not.

A link inside a sentence is the plan's text, however long it is
(按照《中华人民共和国教育法》要求): no element that holds one is judged by
its links, nor an element inside a line (no block or table cell of its own)
whose line holds one. A link is inside a sentence where a Chinese character
outside links runs straight into it or out of it, and either the text on
both sides of it is prose, a Chinese character or a clause mark
(关于印发《…》的通知, 依据《教育法》、…), or its line's text outside links
holds a clause or sentence mark (，。；！？: 详见《…》。). The title, labels,
units and separators beside a site's links are neither (相关链接, 上一篇,
当前位置, 通知公告 更多, 县教育局 after each title, 丨 | > ·).

The numbers a browser draws before the items of a list are written out, as
:func:`policycompare.reading.read_text` writes Word's: ``1.`` ``2.`` for an
``<ol>`` (its ``start``, ``reversed`` with a ``start``, an item's
``value``, ``type="a"``, ``"A"``, ``"i"``, ``"I"``), ``一、`` ``二、`` for
``list-style-type: cjk-ideographic`` (and the other Chinese styles), and
``• `` before an item of a ``<ul>`` (and of a list counted down from its
number of items, which is known only at its end). A list style given inline, or by a
rule of the page's style sheets whose selector is a tag name (``ul``,
``ol``, ``li``) or one class or id, is followed (``list-style: none``: no
number). No number is written before an item whose text starts with a
number or bullet of its own (1. 1、 （一） 一、 ① 第一章 a. 1.1 1.1.1, a
bullet • ▲ ➢ ★ □ …, not a figure such as 1.5亿), whatever the style (a
site's style sheet may hide the list's), before a page-header line (索引号,
发布机构, …: cleaning keeps it as metadata), nor before an empty item.

Choosing one element as "the plan" instead loses plans laid out one
paragraph per table row, or split over several sibling blocks: keeping
everything but the site's link lists loses nothing of the plan.
"""

import bisect
import re
from html.parser import HTMLParser
from typing import NamedTuple

# Lines of a web page's header block, as cleaning reads them: kept from the parts of the page left out. The bullets
# structure reads as items: an item that starts with one has a bullet of its own.
from .cleaning import _HEADER_LINE, BULLET_GLYPHS, QUANTITY_MARKS, UNIT_WORDS, _in_spans
# Numbers as Word writes them: a browser writes a list's Chinese and Roman numbers the same way.
from .reading import _LEAST_TEXT_PER_IMAGE, _chinese_numeral, _counted, _figure_gap, _roman

__all__ = ["PageText", "read_webpage"]


class PageText(NamedTuple):
    """What :func:`read_webpage` returns."""

    #: Page-header lines found in the parts left out, then the rest of the text the page shows.
    text: str
    #: Visible characters (not white space) of the site's parts left out, other than those header lines, and of
    #: the buttons and drop-down lists anywhere on the page.
    n_unread: int
    #: Characters (not white space) of the text the page hides by its styles or the ``hidden`` attribute.
    n_hidden: int
    #: Characters (not white space) of the text shown in the other elements that are not read (outside the site's
    #: parts), by element: ``svg``, ``math``, ``object``, and ``noscript`` where ``text`` is empty; only those that hold any.
    unread_elements: dict


# Elements whose text is no part of what the page shows: scripts, styles, templates, the <head> (its title is the
# browser tab's), what a browser running scripts leaves out, what an iframe holds for browsers without frames and
# the suggestions of a <datalist>, shown only as one types.
_UNSHOWN = {"script", "style", "noscript", "template", "head", "title", "iframe", "datalist"}
# Elements whose text the page shows but that are not read (controls, drawings, formulas, an object's stand-in
# text), by the element their text is counted under. An option is counted as a list.
_UNREAD = {"button": "button", "select": "select", "option": "select", "optgroup": "select",
           "svg": "svg", "math": "math", "object": "object"}
# Those counted with the site's parts: a page's controls are the site's (打印, 关闭, 友情链接), and one warning each
# would come with almost every page.
_CONTROLS = {"button", "select"}
# What a warning calls the others, and the text of <noscript> on a page without text of its own.
_UNREAD_NAMES = {"svg": "drawings (svg)", "math": "formulas (math)", "object": "embedded objects' stand-in text",
                 "noscript": "<noscript> (shown only where scripts are off)"}
# Inside them, text no browser shows: a drawing's notes and a formula's source (TeX); title is in _UNSHOWN.
_UNDRAWN = {"desc", "metadata", "annotation", "annotation-xml"}
# A drawing shows the text of these elements only.
_SVG_TEXT = {"text", "foreignobject"}
# What a <head> holds; any other start tag, or text, ends a head left open (HTML's "in head" insertion mode).
_HEAD_CONTENT = {"base", "basefont", "bgsound", "link", "meta", "title", "noscript", "noframes", "style", "script",
                 "template", "head", "html"}
# Start tags of HTML elements that end the drawing or formula they appear in, outside the elements below.
_BREAKOUT = {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
             "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
             "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
             "ul", "var"}
# Elements of a drawing or formula inside which HTML elements are HTML (integration points).
_HOLDS_HTML = {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"}
# Unread elements an end tag of an element open around them ends; a list and an object wait for their own.
_ENDED_FROM_OUTSIDE = {"button", "svg", "math", "option", "optgroup"}
# Unread elements a start tag that ends them (_CLOSED_BY) ends with all that is open inside them, as browsers do: an
# <input> ends a list with the option left open in it, a <button> a button with what is open in it.
_ENDED_WITH_ALL_INSIDE = {"select", "button"}


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
    "option": {"option", "optgroup"}, "optgroup": {"optgroup"}, "button": {"button"},
    "select": {"select", "input", "keygen", "textarea"},
}
# Elements without an end tag.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# A Chinese character, not a separator: 丨 (U+4E28) is a hanzi that sites put between their links (首页丨政务公开).
_CJK = re.compile(r"[\u3400-\u4e27\u4e29-\u9fff]")
# The marks of a clause or a sentence: a line whose text outside links holds one is prose (按照《…》要求，…。),
# a site's list of links (its title, separators ｜ | · • > ＞ » /, dates) none.
_SENTENCE_MARKS = re.compile(r"[，。；！？]")
# The marks that may follow or precede a link inside a sentence besides a hanzi: 依据《教育法》、《教师法》。
_CLAUSE_MARKS = "，。；！？、"
# The marks that open a note or a quotation, which may follow a link inside a sentence too: 按照《…》（试行）要求.
_OPENING_MARKS = "（(“\"「『"
# A plan's own reference to its annexes, before a link on its line (附件：, 附件2：, 附件：1., 详见) or as the link's text
# (附件1重点任务清单): the annex's title is the plan's, however many links the line holds.
_ANNEX_LEAD = re.compile(r"(?:(?:附件|附表|附录)\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:]?(?:\s*[0-9０-９]{1,2}\s*[.．、])?|详见|参见)\s*$")
_ANNEX_TITLE = re.compile(r"\s*(?:附件|附表|附录)\s*(?:[0-9０-９一二三四五六七八九十]{1,3}|[：:])")
# How far before a link its annex lead is looked for: a lead is short, and a long line is not read again per link.
_ANNEX_LEAD_REACH = 12
# Elements that hold the site around the page's own content.
_SITE_PARTS = {"nav", "aside", "footer"}
# An element whose Chinese text is at least this share link text is a menu or a list of links.
_LINK_SHARE = 0.5
# Elements with fewer Chinese characters than this are never judged by their links (a linked word in a sentence).
_LINK_LIST_MIN = 4
# A list of links has at most this many Chinese characters outside its links (its title, separators): an
# element with more holds text of its own, the page's body around a long list of links say, and is looked into.
_LINK_LIST_OWN = 30
# A page shows its text in images (scanned pages) where it shows this many or more beside fewer characters of text of
# its own than the larger of these (see _read_page_with_images): a title, a line of dates and a page's tools, or a
# cover note of a line an image, as a .docx's body of scans holds. An image this small, wide or high, is an icon.
_FEWEST_SCANS = 2
_TEXT_BESIDE_SCANS = 200
_SMALLEST_SCAN = 100
# A data- attribute a script reads a link's address from (data-href, data-url, data-link, data-article-url): its name holds one of these.
_SCRIPTED_ADDRESS = re.compile(r"data-.*(?:href|url|link)")
# The address of a picture: an image inside a link to one is shown linked to its full size, as scans are.
_PICTURE_ADDRESS = re.compile(r"\.(?:jpe?g|png|gif|bmp|tiff?|webp)(?:[?#]|$)", re.I)
# A run of white space in a text node (no-break spaces too: &nbsp; indents and spaces out words on such pages);
# one with a line break between two Chinese characters is no space at all.
_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")
_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

# -- what the page hides --------------------------------------------------------------------------
_STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.I | re.S)
# Markup no browser acts on: comments, and scripts (whose strings may hold markup); a <style>'s text is its own.
_INERT_MARKUP = re.compile(r"(<style\b[^>]*>.*?</style\s*>)|<!--.*?-->|<script\b[^>]*>.*?</script\s*>", re.I | re.S)
_LINK_ELEMENT = re.compile(r"<link\b[^>]*>", re.I)
# An attribute of a start tag's text, its value quoted either way or not at all.
_ATTRIBUTE = re.compile(r"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# CSS comments, and the HTML comment marks old pages wrap a <style>'s rules in (CSS passes over them).
_CSS_COMMENT = re.compile(r"/\*.*?\*/|<!--|-->", re.S)
_IMPORTANT = re.compile(r"\s*!\s*important\s*$", re.I)
_KEYWORD = re.compile(r"[a-z][a-z-]*")
# The classes and ids a selector names, each as ("." or "#", name).
_NAMED = re.compile(r"([.#])(-?[_a-z][\w-]*)", re.I)
# A selector these rules understand: one class or id, after a tag name or none (div.hide, .hide, #print).
_SIMPLE_SELECTOR = re.compile(r"([a-z][a-z0-9]*)?([.#])(-?[_a-z][\w-]*)", re.I)

# -- the numbers of lists --------------------------------------------------------------------------
_LISTS = {"ol", "ul", "menu"}
# The list style each value of an <ol>'s or <li>'s type attribute stands for.
_TYPE_STYLES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_BULLET_STYLES = {"disc", "circle", "square", "disclosure-open", "disclosure-closed"}
# The Chinese list styles: a number in words (一、 十一、 一百零五、), then its legal form (壹、 贰、), digit by
# digit (一〇、), the heavenly stems and the earthly branches (in digits, as cjk-decimal, past their last).
_CJK_STYLES = {"cjk-ideographic": "words", "simp-chinese-informal": "words", "trad-chinese-informal": "words",
               "simp-chinese-formal": "chineseLegalSimplified", "trad-chinese-formal": "ideographLegalTraditional",
               "cjk-decimal": "digits", "cjk-heavenly-stem": "甲乙丙丁戊己庚辛壬癸", "cjk-earthly-branch": "子丑寅卯辰巳午未申酉戌亥"}
_LIST_STYLES = {"none", "decimal", "decimal-leading-zero", "lower-alpha", "lower-latin", "upper-alpha", "upper-latin",
                "lower-roman", "upper-roman", *_BULLET_STYLES, *_CJK_STYLES}
# The bullet written for any bullet style, as for Word's bullets and Markdown's: structure reads it as an item.
_BULLET = "• "
# The bullets sites type before items besides those structure reads (• ● ▪ ■ ◆); Word's ➢, pasted in another
# font than Wingdings, reads Ø.
_TYPED_BULLETS = "·◇○◎◦□☆★▲△▶►▸➢➤√✓✔❖Ø"
# An item's text that starts with a number or bullet of its own: 1. 1、 （一） 一、 ① 第一章 a. 1.1 1.1.1 • ▲ ➢ ——
# (not 1.5亿, 1.5小时, nor 1.1—1.3).
_OWN_NUMBER = re.compile(r"\s*(?:[(（]?(?:\d+|[０-９]+|[一二三四五六七八九十百〇零]+|[a-zA-Z]|[ivxlcIVXLC]+)[)）]"
                         r"|(?:\d+|[０-９]+|[一二三四五六七八九十百〇零]+|[a-zA-Z]|[ivxlcIVXLC]+|[\u2160-\u217f])(?:[.．](?![0-9０-９])|[、)）])"
                         rf"|[0-9０-９]{{1,2}}(?:[.．][0-9０-９]{{1,2}})+(?:[.．](?![0-9０-９])|(?=\s*[^\s0-9０-９.．{QUANTITY_MARKS})）\-—–~～+/])(?!\s*(?:{'|'.join(UNIT_WORDS)})))"
                         r"|[\u2460-\u249b\u2776-\u2793]|第[一二三四五六七八九十百\d]+[章节条部分篇]"
                         rf"|[{BULLET_GLYPHS}{_TYPED_BULLETS}]|[*+\-](?=\s)|——)")
# A start, reversed list's count or value given as a number: browsers read the digits it starts with.
_INTEGER = re.compile(r"\s*([+-]?\d+)")
# An image's width or height in pixels: a number, "px" or not. One in percent (of the page's width, "90%") or in
# another unit is no size in pixels, and says nothing of an icon.
_PIXELS = re.compile(r"\s*\+?(\d+(?:\.\d*)?|\.\d+)\s*(?:px)?\s*", re.I)


def _hiding_selectors(html_text, stylesheets=()):
    """The simple selectors the page's style rules hide, and the classes and ids some rule shows.

    The rules are those of the page's ``<style>`` elements for screens and
    of ``stylesheets`` (the text of its style sheets in other files); a
    ``<style>`` inside a comment or a script is none of them. Rules inside
    at-rules (``@media print { … }``) are left out: they hide text only on
    some media, and the text is what a screen shows. A class or id that
    some other rule shows (``.tab.active {display: block}``) is left out
    too, and an element that has one is not taken as hidden: which rule
    wins is for a browser's cascade, and text is never dropped on a guess.

    Returns
    -------
    hiding : set of tuple
        (tag or None, "." or "#", name) of each simple selector a rule hides.
    shown : set of tuple
        ("." or "#", name) of each class and id a rule shows.

    Examples
    --------
    >>> hiding, shown = _hiding_selectors("<style>/* x */ .hide, div#print {display: none} @media print {.screen {display:none}} "
    ...                                   ".tab {display:none} .tab.active {display: block}</style>")
    >>> sorted(hiding, key=str), sorted(shown)
    ([('div', '#', 'print'), (None, '.', 'hide')], [('.', 'active'), ('.', 'tab')])
    """
    hiding, shown = set(), set()
    styles = [css for attributes, css in _STYLE_ELEMENT.findall(_live_markup(html_text))
              if _is_for_screens(_tag_attributes(attributes).get("media", ""))]
    for css in [*styles, *stylesheets]:
        for prelude, body in _top_level_rules(_CSS_COMMENT.sub("", css)):
            declared = _declared(body)
            if _hides(declared):
                for selector in prelude.split(","):
                    simple = _SIMPLE_SELECTOR.fullmatch(selector.strip())
                    if simple:
                        tag, kind, name = simple.groups()
                        hiding.add((tag.lower() if tag else None, kind, name))
            elif _shows(declared):
                shown.update(_NAMED.findall(prelude))
    return {selector for selector in hiding if selector[1:] not in shown}, shown


def _live_markup(html_text):
    """``html_text`` without its comments and scripts: the markup a browser acts on.

    Examples
    --------
    >>> _live_markup('<!-- <link rel="stylesheet" href="old.css"> --><script>s = "<style>";</script><style><!-- .a {} --></style>')
    '<style><!-- .a {} --></style>'
    """
    return _INERT_MARKUP.sub(lambda match: match.group(1) or "", html_text)


def _tag_attributes(tag):
    """The attributes in a start tag's text, by lower-case name, each with its value unquoted; the first of repeated ones.

    Examples
    --------
    >>> _tag_attributes("<link REL=stylesheet href='a.css' media='screen, print' media=print>")
    {'rel': 'stylesheet', 'href': 'a.css', 'media': 'screen, print'}
    """
    attributes = {}
    for match in _ATTRIBUTE.finditer(tag):
        attributes.setdefault(match.group(1).lower(), next(value for value in match.groups()[1:] if value is not None))
    return attributes


def _stylesheet_links(html_text):
    """The ``href`` of each style sheet a page links to for screens, as written, outside comments and scripts.

    Alternate style sheets, which a reader has to choose, are left out.

    Examples
    --------
    >>> _stylesheet_links('<link rel="stylesheet" href="a.css"><link rel="alternate stylesheet" href="b.css">'
    ...                   '<link rel=stylesheet media=print href=p.css><!-- <link rel="stylesheet" href="old.css"> -->')
    ['a.css']
    """
    hrefs = []
    for link in _LINK_ELEMENT.findall(_live_markup(html_text)):
        attributes = _tag_attributes(link)
        rel = attributes.get("rel", "").lower().split()
        if "stylesheet" in rel and "alternate" not in rel and _is_for_screens(attributes.get("media", "")):
            hrefs.append(attributes.get("href", ""))
    return hrefs


def _is_for_screens(media):
    """Whether a ``media`` list applies on any screen: none given, or ``all`` or ``screen`` among its media.

    A media query (``screen and (max-width: 600px)``) applies on some screens only, and counts as not.

    Examples
    --------
    >>> _is_for_screens(""), _is_for_screens("Screen, print"), _is_for_screens("print")
    (True, True, False)
    """
    return any(medium.strip().lower() in ("", "all", "screen") for medium in media.split(","))


def _declared(declarations):
    """The values a block of CSS ``declarations`` gives ``display`` and ``visibility``, lower case.

    As in browsers, the last declaration of a property counts, unless an
    earlier one is ``!important``.

    Examples
    --------
    >>> _declared("display: none; color: red; DISPLAY: Block")
    {'display': 'block'}
    >>> _declared("visibility: hidden !important; visibility: visible")
    {'visibility': 'hidden'}
    """
    values = {}
    for declaration in declarations.split(";"):
        name, colon, value = declaration.partition(":")
        name = name.strip().lower()
        if not colon or name not in ("display", "visibility"):
            continue
        important, keyword = bool(_IMPORTANT.search(value)), _IMPORTANT.sub("", value).strip().lower()
        # A value that is no keyword (empty, or an old browser's hack such as none\9) is one browsers pass over.
        if _KEYWORD.fullmatch(keyword) and (important or not values.get(name, ("", False))[1]):
            values[name] = (keyword, important)
    return {name: value for name, (value, _) in values.items()}


def _list_style(declarations):
    """The ``list-style-type`` a block of CSS ``declarations`` gives, in itself or by ``list-style``, or None.

    As in browsers, the last valid declaration counts, unless an earlier one
    is ``!important``; ``list-style`` without a type sets ``disc``, its
    initial value, and ``none`` in it is the type's where no image is
    ``none`` too.

    Examples
    --------
    >>> _list_style("list-style: none"), _list_style("list-style: inside; color: red"), _list_style("list-style-type: CJK-Ideographic")
    ('none', 'disc', 'cjk-ideographic')
    >>> _list_style("list-style-type: decimal !important; list-style-type: none; list-style-type: no-such-style")
    'decimal'
    """
    found, important_found = None, False
    for declaration in declarations.split(";"):
        name, colon, value = declaration.partition(":")
        name = name.strip().lower()
        if not colon or name not in ("list-style", "list-style-type"):
            continue
        important, value = bool(_IMPORTANT.search(value)), _IMPORTANT.sub("", value).strip().lower()
        words = value.split()
        if name == "list-style-type":
            style = value if value in _LIST_STYLES else None
        else:
            styles = [word for word in words if word in _LIST_STYLES - {"none"}]
            # none sets the type and the image that no other word sets; an image (url(…)) leaves none to the type.
            style = styles[0] if styles else "none" if "none" in words else "disc"
            if len(styles) > 1 or not words:
                style = None
        if style is not None and (important or not important_found):
            found, important_found = style, important_found or important
    return found


def _list_style_rules(html_text, stylesheets=()):
    """The list styles the page's style rules give, by selector: a tag name or one class or id, after a tag name or none.

    Rules are read as for :func:`_hiding_selectors` (screens only, none
    inside at-rules). A rule of any other selector (``.article ol li``) is
    left alone.

    Returns
    -------
    dict
        (tag or None, "." or "#" or None, name or None) → (the rule's place
        among the page's rules, list-style-type).

    Examples
    --------
    >>> _list_style_rules("<style>ul, li {list-style: none} ol.num {list-style-type: decimal} .nav a {list-style: none}</style>")
    {('ul', None, None): (1, 'none'), ('li', None, None): (1, 'none'), ('ol', '.', 'num'): (2, 'decimal')}
    """
    rules, order = {}, 0
    styles = [css for attributes, css in _STYLE_ELEMENT.findall(_live_markup(html_text))
              if _is_for_screens(_tag_attributes(attributes).get("media", ""))]
    for css in [*styles, *stylesheets]:
        for prelude, body in _top_level_rules(_CSS_COMMENT.sub("", css)):
            style = _list_style(body)
            if style is None:
                continue
            order += 1
            for selector in prelude.split(","):
                selector = selector.strip()
                simple = _SIMPLE_SELECTOR.fullmatch(selector)
                if simple:
                    tag, kind, name = simple.groups()
                    rules[(tag.lower() if tag else None, kind, name)] = (order, style)
                elif re.fullmatch(r"[a-z][a-z0-9]*", selector, re.I):
                    rules[(selector.lower(), None, None)] = (order, style)
    return rules


def _hides(declared):
    return declared.get("display") == "none" or declared.get("visibility") in ("hidden", "collapse")


def _shows(declared):
    return declared.get("display", "none") != "none" or declared.get("visibility") == "visible"


def _top_level_rules(css):
    """(selectors, declarations) of the style rules of ``css`` outside at-rules."""
    depth, start, body, prelude, in_at_rule = 0, 0, 0, "", False
    for brace in re.finditer(r"[{}]", css):
        if brace.group() == "{":
            if depth == 0:
                # After the last ';' at the top: an @import or @charset before the rule is no part of it.
                prelude = css[start:brace.start()].rsplit(";", 1)[-1].strip()
                in_at_rule = prelude.startswith("@")
                body = brace.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                if not in_at_rule:
                    yield prelude, css[body:brace.start()].strip()
                start = brace.end()


def _is_hidden(tag, attrs, hiding, shown=frozenset()):
    """Whether an element with ``attrs`` is hidden: by the ``hidden`` attribute, its inline style or a ``hiding`` selector.

    An element with a class or id that a rule shows (one of ``shown``) is not hidden by a selector.
    """
    attrs = dict(reversed(attrs))  # the first of repeated attributes counts, as in browsers
    declared = _declared(attrs.get("style") or "")
    # The hidden attribute hides by a browser's own display: none, which an inline display overrides.
    if _hides(declared) or ("hidden" in attrs and "display" not in declared):
        return True
    if not hiding or "display" in declared:  # an inline display wins over the page's rules
        return False
    names = [(".", name) for name in (attrs.get("class") or "").split()]
    if attrs.get("id"):
        names.append(("#", attrs["id"]))
    if any(name in shown for name in names):
        return False
    return any((None, kind, name) in hiding or (tag, kind, name) in hiding for kind, name in names)


def _rule_list_style(tag, attrs, rules):
    """The list style the page's style ``rules`` (:func:`_list_style_rules`) give an element: the most specific rule's, the last of equals."""
    if not rules:
        return None
    found = [((0, 0, 1), rules[(tag, None, None)])] if (tag, None, None) in rules else []
    names = [(".", name) for name in (attrs.get("class") or "").split()] + ([("#", attrs["id"])] if attrs.get("id") else [])
    for kind, name in names:
        for selector_tag in (None, tag):
            if (selector_tag, kind, name) in rules:
                found.append(((kind == "#", kind == ".", selector_tag is not None), rules[(selector_tag, kind, name)]))
    return max(found)[1][1] if found else None


def _integer(value):
    match = _INTEGER.match(value or "")
    return int(match.group(1)) if match else None


def _pixels(value):
    """The pixels an image's ``width`` or ``height`` attribute of ``value`` gives, None for a size in percent or another unit.

    Examples
    --------
    >>> _pixels("16"), _pixels(" 800px"), _pixels("90%"), _pixels("10em"), _pixels(None)
    (16.0, 800.0, None, None, None)
    """
    match = _PIXELS.fullmatch(value or "")
    return float(match.group(1)) if match else None


def _list_marker(n, style):
    """What a browser draws before the ``n``-th item of a list of ``style``, written as Word's numbers are (no space after a mark).

    Examples
    --------
    >>> [_list_marker(n, "decimal") for n in (1, 12)], [_list_marker(n, "cjk-ideographic") for n in (1, 10, 21)]
    (['1.', '12.'], ['一、', '十、', '二十一、'])
    >>> _list_marker(28, "lower-alpha"), _list_marker(4, "upper-roman"), _list_marker(3, "square"), _list_marker(3, "none")
    ('ab.', 'IV.', '• ', '')
    """
    if style == "none":
        return ""
    if style in _BULLET_STYLES:
        return _BULLET
    if style in _CJK_STYLES:
        form = _CJK_STYLES[style]
        if form == "words":
            number = "零" if n == 0 else _chinese_numeral(n)
        elif form in ("chineseLegalSimplified", "ideographLegalTraditional"):
            number = _counted(n, form)
        elif form != "digits" and 0 < n <= len(form):
            number = form[n - 1]
        else:
            number = "".join("〇一二三四五六七八九"[int(digit)] if digit.isdigit() else digit for digit in str(n))
        return number + "、"
    if style in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin") and n > 0:
        letters = ""
        while n:
            n, k = divmod(n - 1, 26)
            letters = chr(ord("a") + k) + letters
        return (letters.upper() if style.startswith("upper") else letters) + "."
    if style in ("lower-roman", "upper-roman") and 0 < n < 4000:
        return (_roman(n).upper() if style == "upper-roman" else _roman(n)) + "."
    if style == "decimal-leading-zero":
        return f"{n:02d}."
    return f"{n}."


class _Element:
    __slots__ = ("tag", "parent", "children", "start", "end", "cjk", "link_cjk", "hidden", "list", "link")

    def __init__(self, tag, parent, start, hidden=False, link=None):
        self.tag, self.parent, self.children, self.start, self.end = tag, parent, [], start, None
        self.hidden = hidden
        # For a link (see _link_address), its address, "" for one whose address is unknown; None for any other element.
        self.link = link
        # For a list: [its list style, the next item's number, +1 or -1 (reversed)].
        self.list = None
        # Chinese characters inside, and those of them inside links.
        self.cjk = self.link_cjk = 0
        if parent is not None:
            parent.children.append(self)

    def is_site(self):
        """Whether the element is the site's: a navigation, aside or footer element, or a list of links."""
        if self.tag in _SITE_PARTS:
            return True
        return self.cjk >= _LINK_LIST_MIN and self.link_cjk >= _LINK_SHARE * self.cjk and self.cjk - self.link_cjk < _LINK_LIST_OWN


class _PageText(HTMLParser):
    """The visible text of a page as lines, and every element with the span of that text it holds.

    ``hiding`` holds the selectors the page's styles hide, ``shown`` the classes and ids they show
    (:func:`_hiding_selectors`), ``list_styles`` the list styles they give (:func:`_list_style_rules`).
    """

    def __init__(self, hiding=frozenset(), shown=frozenset(), list_styles=None):
        super().__init__(convert_charrefs=True)
        self.pieces, self.length = [], 0
        # Spans of the text inside links, and of the numbers and bullets written before list items, in order.
        self.link_spans, self.markers = [], []
        # The number or bullet of the list item open, written before its first text.
        self.pending_marker = ""
        self.list_styles = list_styles or {}
        self.root = _Element("#document", None, 0)
        self.open = [self.root]
        # The elements open inside an unshown or unread one (_UNSHOWN, _UNREAD), it first, and whether it is hidden.
        self.unshown, self.unshown_hidden = [], False
        # (innermost open element, element counted under, characters) of each text of unread elements.
        self.unread = []
        self.pre = 0
        self.hiding, self.shown = hiding, shown
        # Open hidden elements, and the characters (not white space) of the text inside them.
        self.hidden = 0
        self.n_hidden = 0
        # Characters (not white space) of the text of <noscript> elements outside the <head>, shown where scripts are off.
        self.n_noscript = 0
        # The innermost open element where each image is, of those that may show text (see _read_page_with_images).
        self.images = []

    # -- text ----------------------------------------------------------------------------------

    def _emit(self, text):
        if text:
            start = self.length
            self.pieces.append(text)
            self.length += len(text)
            link = any(element.link is not None for element in self.open)
            # A line's or cell's end inside a link is none of its text: no character runs into a link across it.
            if link and text not in ("\n", "\t"):
                if self.link_spans and self.link_spans[-1][1] == start:
                    self.link_spans[-1] = (self.link_spans[-1][0], self.length)
                else:
                    self.link_spans.append((start, self.length))
            cjk = len(_CJK.findall(text))
            if cjk:
                for element in self.open:
                    element.cjk += cjk
                    element.link_cjk += cjk if link else 0

    def _emit_marker(self):
        """Write the pending list item's number or bullet: not the page's text, so no element counts its characters."""
        self.pieces.append(self.pending_marker)
        self.markers.append((self.length, self.length + len(self.pending_marker)))
        self.length += len(self.pending_marker)
        self.pending_marker = ""

    def _break(self, mark="\n"):
        """End the current line (or cell); never two breaks in a row, never one at the start."""
        if self.pieces and not self.pieces[-1].endswith(("\n", "\t")):
            self._emit(mark)
        elif self.pieces and mark == "\n" and self.pieces[-1].endswith("\t"):
            # A row's last cell: its tab becomes the line's end.
            self.pieces[-1] = self.pieces[-1][:-1] + "\n"

    def handle_data(self, data):
        if self.unshown == ["head"] and data.strip(" \t\n\r\f"):
            self.unshown = []  # text ends a <head> left open
        if self.unshown:
            self._count_unread(data)
            return
        if self.hidden:
            self.n_hidden += _visible(data)
            return
        if not self.pre:
            data = _SPACE.sub(lambda m: _collapsed(data, m), data)
            if not self.pieces or self.pieces[-1].endswith(("\n", "\t")):
                data = data.lstrip(" ")
        if self.pending_marker and data.strip():
            # A figure after a number (1. then 1.5小时) would read as one number, 1.1.5: a space parts them, as a browser does.
            self.pending_marker += _figure_gap(self.pending_marker, data.lstrip())
            self._emit_marker()
        self._emit(data)

    # -- elements ------------------------------------------------------------------------------

    def _count_unread(self, data):
        """Count ``data``, met inside an unshown or unread element, if the page shows it."""
        inside = self.unshown
        if inside[0] == "noscript" and not any(tag in _UNSHOWN for tag in inside[1:]):
            self.n_noscript += 0 if self.hidden or self.unshown_hidden else _visible(data)
            return
        counted = _UNREAD.get(inside[0])
        if counted is None or any(tag in _UNSHOWN or tag in _UNDRAWN for tag in inside):
            return
        if "svg" in inside and not _SVG_TEXT.intersection(inside[inside.index("svg"):]):
            return
        n = _visible(data)
        if self.hidden or self.unshown_hidden:
            self.n_hidden += n
        elif n:
            self.unread.append((self.open[-1], counted, n))

    def _end_unshown_before(self, tag):
        """End the unshown or unread elements a start ``tag`` ends, as browsers do."""
        inside = self.unshown
        if inside[0] == "head" and (tag == "body" or (len(inside) == 1 and tag not in _HEAD_CONTENT)):
            inside.clear()
            return
        foreign = [i for i, open_tag in enumerate(inside) if open_tag in ("svg", "math")]
        if foreign and tag in _BREAKOUT and not _HOLDS_HTML.intersection(inside[foreign[-1]:]):
            del inside[foreign[-1]:]
        ended = [i for i, open_tag in enumerate(inside) if open_tag in _ENDED_WITH_ALL_INSIDE and tag in _CLOSED_BY[open_tag]]
        if ended:
            del inside[ended[0]:]
        while inside and tag in _CLOSED_BY.get(inside[-1], ()):
            inside.pop()

    def handle_starttag(self, tag, attrs):
        if self.unshown:
            self._end_unshown_before(tag)
        if self.unshown:
            if tag not in _VOID:
                self.unshown.append(tag)
            return
        if tag in _UNSHOWN or tag in _UNREAD:
            self.unshown, self.unshown_hidden = [tag], _is_hidden(tag, attrs, self.hiding, self.shown)
            return
        if tag == "br":
            if not self.hidden:
                self._emit("\n")
            return
        while len(self.open) > 1 and tag in _CLOSED_BY.get(self.open[-1].tag, ()):
            self._close(len(self.open) - 1)
        if tag == "img" and self._may_show_text(attrs):
            self.images.append(self.open[-1])
        if tag in _VOID:
            return
        # A hidden element makes no box: it neither ends a line nor starts one.
        hidden = _is_hidden(tag, attrs, self.hiding, self.shown)
        if not (hidden or self.hidden):
            if tag in _BLOCKS:
                self._break()
            elif tag in _CELLS:
                self._break("\t")
        if tag == "pre":
            self.pre += 1
        self.hidden += hidden
        element = _Element(tag, self.open[-1], self.length, hidden, _link_address(attrs) if tag == "a" else None)
        if tag in _LISTS or tag == "li":
            self._start_list_or_item(element, dict(reversed(attrs)))
        self.open.append(element)

    def _may_show_text(self, attrs):
        """Whether an image with ``attrs`` may show text, as a scanned page does: shown, no icon or spacer, in no link but to a picture."""
        sizes = [_pixels(value) for name, value in attrs if name in ("width", "height")]
        links = [element.link for element in self.open if element.link is not None]
        return not (self.hidden or _is_hidden("img", attrs, self.hiding, self.shown)
                    or any(not _PICTURE_ADDRESS.search(link) for link in links)
                    or any(size is not None and size < _SMALLEST_SCAN for size in sizes))

    def _list_style(self, tag, attrs):
        """The list style an element gives itself: inline, by the page's rules, or (a list's or an item's) by its type attribute."""
        own = _list_style(attrs.get("style") or "") or _rule_list_style(tag, attrs, self.list_styles)
        return own or (_TYPE_STYLES.get((attrs.get("type") or "").strip()) if tag in ("ol", "li") else None)

    def _start_list_or_item(self, element, attrs):
        """Start counting a list's items, or count an item and make its number or bullet the one to write before its text."""
        style = self._list_style(element.tag, attrs)
        if element.tag != "li":
            start = _integer(attrs.get("start"))
            backwards = element.tag == "ol" and "reversed" in attrs
            style = style or ("decimal" if element.tag == "ol" else "disc")
            if backwards and start is None and style not in _BULLET_STYLES | {"none"}:
                # Counting down from the number of items, which is not known yet: the items keep their bounds by bullets.
                style = "disc"
            element.list = [style, 1 if start is None else start, -1 if backwards else 1]
            return
        if self.hidden:
            return  # an item not shown is no list item: browsers do not count it
        owner = next((open_element for open_element in reversed(self.open) if open_element.list is not None), None)
        if owner is None:
            self.pending_marker = _list_marker(1, style or "disc")
            return
        value = _integer(attrs.get("value"))
        number = owner.list[1] if value is None else value
        owner.list[1] = number + owner.list[2]
        self.pending_marker = _list_marker(number, style or owner.list[0])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.unshown:
            del self.unshown[len(self.unshown) - 1 - self.unshown[::-1].index(tag):]
            return
        if self.unshown:
            if self.unshown[0] not in _ENDED_FROM_OUTSIDE or all(element.tag != tag for element in self.open[1:]):
                return  # as browsers, which end a list, an object or the head only by their own end tag
            self.unshown = []
        if tag in _VOID:
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
            if element.tag == "li":
                self.pending_marker = ""  # an item without text: no number is written
            if element.hidden:
                self.hidden -= 1
            # A hidden element ends no line either: its break would be left out with it when it is the site's.
            if element.hidden or self.hidden:
                continue
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


def _link_address(attrs):
    """The address of an ``<a>`` with ``attrs`` that is a link, "" for one whose address is unknown, None for a bookmark.

    Word's "save as web page" puts a bookmark, an ``<a>`` with a name or an
    id and no address, around each heading: its text is the page's, not a
    menu's. Any other ``<a>`` is a link: one with ``href``, one whose address
    a script reads from a ``data-`` attribute (``data-href``, ``data-url``,
    ``data-link``), one a script follows (``onclick``, a ``role`` of link,
    button, menu item or tab), and one with no attribute to tell (a menu's
    ``<a class="nav-link">``, which a script clicks).

    Examples
    --------
    >>> _link_address([("href", "#_Toc1002")]), _link_address([("data-url", "/a1")]), _link_address([("onclick", "go(3)")])
    ('#_Toc1002', '/a1', '')
    >>> _link_address([("class", "nav-link")]), _link_address([("name", "_Toc1002")]), _link_address([("id", "s1"), ("data-href", "/gk")])
    ('', None, '/gk')
    """
    named = dict(reversed(attrs))
    if "href" in named:
        return named["href"] or ""
    scripted = [value or "" for name, value in attrs if _SCRIPTED_ADDRESS.match(name)]
    if scripted:
        return scripted[0]
    if any(name.startswith("on") for name in named) or named.get("role") in ("link", "button", "menuitem", "tab"):
        return ""
    return None if "name" in named or "id" in named else ""


def _collapsed(text, match):
    """What a run of white space shows as: nothing between Chinese characters across a line break, else one space."""
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    if "\n" in match.group() and before and after and _CJK_CHAR.match(before) and _CJK_CHAR.match(after):
        return ""
    return " "


def _site_parts(page, text):
    """The elements that are the site's (see :meth:`_Element.is_site`), outermost only, in order.

    An element with a link inside a sentence is none of them (:func:`_links_in_sentences`):
    a block or table cell that holds one, an element inside a line (no block
    or cell of its own) whose line holds one.
    """
    breaks = [match.start() for match in re.finditer(r"[\n\t]", text)]
    in_sentences = _links_in_sentences(text, page.link_spans, breaks)
    parts, stack = [], [page.root]
    while stack:
        element = stack.pop()
        if element is not page.root and element.is_site() and not _holds_a_link_in_a_sentence(element, in_sentences, breaks, len(text)):
            parts.append(element)
        else:
            stack.extend(reversed(element.children))
    return parts


def _holds_a_link_in_a_sentence(element, in_sentences, breaks, length):
    """Whether ``element`` (or its line, for an element inside a line) holds one of ``in_sentences``, a link in a sentence."""
    if element.tag in _SITE_PARTS:
        return False
    start, end = element.start, element.end
    if element.tag not in _BLOCKS and element.tag not in _CELLS:
        start, end = _line_bounds(breaks, start, end, length)
    # The spans do not overlap: the last that starts before the end reaches furthest.
    i = bisect.bisect_left(in_sentences, (end,))
    return i > 0 and in_sentences[i - 1][1] > start


def _line_bounds(breaks, start, end, length):
    """The start of the line (or cell) ``start`` is on and the end of the one ``end`` is on; ``breaks``: offsets of line and cell ends."""
    i, k = bisect.bisect_left(breaks, start), bisect.bisect_left(breaks, end)
    return (breaks[i - 1] + 1 if i else 0), (breaks[k] if k < len(breaks) else length)


def _links_in_sentences(text, links, breaks):
    """The spans of ``links``, (start, end) pairs in order, that are inside a sentence, not a site's list of links.

    A link is when a Chinese character outside links runs straight into it
    or out of it (spaces aside), and either its text is a cited title, 《…》
    spaces aside (认真贯彻落实《…》 ending a heading, a list item or a cell),
    or the text on both sides of it is prose, a Chinese character or a
    clause mark (after it, a mark that opens a note or a quotation, （ ( “ "
    「 『, is one too: 按照《…》要求, 关于印发《…》的通知, 依据《教育法》、…,
    按照…（试行）要求), or the text of its line (or cell) outside links holds
    a clause or sentence mark (，。；！？: 详见《…》。). A list of links has
    none but its title, separators and dates (相关链接, 当前位置, 上一篇,
    通知公告 更多, a unit after each title, 丨 | > ·): none of its links is.
    ``breaks`` are the offsets of the ends of lines and cells. A link to an
    annex is the plan's too: after 附件：, 附件2：, 详见 or 参见 on its line, or
    with the annex's number in its text (附件1重点任务清单).

    Examples
    --------
    >>> text = "（一）按照《教育法》要求\\n上一篇 关于开展检查的通知\\n详见《方案》。\\n首页丨政务公开\\n学习贯彻《教师法》"
    >>> links = [(5, 10), (17, 26), (29, 33), (35, 37), (38, 42), (47, 52)]
    >>> _links_in_sentences(text, links, [m.start() for m in re.finditer("\\n", text)])
    [(5, 10), (29, 33), (47, 52)]
    """
    # The clause and sentence marks outside links: one pass over the text, not one a line per link on it.
    marks = [match.start() for match in _SENTENCE_MARKS.finditer(text) if not _in_spans(match.start(), links)]
    found = []
    for start, end in links:
        line_start, line_end = _line_bounds(breaks, start, end, len(text))
        if _is_annex(text, links, start, end, line_start):
            found.append((start, end))
            continue
        before = _beside(text, links, start, -1, line_start, line_end)
        after = _beside(text, links, end, 1, line_start, line_end)
        if not (_CJK.match(before) or _CJK.match(after)):
            continue
        # A site's links are titles of pages, not of documents: a 《…》 one is cited, at the end of a heading too.
        title = text[start:end].strip(" ")
        cited = title.startswith("《") and title.endswith("》")
        prose = (before and (_CJK.match(before) or before in _CLAUSE_MARKS)) and (
            after and (_CJK.match(after) or after in _CLAUSE_MARKS or after in _OPENING_MARKS))
        i = bisect.bisect_left(marks, line_start)
        if cited or prose or (i < len(marks) and marks[i] < line_end):
            found.append((start, end))
    return found


def _is_annex(text, links, start, end, line_start):
    """Whether the link ``text[start:end]`` names an annex of the plan: after 附件：or 详见 on its line, or 附件1… itself."""
    lead = _without(text, max(line_start, start - _ANNEX_LEAD_REACH), start, links)
    return bool(_ANNEX_LEAD.search(lead) or _ANNEX_TITLE.match(text, start, end))


def _beside(text, links, offset, step, line_start, line_end):
    """The first character before ``offset`` (``step`` -1) or from it (1) on its line, spaces aside; "" where it is a link's or none."""
    i = offset - 1 if step < 0 else offset
    while line_start <= i < line_end and text[i] == " ":
        i += step
    return text[i] if line_start <= i < line_end and not _in_spans(i, links) else ""


def _without(text, start, end, spans):
    """``text[start:end]`` without the characters of ``spans``, (start, end) pairs in order that do not overlap."""
    pieces, position = [], start
    for i in range(max(bisect.bisect_right(spans, (start, start)) - 1, 0), len(spans)):
        span_start, span_end = spans[i]
        if span_start >= end:
            break
        if span_end <= position:
            continue
        pieces.append(text[position:max(span_start, position)])
        position = min(span_end, end)
    pieces.append(text[position:end])
    return "".join(pieces)


def _blanked(text, spans):
    """``text`` with the characters of ``spans``, (start, end) pairs in order, replaced by spaces."""
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], " " * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _markers_not_written(text, markers):
    """The list markers no number is written for: before an empty item, one with a number of its own or a header line."""
    dropped = []
    for start, end in markers:
        line_end = text.find("\n", end)
        rest = text[end:len(text) if line_end < 0 else line_end]
        if not rest.strip() or _OWN_NUMBER.match(rest) or _HEADER_LINE.match(rest):
            dropped.append((start, end))
    return dropped


def _count_unread_elements(page, parts):
    """Characters of the unread elements' text counted as the site's (see :data:`_CONTROLS`), and the others' by element.

    The site's are those of the controls and those inside the site's ``parts``.
    """
    in_site, outside = 0, dict.fromkeys(_UNREAD_NAMES, 0)
    parts = set(parts)
    for element, counted, n in page.unread:
        while element is not None and element not in parts:
            element = element.parent
        if counted in _CONTROLS or element is not None:
            in_site += n
        else:
            outside[counted] += n
    return in_site, {counted: n for counted, n in outside.items() if n}


def read_webpage(html_text, *, stylesheets=()):
    """The text a saved web page shows, without the site's menus, link lists, asides and footer.

    Parameters
    ----------
    html_text : str
        The page's HTML, decoded.
    stylesheets : iterable of str, default=()
        The text of the page's style sheets kept in other files, for the
        classes they hide and the list styles they give (``policycompare``
        reads those a page saved "complete" keeps beside it).

    Returns
    -------
    PageText
        A named tuple ``(text, n_unread, n_hidden, unread_elements)``.
        ``text`` holds the page-header lines found in the parts left out
        (索引号, 发布机构, …), then the rest of the page's text in order: a
        line per paragraph, heading, list item (after the number or bullet
        a browser draws before it: ``1.``, ``一、``, ``• ``) and table row
        (its cells joined by tabs). ``n_unread`` counts the visible characters (not
        white space) of the parts left out, other than those header lines,
        and of the labels of buttons and the options of drop-down lists
        anywhere; ``n_hidden`` those of the text the page hides
        (``hidden``, ``display: none``, a class its ``<style>`` hides);
        ``unread_elements`` those of the text of drawings (``svg``),
        formulas (``math``) and embedded objects (``object``) outside the
        parts left out, by element, for those that hold any, and where
        ``text`` is empty, that of ``<noscript>`` elements (``noscript``),
        shown only where scripts are off.

    Raises
    ------
    TypeError
        If ``html_text`` is not a str (decode the page's bytes first).

    Examples
    --------
    >>> page = ('<html><head><title>t</title><script>var x;</script><style>.hide {display: none}</style></head><body>'
    ...         '<ul class="menu"><li><a href="/">首页</a></li><li><a href="/gk">政务公开</a></li></ul>'
    ...         '<table><tr><td>发布机构：教育局</td></tr></table>'
    ...         '<div class="article"><h1>行动方案</h1><p>一、主要任务</p><p>（一）加强教师队伍建设，落实县管校聘。</p>'
    ...         '<p>（二）推进集团化办学，组建教育集团。</p></div><div class="hide">分享到微信</div><button>打印</button>'
    ...         '<footer>版权所有</footer></body></html>')
    >>> page_text = read_webpage(page)
    >>> print(page_text.text)
    发布机构：教育局
    行动方案
    一、主要任务
    （一）加强教师队伍建设，落实县管校聘。
    （二）推进集团化办学，组建教育集团。
    <BLANKLINE>
    >>> page_text.n_unread, page_text.n_hidden, page_text.unread_elements  # 首页, 政务公开, 版权所有 and 打印; 分享到微信
    (12, 5, {})
    """
    return _read_page(html_text, stylesheets)[0]


def _read_page(html_text, stylesheets=()):
    """What :func:`read_webpage` returns, and the characters (not white space) of the list numbers and bullets in its text.

    Those are written as a browser draws them but are no characters of the
    page: a warning that counts the page's characters leaves them out.

    Examples
    --------
    >>> _read_page("<ol><li>扩充学位。</li><li>1.加强培训。</li></ol><ul><li>新建学校。</li></ul>")
    (PageText(text='1.扩充学位。\\n1.加强培训。\\n• 新建学校。\\n', n_unread=0, n_hidden=0, unread_elements={}), 3)
    """
    return _read_page_with_images(html_text, stylesheets)[:2]


def _read_page_with_images(html_text, stylesheets=()):
    """What :func:`_read_page` returns, and the number of images that show the page's text in its place (0 if none do).

    A page that publishes its plan as scanned pages shows a title, a line of
    dates and the scans: its text is in its images where it shows 2 or more
    of them (``_FEWEST_SCANS``) outside the site's parts, beside fewer
    characters (not white space) of text of its own, list numbers aside,
    than 200 or than 50 an image, whichever is more (``_TEXT_BESIDE_SCANS``,
    ``reading._LEAST_TEXT_PER_IMAGE``, as for a .docx: a cover note of a line a page). Images that cannot
    be such pages are not counted: hidden ones, those inside a link other
    than to a picture (a logo, a share button, a banner; a scan may be
    linked to its full size) and those less than 100 pixels wide or high by
    their ``width`` or ``height`` (``_SMALLEST_SCAN``: icons, spacers); a
    size in percent (``width="90%"``, as scans are often shown) or in
    another unit is no size in pixels.

    Examples
    --------
    >>> page = ('<div class="nav"><a href="/">首页</a> <a href="/gk">政务公开</a></div><h1>某县教育提质行动计划</h1>'
    ...         '<p><img src="plan-1.jpg"></p><p><img src="plan-2.jpg"></p><img src="icon.gif" width="16">')
    >>> _read_page_with_images(page)
    (PageText(text='某县教育提质行动计划\\n', n_unread=6, n_hidden=0, unread_elements={}), 0, 2)
    """
    if not isinstance(html_text, str):
        raise TypeError(f"html_text must be a str, not {type(html_text).__name__}; decode the page's bytes first")
    stylesheets = tuple(stylesheets)
    page = _PageText(*_hiding_selectors(html_text, stylesheets), _list_style_rules(html_text, stylesheets))
    page.feed(html_text)
    text = page.close()
    # The numbers and bullets of lists are no text of the page: judged as spaces, none is counted, and some are not written.
    parts = _site_parts(page, _blanked(text, page.markers))
    n_unread, unread_elements = _count_unread_elements(page, parts)
    not_written = _markers_not_written(text, page.markers)
    kept, header, position = [], [], 0
    for start, end in ((part.start, part.end) for part in parts):
        kept.append(_without(text, position, start, not_written))
        for line in _without(text, start, end, page.markers).splitlines():
            if _HEADER_LINE.match(line):
                header.append(line.rstrip(" "))
            else:
                n_unread += _visible(line)
        position = end
    kept.append(_without(text, position, len(text), not_written))
    lines = [line.rstrip(" ") for line in "".join(kept).split("\n")]
    lines = _without_empty_ends(lines) if any(line.strip() for line in lines) else []
    # Those written: not before an item with a number of its own, nor in the site's parts left out.
    part_spans, not_written = [(part.start, part.end) for part in parts], set(not_written)
    n_numbers = sum(_visible(text[start:end]) for start, end in page.markers
                    if (start, end) not in not_written and not _in_spans(start, part_spans))
    shown = "".join(line + "\n" for line in header + lines)
    if not shown and page.n_noscript:
        # Its only text is for browsers without scripts: said where "the page shows no text" is.
        unread_elements["noscript"] = page.n_noscript
    n_scans = _count_scans(page, parts)
    if n_scans < _FEWEST_SCANS or _visible(shown) - n_numbers >= max(_TEXT_BESIDE_SCANS, _LEAST_TEXT_PER_IMAGE * n_scans):
        n_scans = 0
    return PageText(shown, n_unread, page.n_hidden, unread_elements), n_numbers, n_scans


def _count_scans(page, parts):
    """The images of the page that may show its text (:meth:`_PageText._may_show_text`) outside the site's ``parts``."""
    parts, n = set(parts), 0
    for element in page.images:
        while element is not None and element not in parts:
            element = element.parent
        n += element is None
    return n


def _without_empty_ends(lines):
    """``lines`` without empty lines at the start and the end (left where a dropped part stood)."""
    first = next(i for i, line in enumerate(lines) if line.strip())
    last = max(i for i, line in enumerate(lines) if line.strip())
    return lines[first:last + 1]


def _visible(text):
    return sum(not char.isspace() for char in text)
