"""The brief: pydantic models of brief.yaml.  Schema only, no I/O.

The limits below keep a brief a brief; each is named in the error a user sees when a
brief goes past it.  Checks across fields live elsewhere, since they report locations:
inside the brief (unique ids, based_on resolving) in ``load/checks.py``, against the
essay (quotes, ¶ numbers) in ``grounding.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from briefgen.sentences import split_sentences

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


LANGUAGE_TAG = (
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
"""A BCP 47 language tag as documents carry one: a language ("fr"), an optional script
("sr-Latn"), region ("de-CH", "es-419") and variants."""


class BriefInfo(_Model):
    """Who the brief is for and from, how it is handled, and how it is laid out."""

    title: Line = Field(
        description="The brief's headline: its finding in a few words, as the reader should "
        "remember it.",
        examples=["No Reset Without a Reset Inside Russia"],
    )
    subtitle: Line | None = Field(
        None,
        description="One line under the title: what the brief is about, or why it matters now.",
        examples=[
            "Why a new U.S.–Russia thaw is out of reach, and what that means for Ukraine policy"
        ],
    )
    date: dt.date | None = Field(
        None,
        description="Date the brief is issued, as YYYY-MM-DD; today's date if omitted.",
        examples=["2024-09-03"],
    )
    prepared_for: Line | None = Field(
        None,
        description="The reader: the office or person the brief is written for.",
        examples=["Assistant Secretary for European and Eurasian Affairs"],
    )
    prepared_by: Line | None = Field(
        None,
        description="The author: the team or person answerable for the brief (also the "
        "document's author in its metadata).",
        examples=["Russia and Eurasia Desk, Policy Planning"],
    )
    marking: Line = Field(
        "OFFICIAL",
        description="Handling marking printed in every page header, exactly as your "
        "organisation's handling rules spell it.",
        examples=["OFFICIAL – FOR INTERNAL USE"],
    )
    status: Literal["draft", "reviewed", "final"] = Field(
        "draft",
        description="Where the brief stands: draft (marked as a draft on the page), reviewed, "
        "or final.",
        examples=["reviewed"],
    )
    template: Line = Field(
        "brief",
        description="Template that lays the brief out: a folder name (list them with "
        "`briefgen templates`).",
        examples=["brief"],
    )
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")] | None = Field(
        None,
        description="Output file name without extension (lowercase letters, digits, hyphens); "
        "the brief's folder name if omitted.",
        examples=["reset-with-russia"],
    )
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_TAG)] = Field(
        "en",
        description="The language the brief is written in, as a BCP 47 tag: the document "
        "language of the PDF (/Lang) and the DOCX (w:lang), which screen readers and "
        "spelling checkers follow.",
        examples=["en", "fr", "de-CH"],
    )


class Source(_Model):
    """The essay the brief summarises, and how to cite it."""

    essay: Line = Field(
        description="Path of the essay file, relative to this brief file, in the same folder.",
        examples=["essay.txt"],
    )
    title: Line | None = Field(
        None,
        description="The essay's own title, if it has one; printed in the source line.",
        examples=["Why Another U.S.–Russia Reset Is Impossible"],
    )
    author: Line = Field(
        description="Who wrote the essay; the brief's footnotes cite this name.",
        examples=["Ruth Deyermond"],
    )
    publisher: Line | None = Field(
        None,
        description="Where the essay was published.",
        examples=["The Moscow Times"],
    )
    url: Annotated[str, StringConstraints(pattern=r"^(https?|mailto):\S+$")] | None = Field(
        None,
        description="Web address of the essay (or its author's page): http, https or mailto.",
        examples=["https://www.themoscowtimes.com/author/ruth-deyermond"],
    )
    date: dt.date | None = Field(
        None,
        description="Date the essay was published, as YYYY-MM-DD.",
        examples=["2024-08-28"],
    )
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_TAG)] | None = Field(
        None,
        description="The essay's language (BCP 47), when it is not the brief's: how its "
        "sentences are split, and the draft's summariser and keywords. Left out, the brief's "
        "language; `briefgen draft` and `briefgen essay` detect it.",
        examples=["fr"],
    )
    links: list[Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]] = Field(
        default_factory=list,
        max_length=20,
        description="Other pages the essay cites (http or https), listed in the source note.",
        examples=[
            ["https://www.politico.com/news/2024/08/23/ukraine-biden-weapons-restrictions-00176210"]
        ],
    )


_PARAGRAPH = "¶ number in the cleaned essay, as `briefgen essay` prints it."


class Thesis(_Model):
    """The essay's central claim, and the essay's own words for it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "statement": "Another reset is impossible for the foreseeable future.",
                    "quote": "A reset with Russia would require a reset inside Russia first.",
                    "paragraph": 17,
                }
            ]
        }
    )

    statement: Text = Field(
        description="The essay's central claim, in the analyst's words.",
        examples=[
            (
                "Another reset is impossible for the foreseeable future. Meaningful improvement "
                "requires a change in the type of regime governing Russia, not just a change of "
                "president."
            )
        ],
    )
    quote: QuoteText = Field(
        description="The essay's own words for the claim, copied verbatim (spacing, quote marks "
        "and dash forms may differ; use … for omitted words).",
        examples=["A reset with Russia would require a reset inside Russia first."],
    )
    paragraph: int = Field(ge=1, description=f"Where the quote stands: {_PARAGRAPH}", examples=[17])
    based_on: list[Id] = Field(
        default_factory=list,
        max_length=16,
        description="Ids of the evidence items the thesis rests on (optional; `briefgen lint` "
        "finds evidence that neither the thesis nor any recommendation rests on).",
        examples=[["E1", "E4"]],
    )


class Evidence(_Model):
    """One piece of evidence: a claim and the verbatim quote that grounds it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "E1",
                    "claim": "The 2009 Reset rested on conditions that no longer exist.",
                    "quote": "the conditions that made it both desirable and possible have "
                    "vanished",
                    "paragraph": 7,
                }
            ]
        }
    )

    id: Id = Field(
        description="Short id that recommendations cite in based_on: a letter, then up to 15 "
        "letters, digits, - or _; unique across evidence, counterpoints and recommendations.",
        examples=["E1"],
    )
    claim: Text = Field(
        description="What the evidence shows, in one sentence of the analyst's own.",
        examples=["The 2009 Reset rested on conditions that no longer exist."],
    )
    quote: QuoteText = Field(
        description="Words from the essay that show it, copied verbatim (spacing, quote marks "
        "and dash forms may differ; use … for omitted words).",
        examples=["the conditions that made it both desirable and possible have vanished"],
    )
    paragraph: int = Field(ge=1, description=f"Where the quote stands: {_PARAGRAPH}", examples=[7])


class Counterpoint(_Model):
    """The strongest objection to the essay's argument, and how the essay answers it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "C2",
                    "point": "States need not agree on everything to make progress on arms "
                    "control.",
                    "response": "True, but they cannot move forward if they agree on nothing "
                    "at all, and distrust rules out verification.",
                    "paragraph": 9,
                }
            ]
        }
    )

    id: Id = Field(
        description="Short id: a letter, then up to 15 letters, digits, - or _; unique across "
        "evidence, counterpoints and recommendations.",
        examples=["C1"],
    )
    point: Text = Field(
        description="An objection a sceptical reader would raise, put at its strongest.",
        examples=["States need not agree on everything to make progress on arms control."],
    )
    response: Text = Field(
        description='How the essay answers it, in the analyst\'s words; "Not addressed." if '
        "it does not.",
        examples=[
            (
                "True, but they cannot move forward if they agree on nothing at all, and distrust "
                "rules out verification."
            )
        ],
    )
    paragraph: int | None = Field(
        None,
        ge=1,
        description=f"Where the essay answers it: {_PARAGRAPH} Omit if not addressed.",
        examples=[9],
    )


class Recommendation(_Model):
    """One action for the reader, resting on the evidence."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "R2",
                    "action": "Aim arms-control diplomacy at crisis management rather than "
                    "new reduction treaties.",
                    "actor": "Department of State, Bureau of Arms Control",
                    "timeframe": "Next six months",
                    "priority": "medium",
                    "rationale": "Reduction talks need a level of trust that is absent.",
                    "based_on": ["E2", "E5"],
                }
            ]
        }
    )

    id: Id = Field(
        description="Short id: a letter, then up to 15 letters, digits, - or _; unique across "
        "evidence, counterpoints and recommendations.",
        examples=["R1"],
    )
    action: Text = Field(
        description="What should be done, starting with a verb.",
        examples=[
            (
                "Decouple decisions on Ukraine's use of U.S.-supplied weapons from any hope of "
                "re-engagement with Moscow."
            )
        ],
    )
    actor: Line = Field(
        description="Who should act: an office, department or person.",
        examples=["National Security Council, with State and Defense"],
    )
    timeframe: Line = Field(description="By when.", examples=["Within 30 days"])
    priority: Literal["high", "medium", "low"] = Field(
        "medium", description="How urgent the action is.", examples=["high"]
    )
    rationale: Text | None = Field(
        None,
        description="Why, in one sentence: what the action achieves or prevents.",
        examples=["The hoped-for benefit is out of reach, and the restraint works against it."],
    )
    based_on: list[Id] = Field(
        default_factory=list,
        max_length=8,
        description="Ids of the evidence items the recommendation rests on (`briefgen lint` "
        "finds a recommendation that rests on none).",
        examples=[["E1", "E7"]],
    )


class Summary(_Model):
    """The structured summary of the essay: what the brief says."""

    bottom_line: Text = Field(
        description="Bottom line up front: what the reader must take away, in at most "
        f"{MAX_BOTTOM_LINE_SENTENCES} sentences.",
        examples=[
            (
                "A new U.S.–Russia reset is impossible while Russia is governed as it is now. "
                "If hopes of future engagement are shaping Ukraine policy, Washington is paying "
                "a real cost for a benefit that cannot come."
            )
        ],
    )
    thesis: Thesis = Field(description="The essay's central claim, with a verbatim quote.")
    evidence: list[Evidence] = Field(
        min_length=1,
        max_length=MAX_EVIDENCE,
        description=f"The evidence the essay gives, 1 to {MAX_EVIDENCE} items, each grounded in "
        "a verbatim quote.",
    )
    counterpoints: list[Counterpoint] = Field(
        default_factory=list,
        max_length=MAX_COUNTERPOINTS,
        description=f"Up to {MAX_COUNTERPOINTS} objections to the argument and the essay's "
        "response to each.",
    )
    recommendations: list[Recommendation] = Field(
        min_length=1,
        max_length=MAX_RECOMMENDATIONS,
        description=f"What the reader should do, 1 to {MAX_RECOMMENDATIONS} actions, each "
        "resting on evidence ids.",
    )
    keywords: list[Line] = Field(
        default_factory=list,
        max_length=MAX_KEYWORDS,
        description="Subject keywords for the document's metadata and its keywords line.",
        examples=[["Russia", "United States", "arms control", "Ukraine"]],
    )

    @field_validator("bottom_line")
    @classmethod
    def _short_bottom_line(cls, value: str) -> str:
        sentences = count_sentences(value)
        if sentences > MAX_BOTTOM_LINE_SENTENCES:
            raise ValueError(f"has {sentences} sentences; the limit is {MAX_BOTTOM_LINE_SENTENCES}")
        return value


class Brief(_Model):
    """A brief file (brief.yaml or brief.json): metadata, the essay, and its summary."""

    schema_ref: str | None = Field(
        None,
        alias="$schema",
        title="$schema",
        max_length=2000,
        description="Where an editor finds this schema (a path or URL); briefgen ignores it. "
        "Mostly for brief.json; in YAML use the `# yaml-language-server: $schema=…` comment.",
        examples=["./brief.schema.json"],
    )
    brief: BriefInfo = Field(description="Who the brief is for and from, and its handling.")
    source: Source = Field(description="The essay the brief summarises.")
    summary: Summary = Field(description="What the brief says, grounded in the essay.")


def count_sentences(text: str) -> int:
    """Sentences in ``text`` as the bottom line's limit counts them: by
    :func:`briefgen.sentences.split_sentences`, the split ``draft`` quotes by, so "The
    U.S. should act. Mr. Smith agrees." is two.  English rules: a brief names no language."""
    return len(split_sentences(text))
