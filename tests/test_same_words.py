"""The DOCX and the PDF of every sample, from every built-in template, say the same words.

Both writers draw one tree, so a node one of them drops (or prints twice) shows here as
a word counted differently.  Words are runs of letters, case-folded and NFKC-normalised:
numbers are left out on both sides, since Word numbers lists and notes itself while the
PDF prints the numbers.  What the PDF alone repeats or adds is taken out first:

- page furniture: whatever is drawn outside the text frame (running header, footer, page
  numbers), found by where it stands on the page, not by what it says;
- a table's header row, which the PDF repeats on each page the table runs on to (the DOCX
  marks it ``w:tblHeader`` and Word repeats it too).

Notes are footnotes in both, or (a template's choice) endnotes under a heading in both.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader
from readers import unbreak

from briefgen.pipeline import render_brief
from briefgen.templates import builtin_dir, load_template

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4

SAMPLES = sorted(ROOT.glob("inputs/*/brief.yaml"))
TEMPLATES = sorted(path.parent.name for path in builtin_dir().glob("*/style.yaml"))


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", text).casefold()))


def _paragraph_text(p: Any) -> str:
    return " ".join(t.text or "" for t in p.iter(f"{W}t"))


def docx_words(path: Path) -> tuple[Counter[str], list[Counter[str]]]:
    """The words of the body and the footnotes; and those of each repeating header row."""
    found: Counter[str] = Counter()
    header_rows: list[Counter[str]] = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in names:
                continue
            root = etree.fromstring(package.read(part))
            for p in root.iter(f"{W}p"):
                found += words(_paragraph_text(p))
            for row in root.iter(f"{W}tr"):
                if row.find(f"{W}trPr/{W}tblHeader") is not None:
                    header_rows.append(
                        words(" ".join(_paragraph_text(p) for p in row.iter(f"{W}p")))
                    )
    return found, header_rows


def pdf_words(path: Path, top_mm: float, bottom_mm: float) -> Counter[str]:
    """The words drawn inside the text frame of each page (furniture stands outside it)."""
    found: Counter[str] = Counter()
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)
        found += words(_frame_text(page, bottom_mm * PT_PER_MM, height - top_mm * PT_PER_MM))
    return found


def _frame_text(page: Any, low: float, high: float) -> str:
    """The text of ``page`` whose baseline lies between ``low`` and ``high`` (points)."""
    inside: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if low - 0.5 <= baseline <= high + 0.5:
            inside.append(text)

    page.extract_text(visitor_text=visit)
    return unbreak("".join(inside))  # a word hyphenated at a line end is one word


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("brief", SAMPLES, ids=lambda path: path.parent.name)
def test_docx_and_pdf_carry_the_same_words(brief: Path, template: str, tmp_path: Path) -> None:
    result = render_brief(brief, tmp_path, formats=("docx", "pdf"), template=template)
    outputs = {output.path.suffix: output.path for output in result.outputs}
    style = load_template(builtin_dir() / template).style
    margins = style.page.margins_mm

    docx, header_rows = docx_words(outputs[".docx"])
    pdf = pdf_words(outputs[".pdf"], margins.top, margins.bottom)
    for row in header_rows:  # each time the PDF repeats it, over what the DOCX has
        while row and not row - (pdf - docx):
            pdf -= row

    assert docx, "nothing read from the DOCX"
    only_docx, only_pdf = docx - pdf, pdf - docx
    assert dict(only_docx) == {}, "words the PDF lacks"
    assert dict(only_pdf) == {}, "words the DOCX lacks"
