"""(Brief, Essay) → list[Problem]: every quote stands in the essay, every ¶ exists.

A quote matches when its words are the essay's words: line breaks, runs of whitespace,
curly or straight quotes and the various dashes may differ, words may not.  Both sides
are compared in Unicode NFC, so "détente" typed with a combining accent (e + U+0301, as
some keyboards and PDF extractors give it) is the essay's "détente", and vice versa.  An ellipsis
("…" or "...") in a quote stands for omitted words: each part must appear, in order, in
the same paragraph.  A quote that is not found is reported with the closest passage in
the essay (rapidfuzz's partial alignment), its ¶ and the similarity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.errors import Problem
from briefgen.essay import Essay
from briefgen.load import Loc, SourceMap
from briefgen.model import Brief

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u00ad": None,  # soft hyphen: invisible, never part of a word
    }
)
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")
_SPACE = re.compile(r"\s+")
_EDGE = "\"' "


@dataclass(frozen=True, slots=True)
class Folded:
    """A text with quotes, dashes and whitespace folded, and a map back to the original."""

    text: str
    origin: tuple[int, ...]
    """origin[i] is the index in ``normal`` of folded character i."""
    normal: str
    """The original text in NFC: what ``origin`` points into."""


_QUOTE_MARKS = '"“”„‟″«»'
_TIGHT_AFTER = _QUOTE_MARKS
_TIGHT_BEFORE = _QUOTE_MARKS + ";:!?"
"""Marks the spacing of which differs between languages: French sets a (narrow) space
inside « » and before ; : ! ?, German none inside „ “ or » «, English none.  Folded, no
space stands next to a double quotation mark or before those four, so a quote typed
either way is found in an essay set either way."""
_AFTER_OPENING = re.compile(r"([\"“”„‟″«»])\s+")
_BEFORE_CLOSING = re.compile(r"\s+(?=[\"“”„‟″«»;:!?])")


def fold(text: str) -> Folded:
    normal = unicodedata.normalize("NFC", text)
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    tight = False  # just after an opening «: no space
    for index, char in enumerate(normal):
        mapped = char.translate(_FOLD)
        if not mapped:
            continue
        if mapped.isspace():
            pending_space = bool(out) and not tight
            continue
        tight = char in _TIGHT_AFTER
        if char in _TIGHT_BEFORE:
            pending_space = False
        if pending_space:
            out.append(" ")
            origin.append(index)
            pending_space = False
        out.append(mapped)
        origin.append(index)
    return Folded("".join(out), tuple(origin), normal)


def folded_text(text: str) -> str:
    """``fold(text).text``, without the map back: the fast form used for searching."""
    normal = unicodedata.normalize("NFC", text).replace("\u00ad", "")  # as fold() skips it
    normal = _BEFORE_CLOSING.sub("", _AFTER_OPENING.sub(r"\1", normal))
    return " ".join(normal.translate(_FOLD).split())


def _key(text: str) -> str:
    """The folded form of a quote as it is searched for: outer quote marks dropped."""
    return folded_text(text).strip(_EDGE)


def find_quote(quote: str, essay: Essay, folded: Sequence[str] | None = None) -> list[int]:
    """The ¶ numbers whose text contains ``quote`` (all its ellipsis-separated parts, in order).

    ``folded`` is ``[folded_text(p.text) for p in essay.paragraphs]`` when the caller
    checks many quotes against one essay.
    """
    parts = [_key(p) for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if folded is None:
        folded = [folded_text(p.text) for p in essay.paragraphs]
    found = []
    for para, text in zip(essay.paragraphs, folded, strict=True):
        at = 0
        for part in parts:
            at = text.find(part, at)
            if at < 0:
                break
            at += len(part)
        else:
            found.append(para.number)
    return found


def closest(quote: str, essay: Essay) -> tuple[int, str, float]:
    """(¶, passage as written in the essay (in NFC), similarity 0-100) nearest to ``quote``."""
    from rapidfuzz import fuzz  # only a quote that is not found needs it: keep start-up lean

    key = _key(_ELLIPSIS.sub(" ", quote))
    best: tuple[int, str, float] = (0, "", -1.0)
    for para in essay.paragraphs:
        folded = fold(para.text)
        hit = fuzz.partial_ratio_alignment(key, folded.text)
        if hit is not None and hit.score > best[2] and hit.dest_end > hit.dest_start:
            text = folded.normal
            start = folded.origin[hit.dest_start]
            end = folded.origin[hit.dest_end - 1] + 1
            # Widen to whole words: "utin has put" reads as a typo of ours, not a passage.
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            best = (para.number, text[start:end], hit.score)
    return best


def ground(brief: Brief, essay: Essay, source: SourceMap) -> list[Problem]:
    """Every problem with the brief's quotes and ¶ references against ``essay``."""
    problems: list[Problem] = []
    count = len(essay.paragraphs)
    folded = [folded_text(p.text) for p in essay.paragraphs]
    summary = brief.summary
    quoted: list[tuple[Loc, str, int]] = [
        (("summary", "thesis"), summary.thesis.quote, summary.thesis.paragraph)
    ]
    quoted += [
        (("summary", "evidence", i), e.quote, e.paragraph) for i, e in enumerate(summary.evidence)
    ]
    for loc, quote, paragraph in quoted:
        if paragraph > count:
            problems.append(source.problem((*loc, "paragraph"), _no_such(paragraph, count)))
            continue
        where = find_quote(quote, essay, folded)
        if not where:
            number, passage, score = closest(quote, essay)
            shown = " ".join(passage.split())
            if len(shown) > 160:
                shown = shown[:157] + "…"
            problems.append(
                source.problem(
                    (*loc, "quote"),
                    f'not found in the essay (closest: ¶{number} "{shown}", {score:.0f}%)',
                )
            )
        elif paragraph not in where:
            places = ", ".join(f"¶{n}" for n in where)
            problems.append(
                source.problem((*loc, "paragraph"), f"the quote is in {places}, not ¶{paragraph}")
            )
    for i, point in enumerate(summary.counterpoints):
        if point.paragraph is not None and point.paragraph > count:
            loc = ("summary", "counterpoints", i, "paragraph")
            problems.append(source.problem(loc, _no_such(point.paragraph, count)))
    return problems


def _no_such(paragraph: int, count: int) -> str:
    return f"the essay has no ¶{paragraph}: it has ¶1 to ¶{count}"
