"""Page furniture: what belongs to the page, not to the essay.

:func:`drop_page_numbers` takes out a page number standing alone in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefgen.essay import Removal
from briefgen.ingest.clean.lines import Cut, Line, adjacent

PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]",
    re.IGNORECASE,
)
"""A page number in its usual forms: ``7``, ``Page 3``, ``3 of 9``, ``3/9``, ``– 4 –``."""
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
