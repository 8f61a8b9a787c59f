"""Paragraph and run properties: ``w:pPr`` and ``w:rPr`` from two dataclasses.

Child order follows the schema sequences (ECMA-376 Part 1, §17.3.1.26 and §17.3.2.28).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docx.oxml.ns import qn

from briefgen.writers.docx.oxml.element import Element, el, hex_colour, sub, twips


@dataclass(frozen=True, slots=True)
class Border:
    colour: str
    """``#rrggbb``."""
    width: float
    """Line width in points."""
    space: float = 0
    """Distance between border and text in points (Word caps it at 31)."""


@dataclass(frozen=True, slots=True)
class Borders:
    top: Border | None = None
    left: Border | None = None
    bottom: Border | None = None
    right: Border | None = None


@dataclass(frozen=True, slots=True)
class RunProps:
    """Character formatting; None (or False) leaves a property to the style."""

    style: str | None = None
    """Character style id, e.g. ``Hyperlink``."""
    font: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool = False
    colour: str | None = None
    size: float | None = None
    """Points."""
    underline: bool = False
    superscript: bool = False
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class ParaProps:
    """Paragraph formatting; None (or False) leaves a property to the style.  Points."""

    style: str | None = None
    """Paragraph style id, e.g. ``Heading2``."""
    keep_next: bool = False
    keep_lines: bool = False
    widow_control: bool = False
    num: tuple[int, int] | None = None
    """(numId, ilvl) of a numbered or bulleted paragraph."""
    borders: Borders | None = None
    fill: str | None = None
    right_tab: int | None = None
    """Position of a right-aligned tab stop, in twips."""
    tabs: tuple[tuple[Literal["left", "right"], int], ...] = ()
    """More tab stops: (alignment, position in twips)."""
    before: float | None = None
    after: float | None = None
    line: float | None = None
    """Line height ("at least", so superscripts and larger glyphs never clip)."""
    left: float | None = None
    right: float | None = None
    hanging: float | None = None
    align: Literal["left", "center", "right", "both"] | None = None
    outline_level: int | None = None


def _toggle(parent: Element, tag: str, value: bool | None) -> None:
    if value is not None:
        sub(parent, tag) if value else sub(parent, tag, val=0)


def rpr(props: RunProps) -> Element | None:
    """``w:rPr`` for ``props``, or None when there is nothing to say."""
    r = el("w:rPr")
    if props.style:
        sub(r, "w:rStyle", val=props.style)
    if props.font:
        sub(r, "w:rFonts", ascii=props.font, hAnsi=props.font, eastAsia=props.font, cs=props.font)
    _toggle(r, "w:b", props.bold)
    _toggle(r, "w:bCs", props.bold)
    _toggle(r, "w:i", props.italic)
    _toggle(r, "w:iCs", props.italic)
    if props.caps:
        sub(r, "w:caps")
    if props.colour:
        sub(r, "w:color", val=hex_colour(props.colour))
    if props.size is not None:
        sub(r, "w:sz", val=round(props.size * 2))
        sub(r, "w:szCs", val=round(props.size * 2))
    if props.underline:
        sub(r, "w:u", val="single")
    if props.superscript:
        sub(r, "w:vertAlign", val="superscript")
    if props.lang:
        sub(r, "w:lang", val=props.lang)
    return r if len(r) else None


def _border(parent: Element, side: str, border: Border | None) -> None:
    if border is not None:
        sub(
            parent,
            f"w:{side}",
            val="single",
            sz=max(2, round(border.width * 8)),  # eighths of a point
            space=min(31, round(border.space)),  # points
            color=hex_colour(border.colour),
        )


def ppr(props: ParaProps) -> Element | None:
    """``w:pPr`` for ``props``, or None when there is nothing to say."""
    p = el("w:pPr")
    if props.style:
        sub(p, "w:pStyle", val=props.style)
    if props.keep_next:
        sub(p, "w:keepNext")
    if props.keep_lines:
        sub(p, "w:keepLines")
    if props.widow_control:
        sub(p, "w:widowControl")
    if props.num is not None:
        num_pr = sub(p, "w:numPr")
        sub(num_pr, "w:ilvl", val=props.num[1])
        sub(num_pr, "w:numId", val=props.num[0])
    if props.borders is not None:
        bdr = sub(p, "w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            _border(bdr, side, getattr(props.borders, side))
    if props.fill:
        sub(p, "w:shd", val="clear", color="auto", fill=hex_colour(props.fill))
    stops = list(props.tabs)
    if props.right_tab is not None:
        stops.append(("right", props.right_tab))
    if stops:
        tabs = sub(p, "w:tabs")
        for align, pos in sorted(stops, key=lambda stop: stop[1]):  # Word lists them in order
            sub(tabs, "w:tab", val=align, pos=pos)
    if props.before is not None or props.after is not None or props.line is not None:
        spacing = sub(p, "w:spacing")
        if props.before is not None:
            spacing.set(qn("w:before"), str(twips(props.before)))
        if props.after is not None:
            spacing.set(qn("w:after"), str(twips(props.after)))
        if props.line is not None:
            spacing.set(qn("w:line"), str(twips(props.line)))
            spacing.set(qn("w:lineRule"), "atLeast")
    if props.left is not None or props.right is not None or props.hanging is not None:
        ind = sub(p, "w:ind")
        if props.left is not None:
            ind.set(qn("w:left"), str(twips(props.left)))
        if props.right is not None:
            ind.set(qn("w:right"), str(twips(props.right)))
        if props.hanging is not None:
            ind.set(qn("w:hanging"), str(twips(props.hanging)))
    if props.align:
        sub(p, "w:jc", val=props.align)
    if props.outline_level is not None:
        sub(p, "w:outlineLvl", val=props.outline_level)
    return p if len(p) else None
