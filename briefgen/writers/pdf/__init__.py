"""Document → PDF bytes, with reportlab's platypus.

The walk mirrors the DOCX writer: an exhaustive ``match`` per block, state in one typed
dataclass.  The parts:

- ``story``: blocks → flowables (headings, paragraphs, lists, tables, quotes, boxes)
- ``notes``: the notes after the body, under the template's notes heading
- ``markup``: inlines → reportlab's paragraph markup, every literal escaped
- ``flowables``: a ruled heading, a heading guard, the panel of quotes and boxes
- ``styles``: every paragraph style of a render, from the Style
- ``fonts``: the template's TrueType faces, registered once per process, embedded as subsets
- ``furniture``: the page header (label, marking, logo) and footer ("Page X of Y")
- ``canvas``: pages held back until the count is known, destinations bound to their pages
- ``tagging``: the structure tree, marked content and artifacts of a tagged PDF (PDF/UA)
- ``outline``: the bookmarks from the headings, the name tree of destinations
- ``archive``: the sRGB output intent that PDF/A asks for
- ``metadata``: the Info dictionary and the XMP that repeats it, dates from
  ``Meta.created_at``, a content-derived ID, so the same Document and Style give the same
  bytes
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from briefgen.style import Style
from briefgen.tree import Document
from briefgen.writers.pdf.canvas import DeferredCanvas
from briefgen.writers.pdf.furniture import Furniture, page_size
from briefgen.writers.pdf.metadata import CREATOR, PRODUCER, signature, xmp_packet
from briefgen.writers.pdf.notes import add_notes
from briefgen.writers.pdf.story import Story

__all__ = ["render_pdf"]


def render_pdf(doc: Document, style: Style) -> bytes:
    """Lay out ``doc`` with ``style`` and return the PDF file's bytes."""
    story = Story(doc, style)
    s = story.state
    meta = doc.meta
    size = page_size(style)
    m = style.page.margins_mm
    frame = Frame(
        m.left * mm,
        m.bottom * mm,
        s.frame_width,
        s.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    flows = story.body()
    if doc.notes:
        add_notes(story, flows)
    if not flows:
        flows.append(Spacer(0, 0))  # a PDF needs a page, even an empty one
    furniture = Furniture(style, meta.marking, s.heading, s.figure)
    created = meta.created_at or datetime.now(timezone.utc).replace(microsecond=0)
    buf = io.BytesIO()
    template = BaseDocTemplate(
        buf,
        pagesize=size,
        leftMargin=m.left * mm,
        rightMargin=m.right * mm,
        topMargin=m.top * mm,
        bottomMargin=m.bottom * mm,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=list(meta.keywords),
        creator=CREATOR,
        producer=PRODUCER,
        invariant=1 if meta.created_at else 0,
        lang=meta.language or None,
        initialFontName=s.body.regular,
        displayDocTitle=True,
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPage=furniture.header)],
    )
    canvasmaker = partial(
        DeferredCanvas,
        footer=furniture.footer,
        outline=s.outline,
        created=created,
        reproducible=meta.created_at is not None,
        signature=signature(doc, style),
        tagger=s.tagger,
        xmp=xmp_packet(meta, created),
        pdfVersion=(1, 7),  # PDF/A-2 and PDF/UA-1 are both built on PDF 1.7
    )
    template.build(flows, canvasmaker=canvasmaker)
    return buf.getvalue()
