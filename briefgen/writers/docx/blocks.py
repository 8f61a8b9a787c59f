"""Blocks → WordprocessingML: one exhaustive ``match`` per block, as pandoc's
``blockToOpenXML``; paragraphs take a pending list number or note mark.
"""

from __future__ import annotations

from dataclasses import replace

from docx.oxml.ns import qn
from typing_extensions import assert_never

from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Heading,
    Inline,
    ListItem,
    OrderedList,
    Para,
    Quote,
    Table,
)
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.inlines import inlines
from briefgen.writers.docx.oxml.element import Element
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps
from briefgen.writers.docx.state import Context, Writer
from briefgen.writers.docx.styles import (
    CELL_PADDING,
    HEADINGS,
    LIST_BULLET,
    LIST_CONTINUE,
    LIST_NUMBER,
    LIST_STEP,
    NORMAL,
    NOTE_REF,
    QUOTE,
    QUOTE_INDENT,
    TABLE_HEADING,
    TABLE_TEXT,
)


def block(w: Writer, node: Block, ctx: Context) -> None:
    if isinstance(node, (Heading, Para)) and node.change:
        ctx = replace(ctx, change=node.change)
    match node:
        case Heading(level=level, anchor=anchor, children=kids):
            heading(w, level, anchor, kids, ctx)
        case Para(children=kids):
            para(w, kids, ctx)
        case BulletList(items=items):
            list_(w, items, ctx, numbered=False, start=1)
        case OrderedList(items=items, start=start):
            list_(w, items, ctx, numbered=True, start=start)
        case Table():
            table(w, node, ctx)
        case Quote(children=kids):
            indent = (ctx.indent or 0) + QUOTE_INDENT
            inner = replace(ctx, para_style=QUOTE, indent=indent, italic=True)
            for child in kids:
                block(w, child, inner)
        case Box(kind=kind, children=kids):
            box(w, kind, kids, ctx)
        case _:
            assert_never(node)


def paragraph(w: Writer, props: ParaProps, ctx: Context) -> Element:
    """A new paragraph in ctx's container, taking a pending list number or note mark."""
    if w.state.pending_number is not None:
        style_id, num_id, level = w.state.pending_number
        w.state.pending_number = None
        props = replace(props, style=style_id, num=(num_id, level), left=None)
    if w.state.after_table:
        w.state.after_table = False
        gap = w.style.fonts.body_leading * 0.6
        if props.style not in HEADINGS.values() and (props.before or 0) < gap:
            props = replace(props, before=gap)
    p = ox.paragraph(props)
    if w.state.pending_note_mark:
        w.state.pending_note_mark = False
        p.append(ox.footnote_mark(NOTE_REF, w.note_kind))
        p.append(ox.text_run(" "))
    ctx.add(p)
    if ctx.change:
        track_mark(w, p, ctx.change)
    return p


def track_mark(w: Writer, p: Element, change: str) -> None:
    """Track a paragraph inserted or deleted whole by its paragraph mark, as Word does.

    A deleted paragraph's own mark goes with it.  An inserted paragraph is, in the text,
    a new mark after the one before it: Word (and LibreOffice, which otherwise runs the
    two paragraphs together when the one before also ends in an insertion) mark the
    previous paragraph's mark as inserted, and rejecting removes that mark and the
    paragraph's text, leaving the previous text under this one's mark."""
    previous = p.getprevious()
    if (
        change == "inserted"
        and previous is not None
        and previous.tag == qn("w:p")
        and not ox.is_tracked(previous)
    ):
        ox.mark_paragraph(previous, change, w.next_change(), *w.revision)
    else:
        ox.mark_paragraph(p, change, w.next_change(), *w.revision)


def para(
    w: Writer,
    kids: tuple[Inline, ...],
    ctx: Context,
    before: float | None = None,
    after: float | None = None,
) -> None:
    props = ParaProps(
        style=ctx.para_style,
        left=ctx.indent,
        before=before,
        after=after,
        keep_next=ctx.keep_next,
    )
    p = paragraph(w, props, ctx)
    inlines(w, p, kids, ctx, RunProps(), in_link=False)


def heading(w: Writer, level: int, anchor: str, kids: tuple[Inline, ...], ctx: Context) -> None:
    level = min(max(level, 1), 3)
    props = ParaProps(style=HEADINGS[level])
    if w.heading_shift:  # the style's look, the outline level a reader needs
        props = replace(props, outline_level=max(level - 1 - w.heading_shift, 0))
    p = paragraph(w, props, ctx)
    start, end = ox.bookmark(w.state.bookmarks, ox.bookmark_name(anchor))
    w.state.bookmarks += 1
    p.append(start)
    inlines(w, p, kids, replace(ctx, italic=False), RunProps(), in_link=False)
    p.append(end)


def list_(
    w: Writer, items: tuple[ListItem, ...], ctx: Context, *, numbered: bool, start: int
) -> None:
    level = min(ctx.depth, 8)
    w.state.lists.append((numbered, level, start))
    num_id = 2 + len(w.state.lists)
    style_id = LIST_NUMBER if numbered else LIST_BULLET
    inner = replace(
        ctx,
        para_style=LIST_CONTINUE if ctx.para_style == NORMAL else ctx.para_style,
        indent=LIST_STEP * level + w.hanging,
        depth=ctx.depth + 1,
    )
    for item in items:
        w.state.pending_number = (style_id, num_id, level)
        item_ctx = replace(inner, change=item.change) if item.change else inner
        if not item.children or not isinstance(item.children[0], Para):
            # The number needs a paragraph of its own before a nested list or table.
            paragraph(w, ParaProps(style=style_id), item_ctx)
        last = len(item.children) - 1
        for i, child in enumerate(item.children):
            # An item's paragraphs stay on one page: a recommendation's action and its
            # "Who · When · Rests on" line are not split by a page break (the PDF keeps
            # an item together too).
            together = isinstance(child, Para) and i < last
            block(w, child, replace(item_ctx, keep_next=True) if together else item_ctx)
    w.state.pending_number = None


def box(w: Writer, kind: str, kids: tuple[Block, ...], ctx: Context) -> None:
    look = w.boxes.get(kind)
    if look is None:  # compose validates kinds; an unknown one reads as body text
        for child in kids:
            block(w, child, ctx)
        return
    inner = replace(ctx, para_style=look.style_id, indent=None, italic=look.italic)
    last = len(kids) - 1
    for i, child in enumerate(kids):
        if isinstance(child, Para):
            # Only the ends of the box take its outer spacing; paragraphs inside keep
            # the style's small gap, so the shading and rule run on as one box.
            before = look.space_before if i == 0 else None
            after = look.space_after if i == last else None
            para_ctx = replace(inner, change=child.change) if child.change else inner
            para(w, child.children, para_ctx, before=before, after=after)
        else:
            block(w, child, inner)


def table(w: Writer, node: Table, ctx: Context) -> None:
    if not any((node.header, *node.rows)):
        return
    indent = ox.twips(ctx.indent or 0)
    widths = [round(w) for w in node.column_widths(w.page.text_width - indent)]
    padding = (ox.twips(CELL_PADDING[0]), ox.twips(CELL_PADDING[1]))
    tbl = ox.table(widths, indent=indent, rule=w.style.colours.table_rule, margins=padding)
    cell_ctx = replace(ctx, italic=False)
    rows = [(True, node.header)] if node.header else []
    rows += [(False, row) for row in node.rows]
    # A page break never leaves the header with fewer than two body rows under it (the
    # PDF's KeptTable): the header and the first body row keep with the row after.
    kept = (1 if node.header else 0) + (1 if len(node.rows) > 1 else 0)
    for number, (header, cells) in enumerate(rows):
        tr = ox.table_row(tbl, header=header)
        change = (
            node.header_change if header else node.row_change(number - (1 if node.header else 0))
        )
        if change:
            ox.mark_row(tr, change, w.next_change(), *w.revision)
        fill = w.style.colours.table_header_fill if header else None
        props = ParaProps(style=TABLE_HEADING if header else TABLE_TEXT, keep_next=number < kept)
        for i, width in enumerate(widths):
            tc = ox.table_cell(tr, width, fill)
            p = ox.paragraph(props)
            if change:
                ox.mark_paragraph(p, change, w.next_change(), *w.revision)
            tc.append(p)
            if i < len(cells):
                inlines(w, p, cells[i], cell_ctx, RunProps(), in_link=False)
    ctx.add(tbl)
    w.state.after_table = True
