"""PDF → text: the lines of the text layer, with paragraphs found from the page geometry.

pypdf extracts the text (it decides where spaces and line ends go) and reports, for each
piece of it, the position and size it is drawn at.  From those, per line:

- **Paragraphs.**  A line starts a new block when the gap above it is clearly wider than
  the usual line pitch, when its font size changes, or when it is indented past the line
  before (a first-line indent).  Wrapped lines stay lines of one block, for ``clean``
  to join, as it joins a ``.txt``'s; a line-end hyphen is left for ``clean`` to judge.
- **Page furniture.**  The topmost and the bottommost short block of a page, clear of
  the rest, is furniture when it is set smaller than the body, stands far from it, is a
  page number, or repeats on half the pages (digits aside); it lies in the top or
  bottom 15% of the page.  A repeated line with words
  in it (``The Moscow Times  3/5``, a URL and a date) is a running head or foot: it is
  left out of the text and reported as a ``running-head`` removal.  Other furniture (a
  page number, a footnote) goes on a line of its own after the paragraph it interrupts,
  if it interrupts one; ``clean`` drops a page number and keeps the rest as paragraphs.
- **Page breaks.**  A paragraph goes on over a page break (or up into the next column)
  when its last line stops mid-sentence or runs the full measure, unless the next line is
  set in another size or indented.  Its lines are then written as one block, so the
  sentence is whole whether or not the page had a number.

Multi-column pages are read in the order their text is drawn, which is usually column
by column.  A page with no text layer (a scan) gives no lines; a PDF of only such pages
is an error that says so.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PageObject, PasswordType, PdfReader

from briefgen.ingest.clean import ends_sentence
from briefgen.ingest.readers import blocks
from briefgen.ingest.readers.blocks import (
    Extracted,
    TextBuilder,
    TextTooLong,
    input_error,
    reason_of,
    text_line,
    unreadable,
)

# pypdf logs what it repairs in a damaged file ("Ignoring wrong pointing object …").
# With no handler anywhere, Python prints such records on stderr; briefgen's errors are
# one line each, and a repaired file is not an error.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# Typographic ligatures some fonts map to one code point; the words are the letters.
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]",
    re.IGNORECASE,
)
# A list item's start: a bullet (group 1), or "1." "12)" "a." and a space.  Not a dash:
# a line of prose may start with one.
_LIST_MARKER = re.compile(
    r"([\u2022\u2023\u2043\u2219\u25aa\u25cf\u25e6*])\s|(?:\d{1,3}|[a-z])[.)]\s"
)

# Measures, in multiples of the body's line pitch, a line's font size, or the median
# length of a wrapped line (see _Layout).
_PARAGRAPH_GAP = 1.4
"""A gap this many pitches or more ends a paragraph (a blank line is 2)."""
_FURNITURE_GAP = 2.5
"""A block this many pitches from the body is furniture."""
_INDENT = 0.8
"""A line starting this many font sizes right of the line before is indented."""
_SIZE_CHANGE = 0.15
"""Sizes differing by this fraction are different styles (a heading, a footnote)."""
_FULL_LINE = 0.85
"""A line this long, against the median wrapped line, runs the full measure."""
_HEADING_LINE = 0.7
"""A lone line shorter than this, against the median wrapped line, is a heading."""
_BASELINE = 0.3
"""Lines whose baselines differ by less than this many font sizes are one line."""
_FURNITURE_LINES = 2
"""Blocks at a page's top or bottom of at most this many lines may be furniture."""
_MARGIN_BAND = 0.15
"""Furniture lies in this share of the page's height at its top or bottom."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page's text layer, where and how large it is drawn."""

    text: str
    x: float
    """Where the line starts, in points from the left of the page."""
    y: float
    """Its baseline, in points from the bottom of the page."""
    size: float
    """The font size it is drawn at, in points."""


@dataclass(frozen=True, slots=True)
class Page:
    """A page's lines, in the order pypdf extracts them, and its height."""

    lines: list[Line]
    bottom: float
    """The y of the page's bottom edge (its crop box), in points."""
    top: float
    """The y of its top edge."""

    def band(self, line: Line) -> bool:
        """Whether ``line`` is in the top or bottom margin band, where furniture is."""
        height = self.top - self.bottom
        if height <= 0:
            return True
        share = (line.y - self.bottom) / height
        return share < _MARGIN_BAND or share > 1 - _MARGIN_BAND


def read_pdf(data: bytes, path: Path) -> Extracted:
    """The text of the PDF document ``data``."""
    pages = _pages(data, path)
    if not any(page.lines for page in pages):
        raise input_error(
            path, "the PDF has no text layer (is it a scan? run OCR on it first, e.g. ocrmypdf)"
        )
    return _Layout(pages).text()


# Extraction -------------------------------------------------------------------------


def _pages(data: bytes, path: Path) -> list[Page]:
    try:
        reader = PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED
        count = 0 if locked else len(reader.pages)
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise unreadable(path, "PDF", reason_of(err)) from None
    if locked:
        raise unreadable(path, "PDF", "it is encrypted with a password")
    if count == 0:
        raise unreadable(path, "PDF", "it has no pages")
    pages: list[Page] = []
    chars = 0
    for number in range(count):
        try:
            page = reader.pages[number]
            lines = page_lines(page)
            box = page.cropbox
            bottom, top = float(box.bottom), float(box.top)
        except Exception as err:  # noqa: BLE001 - a damaged content stream, font or cmap
            raise unreadable(path, "PDF", f"page {number + 1}: {reason_of(err)}") from None
        chars += sum(len(line.text) + 1 for line in lines)
        if chars > blocks.MAX_TEXT_CHARS:
            raise TextTooLong(blocks.MAX_TEXT_CHARS)
        pages.append(Page(lines, bottom, top))
    return pages


def page_lines(page: PageObject) -> list[Line]:
    """The lines of ``page`` as pypdf extracts them, each with where it is drawn.

    pypdf hands the visitor exactly the pieces its text is made of (line ends
    included), each with the matrices in force where the piece starts; a line's
    position is that of its first piece with a visible character.
    """
    lines: list[Line] = []
    parts: list[str] = []
    where: tuple[float, float, float] | None = None

    def finish() -> None:
        nonlocal parts, where
        text = text_line("".join(parts).translate(_LIGATURES))
        if text and where is not None:
            lines.append(Line(text, *where))
        parts, where = [], None

    def visit(text: Any, cm: Any, tm: Any, font: Any, size: Any) -> None:
        nonlocal where
        for i, part in enumerate(str(text).split("\n")):
            if i:
                finish()
            if where is None and part.strip():
                where = _position(cm, tm, size)
            parts.append(part)

    page.extract_text(visitor_text=visit)
    finish()
    return _same_baseline(lines)


def _same_baseline(lines: list[Line]) -> list[Line]:
    """Join lines pypdf ends on one baseline: a header's left and right parts, a list
    number and its item, a table row of one-line cells.  A line of the page is one line."""
    joined: list[Line] = []
    for line in lines:
        last = joined[-1] if joined else None
        if last is None or abs(last.y - line.y) > _BASELINE * max(last.size, line.size):
            joined.append(line)
            continue
        left, right = sorted((last, line), key=lambda each: each.x)
        text = f"{left.text} {right.text}"
        joined[-1] = Line(text, left.x, left.y, max(left.size, right.size))
    return joined


def _position(cm: Sequence[float], tm: Sequence[float], size: float) -> tuple[float, float, float]:
    """(x, y, font size) of text drawn with text matrix ``tm`` under ``cm``."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    return float(x), float(y), abs(float(size or 0)) * scale


# Layout -----------------------------------------------------------------------------


class _Layout:
    """Pages of lines → text: blocks, furniture and page breaks, as the module says."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        body = [line for page in pages for line in page.lines]
        sizes: Counter[float] = Counter()
        for line in body:
            sizes[round(line.size * 2) / 2] += len(line.text)
        self.size = sizes.most_common(1)[0][0] or 10.0
        gaps = Counter(
            round((above.y - below.y) * 2) / 2
            for page in pages
            for above, below in itertools.pairwise(page.lines)
            if self._body(above) and self._body(below) and 0 < above.y - below.y < 3 * self.size
        )
        self.pitch = gaps.most_common(1)[0][0] if gaps else 1.2 * self.size
        wrapped = [
            len(above.text)
            for page in pages
            for above, below in itertools.pairwise(page.lines)
            if self._body(above) and self._body(below) and not self._breaks(above, below)
        ]
        self.full = statistics.median(wrapped) if wrapped else math.inf
        self.heads = self._running_heads()

    # Measures ---------------------------------------------------------------------

    def _body(self, line: Line) -> bool:
        return abs(line.size - self.size) <= _SIZE_CHANGE * self.size

    def _breaks(self, above: Line, below: Line) -> bool:
        """Whether ``below`` starts a new block within a page (not a column jump).

        A line right of the one above is indented, unless that one starts a list item
        whose lines hang."""
        gap = above.y - below.y
        return (
            gap > _PARAGRAPH_GAP * self.pitch
            or abs(above.size - below.size) > _SIZE_CHANGE * max(above.size, below.size)
            or (below.x > above.x + _INDENT * below.size and not _LIST_MARKER.match(above.text))
            or _starts_item(above, below)
        )

    @staticmethod
    def _jumps(above: Line, below: Line) -> bool:
        """Whether ``below`` is drawn above ``above``: the next column."""
        return below.y > above.y + 0.5 * below.size

    def _blocks(self, lines: list[Line]) -> list[list[Line]]:
        blocks: list[list[Line]] = []
        for i, line in enumerate(lines):
            if i == 0 or self._jumps(lines[i - 1], line) or self._breaks(lines[i - 1], line):
                blocks.append([line])
            else:
                blocks[-1].append(line)
        return blocks

    # Furniture --------------------------------------------------------------------

    def _edges(self, page: Page, blocks: list[list[Line]]) -> list[tuple[int, bool]]:
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
            and all(page.band(line) for line in blocks[index])
            and _clearance(blocks, index, on_top) > 0
        ]

    def _furniture(self, page: Page, blocks: list[list[Line]]) -> set[int]:
        """Which of a page's edge blocks are furniture (see the module docstring)."""
        return {
            index
            for index, on_top in self._edges(page, blocks)
            if all(
                _key(line.text) in self.heads or _PAGE_NUMBER.fullmatch(line.text)
                for line in blocks[index]
            )
            or max(line.size for line in blocks[index]) < (1 - _SIZE_CHANGE) * self.size
            or _clearance(blocks, index, on_top) > _FURNITURE_GAP * self.pitch
        }

    def _running_heads(self) -> set[str]:
        """Keys of the lines at page edges that repeat on half the pages or more."""
        seen: Counter[str] = Counter()
        for page in self.pages:
            blocks = self._blocks(page.lines)
            edges = self._edges(page, blocks)
            seen.update({_key(line.text) for index, _ in edges for line in blocks[index]})
        pages = len(self.pages)
        return {key for key, count in seen.items() if count >= 2 and 2 * count >= pages}

    def _furnish(self, out: TextBuilder, block: list[Line]) -> None:
        kept: list[str] = []
        for line in block:
            repeated = _key(line.text) in self.heads and any(ch.isalpha() for ch in line.text)
            if repeated and not _PAGE_NUMBER.fullmatch(line.text):
                out.remove("running-head", line.text)
            else:
                kept.append(line.text)  # clean drops a page number and reports it
        out.aside(kept)

    # Page breaks ------------------------------------------------------------------

    def _continues(self, block: list[Line], first: list[Line]) -> bool:
        """Whether block ``first`` (after a page or column break) goes on with ``block``."""
        last, start = block[-1], first[0]
        if abs(last.size - start.size) > _SIZE_CHANGE * max(last.size, start.size):
            return False
        if len(first) > 1 and first[1].x < start.x - _INDENT * start.size:
            return False  # a first-line indent: a new paragraph
        if len(block) == 1 and len(last.text) < _HEADING_LINE * self.full:
            return False  # a heading at the foot of the page
        return not ends_sentence(last.text) or len(last.text) >= _FULL_LINE * self.full

    # Text -------------------------------------------------------------------------

    def text(self) -> Extracted:
        out = TextBuilder()
        previous: list[Line] | None = None
        for page in self.pages:
            blocks = self._blocks(page.lines)
            furniture = self._furniture(page, blocks)
            first = True
            for index, block in enumerate(blocks):
                if index in furniture:
                    self._furnish(out, block)
                    continue
                lines = [line.text for line in block]
                # A page break, or a jump up into the next column: maybe mid-paragraph.
                soft = previous is not None and (first or self._jumps(previous[-1], block[0]))
                if previous is not None and soft and self._continues(previous, block):
                    out.extend(lines)
                    previous = previous + block
                else:
                    out.block(lines)
                    previous = block
                first = False
        return out.result()


def _clearance(blocks: list[list[Line]], index: int, top: bool) -> float:
    """The gap between block ``index`` and the rest of the page, above or below it."""
    rest = [line.y for i, block in enumerate(blocks) if i != index for line in block]
    ys = [line.y for line in blocks[index]]
    return min(ys) - max(rest) if top else min(rest) - max(ys)


def _starts_item(above: Line, below: Line) -> bool:
    """Whether ``below`` starts a list item (or a numbered note) in a list without gaps:
    a bullet, or a number after a finished sentence or hanging left of the line above."""
    marker = _LIST_MARKER.match(below.text)
    if not marker:
        return False
    return (
        marker.group(1) is not None
        or ends_sentence(above.text)
        or below.x < above.x - _INDENT * below.size
    )


def _key(text: str) -> str:
    """A line as it repeats from page to page: digits (page numbers, dates) aside."""
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())
