"""Inlines → runs: emphasis toggles against the paragraph style, links (outside ones
related to the part they stand in), footnote references.
"""

from __future__ import annotations

from dataclasses import replace

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from typing_extensions import assert_never

from briefgen.tree import Del, Emph, Inline, Ins, LineBreak, Link, NoteRef, Strong, Text
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.oxml.element import Element
from briefgen.writers.docx.oxml.properties import RunProps
from briefgen.writers.docx.state import Context, Writer
from briefgen.writers.docx.styles import HYPERLINK, NOTE_REF


def inlines(
    w: Writer,
    parent: Element,
    kids: tuple[Inline, ...],
    ctx: Context,
    fmt: RunProps,
    *,
    in_link: bool,
) -> None:
    for node in kids:
        match node:
            case Text(text=text):
                if text:
                    parent.append(ox.text_run(text, fmt))
            case Emph(children=inner):
                italic = fmt.italic if fmt.italic is not None else ctx.italic
                inlines(w, parent, inner, ctx, replace(fmt, italic=not italic), in_link=in_link)
            case Strong(children=inner):
                inlines(w, parent, inner, ctx, replace(fmt, bold=True), in_link=in_link)
            case Link(children=inner):
                link = None if in_link else hyperlink(w, node)
                if link is None:
                    inlines(w, parent, inner, ctx, fmt, in_link=in_link)
                else:
                    parent.append(link)
                    inlines(w, link, inner, ctx, replace(fmt, style=HYPERLINK), in_link=True)
            case NoteRef(number=number):
                parent.append(note_ref(w, number, ctx))
            case LineBreak():
                parent.append(ox.break_run(fmt))
            case Ins(children=inner):
                wrapper = w.tracked("inserted")
                parent.append(wrapper)
                inlines(w, wrapper, inner, ctx, fmt, in_link=in_link)
            case Del(children=inner):
                wrapper = w.tracked("deleted")
                parent.append(wrapper)
                inlines(w, wrapper, inner, ctx, fmt, in_link=in_link)
                ox.deleted_text(wrapper)
            case _:
                assert_never(node)


def hyperlink(w: Writer, link: Link) -> Element | None:
    if link.anchor is not None:
        return ox.hyperlink(anchor=ox.bookmark_name(link.anchor))
    if link.external:
        r_id = w.state.part.relate_to(link.url, RT.HYPERLINK, is_external=True)
        return ox.hyperlink(r_id=r_id)
    return None  # not a kind of link the tree promises: keep the text, drop the link


def note_ref(w: Writer, number: int, ctx: Context) -> Element:
    state = w.state
    if ctx.in_note or number not in w.notes or number < 1 or number in state.notes_called:
        # A Word footnote (or endnote) has exactly one reference, outside the notes:
        # anything else prints as a plain superscript number.
        return ox.text_run(str(number), RunProps(style=NOTE_REF))
    state.notes_called.append(number)
    return ox.footnote_reference(number, NOTE_REF, w.note_kind)
