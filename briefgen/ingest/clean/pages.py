"""The pages of a text: its form feeds, or the period of the lines that repeat on them.

``pdftotext`` ends each page with a form feed, and :func:`~.lines.split_lines` numbers
the pages from them.  Other extractions (pypdf, a copy from a PDF viewer) run the pages
together; there, the page's furniture gives the pages away: a running head, a page
number, a print header repeats at a regular distance in lines, once a page (or every
other page, a book's left and right heads).  :func:`paginate` finds such lines
(:func:`periodic`) and starts a page after each run of them, so that
:mod:`.furniture` reads the page edges of every text the same way.

A line repeats as its :func:`repeat_key`: lower case, white space collapsed, numbers
(page numbers, dates) and roman numerals as ``#``.  A sentence an essay repeats in its
body does not come back at a regular distance three times over, and stays.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from briefgen.ingest.clean.forms import ROMAN, prose, strong
from briefgen.ingest.clean.lines import Line

MIN_PERIOD = 5
"""No page holds fewer lines than this."""
_MIN_REPEATS = 3
_SLACK = 0.3
"""A page may hold this share of lines more or fewer than the period (pages differ in
headings and blank lines)."""
_MAX_MISSING = 3
"""A repeating line may skip this many pages less one (a page of figures, a chapter
opening without a head)."""
_ON_PERIOD_SHARE = 0.5
"""At least this share of a line's repeats must keep the period: a page number's key
(``#``) is also that of a number standing alone in the body."""
SENTENCE_REPEATS = 5
"""A line ending a sentence is furniture only when it keeps the period this often."""
_TWICE_MAX_WORDS = 12
"""A line seen only twice may be furniture when it has at most this many words."""
_BESIDE = 4
"""Lines this close (in lines) stand at the same page edge."""
MAX_EDGE_RUN = 8
"""A page's foot and the next page's head hold at most this many lines together (and
a page no more furniture)."""
MAX_FURNITURE_CHARS = 160
"""A running head, foot or print header is one line, shorter than this."""

_NUMBERS = re.compile(r"\d+")
_ROMAN_KEY_CHARS = 40
"""Roman numerals are masked in lines this short: page numbers and heads, not prose."""
_PUNCTUATION = "().,:;[]-\u2013\u2014"
_FOLIO_MARKS = frozenset("|\u00b7\u2022-\u2013\u2014/")


def repeat_key(text: str) -> str:
    """``text`` as it repeats from page to page: numbers and roman numerals aside, and
    a page number at either end (a folio: ``Site | 3`` on odd pages, ``4 | Site`` on
    even ones)."""
    words = _NUMBERS.sub("#", text.lower()).split()
    if len(text) <= _ROMAN_KEY_CHARS:
        words = ["#" if ROMAN.fullmatch(word.strip(_PUNCTUATION)) else word for word in words]
    if len(words) > 1 and words[0] == "#":
        words = words[2:] if len(words) > 2 and words[1] in _FOLIO_MARKS else words[1:]
    if len(words) > 1 and words[-1] == "#":
        words = words[:-2] if len(words) > 2 and words[-2] in _FOLIO_MARKS else words[:-1]
    return " ".join(words)


def paginate(lines: list[Line]) -> list[Line]:
    """``lines`` with their pages: as the form feeds say, or else after each run of
    :func:`periodic` lines.  Unchanged when neither says anything."""
    if any(line.page for line in lines):
        return lines
    marked = periodic(lines)
    if not marked:
        return lines
    out: list[Line] = []
    page = 0
    previous = False
    for i, line in enumerate(lines):
        if previous and i not in marked:
            page += 1
        previous = i in marked
        out.append(line._replace(page=page) if page else line)
    return out


def periodic(lines: Sequence[Line]) -> set[int]:
    """Indices of the lines whose key comes back at a regular distance in lines.

    A key seen three times or more keeps a period of its own (:func:`on_period`); five
    times, when the line ends a sentence (a copyright foot, not a refrain).  Seen
    twice (a text of a few pages), a short line with no sentence end is furniture when
    both its places are at a page's edge (next to another such line, or at the text's
    start or end: a head and a date, the foot of page 1 and the head of page 2), when
    another such line is seen between its two places as far apart (a book's left and
    right heads), or when its two places are a whole number of periods apart.  Short
    lines that stand together at two places or more are marked at those places
    (:func:`_together`), and a line in a form only furniture has
    (:func:`~.forms.strong`) wherever it stands."""
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.text and len(line.text) <= MAX_FURNITURE_CHARS:
            where.setdefault(repeat_key(line.text), []).append(i)
    marked: set[int] = set()
    periods: list[float] = []
    twice: list[tuple[int, int]] = []
    pages = 0
    for indices in where.values():
        if len(indices) >= _MIN_REPEATS:
            kept, period = on_period([lines[i].number for i in indices])
            # A sentence repeated a few times in the body is prose; a foot that ends
            # with a full stop (a copyright line) comes back on many pages.
            if prose(lines[indices[0]].text) and len(kept) < SENTENCE_REPEATS:
                continue
            marked.update(indices[k] for k in kept)
            pages = max(pages, len(kept))
            if kept:
                periods.append(period)
        elif len(indices) == 2 and _short_head(lines[indices[0]].text):
            first, second = (lines[i].number for i in indices)
            if second - first >= MIN_PERIOD:
                twice.append((indices[0], indices[1]))
    at = [(lines[a].number, lines[b].number) for a, b in twice]
    ends = (lines[0].number, lines[-1].number) if lines else (0, 0)
    for (a, b), (first, second) in zip(twice, at, strict=True):
        gap = second - first
        others = [pair for pair in at if pair != (first, second)]
        near = [place for pair in others for place in pair]
        agreed = all(
            any(abs(place - other) <= _BESIDE for other in (*near, *ends))
            for place in (first, second)
        ) or any(
            # between its two places, as far apart: a book's other page
            (first < third < second < fourth or third < first < fourth < second)
            and _whole(fourth - third, gap)
            for third, fourth in others
        )
        if agreed or any(_whole(gap, period) for period in periods):
            marked.update((a, b))
    marked |= _together(lines, where)
    if len(marked) > MAX_EDGE_RUN * max(pages, 2):
        return set()  # the text repeats itself: no page holds that much furniture
    # What says it is furniture (a folio, "Page 2 of 3", a print header) marks a page's
    # edge wherever it stands: a text of two pages has its running foot but twice.
    marked.update(i for i, line in enumerate(lines) if strong(line.text))
    return _short_runs(marked)


def _together(lines: Sequence[Line], where: dict[str, list[int]]) -> set[int]:
    """The short repeated lines that stand next to another such line, the same one, at
    two places or more, whatever the distance between them: a page's head and foot (or
    the foot and the next head), where pages hold different numbers of lines."""
    key_of = {
        i: key
        for key, indices in where.items()
        if len(indices) >= 2 and _short_head(lines[indices[0]].text)
        for i in indices
    }
    places: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for i, key in key_of.items():
        for j in range(i + 1, min(len(lines), i + 1 + _BESIDE)):
            other = key_of.get(j)
            if other and other != key and lines[j].number - lines[i].number <= _BESIDE:
                places.setdefault((min(key, other), max(key, other)), []).append((i, j))
    return {k for found in places.values() if len(found) >= 2 for pair in found for k in pair}


def _short_runs(marked: set[int]) -> set[int]:
    """``marked`` without its runs of more than :data:`MAX_EDGE_RUN` successive lines:
    a text repeated whole (or a passage of it) is not a page's head and foot."""
    kept: set[int] = set()
    for i in marked:
        if i - 1 not in marked:
            run = range(i, next(j for j in itertools.count(i) if j not in marked))
            if len(run) <= MAX_EDGE_RUN:
                kept.update(run)
    return kept


def _short_head(text: str) -> bool:
    """Whether ``text``, seen twice, may be a running head or foot: a few words, and no
    sentence end (a passage the text repeats, a list item, is prose)."""
    return len(text.split(None, _TWICE_MAX_WORDS)) <= _TWICE_MAX_WORDS and not prose(text)


def _whole(gap: float, period: float) -> bool:
    """Whether ``gap`` is a whole number of pages of ``period`` lines."""
    pages = round(gap / period)
    return 1 <= pages <= _MAX_MISSING and abs(gap - pages * period) <= _SLACK * period


def on_period(positions: Sequence[int]) -> tuple[list[int], float]:
    """Which of the sorted ``positions`` keep a period (none when too few do), and the
    period.

    The period is the median distance between successive positions that are at least
    :data:`MIN_PERIOD` apart; a position keeps it when the next or the one before is a
    whole number of periods away (within :data:`_SLACK`).  The last may come early: a
    foot on a short last page."""
    gaps = [b - a for a, b in itertools.pairwise(positions)]
    long_gaps = [gap for gap in gaps if gap >= MIN_PERIOD]
    if len(long_gaps) < _MIN_REPEATS - 1:
        return [], 0.0
    period = statistics.median(long_gaps)
    kept: set[int] = set()
    for k, gap in enumerate(gaps):
        if _whole(gap, period):
            kept.update((k, k + 1))
    last = len(positions) - 1
    if last - 1 in kept and MIN_PERIOD <= gaps[-1] < period:
        kept.add(last)
    if len(kept) < _MIN_REPEATS or len(kept) < _ON_PERIOD_SHARE * len(positions):
        return [], period
    return sorted(kept), period
