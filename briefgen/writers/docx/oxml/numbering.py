"""``word/numbering.xml``: one numbered and one bulleted abstract list, a ``w:num`` per list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.writers.docx.oxml.element import Element, el, sub
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps, ppr, rpr


@dataclass(frozen=True, slots=True)
class ListLevels:
    """How list levels look: indents in points, marker run formatting."""

    step: float
    """Left indent added per level."""
    hanging: float
    """Room for the number or bullet."""
    marker: RunProps


_DECIMAL_FORMATS = ("decimal", "lowerLetter", "lowerRoman")

_BULLETS = ("•", "–", "•")  # in Noto Sans, which carries the markers


def _abstract_num(abstract_id: int, *, numbered: bool, levels: ListLevels) -> Element:
    a = el("w:abstractNum", abstractNumId=abstract_id)
    sub(a, "w:nsid", val=f"B41E{abstract_id:04X}")
    sub(a, "w:multiLevelType", val="hybridMultilevel")
    for level in range(9):
        lvl = sub(a, "w:lvl", ilvl=level)
        sub(lvl, "w:start", val=1)
        if numbered:
            sub(lvl, "w:numFmt", val=_DECIMAL_FORMATS[level % 3])
            sub(lvl, "w:lvlText", val=f"%{level + 1}.")
        else:
            sub(lvl, "w:numFmt", val="bullet")
            sub(lvl, "w:lvlText", val=_BULLETS[level % 3])
        sub(lvl, "w:lvlJc", val="left")
        lvl.append(
            ppr(ParaProps(left=levels.step * level + levels.hanging, hanging=levels.hanging))
        )
        marker = rpr(levels.marker)
        if marker is not None:
            lvl.append(marker)
    return a


NUMBERED_BASE = 1
"""numId of the plain numbered list (List Number's own); lists get ids from 3 on."""

BULLETED_BASE = 2


def set_numbering(
    numbering: Element, lists: Sequence[tuple[bool, int, int]], levels: ListLevels
) -> None:
    """Replace numbering.xml's content: two abstract lists (numbered, bulleted) and one
    ``w:num`` per list in ``lists`` = (numbered, level, start), numIds 3, 4, ….

    Every numbered list gets its own ``w:num`` with a ``w:startOverride``: Word continues
    numbering across ``w:num``s that share an abstract list unless told to restart.
    """
    for child in list(numbering):
        numbering.remove(child)
    numbering.append(_abstract_num(0, numbered=True, levels=levels))
    numbering.append(_abstract_num(1, numbered=False, levels=levels))
    instances = [(True, 0, 1), (False, 0, 1), *lists]
    for num_id, (numbered, level, start) in enumerate(instances, start=1):
        num = sub(numbering, "w:num", numId=num_id)
        sub(num, "w:abstractNumId", val=0 if numbered else 1)
        if numbered:
            override = sub(num, "w:lvlOverride", ilvl=level)
            sub(override, "w:startOverride", val=start)
