"""Making WordprocessingML elements: ``el``, ``sub``, colours and lengths.

The ``w:`` namespace is the default: ``el("w:p", val=1)`` sets ``w:val``.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# python-docx types its elements loosely (lxml has no stubs); an alias keeps signatures legible.
Element = Any


def twips(points: float) -> int:
    """Points → twentieths of a point (the unit of most WordprocessingML lengths)."""
    return round(points * 20)


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def mm_to_emu(mm: float) -> int:
    """Millimetres → English Metric Units (DrawingML lengths): 36,000 to the millimetre."""
    return round(mm * 36_000)


def hex_colour(colour: str) -> str:
    """``#1f3a5f`` → ``1F3A5F`` (WordprocessingML colours carry no ``#``)."""
    return colour.lstrip("#").upper()


def el(tag: str, **attrs: str | int) -> Element:
    """A new ``w:`` element with ``w:``-qualified attributes (``val=…`` → ``w:val``)."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def sub(parent: Element, tag: str, **attrs: str | int) -> Element:
    child = el(tag, **attrs)
    parent.append(child)
    return child
