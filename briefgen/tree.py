"""The document tree: all that the writers ever see.

``parse.py`` folds markdown-it-py tokens into these nodes once; the DOCX and PDF writers
walk them with an exhaustive ``match``.  Decisions both formats must agree on (heading
anchors, footnote numbers, metadata) are made before the tree is built, so the two
writers cannot disagree.  This module imports nothing from briefgen.

What every part of briefgen may rely on, decided here once:

- the tree holds no character XML 1.0 forbids: ``Text``, ``Link``, ``Heading``, ``Box`` and
  ``Meta`` drop them as they are made, so a tree built by hand (a test, the Python API) is
  as safe to write as one from parse.py, and no writer needs a rule of its own
  (``escape.py`` uses ``xml_safe`` for the Markdown it writes);
- which links are external (``Link.external``), the anchors of notes (``Note.anchor``) and
  of the notes' heading (``Document.notes_anchor``), table column widths
  (``Table.column_widths``), and the moment of ``Meta.created`` (``Meta.created_at``);
- ``walk``: the one walk over blocks, exhaustive, for every reader of the tree that is not
  a writer (the glyph check, box kinds, ``pretty``, the DOCX's page estimate).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10
    from typing_extensions import assert_never

# --------------------------------------------------------------------------- characters

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry: C0 controls but tab, newline and carriage return, lone
surrogates, U+FFFE and U+FFFF (``Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] |
[#xE000-#xFFFD] | [#x10000-#x10FFFF]``).  Neither a DOCX nor reportlab's markup can hold
them, and the PDF's text would be unreadable with them."""


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (NUL, VT, ESC, lone surrogates…)."""
    return XML_FORBIDDEN.sub("", text) if XML_FORBIDDEN.search(text) else text


def _clean(node: object, *names: str) -> None:
    """Drop XML-forbidden characters from the string fields ``names`` of a frozen node."""
    for name in names:
        value = getattr(node, name)
        if isinstance(value, str):
            clean: object = xml_safe(value)
        else:
            clean = tuple(xml_safe(item) for item in value)
        if clean != value:
            object.__setattr__(node, name, clean)


PROVENANCE_NAMESPACE = "https://briefgen.org/ns/provenance/1.0/"
"""The XMP namespace of a PDF's provenance properties (``Meta.provenance``)."""
PROVENANCE_PREFIX = "briefgen"
"""Their XMP prefix, and how each DOCX custom property's name starts."""
PROVENANCE_FIELDS: dict[str, str] = {
    "brief_sha256": "SHA-256 of the brief file the document was rendered from",
    "essay_sha256": "SHA-256 of the essay file the brief summarises",
    "template_sha256": "SHA-256 over the names and contents of the template folder's files",
    "template": "Name of the template folder",
    "slug": "The brief's slug, which names its output files",
    "briefgen_version": "Version of briefgen that rendered the document",
    "rendered": "When the document was rendered (ISO 8601, UTC)",
}
"""Each provenance property (``briefgen.provenance``) and what it holds, in the order the
documents list them (the PDF/A extension schema that declares them says this)."""


def xmp_property(name: str) -> str:
    """``brief_sha256`` → ``briefSha256``: XMP property names are camelCase by custom."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def docx_property(name: str) -> str:
    """``brief_sha256`` → ``briefgen.brief_sha256``: the custom property's name in Word."""
    return f"{PROVENANCE_PREFIX}.{name}"


EXTERNAL_SCHEMES = ("http://", "https://", "mailto:")
"""Links that leave the document; parse.py refuses every other scheme."""


def is_external(url: str) -> bool:
    """An http(s) or mailto link (case does not matter in a scheme)."""
    return url.lower().startswith(EXTERNAL_SCHEMES)


def note_anchor(number: int) -> str:
    """The anchor of note ``number``, shared by its references and the note itself;
    parse.py keeps heading anchors clear of these."""
    return f"note-{number}"


# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text, already free of markup: writers escape it for their own format."""

    text: str

    def __post_init__(self) -> None:
        _clean(self, "text")


@dataclass(frozen=True, slots=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink.  ``url`` is http(s) or mailto for outside links, ``#anchor`` inside."""

    url: str
    children: tuple[Inline, ...]

    def __post_init__(self) -> None:
        _clean(self, "url")

    @property
    def external(self) -> bool:
        """http(s) or mailto: a link out of the document (``is_external``)."""
        return is_external(self.url)

    @property
    def anchor(self) -> str | None:
        """The anchor an inside link (``#evidence``) points at; None for any other link."""
        return self.url[1:] if self.url.startswith("#") and len(self.url) > 1 else None


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A reference to ``Document.notes[number - 1]``; numbers run 1..n in reading order."""

    number: int

    @property
    def anchor(self) -> str:
        """The anchor of the note it calls (``note_anchor``)."""
        return note_anchor(self.number)


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True, slots=True)
class Ins:
    """Text a revision added (``briefgen diff``): Word's ``w:ins``, underlined in the PDF.

    It holds only leaves (Text, NoteRef, LineBreak): formatting and links stand outside
    it, as Word nests them."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Del:
    """Text a revision removed: Word's ``w:del``, struck through in the PDF."""

    children: tuple[Inline, ...]


Inline = Text | Emph | Strong | Link | NoteRef | LineBreak | Ins | Del

Change = str
"""How a revision touched a whole block: ``""`` (not as a whole), ``"inserted"`` or
``"deleted"``.  Its text is then all Ins or all Del; the flag also marks the paragraph
itself (Word's paragraph mark), so that rejecting an insertion leaves no empty line."""

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    """1 is the document title; 2 the sections; 3 subsections."""
    anchor: str
    """Unique in the document, set once in parse.py; used for bookmarks and the outline."""
    children: tuple[Inline, ...]
    change: Change = ""

    def __post_init__(self) -> None:
        _clean(self, "anchor")


@dataclass(frozen=True, slots=True)
class Para:
    children: tuple[Inline, ...]
    change: Change = ""


@dataclass(frozen=True, slots=True)
class ListItem:
    children: tuple[Block, ...]
    change: Change = ""


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; cells hold inlines only (as in GFM tables)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    widths: tuple[float, ...] = ()
    """Each column's share of the text width (summing to 1), decided once in parse.py so
    both formats lay the table out alike; empty means equal shares."""
    row_changes: tuple[Change, ...] = ()
    """A revision's mark on each body row (``Change``); empty when none was touched."""
    header_change: Change = ""
    """A revision's mark on the header row: a table inserted or deleted whole."""

    def row_change(self, index: int) -> Change:
        return self.row_changes[index] if index < len(self.row_changes) else ""

    @property
    def columns(self) -> int:
        """The widest row's number of cells (at least 1): shorter rows are padded."""
        return max([len(self.header), *(len(row) for row in self.rows), 1])

    def fractions(self) -> tuple[float, ...]:
        """``widths``, or equal shares when parse.py did not set them."""
        columns = self.columns
        if len(self.widths) == columns:
            return self.widths
        return (1 / columns,) * columns

    def column_widths(self, total: float, digits: int = 0) -> tuple[float, ...]:
        """Each column's width out of ``total`` (points, twips: the writer's unit), rounded
        to ``digits`` decimals; the last column takes what rounding left, so the widths
        sum to exactly ``total``."""
        shares = self.fractions()
        widths = [round(total * share, digits) for share in shares[:-1]]
        return (*widths, total - sum(widths))


@dataclass(frozen=True, slots=True)
class Quote:
    children: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Box:
    """A fenced ``::: kind`` container: ``kind`` names a box style in style.yaml.

    The default template uses ``titleblock`` (title, subtitle, date, source) and
    ``callout`` (the bottom line, shaded).
    """

    kind: str
    children: tuple[Block, ...]

    def __post_init__(self) -> None:
        _clean(self, "kind")


Block = Heading | Para | BulletList | OrderedList | Table | Quote | Box

# --------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Note:
    """Footnote ``number``: its text, as blocks (usually one Para)."""

    number: int
    children: tuple[Block, ...]

    @property
    def anchor(self) -> str:
        """Where its references lead (``note_anchor``)."""
        return note_anchor(self.number)


@dataclass(frozen=True, slots=True)
class Meta:
    """Document properties, written into DOCX core properties and the PDF info dictionary."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    marking: str = ""
    """The handling marking printed in every page header, e.g. "OFFICIAL"."""
    language: str = "en"
    created: str = ""
    """ISO 8601 timestamp (UTC) or ""; from SOURCE_DATE_EPOCH when set, so output is stable."""
    hyphenation: str = ""
    """The hyphenation dictionary for the language (pyphen's name, ``fr``, ``de_DE``),
    decided before the writers; "" when there is none."""
    provenance: tuple[tuple[str, str], ...] = ()
    """(name, value) pairs of what made the document (``briefgen.provenance``): DOCX
    custom properties, and XMP properties of the PDF in briefgen's own namespace."""

    def __post_init__(self) -> None:
        _clean(self, "title", "author", "subject", "keywords", "marking", "language", "created")
        clean = tuple((xml_safe(name), xml_safe(value)) for name, value in self.provenance)
        if clean != self.provenance:
            object.__setattr__(self, "provenance", clean)

    @property
    def created_at(self) -> datetime | None:
        """``created`` as an aware UTC datetime; None when it is empty or not ISO 8601.

        A time without a zone is taken as UTC.  Both writers stamp their files with this
        moment, so the DOCX and the PDF of one render carry the same date."""
        text = self.created.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"  # fromisoformat takes "Z" only from Python 3.11
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)


@dataclass(frozen=True, slots=True)
class Revision:
    """The author and moment of a redline's changes (Word's ``w:author``, ``w:date``)."""

    author: str
    date: str
    """ISO 8601, UTC (``2024-09-03T09:00:00Z``)."""

    def __post_init__(self) -> None:
        _clean(self, "author", "date")


@dataclass(frozen=True, slots=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = field(default=())
    notes_anchor: str = field(default="notes", repr=False)
    """The anchor of the heading over the notes where a format sets them at the end of
    the document (the PDF); unique among the heading anchors, set once in parse.py.
    Left out of ``repr``, which the PDF's document ID digests: it follows from the
    headings, so it tells two documents apart no better than they already are."""
    revision: Revision | None = None
    """Set on a redline (``briefgen diff``): who made the changes its Ins and Del mark,
    and when."""

    def __post_init__(self) -> None:
        _clean(self, "notes_anchor")

    def walk(self) -> Iterator[tuple[Node, tuple[Node, ...]]]:
        """``walk`` over the body, then over each note."""
        return walk((*self.blocks, *self.notes))

    def pretty(self) -> str:
        """An indented outline of the tree, pinned by golden tests."""
        out: list[str] = []
        for node, parents in self.walk():
            pad = "  " * len(parents)
            out.extend(pad + line for line in _pretty(node))
        return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the walk

Node = Block | ListItem | Note
"""What ``walk`` visits: every node that holds blocks or inlines."""


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly inside ``node``: a list's items, a container's blocks."""
    match node:
        case Heading() | Para() | Table():
            return ()
        case BulletList(items=items) | OrderedList(items=items):
            return items
        case (
            ListItem(children=kids)
            | Quote(children=kids)
            | Box(children=kids)
            | Note(children=kids)
        ):
            return kids
        case _:
            assert_never(node)


def walk(
    nodes: Iterable[Node], parents: tuple[Node, ...] = ()
) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every node in reading order, each before what it holds, with the nodes it sits in
    (outermost first).  A new node type is a type error in ``children``, so no reader of
    the tree can skip it unawares."""
    for node in nodes:
        yield node, parents
        yield from walk(children(node), (*parents, node))


def outline_shift(blocks: Iterable[Node], *, notes_heading: bool = False) -> int:
    """How many levels a reader's outline lifts every heading, so that it starts at 1
    and skips none (PDF/UA; Word's navigation pane): a memo whose first heading is a
    section's (level 2) has it read as level 1, and every other one a level up (a later
    heading above the first is read as level 1: writers clamp at 1).  Headings deeper
    than 3 are drawn as 3, and counted so; ``notes_heading`` counts the section heading
    that endnotes stand under, after the rest."""
    levels = [min(max(n.level, 1), 3) for n, _ in walk(blocks) if isinstance(n, Heading)]
    if notes_heading:
        levels.append(2)
    return (levels[0] if levels else 1) - 1


def runs(node: Node) -> tuple[tuple[Inline, ...], ...]:
    """The inlines ``node`` holds itself: a heading's or paragraph's, a table's cells
    (header first); none for the nodes that hold only blocks."""
    match node:
        case Heading(children=kids) | Para(children=kids):
            return (kids,)
        case Table(header=header, rows=rows):
            return tuple(cell for row in (header, *rows) for cell in row)
        case BulletList() | OrderedList() | ListItem() | Quote() | Box() | Note():
            return ()
        case _:
            assert_never(node)


def leaves(inlines: tuple[Inline, ...]) -> Iterator[Text | NoteRef | LineBreak]:
    """The inlines that are not containers, in reading order."""
    for node in inlines:
        match node:
            case (
                Emph(children=kids)
                | Strong(children=kids)
                | Link(children=kids)
                | Ins(children=kids)
                | Del(children=kids)
            ):
                yield from leaves(kids)
            case Text() | NoteRef() | LineBreak():
                yield node
            case _:
                assert_never(node)


def plain(inlines: tuple[Inline, ...]) -> str:
    """The visible text of some inlines (footnote references as ``[n]``)."""
    parts: list[str] = []
    for leaf in leaves(inlines):
        match leaf:
            case Text(text=text):
                parts.append(text)
            case NoteRef(number=number):
                parts.append(f"[{number}]")
            case LineBreak():
                parts.append("\n")
            case _:
                assert_never(leaf)
    return "".join(parts)


# --------------------------------------------------------------------------- pretty


def _pretty_inlines(inlines: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for node in inlines:
        match node:
            case Text(text=text):
                parts.append(repr(text))
            case Emph(children=kids):
                parts.append(f"emph({_pretty_inlines(kids)})")
            case Strong(children=kids):
                parts.append(f"strong({_pretty_inlines(kids)})")
            case Link(url=url, children=kids):
                parts.append(f"link<{url}>({_pretty_inlines(kids)})")
            case NoteRef(number=number):
                parts.append(f"note{number}")
            case LineBreak():
                parts.append("br")
            case Ins(children=kids):
                parts.append(f"ins({_pretty_inlines(kids)})")
            case Del(children=kids):
                parts.append(f"del({_pretty_inlines(kids)})")
            case _:
                assert_never(node)
    return " ".join(parts)


def _pretty(node: Node) -> list[str]:
    """The lines of one node in ``Document.pretty`` (what it holds comes after, deeper)."""
    match node:
        case Heading(level=level, anchor=anchor, children=kids):
            return [f"heading{level} #{anchor}: {_pretty_inlines(kids)}"]
        case Para(children=kids):
            return [f"para: {_pretty_inlines(kids)}"]
        case BulletList():
            return ["bullets"]
        case OrderedList(start=start):
            return [f"ordered(start={start})"]
        case ListItem():
            return ["item"]
        case Table(header=header, rows=rows):
            shares = ", ".join(f"{share:.2f}" for share in node.fractions())
            lines = [f"table widths={shares}"]
            lines.append("  header: " + " | ".join(_pretty_inlines(c) for c in header))
            lines.extend("  row: " + " | ".join(_pretty_inlines(c) for c in row) for row in rows)
            return lines
        case Quote():
            return ["quote"]
        case Box(kind=kind):
            return [f"box {kind}"]
        case Note(number=number):
            return [f"[note {number}]"]
        case _:
            assert_never(node)
