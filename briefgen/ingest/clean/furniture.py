"""Page furniture: what belongs to the page, not to the essay.  Decided here only.

- **At a page's edges, in positions** (a paged document, from the positions its reader
  reports).  The topmost and the bottommost short block of a page, clear of the rest,
  is furniture when it is set smaller than the body, stands far from it, is a page
  number, or repeats on half the pages (digits aside); it lies in the top or bottom 15%
  of the page.  A repeated line with words in it (``The Moscow Times  3/5``, a URL and a
  date) is a running head or foot, and so is any furniture at a page's top: it is left
  out of the text and reported as a ``running-head`` removal; a page number or a folio
  as a ``page-number`` (:meth:`PageFurniture.removed`).  What is left (a footnote) goes
  on a line of its own after the paragraph it interrupts, if it interrupts one
  (:mod:`.flow`).
- **At a page's edges, in the text** (every format; the pages from form feeds or the
  period of the lines that repeat, :mod:`.pages`): :func:`drop_furniture` reads each
  page's first and last lines, from the edge inwards, and takes out those that are
  furniture, until one is not: a line whose key (:func:`~.pages.repeat_key`) stands at
  the edge of another page too, or one in a form that only furniture has
  (:mod:`.forms`: a page number, a folio, a print header or foot), or a head in fields
  of which one is either (a chapter's title and the page number).  The text's first line stays when only its repeating marks it and no
  furniture stands next to it: it is the title the running heads repeat.  With no
  pages, only a print header or ``Page 1 of 1`` at the text's start or end is
  furniture.  At a page break, short lines a sentence runs through (a head, a date
  seen once, between "… easy to pass and" and "hard to defend …") are furniture too.  A
  repeated line with words in it is a ``running-head``, the rest ``page-number`` s.
- **In the text, alone** (every format): :func:`drop_page_numbers` takes out a page
  number standing alone between blank lines, where a paged document's was set, or where
  a ``.txt`` has one.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.essay import Removal
from briefgen.ingest.blocks import Page, PageLine
from briefgen.ingest.clean.forms import (
    EDGE_PAGE_NUMBER,
    FIELD_GAP,
    PAGE_NUMBER,
    edge_form,
    printed,
    prose,
)
from briefgen.ingest.clean.layout import SIZE_CHANGE, Measures, PageBlock
from briefgen.ingest.clean.lines import Cut, Line, adjacent, ends_sentence
from briefgen.ingest.clean.pages import MAX_FURNITURE_CHARS, SENTENCE_REPEATS, repeat_key

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

    def blocks(self, page: Page, blocks: Sequence[PageBlock]) -> dict[int, bool]:
        """Which of a page's ``blocks`` are furniture (see the module docstring), each
        with whether it stands at the page's top."""
        size, pitch = self.measures.size, self.measures.pitch
        return {
            index: on_top
            for index, on_top in _edges(page, blocks)
            # Set larger than the body, it is a title or a heading, never furniture.
            if max(line.size for line in blocks[index]) <= (1 + SIZE_CHANGE) * size
            and (
                all(
                    _key(line.text) in self.heads or PAGE_NUMBER.fullmatch(line.text)
                    for line in blocks[index]
                )
                or max(line.size for line in blocks[index]) < (1 - SIZE_CHANGE) * size
                or _clearance(blocks, index, on_top) > _FURNITURE_GAP * pitch
            )
        }

    def removed(self, line: PageLine, on_top: bool) -> str | None:
        """The kind of removal a furniture ``line`` is, or ``None`` for one set apart (a
        footnote, which only the bottom of a page holds).

        A line in the form of a page number or a folio is a ``page-number``; one that
        repeats on the pages, or stands alone at a page's top, a ``running-head``."""
        if EDGE_PAGE_NUMBER.fullmatch(line.text) and edge_form(line.text):
            return "page-number"
        if edge_form(line.text) or on_top:
            return "running-head"
        repeated = _key(line.text) in self.heads and any(ch.isalpha() for ch in line.text)
        return "running-head" if repeated else None


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


_key = repeat_key


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


# At a page's edges, in the text ------------------------------------------------------

_EDGE_LINES = 6
"""How many lines at a page's top and at its foot may be furniture."""
_OUTER_MAX_WORDS = 10
_URL_START = re.compile(r"<?(?:https?://|www\.)")
_HEAD_WORDS = 12
"""A running head seen on two pages only has at most this many words."""


def drop_furniture(lines: Sequence[Line]) -> list[Cut]:
    """The furniture at the edges of the text's pages (see the module docstring)."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if not line.debris:
            pages.setdefault(line.page, []).append(i)
    if len(pages) < 2:
        edges = [index for page in pages.values() for index in _ends(page)]
        return [_cut(lines, i) for i in edges if printed(lines[i].text)]
    seen: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for page in pages.values():
        seen.update({_key(part) for i in _ends(page) for part in _parts(lines[i].text)})
        forms.update(lines[i].text for i in _ends(page))
    cuts: set[Cut] = set()  # a page of one line is read from both edges
    first = next(iter(pages.values()))
    # The title set apart from the heads that repeat it ("ON LYING IN BED" above "On
    # Lying in Bed"), in a form no other page has: no side is read past it.
    title = next(
        (i for i in first[:_EDGE_LINES] if _set_apart_title(lines[i].text, seen, forms)), None
    )
    for page in pages.values():
        for side in (page[:_EDGE_LINES], page[: -_EDGE_LINES - 1 : -1]):
            if title in side:
                side = side[: side.index(title)]
                if not side:
                    continue
            furniture = [k for k, i in enumerate(side) if _furniture(lines[i].text, seen)]
            title_first = title is None and side[0] == first[0] and furniture[:2] == [0]
            if title_first and _title(lines[side[0]].text):
                continue  # the title, which the running heads repeat
            # From the edge to the innermost furniture line, with no gap of body text:
            # what stands outside a running head is furniture too, when it is short.
            stop = 0
            for k in furniture:
                if all(
                    k2 in furniture or _outer(lines[i].text)
                    for k2, i in enumerate(side[stop:k], stop)
                ):
                    stop = k + 1
            cuts.update(_cut(lines, i) for i in side[:stop])
    cut = {c.start for c in cuts}
    order = [[i for i in page if i not in cut] for page in pages.values()]
    for above, below in itertools.pairwise(order):
        cuts.update(_cut(lines, i) for i in _interrupting(lines, above, below))
    return sorted(cuts, key=lambda cut: cut.start)


def _interrupting(lines: Sequence[Line], above: Sequence[int], below: Sequence[int]) -> list[int]:
    """The lines at a page break that a sentence runs through: short lines with no
    sentence end (a head, a date, a site's name) between a line that stops mid-sentence
    and one that goes on in lower case; at most an edge's worth on either side."""
    edge = [*above[-_EDGE_LINES:], *below[:_EDGE_LINES]]
    start = len(above[-_EDGE_LINES:])
    for first in range(start - 1, -1, -1):  # where the run may begin, from the break out
        if not _outer(lines[edge[first]].text):
            break
        start = first
    for stop in range(start, len(edge)):
        text = lines[edge[stop]].text
        if text[0].islower() and not _URL_START.match(text):  # stranded URLs are in the run
            run = edge[start:stop]
            body = edge[start - 1] if start else None
            if run and body is not None and not ends_sentence(lines[body].text):
                return [i for i in run if lines[i].text[0].isupper() or lines[i].text[0].isdigit()]
            return []
        if not _outer(text):
            return []
    return []


def _title(text: str) -> bool:
    """Whether ``text``, the text's first line, repeated as a running head, may be the
    title: one field, in no form of furniture, not cut short ("…") as heads cut titles."""
    return (
        len(FIELD_GAP.split(text)) == 1
        and not edge_form(text)
        and not text.rstrip().endswith(("\u2026", "..."))
    )


def _set_apart_title(text: str, seen: Counter[str], forms: Counter[str]) -> bool:
    """Whether ``text``, on the first page's top, is the title that the running heads
    repeat in another form: its key is theirs, but not one other line at the pages'
    edges is the same (``forms`` counts them)."""
    return (
        forms[text] == 1
        and _repeated(text, seen)
        and _title(text)
        and not _PAGE_NUMBER_ONLY.fullmatch(text)
    )


_PAGE_NUMBER_ONLY = re.compile(r"[\W\d]*")


def _parts(text: str) -> list[str]:
    """``text``, and its fields when it has some: a head's left and right parts, far
    apart as ``pdftotext -layout`` sets them."""
    fields = FIELD_GAP.split(text)
    return [text, *fields] if len(fields) > 1 else [text]


def _furniture(text: str, seen: Counter[str]) -> bool:
    """Whether ``text``, at a page's edge, is furniture: repeated at the edges (``seen``
    counts the pages), in a furniture form, or in fields of which one is either and the
    others are short (a chapter's title and the page number)."""
    if len(text) > MAX_FURNITURE_CHARS:
        return False
    if _repeated(text, seen) or edge_form(text):
        return True
    fields = FIELD_GAP.split(text)
    if len(fields) < 2:
        return False
    known = [_repeated(field, seen) or edge_form(field) for field in fields]
    return any(known) and all(k or _outer(field) for k, field in zip(known, fields, strict=True))


def _repeated(text: str, seen: Counter[str]) -> bool:
    """Whether ``text`` stands at the edges of other pages too: of one other when it is
    short, of two when longer, of many when it ends a sentence (a list item, a line of
    prose repeated; a copyright foot is on every page)."""
    if prose(text):
        return seen[_key(text)] >= SENTENCE_REPEATS
    return seen[_key(text)] >= (2 if len(text.split(None, _HEAD_WORDS)) <= _HEAD_WORDS else 3)


def _outer(text: str) -> bool:
    """Whether ``text``, outside a page's furniture, may be furniture too: a few words,
    no sentence end (a title, a site's name, a chapter's)."""
    return len(text.split(None, _OUTER_MAX_WORDS)) <= _OUTER_MAX_WORDS and not prose(text)


def _ends(page: Sequence[int]) -> list[int]:
    """The lines at the page's edges: the first and the last :data:`_EDGE_LINES`."""
    return (
        list(page) if len(page) <= 2 * _EDGE_LINES else [*page[:_EDGE_LINES], *page[-_EDGE_LINES:]]
    )


def _cut(lines: Sequence[Line], i: int) -> Cut:
    text = lines[i].text
    kind = "page-number" if EDGE_PAGE_NUMBER.fullmatch(text) else "running-head"
    return Cut(i, i + 1, Removal(kind, " ".join(text.split()), lines[i].number))
