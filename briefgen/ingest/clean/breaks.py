"""Where a paragraph ends, read from the layout of its lines: one set of rules for a
text's columns and a PDF's points.

A line as it is laid out is a :class:`Row`: its text, where it starts and ends, and how
wide one of its characters is (a column in a text; in a PDF, the line's width over its
length).  :func:`measure_of` reads from the document's own lines how wide a full line
is; then :meth:`Measure.breaks` says a new paragraph starts after a line when

- the line ends a sentence and is **short**: the next line's first word would have
  fitted after it.  Breaking lines, a typesetter (or a word processor) moves a word to
  the next line only when it does not fit, so only a paragraph's last line can end
  short; how much room a full line leaves varies, and the document says by how much.
  Where the text marks its paragraphs with indents, the next line must be a first line
  too (the one after it starts left of it), except over a page break;
- the next line is **indented** past it: a first-line indent, where lines keep a left
  edge;
- the line is a **heading**: short, a few words starting with a capital and no
  sentence end, after a paragraph's end and before a capital;
- the next line starts a **list item**: a bullet, or a number after a finished sentence.

Lines that run the full measure, or stop mid-sentence, go on in the next line; so does a
paragraph across a page break, unless these rules say otherwise.
"""

from __future__ import annotations

import dataclasses
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefgen.ingest.clean.lines import CLOSERS, ends_sentence


class Row(NamedTuple):
    """A line of text as it is laid out."""

    text: str
    """Stripped; never empty."""
    start: float
    """Where the line starts: its indent in columns, or its x in points."""
    end: float
    """Where it ends, in the same unit."""
    unit: float = 1.0
    """The width of one of its characters: 1 in a text, in points in a PDF."""
    lead: float | None = None
    """How wide its first word and a space are, measured as the line is; ``None``: that
    many characters."""


INDENT = 0.75
"""A line starting this many characters right of the line before is indented: one
column in a text (pypdf's plain text marks a first-line indent with one space)."""
_WRAPPED_SHARE = 0.5
"""Text is wrapped at a measure when at least this share of the lines that go on mid-
sentence are within :data:`_WRAPPED_SPREAD` of their median fill."""
_WRAPPED_SPREAD = 0.15
_FILL_QUANTILE = 0.05
"""A line is short when its fill is below this quantile of the fills of lines that go
on mid-sentence (lines that were full): how much a full line may vary."""
_INDENT_ROOM = 3
"""How many characters a first-line indent takes, about an em: what a line indented by
less than that, as an extraction shows it, has lost."""
_JUSTIFIED_SLACK = 0.25
"""Lines drawn stretched to the measure end within this many characters of it ..."""
_JUSTIFIED_SHARE = 0.7
"""... and in justified text at least this share of the full lines do."""
_MIN_SAMPLES = 8
"""Fewer lines that go on mid-sentence than this tell nothing of the measure."""
_ALIGNED_SHARE = 0.8
"""Lines keep a left edge when at least this share of successive ones start together
or one indent apart (give or take a column, as extractions round it)."""
_INDENTED_SHARE = 0.6
"""Indents mark the paragraphs when at least this share of short lines ending a
sentence have one after them ..."""
_MIN_INDENTS = 3
"""... and at least this many do."""
_HEADING_MAX_WORDS = 12
_TITLE_MAX_WORDS = 24

# A list item's start: a bullet (group 1), or "1." "12)" "a." and a space.  Not a dash:
# a line of prose may start with one.
LIST_MARKER = re.compile(
    r"([\u2022\u2023\u2043\u2219\u25aa\u25cf\u25e6*])\s|(?:\d{1,3}|[a-z])[.)]\s"
)
# Words a sentence (or a heading) cannot end on.
FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor of to in on at by for from with without into onto upon about
    against between through during under over after before because although though if
    whether while than that which who whose whom as is are was were be been being has
    have had its their his her our your my not very more most such
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


def fill(above: Row, below: Row) -> float:
    """How far ``above`` would reach with ``below``'s first word after it, from the left
    edge the two share (the lower start, unless one is in another column)."""
    left = min(above.start, below.start)
    if below.lead is not None:
        return above.end - left + below.lead
    word = below.text.split(None, 1)[0]
    return above.end - left + (len(word) + 1) * below.unit


@dataclass(frozen=True, slots=True)
class Measure:
    """What a full line of a document is, read from its lines."""

    full: float | None
    """A line whose :func:`fill` stays under this was ended on purpose; ``None`` when
    the text is not wrapped at a measure (a paragraph per line, as HTML gives it)."""
    line: float = math.inf
    """The width of a full line: the median of the lines that go on mid-sentence."""
    joined: float = math.inf
    """A line wider than this is lines an extractor joined: as much wider than
    :attr:`line` as full lines come narrower."""
    aligned: bool = True
    """Most successive lines start at one edge, so an indent means something (not so in
    text whose lines start anywhere)."""
    indents: bool = False
    """The text marks its paragraphs with first-line indents: then a short line with
    no indent after it ends no paragraph."""
    indent: float = 0.0
    """How far a first line is indented, most often, in characters (0: none seen)."""
    justified: float | None = None
    """Where lines are drawn stretched to the measure (justified, as a PDF's positions
    show them), how far short of :attr:`line` a line must end to be one set at its
    natural width, ended on purpose; ``None`` in a text, or lines set ragged."""

    def short(self, above: Row, below: Row) -> bool:
        """Whether ``below``'s first word would have fitted after ``above``.

        A line wider than :attr:`joined` is judged by its last line as wrapping it at
        :attr:`line` would end it (``pdftotext`` joins the two lines of a word broken at
        a hyphen or a dash)."""
        if self.full is None:
            return False
        width = _width(above, below)
        if self.justified is not None and width <= self.joined:
            return width < self.line - self.justified
        reach = fill(above, below)
        if width > self.joined:
            last = _last_line(above.text, self.line / above.unit)
            reach += (last - len(above.text)) * above.unit
        shift = (above.start - below.start) / above.unit
        if 0 < shift < _INDENT_ROOM:
            # A first line whose indent shows narrower than it was set (pypdf's plain
            # text shows one as a single space) lost that room.
            reach += (_INDENT_ROOM - shift) * above.unit
        return reach < self.full

    def breaks(
        self,
        above: Row,
        below: Row,
        after: Row | None = None,
        page: bool = False,
        before: Row | None = None,
    ) -> bool:
        """Whether a new paragraph starts at ``below``, the line after ``above``: a
        short line ending a sentence, an indent, or a list item (headings aside).

        Where indents mark the paragraphs, a line ending a sentence that is a paragraph
        of one line (indented past the line ``before`` it) ends it when ``below`` starts
        where it does, short or not; a short line ends one only when ``below`` is a
        first line (the line ``after`` it starts left of it), or over a ``page`` break,
        where an extraction may show no indent (pypdf's plain text does not)."""
        if ends_sentence(above.text):
            alone = (
                before is not None
                and indented(before, above)
                and abs(below.start - above.start) < max(INDENT, self.indent / 2) * below.unit
            )
            if self.indents and alone:
                return True
            first = after is not None and indented(after, below)
            if self.short(above, below) and (not self.indents or first or page):
                return True
        return (self.aligned and indented(above, below)) or starts_item(above, below)

    def heading(self, row: Row, below: Row) -> bool:
        """Whether ``row``, after a paragraph's end, is a heading of its own: short, a few
        words starting with a capital or a digit, no sentence end, no word a sentence
        cannot end on, and a capital or a digit after it."""
        text = row.text
        if not self.short(row, below) or ends_sentence(text) or text[-1] in ",-\u2010":
            return False
        words = text.split(None, _HEADING_MAX_WORDS)
        last = words[-1].rstrip(CLOSERS).lower()
        return (
            (len(words) <= _HEADING_MAX_WORDS or title_cased(text))
            and (text[0].isupper() or text[0].isdigit())
            and last not in FUNCTION_WORDS
            and (below.text[0].isupper() or below.text[0].isdigit())
        )

    def starts(self, rows: Sequence[Row], after_end: bool = True) -> list[int]:
        """Indices of ``rows`` (lines in reading order, no gap between them) that start
        a new paragraph; 0 is not listed.  ``after_end``: a paragraph ended before
        ``rows[0]`` (or nothing is before it).

        A heading stands after a sentence's end (or another heading) and gets a
        paragraph of its own."""
        starts: list[int] = []
        heading = False
        for i in range(1, len(rows)):
            above, below = rows[i - 1], rows[i]
            ended = after_end if i == 1 else ends_sentence(rows[i - 2].text) or heading
            heading = ended and self.heading(above, below)
            if heading and i > 1 and starts[-1:] != [i - 1]:
                starts.append(i - 1)  # after a full line that ended a sentence
            after = rows[i + 1] if i + 1 < len(rows) else None
            before = rows[i - 2] if i > 1 else None
            if heading or self.breaks(above, below, after, before=before):
                starts.append(i)
        return starts


def title_cased(text: str) -> bool:
    """Whether ``text`` is a title too long for a heading's few words, set in title
    case: every word but the small ones starts with a capital or a digit ("Annual
    Message to Congress on the State of the Union, January 6, 1941")."""
    words = text.split(None, _TITLE_MAX_WORDS)
    return len(words) <= _TITLE_MAX_WORDS and all(
        word[0].isupper() or word[0].isdigit() or word.rstrip(CLOSERS).lower() in FUNCTION_WORDS
        for word in words
    )


def _last_line(text: str, width: float) -> int:
    """The length of the last line of ``text`` wrapped greedily at ``width`` characters."""
    line = 0
    for word in text.split():
        line = len(word) if line and line + 1 + len(word) > width else line + bool(line) + len(word)
    return line


def indented(above: Row, below: Row) -> bool:
    """Whether ``below`` starts right of ``above``: a first-line indent, unless
    ``above`` starts a list item whose lines hang."""
    return below.start > above.start + INDENT * below.unit and not LIST_MARKER.match(above.text)


def starts_item(above: Row, below: Row) -> bool:
    """Whether ``below`` starts a list item (or a numbered note) in a list without gaps:
    a bullet, or a number after a finished sentence or hanging left of the line above."""
    marker = LIST_MARKER.match(below.text)
    if not marker:
        return False
    return (
        marker.group(1) is not None
        or ends_sentence(above.text)
        or below.start < above.start - INDENT * below.unit
    )


def measure_of(pairs: Iterable[tuple[Row, Row]], drawn: bool = False) -> Measure:
    """The measure of a document from its pairs of successive lines (within a column);
    ``drawn``: the rows' ends are where their lines were drawn, not character counts.

    The lines that go on mid-sentence (not ending one, the next not indented) were full
    when they were broken; their fills say how full a full line is.  When too few of
    them agree, the text was not wrapped at a measure and no line is short."""
    pairs = list(pairs)
    aligned, indent = _aligned(pairs)
    full_pairs = [
        (above, below)
        for above, below in pairs
        if not ends_sentence(above.text) and not indented(above, below)
    ]
    if len(full_pairs) < _MIN_SAMPLES:
        return Measure(None, aligned=aligned, indent=indent)
    fills = sorted(fill(above, below) for above, below in full_pairs)
    middle = statistics.median(fills)
    close = sum(1 for f in fills if abs(f - middle) <= _WRAPPED_SPREAD * middle)
    if close < _WRAPPED_SHARE * len(fills):
        return Measure(None, aligned=aligned, indent=indent)
    # Lines far shorter than the rest (headings, a column's last line) are not full.
    full = [f for f in fills if f >= (1 - 2 * _WRAPPED_SPREAD) * middle]
    widths = sorted(_width(above, below) for above, below in full_pairs)
    width = statistics.median(widths)
    narrow = widths[int(_FILL_QUANTILE * len(widths))]
    low = full[int(_FILL_QUANTILE * len(full))]
    if drawn:
        # Full lines reach past the measure by what their next word lacked; with that
        # spread evenly, the measure lies as far below the low quantile as the next
        # quantile lies above it.  Counted in characters, the low quantile is as close
        # as the count's own error allows.
        low -= (full[int(3 * _FILL_QUANTILE * len(full))] - low) / 2
    measure = Measure(low, width, 2 * width - narrow, aligned, indent=indent)
    if drawn:
        measure = dataclasses.replace(measure, justified=_justified(widths, width, full_pairs))
    # Paragraphs marked by indents: most lines that end short, a sentence ended, have
    # an indented line after them.
    ends = [(a, b) for a, b in pairs if ends_sentence(a.text) and measure.short(a, b)]
    indented_after = sum(1 for a, b in ends if indented(a, b))
    marked = aligned and indented_after >= max(_MIN_INDENTS, _INDENTED_SHARE * len(ends))
    return dataclasses.replace(measure, indents=marked)


def _aligned(pairs: Sequence[tuple[Row, Row]]) -> tuple[bool, int]:
    """Whether most successive lines start at one edge, or one indent apart: lines that
    keep a left edge, however many of them are a paragraph's first (short paragraphs
    indented make half the lines move by the indent and back); and that indent."""
    if not pairs:
        return True, 0
    shifts = [round((below.start - above.start) / above.unit) for above, below in pairs]
    indents = Counter(shift for shift in shifts if shift > INDENT)
    indent = indents.most_common(1)[0][0] if indents else 0
    kept = sum(1 for shift in shifts if shift == 0 or (indent and abs(abs(shift) - indent) <= 1))
    return kept >= _ALIGNED_SHARE * len(pairs), indent


def _justified(
    widths: Sequence[float], width: float, pairs: Sequence[tuple[Row, Row]]
) -> float | None:
    """How short of the measure a line drawn at its natural width ends, at least, when
    most full lines are drawn stretched to it (within a fraction of a character):
    :attr:`Measure.justified`."""
    unit = statistics.median(above.unit for above, _ in pairs)
    slack = _JUSTIFIED_SLACK * unit
    close = sum(1 for w in widths if abs(w - width) <= slack)
    return 2 * slack if close >= _JUSTIFIED_SHARE * len(widths) else None


def _width(above: Row, below: Row) -> float:
    return above.end - min(above.start, below.start)
