"""The floor for bench/render.py: the sample brief built by hand, without briefgen.

This is what a competent developer would write for one kind of brief with python-docx and
reportlab directly: no schema, no grounding of quotes in the essay, no template language,
no Markdown, no document tree.  It reads brief.yaml with ``yaml.safe_load`` and lays out
the same sections: kicker, title, subtitle, meta line, a shaded bottom line, the argument
with its quote, numbered evidence, the counterpoints table, numbered recommendations,
keywords and the notes as a plain numbered list at the end.

    .venv/bin/python bench/plain_script.py [BRIEF] [--out FOLDER]

It must not import briefgen: it finds the Noto fonts by path (briefgen/fonts).
"""

from __future__ import annotations

import argparse
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ListFlowable,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
FONTS = ROOT / "briefgen" / "fonts"

ACCENT = "1f3a5f"
MUTED = "5b6472"
MARKING = "a4262c"
FILL = "e9eff6"


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True)
class Note:
    number: int
    text: str


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def notes(data: dict[str, Any]) -> list[Note]:
    """Source first, then the thesis, then one per evidence item: the order they are cited."""
    source, summary = data["source"], data["summary"]
    author = source["author"]
    texts = [f"{author}, {source['publisher']}: {source['url']}."]
    texts.append(f"{author}, ¶{summary['thesis']['paragraph']}.")
    texts += [f"{author}, ¶{e['paragraph']}." for e in summary["evidence"]]
    return [Note(n, text) for n, text in enumerate(texts, start=1)]


def meta_line(data: dict[str, Any]) -> str:
    b = data["brief"]
    day = b["date"]
    return (
        f"{day.day} {day:%B %Y} · Prepared for: {b['prepared_for']}"
        f" · Prepared by: {b['prepared_by']}"
    )


def curly(text: str) -> str:
    return "“" + text.strip().replace('"', "'").replace("'", "’") + "”"


# --------------------------------------------------------------------------- DOCX


def build_docx(data: dict[str, Any]) -> bytes:
    b, source, summary = data["brief"], data["source"], data["summary"]
    note_list = notes(data)
    word = docx.Document()
    _docx_page(word, b["marking"])
    normal = word.styles["Normal"]
    normal.font.name = "Noto Serif"
    normal.font.size = Pt(9.5)

    _docx_text(word, "POLICY BRIEF", size=8, bold=True, colour=MARKING)
    word.add_heading(b["title"], level=1)
    _docx_text(word, b["subtitle"], size=11.5, colour=MUTED)
    _docx_text(word, meta_line(data), size=8, colour=MUTED)
    source_line = word.add_paragraph(f"Source: {source['author']}, {source['publisher']}.")
    _docx_mark(source_line, 1)

    bottom = word.add_paragraph()
    bottom.add_run("Bottom line. ").bold = True
    bottom.add_run(summary["bottom_line"])
    _docx_shade(bottom, FILL)

    word.add_heading("The argument", level=2)
    word.add_paragraph(summary["thesis"]["statement"])
    quote = word.add_paragraph(curly(summary["thesis"]["quote"]), style="Quote")
    _docx_mark(quote, 2)

    word.add_heading("Evidence", level=2)
    for i, e in enumerate(summary["evidence"], start=3):
        p = word.add_paragraph(style="List Number")
        p.add_run(e["claim"] + " ").bold = True
        p.add_run(curly(e["quote"]))
        _docx_mark(p, i)

    word.add_heading("Counterpoints and the essay’s response", level=2)
    _docx_table(word, summary["counterpoints"])

    word.add_heading("Recommendations", level=2)
    restart = _docx_restart_numbering(word)
    for r in summary["recommendations"]:
        p = word.add_paragraph(style="List Number")
        _docx_number(p, restart)
        p.add_run(r["action"] + " ").bold = True
        p.add_run(r["rationale"])
        word.add_paragraph(
            f"Who: {r['actor']} · When: {r['timeframe']} · Priority: {r['priority']}",
            style="List Continue",
        )

    word.add_paragraph("Keywords: " + "; ".join(summary["keywords"]))
    word.add_heading("Notes", level=2)
    for note in note_list:
        _docx_text(word, f"{note.number}. {note.text}", size=7.5)

    core = word.core_properties
    core.title, core.author = b["title"], b["prepared_by"]
    core.keywords = ", ".join(summary["keywords"])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_page(word: Any, marking: str) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.left_margin = section.right_margin = Mm(21)
    header = section.header.paragraphs[0]
    header.text = f"Policy brief\t\t{marking}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _docx_field(footer, "PAGE")


def _docx_text(
    word: Any, text: str, *, size: float, bold: bool = False, colour: str | None = None
) -> None:
    run = word.add_paragraph().add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.upper())


def _docx_mark(paragraph: Any, number: int) -> None:
    """A superscript note number, pointing at the numbered notes at the end."""
    paragraph.add_run(str(number)).font.superscript = True


def _docx_shade(paragraph: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    paragraph._p.get_or_add_pPr().append(shd)


def _docx_field(paragraph: Any, instruction: str) -> None:
    run = paragraph.add_run()._r
    for kind in ("begin", None, "end"):
        if kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run.append(text)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)


def _docx_table(word: Any, counterpoints: list[dict[str, Any]]) -> None:
    table = word.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    head = table.rows[0].cells
    for cell, text in zip(head, ("Counterpoint", "The essay’s response"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for c in counterpoints:
        row = table.add_row().cells
        row[0].text = c["point"]
        row[1].text = f"{c['response']} (¶{c['paragraph']})"


def _docx_restart_numbering(word: Any) -> int:
    """A new w:num over List Number's list, starting at 1 again; returns its id.

    python-docx has no API for this: without it the second list would go on from 8.
    """
    numbering = word.part.numbering_part.element
    style_num = word.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    return int(num.numId)


def _docx_number(paragraph: Any, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


# --------------------------------------------------------------------------- PDF

_REGISTERED: set[str] = set()


def register_fonts() -> None:
    """Register the Noto faces with reportlab, once per process."""
    for family in ("NotoSerif", "NotoSans"):
        if family in _REGISTERED:
            continue
        faces = {f: f"{family}-{f}" for f in ("Regular", "Bold", "Italic", "BoldItalic")}
        for name in faces.values():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
        pdfmetrics.registerFontFamily(
            faces["Regular"],
            normal=faces["Regular"],
            bold=faces["Bold"],
            italic=faces["Italic"],
            boldItalic=faces["BoldItalic"],
        )
        _REGISTERED.add(family)


def _pdf_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName="NotoSerif-Regular", fontSize=9.5, leading=13.5, spaceAfter=6
    )
    sans = ParagraphStyle("sans", parent=body, fontName="NotoSans-Regular")
    accent, muted = colors.HexColor("#" + ACCENT), colors.HexColor("#" + MUTED)
    return {
        "body": body,
        "kicker": ParagraphStyle(
            "kicker",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=8,
            textColor=colors.HexColor("#" + MARKING),
        ),
        "h1": ParagraphStyle(
            "h1", parent=sans, fontName="NotoSans-Bold", fontSize=20, leading=25, textColor=accent
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=sans,
            fontName="NotoSans-Bold",
            fontSize=11.5,
            leading=14.5,
            spaceBefore=12,
            spaceAfter=4,
            textColor=accent,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=sans, fontSize=11.5, leading=15, textColor=muted
        ),
        "meta": ParagraphStyle("meta", parent=sans, fontSize=8, leading=11, textColor=muted),
        "callout": ParagraphStyle(
            "callout",
            parent=sans,
            fontSize=10,
            leading=14.5,
            backColor=colors.HexColor("#" + FILL),
            borderPadding=9,
            leftIndent=9,
            rightIndent=9,
            spaceBefore=11,
            spaceAfter=19,
        ),
        "quote": ParagraphStyle(
            "quote", parent=body, fontName="NotoSerif-Italic", leftIndent=14, rightIndent=14
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12.5, spaceAfter=0),
        "head": ParagraphStyle(
            "head",
            parent=body,
            fontName="NotoSans-Bold",
            fontSize=9,
            leading=12.5,
            spaceAfter=0,
            textColor=colors.white,
        ),
        "note": ParagraphStyle("note", parent=body, fontSize=7.5, leading=10, spaceAfter=2),
    }


def _sup(number: int) -> str:
    return f"<super>{number}</super>"


def build_pdf(data: dict[str, Any]) -> bytes:
    register_fonts()
    b, source, summary = data["brief"], data["source"], data["summary"]
    st = _pdf_styles()
    story: list[Any] = [
        Paragraph("POLICY BRIEF", st["kicker"]),
        Paragraph(escape(b["title"]), st["h1"]),
        Paragraph(escape(b["subtitle"]), st["subtitle"]),
        Paragraph(escape(meta_line(data)), st["meta"]),
        Paragraph(
            f"Source: {escape(source['author'])}, <i>{escape(source['publisher'])}</i>.{_sup(1)}",
            st["meta"],
        ),
        Paragraph(f"<b>Bottom line.</b> {escape(summary['bottom_line'])}", st["callout"]),
        Paragraph("The argument", st["h2"]),
        Paragraph(escape(summary["thesis"]["statement"]), st["body"]),
        Paragraph(escape(curly(summary["thesis"]["quote"])) + _sup(2), st["quote"]),
        Paragraph("Evidence", st["h2"]),
        _pdf_list(
            f"<b>{escape(e['claim'])}</b> {escape(curly(e['quote']))}{_sup(i)}"
            for i, e in enumerate(summary["evidence"], start=3)
        ),
        Paragraph("Counterpoints and the essay’s response", st["h2"]),
        _pdf_table(summary["counterpoints"], st),
        Paragraph("Recommendations", st["h2"]),
        _pdf_list(
            f"<b>{escape(r['action'])}</b> {escape(r['rationale'])}<br/>"
            f"<i>Who:</i> {escape(r['actor'])} · <i>When:</i> {escape(r['timeframe'])}"
            f" · <i>Priority:</i> {escape(r['priority'])}"
            for r in summary["recommendations"]
        ),
        Paragraph("Keywords: " + escape("; ".join(summary["keywords"])), st["meta"]),
        Paragraph("Notes", st["h2"]),
    ]
    story += [Paragraph(f"{n.number}. {escape(n.text)}", st["note"]) for n in notes(data)]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        leftMargin=21 * mm,
        rightMargin=21 * mm,
        title=b["title"],
        author=b["prepared_by"],
    )

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        _pdf_decorate(canvas, doc, b["marking"])

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def _pdf_list(items: Any) -> ListFlowable:
    body = ParagraphStyle(
        "item", fontName="NotoSerif-Regular", fontSize=9.5, leading=13.5, spaceAfter=3
    )
    return ListFlowable(
        [Paragraph(markup, body) for markup in items],
        bulletType="1",
        bulletFormat="%s.",
        bulletFontName="NotoSans-Bold",
        bulletFontSize=9.5,
        leftIndent=18,
        spaceAfter=6,
    )


def _pdf_table(counterpoints: list[dict[str, Any]], st: dict[str, ParagraphStyle]) -> Table:
    rows = [[Paragraph("Counterpoint", st["head"]), Paragraph("The essay’s response", st["head"])]]
    rows += [
        [
            Paragraph(escape(c["point"]), st["cell"]),
            Paragraph(f"{escape(c['response'])} (¶{c['paragraph']})", st["cell"]),
        ]
        for c in counterpoints
    ]
    width = A4[0] - 42 * mm
    table = Table(rows, colWidths=[width * 0.45, width * 0.55], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#" + ACCENT)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor("#c5cedb")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _pdf_decorate(canvas: Canvas, doc: BaseDocTemplate, marking: str) -> None:
    """Header (title line and marking) and footer (page number) on every page."""
    width, height = A4
    canvas.saveState()
    canvas.setFont("NotoSans-Regular", 7.5)
    canvas.setFillColor(colors.HexColor("#" + MUTED))
    canvas.drawString(21 * mm, height - 12 * mm, "Policy brief")
    canvas.drawRightString(width - 21 * mm, 8 * mm, f"Page {doc.page}")
    canvas.setFillColor(colors.HexColor("#" + MARKING))
    canvas.drawRightString(width - 21 * mm, height - 12 * mm, marking)
    canvas.restoreState()


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("brief", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--out", type=Path, default=Path("out-plain"))
    args = parser.parse_args()
    data = load(args.brief)
    args.out.mkdir(exist_ok=True)
    stem = args.brief.resolve().parent.name
    (args.out / f"{stem}.docx").write_bytes(build_docx(data))
    (args.out / f"{stem}.pdf").write_bytes(build_pdf(data))
    print(f"wrote {args.out / stem}.docx and .pdf")


if __name__ == "__main__":
    main()
