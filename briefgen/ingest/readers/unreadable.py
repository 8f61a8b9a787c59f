"""How a reader says that a file cannot be read: one line, naming the file."""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import InputError, Problem


def unreadable(path: Path, kind: str, reason: str) -> InputError:
    """``not a readable DOCX: <reason>``, on one line."""
    return input_error(path, f"not a readable {kind}: {reason}")


def input_error(path: Path, message: str) -> InputError:
    return InputError([Problem(path, None, None, message)])


def reason_of(err: BaseException) -> str:
    """An exception from a parsing library as a short reason on one line."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else text[:199] + "…"
