"""A hand-built Document shaped like the default brief, for the writers' unit tests.

It does not go through compose or parse, so writer tests fail only for writer bugs.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from briefgen.style import Style
from briefgen.tree import (
    Box,
    BulletList,
    Document,
    Emph,
    Heading,
    Inline,
    Link,
    ListItem,
    Meta,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Quote,
    Strong,
    Table,
    Text,
)

ROOT = Path(__file__).resolve().parent.parent


def default_style() -> Style:
    data = yaml.safe_load((ROOT / "templates" / "brief" / "style.yaml").read_text("utf-8"))
    return Style.model_validate(data)


def t(text: str) -> tuple[Inline, ...]:
    return (Text(text),)


def sample_document(title: str = "No reset without a reset inside Russia") -> Document:
    meta = Meta(
        title=title,
        author="Russia and Eurasia desk",
        subject="Ruth Deyermond, The Moscow Times: why a US reset with Russia is impossible",
        keywords=("Russia", "United States", "arms control"),
        marking="OFFICIAL",
        created="2026-11-25T00:00:00Z",
    )
    blocks = (
        Box("kicker", (Para(t("Policy brief")),)),
        Heading(1, "no-reset", t(title)),
        Box("subtitle", (Para(t("Why a new US-Russia thaw is out of reach")),)),
        Box(
            "meta",
            (
                Para(t("25 November 2026 · Prepared for: the Secretary · Prepared by: the desk")),
                Para(
                    (
                        Text("Source: Ruth Deyermond, "),
                        Link("https://www.themoscowtimes.com/author/ruth-deyermond", t("essay")),
                        Text(", The Moscow Times."),
                    )
                ),
            ),
        ),
        Box(
            "callout",
            (
                Para(
                    (
                        Strong(t("Bottom line. ")),
                        Text("A reset is impossible while Russia is governed as it is now."),
                    )
                ),
            ),
        ),
        Heading(2, "thesis", t("Thesis")),
        Para(t("The essay argues that the conditions for a reset have vanished.")),
        Quote(
            (
                Para(
                    (
                        Text("“A reset with Russia would require a reset inside Russia first.”"),
                        NoteRef(1),
                    )
                ),
            )
        ),
        Heading(2, "evidence", t("Evidence")),
        OrderedList(
            (
                ListItem(
                    (
                        Para(
                            (
                                Strong(t("Arms control needs trust. ")),
                                Emph(t("Distrust and can’t verify")),
                                NoteRef(2),
                            )
                        ),
                    )
                ),
                ListItem((Para((Strong(t("AT&T <b> *x* {{ y }}")), Text(" prints literally."))),)),
            )
        ),
        Heading(2, "counterpoints", t("Counterpoints")),
        Table(
            header=(t("Counterpoint"), t("The essay’s response")),
            rows=(
                (
                    t("Arms control worked before."),
                    t("Only while the two sides agreed on something."),
                ),
                (t("Engagement signals strength."), t("Moscow reads it as weakness to exploit.")),
            ),
        ),
        Heading(2, "recommendations", t("Recommendations")),
        BulletList(
            (
                ListItem((Para(t("Lift the restrictions on Ukraine’s use of US weapons.")),)),
                ListItem((Para(t("Plan for a Russia after Putin.")),)),
            )
        ),
        Para(t("Заголовок на русском и ελληνικά.")),
    )
    notes = (
        Note(1, (Para(t("Deyermond, ¶17.")),)),
        Note(
            2,
            (
                Para(
                    (
                        Text("Deyermond, ¶9; "),
                        Link("https://www.politico.com/", t("Politico")),
                        Text("."),
                    )
                ),
            ),
        ),
    )
    return Document(meta=meta, blocks=blocks, notes=notes)
