"""The draft as brief.yaml text: values written by PyYAML, comments and layout by us.

Every field is explained in a comment above it, and every value the analyst must write
is marked with :data:`TODO` yet still validates, so the draft passes ``briefgen
validate`` as it is and ``grep TODO`` lists what is left to do.
"""

from __future__ import annotations

import shlex
import textwrap

import yaml

from briefgen.draft.commands import Commands
from briefgen.draft.proposal import Draft
from briefgen.model import MAX_EVIDENCE, MAX_KEYWORDS
from briefgen.placeholders import MARKER

__all__ = ["TODO", "to_yaml"]

TODO = MARKER
"""Marks every placeholder; ``grep TODO brief.yaml`` lists what is left to write."""
_CLAIM_CHARS = 200  # a proposed claim or statement: the quote, shortened to this
_WIDTH = 88


def brief_language(essay_language: str) -> str:
    """The essay's language for the brief when briefgen has labels for it, else English:
    a draft always renders (a template can add the language with labels/<lang>.yaml)."""
    from briefgen.i18n.labels import CATALOGS
    from briefgen.i18n.locale import base

    return essay_language if (CATALOGS / f"{base(essay_language)}.yaml").is_file() else "en"


def to_yaml(draft: Draft, essay_ref: str, commands: Commands | None = None) -> str:
    """The brief.yaml text: values written by PyYAML (so any text is quoted correctly),
    comments and layout by us.  ``commands`` are the commands the comments suggest; by
    default, as run from the brief's folder."""
    meta = draft.metadata
    thesis = draft.thesis
    run = commands or Commands(
        essay=f"briefgen essay {shlex.quote(essay_ref)}", validate="briefgen validate brief.yaml"
    )
    out: list[str] = [
        "# A FIRST DRAFT of a brief, made by `briefgen draft` from the essay's own sentences.",
        "# Every line marked TODO is yours to write; every quote below is a whole sentence",
        "# of the essay, so `briefgen validate` passes as it is.  ¶ numbers refer to the",
        "# cleaned essay; to read it with them, run:",
        f"#   {run.essay}",
        "# Check the brief with the command below; set status to reviewed when done.",
        f"#   {run.validate}",
        "",
        "brief:",
        "  # The brief's headline: its finding in a few words, as the reader should remember it.",
        "  # TODO: write the finding; this is the essay's title or its file name.",
        _value("title", meta.title or meta.fallback_title, 2),
        "  # One line under the title: what the brief is about, or why it matters now.",
        "  # subtitle: TODO",
        "  # The date the brief is issued (YYYY-MM-DD); today's date when left out.",
        "  # date: 2024-09-03",
        "  # Who the brief is for, and who is answerable for it (both optional).",
        "  # prepared_for: TODO",
        "  # prepared_by: TODO",
        "  # Handling marking printed on every page, as your organisation's rules spell it.",
        "  marking: OFFICIAL",
        "  # draft | reviewed | final.  A draft is marked as one on every page.",
        "  status: draft",
        "  # The template that lays the brief out (`briefgen templates` lists them).",
        "  template: brief",
        "  # The brief's language (BCP 47): its labels, dates and quotation marks.",
        f"  language: {brief_language(draft.language)}",
        "",
        "source:",
        "  # The essay file, relative to this file (it must stay in the same folder).",
        _value("essay", essay_ref, 2),
        "  # The essay's language, as it was detected (or given).",
        f"  language: {draft.language}",
    ]
    out.append("  # The essay's own title, printed in the source line.")
    if meta.title:
        out.append(_value("title", meta.title, 2))
    else:
        out.append("  # title: TODO (no heading was found at the top of the essay)")
    out.append("  # Who wrote the essay; the brief's footnotes cite this name.")
    if meta.author:
        where = "its byline" if meta.author_from == "byline" else "the author page it links to"
        out.append(f"  # Found in {where}: check it.")
        out.append(_value("author", meta.author, 2))
    else:
        out.append("  # TODO: the essay names no author that could be found; write the name.")
        out.append(_value("author", f"{TODO}: author", 2))
    out.append("  # Where the essay was published.")
    if meta.publisher:
        out.append(f"  # From the domain of its page ({meta.site}): check it.")
        out.append(_value("publisher", meta.publisher, 2))
    else:
        hint = f" (its page is on {meta.site})" if meta.site else ""
        out.append(f"  # TODO: write the publisher{hint}, or delete this line.")
        out.append(_value("publisher", f"{TODO}: publisher", 2))
    out.append("  # The essay's web address (or its author's page): http, https or mailto.")
    if meta.url:
        out.append(_value("url", meta.url, 2))
    else:
        out.append("  # url: TODO")
    out += [
        "  # The date the essay was published (YYYY-MM-DD).",
        "  # date: TODO",
        "  # Other pages the essay cites (found in its text), listed in the source note.",
    ]
    out.append(_value("links", list(meta.links), 2) if meta.links else "  links: []")

    order = ", ".join(f"¶{s.paragraph}" for s in draft.bottom_line)
    out += [
        "",
        "summary:",
        "  # Bottom line up front: what the reader must take away, in at most 3 sentences.",
        f"  # TODO: rewrite in your own words.  Proposed: its most central sentences ({order}).",
        _value("bottom_line", " ".join(s.text for s in draft.bottom_line), 2),
        "",
        "  # The essay's central claim: `statement` in your words, `quote` in the essay's,",
        "  # copied verbatim (spacing, quote marks and dashes may differ; … marks a cut), and",
        "  # the ¶ the quote stands in.",
        "  thesis:",
        "    # TODO: rewrite the statement; it is the quote, shortened.",
        _value("statement", _shorten(thesis.text), 4),
        _value("quote", thesis.text, 4),
        _value("paragraph", thesis.paragraph, 4),
        "",
        f"  # Evidence: 1 to {MAX_EVIDENCE} items.  `id` is what recommendations cite in",
        "  # based_on; `claim` is what the evidence shows, in one sentence of yours; `quote`",
        "  # is the essay's words for it (verbatim; you may cut it to the words that matter,",
        "  # with … for omitted words); `paragraph` is the ¶ it stands in.  These are the",
        "  # essay's most central sentences (LexRank): keep the ones that carry the argument.",
        "  evidence:",
    ]
    for number, item in enumerate(draft.evidence, start=1):
        out.append(f"    # TODO: rewrite the claim of E{number} in your own words.")
        out.append(
            _item(
                {
                    "id": f"E{number}",
                    "claim": _shorten(item.text),
                    "quote": item.text,
                    "paragraph": item.paragraph,
                },
                4,
            )
        )
    out += [
        "",
        "  # TODO: counterpoints: up to 5 objections a sceptical reader would raise, and the",
        '  # essay\'s response to each ("Not addressed." if it has none), for example:',
        "  #   - id: C1",
        "  #     point: The strongest objection, in one sentence.",
        "  #     response: How the essay answers it, in your words.",
        "  #     paragraph: 9      # the ¶ where it answers; leave out if not addressed",
        "  counterpoints: []",
        "",
        "  # TODO: recommendations: 1 to 6 actions for the reader, each resting on evidence.",
        "  # The one below is a placeholder so that the draft validates: replace it.",
        "  # action: what should be done, starting with a verb; actor: who should act;",
        "  # timeframe: by when; priority: high | medium | low; rationale (optional): why,",
        "  # in one sentence; based_on: the ids of the evidence items it rests on.",
        "  recommendations:",
        "    # TODO: replace this placeholder recommendation.",
        _item(
            {
                "id": "R1",
                "action": f"{TODO}: write the action, starting with a verb.",
                "actor": f"{TODO}: who should act",
                "timeframe": f"{TODO}: by when",
                "priority": "medium",
                "based_on": ["E1"],
            },
            4,
        ),
        "",
        f"  # Subject keywords (up to {MAX_KEYWORDS}) for the document's metadata; proposed by",
        "  # YAKE from the essay's text: keep the ones a reader would search for.",
        _value("keywords", list(draft.keywords), 2) if draft.keywords else "  keywords: []",
    ]
    return "\n".join(out) + "\n"


def _shorten(text: str) -> str:
    return textwrap.shorten(text, width=_CLAIM_CHARS, placeholder=" …")


def _dump(data: object, indent: int) -> str:
    return yaml.safe_dump(
        data,
        allow_unicode=True,
        sort_keys=False,
        width=_WIDTH - 12 - indent,  # PyYAML breaks at the first space past the width
        default_flow_style=False,
    ).rstrip("\n")


def _value(key: str, value: object, indent: int) -> str:
    """``key: value`` as PyYAML writes it, indented (continuation lines keep their place)."""
    return textwrap.indent(_dump({key: value}, indent), " " * indent)


def _item(fields: dict[str, object], indent: int) -> str:
    """A list item ``- key: value …`` as PyYAML writes it, indented."""
    return textwrap.indent(_dump([fields], indent + 2), " " * indent)
