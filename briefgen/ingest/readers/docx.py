"""DOCX → blocks: the body's paragraphs in order, one block each, with link URLs kept.

python-docx opens the package and resolves relationships; the paragraphs are read from
its XML directly, because ``Paragraph.text`` sees only runs that are direct children of
the paragraph and would drop the words inside tracked insertions, content controls,
smart tags and simple fields.  Deleted text (tracked deletions) is left out, and so are
text boxes and drawings (pull quotes repeat the essay) and the page header and footer.
Table cells are blocks too; footnotes and endnotes follow the body, as in a PDF.

A ZIP can claim gigabytes inside a small file; the sizes it declares are checked before
anything is unpacked (zipfile stops at the declared size, so a lie fails the CRC check).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from lxml import etree

from briefgen.ingest.blocks import MAX_TEXT_CHARS, Flow, FlowBuilder
from briefgen.ingest.readers.unreadable import reason_of, unreadable

MAX_UNPACKED_BYTES = 2 * MAX_TEXT_CHARS
"""The most a DOCX may unpack to; python-docx holds every part in memory."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Elements that hold paragraphs; anything else around them (w:sectPr, bookmarks,
# w:altChunk) holds none we can read.
_CONTAINERS = frozenset(
    f"{_W}{name}" for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
# Inside a paragraph: not the words of the text.
_SKIPPED = frozenset(
    [
        *(
            f"{_W}{name}"
            for name in (
                "del",
                "moveFrom",
                "drawing",
                "pict",
                "object",
                "pPr",
                "rPr",
                "sdtPr",
                "fldData",
            )
        ),
        f"{_MC}AlternateContent",
    ]
)
_CHARACTERS = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}noBreakHyphen": "-",
    f"{_W}softHyphen": "\u00ad",
}
_BREAKS = frozenset({f"{_W}br", f"{_W}cr"})
_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?!\\l)"?([^"\s]+)"?')


def is_docx(data: bytes) -> bool:
    """Whether ``data`` is a ZIP holding ``word/document.xml``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def read_docx(data: bytes, path: Path) -> Flow:
    """The body text of the DOCX document ``data``."""
    _check_package(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        rels = document.part.rels
        body = document.element.body
    except Exception as err:  # noqa: BLE001 - python-docx, zipfile and lxml raise many kinds
        raise unreadable(path, "DOCX", reason_of(err)) from None
    out = FlowBuilder()
    _add_paragraphs(body, _external(rels), out)
    # Footnotes, then endnotes, after the body, as a PDF or a Markdown essay has them.
    for kind in (RT.FOOTNOTES, RT.ENDNOTES):
        for rel in list(rels.values()):
            if rel.reltype != kind or rel.is_external:
                continue
            try:
                notes = parse_xml(rel.target_part.blob)
            except Exception as err:  # noqa: BLE001 - lxml raises many kinds on a damaged part
                raise unreadable(path, "DOCX", reason_of(err)) from None
            targets = _external(rel.target_part.rels)
            for note in notes:
                # Separators (w:type="separator", …) are rules drawn by Word, not notes.
                is_note = note.tag in (f"{_W}footnote", f"{_W}endnote")
                if is_note and note.get(f"{_W}type") in (None, "normal"):
                    _add_paragraphs(note, targets, out)
    return out.result()


def _external(rels: Mapping[str, Any]) -> dict[str, str]:
    """Relationship id → URL, for the external relationships (hyperlinks) of a part."""
    return {rid: str(rel.target_ref) for rid, rel in rels.items() if rel.is_external}


def _add_paragraphs(root: etree._Element, targets: dict[str, str], out: FlowBuilder) -> None:
    """Add each paragraph under ``root`` (in tables and content controls too) as a block."""
    walker = etree.iterwalk(root, events=("start",))
    for _, element in walker:
        if element.tag == f"{_W}p":
            lines, links = paragraph_lines(element, targets)
            out.block(lines, links)
            walker.skip_subtree()
        elif element is not root and element.tag not in _CONTAINERS:
            walker.skip_subtree()


def _check_package(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise unreadable(path, "DOCX", reason_of(err)) from None
    if not any(member.filename == "word/document.xml" for member in members):
        raise unreadable(
            path, "DOCX", "the archive has no word/document.xml (an .odt, .epub or other ZIP?)"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise unreadable(
            path,
            "DOCX",
            f"it unpacks to {unpacked:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}",
        )


def paragraph_lines(
    paragraph: etree._Element, targets: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The lines of a ``w:p`` (split at its line breaks) and the URLs of its links.

    ``targets`` maps relationship ids to external URLs.
    """
    lines: list[str] = []
    line: list[str] = []
    links: list[str] = []
    walker = etree.iterwalk(paragraph, events=("start",))
    for _, element in walker:
        tag = element.tag
        if tag in _SKIPPED:
            walker.skip_subtree()
        elif tag == f"{_W}t":
            line.append(element.text or "")
        elif tag in _CHARACTERS:
            line.append(_CHARACTERS[str(tag)])
        elif tag in _BREAKS:
            lines.append("".join(line))
            line = []
        elif tag == f"{_W}hyperlink":
            url = targets.get(element.get(_R_ID) or "")
            if url:
                links.append(url)
        elif tag == f"{_W}instrText" or tag == f"{_W}fldSimple":
            instruction = element.text if tag == f"{_W}instrText" else element.get(f"{_W}instr")
            match = _HYPERLINK_FIELD.match(instruction or "")
            if match:
                links.append(match.group(1))
    lines.append("".join(line))
    return lines, links
