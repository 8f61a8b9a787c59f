"""Document → PDF bytes, with reportlab's platypus.

The walk mirrors the DOCX writer: an exhaustive ``match`` per block, state in one typed
dataclass.  The parts:

- ``story``: blocks → flowables (headings, paragraphs, lists, tables, quotes, boxes)
- ``footnotes``: the notes at the foot of the page that cites them, as in the DOCX
- ``notes``: the notes after the body, under the template's notes heading, when the
  template asks for endnotes
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
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from briefgen.style import Style
from briefgen.tree import Document
from briefgen.writers.pdf.canvas import DeferredCanvas
from briefgen.writers.pdf.footnotes import DrainNotes, FootnoteArea, FootnoteFrame
from briefgen.writers.pdf.furniture import Furniture, page_size
from briefgen.writers.pdf.metadata import CREATOR, PRODUCER, signature, xmp_packet
from briefgen.writers.pdf.notes import add_endnotes
from briefgen.writers.pdf.story import Story
from briefgen.writers.pdf.styles import colour

__all__ = ["render_pdf"]


def render_pdf(doc: Document, style: Style) -> bytes:
    """Lay out ``doc`` with ``style`` and return the PDF file's bytes."""
    story = Story(doc, style)
    s = story.state
    meta = doc.meta
    size = page_size(style)
    m = style.page.margins_mm
    flows = story.body()
    if doc.notes and style.notes.placement == "endnotes":
        add_endnotes(story, flows)
    geometry = (m.left * mm, m.bottom * mm, s.frame_width, s.frame_height)
    pads = {f"{side}Padding": 0 for side in ("left", "right", "top", "bottom")}
    on_page_end: Callable[[Any, Any], None] = _nothing
    if s.footnotes:
        area = FootnoteArea(
            s.footnotes,
            width=s.frame_width,
            height=s.frame_height,
            gap=style.fonts.body_leading * 0.5,
            rule_colour=colour(style.colours.table_rule),
        )
        frame: Frame = FootnoteFrame(*geometry, **pads, id="body", area=area)
        flows.append(DrainNotes(area))
        on_page_end = partial(_draw_notes, area)
    else:
        frame = Frame(*geometry, **pads, id="body")
    if not flows:
        flows.append(Spacer(0, 0))  # a PDF needs a page, even an empty one
    furniture = Furniture(style, meta.marking, s.heading, s.figure, title=meta.title)
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
        pageTemplates=[
            PageTemplate(id="page", frames=[frame], onPage=furniture.header, onPageEnd=on_page_end)
        ],
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
    if doc.revision is not None:  # a redline: bars in the left margin beside changed lines
        canvasmaker = partial(canvasmaker, change_bar_x=max(m.left * mm - 3 * mm, 2 * mm))
    template.build(flows, canvasmaker=canvasmaker)
    return buf.getvalue()


def _nothing(_canvas: Any, _doc: Any) -> None:
    """No footnotes to draw at a page's end."""


def _draw_notes(area: FootnoteArea, canvas: Any, doc: BaseDocTemplate) -> None:
    """At a page's end: its footnotes, at the foot of the body's frame."""
    area.draw(canvas, doc.frame)
