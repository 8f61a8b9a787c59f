"""Essay files → text.

Each reader turns one file format into plain text with ``\\n`` line ends, keeping the
lines where they were so that later stages can point back at the source.  Only plain
text is read for now; Markdown is read as text too, since its markup is rare in essays
and the words are what matters.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from briefgen.errors import InputError, Problem

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown"})
"""Suffixes read as UTF-8 text (lower case; ``""`` is a file with no suffix)."""
MAX_ESSAY_BYTES = 50_000_000
"""A long essay is a few hundred kB; past 50 MB it is the wrong file (or an attack)."""


def read_essay(path: Path) -> str:
    """Read the essay at ``path`` as text with ``\\n`` line ends.

    Raises :class:`InputError` when the file is missing, unreadable, of a format not
    read yet, or not UTF-8.
    """
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        supported = ", ".join(sorted(s for s in TEXT_SUFFIXES if s))
        raise _error(path, f"cannot read {suffix} essays yet (supported: {supported})")
    return decode_text(_read_bytes(path), path)


def decode_text(data: bytes, path: Path | None = None) -> str:
    """Decode UTF-8 (with or without a BOM) and normalise CRLF and CR line ends to LF."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as err:
        offset = start + err.start
        message = f"not UTF-8: byte 0x{data[offset]:02x} at offset {offset}"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            message += " (the file looks like UTF-16; save it as UTF-8)"
        raise InputError([Problem(path, _line_at(data, offset), None, message)]) from None
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """CRLF (Windows) and lone CR (old Mac, some PDF extractors) become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset``, counting CRLF, CR and LF as one line end each."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _error(path: Path, message: str) -> InputError:
    return InputError([Problem(path, None, None, message)])
