"""Notes → ``word/footnotes.xml``: every referenced note, at the foot of the page that cites it."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.blocks import block, paragraph
from briefgen.writers.docx.oxml.properties import ParaProps
from briefgen.writers.docx.state import Context, Writer
from briefgen.writers.docx.styles import NOTE_TEXT


def footnotes(w: Writer) -> None:
    """word/footnotes.xml with every referenced note, hyperlinks related to that part."""
    if not w.state.notes_called:
        return
    root = ox.footnotes_root()
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, w.word.part.package)
    w.word.part.relate_to(part, RT.FOOTNOTES)
    w.state.part = part
    for number in sorted(w.state.notes_called):
        container = ox.footnote(root, number)
        ctx = Context(add=container.append, para_style=NOTE_TEXT, in_note=True)
        w.state.pending_note_mark = True
        w.state.after_table = False
        for child in w.notes[number].children:
            block(w, child, ctx)
        if w.state.pending_note_mark or not len(container) or container[-1].tag != qn("w:p"):
            # Empty note, or one ending in a table: Word wants a closing paragraph.
            paragraph(w, ParaProps(style=NOTE_TEXT), ctx)
    w.state.part = w.word.part
