"""The cleaned essay: numbered paragraphs, the links found, and what ingest removed.

Data only.  ``briefgen.ingest`` builds an :class:`Essay`; grounding, drafting and the
``essay`` command read it.  Every piece keeps the 1-based line of the source file it
came from, so a warning or a citation can point back at the original text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One clean paragraph of the essay."""

    number: int
    """The ¶ number, 1-based: what a brief cites."""

    text: str
    """The paragraph on one line: wrapped lines joined, whitespace collapsed, words and
    quote marks exactly as in the source."""

    line: int
    """1-based line in the source file where the paragraph starts."""


@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in the essay, either on a line of its own (then removed) or inline."""

    url: str
    line: int
    """1-based line in the source file."""


@dataclass(frozen=True, slots=True)
class Removal:
    """Something ingest took out of the essay, so that nothing vanishes silently."""

    kind: str
    """A short slug naming the rule: ``caption``, ``related-article``, ``url``,
    ``page-number``, ``blank-debris``, ``running-head`` (a PDF's repeated page header)."""

    text: str
    """What was removed, on one line."""

    line: int
    """1-based line in the source file where the removed text starts."""


@dataclass(frozen=True, slots=True)
class Essay:
    """An essay after ingest."""

    path: Path | None
    """The file it was read from; ``None`` when ingested from a string."""

    paragraphs: tuple[Paragraph, ...]
    """¶1..¶n in order; ``paragraphs[i].number == i + 1``."""

    links: tuple[Link, ...]
    """Every URL found, in source order."""

    removals: tuple[Removal, ...]
    """Everything removed, in source order."""

    language: str = ""
    """Its language (BCP 47) when known: given by the brief, or detected
    (:func:`briefgen.i18n.detect.essay_language`); "" when not yet known."""

    def paragraph(self, n: int) -> Paragraph | None:
        """¶n (1-based), or ``None`` when the essay has no such paragraph."""
        if 1 <= n <= len(self.paragraphs):
            return self.paragraphs[n - 1]
        return None
