"""Columns of a text laid out as a page is: ``pdftotext -layout``, pypdf's layout mode.

Such an extraction sets a two-column page's columns side by side, each line holding a
line of both.  :func:`split_columns` finds, page by page, the **gutter**: a band of
columns that is white in most of the page's long lines while text stands on both sides
of it.  Between the first and the last line that have text on both sides of the gutter
(the page's head and foot, set across it, stay whole), each line is cut there, and the
lines are read as a reader reads them: the left column down, then the right.  A line
keeps its number in the file; its indent is counted from its column's edge.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from briefgen.ingest.clean.lines import Line, indent_of, normalise


def in_columns(text: str, lines: list[Line]) -> list[Line]:
    """``text``'s ``lines`` (with their pages) read column by column where a page is set
    in two side by side."""
    if not _SET_APART.search(text):
        return lines
    raws = normalise(text).split("\n")
    out: list[Line] = []
    start = 0
    gutter: tuple[int, int] | None = None
    while start < len(lines):
        stop = start + 1
        while stop < len(lines) and lines[stop].page == lines[start].page:
            stop += 1
        page = lines[start:stop]
        rows = [(line.number, _raw(raws[line.number - 1])) for line in page]
        # A page with too few lines of its own (the last) keeps the one before's gutter.
        gutter = _gutter([raw for _, raw in rows]) or _kept(gutter, rows)
        parts = split_columns(rows, gutter)
        if all(part.column == 0 for part in parts):
            out.extend(page)
        else:
            out.extend(
                Line(part.number, text, indent=indent_of(part.raw), page=page[0].page, column=1)
                if part.column
                else Line(part.number, text, indent=indent_of(part.raw), page=page[0].page)
                for part in parts
                if (text := part.raw.strip())
            )
        start = stop
    return out


def _kept(
    gutter: tuple[int, int] | None, rows: Sequence[tuple[int, str]]
) -> tuple[int, int] | None:
    """``gutter``, when the page's lines agree with it: none runs across it."""
    if gutter is None or any(_cut(raw, *gutter) is None for _, raw in rows):
        return None
    return gutter


def _raw(raw: str) -> str:
    """A line as the page sets it: a form feed out, tabs expanded."""
    raw = raw.rsplit("\f", 1)[-1] if raw.rsplit("\f", 1)[-1].strip() else raw.replace("\f", "")
    return raw.expandtabs(8) if "\t" in raw else raw


class Part(NamedTuple):
    """A line, or the part of a line in one column."""

    number: int
    """The line's 1-based number in the text."""
    raw: str
    """Its text, leading white space (from the column's edge) kept."""
    column: int
    """0 for the left column (or a line set across both), 1 for the right."""


# Words far apart on a line: fields of a head, or columns side by side.
_SET_APART = re.compile(r"\S {4,}\S")
_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
_WHITE_RUN = re.compile(r" {2,}")
_LONG = 0.6
"""A line reaching this share of the page's widest line is long."""
_WHITE = 0.8
"""A gutter is white in this share of the long lines."""
_MIN_LONG = 6
"""Fewer long lines than this say nothing of columns."""
_MIN_SIDE = 0.25
"""A gutter lies at least this share of the width from either side."""
_MIN_ROWS = 3
"""Columns span at least this many lines with text right of the gutter."""
_EDGE_SHARE = 0.25
"""A line of the left column starts within this share of its width from its edge."""
_RUN_GAP = 3
"""Lines of a column are at most this many lines apart (rows of the left column, or a
blank line, between them)."""


def split_columns(
    page: Sequence[tuple[int, str]], gutter: tuple[int, int] | None = None
) -> list[Part]:
    """A page's ``(number, raw)`` lines in reading order, cut into columns when it has
    a gutter (see the module docstring; ``gutter`` when it is known already); tabs are
    expected expanded."""
    gutter = gutter or _gutter([raw for _, raw in page])
    whole = [Part(number, raw, 0) for number, raw in page]
    if gutter is None:
        return whole
    cuts = [_cut(raw, *gutter) for _, raw in page]
    begins = [(k, cut[1]) for k, cut in enumerate(cuts) if cut and cut[1] >= 0]
    # The columns: runs of lines with a right part, a blank line or a left line apart
    # (a head across the page, blank lines below it, stands apart).
    runs: list[list[tuple[int, int]]] = []
    for k, begin in begins:
        if runs and page[k][0] - page[runs[-1][-1][0]][0] <= _RUN_GAP:
            runs[-1].append((k, begin))
        else:
            runs.append([(k, begin)])
    rows = [row for run in runs if len(run) >= _MIN_ROWS for row in run]
    if not rows:
        return whole
    first, last = rows[0][0], rows[-1][0]
    # The left column may run on above or below the right one (a short last page).
    while first > 0 and _left_alone(page[first - 1][1], gutter) and _near(page, first - 1, first):
        first -= 1
    while (
        last + 1 < len(page)
        and _left_alone(page[last + 1][1], gutter)
        and _near(page, last, last + 1)
    ):
        last += 1
    if not any(cut and cut[0] > 0 for cut in cuts[first : last + 1]):
        return whole
    # The right column's edge: where most of its lines start.
    edge = Counter(begin for _, begin in rows).most_common(1)[0][0]
    left: list[Part] = []
    right: list[Part] = []
    for (number, raw), cut in zip(page[first : last + 1], cuts[first : last + 1], strict=True):
        if cut is None:  # set across the gutter: a heading, a caption
            left.extend(right)
            right.clear()
            left.append(Part(number, raw, 0))
            continue
        stop, begin = cut
        left.append(Part(number, raw[:stop], 0))
        if begin >= 0:
            right.append(Part(number, " " * max(0, begin - edge) + raw[begin:], 1))
    return [*whole[:first], *left, *right, *whole[last + 1 :]]


def _left_alone(raw: str, gutter: tuple[int, int]) -> bool:
    """Whether ``raw`` is a line of the left column alone: it ends before the right
    column and starts near its column's edge (not a page number set in the middle)."""
    text = raw.rstrip()
    lead = len(text) - len(text.lstrip())
    return 0 < len(text) < gutter[1] and lead < _EDGE_SHARE * gutter[0]


def _near(page: Sequence[tuple[int, str]], above: int, below: int) -> bool:
    """Whether lines ``above`` and ``below`` of ``page`` are a column's successive lines."""
    return page[below][0] - page[above][0] <= _RUN_GAP


def _cut(raw: str, start: int, stop: int) -> tuple[int, int] | None:
    """Where ``raw``'s left part ends and its right part begins (-1: none), at the gap
    that meets the gutter ``[start, stop)``; ``None`` when its text crosses the gutter."""
    text = raw.rstrip()
    if len(text) < stop:  # the left column's line alone, reaching into the gutter
        return len(text), -1
    lead = len(text) - len(text.lstrip())
    if lead >= start:
        return 0, lead
    for gap in _GAP.finditer(text):
        if gap.start() < stop and gap.end() > start:
            return gap.start(), gap.end()
    return None


def _gutter(raws: Sequence[str]) -> tuple[int, int] | None:
    """The columns ``[start, stop)`` of the page's gutter, or ``None``."""
    width = max((len(raw.rstrip()) for raw in raws), default=0)
    long = [raw for raw in raws if len(raw.rstrip()) >= _LONG * width]
    if len(long) < _MIN_LONG:
        return None
    # How many long lines are white at each column (before their text, or between words).
    change = [0] * (width + 2)
    for raw in long:
        for gap in _WHITE_RUN.finditer(raw.rstrip()):
            change[gap.start()] += 1
            change[gap.end()] -= 1
    white = 0
    best: tuple[int, int] | None = None
    run_start = -1
    need = _WHITE * len(long)
    low, high = int(_MIN_SIDE * width), int((1 - _MIN_SIDE) * width)
    for column in range(width + 1):
        white += change[column]
        inside = low <= column <= high and white >= need
        if inside and run_start < 0:
            run_start = column
        elif not inside and run_start >= 0:
            if best is None or column - run_start > best[1] - best[0]:
                best = (run_start, column)
            run_start = -1
    return best
