"""The PDF's metadata: the Info dictionary's fixed creator and producer, dates from
``Meta.created_at``, and the document ID, digested from what was rendered so that the same
Document and Style give the same bytes.
"""

from __future__ import annotations

from datetime import datetime

from briefgen.style import NotesStyle, Style
from briefgen.tree import Document

CREATOR = "briefgen"


PRODUCER = "briefgen (ReportLab)"
"""Fixed, so that a reportlab upgrade alone does not change the bytes of the Info dict."""


_LATER_SETTINGS = {"notes"}
"""Style settings newer than the document ID's recipe."""


def settings(style: Style) -> str:
    """The style as the document ID digests it: settings added later count only where a
    template sets them, so that an upgrade alone does not change a PDF's bytes."""
    settings = style.model_dump_json(exclude=_LATER_SETTINGS)
    if style.notes != NotesStyle():
        settings += style.model_dump_json(include=_LATER_SETTINGS)
    return settings


def pdf_date(moment: datetime) -> str:
    """A PDF date string of ``moment`` (``Meta.created_at``, in UTC)."""
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def signature(doc: Document, style: Style) -> bytes:
    """What the document ID digests: the created moment, the tree, the style, the logo.

    reportlab's own ID digests a timestamp and the Info strings; this one is stable *and*
    differs between documents that share a title.
    """
    text = "\0".join((doc.meta.created, repr(doc), settings(style)))
    if style.logo is not None:
        text += "\0" + style.logo.image.digest  # the picture, not just its name
    return text.encode("utf-8", "surrogatepass")
