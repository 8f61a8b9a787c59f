"""Ingest: an essay file → :class:`~briefgen.essay.Essay`.

``readers`` turns the file into text; ``clean`` turns the text into numbered paragraphs,
the links it found, and what it removed.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.essay import Essay
from briefgen.ingest.clean import clean
from briefgen.ingest.readers import read_source

__all__ = ["ingest", "ingest_text"]


def ingest(path: Path) -> Essay:
    """Read and clean the essay at ``path``.

    Raises :class:`~briefgen.errors.InputError` when the file cannot be read, is not
    UTF-8, or holds no paragraphs.
    """
    source = read_source(path)
    essay = ingest_text(source.text, path)
    if not source.removals:
        return essay
    # What the reader itself left out (a PDF's running heads) is reported like the rest,
    # in NFC as clean() puts everything else.
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
