"""What a page or line break may not do.

A page break never leaves a table's header with fewer than two body rows under it:
with less room the table starts on the next page (the PDF, read back page by page), and
the DOCX's header and first body row keep with the row after (Word and LibreOffice lay
it out so).  A line break never falls inside a label ("Rests on:") or between a label
and its value."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import ROOT
from pypdf import PdfReader
from sample_doc import default_style, sample_document

import briefgen
from briefgen.cli import main
from briefgen.tree import Document, Heading, Para, Table, Text
from briefgen.writers.docx import render_docx
from briefgen.writers.pdf import render_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROWS = tuple(
    (
        (Text(f"Row {n} point: a counterpoint that runs over two lines of the narrow cell"),),
        (Text(f"Answer {n}: the essay's response, which also runs on for a while in its cell"),),
    )
    for n in range(1, 6)
)
TABLE = Table(header=((Text("Counterpoint"),), (Text("Response"),)), rows=ROWS)


def after_filler(paragraphs: int) -> Document:
    """The table after ``paragraphs`` paragraphs: at every height on the page."""
    filler = tuple(
        Para((Text(f"Filler {i}. Words that fill the page before the table. " * 3),))
        for i in range(paragraphs)
    )
    heading = Heading(2, "counterpoints", (Text("Counterpoints and responses"),))
    return Document(meta=sample_document().meta, blocks=(*filler, heading, TABLE))


def test_the_pdf_never_breaks_a_table_after_its_first_row() -> None:
    breaks = 0
    for paragraphs in range(60):  # the table's top at every height of two pages
        data = render_pdf(after_filler(paragraphs), default_style())
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
        heading = next(i for i, text in enumerate(pages) if "Counterpoints and" in text)
        assert "Row 1 point" in pages[heading], paragraphs  # the heading goes with it
        for text in pages[:-1]:
            rows = [n for n in range(1, 6) if f"Row {n} point" in text]
            if rows and rows[-1] < len(ROWS):  # the table goes on over the page
                breaks += 1
                assert len(rows) >= 2, (paragraphs, rows)
    assert breaks > 0  # the table did break somewhere, so the rule was put to work


def test_the_docx_keeps_the_header_and_first_row_with_the_next() -> None:
    data = render_docx(after_filler(0), default_style())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    rows = body.find(f".//{W}tbl").findall(f"{W}tr")
    kept = [
        all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p")) for row in rows
    ]
    assert kept == [True, True, False, False, False, False]


def test_a_recommendation_s_labels_never_break_inside_or_from_their_values(
    edit_brief: Callable[[str, str], Path], tmp_path: Path
) -> None:
    # The actor's length moves every label along the line: some land at its end.
    label_at_end = re.compile(r"(Who:|When:|Priority:|Rests|on:)$")
    value_at_start = re.compile(r"(on:|(?:high|medium|low)\s*·|evidence\s*$|\d[\d, ]*$)")
    base = actor = "    actor: National Security Council, with State and Defense"
    for n, extra in enumerate(range(0, 60, 5)):
        words = " ".join(["and", "the", "regional", "bureaus"] * 4)[:extra]
        longer = f"{base} {words}".rstrip()
        brief = edit_brief(actor, longer) if longer != actor else edit_brief(actor, actor)
        actor = longer
        out = tmp_path / str(n)
        pdf = briefgen.render(brief, out, formats=("pdf",)).outputs[0].path
        for page in PdfReader(pdf).pages:
            for line in page.extract_text().splitlines():
                assert not label_at_end.search(line.strip()), (extra, line)
                assert not value_at_start.match(line.strip()), (extra, line)


def test_a_brief_longer_than_its_template_is_meant_for_renders_with_a_warning(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "onepage"
    shutil.copytree(ROOT / "templates" / "brief", folder)
    style = folder / "style.yaml"
    style.write_text(style.read_text("utf-8").replace("max_pages: 2", "max_pages: 1"), "utf-8")
    out = tmp_path / "out"
    argv = ["render", str(sample_dir / "brief.yaml"), "--template", str(folder), "--out", str(out)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert (
        f"{sample_dir / 'brief.yaml'}: warning: the onepage template is meant for 1 page "
        "(page.max_pages); this brief takes 2: shorten it, or choose another template"
    ) in err
    assert (out / "reset-with-russia.onepage.pdf").exists()  # rendered all the same


def test_a_brief_within_its_template_s_pages_renders_without_a_warning(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(sample_dir / "brief.yaml"), "--out", str(tmp_path)]) == 0
    assert "warning" not in capsys.readouterr().err
