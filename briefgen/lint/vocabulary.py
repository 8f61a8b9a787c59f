"""The words ``rec-timeframe`` and ``rec-actor`` read in a brief that is not in English.

One YAML file per language in ``vocabularies/`` (fr, de, es, it, pl, uk, ru), written as
a briefing unit of that country writes: the actors no one can be held to ("la communauté
internationale", "alle Beteiligten"), the timeframes no calendar can hold ("dès que
possible", "zeitnah", "im Rahmen der Verhandlungen"), and the words a timeframe that can
be held is made of: date words ("sofort", "Jahresende"), numbers and units ("binnen 30
Tagen"), and the prepositions and occasions of an event ("vor dem NATO-Gipfel").  The
month and weekday names are not in the files: they come from CLDR through Babel, as the
language writes them (an inflected form CLDR lacks, "w marcu", is a date word).

Every entry is a whole word or phrase; one that ends in ``*`` is a stem and holds every
ending ("засідан*": "засідання", "засіданні").  A date or a duration counts unless a
vague phrase covers it ("un jour"); an event counts only when nothing vague is said
("bei Bedarf im Rat" is no time).  ``named_event_occasions`` are the prepositions after
which a capital names an occasion ("avant Noël", "до Рождества"); German, whose nouns all
have capitals, has none, and its events may end a compound (``compound_events``: the
"wahl" of "Europawahl").
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
    "named_event_occasions",
    "compound_events",
    "infinitive_endings",
    "not_infinitive_endings",
    "negations",
    "examples",
)
_LISTS = KEYS[:8]
_WORD = re.compile(r"[^\W\d_][\w’-]*")
_YEAR_OR_NUMERIC_DATE = r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\bq[1-4]\b"
# After a named event's preposition: up to two short words ("le", "de la"), an elided
# article ("l’", "dell’"), then the word whose capital says it names something.
_NAMED_WORD = re.compile(
    r"(?:\s+[^\W\d_]{1,3}(?=\s)){0,2}(?:\s+|(?<=’))(?:[^\W\d_]{1,4}’)?([^\W\d_])"
)


@dataclass(frozen=True)
class Vocabulary:
    """One language's words for the two rules, compiled."""

    language: str
    unaccountable: frozenset[str]
    dates: tuple[re.Pattern[str], ...]
    """A date or a duration: a time a calendar can hold, unless a vague phrase covers it."""
    event: re.Pattern[str]
    named_event: re.Pattern[str] | None
    vague_pattern: re.Pattern[str]
    """Every phrase no calendar can hold."""
    infinitives: tuple[tuple[str, ...], tuple[str, ...]]
    """The endings of an infinitive, and the endings of words that only look like one
    ("-ость" nouns in Russian); none where an instruction does not open on its verb."""
    negations: frozenset[str]
    examples: dict[str, str]
    """How the language writes a date, a duration, an event and an instruction, for the
    messages."""

    @property
    def rules(self) -> frozenset[str]:
        """The word rules this vocabulary serves."""
        verb = {"rec-verb"} if self.infinitives[0] else set()
        return frozenset({"rec-actor", "rec-timeframe", *verb})

    def starts_with_verb(self, action: str) -> tuple[bool, str]:
        """(whether ``action`` opens on an infinitive, as an instruction does in this
        language, "Renforcer…", "Подготовить…", after a negation "Ne pas…"; the word that
        decided)."""
        words = _WORD.findall(_plain(action))
        while len(words) > 1 and words[0].lower() in self.negations:
            words = words[1:]
        if not words:
            return False, action.strip()[:20]
        first = words[0].lower()
        endings, exceptions = self.infinitives
        verb = first.endswith(endings) and not first.endswith(exceptions) if endings else False
        return verb, words[0]

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
    for key in (*_LISTS, "infinitive_endings", "not_infinitive_endings", "negations"):
        odd = [w for w in data[key] if not isinstance(w, str)]
        if odd:  # YAML reads a bare no, on or yes as true or false
            raise ValueError(f"{path}: {key}: {odd[0]!r} is not a word: put it in quotes")
    words = {key: [_plain(w).lower() for w in data[key]] for key in _LISTS}
    flags = re.IGNORECASE
    number = rf"(?:\d+|{_alternatives(words['numbers'])})"
    occasion = _alternatives(words["occasions"])
    compound = r"[^\W\d_]*" if data["compound_events"] else ""
    # "binnen 30 Tagen", "в течение 30 дней": a number, perhaps a word, then a unit.
    duration = rf"{number}(?:[\s-]+[\w’-]+)?[\s-]+{_alternatives(words['units'])}"
    dates = (
        re.compile(_YEAR_OR_NUMERIC_DATE, flags),
        re.compile(_alternatives([*_calendar_names(base), *words["date_words"]]), flags),
        re.compile(duration, flags),
    )
    # "vor dem NATO-Gipfel", "avant l’élection": a preposition, up to five words, then
    # the occasion (its article elided onto it, or after a hyphen).
    event = re.compile(
        rf"{occasion}(?:[\s-]+[\w’-]+){{0,5}}?(?:[\s-]+(?:[^\W\d_]{{1,4}}’)?|’)"
        rf"{compound}{_alternatives(words['events'], start=False)}",
        flags,
    )
    named = words["named_event_occasions"]
    return Vocabulary(
        language=base,
        unaccountable=frozenset(words["unaccountable_actors"]),
        dates=dates,
        event=event,
        named_event=re.compile(_alternatives(named), flags) if named else None,
        vague_pattern=re.compile(_alternatives(words["vague_timeframes"]), flags),
        infinitives=(
            tuple(data["infinitive_endings"]),
            tuple(data["not_infinitive_endings"]),
        ),
        negations=frozenset(_plain(w).lower() for w in data["negations"]),
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


def _plain(text: str) -> str:
    """``text`` with one kind of apostrophe (’: "'" and "ʼ" are it too) and single spaces."""
    return " ".join(text.replace("'", "’").replace("\u02bc", "’").split())


def _alternatives(entries: list[str], start: bool = True) -> str:
    """One pattern for ``entries`` (longest first): each a whole word or phrase, or, when
    it ends in ``*``, a stem with any ending; ``start``: beginning a word."""
    ordered = sorted(set(entries), key=len, reverse=True)
    parts = []
    for entry in ordered:
        stem = entry.endswith("*")
        words = entry.rstrip("*").split()
        body = r"\s+".join(re.escape(word) for word in words)
        # a stem takes any ending; an elided word ("dell’") runs into the next one
        end = r"[\w’-]*" if stem else "" if body.endswith("’") else r"(?![\w’-])"
        parts.append(body + end)
    begin = r"(?<![\w-])" if start else ""  # "l’été": an elided article may stand before
    return begin + "(?:" + "|".join(parts) + ")"
