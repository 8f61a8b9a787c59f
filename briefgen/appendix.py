"""The source appendix a template asks for with ``appendix: sources`` in style.yaml.

After the brief, a section lists every claim the brief makes about the essay (the
thesis, each evidence item, each counterpoint the essay answers) and every
recommendation, each with the ¶ of the essay it rests on and the essay's own words
there.  A reader holding the essay in another layout, without briefgen's ¶ numbers, can
find each passage by its words and check the brief against it.

It is Markdown appended to the template's, built from the same validated brief, so the
DOCX and the PDF carry it alike; its words are data, escaped like everything a template
prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.escape import markdown_text, typographic_apostrophes
from briefgen.i18n.labels import load_labels
from briefgen.i18n.locale import quote
from briefgen.model import Brief

if TYPE_CHECKING:
    from briefgen.compose import Context


def sources_appendix(brief: Brief, ctx: Context) -> str:
    """The appendix in Markdown, under a level-2 heading like the brief's sections; one
    list item each, in the brief's language, its quotes set as the template sets them."""
    t = ctx.labels or load_labels("en")
    summary = brief.summary
    number = {e.id: i for i, e in enumerate(summary.evidence, start=1)}
    evidence = {e.id: e for e in summary.evidence}

    def text(value: str) -> str:
        return markdown_text(typographic_apostrophes(value))

    def quoted(value: str) -> str:
        return text(quote(value, ctx.language))

    def where(paragraph: int) -> str:
        return text(ctx.paragraph(paragraph))

    said = text(t.the_essay)
    colon = text(t.colon)
    items: list[str] = []
    thesis = summary.thesis
    items.append(
        f"**{text(t.thesis)}**, {where(thesis.paragraph)}{colon} {text(_sentence(thesis.statement))} "
        f"{said} {quoted(thesis.quote)}"
    )
    for e in summary.evidence:
        label = text(t.format("evidence_item", n=number[e.id]))
        items.append(
            f"**{label}**, {where(e.paragraph)}{colon} {text(_sentence(e.claim))} {said} "
            f"{quoted(e.quote)}"
        )
    for k, c in enumerate(summary.counterpoints, start=1):
        if c.paragraph is not None:
            label = text(t.format("counterpoint_item", n=k))
            answered = text(t.format("answered_at", paragraph=c.paragraph))
            items.append(f"**{label}**{colon} {text(_sentence(c.point))} {answered}")
    for k, r in enumerate(summary.recommendations, start=1):
        rests = f"{text(t.semicolon)} ".join(
            f"{text(t.format('rests_on_item', n=number[i]))}, {where(evidence[i].paragraph)}{colon} "
            f"{quoted(evidence[i].quote)}"
            for i in r.based_on
        )
        label = text(t.format("recommendation_item", n=k))
        items.append(
            f"**{label}**{colon} {text(_sentence(r.action))} "
            + (
                f"{text(t.rests_on)}{colon} {_closed(rests)}"
                if rests
                else text(t.no_evidence_named)
            )
        )
    lines = [f"## {text(t.sources_heading)}", "", text(t.sources_intro), ""]
    lines += [f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def _sentence(text: str) -> str:
    """``text`` ending as a sentence does, so that the next one can follow it."""
    text = text.rstrip()
    return text if text[-1:] in ".!?…" else text + "."


def _closed(text: str) -> str:
    """``text`` with a full stop after its closing quotation mark, unless the quoted words
    end a sentence themselves (“… now.” takes no second one)."""
    return text if text.rstrip("’”»“\"' ")[-1:] in ".!?…" else text + "."
