"""Document tree → DOCX bytes, with python-docx.

python-docx supplies the package (parts, relationships, content types, core properties,
sections, header and footer parts); ``oxml`` builds the WordprocessingML python-docx has
no API for.  The walk is pandoc's ``blockToOpenXML``: one exhaustive ``match`` per node
kind, its changing state in one dataclass.  The parts:

- ``state``: ``Writer`` (the render's inputs), ``Context`` (where blocks go), ``State``
- ``blocks``: headings, paragraphs, lists, tables, quotes, boxes
- ``inlines``: runs, emphasis, hyperlinks, footnote references
- ``notes``: ``word/footnotes.xml``, at the foot of the page that cites each note (or
  ``word/endnotes.xml``, at the end, when the template asks for endnotes)
- ``section``: page geometry, header (marking, logo), footer (page fields), page estimate
- ``styles``: the Word styles, from the Style
- ``package``: template parts trimmed, core properties, the font table
- ``fonts``: the fonts the DOCX names, subset and obfuscated, to embed
- ``oxml/``: raw WordprocessingML (see its docstring)

What the reader gets is a real Word document: Heading 1-3 (the navigation pane shows
them), List Number / List Bullet with numbering restarted per list, a Quote style, a
"Box <Kind>" paragraph style per box kind, Footnote Text with real footnotes, Hyperlink,
a table with a repeating header row, and PAGE / NUMPAGES fields in the footer.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from functools import cache

import docx
from docx.oxml.ns import qn

from briefgen.style import Style
from briefgen.tree import Document, outline_shift
from briefgen.writers.docx import oxml as ox
from briefgen.writers.docx.blocks import block
from briefgen.writers.docx.notes import notes
from briefgen.writers.docx.oxml.properties import RunProps
from briefgen.writers.docx.package import custom_properties, font_table, properties, trim_template
from briefgen.writers.docx.section import estimate_pages, write_section
from briefgen.writers.docx.state import Context, State, Writer, page_geometry
from briefgen.writers.docx.styles import LIST_STEP, box_looks, style_elements

__all__ = ["render_docx"]


def render_docx(doc: Document, style: Style) -> bytes:
    """``doc`` as a DOCX file laid out by ``style``.

    When ``doc.meta.created`` is set the bytes depend only on ``doc`` and ``style``.
    """
    word = docx.Document(io.BytesIO(_base_package()))
    page = page_geometry(style)
    w = Writer(
        doc=doc,
        style=style,
        word=word,
        page=page,
        boxes=box_looks(style.boxes),
        notes={note.number: note for note in doc.notes},
        state=State(part=word.part),
        pages=estimate_pages(doc, style, page),
        heading_shift=outline_shift(
            doc.blocks, notes_heading=bool(doc.notes) and style.notes.placement == "endnotes"
        ),
    )
    meta = doc.meta
    moment = meta.created_at
    created = None if moment is None else moment.replace(tzinfo=None)
    lang = meta.language or "en"
    trim_template(w)
    styles = word.styles.element
    ox.set_doc_defaults(styles, font=style.fonts.body, size=style.fonts.body_size, lang=lang)
    ox.install_styles(styles, style_elements(style, page.text_width, w.boxes))
    write_section(w)

    section = word.element.body.find(qn("w:sectPr"))
    ctx = Context(add=section.addprevious)
    for node in doc.blocks:
        block(w, node, ctx)
    notes(w, ctx)

    marker = RunProps(font=style.fonts.heading, bold=True, colour=style.colours.accent)
    levels = ox.ListLevels(step=LIST_STEP, hanging=w.hanging, marker=marker)
    ox.set_numbering(word.part.numbering_part.element, w.state.lists, levels)
    settings = word.settings.element
    ox.modernise_settings(settings, lang)
    if style.hyphenate:
        ox.auto_hyphenation(settings)
    font_table(w)
    if w.state.notes_called:
        ox.enable_footnotes(settings, w.note_kind)
    properties(w, meta, created or datetime.now(timezone.utc).replace(tzinfo=None), lang)
    custom_properties(w, meta)

    out = io.BytesIO()
    word.save(out)
    when = (1980, 1, 1, 0, 0, 0)
    if created is not None:
        c = created
        when = (c.year, c.month, c.day, c.hour, c.minute, c.second)
    return ox.repack(out.getvalue(), when, w.stored)


@cache
def _base_package() -> bytes:
    """python-docx's default template as a package, its unused table styles dropped: made
    once per process, so that each render opens (and later writes) a tenth of the
    styles it would otherwise parse, serialise and compress."""
    word = docx.Document()
    ox.drop_table_styles(word.styles.element)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
