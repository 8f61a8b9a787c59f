"""The words ``rec-timeframe`` and ``rec-actor`` read in a brief that is not in English.

One YAML file per language in ``vocabularies/`` (fr, de, es, it, pl, uk, ru), written as
a briefing unit of that country writes: the actors no one can be held to ("la communauté
internationale", "alle Beteiligten"), the timeframes no calendar can hold ("dès que
possible", "zeitnah"), and the words a timeframe that can be held is made of: date words
("sofort", "Jahresende"), numbers and units ("binnen 30 Tagen"), and the prepositions and
occasions of an event ("vor dem NATO-Gipfel").  The month and weekday names are not in
the files: they come from CLDR through Babel, as the language writes them.

A listed word is matched at the start of a word, so a stem serves every ending of an
inflected language ("засідан" holds "засідання", "засіданні"); a vague phrase, the
actors and the numbers are matched whole.  A language with no file is left to
:mod:`briefgen.lint` to say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

VOCABULARIES = Path(__file__).resolve().parent / "vocabularies"
KEYS = (
    "unaccountable_actors",
    "vague_timeframes",
    "date_words",
    "numbers",
    "units",
    "occasions",
    "events",
    "named_events",
    "examples",
)
_CAPITAL = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄҐ"
_YEAR_OR_NUMERIC_DATE = r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\bq[1-4]\b"


@dataclass(frozen=True)
class Vocabulary:
    """One language's words for the two rules, compiled."""

    language: str
    unaccountable: frozenset[str]
    vague: tuple[str, ...]
    calendar: tuple[re.Pattern[str], ...]
    """A date, a duration, an event: any of them is a time a calendar can hold."""
    named_event: re.Pattern[str] | None
    examples: dict[str, str]
    """How the language writes a date, a duration and an event, for the message."""

    def vague_phrase(self, timeframe: str) -> str | None:
        """The phrase of ``timeframe`` no calendar can hold, or None."""
        lowered = _plain(timeframe)
        for phrase in self.vague:
            if re.search(rf"(?<![\w-]){_phrase(phrase)}(?![\w-])", lowered):
                return phrase
        return None

    def holds_on_a_calendar(self, timeframe: str) -> bool:
        text = _plain(timeframe, lower=False)
        if any(pattern.search(text) for pattern in self.calendar):
            return True
        named = self.named_event is not None and self.named_event.search(text)
        return bool(named) and self.vague_phrase(timeframe) is None

    def is_unaccountable(self, actor: str) -> bool:
        lowered = _plain(actor).strip(" .;:")
        return not any(c.isalpha() for c in lowered) or lowered in self.unaccountable


def vocabulary(language: str) -> Vocabulary | None:
    """The vocabulary of ``language`` (a BCP 47 tag: "de-CH" reads de's), or None."""
    return _load(language.lower().replace("_", "-").split("-")[0])


@cache
def _load(base: str) -> Vocabulary | None:
    path = VOCABULARIES / f"{base}.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text("utf-8"))
    missing = [key for key in KEYS if key not in data]
    if missing:
        raise ValueError(f"{path}: no {', '.join(missing)}")
    words = {key: [_plain(str(w)) for w in data[key]] for key in KEYS[:-2]}
    months, days = _calendar_names(base)
    dates = [*months, *days, *words["date_words"]]
    # "binnen 30 Tagen", "в течение 30 дней": a number, perhaps a word, then a unit.
    number = rf"(?:\d+|{_alternatives(words['numbers'], whole=True)})"
    occasion = _alternatives(words["occasions"], whole=True)
    calendar = (
        re.compile(_YEAR_OR_NUMERIC_DATE, re.IGNORECASE),
        re.compile(rf"(?<!\w){_alternatives(dates)}", re.IGNORECASE),
        re.compile(
            rf"(?<!\w){number}(?:[\s-]+[\w’-]+)?[\s-]+{_alternatives(words['units'])}",
            re.IGNORECASE,
        ),
        re.compile(
            rf"(?<!\w){occasion}(?:\s+[\w’-]+){{0,5}}?\s+{_alternatives(words['events'])}",
            re.IGNORECASE,
        ),
    )
    named = None
    if data["named_events"]:
        # "avant Noël", "до Рождества": a preposition, small words, then a capital.
        small = r"(?:\s+[^\W\d_]{1,3}[’]?)"
        named = re.compile(rf"(?<!\w)(?i:{occasion}){small}{{0,2}}\s*[{_CAPITAL}]")
    return Vocabulary(
        language=base,
        unaccountable=frozenset(words["unaccountable_actors"]),
        vague=tuple(sorted(words["vague_timeframes"], key=len, reverse=True)),
        calendar=calendar,
        named_event=named,
        examples={key: str(value) for key, value in data["examples"].items()},
    )


def _calendar_names(language: str) -> tuple[list[str], list[str]]:
    """CLDR's month and weekday names for ``language``, lower case: each month as the
    stem its forms share ("берез" for "березень", "березня"), or as both forms when
    they share too little of one ("май", "мая")."""
    from babel import Locale
    from babel.dates import get_day_names, get_month_names

    locale = Locale.parse(language)
    months: list[str] = []
    for n in range(1, 13):
        forms = {
            get_month_names("wide", context, locale)[n].lower()
            for context in ("format", "stand-alone")
        }
        stem = _common_prefix(sorted(forms))
        months += [stem] if len(stem) >= 3 else sorted(forms)
    days = sorted(
        {
            name.lower()
            for context in ("format", "stand-alone")
            for name in get_day_names("wide", context, locale).values()
        }
    )
    return months, days


def _common_prefix(words: list[str]) -> str:
    first, last = words[0], words[-1]
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _plain(text: str, lower: bool = True) -> str:
    """``text`` with one kind of apostrophe and single spaces (lower-cased)."""
    text = " ".join(text.replace("'", "’").split())
    return text.lower() if lower else text


def _phrase(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _alternatives(words: list[str], whole: bool = False) -> str:
    """One pattern for ``words`` (longest first), each a word's start or (``whole``) a
    whole word."""
    ordered = sorted(set(words), key=len, reverse=True)
    end = r"(?![\w’])" if whole else ""
    return "(?:" + "|".join(_phrase(w) for w in ordered) + ")" + end
