"""What keeps a PDF from being read by a screen reader, from the machine-checkable rules
of PDF/UA-1 (ISO 14289-1) and the Matterhorn protocol; then, from ``pdfa``, what keeps
it from an archive.

It reads the file with pypdf, never trusting it: a finding names the page (or ``-`` for
the document) and the element or object, then what is wrong.  The rules:

- **document**: ``/MarkInfo /Marked true``; a ``/StructTreeRoot``; ``/Lang``; a title,
  shown as the window's title (``/ViewerPreferences /DisplayDocTitle``); XMP metadata
  that claims PDF/UA (``pdfuaid:part``).
- **content**: everything a page paints (text, paths, images) is inside a marked-content
  sequence: tagged (an MCID) or an ``/Artifact``.
- **structure**: every element's type is a standard one or role-mapped to one; headings
  start at H1 and skip no level; a table has header cells; a figure has ``/Alt``.
- **links**: every link annotation has ``/Contents`` and a ``/StructParent``.
- **fonts**: every font is embedded and maps its glyphs to Unicode (``/ToUnicode``, or a
  standard encoding of a simple font).

It is not veraPDF: it checks what a program can see for certain, not whether the alt
text is good or the reading order makes sense.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from briefgen.check.finding import Finding
from briefgen.check.objects import dictionaries
from briefgen.check.pdfa import check_archive

STANDARD_TYPES = frozenset(
    """
    Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
    H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
    Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
"""The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4)."""

_PAINT = frozenset((b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"Do", b"sh"))  # fmt: skip
_PLACEHOLDER_TITLES = frozenset(("untitled", "untitled document", "document", "title"))
"""Titles that generators put in when none was given (reportlab's is "untitled")."""
_STANDARD_ENCODINGS = frozenset(("/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"))


_ENCRYPTED = Finding(None, "trailer", "encrypted (PDF/A forbids encryption)")
_LOCKED = Finding(None, "trailer", "the rest cannot be read without a key")


def check_pdf(path: Path) -> list[Finding]:
    """Every finding in the PDF at ``path`` (raises ValueError when it cannot be read)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    # pypdf logs what it repairs in a damaged file; the findings are the report.
    logging.getLogger("pypdf").addHandler(logging.NullHandler())

    def unreadable(err: Exception) -> ValueError:
        return ValueError(f"cannot read it as a PDF ({type(err).__name__}: {err})")

    findings: list[Finding] = []
    try:
        reader = PdfReader(path)
    except DependencyError:  # it tried the empty password, and needs `cryptography` (AES)
        return [_ENCRYPTED, _LOCKED]
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise unreadable(err) from None
    if reader.is_encrypted:
        findings.append(_ENCRYPTED)
        try:  # most encrypted PDFs open without a password, and can be checked further
            opened = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001 - pypdf without `cryptography` cannot decrypt AES
            opened = False
        if not opened:
            return [*findings, _LOCKED]
    try:
        catalog: Any = reader.trailer["/Root"].get_object()
        if not hasattr(catalog, "get"):
            raise TypeError("the document catalog is not a dictionary")
        pages = list(reader.pages)  # a page tree that loops or points nowhere fails here
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise unreadable(err) from None
    # A damaged part is a finding of its own; the rest of the file is still checked.
    checks: list[tuple[str, Callable[[], Iterable[Finding]]]] = [
        ("catalog", lambda: _document(reader, catalog)),
        ("metadata", lambda: check_archive(reader, catalog)),
        ("structure", lambda: _structure_of(catalog)),
    ]
    for where, check in checks:
        try:
            findings += check()
        except Exception as err:  # noqa: BLE001 - a damaged catalog, XMP or structure tree
            findings.append(Finding(None, where, f"cannot be read ({type(err).__name__})"))
    fonts: set[int] = set()
    for number, page in enumerate(pages, start=1):
        try:
            findings += _content(page, number)
            findings += _links(page, number)
            findings += _fonts(page, number, fonts)
        except Exception as err:  # noqa: BLE001 - a damaged content stream, font or annotation
            findings.append(Finding(number, "page", f"cannot be read ({type(err).__name__})"))
    return findings


def _structure_of(catalog: Any) -> Iterator[Finding]:
    tree = catalog.get("/StructTreeRoot")
    if tree is not None:
        yield from _structure(tree.get_object())


def _document(reader: Any, catalog: Any) -> Iterator[Finding]:
    mark = catalog.get("/MarkInfo")
    if mark is None or not bool(mark.get_object().get("/Marked", False)):
        yield Finding(None, "catalog", "not marked as tagged (/MarkInfo /Marked true)")
    if "/StructTreeRoot" not in catalog:
        yield Finding(None, "catalog", "no structure tree (/StructTreeRoot)")
    if not str(catalog.get("/Lang", "")).strip():
        yield Finding(None, "catalog", "no document language (/Lang)")
    prefs = catalog.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get_object().get("/DisplayDocTitle", False)):
        yield Finding(None, "catalog", "the title is not shown as the window's (DisplayDocTitle)")
    title = str((reader.metadata or {}).get("/Title", "") or "").strip()
    if not title:
        yield Finding(None, "info", "no document title")
    elif title.lower() in _PLACEHOLDER_TITLES:
        yield Finding(None, "info", f"the title is a placeholder ({title!r})")
    metadata = catalog.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata else ""
    if not xmp:
        yield Finding(None, "metadata", "no XMP metadata")
    elif not re.search(r"pdfuaid:part(>|=\")\s*1", xmp):
        yield Finding(None, "metadata", "the XMP does not claim PDF/UA-1 (pdfuaid:part)")


def _structure(tree: Any) -> Iterator[Finding]:
    roles = tree.get("/RoleMap")
    role_map = {str(k)[1:]: str(v)[1:] for k, v in roles.get_object().items()} if roles else {}
    levels: list[int] = []
    elements: list[tuple[str, Any]] = []
    for obj in dictionaries(tree.get("/K"), "/K"):  # depth first, in reading order
        if obj.get("/Type", "/StructElem") == "/StructElem" and "/S" in obj:
            name = str(obj["/S"])[1:]
            elements.append((role_map.get(name, name), obj))
    for kind, obj in elements:
        if kind not in STANDARD_TYPES:
            yield Finding(None, kind, "not a standard structure type, nor role-mapped to one")
        if re.fullmatch(r"H[1-6]", kind):
            levels.append(int(kind[1]))
        if kind == "Figure" and not str(obj.get("/Alt", "") or "").strip():
            yield Finding(None, "Figure", "no alternative text (/Alt)")
        if kind == "Table" and not _has(obj, "TH", role_map):
            yield Finding(None, "Table", "no header cells (TH)")
    if levels and levels[0] != 1:
        yield Finding(None, f"H{levels[0]}", "the first heading is not H1")
    for above, below in itertools.pairwise(levels):
        if below > above + 1:
            yield Finding(None, f"H{below}", f"a heading level skipped (H{above} to H{below})")


def _has(obj: Any, kind: str, role_map: dict[str, str]) -> bool:
    """Whether an element under ``obj`` is of ``kind`` (role-mapped)."""
    for kid in dictionaries(obj.get("/K"), "/K"):
        name = str(kid.get("/S", ""))[1:]
        if name and role_map.get(name, name) == kind:
            return True
    return False


def _content(page: Any, number: int) -> Iterator[Finding]:
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    if contents is None:
        return
    depth = 0
    loose = 0
    for _operands, operator in ContentStream(contents, page.pdf).operations:
        if operator in (b"BDC", b"BMC"):
            depth += 1
        elif operator == b"EMC":
            depth = max(0, depth - 1)
        elif operator in _PAINT and depth == 0:
            loose += 1
    if loose:
        yield Finding(
            number, "content", f"{loose} drawing operations neither tagged nor an artifact"
        )


def _links(page: Any, number: int) -> Iterator[Finding]:
    for annot in page.get("/Annots", []) or []:
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        if not str(annot.get("/Contents", "") or "").strip():
            yield Finding(number, "Link", "a link with no description (/Contents)")
        if "/StructParent" not in annot:
            yield Finding(number, "Link", "a link that is not in the structure (/StructParent)")


def _fonts(page: Any, number: int, seen: set[int]) -> Iterator[Finding]:
    """The page's fonts not ``seen`` on an earlier page."""
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources else None
    if not fonts:
        return
    for name, ref in fonts.get_object().items():
        font = ref.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        base = str(font.get("/BaseFont", name))[1:]
        descendant = font
        if font.get("/Subtype") == "/Type0":
            descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        if font.get("/Subtype") != "/Type3" and not embedded:
            yield Finding(number, f"font {base}", "not embedded")
        encoding = font.get("/Encoding")
        standard = isinstance(encoding, str) and encoding in _STANDARD_ENCODINGS
        if "/ToUnicode" not in font and not standard:
            yield Finding(number, f"font {base}", "no Unicode mapping (/ToUnicode)")
