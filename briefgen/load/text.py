"""A user's text file → str: UTF-8 (BOM and CRLF accepted), within a size limit."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import InputError, Problem


def read_text(path: Path, max_bytes: int) -> str:
    """A UTF-8 text file (BOM and CRLF accepted), or an InputError saying why not."""
    try:
        if path.is_dir():
            raise InputError([Problem(path, None, None, "is a directory, not a file")])
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                [Problem(path, None, None, f"is {size:,} bytes; the limit is {max_bytes:,}")]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, None, None, "no such file")]) from None
    except PermissionError:
        raise InputError([Problem(path, None, None, "permission denied")]) from None
    except OSError as err:
        raise InputError([Problem(path, None, None, f"cannot read: {err.strerror}")]) from None
    if b"\x00" in data:
        raise InputError([Problem(path, None, None, "is a binary file, not text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start]
        raise InputError(
            [Problem(path, line, None, f"not UTF-8: byte 0x{bad:02x} at offset {err.start}")]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
