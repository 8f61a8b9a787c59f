"""Footnotes: the reference in the text, the mark in the note, ``word/footnotes.xml``'s
root with its separators, and the settings that name them.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn

from briefgen.writers.docx.oxml.element import Element, el, sub
from briefgen.writers.docx.oxml.properties import ParaProps, RunProps
from briefgen.writers.docx.oxml.runs import paragraph, run


def footnote_reference(note_id: int, style: str) -> Element:
    """The run in the text that calls footnote ``note_id``."""
    r = run(RunProps(style=style))
    sub(r, "w:footnoteReference", id=note_id)
    return r


def footnote_mark(style: str) -> Element:
    """The run that repeats the footnote's number at the start of the note itself."""
    r = run(RunProps(style=style))
    sub(r, "w:footnoteRef")
    return r


def footnotes_root() -> Element:
    """``w:footnotes`` holding the separator (-1) and continuation separator (0), as Word does."""
    # Declare r: on the root so hyperlinks in notes read r:id, not an invented prefix.
    root = OxmlElement("w:footnotes", nsdecls={"w": nsmap["w"], "r": nsmap["r"]})
    for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = sub(root, "w:footnote", type=kind, id=note_id)
        p = paragraph(ParaProps(before=0, after=0))
        note.append(p)
        sub(sub(p, "w:r"), f"w:{kind}")
    return root


def footnote(root: Element, note_id: int) -> Element:
    return sub(root, "w:footnote", id=note_id)


def enable_footnotes(settings: Element) -> None:
    """Name the separator footnotes in settings.xml (``w:footnotePr``), as Word writes it."""
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = el("w:footnotePr")
    sub(pr, "w:footnote", id=-1)
    sub(pr, "w:footnote", id=0)
    # The schema puts footnotePr just before endnotePr/compat/…; insert before the first of
    # those that exists (python-docx's default settings.xml has w:compat).
    for tag in ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang"):
        successor = settings.find(qn(tag))
        if successor is not None:
            successor.addprevious(pr)
            return
    settings.append(pr)
