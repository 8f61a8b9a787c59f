"""The PDF writer, read back with pypdf and pikepdf (qpdf): text, outline, links, fonts."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import pikepdf
import pytest
from pypdf import PdfReader
from sample_doc import default_style, sample_document, t

from briefgen.style import NotesStyle, Style
from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Meta,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Quote,
    Strong,
    Table,
    Text,
)
from briefgen.writers.pdf import render_pdf
from briefgen.writers.pdf.markup import MarkupContext, inline_markup

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}

# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def style() -> Style:
    return default_style()


@pytest.fixture(scope="module")
def sample_pdf(style: Style) -> bytes:
    return render_pdf(sample_document(), style)


def squash(text: str) -> str:
    return " ".join(text.split())


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in reader(data).pages]


def all_text(data: bytes) -> str:
    return " ".join(page_texts(data))


def runs(inlines: tuple[Inline, ...]) -> Iterator[str]:
    """Visible text of some inlines, cut at note numbers and line breaks.

    A superscript or a line break may come out of text extraction with or without a
    space beside it, so each run is looked for on its own.
    """
    current: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            current.append(node.text)
        elif isinstance(node, Emph | Strong | Link):
            current.extend(runs(node.children))
        else:
            yield "".join(current)
            current = [str(node.number)] if isinstance(node, NoteRef) else []
    yield "".join(current)


def block_pieces(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Every run of text of some blocks, in reading order."""
    for block in blocks:
        if isinstance(block, Heading | Para):
            yield from runs(block.children)
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                yield from block_pieces(item.children)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from runs(cell)
        else:
            yield from block_pieces(block.children)


def missing_in_order(text: str, pieces: list[str]) -> list[str]:
    wrong: list[str] = []
    at = 0
    for piece in (squash(p) for p in pieces):
        found = text.find(piece, at)
        if found < 0:
            wrong.append(piece)
        else:
            at = found + len(piece)
    return wrong


def outline_entries(data: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline entry, in order."""
    pdf = reader(data)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = pdf.get_destination_page_number(item)
                found.append((depth, str(item.title), -1 if page is None else page))

    walk(pdf.outline, 0)
    return found


def link_annots(data: bytes) -> list[tuple[int, Any]]:
    pdf = reader(data)
    return [
        (number, annot.get_object())
        for number, page in enumerate(pdf.pages)
        for annot in page.get("/Annots", [])
    ]


def filled_rects(page: pikepdf.Page) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    """(fill colour, rectangle) of every rectangle the page fills, from its content stream."""
    fill: tuple[float, ...] = (0.0, 0.0, 0.0)
    stack: list[tuple[float, ...]] = []
    pending: list[tuple[float, ...]] = []
    found: list[tuple[tuple[float, ...], tuple[float, ...]]] = []
    for instruction in pikepdf.parse_content_stream(page):
        operands: Any = instruction.operands
        op = str(instruction.operator)
        if op == "q":
            stack.append(fill)
        elif op == "Q":
            fill = stack.pop()
        elif op == "rg":
            fill = tuple(round(float(v), 3) for v in operands)
        elif op == "re":
            pending.append(tuple(float(v) for v in operands))
        elif op in ("f", "f*"):
            found.extend((fill, rect) for rect in pending)
            pending = []
        elif op == "n":
            pending = []
    return found


def trailer(data: bytes) -> Any:
    return reader(data).trailer


def qpdf_problems(data: bytes) -> list[str]:
    """qpdf's structural check (``check()`` before pikepdf 10, ``check_pdf_syntax()`` since)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        handle: Any = pdf
        check = getattr(handle, "check_pdf_syntax", None) or handle.check
        problems: list[str] = check()
    return problems


def rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i : i + 2], 16) / 255, 3) for i in (1, 3, 5))


def text_width(style: Style) -> float:
    page_width = {"A4": 595.2756, "letter": 612.0}[style.page.size]
    margins = style.page.margins_mm
    return page_width - (margins.left + margins.right) * 72 / 25.4


# --------------------------------------------------------------------------- text


def test_every_block_prints_in_order(sample_pdf: bytes) -> None:
    doc = sample_document()
    text = all_text(sample_pdf)
    pieces = [p for p in block_pieces(doc.blocks) if p.strip()]
    # The kicker box is set in capitals (a style, not a change of text).
    assert missing_in_order(text.casefold(), [p.casefold() for p in pieces]) == []
    assert text.startswith("Policy brief OFFICIAL POLICY BRIEF " + doc.meta.title)


def test_text_is_literal_and_scripts_show(sample_pdf: bytes) -> None:
    text = all_text(sample_pdf)
    assert "AT&T <b> *x* {{ y }} prints literally." in text
    assert "Заголовок на русском и ελληνικά." in text
    assert "POLICY BRIEF" in text


def test_notes_are_footnotes_under_the_text_of_their_page(sample_pdf: bytes) -> None:
    (page,) = page_texts(sample_pdf)
    body_end = page.index("Заголовок на русском")
    assert page.index("1 Deyermond, ¶17. 2 Deyermond, ¶9; Politico. Page 1 of 1") > body_end
    assert "Notes" not in page  # footnotes stand under a rule, not a heading


def test_a_template_may_set_the_notes_at_the_end_under_a_heading(style: Style) -> None:
    endnotes = style.model_copy(update={"notes": NotesStyle(placement="endnotes")})
    data = render_pdf(sample_document(), endnotes)
    text = all_text(data)
    body_end = text.index("Заголовок на русском")
    assert text.index("Notes 1 Deyermond, ¶17. 2 Deyermond, ¶9; Politico.") > body_end
    assert outline_entries(data)[-1] == (1, "Notes", 0)  # a section of its own


def test_page_x_of_y(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    assert len(pages) == 1
    assert pages[0].endswith("Page 1 of 1")


def test_markup_in_text_cannot_break_the_paragraph(style: Style) -> None:
    nasty = "ctl\x00\x0b\x1bok </para> &amp; <font name='x'> <br/> &#65; ]]>"
    doc = Document(
        Meta(title="Nasty"),
        (Para((Text(nasty), LineBreak(), Text("next line"))), Heading(2, "h", t("<i>not</i>"))),
    )
    text = all_text(render_pdf(doc, style))
    assert "ctlok </para> &amp; <font name='x'> <br/> &#65; ]]> next line <i>not</i>" in text


# --------------------------------------------------------------------------- structure


def test_outline_follows_the_headings(sample_pdf: bytes) -> None:
    assert outline_entries(sample_pdf) == [
        (0, "No reset without a reset inside Russia", 0),
        (1, "Thesis", 0),
        (1, "Evidence", 0),
        (1, "Counterpoints", 0),
        (1, "Recommendations", 0),
    ]  # footnotes have no heading
    assert trailer(sample_pdf)["/Root"]["/PageMode"] == "/UseOutlines"


def test_outline_levels_never_skip(style: Style) -> None:
    doc = Document(
        Meta(title="x"),
        (Heading(3, "a", t("A")), Heading(2, "b", t("B")), Heading(3, "c", t("C"))),
    )
    assert [(d, title) for d, title, _ in outline_entries(render_pdf(doc, style))] == [
        (0, "A"),
        (0, "B"),
        (1, "C"),
    ]


def test_anchors_are_named_destinations(sample_pdf: bytes) -> None:
    names = reader(sample_pdf).named_destinations
    expected = {"no-reset", "thesis", "evidence", "counterpoints", "recommendations"}
    assert expected | {"note-1", "note-2"} <= set(names)


def test_links_external_and_internal(style: Style) -> None:
    base = sample_document()
    extra = Para(
        (
            Link("#counterpoints", t("see the counterpoints")),
            Text(" "),
            Link("#no-such-anchor", t("dead")),
            Text(" "),
            Link("javascript:alert(1)", t("script")),
            Text(" "),
            Link("mailto:desk@example.org?subject=a&b", t("mail")),
        )
    )
    data = render_pdf(replace(base, blocks=(*base.blocks, extra)), style)
    annots = link_annots(data)
    uris = {a["/A"]["/URI"] for _, a in annots if "/A" in a}
    assert uris == {
        "https://www.themoscowtimes.com/author/ruth-deyermond",
        "https://www.politico.com/",
        "mailto:desk@example.org?subject=a&b",
    }
    pdf = reader(data)
    dests = [pdf.get_destination_page_number(pdf.named_destinations["counterpoints"])]
    internal = [a for _, a in annots if "/Dest" in a]
    # two note references and the link to the counterpoints; the dead link is plain text
    assert len(internal) == 3
    assert "see the counterpoints dead script mail" in all_text(data)
    assert dests == [0]


def test_note_links_land_on_the_page_that_cites_them(style: Style) -> None:
    for placement in ("footnotes", "endnotes"):
        data = render_pdf(
            long_document(), style.model_copy(update={"notes": NotesStyle(placement=placement)})
        )
        pdf = reader(data)
        refs: list[Any] = [page.indirect_reference for page in pdf.pages]
        pages = {ref.idnum: n for n, ref in enumerate(refs)}
        notes_page = pdf.get_destination_page_number(pdf.named_destinations["note-1"])
        # footnotes: the page of their references (page 1); endnotes: the last page
        assert notes_page == (0 if placement == "footnotes" else len(pdf.pages) - 1)
        targets = [pages[a["/Dest"][0].idnum] for _, a in link_annots(data) if "/Dest" in a]
        assert targets.count(notes_page) == 2  # both note references, from page 1
        heading_pages = {title: page for _, title, page in outline_entries(data)}
        assert heading_pages["A long word"] > 0


# --------------------------------------------------------------------------- fonts, qpdf


def test_every_font_is_embedded_and_none_is_standard(style: Style) -> None:
    data = render_pdf(long_document(), style)
    seen: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                base = str(font.BaseFont).lstrip("/")
                seen.add(base.split("+")[-1])
                assert base not in STANDARD_14
                assert font.Subtype == "/TrueType", base
                assert "/FontFile2" in font.FontDescriptor, base
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Bold"} <= seen


def test_qpdf_finds_no_problem(sample_pdf: bytes, style: Style) -> None:
    for data in (sample_pdf, render_pdf(long_document(), style)):
        assert qpdf_problems(data) == []


# --------------------------------------------------------------------------- metadata


def test_metadata(sample_pdf: bytes) -> None:
    pdf = reader(sample_pdf)
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == "No reset without a reset inside Russia"
    assert meta.author == "Russia and Eurasia desk"
    assert meta.subject == (
        "Ruth Deyermond, The Moscow Times: why a US reset with Russia is impossible"
    )
    assert meta.get("/Keywords") == "Russia, United States, arms control"
    assert meta.creator == "briefgen"
    assert meta.producer == "briefgen (ReportLab)"
    created = datetime(2026, 11, 25, tzinfo=timezone.utc)
    assert meta.creation_date == created
    assert meta.modification_date == created
    assert trailer(sample_pdf)["/Root"]["/Lang"] == "en"


def test_same_input_same_bytes(sample_pdf: bytes, style: Style) -> None:
    again = render_pdf(sample_document(), style)
    assert again == sample_pdf
    ids = trailer(again)["/ID"]
    other = trailer(render_pdf(sample_document(title="Another brief"), style))["/ID"]
    assert ids[0] == ids[1]
    assert other[0] != ids[0]


def test_created_time_zone_is_normalised_to_utc(style: Style) -> None:
    doc = Document(Meta(title="x", created="2026-01-02T03:04:05+01:00"), (Para(t("p")),))
    meta = reader(render_pdf(doc, style)).metadata
    assert meta is not None
    assert meta.creation_date == datetime(2026, 1, 2, 2, 4, 5, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- look


def test_table_spans_the_text_width_and_boxes_are_shaded(sample_pdf: bytes, style: Style) -> None:
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        rects = filled_rects(pdf.pages[0])
    header = [r for fill, r in rects if fill == rgb(style.colours.table_header_fill)]
    assert [round(r[2], 2) for r in header] == [round(text_width(style), 2)]
    callout = style.boxes["callout"]
    assert callout.fill is not None
    assert any(fill == rgb(callout.fill) for fill, _ in rects)


def test_letter_paper(style: Style) -> None:
    letter = style.model_copy(update={"page": style.page.model_copy(update={"size": "letter"})})
    data = render_pdf(sample_document(), letter)
    box = reader(data).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)


# --------------------------------------------------------------------------- long content


def long_document() -> Document:
    """Two notes, a 40-row table of long cells, a 600-character word, a long callout."""
    base = sample_document()
    filler = "and the essay replies at some length here "
    rows = tuple(
        (t(f"Row {i} point " + "that goes on " * 4), t(f"Reply {i} " + filler * 5))
        for i in range(40)
    )
    blocks = (
        *base.blocks,
        Heading(2, "long-table", t("A long table")),
        Table(header=(t("Point"), t("Reply")), rows=rows),
        Heading(2, "long-word", t("A long word")),
        Para(t("y" * 600)),
        Box("callout", tuple(Para(t(f"Callout {i} " + filler * 12)) for i in range(10))),
    )
    return replace(base, blocks=blocks)


def test_long_table_long_word_long_box_lay_out(style: Style) -> None:
    data = render_pdf(long_document(), style)
    pages = page_texts(data)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"Page {number} of {len(pages)}")
    with_rows = [text for text in pages if re.search(r"Row \d+ point", text)]
    assert len(with_rows) >= 2
    assert all("Point Reply" in text for text in with_rows)  # the header row repeats
    joined = "".join(" ".join(pages).split())
    assert "y" * 600 in joined
    assert missing_in_order(" ".join(pages), [f"Reply {i} " for i in range(40)]) == []


@pytest.mark.parametrize("filler", range(30, 38))
def test_no_heading_is_left_at_a_page_end(style: Style, filler: int) -> None:
    text = "A paragraph of body text that fills one line or so of the page. "
    blocks: list[Block] = [Heading(1, "title", t("Title"))]
    blocks += [Para(t(f"Filler {i}. {text}")) for i in range(filler)]
    blocks += [Heading(2, "target", t("Target heading")), Para(t("Following text. " * 30))]
    pages = page_texts(render_pdf(Document(Meta(title="x"), tuple(blocks)), style))
    page = next(p for p in pages if "Target heading" in p)
    after = page.split("Target heading", 1)[1]
    assert after.split("Page ")[0].strip().startswith("Following text.")


def test_odd_trees_lay_out(style: Style) -> None:
    doc = Document(
        Meta(title="", language=""),
        (
            BulletList((ListItem(()),)),
            OrderedList(()),
            OrderedList((ListItem((Para(t("ten")),)),), start=10),
            Table((), ()),
            Table((t("one"),), ((t("a"), t("b"), t("c")), ())),
            Quote(()),
            Box("callout", ()),
            Box("no-such-kind", (Para(t("plain text")),)),
            Para(()),
            Para((Text("x"), NoteRef(9))),
            BulletList((ListItem((Box("callout", (Para(t("boxed")),)), Quote((Para(t("q")),)))),)),
            Para(t("中文 😀 and zero\u200bwidth")),
        ),
        (Note(1, (BulletList((ListItem((Para(t("listed note")),)),)),)),),
    )
    data = render_pdf(doc, style)
    text = all_text(data)
    assert missing_in_order(text, ["10.", "ten", "one", "a b c", "plain text", "boxed", "q"]) == []
    assert qpdf_problems(data) == []
    empty = render_pdf(Document(Meta(title=""), ()), style)
    assert len(reader(empty).pages) == 1


# --------------------------------------------------------------------------- markup

CTX = MarkupContext(
    link_colour="#1f3a5f", anchors=frozenset({"evidence", "note-1"}), notes=frozenset({1})
)


@pytest.mark.parametrize(
    ("inlines", "markup"),
    [
        ((Text("AT&T <b> </para>"),), "AT&amp;T &lt;b&gt; &lt;/para&gt;"),
        ((Text("a\x00b\x0bc\x1bd\ufffe"),), "abcd"),
        ((Emph(t("e")), Strong(t("s"))), "<i>e</i><b>s</b>"),
        ((Text("a"), LineBreak(), Text("b")), "a<br/>b"),
        ((NoteRef(1),), '<a href="#note-1" color="#1f3a5f"><super>1</super></a>'),
        ((NoteRef(2),), "<super>2</super>"),
        ((Link("#evidence", t("ev")),), '<a href="#evidence" color="#1f3a5f">ev</a>'),
        ((Link("#nowhere", t("no")),), "no"),
        ((Link("javascript:x()", t("js")),), "js"),
        (
            (Link('https://x.org/?a=1&b="2"', t("q")),),
            '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;" color="#1f3a5f" underline="1">q</a>',
        ),
    ],
)
def test_inline_markup(inlines: tuple[Inline, ...], markup: str) -> None:
    assert inline_markup(inlines, CTX) == markup
