"""Essay files → what the format holds: text, blocks, or pages of placed lines.

Each reader turns one file format into one of the shapes of :mod:`briefgen.ingest.blocks`
and decides nothing a person would call cleaning: the cleanup
(:mod:`briefgen.ingest.clean`) then treats every format alike.  No reader imports it.

================  ===========================================================
``text``          ``.txt``, ``.text``, no suffix: UTF-8 (:mod:`.text`)
``markdown``      ``.md``, ``.markdown``: the words, not the markup (:mod:`.markdown`)
``html``          ``.html``, ``.htm``, ``.xhtml``: the article (:mod:`.html`)
``docx``          ``.docx``: the body's paragraphs (:mod:`.docx`)
``pdf``           ``.pdf``: the text layer, each line where it is drawn (:mod:`.pdf`)
================  ===========================================================

The content decides as well as the suffix (:func:`detect_format`): a PDF or DOCX is
read as one whatever its name, and a ``.txt`` or suffix-less file that starts like HTML
is read as HTML.  A ``.pdf`` or ``.docx`` that is neither is an error.

For a text essay, a line number is a line of the file; for the other formats it is a
line of the text the cleanup writes from the blocks
(:func:`briefgen.ingest.read_source` gives it).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Literal

from briefgen.ingest.blocks import MAX_TEXT_CHARS, Extracted, Plain, TextTooLong
from briefgen.ingest.readers.text import decode_text, normalise_newlines
from briefgen.ingest.readers.unreadable import input_error

__all__ = [
    "MAX_ESSAY_BYTES",
    "MAX_TEXT_CHARS",
    "SUFFIXES",
    "Format",
    "decode_text",
    "detect_format",
    "normalise_newlines",
    "read",
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


def read(path: Path) -> tuple[Format, Extracted]:
    """Read the essay at ``path`` in whichever supported format it is: what it was read
    as (by its content, else by its suffix), and what the reader made of it.

    Raises :class:`~briefgen.errors.InputError`, one line naming the file, when the file
    is missing, unreadable, too large, of an unsupported format, not UTF-8 (text,
    Markdown, HTML without another declared charset), not a readable DOCX or PDF, or a
    PDF without a text layer.
    """
    data = _read_bytes(path)
    kind = detect_format(data, path)
    try:
        return kind, _read(kind, data, path)
    except TextTooLong as err:
        raise input_error(
            path, f"holds more than {err.limit:,} characters of text; that is the limit"
        ) from None


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
    return Plain(decode_text(data, path))


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

    Raises :class:`~briefgen.errors.InputError` when the suffix is not supported and the
    content is no format briefgen reads, and when a ``.pdf`` is not a PDF or a ``.docx``
    not a DOCX.
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
        raise input_error(path, "is a ZIP archive but not a DOCX (it has no word/document.xml)")
    if claimed == "pdf":
        raise input_error(
            path, f"not a readable PDF: it does not start with %PDF- ({_looks(data)})"
        )
    if claimed == "docx":
        raise input_error(path, f"not a readable DOCX: it is not a ZIP archive ({_looks(data)})")
    if data.startswith(_OLE):
        raise input_error(path, "is a Word 97-2003 (or other old Office) file; save it as .docx")
    if claimed is None:
        supported = ", ".join(sorted(s for s in SUFFIXES if s))
        raise input_error(path, f"cannot read {suffix} essays (supported: {supported})")
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
        raise input_error(path, "is a directory, not an essay file")
    try:
        size = path.stat().st_size
        if size > MAX_ESSAY_BYTES:
            raise input_error(
                path, f"is {size:,} bytes; the limit for an essay is {MAX_ESSAY_BYTES:,}"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise input_error(path, "no such file") from None
    except PermissionError:
        raise input_error(path, "cannot read the file: permission denied") from None
    except OSError as err:
        raise input_error(path, f"cannot read the file: {err.strerror or err}") from None
