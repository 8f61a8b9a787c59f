"""Lines → paragraphs: blocks between blank lines, rejoined where a page break cut one.

:func:`split_blocks` cuts at blank (and removed) lines; :func:`join_continued` joins a
block that stops mid-sentence to the next; :func:`paragraph_text` joins a paragraph's
wrapped lines into its text, the line-end hyphens decided by :mod:`.hyphens`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from briefgen.ingest.clean.hyphens import Vocabulary, join_line_ends
from briefgen.ingest.clean.lines import CLOSERS, Line, adjacent, ends_sentence


class Block(NamedTuple):
    """Consecutive non-blank lines: a paragraph, or a piece of one."""

    lines: list[Line]
    after_debris: bool
    """The gap before this block held removed lines."""


def split_blocks(lines: Sequence[Line]) -> list[Block]:
    """Blank lines (and removed ones) separate blocks."""
    blocks: list[Block] = []
    start: int | None = None
    after_debris = gap_debris = False
    for i, line in enumerate(lines):
        if start is not None and not adjacent(lines, i):
            blocks.append(Block(list(lines[start:i]), after_debris))
            start = None
        if line.debris:
            gap_debris = True
        elif start is None:
            start, after_debris, gap_debris = i, gap_debris, False
    if start is not None:
        blocks.append(Block(list(lines[start:]), after_debris))
    return blocks


# Words a sentence cannot end on: a block ending with one stops mid-sentence.
_FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor of to in on at by for from with without into onto upon about
    against between through during under over after before because although though if
    whether while than that which who whose whom as is are was were be been being has
    have had its their his her our your my not very more most such
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_HEADING_MAX_WORDS = 12


def join_continued(blocks: Sequence[Block]) -> list[list[Line]]:
    """Rejoin paragraphs that a page break (and the debris around it) cut in two.

    A block continues in the next one when it does not end a sentence and either the
    evidence is strong (the next block starts in lower case or with , ; ) and the like,
    or this block ends on a word like "the" or "of"), or debris was removed between the
    two and this block is not a short one-line heading.
    """
    groups: list[list[Line]] = []
    for block in blocks:
        if groups and _continues(groups[-1], block):
            groups[-1].extend(block.lines)
        else:
            groups.append(block.lines)
    return groups


def _continues(previous: Sequence[Line], block: Block) -> bool:
    last = previous[-1].text
    if ends_sentence(last):
        return False
    first = block.lines[0].text
    if first[0].islower() or first[0] in ",;:)]}":
        return True
    words = last[-200:].split()
    if words[-1].rstrip(CLOSERS).lower() in _FUNCTION_WORDS:
        return True
    heading = len(previous) == 1 and len(last.split(None, _HEADING_MAX_WORDS)) <= _HEADING_MAX_WORDS
    return block.after_debris and not heading


def paragraph_text(lines: Sequence[Line], vocabulary: Vocabulary) -> str:
    """Join wrapped lines into one paragraph with single spaces between words."""
    return " ".join(join_line_ends("\n".join(line.text for line in lines), vocabulary).split())
