"""`briefgen check`: the PDF/UA-1 rules a program can check, on briefgen's own PDFs
(nothing to report) and on PDFs that break them (one line per finding, exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas
from sample_doc import default_style, sample_document

import briefgen
from briefgen.cli import main
from briefgen.tree import Document, Heading, Para, Text
from briefgen.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"


@pytest.mark.parametrize("template", ["brief", "memo"])
def test_briefgen_s_own_pdfs_have_nothing_to_report(
    template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = briefgen.render(SAMPLE, tmp_path, formats=("pdf",), template=template).outputs[0].path
    assert main(["check", str(pdf)]) == 0
    assert capsys.readouterr().out == f"{pdf}: no findings\n"


def test_an_untagged_pdf_fails_with_a_line_per_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path))  # reportlab as it comes: Helvetica, no tags, no title
    canvas.drawString(72, 720, "A line of text")
    canvas.linkURL("https://example.org", (72, 700, 200, 712))
    canvas.showPage()
    canvas.save()
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = [
        f"{path}: page -: catalog: not marked as tagged (/MarkInfo /Marked true)",
        f"{path}: page -: catalog: no structure tree (/StructTreeRoot)",
        f"{path}: page -: catalog: no document language (/Lang)",
        f"{path}: page -: catalog: the title is not shown as the window's (DisplayDocTitle)",
        f"{path}: page -: info: the title is a placeholder ('untitled')",
        f"{path}: page -: metadata: no XMP metadata",
        f"{path}: page 1: content: 1 drawing operations neither tagged nor an artifact",
        f"{path}: page 1: Link: a link with no description (/Contents)",
        f"{path}: page 1: Link: a link that is not in the structure (/StructParent)",
        f"{path}: page 1: font Helvetica: not embedded",
    ]
    assert lines == expected


def test_a_skipped_heading_level_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = (
        Heading(1, "title", (Text("Title"),)),
        Heading(3, "deep", (Text("A subsection with no section above it"),)),
        Para((Text("Text."),)),
    )
    path = tmp_path / "skipped.pdf"
    path.write_bytes(render_pdf(Document(sample_document().meta, blocks), default_style()))
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out == (f"{path}: page -: H3: a heading level skipped (H1 to H3)\n")


def test_a_file_that_is_no_pdf_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "not.pdf"
    path.write_bytes(b"junk\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{path}: cannot read it as a PDF")
    assert main(["check", str(tmp_path / "missing.pdf")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'missing.pdf'}: no such file\n"
