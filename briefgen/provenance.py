"""Where a document came from: the content hashes of what made it, carried inside it.

Every DOCX (custom document properties) and PDF (XMP, in ``PROVENANCE_NAMESPACE``) records
the sha256 of the brief file, of the essay file and of the template folder, the
template's name, the brief's slug, briefgen's version and the moment of the render
(SOURCE_DATE_EPOCH when set).  ``briefgen verify`` reads them back and recomputes them
from the inputs as they are now.  The manifest of a batch hashes with the same
functions, so a document and the manifest beside it never disagree.

This module imports nothing heavy: a batch's planning uses it.  The properties' names and
namespace live in ``briefgen.tree``, which the writers read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from pathlib import Path

from briefgen.tree import (
    PROVENANCE_FIELDS,
    PROVENANCE_NAMESPACE,
    PROVENANCE_PREFIX,
    docx_property,
    xmp_property,
)

__all__ = [
    "PROPERTIES",
    "PROVENANCE_FIELDS",
    "PROVENANCE_NAMESPACE",
    "PROVENANCE_PREFIX",
    "Provenance",
    "docx_property",
    "file_sha256",
    "folder_sha256",
    "xmp_property",
]


def file_sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def folder_sha256(path: Path) -> str | None:
    """One hash over every file in a folder and below (names and contents), or None when
    it is not a folder.  Renaming, adding or changing any file changes it."""
    if not path.is_dir():
        return None
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode() + b"\0")
        digest.update((file_sha256(file) or "unreadable").encode() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Provenance:
    """What one document was made from, as it says inside itself."""

    brief_sha256: str
    essay_sha256: str
    template_sha256: str
    template: str
    """The template folder's name (``brief``, ``memo``, or the user's own)."""
    slug: str
    """The brief's slug: how ``verify`` finds the brief in ``inputs/`` by default."""
    briefgen_version: str
    rendered: str
    """ISO 8601, UTC: the render's moment (SOURCE_DATE_EPOCH when set)."""

    def items(self) -> tuple[tuple[str, str], ...]:
        """(name, value) pairs in a fixed order, as the writers store them."""
        return tuple((f.name, getattr(self, f.name)) for f in fields(self))

    @classmethod
    def from_items(cls, items: dict[str, str]) -> Provenance:
        """From what a document holds; KeyError naming the first property it lacks."""
        return cls(**{f.name: items[f.name] for f in fields(cls)})


PROPERTIES: tuple[str, ...] = tuple(f.name for f in fields(Provenance))
"""The names of the properties, without prefix."""
