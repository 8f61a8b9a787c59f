"""The fonts the DOCX names, embedded in it, so that Word and LibreOffice set it in them
on a machine that has none of them installed (and wrap its lines as the PDF does).

Each face of the body and heading families (regular, bold, italic, bold italic) is
subset with fontTools to the blocks of 128 code points that the document's text uses
(Basic Latin always, for the page numbers), without hinting and without the layout
tables (GSUB, GPOS): reportlab sets the PDF without kerning, so the DOCX matches it.  A
subset is cached on disk by the font file's digest and the blocks
(``$XDG_CACHE_HOME/briefgen/fonts``; in memory only when that cannot be written), so a
render makes each one once per machine.

ECMA-376 (Part 1, 17.8.1) obfuscates an embedded font: the first 32 bytes of the file are
XORed with the bytes of a GUID, which the font table gives as its ``w:fontKey``.  The
GUID is derived from the subset's own digest, so two renders give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefgen.style import font_files

FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"

FACES = (
    ("Regular", "regular"),
    ("Bold", "bold"),
    ("Italic", "italic"),
    ("BoldItalic", "bold_italic"),
)
"""The font table's name for each face (``w:embedRegular`` …), and FontFiles' field."""

_BLOCK = 7
"""Code points are grouped in blocks of 2**7: a subset holds whole blocks."""
_OBFUSCATED_BYTES = 32
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class EmbeddedFace:
    """One face, subset and obfuscated, with the key the font table names."""

    family: str
    face: str
    """``Regular``, ``Bold``, ``Italic`` or ``BoldItalic``."""
    key: str
    """``{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}``: the GUID it is obfuscated with."""
    data: bytes


def blocks_of(text: str) -> frozenset[int]:
    """The blocks of 128 code points that ``text`` uses, and Basic Latin."""
    return frozenset({0, *(ord(ch) >> _BLOCK for ch in set(text))})


def embedded_faces(families: Iterable[str], text: str) -> list[EmbeddedFace]:
    """Every face of ``families``, subset to the blocks ``text`` uses, obfuscated."""
    blocks = blocks_of(text)
    faces: list[EmbeddedFace] = []
    for family in dict.fromkeys(families):
        files = font_files(family)
        for face, field in FACES:
            data = subset(getattr(files, field), blocks)
            key = "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"
            faces.append(EmbeddedFace(family, face, key, obfuscate(data, key)))
    return faces


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376's obfuscation (its own inverse): the first 32 bytes XORed with the GUID
    ``key``'s 16 bytes, taken from its hex digits last to first."""
    digits = key.strip("{}").replace("-", "")
    guid = bytes(int(digits[i : i + 2], 16) for i in range(30, -1, -2))
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:_OBFUSCATED_BYTES]))
    return head + data[_OBFUSCATED_BYTES:]


def subset(path: Path, blocks: frozenset[int]) -> bytes:
    """The TrueType file at ``path`` cut down to the code points of ``blocks``."""
    stat = path.stat()
    return _subset_cached(str(path), stat.st_mtime_ns, stat.st_size, blocks)


@lru_cache(maxsize=64)
def _subset_cached(path: str, mtime_ns: int, size: int, blocks: frozenset[int]) -> bytes:
    source = Path(path).read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:20]
    name = f"{digest}-{'.'.join(f'{b:x}' for b in sorted(blocks))}.ttf"
    folder = _cache_folder()
    cached = folder / name if folder is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    with _LOCK:  # fontTools' subsetter is not known to be thread-safe
        data = _make_subset(source, blocks)
    if cached is not None:
        _store(cached, data)
    return data


def _make_subset(source: bytes, blocks: frozenset[int]) -> bytes:
    from fontTools import subset as fonttools_subset
    from fontTools.ttLib import TTFont

    options = fonttools_subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
    options.name_IDs = ["*"]  # the family and face names Word matches the table by
    options.notdef_outline = True
    font = TTFont(io.BytesIO(source), lazy=True, recalcTimestamp=False)
    unicodes = [cp for b in blocks for cp in range(b << _BLOCK, (b + 1) << _BLOCK)]
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cache_folder() -> Path | None:
    """Where subsets are kept, or ``None`` where no cache can be written (a read-only
    home, a container user with none)."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "briefgen" / "fonts"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError, KeyError):
        return None
    return folder


def _store(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all; another process may be writing it too."""
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        Path(tmp.name).replace(path)
    except OSError:
        pass  # a read-only cache: the subset is made again next time
