"""PDF → pages of lines: the text layer, each line with where and how large it is drawn.

pypdf extracts the text (it decides where spaces and line ends go) and reports, for each
piece of it, the position and size it is drawn at; pieces that pypdf ends on one
baseline (a header's left and right parts, a list number and its item) are one line.
What the lines are (paragraphs, running heads, page numbers, footnotes) is the
cleanup's to decide from these positions (:mod:`briefgen.ingest.clean.layout`,
:mod:`briefgen.ingest.clean.furniture`).

Multi-column pages are read in the order their text is drawn, which is usually column
by column.  A page with no text layer (a scan) gives no lines; a PDF of only such pages
is an error that says so.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pypdf import PageObject, PasswordType, PdfReader

from briefgen.ingest import blocks
from briefgen.ingest.blocks import Page, Paged, PageLine, TextTooLong, text_line
from briefgen.ingest.readers.unreadable import input_error, reason_of, unreadable

# pypdf logs what it repairs in a damaged file ("Ignoring wrong pointing object …").
# With no handler anywhere, Python prints such records on stderr; briefgen's errors are
# one line each, and a repaired file is not an error.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# Typographic ligatures some fonts map to one code point; the words are the letters.
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
_BASELINE = 0.3
"""Pieces whose baselines differ by less than this many font sizes are one line."""
_ESTIMATED_WIDTH = 0.5
"""A character is about this many font sizes wide, where a font's widths are unknown."""


def read_pdf(data: bytes, path: Path) -> Paged:
    """The pages of the PDF document ``data``, with the lines of their text layer."""
    pages = _pages(data, path)
    if not any(page.lines for page in pages):
        raise input_error(
            path, "the PDF has no text layer (is it a scan? run OCR on it first, e.g. ocrmypdf)"
        )
    return Paged(tuple(pages))


# Extraction -------------------------------------------------------------------------


def _pages(data: bytes, path: Path) -> list[Page]:
    try:
        reader = PdfReader(io.BytesIO(data))
        locked = reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED
        count = 0 if locked else len(reader.pages)
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise unreadable(path, "PDF", reason_of(err)) from None
    if locked:
        raise unreadable(path, "PDF", "it is encrypted with a password")
    if count == 0:
        raise unreadable(path, "PDF", "it has no pages")
    pages: list[Page] = []
    chars = 0
    for number in range(count):
        try:
            page = reader.pages[number]
            lines = page_lines(page)
            box = page.cropbox
            bottom, top = float(box.bottom), float(box.top)
        except Exception as err:  # noqa: BLE001 - a damaged content stream, font or cmap
            raise unreadable(path, "PDF", f"page {number + 1}: {reason_of(err)}") from None
        chars += sum(len(line.text) + 1 for line in lines)
        if chars > blocks.MAX_TEXT_CHARS:
            raise TextTooLong(blocks.MAX_TEXT_CHARS)
        pages.append(Page(number + 1, tuple(lines), bottom, top))
    return pages


def page_lines(page: PageObject) -> list[PageLine]:
    """The lines of ``page`` as pypdf extracts them, each with where it is drawn.

    pypdf hands the visitor exactly the pieces its text is made of (line ends
    included), each with the matrices in force where the piece starts; a line's
    position is that of its first piece with a visible character, its width reaches to
    the end of its last (:class:`_Widths`), with the word and character spacing it was
    shown with (:class:`_Spacing`): a justified line stretched to the full measure
    ends where the measure does.
    """
    lines: list[PageLine] = []
    parts: list[str] = []
    where: tuple[float, float, float] | None = None
    end = 0.0
    widths = _Widths()
    spacing = _Spacing()

    def finish() -> None:
        nonlocal parts, where, end
        text = text_line("".join(parts).translate(_LIGATURES))
        if text and where is not None:
            x, y, size = where
            width = end - x if end > x else _ESTIMATED_WIDTH * size * len(text)
            lines.append(PageLine(text, x, y, size, width))
        parts, where, end = [], None, 0.0

    def visit(text: Any, cm: Any, tm: Any, font: Any, size: Any) -> None:
        nonlocal where, end
        for i, part in enumerate(str(text).split("\n")):
            if i:
                finish()
            if part.strip():
                x, y, drawn = _position(cm, tm, size)
                if where is None:
                    where = (x, y, drawn)
                if i == 0:  # a part after a line end in the same piece has no position
                    shown = part.rstrip()
                    scale = drawn / size if size else 1.0
                    stretch = spacing.stretch(font, shown) * scale
                    end = max(end, x + widths.of(font, shown, drawn) + stretch)
            parts.append(part)

    page.extract_text(visitor_text=visit, visitor_operand_before=spacing.before)
    finish()
    return _same_baseline(lines)


class _Spacing:
    """The word and character spacing (``Tw``, ``Tc``) text was shown with, followed
    through the content stream as pypdf reads it (its visitor of text is not told)."""

    _SHOW = frozenset((b"Tj", b"TJ", b"'", b'"'))

    def __init__(self) -> None:
        self._word = self._char = 0.0
        self._saved: list[tuple[float, float]] = []
        self._shown = (0.0, 0.0)

    def before(self, operator: bytes, operands: Sequence[Any], cm: Any, tm: Any) -> None:
        """pypdf's visitor before each operator."""
        try:
            if operator == b"Tw":
                self._word = float(operands[0])
            elif operator == b"Tc":
                self._char = float(operands[0])
            elif operator == b'"':
                self._word, self._char = float(operands[0]), float(operands[1])
            elif operator == b"q":
                self._saved.append((self._word, self._char))
            elif operator == b"Q" and self._saved:
                self._word, self._char = self._saved.pop()
        except (IndexError, TypeError, ValueError):  # a damaged operand: spacing unknown
            self._word = self._char = 0.0
        if operator in self._SHOW:
            self._shown = (self._word, self._char)

    def stretch(self, font: Any, text: str) -> float:
        """How much wider than its glyphs ``text``, shown last, was drawn, in text
        space: word spacing at each space (not in a font of two-byte codes), character
        spacing at every character."""
        word, char = self._shown
        try:
            two_bytes = font is not None and font.get("/Subtype") == "/Type0"
        except Exception:  # noqa: BLE001 - a damaged font dictionary
            two_bytes = False
        return (0.0 if two_bytes else word * text.count(" ")) + char * len(text)


class _Widths:
    """The width of text drawn in a font, from the font's own widths (pypdf reads them);
    0 when they cannot be read, and the line's width is estimated from its length."""

    def __init__(self) -> None:
        self._reader = _font_reader()
        self._fonts: dict[int, Any] = {}

    def of(self, font: Any, text: str, size: float) -> float:
        if font is None or self._reader is None:
            return 0.0
        if id(font) not in self._fonts:
            try:
                self._fonts[id(font)] = _by_character(self._reader.from_font_resource(font))
            except Exception:  # noqa: BLE001 - a damaged font dictionary: estimate instead
                self._fonts[id(font)] = None
        metrics = self._fonts[id(font)]
        if metrics is None:
            return 0.0
        widths, default = metrics
        return float(sum(widths.get(ch, default) for ch in text)) * size / 1000


def _by_character(font: Any) -> tuple[dict[str, float], float]:
    """A simple font's widths by the characters its codes stand for, and its default.

    pypdf keys a simple font's widths by the character of each code (``"\x97"``) and
    looks text up by the characters it extracts (``"—"``): the same only in ASCII.  The
    font's ToUnicode map, or else its encoding, says which character a code is."""
    default = float(font.character_widths.get("default", 500))
    encoding = font.encoding if isinstance(font.encoding, dict) else {}
    widths: dict[str, float] = {}
    for key, width in font.character_widths.items():
        if len(key) != 1:
            continue
        mapped = font.character_map.get(key)
        if not isinstance(mapped, str) or len(mapped) != 1 or mapped == "\x00":
            mapped = encoding.get(ord(key), key)
        widths.setdefault(key, float(width))
        widths[mapped] = float(width)
    return widths, default


def _font_reader() -> Any:
    """pypdf's reader of a font's widths, or ``None``: it is not a public name."""
    try:
        from pypdf.generic._font import Font
    except ImportError:  # pragma: no cover - a pypdf without it: widths are estimated
        return None
    return Font


def _same_baseline(lines: list[PageLine]) -> list[PageLine]:
    """Join lines pypdf ends on one baseline: a header's left and right parts, a list
    number and its item, a table row of one-line cells.  A line of the page is one line."""
    joined: list[PageLine] = []
    for line in lines:
        last = joined[-1] if joined else None
        if last is None or abs(last.y - line.y) > _BASELINE * max(last.size, line.size):
            joined.append(line)
            continue
        left, right = sorted((last, line), key=lambda each: each.x)
        text = f"{left.text} {right.text}"
        width = max(left.x + left.width, right.x + right.width) - left.x
        joined[-1] = PageLine(text, left.x, left.y, max(left.size, right.size), width)
    return joined


def _position(cm: Sequence[float], tm: Sequence[float], size: float) -> tuple[float, float, float]:
    """(x, y, font size) of text drawn with text matrix ``tm`` under ``cm``."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    return float(x), float(y), abs(float(size or 0)) * scale
