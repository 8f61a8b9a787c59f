"""What pydantic cannot check field by field: ids unique across the brief's three lists,
and every ``based_on`` naming an evidence item.  Each Problem stands at its line."""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.errors import Problem
from briefgen.load.source_map import Loc, SourceMap, format_loc
from briefgen.model import Brief, Counterpoint, Evidence, Recommendation


def brief_problems(brief: Brief, source: SourceMap) -> list[Problem]:
    """Every id used twice, then every based_on that names no evidence, located."""
    found = duplicate_ids(brief) + unresolved_based_on(brief)
    return [source.problem(loc, message) for loc, message in found]


def duplicate_ids(brief: Brief) -> list[tuple[Loc, str]]:
    """(location, message) for every id used twice across evidence/counterpoints/recommendations."""
    seen: dict[str, Loc] = {}
    found: list[tuple[Loc, str]] = []
    groups: list[tuple[str, Sequence[Evidence | Counterpoint | Recommendation]]] = [
        ("evidence", brief.summary.evidence),
        ("counterpoints", brief.summary.counterpoints),
        ("recommendations", brief.summary.recommendations),
    ]
    for name, items in groups:
        for index, item in enumerate(items):
            loc: Loc = ("summary", name, index, "id")
            if item.id in seen:
                first = format_loc(seen[item.id])
                found.append((loc, f"id {item.id!r} is already used at {first}"))
            else:
                seen[item.id] = loc
    return found


def unresolved_based_on(brief: Brief) -> list[tuple[Loc, str]]:
    """(location, message) for every based_on id that names no evidence item."""
    evidence_ids = [e.id for e in brief.summary.evidence]
    found: list[tuple[Loc, str]] = []
    citing: list[tuple[Loc, list[str]]] = [(("summary", "thesis"), brief.summary.thesis.based_on)]
    for r_index, rec in enumerate(brief.summary.recommendations):
        citing.append((("summary", "recommendations", r_index), rec.based_on))
    for where, refs in citing:
        for b_index, ref in enumerate(refs):
            if ref not in evidence_ids:
                loc: Loc = (*where, "based_on", b_index)
                found.append(
                    (loc, f"{ref!r} is not an evidence id (known: {', '.join(evidence_ids)})")
                )
    return found
