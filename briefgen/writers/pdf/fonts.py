"""The template's TrueType faces, registered with reportlab once per process (parsing a
face costs far more than laying out a two-page brief) and embedded as subsets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefgen.style import font_files

_FONT_LOCK = threading.Lock()


_FACE_NAMES: dict[Path, str] = {}
"""TrueType file → the name it is registered under with reportlab (once per process)."""


_FAMILIES: set[str] = set()


@dataclass(frozen=True, slots=True)
class Faces:
    """The reportlab names of one family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, *, bold: bool = False, italic: bool = False) -> str:
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


def faces(family: str) -> Faces:
    """Register ``family``'s faces (once) and tie them together for ``<b>`` and ``<i>``."""
    files = font_files(family)
    with _FONT_LOCK:
        faces = Faces(
            regular=_register(files.regular),
            bold=_register(files.bold),
            italic=_register(files.italic),
            bold_italic=_register(files.bold_italic),
        )
        if faces.regular not in _FAMILIES:
            # The family is named after its regular face, so a paragraph set in any of
            # the four faces finds the others when its markup says <b> or <i>.
            pdfmetrics.registerFontFamily(
                faces.regular,
                normal=faces.regular,
                bold=faces.bold,
                italic=faces.italic,
                boldItalic=faces.bold_italic,
            )
            _FAMILIES.add(faces.regular)
    return faces


def coverage(family: str) -> frozenset[int]:
    """The characters ``family``'s regular face can draw (its cmap), read from the face
    the PDF registers: a font is parsed once per process, for this check and the PDF."""
    regular = faces(family).regular
    found = _COVERAGE.get(regular)
    if found is None:
        font = pdfmetrics.getFont(regular)
        assert isinstance(font, TTFont)  # registered by faces(), from a TrueType file
        found = _COVERAGE[regular] = frozenset(font.face.charToGlyph)
    return found


_COVERAGE: dict[str, frozenset[int]] = {}


def _register(path: Path) -> str:
    name = _FACE_NAMES.get(path)
    if name is None:
        # Two templates may ship different files with the same name; reportlab's
        # registry is global and keyed by name, so the second one gets a suffix.
        taken = set(_FACE_NAMES.values())
        name, n = path.stem, 1
        while name in taken:
            n += 1
            name = f"{path.stem}~{n}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _FACE_NAMES[path] = name
    return name
