"""Footnotes and endnotes: the reference in the text, the mark in the note, the notes
part's root (``word/footnotes.xml`` or ``word/endnotes.xml``) with its separators, and
the settings that name them.  ``kind`` is ``footnote`` or ``endnote``: Word spells the
two alike, but for the word.
"""

from __future__ import annotations

from typing import Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn

from briefgen.writers.docx.oxml.element import Element, el, sub
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps
from briefgen.writers.docx.oxml.runs import paragraph, run

NoteKind = Literal["footnote", "endnote"]


def footnote_reference(note_id: int, style: str, kind: NoteKind = "footnote") -> Element:
    """The run in the text that calls note ``note_id``."""
    r = run(RunProps(style=style))
    sub(r, f"w:{kind}Reference", id=note_id)
    return r


def footnote_mark(style: str, kind: NoteKind = "footnote") -> Element:
    """The run that repeats the note's number at the start of the note itself."""
    r = run(RunProps(style=style))
    sub(r, f"w:{kind}Ref")
    return r


def footnotes_root(kind: NoteKind = "footnote") -> Element:
    """``w:footnotes`` (or ``w:endnotes``) holding the separator (-1) and continuation
    separator (0), as Word does."""
    # Declare r: on the root so hyperlinks in notes read r:id, not an invented prefix.
    root = OxmlElement(f"w:{kind}s", nsdecls={"w": nsmap["w"], "r": nsmap["r"]})
    for note_id, separator in ((-1, "separator"), (0, "continuationSeparator")):
        note = sub(root, f"w:{kind}", type=separator, id=note_id)
        p = paragraph(ParaProps(before=0, after=0))
        note.append(p)
        sub(sub(p, "w:r"), f"w:{separator}")
    return root


def footnote(root: Element, note_id: int, kind: NoteKind = "footnote") -> Element:
    return sub(root, f"w:{kind}", id=note_id)


_AFTER = {
    "footnote": ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang"),
    "endnote": ("w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang"),
}
"""What follows ``w:footnotePr`` and ``w:endnotePr`` in settings.xml, by the schema."""


def enable_footnotes(settings: Element, kind: NoteKind = "footnote") -> None:
    """Name the separator notes in settings.xml (``w:footnotePr``, ``w:endnotePr``), as
    Word writes it.  Endnotes are numbered 1, 2, 3 like footnotes (Word's default for
    them is i, ii, iii)."""
    if settings.find(qn(f"w:{kind}Pr")) is not None:
        return
    pr = el(f"w:{kind}Pr")
    if kind == "endnote":
        sub(pr, "w:numFmt", val="decimal")
    sub(pr, f"w:{kind}", id=-1)
    sub(pr, f"w:{kind}", id=0)
    # Insert before the first successor that exists (python-docx's default settings.xml
    # has w:compat).
    for tag in _AFTER[kind]:
        successor = settings.find(qn(tag))
        if successor is not None:
            successor.addprevious(pr)
            return
    settings.append(pr)


def number_endnotes(section: Element) -> None:
    """The section's own ``w:endnotePr``, numbering endnotes 1, 2, 3: LibreOffice reads
    the format from the section only (settings.xml has it for Word)."""
    pr = el("w:endnotePr")
    sub(pr, "w:numFmt", val="decimal")
    # After the header and footer references and w:footnotePr, before the rest (schema).
    for child in section:
        if child.tag not in (qn("w:headerReference"), qn("w:footerReference"), qn("w:footnotePr")):
            child.addprevious(pr)
            return
    section.append(pr)
