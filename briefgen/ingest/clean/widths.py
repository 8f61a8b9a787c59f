"""How wide a line of extracted text was set: in characters, or in a proportional face.

Text that ``pdftotext`` or pypdf extracts from a PDF keeps a line's words but not where
they were drawn, so its length in characters stands for its width.  Set in a
proportional face, "illicit" and "WARMTH" have one length and very different widths,
and the lengths of full lines spread by a tenth or more: a paragraph's last line a few
characters short of full hides among them.  Measured in the advance widths of a
proportional face instead, full lines agree far better, whichever face it was.

The document decides (:func:`width_of`): the lines that go on mid-sentence (full lines)
are measured in characters, and in the widths of Noto Sans and Noto Serif, the faces
briefgen ships (read with Pillow); the way in which they agree best is the text's.  A
typed or monospaced text keeps characters.  A face's widths are scaled to the text's own
average character, so an indent and every threshold of :mod:`.breaks` stay in
characters.

Pillow and the fonts are loaded only for a text wrapped at a measure, and once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from briefgen.data import FONTS_DIR

Width = Callable[[str], float]
"""The width of a line's text, in characters of the text."""

FACES = ("NotoSans-Regular.ttf", "NotoSerif-Regular.ttf")
"""The proportional faces a text's lines are measured in, besides characters."""

_EM = 1000
"""The size the faces are read at: their advance widths in thousandths of an em."""


def characters(text: str) -> float:
    """A line's width as its length: each character one column."""
    return float(len(text))


class _Advances(dict[str, float]):
    """A face's advance width of each character, read from the font when first met."""

    def __init__(self, face: str) -> None:
        super().__init__()
        from PIL import ImageFont

        self._font = ImageFont.truetype(str(FONTS_DIR / face), _EM)

    def __missing__(self, ch: str) -> float:
        width = self[ch] = float(self._font.getlength(ch))
        return width


@cache
def _advances(face: str) -> _Advances:
    return _Advances(face)


def in_face(face: str, texts: Iterable[str]) -> Width:
    """Widths in ``face``, scaled so that the characters of ``texts`` (the document's
    lines) average one column."""
    advance = _advances(face).__getitem__
    widths: dict[str, float] = {}  # a line is measured once, however often it is read
    total = count = 0.0
    for text in texts:
        if text not in widths:
            widths[text] = sum(map(advance, text))
        total += widths[text]
        count += len(text)
    scale = count / total if total else 1.0

    def width(text: str) -> float:
        known = widths.get(text)
        return scale * (sum(map(advance, text)) if known is None else known)

    return width


def width_of(texts: Iterable[str], spread: Callable[[Width], float | None]) -> Width:
    """The way of measuring the document's lines (``texts``) in which its full lines
    agree best: the least ``spread`` (``None``: not wrapped at a measure that way), and
    characters when the text is not wrapped at a measure in characters either."""
    texts = list(texts)
    base = spread(characters)
    if base is None:
        return characters
    best: Width = characters
    least = base
    for face in FACES:
        width = in_face(face, texts)
        measured = spread(width)
        if measured is not None and measured < least:
            best, least = width, measured
    return best
