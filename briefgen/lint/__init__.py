"""`briefgen lint BRIEF`: the house's analytic standards, one finding per line.

A brief that validates can still be a poor brief.  The rules here are those policy shops
teach, each on by default and switchable per template (``lint:`` in style.yaml,
``briefgen.style.LintStyle``):

- ``bottom-line-judgment``: the bottom line's first sentence states a judgment, not
  background; ``bottom-line-length``: the bottom line keeps within the template's words;
- ``rec-verb``: a recommendation starts with a verb (``verbs``); ``rec-actor``: it names
  an actor someone can be held to (``words``); ``rec-timeframe``: its timeframe is one a
  calendar can hold (``timeframes``);
- ``estimative-scale`` and ``estimative-hedge``: probability words come from the
  template's scale, and hedges say how likely (``scales``);
- ``evidence-unused``: evidence that no recommendation and not the thesis rests on;
  ``rec-unsupported``: a recommendation that rests on none;
- ``quote-length``: a quote longer than the template allows;
- ``prose``: proselint's plain-language checks (``prose``).

The rules read the brief's own words, never its quotes: those are the essay's.  The
word rules are English; ``rec-actor`` and ``rec-timeframe`` also read fr, de, es, it,
pl, uk and ru, and ``rec-verb`` all of them but German (``vocabulary``).  For a brief in
another language the rest are left out, and :attr:`Report.skipped` says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.lint.finding import Finding
from briefgen.lint.vocabulary import WORD_RULES
from briefgen.lint.vocabulary import vocabulary as words_of
from briefgen.load import SourceMap
from briefgen.load.source_map import Loc
from briefgen.model import Brief
from briefgen.style import LintStyle

__all__ = ["ENGLISH_RULES", "Finding", "Report", "lint", "lint_brief"]

ENGLISH_RULES = WORD_RULES
"""Rules that read words of a language: English has words for all of them; another
language is held to those its vocabulary serves (``vocabulary``), and not the rest."""


@dataclass(frozen=True, slots=True)
class Report:
    findings: list[Finding]
    skipped: list[str] = field(default_factory=list)
    """Rules left out, and why, one line each (not findings)."""


def lint_brief(path: Path, template: str | None = None, allow_outside: bool = False) -> Report:
    """Validate and ground the brief at ``path`` (InputError if it fails, as ``validate``
    reports), then hold it to its template's standards (``template`` overrides)."""
    from briefgen.pipeline import check_brief, find_brief, select_template

    path = find_brief(path)
    checked = check_brief(path, allow_outside)
    chosen = select_template(checked, template)
    return lint(checked.brief, checked.source, chosen.style.lint)


def lint(brief: Brief, source: SourceMap, style: LintStyle) -> Report:
    """Every finding in a valid brief, in the order of the brief's fields."""
    from briefgen.lint import rules

    enabled = set(rules.RULES) - set(style.disable)
    skipped = []
    words = words_of(brief.brief.language)
    left_out = sorted(enabled & (ENGLISH_RULES - (words.rules if words else frozenset())))
    enabled -= set(left_out)
    if left_out:
        skipped.append(
            f"the rules that read English words ({', '.join(left_out)}) are not applied "
            f"to a brief in {brief.brief.language!r}"
        )
    found: list[tuple[Loc, str, str]] = []
    for rule in rules.RULES:
        if rule in enabled:
            found += rules.RULES[rule](brief, style)
    order = {loc: n for n, loc in enumerate(_field_order(brief))}
    found.sort(key=lambda f: (order.get(_owner(f[0]), len(order)), source.line(f[0]) or 0))
    findings = [Finding.at(source, loc, rule, message) for loc, rule, message in found]
    return Report(findings, skipped)


def _owner(loc: Loc) -> Loc:
    """The field a finding's location belongs to: the item for a based_on entry."""
    return loc[:4] if len(loc) > 4 else loc


def _field_order(brief: Brief) -> Iterator[Loc]:
    """Field paths in the order the brief file has them."""
    summary = brief.summary
    yield ("summary", "bottom_line")
    yield ("summary", "thesis", "statement")
    yield ("summary", "thesis", "quote")
    for i, _ in enumerate(summary.evidence):
        for name in ("id", "claim", "quote"):
            yield ("summary", "evidence", i, name)
    for i, _ in enumerate(summary.counterpoints):
        for name in ("point", "response"):
            yield ("summary", "counterpoints", i, name)
    for i, _ in enumerate(summary.recommendations):
        yield ("summary", "recommendations", i)
        for name in ("action", "actor", "timeframe", "rationale", "based_on"):
            yield ("summary", "recommendations", i, name)
