"""Plain text: UTF-8, with or without a BOM, any line-end convention."""

from __future__ import annotations

import codecs
from pathlib import Path

from briefgen.errors import InputError, Problem


def decode_text(data: bytes, path: Path | None = None) -> str:
    """Decode UTF-8 (with or without a BOM) and normalise CRLF and CR line ends to LF.

    Raises :class:`InputError` naming the line, the byte and its offset when ``data``
    is not UTF-8.
    """
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as err:
        offset = start + err.start
        message = f"not UTF-8: byte 0x{data[offset]:02x} at offset {offset}"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            message += " (the file looks like UTF-16; save it as UTF-8)"
        raise InputError([Problem(path, line_at(data, offset), None, message)]) from None
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """CRLF (Windows) and lone CR (old Mac, some PDF extractors) become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_at(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, counting CRLF, CR and LF as one line end each."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
