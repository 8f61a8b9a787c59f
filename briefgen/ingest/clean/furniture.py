"""Page furniture: what belongs to the page, not to the essay.  Decided here only.

- **At a page's edges** (a paged document, from the positions its reader reports).
  The topmost and the bottommost short block of a page, clear of the rest, is furniture
  when it is set smaller than the body, stands far from it, is a page number, or
  repeats on half the pages (digits aside); it lies in the top or bottom 15% of the
  page.  A repeated line with words in it (``The Moscow Times  3/5``, a URL and a date)
  is a running head or foot: it is left out of the text and reported as a
  ``running-head`` removal (:meth:`PageFurniture.running_head`).  Other furniture (a page
  number, a footnote) goes on a line of its own after the paragraph it interrupts, if it
  interrupts one (:mod:`.flow`).
- **In the text** (every format): :func:`drop_page_numbers` takes out a page number
  standing alone, where a paged document's was set, or where a ``.txt`` has one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.essay import Removal
from briefgen.ingest.blocks import Page, PageLine
from briefgen.ingest.clean.layout import SIZE_CHANGE, Measures, PageBlock
from briefgen.ingest.clean.lines import Cut, Line, adjacent

PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]",
    re.IGNORECASE,
)
"""A page number in its usual forms: ``7``, ``Page 3``, ``3 of 9``, ``3/9``, ``– 4 –``."""

# At a page's edges ---------------------------------------------------------------------

_FURNITURE_GAP = 2.5
"""A block this many line pitches from the body is furniture."""
_FURNITURE_LINES = 2
"""Blocks at a page's top or bottom of at most this many lines may be furniture."""
_MARGIN_BAND = 0.15
"""Furniture lies in this share of the page's height at its top or bottom."""


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """The furniture of a paged document: which blocks at its pages' edges it is."""

    measures: Measures
    heads: frozenset[str]
    """Keys (:func:`_key`) of the edge lines that repeat on half the pages or more."""

    def blocks(self, page: Page, blocks: Sequence[PageBlock]) -> set[int]:
        """Which of a page's ``blocks`` are furniture (see the module docstring)."""
        size, pitch = self.measures.size, self.measures.pitch
        return {
            index
            for index, on_top in _edges(page, blocks)
            if all(
                _key(line.text) in self.heads or PAGE_NUMBER.fullmatch(line.text)
                for line in blocks[index]
            )
            or max(line.size for line in blocks[index]) < (1 - SIZE_CHANGE) * size
            or _clearance(blocks, index, on_top) > _FURNITURE_GAP * pitch
        }

    def running_head(self, line: PageLine) -> bool:
        """Whether a furniture ``line`` is a running head or foot, to leave out and
        report; the rest (a page number, a footnote) is set apart."""
        repeated = _key(line.text) in self.heads and any(ch.isalpha() for ch in line.text)
        return repeated and not PAGE_NUMBER.fullmatch(line.text)


def page_furniture(
    laid: Sequence[tuple[Page, Sequence[PageBlock]]], measures: Measures
) -> PageFurniture:
    """The furniture of the ``laid`` pages, each with its blocks."""
    seen: Counter[str] = Counter()
    for page, blocks in laid:
        edges = _edges(page, blocks)
        seen.update({_key(line.text) for index, _ in edges for line in blocks[index]})
    pages = len(laid)
    heads = frozenset(key for key, count in seen.items() if count >= 2 and 2 * count >= pages)
    return PageFurniture(measures, heads)


def _edges(page: Page, blocks: Sequence[PageBlock]) -> list[tuple[int, bool]]:
    """(index, on top) of the page's topmost and bottommost blocks that may be
    furniture: short, in the margin band, and clear of the rest of the page."""
    if len(blocks) < 2:
        return []
    top = max(range(len(blocks)), key=lambda i: blocks[i][0].y)
    bottom = min(range(len(blocks)), key=lambda i: blocks[i][-1].y)
    return [
        (index, on_top)
        for index, on_top in ((top, True), (bottom, False))
        if len(blocks[index]) <= _FURNITURE_LINES
        and all(_in_band(page, line) for line in blocks[index])
        and _clearance(blocks, index, on_top) > 0
    ]


def _in_band(page: Page, line: PageLine) -> bool:
    """Whether ``line`` is in the top or bottom margin band, where furniture is."""
    height = page.top - page.bottom
    if height <= 0:
        return True
    share = (line.y - page.bottom) / height
    return share < _MARGIN_BAND or share > 1 - _MARGIN_BAND


def _clearance(blocks: Sequence[PageBlock], index: int, top: bool) -> float:
    """The gap between block ``index`` and the rest of the page, above or below it."""
    rest = [line.y for i, block in enumerate(blocks) if i != index for line in block]
    ys = [line.y for line in blocks[index]]
    return min(ys) - max(rest) if top else min(rest) - max(ys)


def _key(text: str) -> str:
    """A line as it repeats from page to page: digits (page numbers, dates) aside."""
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())


# In the text ---------------------------------------------------------------------------

_PAGE_NUMBER_STARTS = frozenset("0123456789Pp-\u2013\u2014")


def drop_page_numbers(lines: Sequence[Line]) -> list[Cut]:
    """A number standing alone between blank lines is a page number from the PDF.

    Only alone: a number on a line inside a paragraph may be the end of a wrapped
    sentence ("rose by" / "40").
    """
    return [
        Cut(i, i + 1, Removal("page-number", line.text, line.number))
        for i, line in enumerate(lines)
        if line.text[:1] in _PAGE_NUMBER_STARTS
        and len(line.text) <= 20
        and PAGE_NUMBER.fullmatch(line.text)
        and not adjacent(lines, i)
        and not adjacent(lines, i + 1)
    ]
