"""The canvas that holds every page back until the end, to print "Page X of Y" and bind
named destinations to the right pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from briefgen.writers.pdf.metadata import pdf_date
from briefgen.writers.pdf.outline import Outline, name_destinations


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
        created: datetime | None,
        signature: bytes,
        **kwargs: Any,
    ) -> None:
        super().__init__(filename, **kwargs)
        self._footer = footer
        self._outline = outline
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []
        if created is not None:
            stamp = pdf_date(created)
            self.setDateFormatter(lambda *_: stamp)
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

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._marks = []
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        held = self._held
        total = len(held)
        bound: set[str] = set()
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            for key, kw in self._marks:
                Canvas.bookmarkPage(self, key, **kw)
                bound.add(key)
            Canvas.showPage(self)
        self._outline.write(self)
        name_destinations(self, list(bound))
        Canvas.save(self)
