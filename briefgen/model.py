"""The brief: pydantic models of brief.yaml.  Schema only, no I/O.

The limits below keep a brief a brief; each is named in the error a user sees when a
brief goes past it.  Cross-field checks that need the essay (quotes, ¶ numbers) live in
grounding.py; checks inside the brief (unique ids, based_on resolving) live here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

# A short single-line text and a longer one; both stripped of surrounding space.
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=700)]
QuoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=600)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")]

MAX_BOTTOM_LINE_SENTENCES = 3
MAX_EVIDENCE = 8
MAX_COUNTERPOINTS = 5
MAX_RECOMMENDATIONS = 6
MAX_KEYWORDS = 12

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
# A sentence ends at . ! or ? (and any closing quote or bracket) before a capital or the
# end; a period after a lone capital ("U.S.", "J. Biden") is an abbreviation, not an end.
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9]|\s*$)")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BriefInfo(_Model):
    """Who the brief is for and from, and how it is handled."""

    title: Line = Field(
        description="The brief's title.", examples=["No reset without a reset inside Russia"]
    )
    subtitle: Line | None = Field(None, description="One line under the title.")
    date: dt.date | None = Field(
        None, description="Date of the brief (YYYY-MM-DD); today if omitted."
    )
    prepared_for: Line | None = Field(None, examples=["Secretary of State"])
    prepared_by: Line | None = Field(None, examples=["Russia and Eurasia desk"])
    marking: Line = Field("OFFICIAL", description="Handling marking printed in every page header.")
    status: Literal["draft", "reviewed", "final"] = "draft"
    template: Line = Field("brief", description="Template folder name (see `briefgen templates`).")
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")] | None = Field(
        None, description="Output file name without extension; defaults to the brief's folder name."
    )


class Source(_Model):
    """The essay the brief summarises."""

    essay: Line = Field(
        description="Path of the essay file, relative to brief.yaml.", examples=["essay.txt"]
    )
    title: Line | None = None
    author: Line = Field(examples=["Ruth Deyermond"])
    publisher: Line | None = Field(None, examples=["The Moscow Times"])
    url: Annotated[str, StringConstraints(pattern=r"^(https?|mailto):\S+$")] | None = None
    date: dt.date | None = None
    links: list[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]] = Field(
        default_factory=list, max_length=20, description="Other links the essay carries."
    )


class Thesis(_Model):
    statement: Text = Field(description="The essay's central claim, in the analyst's words.")
    quote: QuoteText = Field(description="The essay's own words for it, verbatim.")
    paragraph: int = Field(ge=1, description="¶ number of the quote in the cleaned essay.")


class Evidence(_Model):
    id: Id = Field(examples=["E1"])
    claim: Text = Field(description="What the evidence shows, in one sentence.")
    quote: QuoteText = Field(description="Verbatim words from the essay.")
    paragraph: int = Field(ge=1, description="¶ number of the quote (see `briefgen essay`).")


class Counterpoint(_Model):
    id: Id = Field(examples=["C1"])
    point: Text = Field(description="The strongest objection to the essay's argument.")
    response: Text = Field(description='How the essay answers it, or "Not addressed."')
    paragraph: int | None = Field(None, ge=1, description="¶ where the essay answers it.")


class Recommendation(_Model):
    id: Id = Field(examples=["R1"])
    action: Text
    actor: Line = Field(description="Who should act.")
    timeframe: Line = Field(description="By when.", examples=["Within 30 days"])
    priority: Literal["high", "medium", "low"] = "medium"
    rationale: Text | None = None
    based_on: list[Id] = Field(min_length=1, max_length=8, description="Evidence ids it rests on.")


class Summary(_Model):
    bottom_line: Text = Field(
        description=f"Bottom line up front: at most {MAX_BOTTOM_LINE_SENTENCES} sentences."
    )
    thesis: Thesis
    evidence: list[Evidence] = Field(min_length=1, max_length=MAX_EVIDENCE)
    counterpoints: list[Counterpoint] = Field(default_factory=list, max_length=MAX_COUNTERPOINTS)
    recommendations: list[Recommendation] = Field(min_length=1, max_length=MAX_RECOMMENDATIONS)
    keywords: list[Line] = Field(default_factory=list, max_length=MAX_KEYWORDS)

    @field_validator("bottom_line")
    @classmethod
    def _short_bottom_line(cls, value: str) -> str:
        sentences = count_sentences(value)
        if sentences > MAX_BOTTOM_LINE_SENTENCES:
            raise ValueError(f"has {sentences} sentences; the limit is {MAX_BOTTOM_LINE_SENTENCES}")
        return value


class Brief(_Model):
    """brief.yaml: metadata, the source essay, and the structured summary."""

    brief: BriefInfo
    source: Source
    summary: Summary


def count_sentences(text: str) -> int:
    """Sentences in ``text``; a last one without a full stop counts too."""
    ends = list(_SENTENCE_END.finditer(text))
    tail = text[ends[-1].end() :] if ends else text
    return len(ends) + (1 if tail.strip() else 0)


def duplicate_ids(brief: Brief) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for every id used twice across evidence/counterpoints/recommendations."""
    seen: dict[str, tuple[str | int, ...]] = {}
    found: list[tuple[tuple[str | int, ...], str]] = []
    groups: list[tuple[str, Sequence[Evidence | Counterpoint | Recommendation]]] = [
        ("evidence", brief.summary.evidence),
        ("counterpoints", brief.summary.counterpoints),
        ("recommendations", brief.summary.recommendations),
    ]
    for name, items in groups:
        for index, item in enumerate(items):
            loc: tuple[str | int, ...] = ("summary", name, index, "id")
            if item.id in seen:
                first = format_loc(seen[item.id])
                found.append((loc, f"id {item.id!r} is already used at {first}"))
            else:
                seen[item.id] = loc
    return found


def unresolved_based_on(brief: Brief) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for every based_on id that names no evidence item."""
    evidence_ids = [e.id for e in brief.summary.evidence]
    found: list[tuple[tuple[str | int, ...], str]] = []
    for r_index, rec in enumerate(brief.summary.recommendations):
        for b_index, ref in enumerate(rec.based_on):
            if ref not in evidence_ids:
                loc: tuple[str | int, ...] = (
                    "summary",
                    "recommendations",
                    r_index,
                    "based_on",
                    b_index,
                )
                found.append(
                    (loc, f"{ref!r} is not an evidence id (known: {', '.join(evidence_ids)})")
                )
    return found


def format_loc(loc: tuple[str | int, ...]) -> str:
    """("summary", "evidence", 2, "quote") → "summary.evidence[2].quote"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(part):
            out += f".{part}" if out else part
        else:  # a key with spaces, line breaks or odd characters: shown quoted
            out += f"[{part!r}]"
    return out
