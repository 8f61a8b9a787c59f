"""Paragraphs from the positions of a paged document's lines (a PDF's).

Measured once per document (:func:`measures_of`): the body's font size, its line pitch,
the length of a full line (the median wrapped line), and the measure :mod:`.breaks`
reads from the lines' drawn widths.  Then:

- **Blocks of a page** (:meth:`Measures.blocks`).  A line starts a new block when the
  gap above it is clearly wider than the usual line pitch, when its font size changes,
  when it is indented past the line before (a first-line indent), when it starts a list
  item, when it is drawn above the line before (the next column), or where the rules of
  :mod:`.breaks` end a paragraph, as they do in a text: after a line that ends a
  sentence short of the measure, around a heading.  Wrapped lines stay lines of one
  block, for the text rules to join, as they join a ``.txt``'s; a line-end hyphen is
  left for :mod:`.hyphens` to judge.
- **Page breaks** (:meth:`Measures.continues`).  A paragraph goes on over a page break
  (or up into the next column) when its last line stops mid-sentence or runs the full
  measure, unless the next line is set in another size or indented.

Which blocks at a page's edges are furniture is :mod:`.furniture`'s to say.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.ingest.blocks import Page, PageLine
from briefgen.ingest.clean.breaks import LIST_MARKER, Measure, Row, measure_of, starts_item
from briefgen.ingest.clean.lines import ends_sentence

# Measures, in multiples of the body's line pitch, a line's font size, or the median
# length of a wrapped line.
_PARAGRAPH_GAP = 1.4
"""A gap this many pitches or more ends a paragraph (a blank line is 2)."""
_INDENT = 0.8
"""A line starting this many font sizes right of the line before is indented."""
SIZE_CHANGE = 0.15
"""Sizes differing by this fraction are different styles (a heading, a footnote)."""
_FULL_LINE = 0.85
"""A line this long, against the median wrapped line, runs the full measure."""
_HEADING_LINE = 0.7
"""A lone line shorter than this, against the median wrapped line, is a heading."""
_CHARACTER = 0.5
"""A character is about this many font sizes wide, where a line's width is unknown."""

PageBlock = list[PageLine]
"""Lines of a page that belong together: a paragraph or a piece of one."""


@dataclass(frozen=True, slots=True)
class Measures:
    """What the body text of a paged document looks like."""

    size: float
    """The body's font size: the size most of the text is set in, in points."""
    pitch: float
    """The body's line pitch: the most common gap between body lines, in points."""
    full: float
    """The length of a full line, in characters: the median wrapped line."""
    measure: Measure | None = None
    """The measure of the body's lines, from their drawn widths (:mod:`.breaks`);
    ``None`` when gaps set the paragraphs apart, as blank lines do in a text."""

    def body(self, line: PageLine) -> bool:
        """Whether ``line`` is set in the body's size."""
        return abs(line.size - self.size) <= SIZE_CHANGE * self.size

    def breaks(self, above: PageLine, below: PageLine) -> bool:
        """Whether ``below`` starts a new block within a page (not a column jump).

        A line right of the one above is indented, unless that one starts a list item
        whose lines hang.  Lines set larger than the body (a title of two lines) are set
        at a pitch as much larger."""
        gap = above.y - below.y
        pitch = self.pitch * max(1.0, min(above.size, below.size) / self.size)
        return (
            gap > _PARAGRAPH_GAP * pitch
            or abs(above.size - below.size) > SIZE_CHANGE * max(above.size, below.size)
            or (below.x > above.x + _INDENT * below.size and not LIST_MARKER.match(above.text))
            or starts_item(row(above), row(below))
        )

    def blocks(self, lines: Sequence[PageLine]) -> list[PageBlock]:
        """The blocks of a page's ``lines``."""
        ends = set(self.measure.starts([row(line) for line in lines]) if self.measure else ())
        blocks: list[PageBlock] = []
        for i, line in enumerate(lines):
            if i == 0 or i in ends or jumps(lines[i - 1], line) or self.breaks(lines[i - 1], line):
                blocks.append([line])
            else:
                blocks[-1].append(line)
        return blocks

    def continues(self, block: Sequence[PageLine], first: Sequence[PageLine]) -> bool:
        """Whether block ``first`` (after a page or column break) goes on with ``block``."""
        last, start = block[-1], first[0]
        if abs(last.size - start.size) > SIZE_CHANGE * max(last.size, start.size):
            return False
        if len(first) > 1 and first[1].x < start.x - _INDENT * start.size:
            return False  # a first-line indent: a new paragraph
        if len(block) == 1 and len(last.text) < _HEADING_LINE * self.full:
            return False  # a heading at the foot of the page
        if self.measure is None or self.measure.full is None:
            return not ends_sentence(last.text) or len(last.text) >= _FULL_LINE * self.full
        return not ends_sentence(last.text) or not self.measure.short(row(last), row(start))


def measures_of(pages: Sequence[Page]) -> Measures:
    """The body's size, line pitch, full line and measure, from every page's lines."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    size = sizes.most_common(1)[0][0] or 10.0
    # The pitch is measured between body lines, before the full line is known.
    sized = Measures(size, 0.0, math.inf)
    gaps = Counter(
        round((above.y - below.y) * 2) / 2
        for page in pages
        for above, below in itertools.pairwise(page.lines)
        if sized.body(above) and sized.body(below) and 0 < above.y - below.y < 3 * size
    )
    pitched = Measures(size, gaps.most_common(1)[0][0] if gaps else 1.2 * size, math.inf)
    wrapped = [
        (above, below)
        for page in pages
        for above, below in itertools.pairwise(page.lines)
        if pitched.body(above)
        and pitched.body(below)
        and not jumps(above, below)
        and not pitched.breaks(above, below)
    ]
    full = statistics.median(len(above.text) for above, _ in wrapped) if wrapped else math.inf
    drawn = all(above.width > 0 for above, _ in wrapped)
    measure = measure_of(((row(above), row(below)) for above, below in wrapped), drawn)
    # As blank lines in a text: gaps set the paragraphs apart when more of them follow
    # a finished sentence than lines within blocks end a paragraph by the measure.
    finished = sum(
        1
        for page in pages
        for above, below in itertools.pairwise(page.lines)
        if pitched.body(above)
        and pitched.body(below)
        and above.y - below.y > _PARAGRAPH_GAP * pitched.pitch
        and not jumps(above, below)
        and ends_sentence(above.text)
    )
    inner = sum(measure.breaks(row(above), row(below)) for above, below in wrapped)
    gapped = finished > 0 and finished >= inner
    return Measures(size, pitched.pitch, full, None if gapped else measure)


def row(line: PageLine) -> Row:
    """A line of a page as :mod:`.breaks` reads it: from its x to the end of its drawn
    width, a character its width over its length."""
    width = line.width or _CHARACTER * line.size * len(line.text)
    return Row(line.text, line.x, line.x + width, width / len(line.text))


def jumps(above: PageLine, below: PageLine) -> bool:
    """Whether ``below`` is drawn above ``above``: the next column."""
    return below.y > above.y + 0.5 * below.size
