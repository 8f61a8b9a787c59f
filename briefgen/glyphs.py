"""Which characters of a document the template's fonts cannot draw.

The PDF embeds the template's fonts and nothing else, so a character they lack prints
as an empty box; Word and LibreOffice fall back to another font, the PDF cannot.  Rather
than let a reader find the boxes, briefgen names the characters in a warning.
"""

from __future__ import annotations

import unicodedata

from briefgen.style import Style
from briefgen.tree import Document, plain, runs


def missing_glyphs(document: Document, style: Style) -> list[str]:
    """The characters of ``document`` that the body or heading fonts lack, in order."""
    from briefgen.writers.pdf.fonts import coverage  # the PDF's fonts, parsed once

    covered = coverage(style.fonts.body) & coverage(style.fonts.heading)
    seen: dict[str, None] = {}
    for text in _texts(document):
        for char in text:
            if ord(char) not in covered and char not in seen and _visible(char):
                seen[char] = None
    return list(seen)


def describe(chars: list[str], limit: int = 8) -> str:
    """'😀 (U+1F600 GRINNING FACE), 中 (U+4E2D …)' for a warning, at most ``limit`` shown."""
    shown = [
        f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars[:limit]
    ]
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return ", ".join(shown) + more


def _visible(char: str) -> bool:
    # Spaces and format characters (zero-width joiners, direction marks) draw nothing.
    return not char.isspace() and unicodedata.category(char) not in {"Cf", "Cc", "Zs"}


def _texts(document: Document) -> list[str]:
    """Every run of text in the document, notes included, in reading order."""
    return [plain(run) for node, _ in document.walk() for run in runs(node)]
