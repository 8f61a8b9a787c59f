"""Blocks of lines → essay text laid out the way ``clean`` reads a ``.txt``.

Every reader but the plain-text one finds blocks (paragraphs, headings, list items, table
cells) and lines within them; :class:`TextBuilder` writes them out as ``clean`` expects:
lines of one block adjacent, blocks separated by a blank line.  Link URLs and page
furniture (page numbers, footers) go on lines of their own, where ``clean`` records a URL
as a link and drops a lone page number, reporting both.

Such a line is held back until a block ends a sentence (or, before the first block, is
written at once).  ``clean`` joins a block that stops mid-sentence to the next one, and a
removed line between two blocks makes it join more readily; written after a finished
sentence, the extra lines change no paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from briefgen.errors import InputError, Problem
from briefgen.essay import Removal
from briefgen.ingest.clean import ends_sentence

MAX_TEXT_CHARS = 50_000_000
"""The most text a reader may produce: as much as the largest plain-text essay holds."""


class Extracted(NamedTuple):
    """What a reader made of a file."""

    text: str
    """The essay as text with ``\\n`` line ends, for ``clean``."""

    removals: tuple[Removal, ...]
    """What the reader left out of ``text`` that a person would call text (a PDF's
    running heads); ``line`` is the line of ``text`` where it stood."""


class TextTooLong(Exception):
    """A reader produced more than :data:`MAX_TEXT_CHARS` characters."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


# C0 controls but tab and newline, DEL, and C1 controls: never text in an essay, and
# some extractors leave them (a PDF's NULs, a DOCX's vertical tab).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\f\v]+")
# What a URL line may not hold, or clean would not see it as a URL on its own.
_URL_UNSAFE = re.compile(r"[\s<>\"]")


def text_line(raw: str) -> str:
    """One line for ``clean``: controls out, runs of spaces as one, ends stripped."""
    return _SPACES.sub(" ", _CONTROLS.sub("", raw)).strip()


def link_line(url: str) -> str | None:
    """``url`` as a line ``clean`` records as a link, or ``None`` when it is not a web link.

    Only absolute http(s) URLs: ``clean`` recognises no other, and a relative link,
    ``mailto:`` or ``#anchor`` line would be kept as a paragraph.
    """
    url = url.strip()
    if not re.match(r"https?://[^\s/]", url, re.IGNORECASE):
        return None
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url)


class TextBuilder:
    """Collects blocks and writes them as text; see the module docstring."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._held: list[list[str]] = []
        self._removals: list[Removal] = []
        self._size = 0
        self._limit = MAX_TEXT_CHARS

    def block(self, lines: Iterable[str], links: Iterable[str] = ()) -> None:
        """A new block of ``lines``; ``links`` are the URLs of the links in it."""
        kept = [line for line in map(text_line, lines) if line]
        if kept:
            self._start_block()
            self._add(kept)
        self.links(links, kept)

    def extend(self, lines: Iterable[str]) -> None:
        """More lines of the last block, as when a paragraph goes on over a page break."""
        kept = [line for line in map(text_line, lines) if line]
        if not kept:
            return
        if not self._lines:
            self._start_block()
        self._add(kept)

    def links(self, urls: Iterable[str], context: Iterable[str] = ()) -> None:
        """Link URLs, each held for a line of its own; one already in ``context`` is not
        repeated, since ``clean`` finds it there (a link whose label is its URL)."""
        text = " ".join(context)
        seen: set[str] = set()
        for url in urls:
            line = link_line(url)
            if line and line not in seen and line not in text and url.strip() not in text:
                seen.add(line)
                self.aside([line])

    def aside(self, lines: Iterable[str]) -> None:
        """A block that must stand apart (a URL, a page number, a footnote), held until a
        sentence ends."""
        kept = [line for line in map(text_line, lines) if line]
        if kept:
            self._held.append(kept)

    def remove(self, kind: str, text: str) -> None:
        """Record something left out of the text, at the line where it would have been."""
        self._removals.append(Removal(kind, " ".join(text.split()), len(self._lines) + 1))

    def result(self) -> Extracted:
        """The text (with every held line written out) and the removals."""
        self._release()
        text = "\n".join(self._lines) + "\n" if self._lines else ""
        return Extracted(text, tuple(self._removals))

    def _start_block(self) -> None:
        if not self._lines or ends_sentence(self._lines[-1]):
            self._release()
        if self._lines and self._lines[-1]:
            self._lines.append("")

    def _release(self) -> None:
        for lines in self._held:
            if self._lines:
                self._lines.append("")
            self._add(lines)
        self._held.clear()

    def _add(self, lines: list[str]) -> None:
        self._size += sum(len(line) + 1 for line in lines)
        if self._size > self._limit:
            raise TextTooLong(self._limit)
        self._lines.extend(lines)


def unreadable(path: Path, kind: str, reason: str) -> InputError:
    """``not a readable DOCX: <reason>``, on one line."""
    return input_error(path, f"not a readable {kind}: {reason}")


def input_error(path: Path, message: str) -> InputError:
    return InputError([Problem(path, None, None, message)])


def reason_of(err: BaseException) -> str:
    """An exception from a parsing library as a short reason on one line."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else text[:199] + "…"
