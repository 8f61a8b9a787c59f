"""Paragraphs and what stands in them: text, breaks, tabs, fields, pictures, bookmarks,
hyperlinks.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Emu

from briefgen.writers.docx.oxml.element import Element, el, sub
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps, ppr, rpr


def paragraph(props: ParaProps) -> Element:
    p = el("w:p")
    pr = ppr(props)
    if pr is not None:
        p.append(pr)
    return p


def run(props: RunProps | None) -> Element:
    r = el("w:r")
    pr = rpr(props) if props is not None else None
    if pr is not None:
        r.append(pr)
    return r


def text_run(text: str, props: RunProps | None = None) -> Element:
    """A run of literal text; tabs and newlines become ``w:tab`` and ``w:br``.

    ``text`` holds no character XML forbids: the tree and the style drop them."""
    r = run(props)
    for piece in re.split(r"(\t|\r\n|\n|\r)", text):
        if piece == "\t":
            sub(r, "w:tab")
        elif piece in ("\n", "\r\n", "\r"):
            sub(r, "w:br")
        elif piece:
            t = sub(r, "w:t")
            t.text = piece
            # Word drops leading/trailing spaces of a w:t unless told to keep them.
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def picture_run(shape_id: int, r_id: str, name: str, size: tuple[int, int], descr: str) -> Element:
    """A run holding an inline picture: the image part ``r_id``, ``size`` (cx, cy) in EMU.

    ``descr`` is the alternative text a screen reader speaks.
    """
    cx, cy = size
    inline = CT_Inline.new_pic_inline(shape_id, r_id, name, Emu(cx), Emu(cy))
    # Word writes the distances and so should we: LibreOffice reads missing ones as its
    # own default (about 3 mm each side), which pushes the picture off the margin.
    for side in ("distT", "distB", "distL", "distR"):
        inline.set(side, "0")
    inline.docPr.set("descr", descr)
    r = run(None)
    sub(r, "w:drawing").append(inline)
    return r


def break_run(props: RunProps | None = None) -> Element:
    r = run(props)
    sub(r, "w:br")
    return r


def tab_run(props: RunProps | None = None) -> Element:
    r = run(props)
    sub(r, "w:tab")
    return r


def field(instruction: str, cached: str, props: RunProps | None = None) -> list[Element]:
    """A complex field (begin, instruction, separate, cached result, end) as five runs.

    The cached result is what a reader that does not update fields shows.
    """
    begin, instr, separate, end = run(props), run(props), run(props), run(props)
    sub(begin, "w:fldChar", fldCharType="begin")
    code = sub(instr, "w:instrText")
    code.text = f" {instruction} "
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    sub(separate, "w:fldChar", fldCharType="separate")
    sub(end, "w:fldChar", fldCharType="end")
    return [begin, instr, separate, text_run(cached, props), end]


_BOOKMARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


def bookmark_name(anchor: str) -> str:
    """The bookmark name for a heading anchor: the anchor itself when Word can keep it.

    Word truncates bookmark names at 40 characters and wants a letter first; other
    anchors get a stable, hidden (``_``-prefixed) name derived from them, used alike by
    the bookmark and by every ``#anchor`` link.
    """
    if _BOOKMARK_NAME.match(anchor):
        return anchor
    stem = re.sub(r"[^A-Za-z0-9_]", "_", anchor)[:28]
    digest = 0
    for char in anchor:  # FNV-1a: stable across runs, unlike hash()
        digest = ((digest ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return f"_{stem}_{digest:08x}"


def bookmark(bookmark_id: int, name: str) -> tuple[Element, Element]:
    start = el("w:bookmarkStart", id=bookmark_id, name=name)
    return start, el("w:bookmarkEnd", id=bookmark_id)


def hyperlink(*, r_id: str | None = None, anchor: str | None = None) -> Element:
    """``w:hyperlink`` to an external relationship ``r_id`` or an internal bookmark."""
    link = el("w:hyperlink")
    if r_id is not None:
        link.set(qn("r:id"), r_id)
        link.set(qn("w:history"), "1")
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    return link
