"""Page furniture in its usual forms: page numbers, folios, print headers and feet.

What only furniture looks like, whatever the document: a page number (``3``, ``- 3 -``,
``—4—``, ``Page 3 of 9``, ``p. 3``, ``[3]``, roman ``iv``), a folio (``3 | Site name``,
``Site name · 3``, or a head's fields far apart with the page number at one end), a
browser's print header or foot (``10/27/24, 9:14 AM  Title | Site``, a URL and ``3/9``).  :mod:`.furniture` takes such a line out at a page's edge;
:mod:`.pages` starts a page at the :func:`strong` ones, which say so wherever they
stand.  A line's :func:`repeat_key` is how it repeats from page to page.
"""

from __future__ import annotations

import re

from briefgen.ingest.clean.lines import ends_sentence

PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]",
    re.IGNORECASE,
)
"""A page number in its usual forms: ``7``, ``Page 3``, ``3 of 9``, ``3/9``, ``– 4 –``."""

ROMAN = re.compile(
    r"(?=[ivxlcdm])m{0,3}(?:c[md]|d?c{0,3})(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})", re.IGNORECASE
)
"""A roman numeral, as a whole word: ``iv``, ``XII`` (and ``I``, ``mix``: a key masks
them alike on every page)."""

_NUMBER = r"(?:\d{1,4}|[ivxlcdm]{1,7})"
EDGE_PAGE_NUMBER = re.compile(
    rf"(?:(?:page|p\.|pp?\.|pg\.?)\s*)?{_NUMBER}(?:\s*(?:/|of)\s*\d{{1,4}})?"
    rf"|[-\u2013\u2014]\s*{_NUMBER}\s*[-\u2013\u2014]|\[\s*{_NUMBER}\s*\]",
    re.IGNORECASE,
)
"""A page number at a page's edge: :data:`PAGE_NUMBER`, ``p. 3``, ``[3]``, roman ``iv``."""
_DASHED = re.compile(r"[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]")
"""A page number between dashes: ``- 3 -``, ``—4—``."""
_FOLIO = re.compile(r"\d{1,4}\s*[|\u2022\u00b7]\s*\S.{0,100}|\S.{0,100}[|\u2022\u00b7]\s*\d{1,4}")
"""A page number and the publication's name: ``3 | Site name``, ``Site name · 3``."""
_PRINT_DATE = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?!\w)"
)
_PRINT_URL_PAGE = re.compile(r"(?:https?://|www\.)\S+\s+\d{1,4}\s*/\s*\d{1,4}")
_PAGE_OF = re.compile(r"page\s+\d{1,4}\s+of\s+\d{1,4}", re.IGNORECASE)
FIELD_GAP = re.compile(r" {8,}")
"""The white space between a head's fields, as layout extractions set its parts apart;
a justified line's spaces are narrower."""
_MAX_FIELDS = 3
_MAX_DIGITS = 4
_FIELD_WORDS = 14
_MAX_CHARS = 160
"""A running head, foot or print header is one line, shorter than this."""


def edge_form(text: str) -> bool:
    """Whether ``text``, at a page's edge, is a page number, a folio or a print header."""
    if EDGE_PAGE_NUMBER.fullmatch(text):
        number = text.strip("[]-\u2013\u2014 ").split()[-1]
        return number.isdigit() or ROMAN.fullmatch(number) is not None
    return strong(text)


def strong(text: str) -> bool:
    """Whether ``text`` is furniture wherever it stands: a page number between dashes,
    a folio, ``Page 3 of 9``, a browser's print header (a date and a time at its start
    or end) or foot (a URL and ``3/9``)."""
    if len(text) > _MAX_CHARS:
        return False
    return (
        _DASHED.fullmatch(text) is not None
        or _FOLIO.fullmatch(text) is not None
        or _folio_in_fields(text)
        or _PRINT_DATE.match(text) is not None
        or (_PRINT_DATE.search(text) is not None and _PRINT_DATE.search(text[-24:]) is not None)
        or _PRINT_URL_PAGE.search(text) is not None
        or _PAGE_OF.fullmatch(text) is not None
    )


def _folio_in_fields(text: str) -> bool:
    """Whether ``text`` is a head in fields far apart with the page number at one end:
    ``2 ⋯ A. N. AUTHOR``, ``WHY SEQUENCING MATTERS ⋯ 3``."""
    fields = FIELD_GAP.split(text)
    if not 2 <= len(fields) <= _MAX_FIELDS:
        return False
    ends = (fields[0], fields[-1])
    numbers = [field for field in ends if field.isdigit() and len(field) <= _MAX_DIGITS]
    words = [field for field in fields if field not in numbers]
    return (
        len(numbers) == 1
        and all(len(field.split()) <= _FIELD_WORDS for field in words)
        and not any(field.rstrip()[-1:] in ".?!" for field in words)
    )


def prose(text: str) -> bool:
    """Whether ``text`` ends a sentence as prose does (not a title cut short with "…",
    as running heads cut long ones)."""
    return ends_sentence(text) and not text.rstrip().endswith(("\u2026", "..."))


def printed(text: str) -> bool:
    """Whether ``text`` is a browser's print header or foot, or ``Page 1 of 1``: what a
    page printed alone has."""
    return strong(text) and _FOLIO.fullmatch(text) is None
