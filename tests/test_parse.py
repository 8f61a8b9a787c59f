"""Markdown → Document: the tree of the sample is pinned; user text survives as itself."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.compose import compose
from briefgen.errors import InputError
from briefgen.escape import markdown_text, strip_xml_forbidden
from briefgen.parse import parse
from briefgen.pipeline import build_document, check_brief
from briefgen.templates import find_template
from briefgen.tree import Box, Heading, Link, Meta, OrderedList, Para, Table, Text, plain, runs

GOLDEN = Path(__file__).parent / "golden"
META = Meta(title="t")


def test_sample_tree_matches_golden(sample_dir: Path) -> None:
    """The sample brief's document tree; regenerate with UPDATE_GOLDEN=1 after a deliberate change."""
    checked = check_brief(sample_dir / "brief.yaml")
    when = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    pretty = build_document(checked, find_template("brief"), when).pretty()
    golden = GOLDEN / "reset-with-russia.tree.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pretty, "utf-8")
    assert pretty == golden.read_text("utf-8")


def test_sample_document_shape(sample_dir: Path) -> None:
    checked = check_brief(sample_dir / "brief.yaml")
    when = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    doc = build_document(checked, find_template("brief"), when)
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert [(h.level, plain(h.children)) for h in headings] == [
        (1, "No Reset Without a Reset Inside Russia"),
        (2, "The argument"),
        (2, "Evidence"),
        (2, "Counterpoints and the essay’s response"),
        (2, "Recommendations"),
    ]
    assert len({h.anchor for h in headings}) == len(headings)
    callout = next(b for b in doc.blocks if isinstance(b, Box) and b.kind == "callout")
    assert plain(callout.children[0].children).startswith("Bottom line. A new U.S.–Russia")  # type: ignore[union-attr]
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert len(table.rows) == 4
    lists = [b for b in doc.blocks if isinstance(b, OrderedList)]
    assert [len(x.items) for x in lists] == [7, 4]
    # 1 source note + thesis + 7 evidence, numbered in reading order
    assert [n.number for n in doc.notes] == list(range(1, 10))
    assert doc.meta.created == "2026-11-25T00:00:00Z"
    assert doc.meta.keywords[:2] == ("Russia", "United States")


def test_nested_quotes_are_typeset(sample_dir: Path) -> None:
    checked = check_brief(sample_dir / "brief.yaml")
    markdown = compose(checked.brief, checked.essay, find_template("brief"), dt.date(2026, 1, 1))
    assert "“‘Distrust and can’t verify’ is not a viable basis for arms reduction\\.”" in markdown


@pytest.mark.parametrize(
    "text",
    [
        "AT&T <b> *x* {{ y }}",
        '</para> <font name="x"> &amp; ** # | ::: `code` [^1] [link](javascript:alert(1))',
        "1. not a list",
        "- not a bullet",
        "# not a heading",
        "> not a quote",
        "    four spaces are not code",
        "line\nbreak\r\nand\ttab",
        "back\\slash\\",
        "{% include '/etc/passwd' %}",
    ],
)
def test_markup_in_user_text_stays_text(text: str) -> None:
    doc = parse(
        f"para: {markdown_text(text)}\n\n| a | b |\n|---|---|\n| {markdown_text(text)} | x |\n",
        META,
    )
    para, table = doc.blocks
    assert isinstance(para, Para)
    assert isinstance(table, Table)
    expected = " ".join(text.split())
    assert para.children == (Text(f"para: {expected}"),)
    assert table.rows[0][0] == (Text(expected),)


@given(st.text())
def test_escape_round_trips_any_text(text: str) -> None:
    # Whitespace folds to one space, but for the no-break spaces a typesetter puts in on
    # purpose ("3\u00a0km", the French « » and colon), which stay as they are.
    folded = re.sub(r"[^\S\u00a0\u2007\u202f]+", " ", strip_xml_forbidden(text))
    expected = folded.strip(" ")
    doc = parse(f"**{markdown_text('x')}** {markdown_text(text)}\n", META)
    if not expected.strip():
        return
    (para,) = doc.blocks
    assert isinstance(para, Para)
    # (a paragraph's last line loses its trailing whitespace, no-break or not: CommonMark)
    assert plain(para.children).rstrip() == f"x {expected}".rstrip()


def test_refused_link_schemes() -> None:
    # markdown-it itself leaves javascript: and file: links as text ...
    doc = parse("[a](javascript:alert(1)) [b](file:///etc/passwd)\n", META)
    assert doc.blocks == (Para((Text("[a](javascript:alert(1)) [b](file:///etc/passwd)"),)),)
    # ... and briefgen refuses any other scheme but http, https and mailto.
    with pytest.raises(InputError) as err:
        parse("[c](ftp://example.org/x) and [ok](https://example.org)\n", META)
    assert str(err.value) == "link 'ftp://example.org/x' refused: only http, https and mailto"


def test_anchors_are_unique() -> None:
    doc = parse("## Notes\n\n## Notes\n\n## Ünïcödé & more\n", META)
    assert [b.anchor for b in doc.blocks if isinstance(b, Heading)] == [
        "notes",
        "notes-2",
        "unicode-more",
    ]


def test_notes_and_their_heading_keep_anchors_of_their_own() -> None:
    doc = parse("## Note 1\n\n## Notes\n\nSee[^a].\n\n[^a]: The note.\n", META)
    assert [b.anchor for b in doc.blocks if isinstance(b, Heading)] == ["note-1-2", "notes"]
    assert [note.anchor for note in doc.notes] == ["note-1"]
    assert doc.notes_anchor == "notes-2"


@pytest.mark.parametrize(
    ("url", "external", "anchor"),
    [
        ("https://example.org", True, None),
        ("HTTP://example.org", True, None),
        ("mailto:a@example.org", True, None),
        ("http:no-slashes", False, None),  # the one rule: parse.py refuses it too
        ("#evidence", False, "evidence"),
        ("#", False, None),
    ],
)
def test_which_links_are_external_is_decided_in_the_tree(
    url: str, external: bool, anchor: str | None
) -> None:
    link = Link(url, (Text("x"),))
    assert (link.external, link.anchor) == (external, anchor)


def test_a_refused_scheme_is_the_trees_rule() -> None:
    with pytest.raises(InputError):
        parse("[x](http:no-slashes)\n", META)


def test_the_tree_holds_no_xml_forbidden_character() -> None:
    meta = Meta(title="a\x00b", keywords=("c\x1bd",))
    assert (meta.title, meta.keywords) == ("ab", ("cd",))
    assert Text("e\ufffef\ud800").text == "ef"
    assert Link("https://x.org/\x0b", ()).url == "https://x.org/"


@pytest.mark.parametrize(
    ("created", "moment"),
    [
        ("2026-11-25T00:00:00Z", dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)),
        ("2026-11-25T02:00:00+02:00", dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)),
        ("2026-11-25T00:00:00", dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)),
        ("", None),
        ("yesterday", None),
    ],
)
def test_created_is_read_once_in_the_tree(created: str, moment: dt.datetime | None) -> None:
    assert Meta(title="t", created=created).created_at == moment


def test_walk_visits_every_node_in_reading_order_notes_last() -> None:
    doc = parse(
        "> a\n\n- b\n  ::: callout\n  c\n  :::\n\n| h |\n|---|\n| d |\n\ne[^1]\n\n[^1]: f\n", META
    )
    seen = [(type(node).__name__, len(parents)) for node, parents in doc.walk()]
    assert seen == [
        ("Quote", 0),
        ("Para", 1),
        ("BulletList", 0),
        ("ListItem", 1),
        ("Para", 2),
        ("Box", 2),
        ("Para", 3),
        ("Table", 0),
        ("Para", 0),
        ("Note", 0),
        ("Para", 1),
    ]
    texts = [plain(run) for node, _ in doc.walk() for run in runs(node)]
    assert texts == ["a", "b", "c", "h", "d", "e[1]", "f"]


def test_column_widths_sum_to_the_total_in_any_unit() -> None:
    table = Table(((Text("a"),), (Text("b"),), (Text("c"),)), (), (0.2, 0.3, 0.5))
    assert table.column_widths(1000.0) == (200.0, 300.0, 500.0)
    widths = table.column_widths(473.386, 3)
    assert widths[:2] == (94.677, 142.016)
    assert sum(widths) == 473.386
