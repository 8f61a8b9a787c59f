"""Essay files → text.

Each reader turns one file format into plain text with ``\\n`` line ends, laid out as a
``.txt`` essay is: a paragraph's lines adjacent, a blank line between paragraphs, link
URLs and page numbers on lines of their own.  ``clean`` then treats every format alike.

================  ===========================================================
``text``          ``.txt``, ``.text``, no suffix: UTF-8 (:mod:`.text`)
``markdown``      ``.md``, ``.markdown``: the words, not the markup (:mod:`.markdown`)
``html``          ``.html``, ``.htm``, ``.xhtml``: the article (:mod:`.html`)
``docx``          ``.docx``: the body's paragraphs (:mod:`.docx`)
``pdf``           ``.pdf``: the text layer, paragraphs from the geometry (:mod:`.pdf`)
================  ===========================================================

The content decides as well as the suffix (:func:`detect_format`): a PDF or DOCX is
read as one whatever its name, and a ``.txt`` or suffix-less file that starts like HTML
is read as HTML.  A ``.pdf`` or ``.docx`` that is neither is an error.

For a text essay, a line number is a line of the file; for the other formats it is a
line of the text the reader made (:func:`read_source` gives it).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefgen.errors import InputError, Problem
from briefgen.essay import Removal
from briefgen.ingest.readers.blocks import MAX_TEXT_CHARS, Extracted, TextTooLong
from briefgen.ingest.readers.text import decode_text, normalise_newlines

__all__ = [
    "MAX_ESSAY_BYTES",
    "MAX_TEXT_CHARS",
    "SUFFIXES",
    "Format",
    "Source",
    "decode_text",
    "detect_format",
    "normalise_newlines",
    "read_essay",
    "read_source",
]

Format = Literal["text", "markdown", "html", "docx", "pdf"]

SUFFIXES: dict[str, Format] = {
    "": "text",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
"""Suffix (lower case; ``""`` is a file with no suffix) → the format it claims."""

MAX_ESSAY_BYTES = 50_000_000
"""A long essay is a few hundred kB; past 50 MB it is the wrong file (or an attack)."""


@dataclass(frozen=True, slots=True)
class Source:
    """An essay file read as text."""

    path: Path
    format: Format
    """What the file was read as: by its content, else by its suffix."""
    text: str
    """The essay as text with ``\\n`` line ends, for ``clean``."""
    removals: tuple[Removal, ...]
    """What the reader left out of ``text`` (a PDF's running heads), with the line of
    ``text`` where it stood; ``clean`` reports the rest."""


def read_essay(path: Path) -> str:
    """The essay at ``path`` as text with ``\\n`` line ends (see :func:`read_source`)."""
    return read_source(path).text


def read_source(path: Path) -> Source:
    """Read the essay at ``path`` in whichever supported format it is.

    Raises :class:`InputError`, one line naming the file, when the file is missing,
    unreadable, too large, of an unsupported format, not UTF-8 (text, Markdown, HTML
    without another declared charset), not a readable DOCX or PDF, or a PDF without a
    text layer.
    """
    data = _read_bytes(path)
    kind = detect_format(data, path)
    try:
        extracted = _read(kind, data, path)
    except TextTooLong as err:
        raise _error(
            path, f"holds more than {err.limit:,} characters of text; that is the limit"
        ) from None
    return Source(path, kind, extracted.text, extracted.removals)


def _read(kind: Format, data: bytes, path: Path) -> Extracted:
    # The readers import their libraries when first needed: reading a .txt loads none.
    if kind == "markdown":
        from briefgen.ingest.readers.markdown import read_markdown

        return read_markdown(decode_text(data, path))
    if kind == "html":
        from briefgen.ingest.readers.html import read_html

        return read_html(data, path)
    if kind == "docx":
        from briefgen.ingest.readers.docx import read_docx

        return read_docx(data, path)
    if kind == "pdf":
        from briefgen.ingest.readers.pdf import read_pdf

        return read_pdf(data, path)
    return Extracted(decode_text(data, path), ())


# Sniffing ---------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, and other old Office files
_RTF = b"{\\rtf"
# How the WHATWG's MIME sniffing spots HTML, a few HTML5 elements added: after white
# space and comments (and an XML declaration, for XHTML), one of these tags.
_HTML_START = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|title|meta|script|style|iframe|h[1-6]|div|p|"
    rb"font|table|a|b|br|article|main|section|header)[\s/>]",
    re.IGNORECASE | re.DOTALL,
)


def detect_format(data: bytes, path: Path) -> Format:
    """The format of ``data``, read from ``path``: by content, else by suffix.

    Raises :class:`InputError` when the suffix is not supported and the content is no
    format briefgen reads, and when a ``.pdf`` is not a PDF or a ``.docx`` not a DOCX.
    """
    suffix = path.suffix.lower()
    claimed = SUFFIXES.get(suffix)
    head = data[:1024]
    if head.lstrip(b"\x00\t\n\f\r ").startswith(b"%PDF-") or (
        claimed == "pdf" and b"%PDF-" in head
    ):
        return "pdf"
    if data.startswith(_ZIP):
        from briefgen.ingest.readers.docx import is_docx

        if is_docx(data) or claimed == "docx":
            return "docx"  # a damaged DOCX is reported by its reader
        raise _error(path, "is a ZIP archive but not a DOCX (it has no word/document.xml)")
    if claimed == "pdf":
        raise _error(path, f"not a readable PDF: it does not start with %PDF- ({_looks(data)})")
    if claimed == "docx":
        raise _error(path, f"not a readable DOCX: it is not a ZIP archive ({_looks(data)})")
    if data.startswith(_OLE):
        raise _error(path, "is a Word 97-2003 (or other old Office) file; save it as .docx")
    if claimed is None:
        supported = ", ".join(sorted(s for s in SUFFIXES if s))
        raise _error(path, f"cannot read {suffix} essays (supported: {supported})")
    if claimed == "text" and _HTML_START.match(_text_head(data)):
        return "html"
    return claimed


def _text_head(data: bytes) -> bytes:
    """The start of ``data`` without a BOM and leading white space, as ASCII-ish bytes."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return head.removeprefix(codecs.BOM_UTF8).lstrip()


def _looks(data: bytes) -> str:
    """What a file that is not what it claims looks like, for the error message."""
    if not data.strip():
        return "the file is empty"
    if _HTML_START.match(_text_head(data)):
        return "it looks like HTML"
    if data.startswith(_ZIP):
        return "it is a ZIP archive"
    if data.startswith(_OLE):
        return "it looks like a Word 97-2003 .doc"
    if data.startswith(_RTF):
        return "it looks like RTF"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < 4090:  # not merely a character cut at the end
            return "it is not text either"
    return "it looks like plain text"


# Files ------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    # Checked first: on Windows, opening a directory raises PermissionError, which
    # would otherwise produce a misleading message.
    if path.is_dir():
        raise _error(path, "is a directory, not an essay file")
    try:
        size = path.stat().st_size
        if size > MAX_ESSAY_BYTES:
            raise _error(path, f"is {size:,} bytes; the limit for an essay is {MAX_ESSAY_BYTES:,}")
        return path.read_bytes()
    except FileNotFoundError:
        raise _error(path, "no such file") from None
    except PermissionError:
        raise _error(path, "cannot read the file: permission denied") from None
    except OSError as err:
        raise _error(path, f"cannot read the file: {err.strerror or err}") from None


def _error(path: Path, message: str) -> InputError:
    return InputError([Problem(path, None, None, message)])
