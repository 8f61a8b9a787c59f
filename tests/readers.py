"""Read back what briefgen wrote, as a reader's tools would: text in order, fonts, links."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from briefgen.style import FONTS_DIR

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squash(text: str) -> str:
    return " ".join(text.split())


def docx_body_text(path: Path) -> str:
    """The body's paragraphs and table cells in document order (footnotes excluded)."""
    document = open_docx(str(path))
    parts: list[str] = []
    for element in document.element.body.iter():
        if element.tag == f"{W}p":
            parts.append("".join(t.text or "" for t in element.iter(f"{W}t")))
    return squash(" ".join(parts))


def docx_footnotes_text(path: Path) -> str:
    document = open_docx(str(path))
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            return squash(" ".join(t.text or "" for t in root.iter(f"{W}t")))
    return ""


SOFT_HYPHEN_BREAK = re.compile("\u00ad\\s*")
"""A soft hyphen and the line break after it: the word goes on (ISO 32000-1, 14.8.2.2.3)."""


def unbreak(text: str) -> str:
    """Text extracted from a PDF with its hyphenated words whole again."""
    return SOFT_HYPHEN_BREAK.sub("", text)


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return squash(unbreak(" ".join(page.extract_text() or "" for page in reader.pages)))


def pdf_pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def in_order(text: str, pieces: list[str]) -> list[str]:
    """The pieces missing from ``text`` or out of order (empty when all is well)."""
    wrong: list[str] = []
    at = 0
    for piece in pieces:
        found = text.find(squash(piece), at)
        if found < 0:
            wrong.append(piece)
        else:
            at = found
    return wrong


def soffice_to_pdf(docx: Path, outdir: Path, *, fonts: bool = True) -> Path:
    """Convert a DOCX with LibreOffice headless, with briefgen's fonts visible to it
    (``fonts``), or only those the machine has (and the DOCX carries).

    The fonts are made visible through a private fontconfig file, as they would be on a
    reader's machine that has Noto installed; nothing is installed system-wide.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is missing: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    conf = outdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        + (f"<dir>{FONTS_DIR}</dir>" if fonts else "")
        + f"<cachedir>{outdir / 'fc-cache'}</cachedir></fontconfig>",
        "utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(outdir))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    return outdir / (docx.stem + ".pdf")
