"""Tables: a fixed grid that fills the text width, rows that never split, shaded cells."""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.writers.docx.oxml.element import Element, el, hex_colour, sub


def table(columns: Sequence[int], *, indent: int, rule: str, margins: tuple[int, int]) -> Element:
    """``w:tbl`` with a fixed layout whose grid ``columns`` (twips) fill the width exactly.

    Rules between rows and under the last one; no vertical rules.  ``margins`` are the
    cells' (top/bottom, left/right) padding in twips.
    """
    tbl = el("w:tbl")
    pr = sub(tbl, "w:tblPr")
    sub(pr, "w:tblW", w=sum(columns), type="dxa")
    sub(pr, "w:jc", val="left")
    sub(pr, "w:tblInd", w=indent, type="dxa")
    borders = sub(pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in ("bottom", "insideH"):
            sub(borders, f"w:{side}", val="single", sz=4, space=0, color=hex_colour(rule))
        else:
            sub(borders, f"w:{side}", val="nil")
    sub(pr, "w:tblLayout", type="fixed")
    mar = sub(pr, "w:tblCellMar")
    vertical, horizontal = margins
    for side, size in (("top", vertical), ("left", horizontal)):
        sub(mar, f"w:{side}", w=size, type="dxa")
    for side, size in (("bottom", vertical), ("right", horizontal)):
        sub(mar, f"w:{side}", w=size, type="dxa")
    sub(pr, "w:tblLook", val="0020", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0,
         noHBand=1, noVBand=1)  # fmt: skip
    grid = sub(tbl, "w:tblGrid")
    for width in columns:
        sub(grid, "w:gridCol", w=width)
    return tbl


def table_row(tbl: Element, *, header: bool) -> Element:
    """A row that never splits across pages; a header row repeats on each page."""
    tr = sub(tbl, "w:tr")
    pr = sub(tr, "w:trPr")
    sub(pr, "w:cantSplit")
    if header:
        sub(pr, "w:tblHeader")
    return tr


def table_cell(tr: Element, width: int, fill: str | None = None) -> Element:
    tc = sub(tr, "w:tc")
    pr = sub(tc, "w:tcPr")
    sub(pr, "w:tcW", w=width, type="dxa")
    if fill:
        sub(pr, "w:shd", val="clear", color="auto", fill=hex_colour(fill))
    return tc
