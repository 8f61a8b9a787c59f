"""Line ends in a paragraph: a hyphen, dash or soft hyphen where a line was wrapped.

:func:`join_line_ends` decides each: a soft hyphen goes, a dash set solid stays solid,
and a hyphen is kept or dropped by :func:`keeps_hyphen`.  Words and quote marks are never
changed, because grounding compares a brief's quotes with this text.

A line-end hyphen is the typesetter's ("presi-" / "dents") or the word's own ("vice-" /
"presidents").  :func:`keeps_hyphen` weighs the evidence, strongest first:

1. What follows: a capital or a digit begins a word of its own ("anti-" / "Westernism",
   "Nord-" / "Süd", "U.S.-" / "Russia"): kept.
2. The text itself: a word it spells solid elsewhere is joined ("co-" / "operation" after
   "Cooperation"), one it spells with a hyphen is kept (:func:`vocabulary_of`).
3. The language's grammar, where we know it: an affix that never takes a hyphen ("un-",
   "-ness", "-ly" in English) is joined.
4. How often the language writes the joined word: wordfreq's Zipf frequencies (log10 of
   uses per billion words), in any language wordfreq has a word list for.
5. A language wordfreq lacks: a prefix that takes a hyphen before a word of the text
   ("self-" / "defense"), and two equal vowels ("re-" / "engagement"), keep it; otherwise
   it goes.

For (4): wordfreq knows no hyphenated word (its tokenizer cuts at hyphens), so what it
gives "vice-presidents" is its estimate for the two parts together, 1/f = 1/f1 + 1/f2:
nearly the rarer part's frequency, far above the compound's own.  A fixed margin against
that estimate fails both ways: "carpet" is rarer than the estimate for "car-pet", and a
compound's solid misspelling ("longterm", 2.75) is as common as a rare real word
("godless", 2.8).  So the joined word must reach the geometric mean of the estimate and a
floor, ``2 * zipf(joined) >= zipf(hyphenated) + floor``: the commoner the parts, the
commoner the joined word must be, and one wordfreq has never seen never joins.  Failing
that, the hyphen is kept when both parts are words, or when the first is a prefix that
takes a hyphen ("self", "vice", "anti") and wordfreq knows the rest; otherwise it goes.

The floors were measured on line ends whose answer is known: 324 by hand in seven
languages (most of them the table in ``tests/test_hyphens.py``), the compounds of
``tests/corpus/`` and the sample essay at their hyphens (kept), and every hyphenation
point LibreOffice's patterns (pyphen) give the corpus's words and 5,000 to 11,500 rarer
words per language from wordfreq's lists (joined).  Each floor stands where the mean error
rate over those sets is least; that test module's docstring has the tables.  English
writes compounds with a hyphen far more often than German, French, Spanish or Dutch, and
its word list holds more solid misspellings of them, so its floor is higher; Russian's
hyphenated particles ("что-то", "из-за") want a higher one still.

wordfreq costs a third of a second to import and a quarter to load a word list, so it is
imported on the first hyphen that needs it: an essay whose line-end hyphens all stand
before a capital, and every command that reads no essay, never load it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

Vocabulary = Counter[str]
"""Lower-cased words of the whole text (hyphenated compounds as one word) → count."""

DEFAULT_LANGUAGE = "en"
"""The essay's language when the caller does not say (a BCP 47 tag)."""

_WORD = re.compile(r"\w+(?:['\u2019\-\u2010]\w+)*")
_WORD_AT_END = re.compile(r"\w+(?:['\u2019\-\u2010]\w+)*$")
_SOFT_HYPHEN = "\u00ad"
_HYPHENS = "-\u2010"
_DASHES = "\u2013\u2014"
# A hyphen, dash or soft hyphen at the end of a line, in a paragraph's "\n"-joined lines.
_LINE_END_BREAK = re.compile(r"[\-\u2010\u2013\u2014\u00ad]\n")
_HYPHEN_AT_LINE_END = re.compile(r"[\-\u2010][^\S\n]*\n")
_COMPONENT_SEPARATOR = re.compile(r"[\-\u2010]")
# Prefixes written with a hyphen ("anti-", "self-"): after one, a line-end hyphen is
# more likely part of the word than a typesetter's break, if what follows is a word.
# The Latin and Greek ones most European languages share, and English ones.
_HYPHEN_PREFIXES = frozenset(
    """
    anti pro non self ex post pre co multi semi quasi counter cross neo ultra pseudo
    vice half well all ill mid
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_VOWELS = "aeiou"
# How far to look either side of a line-end hyphen for the word it belongs to.
_WORD_REACH = 100

# After a hyphen prefix the joined word must be commoner than the language's floor asks
# ("anti-" / "war": "antiwar" is 2.6); mean error rate 0.74%, 0.64%, 0.77% at 0.5, 0.9,
# 1.5.
_PREFIX_JOIN_FLOOR = 0.9
# A part is a word from about one use in three million words: "averse" (3.1),
# "intentioned" (2.9); no case changes anywhere from 2.0 to 3.0.
_PART_FLOOR = 2.5
# After a hyphen prefix, a word wordfreq knows at all will do: "self-" / "abnegation".
_PREFIX_PART_FLOOR = 1.0


@dataclass(frozen=True, slots=True)
class _Language:
    """What a language's grammar and word list say about its line-end hyphens."""

    join_floor: float = -0.5
    """The floor of ``2 * zipf(joined) >= zipf(hyphenated) + floor``.  The default is the
    middle of the range where German, French, Spanish, Polish and Italian err least: from
    -1.0 to 0.0 none of their compounds is joined and at most 7 in 10,000 of their words
    kept apart."""
    bound_prefixes: frozenset[str] = frozenset()
    """Prefixes never written with a hyphen before a lower-case letter: joined."""
    bound_suffixes: frozenset[str] = frozenset()
    """Endings never written after a hyphen ("-ness"): joined."""
    conjunctions: frozenset[str] = frozenset()
    """After a suspended hyphen ("pre- and post-war", "Bundes- und Landesregierung") the
    hyphen is kept and so is the space the line end stood for."""


_ENGLISH = _Language(
    # Mean error rate 1.20%, 1.03%, 1.49% at 0.0, 0.5, 0.9 (the test module's table).
    join_floor=0.5,
    bound_prefixes=frozenset({"un", "dis", "im", "ir", "be", "en", "em"}),
    bound_suffixes=frozenset(
        """
        ness less ly able ably ible ibly ful fully ment ments ed es er ers est ies ing ings
        ity ities ism ist ists ous ously
        """.split()  # noqa: SIM905 (a word list reads best as words)
    ),
    conjunctions=frozenset({"and", "or", "nor"}),
)
_LANGUAGES: dict[str, _Language] = {
    "en": _ENGLISH,
    "de": _Language(conjunctions=frozenset({"und", "oder", "bis", "sowie", "bzw"})),
    "fr": _Language(conjunctions=frozenset({"et", "ou"})),
    "nl": _Language(conjunctions=frozenset({"en", "of", "tot"})),
    # Its particles and prepositions ("что-то", "из-за", "по-русски") stay from 1.5 up,
    # where 15 of 11,113 word breaks are kept (0.13%); 13 compounds, so a rough floor.
    "ru": _Language(join_floor=1.5),
}
_OTHER = _Language()


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


def join_line_ends(joined: str, vocabulary: Vocabulary, language: str = DEFAULT_LANGUAGE) -> str:
    """A paragraph's ``"\\n"``-joined lines with every line-end break decided.

    ``language`` is the essay's BCP 47 tag ("en", "fr-CA").  The newlines not at a break
    stay, for the caller to collapse with the rest of the white space.
    """
    pieces: list[str] = []
    position = 0
    for match in _LINE_END_BREAK.finditer(joined):
        pieces.append(joined[position : match.start()])
        pieces.append(_line_end(joined, match.start(), vocabulary, language))
        position = match.end()
    pieces.append(joined[position:])
    # A soft hyphen is an invisible hint to the typesetter, not a character of the word;
    # left in, it would stop a quote typed by a person from matching.
    return "".join(pieces).replace(_SOFT_HYPHEN, "")


def _line_end(joined: str, i: int, vocabulary: Vocabulary, language: str) -> str:
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
    if not keeps_hyphen(before, following, vocabulary, language):
        return ""
    next_word = following.split(None, 1)[0].rstrip(",;:").lower()
    return f"{mark} " if next_word in _rules(language).conjunctions else mark


def keeps_hyphen(
    before: str, following: str, vocabulary: Vocabulary, language: str = DEFAULT_LANGUAGE
) -> bool:
    """Whether a hyphen between ``before`` and the ``following`` line is part of a word.

    ``language`` is the essay's BCP 47 tag; the evidence and its order are the module
    docstring's.
    """
    first = following[:1]
    if not first.isalpha():
        return True
    left_match = _WORD_AT_END.search(before)
    right_match = _WORD.match(following)
    if not left_match or not right_match or left_match.end() != len(before):
        return True
    left, right = left_match.group(), right_match.group()
    # A capital after lower case begins a word; text set in capitals ("PRESI-" /
    # "DENTS") is weighed like any other.
    if first.isupper() and not (left.isupper() and right.isupper()):
        return True
    left, right = left.lower(), right.lower()
    solid = vocabulary[left + right]
    hyphenated = vocabulary[f"{left}-{right}"] + vocabulary[f"{left}\u2010{right}"]
    if solid and solid >= hyphenated:
        return False
    if hyphenated:
        return True
    # In a longer compound ("state-of-the-" / "art", "vice-" / "president-elect") the two
    # pieces that meet at the line end are what is joined or kept.
    prefix = _COMPONENT_SEPARATOR.split(left)[-1]
    suffix = _COMPONENT_SEPARATOR.split(right, maxsplit=1)[0]
    rules = _rules(language)
    if prefix in rules.bound_prefixes or suffix in rules.bound_suffixes:
        return False
    code = _wordfreq_language(language)
    if code is not None:
        suspended = right in rules.conjunctions
        goes_on = suffix != right  # "Mazar-" / "e-Sharif": the compound goes on after
        return _keeps_by_frequency(prefix, suffix, code, rules.join_floor, suspended, goes_on)
    if prefix[-1] in _VOWELS and prefix[-1] == suffix[0]:
        return True
    # The fragment itself is counted once: more than that means the text uses the word
    # on its own ("self-" / "defense"), where "ex-" / "ample" is a typesetter's break.
    return prefix in _HYPHEN_PREFIXES and vocabulary[right] > 1


@lru_cache(maxsize=8192)
def _keeps_by_frequency(
    left: str, right: str, code: str, join_floor: float, suspended: bool, goes_on: bool = False
) -> bool:
    """Whether wordfreq's frequencies in language ``code`` say "left-right" is a compound.

    ``suspended``: ``right`` is a conjunction, so unless the two make a word ("hon-" /
    "or") the hyphen is a suspended one ("Mittelstrecken- und Kurzstreckenraketen"),
    however rare the word before it.  ``goes_on``: the word after the line end has a
    hyphen of its own ("e-Sharif"), so the break fell inside a compound, where a
    typesetter breaks at a hyphen it has: unless the two make a word ("presi-" /
    "dent-elect"), the hyphen is the compound's.  Cached: an essay repeats its words,
    and a batch its language.
    """
    from wordfreq import zipf_frequency

    prefixed = left in _HYPHEN_PREFIXES
    floor = max(join_floor, _PREFIX_JOIN_FLOOR) if prefixed else join_floor
    if 2 * zipf_frequency(left + right, code) >= zipf_frequency(f"{left}-{right}", code) + floor:
        return False
    if suspended or (goes_on and zipf_frequency(left + right, code) < _PART_FLOOR):
        return True
    rest = zipf_frequency(right, code)
    if rest >= _PART_FLOOR and zipf_frequency(left, code) >= _PART_FLOOR:
        return True
    return prefixed and rest >= _PREFIX_PART_FLOOR


def _primary(tag: str) -> str:
    """The language subtag of a BCP 47 tag, in lower case ("fr-CA" → "fr")."""
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def _rules(tag: str) -> _Language:
    return _LANGUAGES.get(_primary(tag), _OTHER)


@cache
def _wordfreq_language(tag: str) -> str | None:
    """wordfreq's code for the BCP 47 tag ``tag``, or None when it has no word list.

    Only the languages written with spaces between words: wordfreq cuts the others
    (Chinese, Japanese, Korean) with tokenizers of their own that may not be installed.
    """
    from wordfreq import available_languages
    from wordfreq.language_info import get_language_info

    primary = _primary(tag)
    if primary not in available_languages():
        return None
    return primary if get_language_info(primary)["tokenizer"] == "regex" else None
