"""Messy essay text → clean numbered paragraphs, the links found, and what was removed.

Text extracted from a PDF or a web page carries debris: a photo caption above the body,
URLs dropped mid-sentence at a page break, "Related article:" teasers, lines wrapped at
a fixed width, hyphens at line ends.  :func:`clean` applies one small function per
rule, in this order:

0. The whole text is put in Unicode NFC: "de\u0301tente" (e and a combining accent,
   as some editors and PDF extractors give it) becomes "détente", one character, so
   the essay prints, searches and grounds the same whichever form it came in.  Line
   breaks are untouched, so every line number stays.
1. :func:`split_lines` keeps the non-blank lines, stripped, with their 1-based numbers.
2. The :data:`RULES` take debris lines out: URL-only lines, "Related article:"
   teasers, page numbers, decoration, and a leading photo caption.  A removed line
   stays in place as an empty line marked ``debris``, so its line number is kept and
   the gap it leaves is known to have held debris (rule 4 needs that).
3. :func:`split_blocks`: blank lines separate blocks.
4. :func:`join_continued`: a block that stops mid-sentence continues in the next one.
5. :func:`paragraph_text`: wrapped lines joined with single spaces, line-end hyphens
   kept or dropped, whitespace collapsed.  Words and quote marks are never changed,
   because grounding compares a brief's quotes with this text.

Every rule is linear in the size of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from briefgen.essay import Essay, Link, Paragraph, Removal


class Line(NamedTuple):
    """One non-blank source line on its way through the rules.

    A NamedTuple rather than a frozen dataclass: one is made per line, and a 10 MB
    essay has hundreds of thousands of them.  Blank lines get none; a gap in the
    numbers is a blank line.
    """

    number: int
    """1-based line number in the source."""

    text: str
    """The line without surrounding whitespace; ``""`` once a rule has removed it."""

    debris: bool = False
    """A rule removed this line: a gap holding it may split a sentence in two."""


class Cut(NamedTuple):
    """What a rule takes out: ``lines[start:stop]``, reported as ``removal``."""

    start: int
    stop: int
    removal: Removal


class Block(NamedTuple):
    """Consecutive non-blank lines: a paragraph, or a piece of one."""

    lines: list[Line]
    after_debris: bool
    """The gap before this block held removed lines."""


Rule = Callable[[Sequence[Line]], list[Cut]]
"""Reads the lines and says what to take out; :func:`clean` applies the cuts."""

Vocabulary = Counter[str]
"""Lower-cased words of the whole text (hyphenated compounds as one word) → count."""


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
    vocabulary = vocabulary_of(text) if _HYPHEN_AT_LINE_END.search(text) else Counter()
    paragraphs: list[Paragraph] = []
    for group in join_continued(split_blocks(lines)):
        para = paragraph_text(group, vocabulary)
        if para:
            paragraphs.append(Paragraph(len(paragraphs) + 1, para, group[0].number))
    removals.sort(key=lambda r: r.line)
    return Essay(path, tuple(paragraphs), tuple(find_links(lines, removals)), tuple(removals))


# 1. Lines ---------------------------------------------------------------------------


def split_lines(text: str) -> list[Line]:
    """The non-blank lines, numbered; any line-end convention and a leading BOM are accepted.

    Lines are split at ``\\n`` only: ``str.splitlines()`` also breaks at ``\\f``, ``\\v``
    and U+2028, and the numbers would no longer match the ones an editor shows.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [
        Line(number, raw.strip())
        for number, raw in enumerate(text.split("\n"), start=1)
        if raw and not raw.isspace()
    ]


def apply_cuts(lines: list[Line], cuts: Sequence[Cut]) -> list[Line]:
    """Replace the cut lines by debris markers, keeping their numbers."""
    if not cuts:
        return lines
    out = list(lines)
    for cut in cuts:
        for i in range(cut.start, cut.stop):
            out[i] = Line(out[i].number, "", debris=True)
    return out


def _adjacent(lines: Sequence[Line], i: int) -> bool:
    """Whether ``lines[i]`` directly follows ``lines[i - 1]``: no blank or removed line between."""
    return (
        0 < i < len(lines)
        and lines[i].number == lines[i - 1].number + 1
        and not lines[i].debris
        and not lines[i - 1].debris
    )


# 2. Line rules ----------------------------------------------------------------------
#
# Each rule first picks its candidates with a cheap test, so that a long essay costs
# one quick pass per rule; only the candidates meet a regular expression.

_URL_ONLY = re.compile(r"<?(?:https?://|www\.)[^\s<>]+>?")
_URL_INLINE = re.compile(r"(?:https?://|www\.)[^\s<>\"\u201c\u201d\u2018\u2019]+")
# Characters that follow a URL in prose rather than belong to it.
_URL_TRAILING = ".,;:!?'\"\u2019\u201d)]}"
# A long URL wrapped by the extractor: its tail is one run of URL characters.
_URL_TAIL = re.compile(r"[\w\-./?=&%#~+:@!$*,;]+")
_URL_WRAP_WIDTH = 60


def drop_url_lines(lines: Sequence[Line]) -> list[Cut]:
    """A line holding only a URL is a link dropped by the extractor, not prose.

    When such a line is long enough to have been wrapped, a following line that is one
    run of URL characters is the rest of the URL.
    """
    cuts: list[Cut] = []
    stop = 0
    for i in [i for i, line in enumerate(lines) if "://" in line.text or "www." in line.text]:
        if i < stop or not _URL_ONLY.fullmatch(lines[i].text):
            continue
        stop = i + 1
        while _adjacent(lines, stop) and _is_url_tail(lines[stop - 1].text, lines[stop].text):
            stop += 1
        text = " ".join(line.text for line in lines[i:stop])
        cuts.append(Cut(i, stop, Removal("url", text, lines[i].number)))
    return cuts


def _is_url_tail(previous: str, text: str) -> bool:
    return (
        len(previous) >= _URL_WRAP_WIDTH
        and not text.startswith(("http://", "https://", "www."))
        and _URL_TAIL.fullmatch(text) is not None
        and re.search(r"[/\-_=%&?#\d]", text) is not None
        and text[-1] not in _URL_TRAILING
    )


_RELATED = re.compile(
    r"(?:related\s+(?:articles?|stories|story|reading|coverage|content)|read\s+(?:more|also|next))"
    r"\s*:\s*(.*)",
    re.IGNORECASE,
)


def drop_related_articles(lines: Sequence[Line]) -> list[Cut]:
    """A "Related article: <headline>" teaser belongs to the web page, not the essay.

    When the label stands alone, the headline is on the next line and goes with it.
    """
    cuts: list[Cut] = []
    stop = 0
    for i in [i for i, line in enumerate(lines) if line.text[:1] in ("R", "r")]:
        match = None if i < stop else _RELATED.match(lines[i].text)
        if not match:
            continue
        stop = i + 2 if not match.group(1) and _adjacent(lines, i + 1) else i + 1
        text = " ".join(line.text for line in lines[i:stop])
        cuts.append(Cut(i, stop, Removal("related-article", text, lines[i].number)))
    return cuts


_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]",
    re.IGNORECASE,
)


def drop_page_numbers(lines: Sequence[Line]) -> list[Cut]:
    """A number standing alone between blank lines is a page number from the PDF.

    Only alone: a number on a line inside a paragraph may be the end of a wrapped
    sentence ("rose by" / "40").
    """
    return [
        Cut(i, i + 1, Removal("page-number", line.text, line.number))
        for i, line in enumerate(lines)
        if line.text[:1] in _PAGE_NUMBER_STARTS
        and len(line.text) <= 20
        and _PAGE_NUMBER.fullmatch(line.text)
        and not _adjacent(lines, i)
        and not _adjacent(lines, i + 1)
    ]


_PAGE_NUMBER_STARTS = frozenset("0123456789Pp-\u2013\u2014")
# Bullets, box-drawing leftovers, invisible characters; dashes only as a rule ("———"),
# since a lone dash can be punctuation wrapped onto its own line.
_DEBRIS = re.compile(
    r"[\s•·◦▪▫■□●○◆◇►▶*_=~|#+\u00ad\u200b-\u200d\u2060\ufeff]+|[\s\-\u2013\u2014_=]{3,}"
)


def drop_blank_debris(lines: Sequence[Line]) -> list[Cut]:
    """A line with no letter, digit or punctuation mark is decoration, not text."""
    return [
        Cut(i, i + 1, Removal("blank-debris", line.text, line.number))
        for i, line in enumerate(lines)
        if line.text and not line.text[0].isalnum() and _DEBRIS.fullmatch(line.text)
    ]


_CAPTION_LABEL = re.compile(
    r"(?:(?:photo(?:graph)?|image|picture|caption|credit)s?\s*:|photo(?:graph)?\s+by\b)",
    re.IGNORECASE,
)
_AGENCIES = (
    r"AP|AFP|Reuters|Getty(?:\s+Images)?|EPA|TASS|Sputnik|RIA\s+Novosti|Xinhua|Anadolu"
    r"|Shutterstock|Alamy|Wikimedia(?:\s+Commons)?|Flickr|Unsplash|Pool|Kremlin\.ru"
)
_CREDIT_END = re.compile(
    rf"(?:(?:©|\b(?:photo|image|credit)s?\s*(?::|by\b))[^.!?]{{1,60}}"
    rf"|(?:/|\||\(|\bvia\b)\s*(?:{_AGENCIES})(?:\s+(?:Photo|Images))?\)?)$",
    re.IGNORECASE,
)
# "…Alsu Kurmasheva. The White House": a sentence, then a short credit with no stop.
_CREDIT_TAIL = re.compile(r"[.!?][\u201d\u2019\"')\]]?\s+([^.!?]+)$")
# Lower-case words a title-case credit may hold ("Ministry of Defence", "Leon van Dijk").
_CREDIT_SMALL_WORDS = frozenset(
    """
    a an and at de del der di du for in la le of on the van von y via
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_CAPTION_MAX_LINES = 6
_CAPTION_MAX_CHARS = 1000


def drop_leading_caption(lines: Sequence[Line]) -> list[Cut]:
    """A photo caption (and its credit) above the body is not part of the essay.

    Only the first block is considered, only when a body follows it, and only when it
    looks like a caption: it starts with a "Photo:" label, or ends with a credit ("/ AP",
    "Photo by …", "© …"), or is a sentence followed by a short title-case credit with
    no full stop ("… Alsu Kurmasheva. The White House").  A block that ends a sentence
    is never a caption, so a normal first paragraph always stays.
    """
    first = next((i for i, line in enumerate(lines) if not line.debris), None)
    if first is None:
        return []
    stop = first + 1
    while stop - first <= _CAPTION_MAX_LINES and _adjacent(lines, stop):
        stop += 1
    has_body = any(not line.debris for line in lines[stop:])
    if stop - first > _CAPTION_MAX_LINES or not has_body:
        return []
    text = " ".join(" ".join(line.text for line in lines[first:stop]).split())
    if len(text) > _CAPTION_MAX_CHARS or ends_sentence(text) or not _looks_like_caption(text):
        return []
    return [Cut(first, stop, Removal("caption", text, lines[first].number))]


def _looks_like_caption(text: str) -> bool:
    if _CAPTION_LABEL.match(text) or _CREDIT_END.search(text):
        return True
    tail = _CREDIT_TAIL.search(text)
    if not tail:
        return False
    caption, credit = text[: tail.start() + 1].split(), tail.group(1).split()
    # A caption is a sentence about the photo: several words, some of them ordinary
    # lower-case words.  A title ("Why Another Reset Is Impossible. Ruth Deyermond")
    # has none, and a byline starts with "By"; neither is a caption.
    ordinary = [w for w in caption if w[:1].islower() and w not in _CREDIT_SMALL_WORDS]
    return (
        len(caption) >= 6
        and len(ordinary) >= 2
        and 1 <= len(credit) <= 5
        and credit[0][:1].isupper()
        and credit[0].lower() != "by"
        and all(w[:1].isupper() or w in _CREDIT_SMALL_WORDS or w in "/|&" for w in credit)
    )


RULES: tuple[Rule, ...] = (
    drop_url_lines,
    drop_related_articles,
    drop_page_numbers,
    drop_blank_debris,
    # Last, so that the block it inspects is already free of other debris.
    drop_leading_caption,
)
"""The line rules, in the order :func:`clean` applies them."""


# 3. Blocks --------------------------------------------------------------------------


def split_blocks(lines: Sequence[Line]) -> list[Block]:
    """Blank lines (and removed ones) separate blocks."""
    blocks: list[Block] = []
    start: int | None = None
    after_debris = gap_debris = False
    for i, line in enumerate(lines):
        if start is not None and not _adjacent(lines, i):
            blocks.append(Block(list(lines[start:i]), after_debris))
            start = None
        if line.debris:
            gap_debris = True
        elif start is None:
            start, after_debris, gap_debris = i, gap_debris, False
    if start is not None:
        blocks.append(Block(list(lines[start:]), after_debris))
    return blocks


# 4. Paragraphs split by a gap -------------------------------------------------------

# Closing marks that may follow the final punctuation: said "no." or (see above.)
_CLOSERS = "\"'\u201d\u2019\u00bb)]}*"
_SENTENCE_END = ".?!:;…"
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


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with . ? ! : ; or … (possibly followed by closing marks)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


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
    if words[-1].rstrip(_CLOSERS).lower() in _FUNCTION_WORDS:
        return True
    heading = len(previous) == 1 and len(last.split(None, _HEADING_MAX_WORDS)) <= _HEADING_MAX_WORDS
    return block.after_debris and not heading


# 5. Paragraph text ------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['\u2019\-\u2010]\w+)*")
_WORD_AT_END = re.compile(r"\w+(?:['\u2019\-\u2010]\w+)*$")
_SOFT_HYPHEN = "\u00ad"
_HYPHENS = "-\u2010"
_DASHES = "\u2013\u2014"
# A hyphen, dash or soft hyphen at the end of a line, in a paragraph's "\n"-joined lines.
_LINE_END_BREAK = re.compile(r"[\-\u2010\u2013\u2014\u00ad]\n")
_HYPHEN_AT_LINE_END = re.compile(r"[\-\u2010][^\S\n]*\n")
# Prefixes written with a hyphen ("anti-", "self-"): after one, a line-end hyphen is
# more likely part of the word than a typesetter's break, if what follows is a word.
_HYPHEN_PREFIXES = frozenset(
    """
    anti pro non self ex post pre co multi semi quasi counter cross neo ultra pseudo
    vice half well all
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_VOWELS = "aeiou"
# How far to look either side of a line-end hyphen for the word it belongs to.
_WORD_REACH = 100


def vocabulary_of(text: str) -> Vocabulary:
    """Count every word, so a line-end hyphen can be decided by how the text spells it."""
    lowered = text.lower()
    tokens = Counter(lowered.split())
    if len(tokens) * 4 > sum(tokens.values()):
        return Counter(_WORD.findall(lowered))
    # Prose repeats its words: matching the word pattern once per distinct
    # whitespace-separated token, rather than over the whole text, is several times
    # faster and gives the same counts (a word never spans whitespace).
    vocabulary: Vocabulary = Counter()
    for token, count in tokens.items():
        for word in _WORD.findall(token):
            vocabulary[word] += count
    return vocabulary


def paragraph_text(lines: Sequence[Line], vocabulary: Vocabulary) -> str:
    """Join wrapped lines into one paragraph with single spaces between words."""
    joined = "\n".join(line.text for line in lines)
    pieces: list[str] = []
    position = 0
    for match in _LINE_END_BREAK.finditer(joined):
        pieces.append(joined[position : match.start()])
        pieces.append(_line_end(joined, match.start(), vocabulary))
        position = match.end()
    pieces.append(joined[position:])
    # A soft hyphen is an invisible hint to the typesetter, not a character of the word;
    # left in, it would stop a quote typed by a person from matching.
    return " ".join("".join(pieces).replace(_SOFT_HYPHEN, "").split())


def _line_end(joined: str, i: int, vocabulary: Vocabulary) -> str:
    """What replaces the break character ``joined[i]`` and the newline after it."""
    mark = joined[i]
    if mark == _SOFT_HYPHEN:
        return ""
    attached = i > 0 and not joined[i - 1].isspace() and joined[i - 1] not in _HYPHENS + _DASHES
    if not attached:
        return f"{mark} "
    if mark in _DASHES:
        # "Victory—" / "While": a dash set solid stays solid.
        return mark
    before = joined[max(0, i - _WORD_REACH) : i].rsplit(None, 1)[-1]
    following = joined[i + 2 : i + 2 + _WORD_REACH]
    return mark if keeps_hyphen(before, following, vocabulary) else ""


def keeps_hyphen(before: str, following: str, vocabulary: Vocabulary) -> bool:
    """Whether a hyphen between ``before`` and the ``following`` line is part of a word.

    Kept before a capital or a digit ("anti-" / "Westernism", "U.S.-" / "Russia"), when
    the text spells the word with a hyphen elsewhere, after a prefix that takes one
    ("self-" / "defense", when "defense" is a word of the text), and between two equal
    vowels ("re-" / "engagement"); dropped when the text spells the word solid elsewhere
    ("impos-" / "sible") and otherwise.
    """
    first = following[:1]
    if not first.isalpha() or first.isupper():
        return True
    left_match = _WORD_AT_END.search(before)
    right_match = _WORD.match(following.lower())
    if not left_match or not right_match or left_match.end() != len(before):
        return True
    left, right = left_match.group().lower(), right_match.group()
    solid = vocabulary[left + right]
    hyphenated = vocabulary[f"{left}-{right}"] + vocabulary[f"{left}\u2010{right}"]
    if solid and solid >= hyphenated:
        return False
    if hyphenated:
        return True
    prefix = left.replace("\u2010", "-").rsplit("-", 1)[-1]
    if prefix[-1] in _VOWELS and prefix[-1] == right[0]:
        return True
    # The fragment itself is counted once: more than that means the text uses the word
    # on its own ("self-" / "defense"), where "ex-" / "ample" is a typesetter's break.
    return prefix in _HYPHEN_PREFIXES and vocabulary[right] > 1


# Links ------------------------------------------------------------------------------


def find_links(lines: Sequence[Line], removals: Sequence[Removal]) -> list[Link]:
    """URL lines that were removed, and URLs inline in the kept text, in source order."""
    # A removed URL line may hold the two halves of a wrapped URL, space-separated.
    links = [
        Link(_trim_url("".join(r.text.split()).strip("<>")), r.line)
        for r in removals
        if r.kind == "url"
    ]
    for line in [line for line in lines if "://" in line.text or "www." in line.text]:
        links.extend(Link(_trim_url(m), line.number) for m in _URL_INLINE.findall(line.text))
    links.sort(key=lambda link: link.line)
    return links


def _trim_url(url: str) -> str:
    trimmed = url.rstrip(_URL_TRAILING)
    # Keep a closing bracket the URL opened itself: …/wiki/Reset_(policy)
    while url[len(trimmed) : len(trimmed) + 1] == ")" and trimmed.count("(") > trimmed.count(")"):
        trimmed = url[: len(trimmed) + 1]
    return trimmed
