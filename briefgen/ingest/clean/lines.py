"""The essay text as numbered lines, and what the rules know of one line.

:func:`split_lines` numbers the non-blank lines; a rule says which to take out as
:class:`Cut` s, and :func:`apply_cuts` leaves each removed line in place as an empty
``debris`` line, so that its number is kept and the gap it leaves is known to have held
debris.  :func:`drop_blank_debris` is the rule that needs nothing but the line itself;
:func:`ends_sentence` is the test every later rule uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from briefgen.essay import Removal


class Line(NamedTuple):
    """One non-blank source line on its way through the rules.

    A NamedTuple rather than a frozen dataclass: one is made per line, and a 10 MB
    essay has hundreds of thousands of them.  Blank lines get none; a gap in the
    numbers is a blank line.
    """

    number: int
    """1-based line number in the source."""

    text: str
    """The line without surrounding whitespace; ``""`` once a rule has removed it."""

    debris: bool = False
    """A rule removed this line: a gap holding it may split a sentence in two."""

    indent: int = 0
    """Columns of white space before the text (a tab to the next multiple of 8): a
    first-line indent, in text laid out as ``pdftotext -layout`` lays it out."""

    page: int = 0
    """0-based page: form feeds before the line, or the page :mod:`.pages` finds."""

    column: int = 0
    """0, or 1 for the right column of a page laid out in two (:mod:`.columns`)."""


class Cut(NamedTuple):
    """What a rule takes out: ``lines[start:stop]``, reported as ``removal``."""

    start: int
    stop: int
    removal: Removal


Rule = Callable[[Sequence[Line]], list[Cut]]
"""Reads the lines and says what to take out; :func:`~briefgen.ingest.clean.clean`
applies the cuts."""


def split_lines(text: str) -> list[Line]:
    """The non-blank lines, numbered; any line-end convention and a leading BOM are accepted.

    Lines are split at ``\\n`` only: ``str.splitlines()`` also breaks at ``\\f``, ``\\v``
    and U+2028, and the numbers would no longer match the ones an editor shows.  A form
    feed (``pdftotext`` ends every page with one) starts a new page: the line it stands
    on belongs to the next page when text follows it there.
    """
    text = normalise(text)
    if "\f" not in text:
        return [
            Line(number, raw.strip(), indent=indent_of(raw))
            for number, raw in enumerate(text.split("\n"), start=1)
            if raw and not raw.isspace()
        ]
    lines: list[Line] = []
    page = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            *before, raw = raw.split("\f")
            page += len(before)
            if not raw.strip() and before[-1].strip():  # "end of a page\f"
                raw = before[-1]
                lines.append(Line(number, raw.strip(), indent=indent_of(raw), page=page - 1))
                continue
        if raw and not raw.isspace():
            lines.append(Line(number, raw.strip(), indent=indent_of(raw), page=page))
    return lines


def normalise(text: str) -> str:
    """``text`` without a leading BOM, its line ends ``\\n``."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def indent_of(raw: str) -> int:
    """Columns of white space before ``raw``'s text, a tab to the next multiple of 8."""
    stripped = raw.lstrip()
    lead = raw[: len(raw) - len(stripped)]
    return len(lead.expandtabs(8)) if "\t" in lead else len(lead)


def apply_cuts(lines: list[Line], cuts: Sequence[Cut]) -> list[Line]:
    """Replace the cut lines by debris markers, keeping their numbers."""
    if not cuts:
        return lines
    out = list(lines)
    for cut in cuts:
        for i in range(cut.start, cut.stop):
            out[i] = out[i]._replace(text="", debris=True)
    return out


def adjacent(lines: Sequence[Line], i: int) -> bool:
    """Whether ``lines[i]`` directly follows ``lines[i - 1]``: no blank or removed line between."""
    return (
        0 < i < len(lines)
        and lines[i].number == lines[i - 1].number + 1
        and not lines[i].debris
        and not lines[i - 1].debris
    )


# Bullets, box-drawing leftovers, invisible characters; dashes only as a rule ("———"),
# since a lone dash can be punctuation wrapped onto its own line.
_DEBRIS = re.compile(
    r"[\s•·◦▪▫■□●○◆◇►▶*_=~|#+\u00ad\u200b-\u200d\u2060\ufeff]+|[\s\-\u2013\u2014_=]{3,}"
)


def drop_blank_debris(lines: Sequence[Line]) -> list[Cut]:
    """A line with no letter, digit or punctuation mark is decoration, not text."""
    return [
        Cut(i, i + 1, Removal("blank-debris", line.text, line.number))
        for i, line in enumerate(lines)
        if line.text and not line.text[0].isalnum() and _DEBRIS.fullmatch(line.text)
    ]


CLOSERS = "\"'\u201d\u2019\u00bb)]}*"
"""Closing marks that may follow the final punctuation: said "no." or (see above.)"""
_SENTENCE_END = ".?!:;…"


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with . ? ! : ; or … (possibly followed by closing marks)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END
