"""What the walk carries: the render's inputs (``Writer``), where blocks go (``Context``)
and everything the walk changes (``State``, pandoc's ``WriterState``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from docx.document import Document as WordDocument
from docx.opc.part import Part

from briefgen.style import Style
from briefgen.tree import Document, Note
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.oxml.element import Element
from briefgen.writers.docx.oxml.footnotes import NoteKind
from briefgen.writers.docx.styles import NORMAL, BoxLook


@dataclass(frozen=True, slots=True)
class Context:
    """Where blocks go and how a plain paragraph looks there; replaced, never mutated."""

    add: Callable[[Element], None]
    """Puts a new block element in its container (body, footnote)."""
    para_style: str = NORMAL
    indent: float | None = None
    """Left indent of Para paragraphs in points; None keeps the style's."""
    italic: bool = False
    """The paragraph style is italic, so Emph sets roman type."""
    in_note: bool = False
    """Inside a footnote, where a footnote reference cannot stand."""
    depth: int = 0
    """List nesting level."""
    keep_next: bool = False
    """Keep the paragraph on the page of the next one (a list item's lines together)."""
    change: str = ""
    """A revision inserted or deleted the paragraphs made here as a whole (``tree.Change``)."""


@dataclass(slots=True)
class State:
    """Everything the walk changes, in one place (pandoc's ``WriterState``)."""

    part: Part
    """The part whose relationships hold hyperlink targets (document, then footnotes)."""
    lists: list[tuple[bool, int, int]] = field(default_factory=list)
    """(numbered, level, start) of each list; numId = 3 + index."""
    bookmarks: int = 0
    notes_called: list[int] = field(default_factory=list)
    """Numbers of the notes referenced, in reading order."""
    pending_number: tuple[str, int, int] | None = None
    """(style, numId, level) for the next paragraph: the first one of a list item."""
    pending_note_mark: bool = False
    """The next paragraph opens a footnote and starts with its number."""
    after_table: bool = False
    """The last block was a table: Word gives tables no space below, the next paragraph does."""
    changes: int = 0
    """Tracked changes written so far: each ``w:ins``/``w:del`` takes the next id."""


@dataclass(slots=True)
class Writer:
    """One render: what it draws, the python-docx document it fills, the walk's state."""

    doc: Document
    style: Style
    word: WordDocument
    page: Page
    boxes: dict[str, BoxLook]
    """How each box kind looks (its Word style), by kind."""
    notes: dict[int, Note]
    """The document's notes by number."""
    state: State
    pages: int
    """The estimated page count: NUMPAGES' cached result and app.xml's."""
    heading_shift: int = 0
    """Levels every heading's outline level is lifted by (``tree.outline_shift``)."""
    stored: dict[str, bytes] = field(default_factory=dict)
    """Zip entries written as they are, uncompressed, in place of the empty parts
    python-docx saved: the embedded fonts (deflating them again each render is the
    costliest step of the DOCX, for a tenth of their size)."""

    @property
    def note_kind(self) -> NoteKind:
        """Word's kind of note for the template's notes: at the page's foot, or the end."""
        return "endnote" if self.style.notes.placement == "endnotes" else "footnote"

    def tracked(self, kind: str) -> Element:
        """A new ``w:ins``/``w:del`` for runs, by the redline's author at its date."""
        return ox.tracked(kind, self.next_change(), *self.revision)

    def next_change(self) -> int:
        self.state.changes += 1
        return self.state.changes

    @property
    def revision(self) -> tuple[str, str]:
        """(author, date) of a redline's changes."""
        rev = self.doc.revision
        return (rev.author, rev.date) if rev is not None else ("briefgen", "1970-01-01T00:00:00Z")

    @property
    def hanging(self) -> float:
        """Room for a list number or bullet, in points."""
        return max(13.0, self.style.fonts.body_size * 1.5)


@dataclass(frozen=True, slots=True)
class Page:
    """Page geometry in twips."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


def page_geometry(style: Style) -> Page:
    m = style.page.margins_mm
    return Page(
        width=ox.mm_to_twips(style.page.width_mm),
        height=ox.mm_to_twips(style.page.height_mm),
        top=ox.mm_to_twips(m.top),
        bottom=ox.mm_to_twips(m.bottom),
        left=ox.mm_to_twips(m.left),
        right=ox.mm_to_twips(m.right),
    )
