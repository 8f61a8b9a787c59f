"""Every escape between a user's text and a format, in one place.

Text from a brief is data, never markup: on its way into the template's Markdown every
ASCII punctuation character that Markdown (or a markdown-it plugin) could read is
backslash-escaped, which CommonMark allows for any ASCII punctuation.  Characters that
XML 1.0 forbids are removed first, since neither a DOCX nor reportlab's markup can
carry them.

The rule for those characters is the tree's (``tree.XML_FORBIDDEN``): the tree drops them
from every node as it is made, and the writers, which may import only the tree and the
style, rely on that.  (The writers escape for their own formats: see writers/pdf/markup.py.)
"""

from __future__ import annotations

import re

from briefgen.tree import XML_FORBIDDEN, xml_safe

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # all ASCII punctuation
_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""Whitespace to fold into one space: all but the no-break spaces (U+00A0, the figure and
the narrow one), which a typesetter puts there on purpose ("3\u00a0km", French « »)."""


def strip_xml_forbidden(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (NUL, VT, ESC, lone surrogates…)."""
    return xml_safe(text)


def forbidden_characters(text: str) -> list[str]:
    """The XML-forbidden characters in ``text``, as ``U+001B`` names, for a warning."""
    return sorted({f"U+{ord(c):04X}" for c in XML_FORBIDDEN.findall(text)})


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def typographic_apostrophes(text: str) -> str:
    """A typed apostrophe inside a word set as the typographic one (Ukraine’s), as a
    typesetter would; every other character as it is."""
    return _APOSTROPHE.sub("’", text)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that parses back to exactly ``text`` (whitespace folded).

    Line breaks become spaces: a brief's text fields are single paragraphs, and a
    newline could otherwise start a list or a heading.
    """
    clean = _SPACE.sub(" ", strip_xml_forbidden(text)).strip(" ")
    return _MD_SPECIAL.sub(r"\\\1", clean)
