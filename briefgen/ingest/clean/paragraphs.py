"""Lines → paragraphs: from blank lines where the text sets paragraphs apart with them,
else from its layout; rejoined where a page break or debris cut one.

1. **Gaps.**  Between two kept lines there is nothing, blank lines, removed lines
   (debris: a URL, a teaser), or a page break (a form feed, or the page
   :mod:`.pages` found; its furniture removed; or the next column).
2. **Which gaps tell** (:func:`layout_of`).  Blank lines set paragraphs apart when more
   of them follow a finished sentence than lines inside blocks end a paragraph by the
   layout (:mod:`.breaks`).  They fall anywhere (double-spaced text, a line per
   paragraph as pasting a PDF into Word gives) when more of them follow a full line
   that stops mid-sentence than a finished sentence.  Otherwise the text has none
   between its paragraphs (``pdftotext``, pypdf, a justified page copied whole).
3. **Pieces** (:func:`pieces_of`): the lines between gaps, and, where blank lines do not
   set paragraphs apart, cut where the layout shows a paragraph's end
   (:meth:`~.breaks.Measure.starts`: a short line ending a sentence, an indent, a
   heading, a list item).
4. **Joins** (:func:`join_pieces`).  A piece goes on with the one before across a gap
   when a sentence runs on (:func:`continues_sentence`); across a page break, or any gap
   of a text whose blank lines do not set paragraphs apart, also when the layout says
   nothing ended there (a full line, no indent, no heading).

:func:`paragraph_text` joins a paragraph's wrapped lines into its text, the line-end
hyphens decided by :mod:`.hyphens`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from briefgen.ingest.clean.breaks import (
    FUNCTION_WORDS,
    Measure,
    Row,
    indented,
    measure_of,
    title_cased,
)
from briefgen.ingest.clean.hyphens import Vocabulary, join_line_ends
from briefgen.ingest.clean.lines import CLOSERS, Line, ends_sentence
from briefgen.ingest.clean.widths import Width, characters, width_of

Gap = Literal["layout", "blank", "debris", "page"]
"""What stands before a piece: a paragraph's end the layout shows (no gap), blank
lines, removed lines, a page break."""


class Piece(NamedTuple):
    """Lines that go together: a paragraph, or a piece of one."""

    lines: list[Line]
    gap: Gap
    """What stands between this piece and the one before (``"blank"`` for the first)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How a text sets its paragraphs apart (see the module docstring)."""

    measure: Measure
    blank_lines: bool
    """Blank lines set paragraphs apart."""
    anywhere: bool
    """Blank lines fall anywhere, between the lines of a paragraph too."""
    width: Width = characters
    """How wide a line was set, in characters of the text (:mod:`.widths`)."""

    def row(self, line: Line) -> Row:
        return row(line, self.width)


def row(line: Line, width: Width = characters) -> Row:
    """A line of a text as :mod:`.breaks` reads it: columns from its indent, as wide as
    ``width`` says."""
    if width is characters:
        return Row(line.text, line.indent, line.indent + len(line.text))
    lead = width(line.text.split(None, 1)[0] + " ")
    return Row(line.text, line.indent, line.indent + width(line.text), lead=lead)


def kept_lines(lines: Sequence[Line]) -> list[tuple[Line, Gap | None]]:
    """The lines not removed, each with the gap before it (``None``: right after the
    line before)."""
    kept: list[tuple[Line, Gap | None]] = []
    previous: Line | None = None
    debris = False
    for line in lines:
        if line.debris:
            debris = True
            continue
        gap: Gap | None
        if previous is None:
            gap = "blank"
        elif line.page != previous.page or line.column != previous.column:
            gap = "page"  # or the next column
        elif debris:
            gap = "debris"
        elif line.number != previous.number + 1:
            gap = "blank"
        else:
            gap = None
        kept.append((line, gap))
        previous, debris = line, False
    return kept


def layout_of(kept: Sequence[tuple[Line, Gap | None]]) -> Layout:
    """How the text sets paragraphs apart, from its measure and its gaps."""
    lines = [line for line, _ in kept]
    measured: dict[Width, tuple[list[Row], Measure]] = {}

    def spread(width: Width) -> float | None:
        """How far short of a full line one may end and still be full, against it."""
        rows = [row(line, width) for line in lines]
        measure = measured.setdefault(width, (rows, measure_of(itertools.pairwise(rows))))[1]
        return None if measure.full is None else (measure.line - measure.full) / measure.line

    width = width_of((line.text for line in lines), spread)
    rows, measure = measured[width]  # width_of measured every way it weighed
    finished = full = inner = 0
    for (above, below), (_, gap) in zip(itertools.pairwise(rows), kept[1:], strict=True):
        if gap is None:
            inner += measure.breaks(above, below)
        elif gap == "blank":
            if ends_sentence(above.text):
                finished += 1
            elif measure.full is not None and not measure.short(above, below):
                full += 1
    anywhere = full > finished
    return Layout(measure, not anywhere and finished > 0 and finished >= inner, anywhere, width)


def pieces_of(kept: Sequence[tuple[Line, Gap | None]], layout: Layout) -> list[Piece]:
    """The lines between gaps, cut where the layout shows a paragraph's end when blank
    lines do not set paragraphs apart."""
    blocks: list[tuple[list[Line], Gap]] = []
    for line, gap in kept:
        if gap is None:
            blocks[-1][0].append(line)
        else:
            blocks.append(([line], gap))
    if layout.blank_lines:
        return [Piece(lines, gap) for lines, gap in blocks]
    pieces: list[Piece] = []
    for lines, gap in blocks:
        after_end = gap == "blank" or not pieces or ends_sentence(pieces[-1].lines[-1].text)
        starts = layout.measure.starts([layout.row(line) for line in lines], after_end)
        bounds = [0, *starts, len(lines)]
        for k, (start, stop) in enumerate(itertools.pairwise(bounds)):
            pieces.append(Piece(lines[start:stop], gap if k == 0 else "layout"))
    return pieces


def join_pieces(pieces: Sequence[Piece], layout: Layout) -> list[list[Line]]:
    """Paragraphs: each piece joined to the one before when it goes on across the gap."""
    groups: list[list[Line]] = []
    for piece in pieces:
        if groups and _goes_on(groups[-1], piece, layout):
            groups[-1].extend(piece.lines)
        else:
            groups.append(list(piece.lines))
    return groups


def _goes_on(previous: Sequence[Line], piece: Piece, layout: Layout) -> bool:
    if piece.gap == "layout":
        return False
    first = piece.lines[0]
    measure = layout.measure
    sentence = continues_sentence(previous, first.text, piece.gap != "blank")
    row = layout.row
    if sentence and measure.indents and indented(row(previous[-1]), row(first)):
        # Lines removed in the gap say a sentence may run on; a first-line indent, where
        # indents mark the paragraphs, says it does not, unless the words do.
        sentence = continues_sentence(previous, first.text, after_debris=False)
    if measure.full is None or (layout.blank_lines and piece.gap != "page"):
        return sentence
    if piece.gap == "blank" and not layout.anywhere:
        return sentence
    # The layout decides: a page break, or a text whose blank lines tell nothing.
    above, below = row(previous[-1]), row(first)
    heading_above = (
        len(previous) == 1 or ends_sentence(previous[-2].text) or _heading_lines(previous)
    ) and measure.heading(above, below)
    heading_below = (
        len(piece.lines) > 1
        and ends_sentence(above.text)
        and measure.heading(below, row(piece.lines[1]))
    )
    after = row(piece.lines[1]) if len(piece.lines) > 1 else None
    before = row(previous[-2]) if len(previous) > 1 else None
    breaks = measure.breaks(above, below, after, page=piece.gap == "page", before=before)
    return sentence or not (breaks or heading_above or heading_below)


_HEADING_MAX_WORDS = 12
_HEADING_LINES = 3
"""A heading or a title wraps over at most this many lines."""


def continues_sentence(previous: Sequence[Line], first: str, after_debris: bool) -> bool:
    """Whether a sentence cut by a gap runs on in the line ``first`` after it.

    It does when ``previous`` does not end a sentence and either the evidence is strong
    (``first`` starts in lower case or with , ; ) and the like, or ``previous`` ends on
    a word like "the" or "of"), or lines were removed in the gap (``after_debris``) and
    ``previous`` is not a heading (or a title of a few lines).
    """
    last = previous[-1].text
    if ends_sentence(last):
        return False
    if first[0].islower() or first[0] in ",;:)]}":
        return True
    words = last[-200:].split()
    if words[-1].rstrip(CLOSERS).lower() in FUNCTION_WORDS:
        return True
    return after_debris and not _heading_lines(previous)


def _heading_lines(lines: Sequence[Line]) -> bool:
    """Whether ``lines`` may be a heading or a title: a few lines of :func:`_heading`."""
    return len(lines) <= _HEADING_LINES and _heading(" ".join(line.text for line in lines))


def _heading(text: str) -> bool:
    """Whether a line of its own, with no sentence end, may be a heading or a title: a
    few words, or more in title case."""
    return len(text.split(None, _HEADING_MAX_WORDS)) <= _HEADING_MAX_WORDS or title_cased(text)


def paragraph_text(lines: Sequence[Line], vocabulary: Vocabulary) -> str:
    """Join wrapped lines into one paragraph with single spaces between words."""
    return " ".join(join_line_ends("\n".join(line.text for line in lines), vocabulary).split())
