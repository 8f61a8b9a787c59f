"""PDFs in the layouts essays come in, made here with reportlab and read through the real
reader: one and two columns, justified and ragged, with and without paragraph gaps and
first-line indents, running heads and feet, a caption.  The paragraphs must come back as
they were set, and the furniture must go, from the PDF and from the text pypdf extracts
of it (pages run together, as an analyst pastes them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from prose import PARAGRAPHS, TITLE
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A6, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from briefgen.essay import Essay
from briefgen.ingest import ingest, ingest_text
from briefgen.style import FONTS_DIR

SERIF = "LayoutSerif"
pdfmetrics.registerFont(TTFont(SERIF, str(FONTS_DIR / "NotoSerif-Regular.ttf")))

Furniture = Callable[[Canvas, int, tuple[float, float]], None]


def head_and_page_of(canvas: Canvas, n: int, size: tuple[float, float]) -> None:
    width, height = size
    canvas.setFont(SERIF, 8)
    canvas.drawString(72, height - 40, "The Policy Review")
    canvas.drawRightString(width - 72, height - 40, "October 27, 2024")
    canvas.drawCentredString(width / 2, 30, f"Page {n}")


def dashed_number(canvas: Canvas, n: int, size: tuple[float, float]) -> None:
    canvas.setFont(SERIF, 8)
    canvas.drawCentredString(size[0] / 2, 30, f"\u2014 {n} \u2014")


def book_heads(canvas: Canvas, n: int, size: tuple[float, float]) -> None:
    """A book's heads: the page number on the outer side, the author on even pages, the
    title on odd ones; none on the first."""
    width, height = size
    if n == 1:
        return
    canvas.setFont(SERIF, 8)
    if n % 2 == 0:
        canvas.drawString(30, height - 20, str(n))
        canvas.drawCentredString(width / 2, height - 20, "A. N. AUTHOR")
    else:
        canvas.drawCentredString(width / 2, height - 20, TITLE.upper())
        canvas.drawRightString(width - 30, height - 20, str(n))


def print_header(canvas: Canvas, n: int, size: tuple[float, float]) -> None:
    width, height = size
    canvas.setFont(SERIF, 7)
    canvas.drawString(30, height - 20, "10/27/24, 9:14 AM")
    canvas.drawCentredString(width / 2, height - 20, f"{TITLE} | The Policy Review")
    canvas.drawString(30, 16, "https://www.policyreview.example/2024/10/27/why-sequencing")
    canvas.drawRightString(width - 30, 16, f"{n}")


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int
    justified: bool
    gap: float
    """Space after a paragraph, in points."""
    indent: float
    """First-line indent, in points."""
    furniture: Furniture
    page: tuple[float, float] = LETTER
    margin: float = 90
    caption: bool = False
    """A photo caption and its credit, in small type, before the eighth paragraph."""


LAYOUTS = [
    Layout("one column, justified, no gaps or indents", 1, True, 0, 0, head_and_page_of),
    Layout("two columns, justified, indents", 2, True, 0, 14, dashed_number),
    Layout("two columns, ragged, indents", 2, False, 0, 12, head_and_page_of),
    Layout("one column, ragged, gaps, a caption", 1, False, 9, 0, print_header, caption=True),
    Layout("a book: justified, indents, heads", 1, True, 0, 14, book_heads, A6, 30),
]


def make_pdf(layout: Layout, path: Path) -> None:
    width, height = layout.page
    margin = layout.margin

    def furniture(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        layout.furniture(canvas, doc.page, layout.page)
        canvas.restoreState()

    inner = width - 2 * margin
    if layout.columns == 1:
        frames = [Frame(margin, margin, inner, height - 2 * margin)]
    else:
        column = (inner - 18) / 2
        frames = [
            Frame(margin, margin, column, height - 2 * margin),
            Frame(margin + column + 18, margin, column, height - 2 * margin),
        ]
    doc = BaseDocTemplate(
        str(path),
        pagesize=layout.page,
        pageTemplates=[PageTemplate(frames=frames, onPage=furniture)],
        invariant=True,
    )
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=11,
        leading=15,
        alignment=TA_JUSTIFY if layout.justified else TA_LEFT,
        spaceAfter=layout.gap,
        firstLineIndent=layout.indent,
    )
    title = ParagraphStyle("title", fontName=SERIF, fontSize=16, leading=20, spaceAfter=12)
    small = ParagraphStyle("small", fontName=SERIF, fontSize=7.5, leading=9, spaceAfter=9)
    story = [Paragraph(escape(TITLE), title)]
    for i, text in enumerate(PARAGRAPHS):
        if layout.caption and i == 7:
            story.append(Paragraph("Buses queue in the old town square at dusk.", small))
            story.append(Paragraph("Photo: City Archive", small))
        story.append(Paragraph(escape(text), body))
    doc.build(story)


def texts(essay: Essay) -> list[str]:
    return [p.text for p in essay.paragraphs]


EXPECTED = [TITLE, *PARAGRAPHS]


@pytest.fixture(scope="module", params=LAYOUTS, ids=[layout.name for layout in LAYOUTS])
def layout(request: pytest.FixtureRequest) -> Layout:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def pdf(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layouts") / "essay.pdf"
    make_pdf(layout, path)
    return path


def assert_paragraphs(essay: Essay, layout: Layout) -> None:
    """The essay's words, all of them, in order, and nothing else; its paragraphs as
    set where the layout shows where they end (a gap or an indent).  Without either, a
    paragraph whose last line is full cannot be told from the next, by a reader either:
    then two may come out as one, but none is ever cut in two."""
    got = texts(essay)
    assert " ".join(got).split() == " ".join(EXPECTED).split()
    if layout.gap or layout.indent:
        assert got == EXPECTED
        return
    assert len(EXPECTED) - len(got) <= 0.15 * len(EXPECTED)
    at = 0
    for text in got:
        stop = at + 1
        while " ".join(EXPECTED[at:stop]) != text:
            assert stop < len(EXPECTED), f"cut in two: {text[:60]}…"
            stop += 1
        at = stop


def test_the_pdf_reader_gives_the_paragraphs_as_set(pdf: Path, layout: Layout) -> None:
    essay = ingest(pdf)
    assert_paragraphs(essay, layout)
    assert {r.kind for r in essay.removals} <= {"page-number", "running-head", "caption"}


@pytest.mark.parametrize("mode", ["plain", "layout"])
def test_pypdf_text_run_together_gives_the_paragraphs_as_set(
    pdf: Path, layout: Layout, mode: str
) -> None:
    pages = [page.extract_text(extraction_mode=mode) for page in PdfReader(pdf).pages]
    assert_paragraphs(ingest_text("\n".join(pages)), layout)


# What the reader measures ------------------------------------------------------------

JUSTIFIED_WORDS = (
    "The council’s plan—agreed in March, “revised” in June—set the budget for roads, "
    "rail and ports at a level that neither the treasury nor the regions had asked for, "
    "and it did so without the vote that the statute seemed to require. "
) * 6


@pytest.mark.parametrize("font", ["Times-Roman", SERIF])
def test_a_justified_line_is_measured_to_the_edge_it_was_stretched_to(
    font: str, tmp_path: Path
) -> None:
    # reportlab justifies with word spacing (Tw); the widths of curly quotes and dashes
    # in a standard font are looked up by the character they stand for.
    from briefgen.ingest.readers.pdf import page_lines

    path = tmp_path / "justified.pdf"
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=13, alignment=TA_JUSTIFY)
    doc = BaseDocTemplate(str(path), pagesize=LETTER)
    frame = Frame(72, 72, 300, 640, id="body", leftPadding=0, rightPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build([Paragraph(JUSTIFIED_WORDS.strip(), style)])
    lines = page_lines(PdfReader(path).pages[0])
    assert len(lines) > 8
    for line in lines[:-1]:
        assert line.x + line.width == pytest.approx(372, abs=0.5), line.text
    assert lines[-1].x + lines[-1].width < 372 - 1


PAD = (
    "and the regions said so in a letter to the minister at the time of the vote, "
    "which the clerk read out to the members before the committee rose for the day"
)


def _nearly_full(opening: str, style: ParagraphStyle, width: float) -> str:
    """``opening`` made into a paragraph whose last line ends a sentence short of the
    measure by less than the next paragraph's first word ("The"): by the fill of its
    line alone, a full line."""
    pad = PAD.split()
    ends = ["now", "then", "too", "once", "again", "later", "today", "at last", "in time"]
    room = pdfmetrics.stringWidth(" The", style.fontName, style.fontSize)
    for k in range(len(pad) + 1):
        for end in ends:
            text = " ".join([opening, *pad[:k], end]) + "."
            para = Paragraph(text, style)
            para.wrap(width, 10_000)
            extra = para.blPara.lines[-1][0]
            if len(para.blPara.lines) >= 3 and 1.5 < extra < room:
                return text
    raise AssertionError("no paragraph ends nearly full")  # pragma: no cover


def test_justified_paragraphs_whose_last_lines_end_nearly_full_stay_apart(
    tmp_path: Path,
) -> None:
    # No gap, no indent: only that a last line is not stretched to the measure says
    # where a paragraph ends, however close to it the line comes.
    style = ParagraphStyle(
        "body", fontName="Times-Roman", fontSize=10, leading=13, alignment=TA_JUSTIFY
    )
    openings = [
        (
            "The council set the budget for roads, rail and ports at a level that neither the"
            " treasury nor the regions had asked for"
        ),
        (
            "The opposition asked for the figures to be published within the month, with the"
            " notes the treasury had written on each of them"
        ),
        (
            "The members then turned to the second department, whose budget had grown by a"
            " fifth in two years for reasons nobody could explain"
        ),
        (
            "The chair closed the session after the vote and sent the report to the assembly,"
            " where it was read a first time"
        ),
    ]
    paragraphs = [_nearly_full(opening, style, 300) for opening in openings]
    path = tmp_path / "nearly-full.pdf"
    doc = BaseDocTemplate(str(path), pagesize=LETTER)
    frame = Frame(72, 72, 300, 640, id="body", leftPadding=0, rightPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build([Paragraph(text, style) for text in paragraphs])
    assert texts(ingest(path)) == paragraphs


def test_a_title_of_two_lines_then_a_caption_is_one_paragraph_before_the_body(
    tmp_path: Path,
) -> None:
    # A title set large wraps at a pitch as much larger than the body's; the caption
    # and its credit under it go, and the body's first paragraph does not run on from the title.
    title = "Eighth Annual Address to the Assembly of the Provinces, December 7, 1796"
    path = tmp_path / "long-title.pdf"
    doc = BaseDocTemplate(str(path), pagesize=LETTER, invariant=True)
    doc.addPageTemplates([PageTemplate("page", [Frame(72, 72, 468, 648)])])
    heading = ParagraphStyle("title", fontName=SERIF, fontSize=17, leading=21, spaceAfter=30)
    small = ParagraphStyle("small", fontName=SERIF, fontSize=8, leading=10, spaceAfter=20)
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10, leading=13, firstLineIndent=18)
    story = [
        Paragraph(escape(title), heading),
        Paragraph("The first printing of the text, as it was sold in the streets.", small),
        Paragraph("Photo: Library of Congress", small),
        *(Paragraph(escape(text), body) for text in PARAGRAPHS),
    ]
    doc.build(story)
    assert len(PdfReader(path).pages[0].extract_text().split("\n")[0]) < len(title)  # wrapped
    assert texts(ingest(path)) == [title, *PARAGRAPHS]


def test_lines_set_larger_than_the_body_are_one_block_at_their_own_pitch() -> None:
    from briefgen.ingest.blocks import PageLine
    from briefgen.ingest.clean.layout import Measures

    measures = Measures(size=10, pitch=13, full=80)
    first = PageLine("Eighth Annual Address to the Assembly,", 72, 700, 17, 300)
    second = PageLine("December 7, 1796", 72, 679, 17, 120)
    assert not measures.breaks(first, second)  # 21 pt apart: a 17 pt title's pitch
    body = PageLine("Fellow citizens of the Senate and the House,", 72, 687, 10, 240)
    below = PageLine("in recurring to the situation of the country", 72, 666, 10, 240)
    assert measures.breaks(body, below)  # 21 pt between body lines is a paragraph's gap
