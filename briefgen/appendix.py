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

from collections.abc import Callable

from briefgen.escape import markdown_text, typographic_apostrophes
from briefgen.model import Brief

HEADING = "Sources"
INTRO = (
    "Each claim and recommendation of this brief, with the paragraph of the essay (¶) it "
    "rests on and the essay’s words there."
)


def sources_appendix(brief: Brief, quoted: Callable[[str], str]) -> str:
    """The appendix in Markdown, under a level-2 heading like the brief's sections; one
    list item each, its quotes set by ``quoted`` as the template sets them."""
    summary = brief.summary
    number = {e.id: i for i, e in enumerate(summary.evidence, start=1)}
    evidence = {e.id: e for e in summary.evidence}

    def text(value: str) -> str:
        return markdown_text(typographic_apostrophes(value))

    items: list[str] = []
    thesis = summary.thesis
    items.append(
        f"**Thesis**, ¶{thesis.paragraph}: {text(_sentence(thesis.statement))} "
        f"The essay: {text(quoted(thesis.quote))}"
    )
    for e in summary.evidence:
        items.append(
            f"**Evidence {number[e.id]}**, ¶{e.paragraph}: {text(_sentence(e.claim))} "
            f"The essay: {text(quoted(e.quote))}"
        )
    for k, c in enumerate(summary.counterpoints, start=1):
        if c.paragraph is not None:
            items.append(
                f"**Counterpoint {k}**: {text(_sentence(c.point))} The essay answers it at ¶{c.paragraph}."
            )
    for k, r in enumerate(summary.recommendations, start=1):
        rests = "; ".join(
            f"evidence {number[i]}, ¶{evidence[i].paragraph}: {text(quoted(evidence[i].quote))}"
            for i in r.based_on
        )
        items.append(
            f"**Recommendation {k}**: {text(_sentence(r.action))} "
            + (f"Rests on {_closed(rests)}" if rests else "It names no evidence.")
        )
    lines = [f"## {HEADING}", "", text(INTRO), ""]
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
