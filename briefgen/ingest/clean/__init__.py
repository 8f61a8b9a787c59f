"""What a reader made → clean numbered paragraphs, the links found, and what was removed.

Text extracted from a PDF or a web page carries debris: a photo caption above the body,
running heads and page numbers, URLs dropped mid-sentence at a page break, "Related
article:" teasers, lines wrapped at a fixed width, hyphens at line ends.  The cleanup
decides all of it, for every format alike, one small function per rule, in modules
named for what they decide:

=================== ================================================================
:mod:`.flow`        blocks and pages written out as text, the set-apart lines held
:mod:`.layout`      a paged document's measures, its blocks, paragraphs over a break
:mod:`.furniture`   page furniture: page edges (running heads), page numbers
:mod:`.lines`       the numbered lines, cuts, decoration lines, :func:`ends_sentence`
:mod:`.urls`        URL lines out, as links; inline URLs as links
:mod:`.captions`    "Related article:" teasers, a leading photo caption and its credit
:mod:`.paragraphs`  blocks between blank lines, rejoined across a page break
:mod:`.hyphens`     line-end hyphens and dashes kept or joined
=================== ================================================================

The rules run in this order.  First, what a reader made becomes text
(:func:`~.flow.text_of`; a ``.txt`` is text already):

a. A paged document (a PDF) is measured and cut into blocks by :mod:`.layout`;
   :mod:`.furniture` says which blocks at the pages' edges are furniture; running heads
   are left out (and reported), other furniture set apart.
b. Blocks are written out with a blank line between them, the set-apart lines (link
   URLs, page numbers, footnotes) held until a sentence ends; a paragraph that
   :mod:`.layout` says goes on over a page break is written as one block.

Then :func:`clean` reads the text:

0. The whole text is put in Unicode NFC: "de\u0301tente" (e and a combining accent,
   as some editors and PDF extractors give it) becomes "détente", one character, so
   the essay prints, searches and grounds the same whichever form it came in.  Line
   breaks are untouched, so every line number stays.
1. :func:`~.lines.split_lines` keeps the non-blank lines, stripped, with their 1-based
   numbers.
2. The :data:`RULES` take debris lines out: URL-only lines, "Related article:"
   teasers, page numbers, decoration, and a leading photo caption.  A removed line
   stays in place as an empty line marked ``debris``, so its line number is kept and
   the gap it leaves is known to have held debris (rule 4 needs that).
3. :func:`~.paragraphs.split_blocks`: blank lines separate blocks.
4. :func:`~.paragraphs.join_continued`: a block that stops mid-sentence continues in
   the next one.
5. :func:`~.paragraphs.paragraph_text`: wrapped lines joined with single spaces,
   line-end hyphens kept or dropped (:mod:`.hyphens`), whitespace collapsed.  Words and
   quote marks are never changed, because grounding compares a brief's quotes with this
   text.
6. :func:`~.urls.find_links`: the removed URL lines and the inline URLs, as links.

Every rule is linear in the size of the text.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from briefgen.essay import Essay, Paragraph, Removal
from briefgen.ingest.clean.captions import drop_leading_caption, drop_related_articles
from briefgen.ingest.clean.furniture import drop_page_numbers
from briefgen.ingest.clean.hyphens import Vocabulary, has_line_end_hyphen, vocabulary_of
from briefgen.ingest.clean.lines import Line, Rule, apply_cuts, drop_blank_debris, split_lines
from briefgen.ingest.clean.paragraphs import join_continued, paragraph_text, split_blocks
from briefgen.ingest.clean.urls import drop_url_lines, find_links

__all__ = ["RULES", "Line", "Rule", "clean"]

RULES: tuple[Rule, ...] = (
    drop_url_lines,
    drop_related_articles,
    drop_page_numbers,
    drop_blank_debris,
    # Last, so that the block it inspects is already free of other debris.
    drop_leading_caption,
)
"""The line rules, in the order :func:`clean` applies them."""


def clean(text: str, path: Path | None = None) -> Essay:
    """Apply every rule to ``text``; the result may have no paragraphs."""
    text = unicodedata.normalize("NFC", text)
    lines = split_lines(text)
    removals: list[Removal] = []
    for rule in RULES:
        cuts = rule(lines)
        lines = apply_cuts(lines, cuts)
        removals.extend(cut.removal for cut in cuts)
    # Counting every word is the costliest step; only a line-end hyphen needs it.
    vocabulary: Vocabulary = vocabulary_of(text) if has_line_end_hyphen(text) else Counter()
    paragraphs: list[Paragraph] = []
    for group in join_continued(split_blocks(lines)):
        para = paragraph_text(group, vocabulary)
        if para:
            paragraphs.append(Paragraph(len(paragraphs) + 1, para, group[0].number))
    removals.sort(key=lambda r: r.line)
    return Essay(path, tuple(paragraphs), tuple(find_links(lines, removals)), tuple(removals))
