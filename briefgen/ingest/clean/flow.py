"""What a reader made → the essay text the line rules read, laid out as a ``.txt`` is.

:func:`text_of` writes a :class:`~briefgen.ingest.blocks.Flow`'s blocks, or a
:class:`~briefgen.ingest.blocks.Paged` document's pages, as text: lines of one block
adjacent, blocks separated by a blank line.  Link URLs and footnotes go on lines of
their own, where :mod:`.urls` records a URL as a link; running heads and page numbers
are left out here and reported (:mod:`.furniture` says which they are), so that none
stands in the text where no page edge is.

Such a line is held back until a block ends a sentence (or, before the first block, is
written at once).  :mod:`.paragraphs` joins a block that stops mid-sentence to the next
one, and a removed line between two blocks makes it join more readily; written after a
finished sentence, the extra lines change no paragraph.

A paged document's blocks come from :mod:`.layout`; a paragraph that goes on over a
page break (or up into the next column) is written as one block, so that the sentence
is whole whether or not the page had a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from typing_extensions import assert_never

from briefgen.essay import Removal
from briefgen.ingest.blocks import Extracted, Flow, Paged, PageLine, Plain, text_line
from briefgen.ingest.clean.furniture import page_furniture
from briefgen.ingest.clean.layout import jumps, measures_of
from briefgen.ingest.clean.lines import ends_sentence


class Written(NamedTuple):
    """The essay as text, and what was left out of it on the way."""

    text: str
    """With ``\\n`` line ends; for a ``.txt``, the file's text."""
    removals: tuple[Removal, ...]
    """What was left out of ``text`` that a person would call text (a PDF's running
    heads); ``line`` is the line of ``text`` where it stood."""


def text_of(extracted: Extracted) -> Written:
    """The text the line rules read, from what a reader made of a file."""
    match extracted:
        case Plain(text=text):
            return Written(text, ())
        case Flow():
            return _flow_text(extracted)
        case Paged():
            return _paged_text(extracted)
        case _:
            assert_never(extracted)


def _flow_text(flow: Flow) -> Written:
    out = TextBuilder()
    for block in flow.blocks:
        out.block(block.lines)
        for link in block.links:
            out.aside([link])
    return out.result()


def _paged_text(paged: Paged) -> Written:
    measures = measures_of(paged.pages)
    laid = [(page, measures.blocks(page.lines)) for page in paged.pages]
    furniture = page_furniture(laid, measures)
    out = TextBuilder()
    previous: list[PageLine] | None = None
    for page, blocks in laid:
        set_apart = furniture.blocks(page, blocks)
        first = True
        for index, block in enumerate(blocks):
            if index in set_apart:
                kept: list[str] = []
                for line in block:
                    kind = furniture.removed(line, set_apart[index])
                    if kind:
                        out.remove(kind, line.text)
                    else:
                        kept.append(line.text)
                out.aside(kept)
                continue
            lines = [line.text for line in block]
            # A page break, or a jump up into the next column: maybe mid-paragraph.
            soft = previous is not None and (first or jumps(previous[-1], block[0]))
            if previous is not None and soft and measures.continues(previous, block):
                out.extend(lines)
                previous = previous + block
            else:
                out.block(lines)
                previous = block
            first = False
    return out.result()


class TextBuilder:
    """Collects blocks and writes them as text; see the module docstring."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._held: list[list[str]] = []
        self._removals: list[Removal] = []

    def block(self, lines: Iterable[str]) -> None:
        """A new block of ``lines``."""
        kept = [line for line in map(text_line, lines) if line]
        if kept:
            self._start_block()
            self._lines.extend(kept)

    def extend(self, lines: Iterable[str]) -> None:
        """More lines of the last block, as when a paragraph goes on over a page break."""
        kept = [line for line in map(text_line, lines) if line]
        if not kept:
            return
        if not self._lines:
            self._start_block()
        self._lines.extend(kept)

    def aside(self, lines: Iterable[str]) -> None:
        """A block that must stand apart (a URL, a page number, a footnote), held until a
        sentence ends."""
        kept = [line for line in map(text_line, lines) if line]
        if kept:
            self._held.append(kept)

    def remove(self, kind: str, text: str) -> None:
        """Record something left out of the text, at the line where it would have been."""
        self._removals.append(Removal(kind, " ".join(text.split()), len(self._lines) + 1))

    def result(self) -> Written:
        """The text (with every held line written out) and the removals."""
        self._release()
        text = "\n".join(self._lines) + "\n" if self._lines else ""
        return Written(text, tuple(self._removals))

    def _start_block(self) -> None:
        if not self._lines or ends_sentence(self._lines[-1]):
            self._release()
        if self._lines and self._lines[-1]:
            self._lines.append("")

    def _release(self) -> None:
        for lines in self._held:
            if self._lines:
                self._lines.append("")
            self._lines.extend(lines)
        self._held.clear()
