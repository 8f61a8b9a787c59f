"""Notes → ``word/footnotes.xml``, every referenced note at the foot of the page that
cites it; or, when the template asks for endnotes, ``word/endnotes.xml``, all of them
at the end, after a heading as the PDF has them.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from briefgen.tree import Text
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.blocks import block, heading, paragraph
from briefgen.writers.docx.oxml.properties import ParaProps
from briefgen.writers.docx.state import Context, Writer
from briefgen.writers.docx.styles import NOTE_TEXT

_PARTS = {
    "footnote": ("/word/footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES),
    "endnote": ("/word/endnotes.xml", CT.WML_ENDNOTES, RT.ENDNOTES),
}


def notes(w: Writer, body: Context) -> None:
    """The notes part with every referenced note, hyperlinks related to that part; for
    endnotes, the heading over them at the end of ``body`` first."""
    if not w.state.notes_called:
        return
    kind = w.note_kind
    if kind == "endnote":
        label = w.style.notes.heading
        heading(w, 2, w.doc.notes_anchor, (Text(label),), body)
        ox.number_endnotes(w.word.element.body.find(qn("w:sectPr")))
    name, content_type, reltype = _PARTS[kind]
    root = ox.footnotes_root(kind)
    part = XmlPart(PackURI(name), content_type, root, w.word.part.package)
    w.word.part.relate_to(part, reltype)
    w.state.part = part
    for number in sorted(w.state.notes_called):
        container = ox.footnote(root, number, kind)
        ctx = Context(add=container.append, para_style=NOTE_TEXT, in_note=True)
        w.state.pending_note_mark = True
        w.state.after_table = False
        for child in w.notes[number].children:
            block(w, child, ctx)
        if w.state.pending_note_mark or not len(container) or container[-1].tag != qn("w:p"):
            # Empty note, or one ending in a table: Word wants a closing paragraph.
            paragraph(w, ParaProps(style=NOTE_TEXT), ctx)
    w.state.part = w.word.part
