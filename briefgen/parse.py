"""Markdown → Document: markdown-it-py parses, briefgen folds the tokens into tree.py.

The parser is CommonMark with tables, footnotes and ``::: kind`` containers; raw HTML is
off, so a ``<b>`` in a template prints as text.  Decisions both writers must agree on are
made here once: heading anchors (unique slugs, clear of the notes' anchors), the anchor of
the notes' heading, and footnote numbers (1..n in order of first reference).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from briefgen.errors import InputError, Problem
from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
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
    is_external,
    note_anchor,
    plain,
)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.use(container_plugin, name="box", validate=lambda params, *_: bool(params.strip()))
    return md


def parse(markdown: str, meta: Meta) -> Document:
    """Parse the composed Markdown into a Document; InputError on a link we refuse."""
    tokens = _markdown().parse(markdown)
    root = SyntaxTreeNode(tokens)
    folder = _Folder()
    # Notes' anchors are theirs (note-1, note-2, …): a heading "Note 1" takes another.
    for node in root.children:
        if node.type == "footnote_block":
            folder.anchors.update(note_anchor(n) for n in range(1, len(node.children) + 1))
    blocks: list[Block] = []
    notes: list[Note] = []
    for node in root.children:
        if node.type == "footnote_block":
            notes = [folder.note(child) for child in node.children]
        else:
            blocks.extend(folder.block(node))
    if folder.problems:
        raise InputError(folder.problems)
    notes.sort(key=lambda note: note.number)
    return Document(meta, tuple(blocks), tuple(notes), folder.unique("notes"))


def column_widths(rows: Sequence[Sequence[tuple[Inline, ...]]]) -> tuple[float, ...]:
    """Column shares of the text width: proportional to each column's text, none below a
    quarter (or an equal share, with five columns or more), summing to 1."""
    columns = max([len(row) for row in rows] + [1])
    weights = [1.0] * columns
    for row in rows:
        for i, cell in enumerate(row):
            weights[i] += len(plain(cell))
    floor = min(0.25, 1 / columns)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(columns) if i not in fixed]
        room = 1 - floor * len(fixed)
        free_weight = sum(weights[i] for i in free)
        shares = {i: room * weights[i] / free_weight for i in free}
        narrow = {i for i, share in shares.items() if share < floor}
        if not narrow:
            break
        fixed |= narrow
    return tuple(round(floor if i in fixed else shares[i], 6) for i in range(columns))


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens ("Évidence & more" → "evidence-more")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class _Folder:
    """Walks the syntax tree once; remembers anchors in use and links it refused."""

    def __init__(self) -> None:
        self.anchors: set[str] = set()
        self.problems: list[Problem] = []

    def block(self, node: SyntaxTreeNode) -> list[Block]:
        kind = node.type
        if kind == "heading":
            level = int(node.tag[1])
            children = self.inlines(node.children[0])
            return [Heading(level, self._anchor(children), children)]
        if kind == "paragraph":
            return [Para(self.inlines(node.children[0]))]
        if kind == "bullet_list":
            return [BulletList(tuple(self._item(child) for child in node.children))]
        if kind == "ordered_list":
            start = int(str(node.attrs.get("start", 1)))
            return [OrderedList(tuple(self._item(child) for child in node.children), start)]
        if kind == "blockquote":
            return [Quote(self._blocks(node.children))]
        if kind == "container_box":
            return [Box(node.info.strip().split()[0], self._blocks(node.children))]
        if kind == "table":
            return [self._table(node)]
        if kind in {"code_block", "fence"}:
            # A template has no code; an indented line is a template slip.  Keep the text.
            return [Para((Text(node.content.rstrip("\n")),))]
        if kind == "hr":
            return []
        raise ValueError(f"unexpected Markdown block {kind!r}")  # a bug in this module

    def _blocks(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Block, ...]:
        return tuple(block for node in nodes for block in self.block(node))

    def _item(self, node: SyntaxTreeNode) -> ListItem:
        return ListItem(self._blocks(node.children))

    def _table(self, node: SyntaxTreeNode) -> Table:
        header: tuple[tuple[Inline, ...], ...] = ()
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        for section in node.children:
            for row in section.children:
                cells = tuple(
                    self.inlines(cell.children[0]) if cell.children else () for cell in row.children
                )
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header, tuple(rows), column_widths((header, *rows)))

    def note(self, node: SyntaxTreeNode) -> Note:
        number = int(node.meta["id"]) + 1
        return Note(number, self._blocks(node.children))

    def inlines(self, node: SyntaxTreeNode) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for child in node.children:
            kind = child.type
            if kind in {"text", "code_inline"}:
                _append_text(out, child.content)
            elif kind == "softbreak":
                _append_text(out, " ")
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind == "em":
                out.append(Emph(self.inlines(child)))
            elif kind == "strong":
                out.append(Strong(self.inlines(child)))
            elif kind == "link":
                out.append(self._link(child))
            elif kind == "footnote_ref":
                out.append(NoteRef(int(child.meta["id"]) + 1))
            elif kind == "footnote_anchor":
                continue  # the back-link markdown-it adds to a note: writers make their own
            else:
                raise ValueError(f"unexpected Markdown inline {kind!r}")  # a bug here
        return tuple(out)

    def _link(self, node: SyntaxTreeNode) -> Inline:
        url = str(node.attrs.get("href", ""))
        children = self.inlines(node)
        if url.startswith("#") or is_external(url):
            return Link(url, children)
        self.problems.append(
            Problem(None, None, None, f"link {url!r} refused: only http, https and mailto")
        )
        return Text(plain(children))

    def _anchor(self, children: tuple[Inline, ...]) -> str:
        return self.unique(slugify(plain(children)) or "section")

    def unique(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``… if it is taken; taken from then on."""
        anchor, n = base, 1
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
        return anchor


def _append_text(out: list[Inline], text: str) -> None:
    """Append text, merging with a Text just before it (markdown-it splits at escapes)."""
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    elif text:
        out.append(Text(text))
