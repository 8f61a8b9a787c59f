"""Two Documents (the old and the new brief through one template) → one redline Document.

Blocks are aligned with difflib's SequenceMatcher on their text; a block that changed is
paired with the most alike block of its kind nearby, and inside a paired paragraph,
table cell or heading the words are aligned in turn: words only in the old are ``Del``,
words only in the new are ``Ins``.  A block, list item or table row with no partner is
inserted or deleted whole (``change``), so that accepting every change leaves exactly
the new text and rejecting every change exactly the old.

Notes follow the references to them: a reference kept is the new note, a deleted one
keeps the old note's text (deleted with it), and all are numbered again in reading order.

difflib is the standard library's and its Ratcliff/Obershelp matching gives the
readable word-level diffs an editor expects; a brief's paragraphs are a few hundred
words, where its speed is no concern, and nothing need be installed for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TypeVar

from typing_extensions import assert_never

from briefgen.tree import (
    Block,
    Box,
    BulletList,
    Change,
    Del,
    Document,
    Emph,
    Heading,
    Inline,
    Ins,
    LineBreak,
    Link,
    ListItem,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Quote,
    Revision,
    Strong,
    Table,
    Text,
    plain,
)

ALIKE = 0.4
"""How alike (difflib's ratio over words) two blocks must be to be one block changed,
rather than one deleted and another inserted."""

_WORD = re.compile(r"\s+|\S+\s*")

_N = TypeVar("_N", Block, ListItem)

Wrapper = tuple[str, str]
"""A formatting container a token sits in: ("emph", ""), ("strong", ""), ("link", url)."""


@dataclass(frozen=True, slots=True)
class _Token:
    leaf: Inline
    """Text (one word and its following space), NoteRef or LineBreak."""
    stack: tuple[Wrapper, ...]
    key: tuple[object, ...]
    """What two tokens must share to be the same word (any two note references in the
    same formatting are: their notes' texts are compared inside the notes)."""
    content: tuple[object, ...]
    """What two tokens must share for their blocks to be unchanged (a note's text too)."""


def redline(old: Document, new: Document, revision: Revision) -> Document:
    """The new document with the old one's differences marked as Word marks changes."""
    merger = _Merger(old, new)
    blocks = merger.blocks(old.blocks, new.blocks)
    blocks, notes = merger.renumber(blocks)
    # A redline is no render of either version: it claims no provenance (``verify``).
    meta = replace(new.meta, provenance=())
    return Document(meta, blocks, notes, new.notes_anchor, revision)


class _Merger:
    def __init__(self, old: Document, new: Document) -> None:
        self.notes = {
            "old": {n.number: n for n in old.notes},
            "new": {n.number: n for n in new.notes},
        }
        self.anchors = {node.anchor for node in _headings(new.blocks)}
        self.paired: dict[int, int] = {}
        """A new note's number → the old note its kept reference stood for."""

    # ------------------------------------------------------------------ keys

    def note_text(self, side: str, number: int) -> str:
        note = self.notes[side].get(number)
        return (
            " ".join(plain(r) for b in note.children for r in _all_runs(b)) if note else str(number)
        )

    def tokens(self, inlines: tuple[Inline, ...], side: str) -> list[_Token]:
        """``inlines`` as word tokens, each with the containers it sits in."""
        out: list[_Token] = []

        def visit(kids: tuple[Inline, ...], stack: tuple[Wrapper, ...]) -> None:
            for node in kids:
                match node:
                    case Text(text=text):
                        for word in _WORD.findall(text):
                            key = ("t", word, stack)
                            out.append(_Token(Text(word), stack, key, key))
                    case NoteRef(number=number):
                        # Old notes are numbered negative until renumber() numbers all.
                        ref = NoteRef(number if side == "new" else -number)
                        content = ("n", self.note_text(side, number), stack)
                        out.append(_Token(ref, stack, ("n", stack), content))
                    case LineBreak():
                        out.append(_Token(node, stack, ("br", stack), ("br", stack)))
                    case Emph(children=inner):
                        visit(inner, (*stack, ("emph", "")))
                    case Strong(children=inner):
                        visit(inner, (*stack, ("strong", "")))
                    case Link(url=url, children=inner):
                        visit(inner, (*stack, ("link", url)))
                    case Ins(children=inner) | Del(children=inner):
                        visit(inner, stack)  # a document to merge holds no changes yet
                    case _:
                        assert_never(node)

        visit(inlines, ())
        return out

    def key(self, block: Block | ListItem, side: str) -> tuple[object, ...]:
        """What two blocks must share to be the same block unchanged."""
        match block:
            case Heading(level=level, children=kids):
                return ("h", level, self._text_key(kids, side))
            case Para(children=kids):
                return ("p", self._text_key(kids, side))
            case BulletList(items=items) | OrderedList(items=items):
                return (type(block).__name__, tuple(self.key(i, side) for i in items))
            case ListItem(children=kids) | Quote(children=kids):
                return (type(block).__name__, tuple(self.key(b, side) for b in kids))
            case Box(kind=kind, children=kids):
                return ("box", kind, tuple(self.key(b, side) for b in kids))
            case Table(header=header, rows=rows):
                cells = (header, *rows)
                return ("table", tuple(tuple(self._text_key(c, side) for c in r) for r in cells))
            case _:
                assert_never(block)

    def _text_key(self, inlines: tuple[Inline, ...], side: str) -> tuple[object, ...]:
        return tuple(t.content for t in self.tokens(inlines, side))

    def words(self, block: Block | ListItem, side: str) -> list[str]:
        """The words of a block (notes as their text), to measure how alike two are."""
        runs = _all_runs(block)
        return [str(t.content[1]) for r in runs for t in self.tokens(r, side) if t.key[0] != "br"]

    def alike(self, old: Block | ListItem, new: Block | ListItem) -> bool:
        if type(old) is not type(new):
            return False
        if isinstance(old, Box) and isinstance(new, Box) and old.kind != new.kind:
            return False
        a, b = self.words(old, "old"), self.words(new, "new")
        return SequenceMatcher(None, a, b, autojunk=False).ratio() >= ALIKE

    # ------------------------------------------------------------------ blocks

    def blocks(self, old: Sequence[Block], new: Sequence[Block]) -> tuple[Block, ...]:
        out: list[Block] = []
        for tag, i1, i2, j1, j2 in self._opcodes(old, new):
            if tag == "equal":
                out += new[j1:j2]
            else:
                out += self._pair(old[i1:i2], new[j1:j2], self.block, self.whole)
        return tuple(out)

    def _opcodes(
        self, old: Sequence[Block | ListItem], new: Sequence[Block | ListItem]
    ) -> Sequence[tuple[str, int, int, int, int]]:
        a = [self.key(b, "old") for b in old]
        b = [self.key(b, "new") for b in new]
        return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()

    def _align(
        self, old: Sequence[Block | ListItem], new: Sequence[Block | ListItem]
    ) -> list[tuple[int | None, int | None]]:
        """A changed stretch as (old index, new index) pairs: each new block paired with
        the first alike old one after the last pairing; old ones passed over are deleted
        (new index None), new ones left unpaired inserted (old index None)."""
        out: list[tuple[int | None, int | None]] = []
        start = 0
        for j, item in enumerate(new):
            match = next((k for k in range(start, len(old)) if self.alike(old[k], item)), None)
            if match is None:
                out.append((None, j))
                continue
            out += [(k, None) for k in range(start, match)]
            out.append((match, j))
            start = match + 1
        out += [(k, None) for k in range(start, len(old))]
        return out

    def _pair(
        self,
        old: Sequence[_N],
        new: Sequence[_N],
        merge: Callable[[_N, _N], _N],
        whole: Callable[[_N, Change], _N],
    ) -> list[_N]:
        out: list[_N] = []
        for i, j in self._align(old, new):
            if i is None and j is not None:
                out.append(whole(new[j], "inserted"))
            elif j is None and i is not None:
                out.append(whole(old[i], "deleted"))
            elif i is not None and j is not None:
                out.append(merge(old[i], new[j]))
        return out

    def block(self, old: Block, new: Block) -> Block:
        """Two alike blocks (of one kind: ``alike`` pairs no others) as one, their
        differences marked."""
        if isinstance(old, Heading | Para) and isinstance(new, Heading | Para):
            return replace(new, children=self.inlines(old.children, new.children))
        if isinstance(old, BulletList | OrderedList) and isinstance(new, BulletList | OrderedList):
            return replace(new, items=tuple(self.items(old.items, new.items)))
        if isinstance(old, Quote | Box) and isinstance(new, Quote | Box):
            return replace(new, children=self.blocks(old.children, new.children))
        if isinstance(old, Table) and isinstance(new, Table):
            return self.table(old, new)
        return new

    def items(self, old: Sequence[ListItem], new: Sequence[ListItem]) -> list[ListItem]:
        out: list[ListItem] = []
        for tag, i1, i2, j1, j2 in self._opcodes(old, new):
            if tag == "equal":
                out += new[j1:j2]
            else:
                out += self._pair(
                    old[i1:i2],
                    new[j1:j2],
                    lambda a, b: ListItem(self.blocks(a.children, b.children)),
                    self.whole_item,
                )
        return out

    def table(self, old: Table, new: Table) -> Table:
        header = tuple(self.inlines(a, b) for a, b in _cells(old.header, new.header))
        # Rows are aligned as paragraphs of their cells' words, then merged cell by cell.
        a_rows = [Para(_row_inlines(r)) for r in old.rows]
        b_rows = [Para(_row_inlines(r)) for r in new.rows]
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        changes: list[Change] = []
        for tag, i1, i2, j1, j2 in self._opcodes(a_rows, b_rows):
            if tag == "equal":
                rows += new.rows[j1:j2]
                changes += [""] * (j2 - j1)
                continue
            for i, j in self._align(a_rows[i1:i2], b_rows[j1:j2]):
                if i is not None and j is not None:
                    pairs = _cells(old.rows[i1 + i], new.rows[j1 + j])
                    rows.append(tuple(self.inlines(x, y) for x, y in pairs))
                    changes.append("")
                elif i is not None:
                    rows.append(tuple(self.wrap(c, "deleted", "old") for c in old.rows[i1 + i]))
                    changes.append("deleted")
                elif j is not None:
                    rows.append(tuple(self.wrap(c, "inserted", "new") for c in new.rows[j1 + j]))
                    changes.append("inserted")
        return replace(new, header=header, rows=tuple(rows), row_changes=tuple(changes))

    def whole(self, node: Block, change: Change) -> Block:
        """A block inserted or deleted as a whole, every word in it marked."""
        side = "old" if change == "deleted" else "new"
        match node:
            case Heading():
                anchor = self._fresh_anchor(node.anchor) if change == "deleted" else node.anchor
                kids = self.wrap(node.children, change, side)
                return replace(node, anchor=anchor, children=kids, change=change)
            case Para():
                return Para(self.wrap(node.children, change, side), change)
            case BulletList() | OrderedList():
                return replace(node, items=tuple(self.whole_item(i, change) for i in node.items))
            case Quote() | Box():
                return replace(node, children=tuple(self.whole(b, change) for b in node.children))
            case Table(header=header, rows=rows):
                return replace(
                    node,
                    header=tuple(self.wrap(c, change, side) for c in header),
                    rows=tuple(tuple(self.wrap(c, change, side) for c in r) for r in rows),
                    row_changes=(change,) * len(rows),
                    header_change=change,
                )
            case _:
                assert_never(node)

    def whole_item(self, item: ListItem, change: Change) -> ListItem:
        return ListItem(tuple(self.whole(b, change) for b in item.children), change)

    def _fresh_anchor(self, anchor: str) -> str:
        name, n = f"{anchor}-deleted", 1
        while name in self.anchors:
            n += 1
            name = f"{anchor}-deleted-{n}"
        self.anchors.add(name)
        return name

    # ------------------------------------------------------------------ words

    def inlines(self, old: tuple[Inline, ...], new: tuple[Inline, ...]) -> tuple[Inline, ...]:
        a, b = self.tokens(old, "old"), self.tokens(new, "new")
        marked: list[tuple[str, _Token]] = []
        matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                marked += [("", t) for t in b[j1:j2]]
                for old_token, new_token in zip(a[i1:i2], b[j1:j2], strict=True):
                    if isinstance(new_token.leaf, NoteRef) and isinstance(old_token.leaf, NoteRef):
                        # One reference kept: its note is the new one, marked against the old.
                        self.paired[new_token.leaf.number] = -old_token.leaf.number
                continue
            marked += [("deleted", t) for t in a[i1:i2]]
            marked += [("inserted", t) for t in b[j1:j2]]
        return _build(marked)

    def wrap(self, inlines: tuple[Inline, ...], change: Change, side: str) -> tuple[Inline, ...]:
        return _build([(change, t) for t in self.tokens(inlines, side)])

    # ------------------------------------------------------------------ notes

    def renumber(self, blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Note, ...]]:
        """Number the notes 1..n in reading order: a reference to a new note (positive)
        takes its note, a reference to an old one (negative) the old note's text."""
        notes: list[Note] = []

        def ref(number: int, change: str) -> NoteRef:
            side, own = ("new", number) if number > 0 else ("old", -number)
            source = self.notes[side].get(own)
            new_number = len(notes) + 1
            kids = source.children if source else ()
            if change:
                kids = tuple(self.whole(b, change) for b in kids)
            elif number in self.paired:
                was = self.notes["old"].get(self.paired[number])
                if was is not None and source is not None:
                    kids = self.blocks(was.children, source.children)
            notes.append(Note(new_number, kids))
            return NoteRef(new_number)

        def inl(kids: tuple[Inline, ...], change: str = "") -> tuple[Inline, ...]:
            out: list[Inline] = []
            for node in kids:
                match node:
                    case NoteRef(number=number):
                        out.append(ref(number, change))
                    case Ins(children=inner):
                        out.append(Ins(inl(inner, "inserted")))
                    case Del(children=inner):
                        out.append(Del(inl(inner, "deleted")))
                    case Emph(children=inner) | Strong(children=inner) | Link(children=inner):
                        out.append(replace(node, children=inl(inner, change)))
                    case Text() | LineBreak():
                        out.append(node)
                    case _:
                        assert_never(node)
            return tuple(out)

        def blk(node: Block) -> Block:
            match node:
                case Heading() | Para():
                    return replace(node, children=inl(node.children))
                case BulletList() | OrderedList():
                    return replace(node, items=tuple(item(i) for i in node.items))
                case Quote() | Box():
                    return replace(node, children=tuple(blk(b) for b in node.children))
                case Table():
                    return replace(
                        node,
                        header=tuple(inl(c) for c in node.header),
                        rows=tuple(tuple(inl(c) for c in r) for r in node.rows),
                    )
                case _:
                    assert_never(node)

        def item(node: ListItem) -> ListItem:
            return replace(node, children=tuple(blk(b) for b in node.children))

        merged = tuple(blk(b) for b in blocks)
        return merged, tuple(notes)


# --------------------------------------------------------------------------- helpers


def _build(marked: list[tuple[str, _Token]]) -> tuple[Inline, ...]:
    """Tokens, each with its change ("", "inserted", "deleted"), as inlines again: the
    formatting containers outside, Ins and Del around the leaves inside them (as Word
    nests ``w:ins`` in ``w:hyperlink``), neighbouring words in one Text."""
    out: list[Inline] = []
    k = 0
    while k < len(marked):
        change, token = marked[k]
        if token.stack:
            outer = token.stack[0]
            end = k
            while end < len(marked) and marked[end][1].stack[:1] == (outer,):
                end += 1
            inner = [(c, replace(t, stack=t.stack[1:])) for c, t in marked[k:end]]
            kids = _build(inner)
            name, url = outer
            if name == "emph":
                out.append(Emph(kids))
            elif name == "strong":
                out.append(Strong(kids))
            else:
                out.append(Link(url, kids))
            k = end
            continue
        end = k
        while end < len(marked) and not marked[end][1].stack and marked[end][0] == change:
            end += 1
        leaves = _join([t.leaf for _, t in marked[k:end]])
        if change == "inserted":
            out.append(Ins(leaves))
        elif change == "deleted":
            out.append(Del(leaves))
        else:
            out.extend(leaves)
        k = end
    return tuple(out)


def _join(leaves: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for leaf in leaves:
        if isinstance(leaf, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + leaf.text)
        else:
            out.append(leaf)
    return tuple(out)


def _cells(
    old: tuple[tuple[Inline, ...], ...], new: tuple[tuple[Inline, ...], ...]
) -> Iterator[tuple[tuple[Inline, ...], tuple[Inline, ...]]]:
    for k in range(max(len(old), len(new))):
        yield (old[k] if k < len(old) else ()), (new[k] if k < len(new) else ())


def _row_inlines(row: tuple[tuple[Inline, ...], ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for cell in row:
        out += [*cell, Text(" ")]
    return tuple(out)


def _all_runs(node: Block | ListItem) -> Iterator[tuple[Inline, ...]]:
    match node:
        case Heading(children=kids) | Para(children=kids):
            yield kids
        case Table(header=header, rows=rows):
            for row in (header, *rows):
                yield from row
        case BulletList(items=items) | OrderedList(items=items):
            for item in items:
                yield from _all_runs(item)
        case ListItem(children=kids) | Quote(children=kids) | Box(children=kids):
            for kid in kids:
                yield from _all_runs(kid)
        case _:
            assert_never(node)


def _headings(blocks: Sequence[Block | ListItem]) -> Iterator[Heading]:
    for block in blocks:
        match block:
            case Heading():
                yield block
            case BulletList(items=items) | OrderedList(items=items):
                yield from _headings(items)
            case ListItem(children=kids) | Quote(children=kids) | Box(children=kids):
                yield from _headings(kids)
            case Para() | Table():
                pass
            case _:
                assert_never(block)
