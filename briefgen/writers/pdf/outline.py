"""The outline (the reader's bookmarks sidebar) from the headings, and the catalog's name
tree of destinations, so that ``brief.pdf#evidence`` opens at its section.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString
from reportlab.pdfgen.canvas import Canvas


class Outline:
    """Outline entries in reading order: (title, anchor, depth)."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, int]] = []
        self._open: list[int] = []
        """Levels of the headings the next entry may nest under."""

    def add(self, title: str, anchor: str, level: int) -> None:
        # An entry sits under the nearest earlier heading of a higher rank, so the tree
        # never skips a level (reportlab refuses that) even when the headings do.
        while self._open and self._open[-1] >= level:
            self._open.pop()
        self.entries.append((title or anchor, anchor, len(self._open)))
        self._open.append(level)

    def write(self, canvas: Canvas) -> None:
        """Add the entries to ``canvas``'s document, open, after every page is bound."""
        for title, key, level in self.entries:
            canvas.addOutlineEntry(title, key, level, closed=False)
        if self.entries:
            canvas.showOutline()


def name_destinations(canvas: Canvas, names: list[str]) -> None:
    """List the anchors in the catalog's /Dests name tree (``brief.pdf#evidence``).

    reportlab writes explicit destinations into links and the outline, which is all the
    document itself needs; the name tree lets a link from outside open at a section too.
    """
    if not names:
        return
    pairs: list[Any] = []
    for name in sorted(names, key=pdf_string_order):
        pairs += [PDFString(name), canvas._bookmarkReference(name)]  # type: ignore[attr-defined]
    tree = PDFDictionary({"Dests": PDFDictionary({"Names": PDFArray(pairs)})})
    vars(canvas)["_doc"].Catalog.Names = tree


def pdf_string_order(name: str) -> bytes:
    """A name tree's keys are sorted as the bytes of their PDF strings.

    reportlab writes a string in PDFDocEncoding when it can (its codec "pdfdoc",
    registered when pdfdoc is imported), else as UTF-16BE with a byte-order mark.
    """
    try:
        return name.encode("pdfdoc")
    except UnicodeEncodeError:
        return b"\xfe\xff" + name.encode("utf-16-be", "surrogatepass")
