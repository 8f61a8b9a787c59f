"""HTML → blocks: the article, not the page around it.

lxml parses (libxml2's HTML parser: fast, forgiving, entities decoded; lxml is already
installed as python-docx's own dependency).  The article is the ``<article>``,
``<main>``, ``role="main"`` or ``itemprop="articleBody"`` element holding the most text,
when it holds a good part of the page's text; otherwise the whole ``<body>``.
Navigation, scripts, styles, forms, asides, footers, hidden elements and share/related
boxes are left out; they are the page, not the essay.

Each block element (``<p>``, headings, list items, table cells, ``<div>`` …) becomes a
block on one line (``<br>`` starts a new line in it, ``<pre>`` keeps its lines), with
the URLs of its ``<a href>`` links (:class:`~briefgen.ingest.blocks.Block`), which the
cleanup records.  Captions (``<figcaption>``) stay in the text: the cleanup decides
whether one is a photo caption and reports it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from briefgen.errors import InputError, Problem
from briefgen.ingest.blocks import Flow, FlowBuilder
from briefgen.ingest.readers.text import decode_text, line_at, normalise_newlines

BLOCK_TAGS = frozenset(
    """
    address article blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main
    menu ol p pre section summary table tbody td tfoot th thead tr ul
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
"""Elements that start and end a block."""

SKIP_TAGS = frozenset(
    """
    applet aside audio button canvas datalist embed footer form head iframe img input
    map math meta nav noscript object option script select style svg template textarea
    title video
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
"""Elements whose content is never the essay's text."""

# class/id words of page furniture that has no element of its own.  Whole words only:
# "comments" but not "commentary", which may well be the essay.
_FURNITURE = frozenset(
    """
    breadcrumb breadcrumbs cookie cookies newsletter related share sharing social
    subscribe subscription
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_WORDS = re.compile(r"[a-z]+")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MAIN_XPATH = "//article | //main | //*[@role='main'] | //*[@itemprop='articleBody']"
# The article element must hold this share of the page's text to be taken for the essay:
# a page whose only <article>s are teasers for other stories is read whole.
_MAIN_SHARE = 1 / 3
# Of candidates holding nearly as much text as the largest, the innermost is the article:
# <main> around <article> adds only a byline box or a "related" strip.
_NEARLY = 0.9

# WHATWG: these labels mean windows-1252, whatever they say.
_WINDOWS_1252 = frozenset({"ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1"})
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)


def read_html(data: bytes, path: Path) -> Flow:
    """The article text of the HTML document ``data``."""
    out = FlowBuilder()
    root = _parse(decode_html(data, path))
    if root is not None:
        body = root.find("body")
        top = body if body is not None else root
        article = _article(top)
        _walk(article if article is not None else top, out, whole_page=article is None)
    return out.result()


def add_html(fragment: str, out: FlowBuilder) -> None:
    """Add the blocks of an HTML fragment (a raw HTML block in Markdown) to ``out``."""
    root = _parse(fragment)
    if root is not None:
        body = root.find("body")
        _walk(body if body is not None else root, out, whole_page=False)


def decode_html(data: bytes, path: Path) -> str:
    """Decode by BOM, else by the charset the document declares, else as UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError as err:
            raise _not_in(path, data, "UTF-16", err.start) from None
    if data.startswith(codecs.BOM_UTF8):
        return decode_text(data, path)
    match = _META_CHARSET.search(data[:4096])
    label = (match.group(1) or match.group(2)).decode("ascii").lower() if match else "utf-8"
    if label in _WINDOWS_1252:
        label = "windows-1252"
    try:
        codec = codecs.lookup(label)
    except LookupError:
        raise InputError(
            [Problem(path, None, None, f"declares an unknown charset {label!r}")]
        ) from None
    if codec.name == "utf-8":
        return decode_text(data, path)
    try:
        return normalise_newlines(data.decode(codec.name))
    except UnicodeDecodeError as err:
        raise _not_in(path, data, f"{label} (as it declares)", err.start) from None


def _not_in(path: Path, data: bytes, encoding: str, offset: int) -> InputError:
    message = f"not {encoding}: byte 0x{data[offset]:02x} at offset {offset}"
    return InputError([Problem(path, line_at(data, offset), None, message)])


def _parse(text: str) -> lxml.html.HtmlElement | None:
    # Fed as UTF-8 bytes with the encoding given, so that the parser neither trusts a
    # <meta charset> nor refuses an <?xml encoding?> declaration in an already decoded
    # string.  huge_tree lifts libxml2's 10 MB limit on one text node (the file is at
    # most MAX_ESSAY_BYTES); the HTML parser expands no custom entities.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root: lxml.html.HtmlElement = lxml.html.document_fromstring(text.encode("utf-8"), parser)
    except etree.ParserError:  # nothing but whitespace
        return None
    return root


def _skipped(element: etree._Element, whole_page: bool) -> bool:
    tag = element.tag
    if not isinstance(tag, str):  # an entity or comment the parser kept
        return True
    if tag in SKIP_TAGS or (whole_page and tag == "header"):
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return not _FURNITURE.isdisjoint(_WORDS.findall(names))


def _article(top: etree._Element) -> etree._Element | None:
    """The element holding the essay, or ``None`` to read the whole page."""
    found = top.xpath(_MAIN_XPATH)
    candidates = [el for el in found if isinstance(el, etree._Element)] if found else []
    if not candidates:
        return None
    lengths = _text_lengths(top, candidates)
    most = max(lengths[el] for el in candidates)
    if most == 0 or most < _MAIN_SHARE * lengths[top]:
        return None
    near = [el for el in candidates if lengths[el] >= _NEARLY * most]
    # The innermost: the one with the most ancestors (the first, of equals).
    return max(near, key=lambda el: sum(1 for _ in el.iterancestors()))


def _text_lengths(
    top: etree._Element, candidates: list[etree._Element]
) -> dict[etree._Element, int]:
    """How many non-space characters a reader sees in ``top`` and in each candidate.

    One pass, summing each element's text into its parent's as the element closes, so
    that nested candidates cost no more than flat ones.
    """
    wanted = {top, *candidates}
    lengths: dict[etree._Element, int] = {}
    sums: list[int] = []
    walker = etree.iterwalk(top, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            sums.append(0)
            if element is not top and _skipped(element, whole_page=False):
                walker.skip_subtree()
            elif element.text:
                sums[-1] += len("".join(element.text.split()))
            continue
        total = sums.pop()
        if element in wanted:
            lengths[element] = total
        if sums:
            sums[-1] += total
            if element.tail:
                sums[-1] += len("".join(element.tail.split()))
    return lengths


class _Block:
    """The block being collected: finished lines, the current line, link URLs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line: list[str] = []
        self.links: list[str] = []
        self.pre = 0

    def text(self, text: str) -> None:
        if self.pre:
            first, *rest = text.split("\n")
            self.line.append(first)
            for part in rest:
                self.newline()
                self.line.append(part)
        else:
            # HTML's white space is ASCII only: a no-break space stays one.
            self.line.append(_HTML_SPACE.sub(" ", text))

    def newline(self) -> None:
        self.lines.append("".join(self.line))
        self.line = []

    def flush(self, out: FlowBuilder) -> None:
        self.newline()
        out.block(self.lines, self.links)
        self.lines, self.links = [], []


def _walk(root: etree._Element, out: FlowBuilder, whole_page: bool) -> None:
    """Add the blocks under ``root`` to ``out``; iterative, so no nesting is too deep."""
    block = _Block()
    walker = etree.iterwalk(root, events=("start", "end"))
    skipping: etree._Element | None = None
    for event, element in walker:
        tag = element.tag
        if event == "start":
            if element is not root and _skipped(element, whole_page):
                walker.skip_subtree()
                skipping = element
                continue
            if tag in BLOCK_TAGS:
                block.flush(out)
            if tag == "br":
                block.newline()
            elif tag == "pre":
                block.pre += 1
            elif tag == "a" and element.get("href"):
                block.links.append(str(element.get("href")))
            if element.text:
                block.text(element.text)
            continue
        if skipping is element:
            skipping = None
        else:
            if tag in BLOCK_TAGS:
                block.flush(out)
            if tag == "pre":
                block.pre -= 1
        if element is not root and element.tail:
            block.text(element.tail)
    block.flush(out)
