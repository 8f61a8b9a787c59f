"""What a reader made → clean numbered paragraphs, the links found, and what was removed.

Text extracted from a PDF or a web page carries debris: a photo caption above the body,
running heads and page numbers, URLs dropped mid-sentence at a page break, "Related
article:" teasers, lines wrapped at a fixed width, hyphens at line ends.  The cleanup
decides all of it, for every format alike, one small function per rule, in modules
named for what they decide:

=================== ================================================================
:mod:`.flow`        blocks and pages written out as text, the set-apart lines held
:mod:`.layout`      a paged document's measures, its blocks, paragraphs over a break
:mod:`.breaks`      where the layout ends a paragraph: short lines, indents, headings
:mod:`.widths`      a text's lines measured in characters or a proportional face
:mod:`.pages`       a text's pages: form feeds, or the period of repeating lines
:mod:`.columns`     a page's two columns set side by side, read one after the other
:mod:`.forms`       page numbers, folios, print headers: what only furniture looks like
:mod:`.furniture`   page furniture: page edges (running heads), page numbers
:mod:`.lines`       the numbered lines, cuts, decoration lines, :func:`ends_sentence`
:mod:`.urls`        URL lines out, as links; inline URLs as links
:mod:`.captions`    "Related article:" teasers, photo captions and their credits
:mod:`.paragraphs`  pieces between gaps and layout breaks, joined into paragraphs
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

Then :func:`clean` reads the text, the same for every format:

0. The whole text is put in Unicode NFC: "de\u0301tente" (e and a combining accent,
   as some editors and PDF extractors give it) becomes "détente", one character, so
   the essay prints, searches and grounds the same whichever form it came in.  Line
   breaks are untouched, so every line number stays.
1. :func:`~.lines.split_lines` keeps the non-blank lines, stripped, with their 1-based
   numbers, their indents, and their pages (a form feed starts one);
   :func:`~.pages.paginate` finds the pages of a text without form feeds from the
   period of its repeating lines; :func:`~.columns.in_columns` reads a page set in two
   columns side by side column by column.
2. The :data:`RULES` take debris lines out: page furniture at the pages' edges,
   URL-only lines, "Related article:" teasers, lone page numbers, decoration.  A
   removed line stays in place as an empty line marked ``debris``, so its line number
   is kept and the gap it leaves is known to have held debris.
3. :func:`~.paragraphs.layout_of`: whether blank lines set the paragraphs apart, and
   the measure of the text (:mod:`.breaks`), its lines measured as :mod:`.widths`
   finds they were set.
4. :func:`~.paragraphs.pieces_of`: the lines between gaps, cut where the layout ends a
   paragraph when blank lines do not; a piece that is a photo caption (with its
   credit) is taken out wherever it stands (:func:`~.captions.drop_captions`).
5. :func:`~.paragraphs.join_pieces`: a piece goes on with the one before when a
   sentence runs on across the gap, or, over a page break, when the layout says so.
6. :func:`~.paragraphs.paragraph_text`: wrapped lines joined with single spaces,
   line-end hyphens kept or dropped (:mod:`.hyphens`), whitespace collapsed.  Words and
   quote marks are never changed, because grounding compares a brief's quotes with this
   text.
7. :func:`~.urls.find_links`: the removed URL lines and the inline URLs, as links.

Every rule is linear in the size of the text (a line's key for the period is counted
once).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from briefgen.essay import Essay, Paragraph, Removal
from briefgen.ingest.clean.captions import drop_captions, drop_related_articles
from briefgen.ingest.clean.columns import in_columns
from briefgen.ingest.clean.furniture import drop_furniture, drop_page_numbers
from briefgen.ingest.clean.hyphens import Vocabulary, has_line_end_hyphen, vocabulary_of
from briefgen.ingest.clean.lines import Line, Rule, apply_cuts, drop_blank_debris, split_lines
from briefgen.ingest.clean.pages import paginate
from briefgen.ingest.clean.paragraphs import (
    join_pieces,
    kept_lines,
    layout_of,
    paragraph_text,
    pieces_of,
)
from briefgen.ingest.clean.urls import drop_url_lines, find_links

__all__ = ["RULES", "Line", "Rule", "clean"]

RULES: tuple[Rule, ...] = (
    # First, so that a URL or a teaser standing at a page's edge stops no edge's reading
    # and a URL repeated on every page is furniture, not a link.
    drop_furniture,
    drop_url_lines,
    drop_related_articles,
    drop_page_numbers,
    drop_blank_debris,
)
"""The line rules, in the order :func:`clean` applies them."""


def clean(text: str, path: Path | None = None) -> Essay:
    """Apply every rule to ``text``; the result may have no paragraphs."""
    text = unicodedata.normalize("NFC", text)
    lines = in_columns(text, paginate(split_lines(text)))
    removals: list[Removal] = []
    for rule in RULES:
        cuts = rule(lines)
        lines = apply_cuts(lines, cuts)
        removals.extend(cut.removal for cut in cuts)
    kept = kept_lines(lines)
    layout = layout_of(kept)
    pieces = drop_captions(pieces_of(kept, layout), removals)
    # Counting every word is the costliest step; only a line-end hyphen needs it.
    vocabulary: Vocabulary = vocabulary_of(text) if has_line_end_hyphen(text) else Counter()
    paragraphs: list[Paragraph] = []
    for group in join_pieces(pieces, layout):
        para = paragraph_text(group, vocabulary)
        if para:
            paragraphs.append(Paragraph(len(paragraphs) + 1, para, group[0].number))
    removals.sort(key=lambda r: r.line)
    return Essay(path, tuple(paragraphs), tuple(find_links(lines, removals)), tuple(removals))
