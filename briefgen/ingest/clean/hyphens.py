"""Line ends in a paragraph: a hyphen, dash or soft hyphen where a line was wrapped.

:func:`join_line_ends` decides each: a soft hyphen goes, a dash set solid stays solid,
and a hyphen is kept or dropped by :func:`keeps_hyphen`, from how the text itself spells
the word (:func:`vocabulary_of`).  Words and quote marks are never changed, because
grounding compares a brief's quotes with this text.
"""

from __future__ import annotations

import re
from collections import Counter

Vocabulary = Counter[str]
"""Lower-cased words of the whole text (hyphenated compounds as one word) → count."""

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


def has_line_end_hyphen(text: str) -> bool:
    """Whether any line of ``text`` ends with a hyphen: only then is a vocabulary needed."""
    return _HYPHEN_AT_LINE_END.search(text) is not None


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


def join_line_ends(joined: str, vocabulary: Vocabulary) -> str:
    """A paragraph's ``"\\n"``-joined lines with every line-end break decided.

    The newlines not at a break stay, for the caller to collapse with the rest of the
    white space.
    """
    pieces: list[str] = []
    position = 0
    for match in _LINE_END_BREAK.finditer(joined):
        pieces.append(joined[position : match.start()])
        pieces.append(_line_end(joined, match.start(), vocabulary))
        position = match.end()
    pieces.append(joined[position:])
    # A soft hyphen is an invisible hint to the typesetter, not a character of the word;
    # left in, it would stop a quote typed by a person from matching.
    return "".join(pieces).replace(_SOFT_HYPHEN, "")


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
