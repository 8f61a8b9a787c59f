"""Tagged PDF: the structure tree of a brief, and the marked content tied to it.

reportlab draws; it does not tag.  briefgen knows its whole document tree, so the story
builds a :class:`Node` for every structure element as it builds the flowables (Document,
H1–H3, P, L/LI/Lbl/LBody, Table/TR/TH/TD, BlockQuote, Div, Note, Link), and each
flowable that draws text wraps what it draws in a marked-content sequence,
``/P <</MCID 3>> BDC … EMC``, tied to its node (:meth:`Tagger.marked`).  What belongs to
the page, not the brief (the running header and footer, rules, box backgrounds, a table
header repeated on a continuation page), is drawn as ``/Artifact`` (:meth:`Tagger.artifact`).
A link annotation made while a node's content is drawn becomes a Link element under it,
with an ``/OBJR`` to the annotation and the annotation's ``/StructParent``.

When the pages are written, :meth:`Tagger.write` adds the tree as PDF objects: the
``/StructTreeRoot`` with its ``/ParentTree`` (for each page, the element of each of its
MCIDs; for each annotation, its Link), ``/MarkInfo``; each page gets ``/StructParents``
and ``/Tabs /S``.

The tagger lives on the canvas (``canvas.tagger``); a canvas without one (reportlab's
own, in a test) draws the same content untagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)

_BOOLEAN_TRUE = "true"


@dataclass(eq=False, slots=True)
class Node:
    """A structure element: its standard type, its kids in reading order, its entries."""

    kind: str
    """The standard structure type: ``P``, ``H2``, ``TD`` …"""
    parent: Node | None = None
    kids: list[Node | _Content | _Annotation] = field(default_factory=list)
    alt: str | None = None
    """``/Alt``: the text a figure stands for."""
    ident: str | None = None
    """``/ID``: a note's, for the references that link to it."""
    scope: str | None = None
    """A header cell's ``/Scope`` (``Column``, ``Row``)."""

    def child(self, kind: str, **entries: Any) -> Node:
        """A new element of ``kind`` after this one's other kids."""
        node = Node(kind, self, **entries)
        self.kids.append(node)
        return node


@dataclass(frozen=True, slots=True)
class _Content:
    """A marked-content sequence: its page (0-based) and its MCID there."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class _Annotation:
    """A link annotation: its page, reportlab's name for it, its parent-tree key."""

    page: int
    name: str
    key: int


class Tagger:
    """The structure tree of one PDF, and which marked content and annotations belong
    to which of its elements."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self._mcids: dict[int, list[Node]] = {}
        """Page → the element of each MCID on it, in MCID order."""
        self._page_keys: dict[int, int] = {}
        """Page → its ``/StructParents`` key in the parent tree."""
        self._annotations: list[tuple[_Annotation, Node]] = []
        self._next_key = 0
        self._open: list[Node] = []
        """The elements whose content is being drawn, innermost last."""
        self.descriptions: dict[str, str] = {}
        """Anchor → what a link to it is described as ("Note 2", a heading's text)."""

    # While drawing ------------------------------------------------------------------------

    @contextmanager
    def marked(self, canvas: Any, node: Node) -> Iterator[None]:
        """Draw inside a marked-content sequence tied to ``node``."""
        page = canvas.page_index
        mcids = self._mcids.setdefault(page, [])
        if page not in self._page_keys:
            self._page_keys[page] = self._key()
        mcid = len(mcids)
        mcids.append(node)
        node.kids.append(_Content(page, mcid))
        canvas._code.append(f"/{node.kind} <</MCID {mcid}>> BDC")
        self._open.append(node)
        try:
            yield
        finally:
            self._open.pop()
            canvas._code.append("EMC")

    @contextmanager
    def artifact(self, canvas: Any, kind: str | None = None) -> Iterator[None]:
        """Draw page furniture, which no reader reads as the brief's text."""
        self.begin_artifact(canvas, kind)
        try:
            yield
        finally:
            self.end_artifact(canvas)

    def begin_artifact(self, canvas: Any, kind: str | None = None) -> None:
        """Start an artifact (``kind``: its ``/Type``, e.g. ``Pagination``)."""
        canvas._code.append(f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC")

    def end_artifact(self, canvas: Any) -> None:
        canvas._code.append("EMC")

    def link(self, page: int, name: str, target: str) -> int | None:
        """A link annotation ``name`` was made on ``page`` while content was drawn: a
        Link element under the element being drawn.  Its parent-tree key, or ``None``
        when no content is open (then it stays untagged)."""
        if not self._open:
            return None
        key = self._key()
        node = self._open[-1].child("Link", alt=target)
        self._annotations.append((_Annotation(page, name, key), node))
        return key

    def describe(self, target: str) -> str:
        """What a link to ``target`` (a URL, or ``#anchor``) is described as."""
        if target.startswith("#"):
            return self.descriptions.get(target[1:], target[1:])
        return target

    def _key(self) -> int:
        key = self._next_key
        self._next_key += 1
        return key

    # When the pages are written -----------------------------------------------------------

    def page_key(self, page: int) -> int | None:
        """The ``/StructParents`` of ``page``, if it has marked content."""
        return self._page_keys.get(page)

    def write(self, document: Any, page_names: list[str]) -> None:
        """Add the tree to reportlab's ``document`` (its catalog, before it is saved);
        ``page_names`` are reportlab's names of the page objects, in order."""
        pages = [PDFObjectReference(name) for name in page_names]
        refs: dict[int, PDFObjectReference] = {}
        dicts: dict[int, PDFDictionary] = {}

        for annotation, node in self._annotations:
            node.kids.append(annotation)
        live: set[int] = set()
        """The elements that hold content, or an element that does: the others go."""

        def register(node: Node) -> bool:
            kids = [kid for kid in node.kids if isinstance(kid, Node)]
            held = [register(kid) for kid in kids]  # every kid, in order
            empty = not (any(held) or len(kids) < len(node.kids))
            if empty and node is not self.root:  # the Document stays, even empty
                return False
            live.add(id(node))
            d = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.kind)})
            dicts[id(node)] = d
            refs[id(node)] = document.Reference(d)
            return True

        register(self.root)
        tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        tree_ref = document.Reference(tree)

        def fill(node: Node, parent: PDFObjectReference) -> None:
            d = dicts[id(node)]
            d["P"] = parent
            kids: list[Any] = []
            first_page = next(
                (kid.page for kid in node.kids if isinstance(kid, _Content | _Annotation)), None
            )
            for kid in node.kids:
                if isinstance(kid, Node):
                    if id(kid) in live:
                        fill(kid, refs[id(node)])
                        kids.append(refs[id(kid)])
                elif isinstance(kid, _Content):
                    # On the element's own page (its /Pg) an MCID stands for itself.
                    if kid.page == first_page:
                        kids.append(kid.mcid)
                    else:
                        kids.append(
                            PDFDictionary(
                                {"Type": PDFName("MCR"), "Pg": pages[kid.page], "MCID": kid.mcid}
                            )
                        )
                else:
                    kids.append(
                        PDFDictionary(
                            {
                                "Type": PDFName("OBJR"),
                                "Pg": pages[kid.page],
                                "Obj": document.refAnnotation(kid.name),
                            }
                        )
                    )
            d["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
            if first_page is not None:
                d["Pg"] = pages[first_page]
            if node.alt is not None:
                d["Alt"] = PDFString(node.alt)
            if node.ident is not None:
                d["ID"] = PDFString(node.ident)
            if node.scope is not None:
                d["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(node.scope)})

        fill(self.root, tree_ref)

        nums: list[Any] = []
        entries: dict[int, Any] = {}
        for page, nodes in self._mcids.items():
            entries[self._page_keys[page]] = PDFArray([refs[id(node)] for node in nodes])
        for annotation, node in self._annotations:
            entries[annotation.key] = refs[id(node)]
        for key in sorted(entries):
            nums.extend((key, entries[key]))
        tree["K"] = refs[id(self.root)]
        tree["ParentTree"] = document.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
        tree["ParentTreeNextKey"] = self._next_key
        catalog = document.Catalog
        catalog.StructTreeRoot = tree_ref
        catalog.MarkInfo = PDFDictionary({"Marked": _BOOLEAN_TRUE})


def tagger_of(canvas: Any) -> Tagger | None:
    """The canvas's tagger, if it tags."""
    return getattr(canvas, "tagger", None)


@contextmanager
def artifact(canvas: Any, kind: str | None = None) -> Iterator[None]:
    """Draw page furniture as an artifact, on a canvas that tags (else just draw)."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas, kind):
        yield
