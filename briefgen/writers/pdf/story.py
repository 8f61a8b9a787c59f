"""Blocks → flowables: the walk mirrors the DOCX writer's, an exhaustive ``match`` per block,
its state in one typed dataclass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, TableStyle
from typing_extensions import assert_never

from briefgen.style import Style
from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Document,
    Heading,
    Inline,
    ListItem,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Quote,
    leaves,
    outline_shift,
    runs,
    walk,
)
from briefgen.tree import Table as TableNode
from briefgen.writers.pdf.flowables import (
    TABLE_ARTIFACTS,
    KeptTable,
    RoomFor,
    RuledParagraph,
    TaggedList,
    TaggedParagraph,
    panel,
)
from briefgen.writers.pdf.fonts import Faces, faces
from briefgen.writers.pdf.furniture import page_size
from briefgen.writers.pdf.markup import MarkupContext, anchor_markup, inline_markup, outline_text
from briefgen.writers.pdf.outline import Outline
from briefgen.writers.pdf.styles import Styles, colour, make_styles
from briefgen.writers.pdf.tagging import Node, Tagger


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where a block sits: the paragraph style it takes and the width it has."""

    para: ParagraphStyle
    width: float
    parent: Node
    """The structure element the block's elements go under."""
    depth: int = 0
    """List nesting depth."""


@dataclass(slots=True)
class State:
    """Everything the walk accumulates or looks up."""

    style: Style
    styles: Styles
    body: Faces
    heading: Faces
    markup: MarkupContext
    frame_width: float
    frame_height: float
    heading_shift: int = 0
    """How many levels a heading's element stands above its printed level."""
    tagger: Tagger = field(default_factory=Tagger)
    figure: Node | None = None
    """The logo's Figure, first in the structure as it is first on the page."""
    outline: Outline = field(default_factory=Outline)
    guards: list[RoomFor] = field(default_factory=list)
    """Heading guards still waiting for the block that follows their heading."""
    variants: dict[str, ParagraphStyle] = field(default_factory=dict)
    """Derived paragraph styles (tighter in lists, italic in quotes), made once each."""
    footnotes: dict[str, list[Flowable]] = field(default_factory=dict)
    """Each footnote's flowables by its anchor, for the foot of the page that cites it
    (none when the template sets notes at the end)."""


class Story:
    """The document's flowables, the outline entries and the destinations they make."""

    def __init__(self, doc: Document, style: Style) -> None:
        self.doc = doc
        """What is drawn."""
        body = faces(style.fonts.body)
        heading = faces(style.fonts.heading)
        page_w, page_h = page_size(style)
        margins = style.page.margins_mm
        headings = [node for node, _ in walk(doc.blocks) if isinstance(node, Heading)]
        anchors = {node.anchor for node in headings}
        anchors.update(note.anchor for note in doc.notes)
        if style.notes.placement == "endnotes":
            anchors.add(doc.notes_anchor)  # the heading over them
        self.state = State(
            style=style,
            styles=make_styles(style, body, heading, doc.meta.hyphenation),
            body=body,
            heading=heading,
            markup=MarkupContext(
                link_colour=style.colours.accent,
                anchors=frozenset(anchors),
                notes=frozenset(n.number for n in doc.notes),
            ),
            frame_width=page_w - (margins.left + margins.right) * mm,
            frame_height=page_h - (margins.top + margins.bottom) * mm,
            heading_shift=outline_shift(
                doc.blocks, notes_heading=bool(doc.notes) and style.notes.placement == "endnotes"
            ),
        )
        if style.logo is not None:
            self.state.figure = self.state.tagger.root.child("Figure", alt=style.logo.alt)

    def body(self) -> list[Flowable]:
        """The flowables of the document's blocks; footnotes are kept aside, for the
        frame to set at the foot of the page (endnotes follow: see notes.py)."""
        s = self.state
        top = Ctx(para=s.styles.body, width=s.frame_width, parent=s.tagger.root)
        story: list[Flowable] = []
        footnotes = s.style.notes.placement == "footnotes"
        notes = {note.number: note for note in self.doc.notes}
        for block in self.doc.blocks:
            self.place(story, self._block(block, top), heading=isinstance(block, Heading))
            if footnotes:
                # A note's element follows the block that first cites it: a reader of
                # the structure meets it there, as a reader of the page at its foot.
                self._footnotes(_cited(block), notes)
        return story

    def _footnotes(self, numbers: list[int], notes: dict[int, Note]) -> None:
        """The footnotes ``numbers`` (each once), then those that they cite in turn."""
        s = self.state
        queue = list(numbers)
        while queue:
            note = notes.get(queue.pop(0))
            if note is None or note.anchor in s.footnotes:
                continue
            s.tagger.descriptions[note.anchor] = f"{s.style.notes.heading}, {note.number}"
            parent = s.tagger.root.child("Note", ident=note.anchor)
            ctx = Ctx(para=s.styles.note, width=s.frame_width, parent=parent)
            s.footnotes[note.anchor] = self.note(note, ctx)
            queue[0:0] = [n for block in note.children for n in _cited(block)]

    def note(self, note: Note, ctx: Ctx) -> list[Flowable]:
        """A note's flowables: its number, raised as Word sets it, then its text."""
        label = anchor_markup(note.anchor) + f"<super>{note.number}</super>\u2002"
        first, rest = (note.children[0], note.children[1:]) if note.children else (None, ())
        if isinstance(first, Para):
            text = label + inline_markup(first.children, self.state.markup)
            flows: list[Flowable] = [TaggedParagraph(text, ctx.para, struct=ctx.parent.child("P"))]
        else:
            flows = [TaggedParagraph(label, ctx.para, struct=ctx.parent.child("Lbl"))]
            rest = note.children
        flows.extend(self.blocks(rest, ctx))
        return flows

    def place(self, story: list[Flowable], flows: list[Flowable], *, heading: bool) -> None:
        """Append a top-level block, guarding headings against a page end."""
        s = self.state
        if not flows:
            return
        if heading:
            for guard in s.guards:
                guard.keep(flows)
            guard = RoomFor(flows, follow=3 * s.style.fonts.body_leading, page=s.frame_height)
            s.guards.append(guard)
            story.append(guard)
        else:
            for guard in s.guards:
                guard.then(flows[0])
            s.guards.clear()
        story.extend(flows)

    def blocks(self, blocks: Sequence[Block], ctx: Ctx) -> list[Flowable]:
        flows: list[Flowable] = []
        for block in blocks:
            flows.extend(self._block(block, ctx))
        return flows

    def _block(self, node: Block, ctx: Ctx) -> list[Flowable]:
        s = self.state
        match node:
            case Heading(level=level, anchor=anchor, children=kids):
                text = outline_text(kids)
                if node.change != "deleted":  # a redline's struck heading is no bookmark
                    self.state.outline.add(text, anchor, level)
                s.tagger.descriptions[anchor] = text
                level = min(max(level, 1), 3)
                style = s.styles.headings[level]
                markup = anchor_markup(anchor) + inline_markup(kids, s.markup)
                elem = ctx.parent.child(f"H{max(level - s.heading_shift, 1)}")
                if level == 2:  # section headings carry a thin rule, as in the DOCX
                    rule = colour(s.style.colours.table_rule)
                    return [RuledParagraph(markup, style, colour=rule, struct=elem)]
                return [TaggedParagraph(markup, style, struct=elem)]
            case Para(children=kids):
                elem = ctx.parent.child("P")
                return [TaggedParagraph(inline_markup(kids, s.markup), ctx.para, struct=elem)]
            case BulletList(items=items):
                return [self._list(items, ctx, start=None)] if items else []
            case OrderedList(items=items, start=start):
                return [self._list(items, ctx, start=start)] if items else []
            case TableNode(header=header, rows=rows):
                return [self._table(node, ctx)] if header or rows else []
            case Quote(children=kids):
                return [self._quote(kids, ctx)] if kids else []
            case Box(kind=kind, children=kids):
                return self._box(kind, kids, ctx)
            case _:
                assert_never(node)

    def _variant(self, para: ParagraphStyle, suffix: str, **changes: Any) -> ParagraphStyle:
        """``para`` with some changes: list items are tighter, quotes italic."""
        variants = self.state.variants
        name = f"{para.name}-{suffix}"
        found = variants.get(name)
        if found is None:
            found = variants[name] = ParagraphStyle(name, parent=para, **changes)
        return found

    def _list(self, items: tuple[ListItem, ...], ctx: Ctx, *, start: int | None) -> Flowable:
        s = self.state
        para = self._variant(ctx.para, "tight", spaceAfter=ctx.para.spaceAfter / 2)
        ordered = start is not None
        # The DOCX's geometry (Writer.hanging): the number or bullet at the list's left
        # edge, the text one hanging indent in.
        indent = max(13.0, para.fontSize * 1.5)
        listed = ctx.parent.child("L")
        contents: list[list[Flowable]] = []
        labels: list[Node] = []
        for item in items:
            node = listed.child("LI")
            labels.append(node.child("Lbl"))
            inner = replace(
                ctx, para=para, width=ctx.width - indent, depth=ctx.depth + 1,
                parent=node.child("LBody"),
            )  # fmt: skip
            flows = self.blocks(item.children, inner)
            contents.append(flows or [TaggedParagraph("", para)])
        accent = colour(s.style.colours.accent)
        common: dict[str, Any] = {
            "leftIndent": indent,
            "bulletFontSize": para.fontSize,
            "bulletColor": accent,
            "spaceAfter": ctx.para.spaceAfter,
        }
        if ordered:
            return TaggedList(
                contents,
                labels=labels,
                start=start,
                bulletType="1",
                bulletFormat="%s.",
                bulletFontName=s.heading.bold,
                bulletAlign="left",
                bulletDedent=indent,
                **common,
            )
        return TaggedList(
            contents,
            labels=labels,
            start="\u2022" if ctx.depth % 2 == 0 else "\u2013",
            bulletType="bullet",
            bulletFontName=s.heading.bold,  # as the DOCX's marker run
            bulletAlign="left",
            bulletDedent=indent,
            **common,
        )

    def _table(self, node: TableNode, ctx: Ctx) -> Flowable:
        s = self.state
        st = s.styles
        ncols = node.columns
        rows = [_pad(node.header, ncols), *(_pad(row, ncols) for row in node.rows)]
        table_node = ctx.parent.child("Table")
        head = table_node.child("THead").child("TR")
        data: list[list[Flowable]] = [
            [
                TaggedParagraph(
                    inline_markup(cell, s.markup),
                    st.head_cell,
                    struct=head.child("TH", scope="Column"),
                )
                for cell in rows[0]
            ]
        ]
        body = table_node.child("TBody")
        for row in rows[1:]:
            tr = body.child("TR")
            data.append(
                [
                    TaggedParagraph(inline_markup(cell, s.markup), st.cell, struct=tr.child("TD"))
                    for cell in row
                ]
            )
        c = s.style.colours
        table = KeptTable(
            data,
            keep=2,
            page=s.frame_height,
            colWidths=list(node.column_widths(ctx.width, 3)),
            repeatRows=1,
            hAlign="LEFT",
            splitInRow=1,
            renderCB=TABLE_ARTIFACTS,
            style=TableStyle(
                [
                    # Cells hold Paragraphs, but the table still sets a font per cell;
                    # its default is Helvetica, which would land in the file unembedded.
                    ("FONTNAME", (0, 0), (-1, -1), s.body.regular),
                    ("BACKGROUND", (0, 0), (-1, 0), colour(c.table_header_fill)),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.5, colour(c.table_rule)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
                ]
            ),
        )
        table.spaceBefore = 3
        table.spaceAfter = round(s.style.fonts.body_leading * 0.7, 2)
        return table

    def _quote(self, kids: tuple[Block, ...], ctx: Ctx) -> Flowable:
        s = self.state
        rule, pad = 2.0, 10.0
        outer = ctx.width - 6
        family, bold, _ = ps2tt(ctx.para.fontName)
        para = self._variant(ctx.para, "quote", fontName=tt2ps(family, bold, 1))
        inner = replace(
            ctx, para=para, width=outer - rule / 2 - pad, parent=ctx.parent.child("BlockQuote")
        )
        quote = panel(
            self.blocks(kids, inner),
            outer,
            fill=None,
            rule=s.style.colours.accent,
            rule_width=rule,
            padding=(pad, 0, 1, 1),
            font=s.body.regular,
        )
        quote.spaceBefore = 2
        quote.spaceAfter = ctx.para.spaceAfter + 2
        return quote

    def _box(self, kind: str, kids: tuple[Block, ...], ctx: Ctx) -> list[Flowable]:
        s = self.state
        box = s.style.boxes.get(kind)
        para = s.styles.boxes.get(kind)
        if box is None or para is None:  # compose validates kinds; still, print the text
            return self.blocks(kids, ctx)
        framed = box.fill is not None or box.rule is not None
        rule = 3.0 if box.rule is not None else 0.0
        pad = box.padding if framed else 0.0
        inner = replace(
            ctx, para=para, width=ctx.width - rule / 2 - 2 * pad, parent=ctx.parent.child("Div")
        )
        flows = self.blocks(kids, inner)
        if not flows:
            return []
        if framed:
            boxed = panel(
                flows,
                ctx.width,
                fill=box.fill,
                rule=box.rule,
                rule_width=rule,
                padding=(pad, pad, pad, pad),
                font=s.body.regular,
            )
            boxed.spaceBefore = box.space_before
            boxed.spaceAfter = box.space_after
            return [boxed]
        flows[0].spaceBefore = box.space_before
        flows[-1].spaceAfter = box.space_after
        return flows


def _pad(cells: tuple[tuple[Inline, ...], ...], n: int) -> list[tuple[Inline, ...]]:
    return [*cells, *([()] * (n - len(cells)))]


def _cited(block: Block) -> list[int]:
    """The numbers of the notes ``block`` cites, in reading order, once each."""
    numbers: list[int] = []
    for node, _ in walk((block,)):
        for inlines in runs(node):
            for leaf in leaves(inlines):
                if isinstance(leaf, NoteRef) and leaf.number not in numbers:
                    numbers.append(leaf.number)
    return numbers
