"""Typeset the corpus's truth texts as analysts receive essays, then extract them as they do.

Each text of ``truth/`` (title line, blank line, paragraphs separated by one blank line)
is laid out in every :data:`LAYOUTS` entry: one or two columns, justified or ragged,
with or without space between paragraphs, first-line indents, running heads and feet
(title, author, "Page N of M", a browser's date, time and URL, book heads that alternate
left and right), a photo with its caption and credit line, URLs stranded at page breaks,
and line-end hyphenation (reportlab's, through pyphen).  Each layout becomes a PDF
(reportlab), a DOCX (python-docx) and an HTML page, and the PDF is extracted four ways:
``pdftotext``, ``pdftotext -layout``, pypdf's plain and layout modes.  Where a layout says
``pasted``, the DOCX and the HTML are what pasting that PDF's text gives: paragraphs cut
at page breaks with the running heads, feet and stranded URLs between the pieces.

Everything is generated, never committed: into a cache folder keyed by this file, the
truth text and the tools' versions, so that a changed layout or a new reportlab builds
afresh.  Every choice (site name, dates, URLs, caption, which pages get stray URLs) comes
from a ``random.Random`` seeded with the text's and layout's names: the same inputs give
the same files, byte for byte.

    python tests/corpus/typeset.py --out /tmp/corpus                # everything
    python tests/corpus/typeset.py --text swift-modest-proposal --layout book

pyphen is a development tool here only (``pip install pyphen``).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import os
import random
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "truth"
FONTS = HERE.parent.parent / "briefgen" / "fonts"

PDF_EXTRACTIONS = ("pdf", "pdftotext", "pdftotext-layout", "pypdf", "pypdf-layout")
"""``pdf`` is the PDF itself, read by briefgen's own PDF reader."""
EXTRACTIONS = (*PDF_EXTRACTIONS, "docx", "html")

AUTHORS = {
    "chesterton-lying-in-bed": "G. K. Chesterton",
    "kennedy-inaugural-1961": "John F. Kennedy",
    "morley-on-laziness": "Christopher Morley",
    "swift-modest-proposal": "Jonathan Swift",
    "sotu-1790-washington": "George Washington",
    "sotu-1796-washington": "George Washington",
    "sotu-1799-adams": "John Adams",
    "sotu-1801-jefferson": "Thomas Jefferson",
    "sotu-1807-jefferson": "Thomas Jefferson",
    "sotu-1814-madison": "James Madison",
    "sotu-1820-monroe": "James Monroe",
    "sotu-1913-wilson": "Woodrow Wilson",
    "sotu-1916-wilson": "Woodrow Wilson",
    "sotu-1917-wilson": "Woodrow Wilson",
    "sotu-1934-roosevelt": "Franklin D. Roosevelt",
    "sotu-1937-roosevelt": "Franklin D. Roosevelt",
    "sotu-1941-roosevelt": "Franklin D. Roosevelt",
    "sotu-1949-truman": "Harry S. Truman",
    "sotu-1956-eisenhower": "Dwight D. Eisenhower",
    "sotu-1979-carter": "Jimmy Carter",
    "sotu-1986-reagan": "Ronald Reagan",
    "sotu-2002-bush": "George W. Bush",
}

SITES = (
    ("The Civic Ledger", "civicledger.org", "essays"),
    ("Public Papers Online", "publicpapers.example.net", "documents"),
    ("The Commonplace Review", "commonplace-review.com", "archive"),
    ("Addresses & Essays", "addresses-and-essays.org", "read"),
)
CAPTIONS = (
    "The author at his desk, from a portrait made in the years of this text.",
    "A crowd gathers outside the Capitol on the morning of the address.",
    "The first printing of the text, as it was sold in the streets.",
    "Members of Congress listen in the House chamber.",
)
CREDITS = (
    "Photo: Library of Congress, Prints and Photographs Division",
    "Illustration: Wikimedia Commons (public domain)",
    "Credit: National Archives and Records Administration",
)


@dataclass(frozen=True, slots=True)
class Layout:
    """How one variant looks.  Templates take {title} {author} {site} {date} {time}
    {longdate} {url} {n} {m}; a pair is (left, right), a triple (left, centre, right)."""

    name: str
    columns: int
    justified: bool
    gap: float
    """Space between paragraphs, in lines: a whole line is a blank line in every
    extraction, less is one only in some; without it a paragraph ends only by its short
    last line (and by its indent, where there is one)."""
    indent: bool
    hyphenate: bool
    page: tuple[float, float]
    font: str
    size: float
    leading: float
    head: tuple[str, str, str] = ("", "", "")
    foot: tuple[str, str, str] = ("", "", "")
    head_even: tuple[str, str, str] | None = None
    """Book pages: the head of even (left-hand) pages, when it differs."""
    foot_even: tuple[str, str, str] | None = None
    first_page_head: bool = True
    caption: str = "none"
    """``none``, ``after-title`` or ``middle`` (before the paragraph at 45 % of the text)."""
    stray_urls: bool = False
    """URLs printed at the foot of some pages, above the running foot."""
    pasted: bool = False
    """The DOCX and HTML are pasted from this PDF's text rather than made natively."""
    words_per_page: int = 450
    """For the pasted DOCX and HTML: where their pseudo page breaks fall."""


LETTER = (612.0, 792.0)
A4 = (595.3, 841.9)
A5 = (419.5, 595.3)

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "report", 1, True, 1.0, False, True, LETTER, "Times-Roman", 11, 14,
            head=("{title}", "", "{author}"), foot=("", "Page {n} of {m}", ""),
            first_page_head=False,
        ),
        Layout(
            "book", 1, True, 0, True, True, A5, "Times-Roman", 10.5, 13,
            head=("", "{TITLE}", "{n}"), head_even=("{n}", "{AUTHOR}", ""),
            first_page_head=False,
        ),
        Layout(
            "browser", 1, False, 0.6, False, False, LETTER, "Helvetica", 10, 13,
            head=("{date}, {time}", "", "{title} | {site}"), foot=("{url}", "", "{n}/{m}"),
            caption="after-title", stray_urls=True, pasted=True, words_per_page=520,
        ),
        Layout(
            "twocol-justified", 2, True, 0, False, True, LETTER, "Times-Roman", 9.5, 11.5,
            head=("{site}", "", "{longdate}"), foot=("", "— {n} —", ""), caption="middle",
            words_per_page=1100,
        ),
        Layout(
            "twocol-ragged", 2, False, 0, True, True, A4, "Helvetica", 9, 11,
            foot=("", "", "{site} | {n}"), foot_even=("{n} | {site}", "", ""), caption="middle",
            words_per_page=1000,
        ),
        Layout(
            "magazine", 1, False, 0, True, False, LETTER, "NotoSerif", 10, 13.5,
            head=("", "{TITLE}", ""), foot=("{url}", "", "{n}"), caption="after-title",
            stray_urls=True, pasted=True, words_per_page=480,
        ),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Text:
    """A truth text and the made-up particulars of one (text, layout) pair."""

    name: str
    title: str
    author: str
    paragraphs: tuple[str, ...]
    site: str
    url: str
    date: str
    time: str
    longdate: str
    caption: str
    credit: str
    rng: random.Random = field(compare=False, repr=False)

    def fill(self, template: str, n: int, m: int) -> str:
        short = self.title if len(self.title) <= 60 else self.title[:57].rstrip() + "…"
        return template.format(
            title=short, TITLE=short.upper(), author=self.author, AUTHOR=self.author.upper(),
            site=self.site, date=self.date, time=self.time, longdate=self.longdate,
            url=self.url, n=n, m=m,
        )  # fmt: skip

    def stray_urls(self) -> list[str]:
        """One or two URLs such as a print of a web page strands at a page break."""
        return [
            f"https://{self.url.split('/')[2]}/notes/{self.rng.randrange(1000, 99999)}"
            for _ in range(self.rng.choice((1, 1, 2)))
        ]


def read_truth(path: Path) -> tuple[str, list[str]]:
    """The title and the paragraphs of a truth text."""
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    return blocks[0], blocks[1:]


def text_names() -> list[str]:
    return sorted(p.stem for p in TRUTH.glob("*.txt"))


def particulars(name: str, layout: Layout, truth: Path | None = None) -> Text:
    rng = random.Random(f"{name}/{layout.name}")
    title, paragraphs = read_truth(truth or TRUTH / f"{name}.txt")
    site, domain, section = rng.choice(SITES)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    when = datetime(2024, rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(7, 23),
                    rng.randrange(60))  # fmt: skip
    return Text(
        name, title, AUTHORS.get(name, "Staff Writer"), tuple(paragraphs), site,
        f"https://www.{domain}/{section}/{slug}", f"{when:%m/%d/%y}",
        when.strftime("%I:%M %p").lstrip("0"), f"{when:%B} {when.day}, {when.year}",
        rng.choice(CAPTIONS), rng.choice(CREDITS), rng,
    )  # fmt: skip


# PDF --------------------------------------------------------------------------------


def _fonts(layout: Layout) -> tuple[str, str]:
    """(regular, italic) font names, registering the bundled Noto fonts if asked for."""
    if layout.font != "NotoSerif":
        italic = {"Times-Roman": "Times-Italic", "Helvetica": "Helvetica-Oblique"}
        return layout.font, italic[layout.font]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in ("NotoSerif-Regular", "NotoSerif-Italic"):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
    return "NotoSerif-Regular", "NotoSerif-Italic"


def _caption_at(text: Text, layout: Layout) -> int | None:
    """Before which paragraph (index) the photo goes, if anywhere."""
    if layout.caption == "after-title":
        return 0
    if layout.caption == "middle":
        return max(1, round(len(text.paragraphs) * 0.45))
    return None


def write_pdf(text: Text, layout: Layout, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        KeepTogether,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
    )  # fmt: skip

    regular, italic = _fonts(layout)
    width, height = layout.page
    margin, top, bottom = 54.0, 66.0, 72.0
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=layout.size, leading=layout.leading,
        alignment=TA_JUSTIFY if layout.justified else TA_LEFT,
        spaceAfter=layout.leading * layout.gap,
        firstLineIndent=layout.size * 1.8 if layout.indent else 0,
        hyphenationLang="en_US" if layout.hyphenate else "", embeddedHyphenation=1,
        uriWasteReduce=0.3,
    )  # fmt: skip
    heading = ParagraphStyle("title", fontName=regular, fontSize=17, leading=21, spaceAfter=12)
    cap = ParagraphStyle("caption", fontName=italic, fontSize=8, leading=10, spaceBefore=3)
    credit = ParagraphStyle("credit", fontName=regular, fontSize=6.5, leading=8,
                            alignment=TA_RIGHT, spaceAfter=10)  # fmt: skip

    inner = width - 2 * margin
    gutter = 18.0
    col = (inner - gutter * (layout.columns - 1)) / layout.columns

    def columns(y_top: float) -> list[Frame]:
        return [
            Frame(margin + i * (col + gutter), bottom, col, y_top - bottom, id=f"c{i}",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            for i in range(layout.columns)
        ]  # fmt: skip

    title_h = 80.0
    first = [
        Frame(margin, height - top - title_h, inner, title_h, id="title",
              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0),
        *columns(height - top - title_h),
    ]  # fmt: skip
    doc = BaseDocTemplate(
        str(path), pagesize=layout.page, title=text.title, author=text.author,
        invariant=1, pageTemplates=[PageTemplate("first", first), PageTemplate("later", columns(height - top))],
    )  # fmt: skip

    story: list[object] = [Paragraph(html.escape(text.title), heading), NextPageTemplate("later"),
                           FrameBreak()]  # fmt: skip
    photo_at = _caption_at(text, layout)
    for i, para in enumerate(text.paragraphs):
        if i == photo_at:
            photo = Table([[""]], colWidths=[col], rowHeights=[min(col * 0.45, 140)],
                          style=[("BACKGROUND", (0, 0), (-1, -1), colors.lightgrey)])  # fmt: skip
            story.append(KeepTogether([
                Spacer(1, 4), photo, Paragraph(html.escape(text.caption), cap),
                Paragraph(html.escape(text.credit.upper()), credit),
            ]))  # fmt: skip
        story.append(Paragraph(html.escape(para), body))

    def furniture(canvas: Canvas, n: int, m: int) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.dimgrey)
        even = n % 2 == 0
        head = (layout.head_even if even else None) or layout.head
        foot = (layout.foot_even if even else None) or layout.foot
        for y, slots in ((height - top + 26, head), (bottom - 40, foot)):
            if y > bottom and n == 1 and not layout.first_page_head:
                continue
            left, centre, right = slots
            if left:
                canvas.drawString(margin, y, text.fill(left, n, m))
            if centre:
                canvas.drawCentredString(width / 2, y, text.fill(centre, n, m))
            if right:
                canvas.drawRightString(width - margin, y, text.fill(right, n, m))
        if layout.stray_urls and n < m and text.rng.random() < 0.6:
            for k, url in enumerate(text.stray_urls()):
                canvas.drawString(margin, bottom - 16 - 10 * k, url)

    doc.build(story, canvasmaker=_deferred_canvas(furniture))


def _deferred_canvas(furniture: Callable[..., None]) -> type:
    """A canvas that draws each page's furniture when the page count is known."""
    from reportlab.pdfgen.canvas import Canvas

    class FurnishedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                furniture(self, self._pageNumber, count)
                super().showPage()
            super().save()

    return FurnishedCanvas


# Pasted documents: the PDF's text with its furniture, cut at pseudo page breaks --------


def pasted_blocks(text: Text, layout: Layout) -> list[tuple[str, str]]:
    """(kind, text) blocks, kind ``title``, ``para``, ``caption``, ``credit`` or ``furniture``
    (a running head or foot, or a stranded URL), as pasting the PDF's text gives them."""
    words = sum(len(p.split()) for p in text.paragraphs)
    m = max(1, -(-words // layout.words_per_page))

    def head(n: int) -> list[tuple[str, str]]:
        parts = [text.fill(t, n, m) for t in layout.head if t]
        return [("furniture", "  ".join(parts))] if parts else []

    def foot(n: int) -> list[tuple[str, str]]:
        out = [("furniture", url) for url in (text.stray_urls() if layout.stray_urls else [])]
        parts = [text.fill(t, n, m) for t in layout.foot if t]
        return out + ([("furniture", "  ".join(parts))] if parts else [])

    blocks = [*head(1), ("title", text.title)]
    photo_at = _caption_at(text, layout)
    page, used = 1, 0
    for i, para in enumerate(text.paragraphs):
        if i == photo_at:
            blocks += [("caption", text.caption), ("credit", text.credit)]
        piece: list[str] = []
        for word in para.split():
            if used == layout.words_per_page and page < m:
                if piece:
                    blocks.append(("para", " ".join(piece)))
                    piece = []
                blocks += [*foot(page), *head(page + 1)]
                page, used = page + 1, 0
            piece.append(word)
            used += 1
        blocks.append(("para", " ".join(piece)))
    return [*blocks, *foot(page)]


# DOCX -------------------------------------------------------------------------------


def write_docx(text: Text, layout: Layout, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.revision = text.title, text.author, 1
    props.created = props.modified = datetime(2000, 1, 1)
    props.last_modified_by = ""
    section = document.sections[0]
    section.page_width, section.page_height = Pt(layout.page[0]), Pt(layout.page[1])
    normal = document.styles["Normal"]
    normal.font.name = {"Helvetica": "Arial", "NotoSerif": "Noto Serif"}.get(
        layout.font, "Times New Roman"
    )
    normal.font.size = Pt(layout.size)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if layout.justified else WD_ALIGN_PARAGRAPH.LEFT
    fmt.space_after = Pt(layout.leading * layout.gap)
    fmt.first_line_indent = Pt(layout.size * 1.8) if layout.indent else None

    if layout.pasted:
        for kind, block in pasted_blocks(text, layout):
            style = {"title": "Title", "caption": "Caption"}.get(kind)
            document.add_paragraph(block, style=style)
        _save_frozen(document, path)
        return

    if layout.columns > 1:
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            section._sectPr.append(cols)
        cols.set(qn("w:num"), str(layout.columns))
        cols.set(qn("w:space"), "360")

    def furnish(paragraph: object, slots: tuple[str, str, str]) -> None:
        for i, template in enumerate(slots):
            if i:
                paragraph.add_run("\t")  # type: ignore[attr-defined]
            for piece in re.split(r"(\{[nm]\})", template):
                if piece in ("{n}", "{m}"):
                    field_ = OxmlElement("w:fldSimple")
                    field_.set(qn("w:instr"), "PAGE" if piece == "{n}" else "NUMPAGES")
                    run = OxmlElement("w:r")
                    t = OxmlElement("w:t")
                    t.text = "1"
                    run.append(t)
                    field_.append(run)
                    paragraph._p.append(field_)  # type: ignore[attr-defined]
                elif piece:
                    paragraph.add_run(text.fill(piece, 1, 1))  # type: ignore[attr-defined]

    section.different_first_page_header_footer = not layout.first_page_head
    for part, slots in ((section.header, layout.head), (section.footer, layout.foot)):
        furnish(part.paragraphs[0], slots)
    if layout.head_even or layout.foot_even:
        document.settings.odd_and_even_pages_header_footer = True
        furnish(section.even_page_header.paragraphs[0], layout.head_even or layout.head)
        furnish(section.even_page_footer.paragraphs[0], layout.foot_even or layout.foot)

    document.add_paragraph(text.title, style="Title")
    photo_at = _caption_at(text, layout)
    for i, para in enumerate(text.paragraphs):
        if i == photo_at:
            document.add_picture(io.BytesIO(_grey_png()), width=Pt(layout.page[0] * 0.5))
            document.add_paragraph(text.caption, style="Caption")
            document.add_paragraph(text.credit, style="Caption")
        document.add_paragraph(para)
    _save_frozen(document, path)


def _grey_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (64, 36), 200).save(buffer, format="PNG")
    return buffer.getvalue()


def _save_frozen(document: object, path: Path) -> None:
    """Save with every zip entry dated 1980-01-01, so the bytes do not depend on the clock."""
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), src.read(info))


# HTML -------------------------------------------------------------------------------


def write_html(text: Text, layout: Layout, path: Path) -> None:
    e = html.escape
    if layout.pasted:
        body = []
        for kind, block in pasted_blocks(text, layout):
            if kind == "furniture" and block.startswith("https://"):
                body.append(f'<p><a href="{e(block)}">{e(block)}</a></p>')
            else:
                body.append(f"<h1>{e(block)}</h1>" if kind == "title" else f"<p>{e(block)}</p>")
        page = "\n".join(body)
    else:
        paras = []
        photo_at = _caption_at(text, layout)
        for i, para in enumerate(text.paragraphs):
            if i == photo_at:
                paras.append(
                    f'<figure><img src="photo.jpg" alt=""><figcaption>{e(text.caption)} '
                    f'<span class="credit">{e(text.credit)}</span></figcaption></figure>'
                )
            paras.append(f"<p>{e(para)}</p>")
        columns = f"column-count: {layout.columns};" if layout.columns > 1 else ""
        align = "justify" if layout.justified else "left"
        indent = "text-indent: 1.5em;" if layout.indent else ""
        gap = f"{layout.gap}em"
        related = text.rng.choice(CAPTIONS)
        page = f"""<header class="site-header"><a href="/">{e(text.site)}</a>
<nav><a href="/">Home</a> <a href="/essays">Essays</a> <a href="/about">About</a>
<a href="/subscribe">Subscribe</a></nav></header>
<main><article>
<h1>{e(text.title)}</h1>
<div class="article-body" style="{columns} text-align: {align};">
{chr(10).join(paras)}
</div>
</article>
<aside class="related"><h2>Related</h2><a href="/essays/more">{e(related)}</a></aside>
</main>
<footer><p>© {text.longdate[-4:]} {e(text.site)}. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p></footer>"""
        page = page.replace("<p>", f'<p style="margin: 0 0 {gap}; {indent}">')
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(text.title)} | {e(text.site)}</title></head>
<body>
{page}
</body></html>
""",
        encoding="utf-8",
    )


# Extraction -------------------------------------------------------------------------


def extract(pdf: Path, how: str) -> str:
    """The PDF's text as an analyst gets it with ``how``."""
    if how.startswith("pdftotext"):
        layout = ["-layout"] if how == "pdftotext-layout" else []
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", *layout, str(pdf), "-"],
            check=True,
            capture_output=True,
        )
        return result.stdout.decode("utf-8")
    from pypdf import PdfReader

    mode = {"pypdf": "plain", "pypdf-layout": "layout"}[how]
    return "\n".join(page.extract_text(extraction_mode=mode) for page in PdfReader(pdf).pages)


# The cache --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    """One file to ingest: a text in a layout, in a format, extracted one way."""

    text: str
    layout: str
    extraction: str
    path: Path

    @property
    def name(self) -> str:
        return f"{self.text}/{self.layout}/{self.extraction}"


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("BRIEFGEN_CORPUS_CACHE", Path(base) / "briefgen-corpus"))


PACKAGES = ("reportlab", "python-docx", "pypdf", "pyphen")


def _tools() -> str:
    from importlib.metadata import version

    poppler = subprocess.run(["pdftotext", "-v"], check=False, capture_output=True, text=True)
    return poppler.stderr.split("\n")[0] + "".join(f" {p}={version(p)}" for p in PACKAGES)


_TOOLS: list[str] = []


def build(
    name: str, layout_name: str, cache: Path | None = None, truth: Path | None = None
) -> list[Case]:
    """Every case of ``name`` in ``layout_name``, made unless the cache has them;
    ``truth`` is the text's file when it is not ``truth/<name>.txt``."""
    if not _TOOLS:
        _TOOLS.append(_tools())
    layout = LAYOUTS[layout_name]
    truth = truth or TRUTH / f"{name}.txt"
    key = hashlib.sha256()
    for part in (Path(__file__).read_bytes(), truth.read_bytes()):
        key.update(part)
    key.update(f"{layout_name} {_TOOLS[0]}".encode())
    folder = (cache or default_cache()) / name / f"{layout_name}-{key.hexdigest()[:16]}"
    suffix = {"pdf": ".pdf", "docx": ".docx", "html": ".html"}
    paths = {
        how: folder
        / (f"{layout_name}{suffix[how]}" if how in suffix else f"{layout_name}.{how}.txt")
        for how in EXTRACTIONS
    }
    if not (folder / "done").exists():
        # Built aside and renamed into place: another run (a test, a bench) may be
        # building the same folder at the same moment.
        work = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        made = {how: work / path.name for how, path in paths.items()}
        write_pdf(particulars(name, layout, truth), layout, made["pdf"])
        write_docx(particulars(name, layout, truth), layout, made["docx"])
        write_html(particulars(name, layout, truth), layout, made["html"])
        for how in PDF_EXTRACTIONS[1:]:
            made[how].write_text(extract(made["pdf"], how), encoding="utf-8")
        (work / "done").write_text(_TOOLS[0] + "\n", encoding="utf-8")
        if not (folder / "done").exists():  # a build that died half-way
            shutil.rmtree(folder, ignore_errors=True)
        try:
            work.rename(folder)
        except OSError:  # the other run won: its files are the same
            shutil.rmtree(work, ignore_errors=True)
    return [Case(name, layout_name, how, paths[how]) for how in EXTRACTIONS]


def cases(
    names: Iterable[str] | None = None,
    layouts: Iterable[str] | None = None,
    cache: Path | None = None,
) -> list[Case]:
    """Every (text × layout × format × extraction) case, built as needed."""
    return [
        case
        for name in (names or text_names())
        for layout in (layouts or LAYOUTS)
        for case in build(name, layout, cache)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="cache folder (default: %(default)s)",
                        default=default_cache())  # fmt: skip
    parser.add_argument("--text", action="append", choices=text_names())
    parser.add_argument("--layout", action="append", choices=list(LAYOUTS))
    args = parser.parse_args()
    for case in cases(args.text, args.layout, args.out):
        print(case.path)  # noqa: T201 (a command-line tool)


if __name__ == "__main__":
    main()
