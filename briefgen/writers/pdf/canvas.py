"""The canvas that holds every page back until the end, to print "Page X of Y" and bind
named destinations to the right pages.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from briefgen.writers.pdf.archive import output_intents
from briefgen.writers.pdf.metadata import pdf_date
from briefgen.writers.pdf.outline import Outline, name_destinations
from briefgen.writers.pdf.tagging import Tagger


class DeferredCanvas(Canvas):
    """A canvas that holds every page back until the end, to print "Page X of Y".

    Page content is kept as the canvas's own state per page (the well-known
    "NumberedCanvas" recipe).  Named destinations are held back too: reportlab binds one
    to the page being *written*, and while pages are held back that is always page 1.
    """

    def __init__(
        self,
        filename: Any,
        *,
        footer: Callable[[Canvas, int, int], None],
        outline: Outline,
        created: datetime,
        reproducible: bool,
        signature: bytes,
        tagger: Tagger,
        xmp: bytes,
        change_bar_x: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(filename, **kwargs)
        self.tagger = tagger
        self.change_bar_x = change_bar_x
        """Where a redline's change bars stand on the page (None: not a redline)."""
        self._footer = footer
        self._outline = outline
        self._xmp = xmp
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []
        # The Info dictionary's dates are the XMP's (``created``), to the second.
        stamp = pdf_date(created)
        self.setDateFormatter(lambda *_: stamp)
        if reproducible:
            # The document ID, from what was rendered (metadata.signature).
            vars(self)["_doc"].signature = hashlib.md5(signature, usedforsecurity=False)

    def bookmarkPage(
        self,
        key: str,
        fit: str = "Fit",
        left: float | None = None,
        top: float | None = None,
        bottom: float | None = None,
        right: float | None = None,
        zoom: float | None = None,
    ) -> Any:
        where = {"fit": fit, "left": left, "top": top, "bottom": bottom, "right": right}
        self._marks.append((key, {**where, "zoom": zoom}))
        return self._bookmarkReference(key)  # type: ignore[attr-defined]

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _SpacedText(self, x, y, direction)

    @property
    def page_index(self) -> int:
        """The page being drawn, from 0."""
        return len(self._held)

    def linkURL(
        self,
        url: Any,
        rect: Any,
        relative: Any = 0,
        thickness: int = 0,
        color: Any = None,
        dashArray: Any = None,
        kind: str = "URI",
        **kw: Any,
    ) -> None:
        key = self.tagger.link(self.page_index, self._next_annotation(), url)
        if key is not None:
            kw["StructParent"] = key
        kw["Contents"] = PDFString(self.tagger.describe(url))
        kw["F"] = _PRINT
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)

    def linkRect(
        self,
        contents: Any,
        destinationname: Any,
        Rect: Any = None,
        addtopage: Any = 1,
        name: Any = None,
        relative: Any = 1,
        thickness: int = 0,
        color: Any = None,
        dashArray: Any = None,
        **kw: Any,
    ) -> None:
        # reportlab's LinkAnnotation permits no /StructParent: made here, as reportlab
        # makes it, with one that does (no border: links are drawn in colour).
        key = self.tagger.link(self.page_index, self._next_annotation(), "#" + destinationname)
        kw["Rect"] = self._absRect(Rect, relative)  # type: ignore[attr-defined]
        kw["Contents"] = contents or self.tagger.describe("#" + destinationname)
        kw["Destination"] = self._bookmarkReference(destinationname)  # type: ignore[attr-defined]
        kw.setdefault("Border", "[0 0 0]")
        kw["F"] = _PRINT
        if key is not None:
            kw["StructParent"] = key
        self._addAnnotation(_LinkAnnotation(**kw), name, addtopage)  # type: ignore[attr-defined]

    def _next_annotation(self) -> str:
        """The name reportlab gives the next annotation (its ``_addAnnotation``)."""
        return "NUMBER" + repr(self._annotationCount + 1)  # type: ignore[attr-defined]

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._marks = []
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        held = self._held
        total = len(held)
        bound: set[str] = set()
        doc = vars(self)["_doc"]
        names: list[str] = []
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)
            with self.tagger.artifact(self, "Pagination"):
                self._footer(self, number, total)
            for key, kw in self._marks:
                Canvas.bookmarkPage(self, key, **kw)
                bound.add(key)
            names.append(doc.thisPageName())  # the name the page is added under
            Canvas.showPage(self)
            _tag_page(doc.Pages.pages[-1], self.tagger.page_key(number - 1))
        self._outline.write(self)
        name_destinations(self, list(bound))
        self.tagger.write(doc, names)
        metadata = PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")})
        doc.Catalog.Metadata = PDFStream(metadata, self._xmp, filters=[])
        catalog = doc.Catalog
        catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
        catalog.OutputIntents = output_intents(doc)
        # Streams are written binary (Flate alone): reportlab's default wraps page
        # content in ASCII85 too, a quarter bigger and slower to write, for the 7-bit
        # channels no PDF travels on now.  The setting is global and read as the file is
        # written: held under a lock, so that renders in threads cannot interleave it.
        with _SAVE_LOCK:
            a85, rl_config.useA85 = rl_config.useA85, 0
            try:
                Canvas.save(self)
            finally:
                rl_config.useA85 = a85


class _SpacedText(PDFTextObject):
    """Text whose wrapped lines end in the space the line break stood for.

    reportlab drops the space where it breaks a line; a reader of the text (a screen
    reader, copy and paste, a tagged PDF's structure) would run the last word of a line
    into the first of the next.  The space is drawn after the line's last glyph, so
    nothing on the page moves.  Not after a hyphen or a dash, which join."""

    _last = " "
    """The last character drawn on the line so far."""

    def _textOut(self, text: str, TStar: Any = 0) -> None:
        last = text[-1] if text else self._last
        if TStar and not last.isspace() and last not in _JOINERS:
            text += " "  # a line of runs ends on an empty one after a forced break
        self._last = " " if TStar else last
        super()._textOut(text, TStar)  # type: ignore[misc]


_JOINERS = "-\u00ad\u2010\u2011\u2013\u2014/"


_SAVE_LOCK = threading.Lock()
"""Held while a file is written with reportlab's ASCII85 setting turned off."""

_PRINT = 4
"""An annotation's flags: printed (an archive's PDF/A asks for it), never hidden."""


def _tag_page(page: Any, key: int | None) -> None:
    """A page of a tagged PDF: its key in the parent tree, tab order by structure."""
    extra = ["Tabs"] if key is None else ["Tabs", "StructParents"]
    page.__NoDefault__ = [*type(page).__NoDefault__, *extra]
    page.Tabs = PDFName("S")
    if key is not None:
        page.StructParents = key


class _LinkAnnotation(pdfdoc.LinkAnnotation):
    """reportlab's link to a destination, with the ``/StructParent`` a tagged PDF needs."""

    permitted = (*pdfdoc.LinkAnnotation.permitted, "StructParent")
