"""Page furniture: the header (label, marking, logo, rule) and the footer (page numbers),
drawn on every page outside the story.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from briefgen.style import LogoImage, Style
from briefgen.writers.pdf.fonts import Faces
from briefgen.writers.pdf.styles import colour
from briefgen.writers.pdf.tagging import Node, artifact, tagger_of


def page_size(style: Style) -> tuple[float, float]:
    """The page's width and height in points."""
    return style.page.width_mm * mm, style.page.height_mm * mm


LOGO_LOCK = threading.Lock()


_LOGO_READERS: dict[str, ImageReader] = {}
"""Logo digest → its reader, which keeps the decoded pixels: a batch decodes a logo once
per process, not once per brief."""


_MAX_LOGO_READERS = 8


def logo_reader(image: LogoImage) -> ImageReader:
    """The (shared) reader of ``image``; call with ``LOGO_LOCK`` held."""
    reader = _LOGO_READERS.get(image.digest)
    if reader is None:
        if len(_LOGO_READERS) >= _MAX_LOGO_READERS:
            _LOGO_READERS.clear()
        # From the bytes the template check read, not the file, which may have changed.
        reader = _LOGO_READERS[image.digest] = ImageReader(io.BytesIO(image.data))
    return reader


def header_texts(
    label: str, marking: str, faces: Faces, size: float, room: float
) -> tuple[str, str, float]:
    """The header's left text, the marking and the marking's size, fitted to ``room``.

    The marking must print whole, so it shrinks if it alone is too wide; the left text
    gives way to it, cut short with an ellipsis, rather than run into it.
    """
    marking_size = size
    if marking:
        width = pdfmetrics.stringWidth(marking, faces.bold, size)
        if width > room:
            marking_size = size * room / width
            width = room
        room -= width + size  # an em between the two
    if pdfmetrics.stringWidth(label, faces.regular, size) > room:
        while label and pdfmetrics.stringWidth(label + "…", faces.regular, size) > room:
            label = label[:-1]
        label = label.rstrip() + "…" if label else ""
    return label, marking, marking_size


class Furniture:
    """Draws the header (``onPage``) and, once the page count is known, the footer."""

    def __init__(
        self,
        style: Style,
        marking: str,
        heading: Faces,
        figure: Node | None = None,
        *,
        title: str = "",
    ) -> None:
        self._style = style
        self._marking = marking
        self._title = title
        """The brief's title, for the header of later pages (``continued_left``)."""
        self._heading = heading
        """The faces the header and footer are set in."""
        self._figure = figure
        """The logo's Figure element: its first page's logo is its content, the rest
        are artifacts, as the header is."""

    def header(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        with artifact(canvas, "Pagination"):
            self._header(canvas)

    @contextmanager
    def _logo(self, canvas: Canvas) -> Iterator[None]:
        """Draw the logo as its Figure on the first page (outside the header's artifact)."""
        tagger = tagger_of(canvas)
        if tagger is None or self._figure is None or getattr(canvas, "page_index", 1) != 0:
            yield
            return
        tagger.end_artifact(canvas)
        with tagger.marked(canvas, self._figure):
            yield
        tagger.begin_artifact(canvas, "Pagination")

    def _header(self, canvas: Canvas) -> None:
        style = self._style
        size = page_size(style)
        m = style.page.margins_mm
        left, right = m.left * mm, size[0] - m.right * mm
        top = size[1] - m.top * mm
        small = style.fonts.small_size
        base = top + max(m.top * mm * 0.42, small + 6)
        rule = base - 4
        text_left, text_right = left, right
        canvas.saveState()
        place = style.logo_placement()
        if place is not None and style.logo is not None:
            # The text stands on the logo's foot, beside it; the rule clears the
            # descenders by the 4 pt the DOCX header's bottom border keeps.
            base = size[1] - (place.top + place.height) * mm
            rule = base + pdfmetrics.getDescent(self._heading.regular, small) - 4
            text_left, text_right = place.text_left * mm, place.text_right * mm
            with LOGO_LOCK, self._logo(canvas):  # the reader and its pixels are shared
                canvas.drawImage(
                    logo_reader(style.logo.image),
                    place.x * mm,
                    base,
                    width=place.width * mm,
                    height=place.height * mm,
                    mask="auto",  # a PNG's transparency stays transparent
                )
        first = getattr(canvas, "page_index", 0) == 0
        label, marking, marking_size = header_texts(
            style.header_footer.left_text(first=first, title=self._title),
            self._marking,
            self._heading,
            small,
            text_right - text_left,
        )
        canvas.setFont(self._heading.regular, small)
        canvas.setFillColor(colour(style.colours.muted))
        canvas.drawString(text_left, base, label)
        if marking:
            canvas.setFont(self._heading.bold, marking_size)
            canvas.setFillColor(colour(style.colours.marking))
            canvas.drawRightString(text_right, base, marking)
        canvas.setStrokeColor(colour(style.colours.table_rule))
        canvas.setLineWidth(0.5)
        canvas.line(left, rule, right, rule)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        style = self._style
        size = page_size(style)
        m = style.page.margins_mm
        small = style.fonts.small_size
        text = style.header_footer.footer.replace("{page}", str(page))
        text = text.replace("{pages}", str(pages))
        canvas.saveState()
        canvas.setFont(self._heading.regular, small)
        canvas.setFillColor(colour(style.colours.muted))
        # Right-aligned, as in the DOCX footer.
        canvas.drawRightString(size[0] - m.right * mm, m.bottom * mm * 0.45, text)
        canvas.restoreState()
