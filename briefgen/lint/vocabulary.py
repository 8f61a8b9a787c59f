"""The words the word rules read, per language: :func:`vocabulary` gives them.

English's are the lists of :mod:`.words`, :mod:`.timeframes` and :mod:`.verbs`.  The
other languages briefgen writes (fr, de, es, it, pl, uk, ru) have one YAML file each in
``vocabularies/``, written as a briefing unit of that country writes, for the rules
``rec-actor``, ``rec-timeframe`` and ``rec-verb``:

- the actors no one can be held to ("la communauté internationale", "alle Beteiligten");
- the timeframes no calendar can hold ("dès que possible", "zeitnah", "im Rahmen der
  Verhandlungen"), and the words a timeframe that can be held is made of: date words
  ("sofort", "Jahresende"), numbers and units ("binnen 30 Tagen"), the prepositions and
  occasions of an event ("vor dem NATO-Gipfel");
- the endings of an infinitive, for an instruction that opens on its verb ("Renforcer…",
  "Подготовить…"), with the negations that may stand before it and the words that only
  look like one.  German has none: its verb ends the sentence, so it has no ``rec-verb``.

The month and weekday names are not in the files: they come from CLDR through Babel, as
the language writes them (an inflected form CLDR lacks, "w marcu", is a date word).

Every entry is a whole word or phrase; one that ends in ``*`` is a stem and holds every
ending ("засідан*": "засідання", "засіданні").  A date or a duration counts unless a
vague phrase covers it ("un jour"); an event counts only when nothing vague is said
("bei Bedarf im Rat" is no time).  ``named_event_occasions`` are the prepositions after
which a capital names an occasion ("avant Noël", "до Рождества"); German, whose nouns all
have capitals, has none, and names the occasions that may end a compound instead
(``compound_heads``: the "wahl" of "Europawahl").  Text and entries are compared in one
form: NFC, one apostrophe (’), one hyphen, "ss" for "ß" (Swiss German writes no ß).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import yaml

from briefgen.i18n.locale import base
from briefgen.lint import timeframes, verbs, words

VOCABULARIES = Path(__file__).resolve().parent / "vocabularies"
KEYS = (
    "unaccountable_actors",
    "vague_timeframes",
    "date_words",
    "numbers",
    "units",
    "occasions",
    "events",
    "named_event_occasions",
    "compound_heads",
    "infinitive_endings",
    "not_infinitive_endings",
    "not_verbs",
    "negations",
    "examples",
)
_LISTS = KEYS[:-1]
WORD_RULES = frozenset(
    {
        "bottom-line-judgment",
        "rec-verb",
        "rec-actor",
        "rec-timeframe",
        "estimative-scale",
        "estimative-hedge",
        "prose",
    }
)
"""The rules that read words of a language (English has words for all of them)."""

_YEAR_OR_NUMERIC_DATE = r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\bq[1-4]\b"
# The words between an event's preposition and the occasion (whitespace apart, so a run
# of hyphens is one word and cannot be split a thousand ways), then the occasion, maybe
# after a prefix it is hyphened or elided onto: "EU-Gipfel", "l’élection", "dell’ONU".
_GAP = r"(?:\s+\S+){0,5}?\s+(?:\S*?[-’])?"
# After a named event's preposition: up to two short words ("le", "de la"), an elided
# article ("l’", "dell’"), then the word whose capital says it names something.
_NAMED_WORD = re.compile(
    r"(?:\s+[^\W\d_]{1,3}(?=\s)){0,2}(?:\s+|(?<=’))(?:[^\W\d_]{1,4}’)?([^\W\d_])"
)
_GERMAN_ENDINGS = r"(?:e|en|n|s|es)?"


class Words(Protocol):
    """What the rules ask of a language's words."""

    @property
    def rules(self) -> frozenset[str]: ...
    @property
    def examples(self) -> dict[str, str]: ...
    def holds_on_a_calendar(self, timeframe: str) -> bool: ...
    def vague_phrase(self, timeframe: str) -> str | None: ...
    def is_unaccountable(self, actor: str) -> bool: ...
    def starts_with_verb(self, action: str) -> tuple[bool, str]: ...


@dataclass(frozen=True)
class English:
    """English's words: the lists of :mod:`.words`, :mod:`.timeframes`, :mod:`.verbs`."""

    rules: frozenset[str] = WORD_RULES
    examples: dict[str, str] = field(
        default_factory=lambda: {
            "action": "“Review…”, “Fund…”, “Do not…”",
            "date": "by 15 March",
            "duration": "within 30 days",
            "event": "before the NATO summit",
        }
    )

    def holds_on_a_calendar(self, timeframe: str) -> bool:
        return timeframes.holds_on_a_calendar(timeframe)

    def vague_phrase(self, timeframe: str) -> str | None:
        return timeframes.vague_phrase(timeframe)

    def is_unaccountable(self, actor: str) -> bool:
        return words.is_unaccountable(actor)

    def starts_with_verb(self, action: str) -> tuple[bool, str]:
        return verbs.starts_with_verb(action)


ENGLISH = English()


@dataclass(frozen=True)
class Vocabulary:
    """One language's words from its file, compiled."""

    language: str
    unaccountable: frozenset[str]
    dates: tuple[re.Pattern[str], ...]
    """A date or a duration: a time a calendar can hold, unless a vague phrase covers it."""
    event: re.Pattern[str]
    named_event: re.Pattern[str] | None
    vague_pattern: re.Pattern[str]
    """Every phrase no calendar can hold."""
    infinitives: tuple[str, ...]
    not_infinitives: tuple[str, ...]
    """Endings of words that only look like an infinitive ("-ость" nouns in Russian)."""
    not_verbs: frozenset[str]
    negations: frozenset[str]
    examples: dict[str, str]
    """How the language writes an instruction, a date, a duration and an event, for the
    messages."""

    @property
    def rules(self) -> frozenset[str]:
        verb = {"rec-verb"} if self.infinitives else set()
        return frozenset({"rec-actor", "rec-timeframe", *verb})

    def starts_with_verb(self, action: str) -> tuple[bool, str]:
        """(whether ``action`` opens on an infinitive, after any negation: "Ne pas
        reconduire…"; the word that decided)."""
        found = verbs.first_words(_plain(action), 6)
        while len(found) > 1 and found[0].lower() in self.negations:
            found = found[1:]
        if not found:
            return False, action.strip()[:20]
        first = found[0].lower().split("’")[-1]  # "N’accorder": the verb after the elision
        verb = (
            first.endswith(self.infinitives)
            and not first.endswith(self.not_infinitives)
            and first not in self.not_verbs
        )
        return verb, found[0]

    def vague_phrase(self, timeframe: str) -> str | None:
        """The phrase of ``timeframe`` no calendar can hold, or None."""
        found = self.vague_pattern.search(_plain(timeframe))
        return " ".join(found.group(0).lower().split()) if found else None

    def holds_on_a_calendar(self, timeframe: str) -> bool:
        text = _plain(timeframe)
        vague = [m.span() for m in self.vague_pattern.finditer(text)]
        for pattern in self.dates:
            for match in pattern.finditer(text):
                if not any(match.start() < end and start < match.end() for start, end in vague):
                    return True
        if vague:
            return False
        if self.event.search(text):
            return True
        if self.named_event is not None:
            for match in self.named_event.finditer(text):
                word = _NAMED_WORD.match(text, match.end())
                if word and word.group(1).isupper():
                    return True
        return False

    def is_unaccountable(self, actor: str) -> bool:
        lowered = _plain(actor).lower().strip(" .;:")
        return not any(c.isalpha() for c in lowered) or lowered in self.unaccountable


def vocabulary(language: str) -> Words | None:
    """The words of ``language`` (a BCP 47 tag: "de-CH" reads de's); None for a language
    briefgen has none for."""
    code = base(language)
    return ENGLISH if code == "en" else _load(code)


@cache
def _load(code: str) -> Vocabulary | None:
    path = VOCABULARIES / f"{code}.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text("utf-8"))
    missing = [key for key in KEYS if key not in data]
    if missing:
        raise ValueError(f"{path}: no {', '.join(missing)}")
    for key in _LISTS:
        odd = [w for w in data[key] if not isinstance(w, str)]
        if odd:  # YAML reads a bare no, on or yes as true or false
            raise ValueError(f"{path}: {key}: {odd[0]!r} is not a word: put it in quotes")
    lists = {key: [_plain(w).lower() for w in data[key]] for key in _LISTS}
    flags = re.IGNORECASE
    number = rf"(?:\d+|{_alternatives(lists['numbers'])})"
    # "binnen 30 Tagen", "в течение 30 дней": a number, perhaps a word, then a unit.
    duration = rf"{number}(?:\s+[\w’]+)?[\s-]+{_alternatives(lists['units'])}"
    dates = (
        re.compile(_YEAR_OR_NUMERIC_DATE, flags),
        re.compile(_alternatives([*_calendar_names(code), *lists["date_words"]]), flags),
        re.compile(duration, flags),
    )
    occasions = [_alternatives(lists["events"], start=False)]
    if lists["compound_heads"]:
        heads = "|".join(re.escape(h) for h in lists["compound_heads"])
        occasions.append(rf"[^\W\d_]{{4,}}(?:{heads}){_GERMAN_ENDINGS}(?![\w’-])")
    event = re.compile(
        rf"{_alternatives(lists['occasions'])}{_GAP}(?:{'|'.join(occasions)})", flags
    )
    named = lists["named_event_occasions"]
    return Vocabulary(
        language=code,
        unaccountable=frozenset(lists["unaccountable_actors"]),
        dates=dates,
        event=event,
        named_event=re.compile(_alternatives(named), flags) if named else None,
        vague_pattern=re.compile(_alternatives(lists["vague_timeframes"]), flags),
        infinitives=tuple(lists["infinitive_endings"]),
        not_infinitives=tuple(lists["not_infinitive_endings"]),
        not_verbs=frozenset(lists["not_verbs"]),
        negations=frozenset(lists["negations"]),
        examples={key: str(value) for key, value in data["examples"].items()},
    )


def _calendar_names(language: str) -> list[str]:
    """CLDR's month and weekday names for ``language`` (both contexts: "березень" and
    "березня"), whole words, lower case."""
    from babel import Locale
    from babel.dates import get_day_names, get_month_names

    locale = Locale.parse(language)
    names = {
        _plain(name).lower()
        for context in ("format", "stand-alone")
        for table in (
            get_month_names("wide", context, locale),
            get_day_names("wide", context, locale),
        )
        for name in table.values()
    }
    return sorted(names)


_ONE_FORM = str.maketrans({"'": "’", "\u2018": "’", "\u02bc": "’", "\u2010": "-", "\u2011": "-"})


def _plain(text: str) -> str:
    """``text`` in the one form entries and text are compared in: NFC, one apostrophe,
    one hyphen, "ss" for "ß", single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_ONE_FORM).replace("ß", "ss")
    return " ".join(text.split())


def _alternatives(entries: list[str], start: bool = True) -> str:
    """One pattern for ``entries`` (longest first): each a whole word or phrase, or, when
    it ends in ``*``, a stem with any ending; ``start``: beginning a word (an elided
    article may stand before: "l’été")."""
    ordered = sorted(set(entries), key=len, reverse=True)
    parts = []
    for entry in ordered:
        body = r"\s+".join(re.escape(word) for word in entry.rstrip("*").split())
        # a stem takes any ending; an elided word ("dell’") runs into the next one
        end = r"[\w’-]*" if entry.endswith("*") else "" if body.endswith("’") else r"(?![\w’-])"
        parts.append(body + end)
    begin = r"(?<![\w-])" if start else ""
    return begin + "(?:" + "|".join(parts) + ")"
