"""What a reader gives the cleanup: the essay as text, as blocks, or as pages of lines.

A reader turns a format into one of three shapes, and says no more than the format
does; what is furniture, where a paragraph ends, what a line-end hyphen means is the
cleanup's to decide (:mod:`briefgen.ingest.clean`), for every format alike.

================  ====================================================================
:class:`Plain`    a ``.txt``: the text as it is; its lines are the file's lines
:class:`Flow`     a structured document (Markdown, HTML, DOCX): its blocks (paragraphs,
                  headings, list items, table cells, notes) in reading order, each with
                  its lines and the URLs of its links
:class:`Paged`    a laid-out document (PDF): each page's box and its lines, where and
                  how large each is drawn, in the order the text layer gives them
================  ====================================================================

Both readers and the cleanup import this module; it imports neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_TEXT_CHARS = 50_000_000
"""The most text a reader may produce: as much as the largest plain-text essay holds."""


class TextTooLong(Exception):
    """A reader produced more than :data:`MAX_TEXT_CHARS` characters."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True, slots=True)
class Plain:
    """An essay that is text already."""

    text: str
    """With ``\\n`` line ends."""


@dataclass(frozen=True, slots=True)
class Block:
    """A block of a structured document: a paragraph, heading, list item, cell or note."""

    lines: tuple[str, ...]
    """Its lines (a paragraph's line breaks kept), each cut by :func:`text_line`; none is
    empty.  May be empty when the block holds only links."""
    links: tuple[str, ...]
    """The URLs of its links as :func:`link_line` writes them, each once, and none the
    block's own text already shows."""


@dataclass(frozen=True, slots=True)
class Flow:
    """A structured document's blocks in reading order."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of a page as it is drawn."""

    text: str
    """Cut by :func:`text_line`; never empty."""
    x: float
    """Where the line starts, in points from the left of the page."""
    y: float
    """Its baseline, in points from the bottom of the page."""
    size: float
    """The font size it is drawn at, in points."""
    width: float = 0.0
    """How wide it is drawn, in points: where its last piece ends, by its font's widths
    and the word and character spacing it is shown with (the stretch of a justified
    line), less :attr:`x`; 0 when not known."""


@dataclass(frozen=True, slots=True)
class Page:
    """A page's lines, in the order the text layer gives them, and its box."""

    number: int
    """1-based, in the order of the document."""
    lines: tuple[PageLine, ...]
    bottom: float
    """The y of the page's bottom edge (its crop box), in points."""
    top: float
    """The y of its top edge."""


@dataclass(frozen=True, slots=True)
class Paged:
    """A laid-out document's pages, in order."""

    pages: tuple[Page, ...]


Extracted = Plain | Flow | Paged
"""What a reader made of a file."""


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


class FlowBuilder:
    """Collects the blocks of a structured document, as a reader walks it."""

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._size = 0
        self._limit = MAX_TEXT_CHARS

    def block(self, lines: Iterable[str], links: Iterable[str] = ()) -> None:
        """A new block of ``lines``; ``links`` are the URLs of the links in it.

        Raises :class:`TextTooLong` when the document's text passes :data:`MAX_TEXT_CHARS`.
        """
        kept = tuple(line for line in map(text_line, lines) if line)
        shown = _shown_links(links, kept)
        if not kept and not shown:
            return
        # Counted as the essay's text will hold them: each on a line of its own.
        self._size += sum(len(line) + 1 for line in (*kept, *shown))
        if self._size > self._limit:
            raise TextTooLong(self._limit)
        self._blocks.append(Block(kept, shown))

    def result(self) -> Flow:
        return Flow(tuple(self._blocks))


def _shown_links(urls: Iterable[str], context: tuple[str, ...]) -> tuple[str, ...]:
    """The link lines of ``urls``, each once; one already in ``context`` is not repeated,
    since ``clean`` finds it there (a link whose label is its URL)."""
    text = " ".join(context)
    seen: set[str] = set()
    shown: list[str] = []
    for url in urls:
        line = link_line(url)
        if line and line not in seen and line not in text and url.strip() not in text:
            seen.add(line)
            if kept := text_line(line):
                shown.append(kept)
    return tuple(shown)
