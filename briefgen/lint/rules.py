"""The house rules, one function each: (brief, the template's lint style) → findings,
each a (field path, rule id, reason)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from briefgen.lint import scales, words
from briefgen.lint.vocabulary import ENGLISH, Words, vocabulary
from briefgen.load.source_map import Loc
from briefgen.model import Brief
from briefgen.sentences import split_sentences
from briefgen.style import LintStyle

Found = tuple[Loc, str, str]
"""(field path, rule id, reason)."""


def own_words(brief: Brief) -> Iterator[tuple[Loc, str]]:
    """Every field in the analyst's own words (never a quote: those are the essay's)."""
    summary = brief.summary
    yield ("summary", "bottom_line"), summary.bottom_line
    yield ("summary", "thesis", "statement"), summary.thesis.statement
    for i, e in enumerate(summary.evidence):
        yield ("summary", "evidence", i, "claim"), e.claim
    for i, c in enumerate(summary.counterpoints):
        yield ("summary", "counterpoints", i, "point"), c.point
        yield ("summary", "counterpoints", i, "response"), c.response
    for i, r in enumerate(summary.recommendations):
        yield ("summary", "recommendations", i, "action"), r.action
        if r.rationale:
            yield ("summary", "recommendations", i, "rationale"), r.rationale


def _words(text: str) -> int:
    return len(text.split())


def bottom_line_judgment(brief: Brief, style: LintStyle) -> list[Found]:
    sentences = split_sentences(brief.summary.bottom_line, brief.brief.language)
    first = sentences[0] if sentences else brief.summary.bottom_line
    if words.is_judgment(first):
        return []
    how = "sets the scene" if words.opens_as_background(first) else "states no judgment"
    message = (
        f"its first sentence {how} ({_short(first)!r}): open with the judgment the reader "
        "must take away, and put the background after it"
    )
    return [(("summary", "bottom_line"), "bottom-line-judgment", message)]


def bottom_line_length(brief: Brief, style: LintStyle) -> list[Found]:
    count = _words(brief.summary.bottom_line)
    if count <= style.bottom_line_words:
        return []
    message = (
        f"{count} words; the template allows {style.bottom_line_words}: cut it to the judgment"
    )
    return [(("summary", "bottom_line"), "bottom-line-length", message)]


def rec_verb(brief: Brief, style: LintStyle) -> list[Found]:
    language = _vocabulary(brief)
    found: list[Found] = []
    for i, r in enumerate(brief.summary.recommendations):
        ok, word = language.starts_with_verb(r.action)
        if not ok:
            message = (
                f"starts with {word!r}, not a verb: say what to do ({language.examples['action']})"
            )
            found.append((("summary", "recommendations", i, "action"), "rec-verb", message))
    return found


def rec_actor(brief: Brief, style: LintStyle) -> list[Found]:
    language = _vocabulary(brief)
    found: list[Found] = []
    for i, r in enumerate(brief.summary.recommendations):
        if language.is_unaccountable(r.actor):
            message = (
                f"{r.actor!r} cannot be held to account: name the office, department or "
                "person who will act"
            )
            found.append((("summary", "recommendations", i, "actor"), "rec-actor", message))
    return found


def rec_timeframe(brief: Brief, style: LintStyle) -> list[Found]:
    language = _vocabulary(brief)
    examples = language.examples
    found: list[Found] = []
    for i, r in enumerate(brief.summary.recommendations):
        if language.holds_on_a_calendar(r.timeframe):
            continue
        vague = language.vague_phrase(r.timeframe)
        what = (
            f"{vague!r} is not a time"
            if vague
            else f"{r.timeframe!r} names no date, duration or event"
        )
        message = (
            f"{what} a calendar can hold: give a date (“{examples['date']}”), a duration "
            f"(“{examples['duration']}”) or an event (“{examples['event']}”)"
        )
        found.append((("summary", "recommendations", i, "timeframe"), "rec-timeframe", message))
    return found


def _vocabulary(brief: Brief) -> Words:
    """The words the rules read in the brief's language (:func:`.lint` runs a rule only
    for a language that has words for it; English's otherwise)."""
    return vocabulary(brief.brief.language) or ENGLISH


def estimative(brief: Brief, style: LintStyle, kind: str, rule: str) -> list[Found]:
    found: list[Found] = []
    name = scales.SCALE_NAMES[style.scale]
    for loc, text in own_words(brief):
        for hit in scales.estimative_hits(text, style.scale):
            if hit.kind != kind:
                continue
            if kind == "hedge":
                message = f"{hit.text!r} hedges without saying how likely: use a term of {name}"
            else:
                others = [
                    scales.SCALE_NAMES[s]
                    for s, terms in scales.SCALES.items()
                    if s != style.scale and " ".join(hit.text.lower().split()) in terms
                ]
                whose = f"a term of {others[0]}, " if others else ""
                message = (
                    f"{hit.text!r} is {whose}not of {name}, the template's scale: "
                    f"use one of {', '.join(scales.STEPS[style.scale])}"
                )
            found.append((loc, rule, message))
    return found


def evidence_unused(brief: Brief, style: LintStyle) -> list[Found]:
    summary = brief.summary
    cited = set(summary.thesis.based_on)
    for r in summary.recommendations:
        cited.update(r.based_on)
    found: list[Found] = []
    for i, e in enumerate(summary.evidence):
        if e.id not in cited:
            message = (
                f"no recommendation and not the thesis rests on {e.id}: cite it in a "
                "based_on, or cut it"
            )
            found.append((("summary", "evidence", i, "id"), "evidence-unused", message))
    return found


def rec_unsupported(brief: Brief, style: LintStyle) -> list[Found]:
    found: list[Found] = []
    for i, r in enumerate(brief.summary.recommendations):
        if not r.based_on:
            message = "rests on no evidence (based_on is empty): name the evidence it follows from"
            found.append((("summary", "recommendations", i), "rec-unsupported", message))
    return found


def quote_length(brief: Brief, style: LintStyle) -> list[Found]:
    summary = brief.summary
    quotes: list[tuple[Loc, str]] = [(("summary", "thesis", "quote"), summary.thesis.quote)]
    quotes += [
        (("summary", "evidence", i, "quote"), e.quote) for i, e in enumerate(summary.evidence)
    ]
    found: list[Found] = []
    for loc, quote in quotes:
        count = _words(quote)
        if count > style.quote_words:
            message = (
                f"{count} words; the template allows {style.quote_words}: a brief cites, it does "
                "not reprint (cut it with …)"
            )
            found.append((loc, "quote-length", message))
    return found


def prose(brief: Brief, style: LintStyle) -> list[Found]:
    from briefgen.lint.prose import prose_findings

    found: list[Found] = []
    for loc, text in own_words(brief):
        for check, message in prose_findings(text, style.prose_off):
            found.append((loc, f"prose/{check}", message))
    return found


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


RULES: dict[str, Callable[[Brief, LintStyle], list[Found]]] = {
    "bottom-line-judgment": bottom_line_judgment,
    "bottom-line-length": bottom_line_length,
    "rec-verb": rec_verb,
    "rec-actor": rec_actor,
    "rec-timeframe": rec_timeframe,
    "estimative-scale": lambda b, s: estimative(b, s, "other-scale", "estimative-scale"),
    "estimative-hedge": lambda b, s: estimative(b, s, "hedge", "estimative-hedge"),
    "evidence-unused": evidence_unused,
    "rec-unsupported": rec_unsupported,
    "quote-length": quote_length,
    "prose": prose,
}
"""Every rule, by id, in the order of the brief."""
