"""Does a recommendation start with a verb, as an instruction does ("Review…", "Do not…")?

English only.  A word is taken as a verb in its base form when lemminflect's lexicon
knows it as a verb whose lemma is the word itself: "Review" and "Commission" are (they
are nouns too, but a recommendation that starts with one reads as an instruction),
"Reviewing", "Sanctions", "Policy", "We" and "The" are not.  A word the lexicon does not
know is tried without a verb prefix ("Decouple": "couple"), and passes when it ends like
a verb ("Operationalise"); a leading adverb ("Immediately suspend…") is skipped.
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PREFIXES = ("re", "de", "un", "co", "pre", "over", "under", "out", "dis", "mis", "up", "down")
_VERB_ENDINGS = ("ise", "ize", "yse", "yze", "ate", "ify", "en")
_NEGATION = {"do", "don't", "don’t", "never", "not"}


def first_words(text: str, count: int = 3) -> list[str]:
    return _WORD.findall(text)[:count]


def starts_with_verb(text: str) -> tuple[bool, str]:
    """(whether ``text`` starts with a base-form verb, the word that decided)."""
    tokens = text.split()
    words = first_words(text)
    if not tokens:
        return False, ""
    if not words or not tokens[0].strip("\"'“”‘’([").startswith(words[0]):
        return False, tokens[0]  # it starts with a number, a dash, a symbol
    first = words[0]
    if first.lower() in _NEGATION:
        return True, first
    if first.lower().endswith("ly") and len(words) > 1 and _known(first.lower()) != "verb":
        return starts_with_verb(text[text.index(first) + len(first) :])
    return _is_base_verb(first.lower()), first


def _is_base_verb(word: str) -> bool:
    kind = _known(word)
    if kind is not None:
        return kind == "verb"
    for prefix in _PREFIXES:
        rest = word[len(prefix) :].lstrip("-")
        if word.startswith(prefix) and len(rest) > 2 and _known(rest) is not None:
            return _known(rest) == "verb"
    return word.endswith(_VERB_ENDINGS)


@cache
def _known(word: str) -> str | None:
    """``verb`` when the lexicon has ``word`` as the base form of a verb, ``other`` when
    it knows it otherwise, None when it does not know it."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    if not lemmas:
        return None
    verb = lemmas.get("VERB", ())
    return "verb" if word in verb else "other"
