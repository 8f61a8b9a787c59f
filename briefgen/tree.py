"""The document tree: all that the writers ever see.

``parse.py`` folds markdown-it-py tokens into these nodes once; the DOCX and PDF writers
walk them with an exhaustive ``match``.  Decisions both formats must agree on (heading
anchors, footnote numbers, metadata) are made before the tree is built, so the two
writers cannot disagree.  This module imports nothing from briefgen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Literal text, already free of markup: writers escape it for their own format."""

    text: str


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


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A reference to ``Document.notes[number - 1]``; numbers run 1..n in reading order."""

    number: int


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Text | Emph | Strong | Link | NoteRef | LineBreak

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    """1 is the document title; 2 the sections; 3 subsections."""
    anchor: str
    """Unique in the document, set once in parse.py; used for bookmarks and the outline."""
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Para:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    children: tuple[Block, ...]


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

    def fractions(self) -> tuple[float, ...]:
        """``widths``, or equal shares when parse.py did not set them."""
        columns = max([len(self.header), *(len(row) for row in self.rows), 1])
        if len(self.widths) == columns:
            return self.widths
        return (1 / columns,) * columns


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


Block = Heading | Para | BulletList | OrderedList | Table | Quote | Box

# --------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Note:
    """Footnote ``number``: its text, as blocks (usually one Para)."""

    number: int
    children: tuple[Block, ...]


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


@dataclass(frozen=True, slots=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = field(default=())

    def pretty(self) -> str:
        """An indented outline of the tree, pinned by golden tests."""
        out: list[str] = []
        for block in self.blocks:
            _pretty_block(block, 0, out)
        for note in self.notes:
            out.append(f"[note {note.number}]")
            for child in note.children:
                _pretty_block(child, 1, out)
        return "\n".join(out) + "\n"


def plain(inlines: tuple[Inline, ...]) -> str:
    """The visible text of some inlines (footnote references as ``[n]``)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Emph | Strong | Link):
            parts.append(plain(node.children))
        elif isinstance(node, NoteRef):
            parts.append(f"[{node.number}]")
        else:
            parts.append("\n")
    return "".join(parts)


def _pretty_inlines(inlines: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(repr(node.text))
        elif isinstance(node, Emph):
            parts.append(f"emph({_pretty_inlines(node.children)})")
        elif isinstance(node, Strong):
            parts.append(f"strong({_pretty_inlines(node.children)})")
        elif isinstance(node, Link):
            parts.append(f"link<{node.url}>({_pretty_inlines(node.children)})")
        elif isinstance(node, NoteRef):
            parts.append(f"note{node.number}")
        else:
            parts.append("br")
    return " ".join(parts)


def _pretty_block(block: Block, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(block, Heading):
        out.append(f"{pad}heading{block.level} #{block.anchor}: {_pretty_inlines(block.children)}")
    elif isinstance(block, Para):
        out.append(f"{pad}para: {_pretty_inlines(block.children)}")
    elif isinstance(block, BulletList | OrderedList):
        name = "bullets" if isinstance(block, BulletList) else f"ordered(start={block.start})"
        out.append(f"{pad}{name}")
        for item in block.items:
            out.append(f"{pad}  item")
            for child in item.children:
                _pretty_block(child, depth + 2, out)
    elif isinstance(block, Table):
        shares = ", ".join(f"{share:.2f}" for share in block.fractions())
        out.append(f"{pad}table widths={shares}")
        out.append(f"{pad}  header: " + " | ".join(_pretty_inlines(c) for c in block.header))
        for row in block.rows:
            out.append(f"{pad}  row: " + " | ".join(_pretty_inlines(c) for c in row))
    elif isinstance(block, Quote):
        out.append(f"{pad}quote")
        for child in block.children:
            _pretty_block(child, depth + 1, out)
    else:
        out.append(f"{pad}box {block.kind}")
        for child in block.children:
            _pretty_block(child, depth + 1, out)
