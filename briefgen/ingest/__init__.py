"""Ingest: an essay file → :class:`~briefgen.essay.Essay`.

Three layers, each importing only those below it:

1. :mod:`.readers` turn a file's format into what it holds (:mod:`.blocks`): a
   ``.txt``'s text, a structured document's blocks, or a PDF's pages of lines with
   their positions.  They decide nothing a person would call cleaning.
2. :mod:`.clean` decides, for every format alike: :func:`~.clean.flow.text_of` writes
   blocks and pages out as text (page furniture decided from the positions, paragraphs
   from the layout), then :func:`~.clean.clean` turns that text into numbered
   paragraphs, the links it found, and what it removed.
3. This module: :func:`ingest` runs both; :func:`read_source` stops at the text.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.essay import Essay, Removal
from briefgen.ingest import readers
from briefgen.ingest.clean import clean
from briefgen.ingest.clean.flow import text_of
from briefgen.ingest.readers import Format

__all__ = ["Source", "ingest", "ingest_text", "read_essay", "read_source"]


@dataclass(frozen=True, slots=True)
class Source:
    """An essay file read as text."""

    path: Path
    format: Format
    """What the file was read as: by its content, else by its suffix."""
    text: str
    """The essay as text with ``\\n`` line ends, for ``clean``."""
    removals: tuple[Removal, ...]
    """What was left out of ``text`` on the way to it (a PDF's running heads), with the
    line of ``text`` where it stood; ``clean`` reports the rest."""


def ingest(path: Path, language: str | None = None) -> Essay:
    """Read and clean the essay at ``path``; ``language`` (BCP 47) is recorded on it.

    Raises :class:`~briefgen.errors.InputError` when the file cannot be read, is not
    UTF-8, or holds no paragraphs.
    """
    source = read_source(path)
    essay = ingest_text(source.text, path)
    if language:
        essay = dataclasses.replace(essay, language=language)
    if not source.removals:
        return essay
    # What was left out before the text (a PDF's running heads) is reported like the
    # rest, in NFC as clean() puts everything else.
    read = (
        dataclasses.replace(r, text=unicodedata.normalize("NFC", r.text)) for r in source.removals
    )
    removals = tuple(sorted((*essay.removals, *read), key=lambda r: r.line))
    return dataclasses.replace(essay, removals=removals)


def ingest_text(text: str, path: Path | None = None) -> Essay:
    """Clean essay ``text``; ``path`` is only recorded, for messages and the Essay.

    Raises :class:`~briefgen.errors.InputError` when the text holds no paragraphs.
    """
    essay = clean(text, path)
    if not essay.paragraphs:
        raise InputError([Problem(path, None, None, "the essay has no paragraphs")])
    return essay


def read_source(path: Path) -> Source:
    """The essay at ``path`` as the text ``clean`` reads, in whichever supported format.

    Raises :class:`~briefgen.errors.InputError` as :func:`.readers.read` does.
    """
    kind, extracted = readers.read(path)
    text, removals = text_of(extracted)
    return Source(path, kind, text, removals)


def read_essay(path: Path) -> str:
    """The essay at ``path`` as text with ``\\n`` line ends (see :func:`read_source`)."""
    return read_source(path).text
