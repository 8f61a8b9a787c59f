"""`briefgen check`: the PDF/UA-1 rules a program can check, on briefgen's own PDFs
(nothing to report) and on PDFs that break them (one line per finding, exit 1)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image
from reportlab.pdfgen.canvas import Canvas
from sample_doc import default_style, sample_document

import briefgen
from briefgen.cli import main
from briefgen.tree import Document, Heading, Para, Text
from briefgen.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"


@pytest.mark.parametrize("template", ["brief", "memo"])
def test_briefgen_s_own_pdfs_and_docx_have_nothing_to_report(
    template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = briefgen.render(SAMPLE, tmp_path, template=template)
    paths = sorted(str(output.path) for output in result.outputs)
    assert [Path(p).suffix for p in paths] == [".docx", ".pdf"]
    assert main(["check", *paths]) == 0
    assert capsys.readouterr().out == "".join(f"{p}: no findings\n" for p in paths)


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
        f"{path}: page -: catalog: no PDF/A output intent (/OutputIntents, /GTS_PDFA1)",
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


def _plain_docx(path: Path) -> Path:
    """A DOCX as python-docx makes it by default: no title, fonts named but not carried,
    with the faults a hurried author makes (a heading that starts at level 2, a table
    whose header row does not repeat, a picture without alt text)."""
    document = docx.Document()
    document.add_heading("Findings", level=2)
    document.add_paragraph("Text")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Header"
    picture = io.BytesIO()
    Image.new("RGB", (4, 4)).save(picture, "PNG")
    document.add_picture(picture)
    document.save(str(path))
    return path


def test_a_careless_docx_fails_with_a_line_per_finding_naming_its_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plain_docx(tmp_path / "plain.docx")
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: docProps/core.xml: dc:title: no document title",
        f"{path}: word/document.xml: paragraph 1 (Findings): the first heading is level 2, not 1",
        f"{path}: word/document.xml: table 1: its first row is not a header row (w:tblHeader)",
        f"{path}: word/document.xml: picture 'Picture 1': no alternative text (descr)",
        f"{path}: word/fontTable.xml: font Calibri: named but not embedded",
        f"{path}: word/fontTable.xml: font Cambria: named but not embedded",
    ]


def _rewrite(source: Path, target: Path, part: str, change: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return target


@pytest.mark.parametrize(
    ("part", "change", "finding"),
    [
        (
            "word/styles.xml",
            lambda xml: re.sub(r"<w:lang [^>]*/>", "", xml),
            "word/styles.xml: styles: no document language (w:lang in the defaults)",
        ),
        (
            "word/document.xml",
            lambda xml: xml.replace('w:val="Heading2"', 'w:val="Heading3"', 1),
            "word/document.xml: paragraph 7 (The argument): a heading level skipped (1 to 3)",
        ),
        (
            "word/document.xml",
            lambda xml: xml.replace("<w:tblHeader/>", ""),
            "word/document.xml: table 1: its first row is not a header row (w:tblHeader)",
        ),
        (
            "word/fontTable.xml",
            lambda xml: re.sub(r"<w:embed\w+ [^>]*w:fontKey[^>]*/>", "", xml),
            "word/fontTable.xml: font Noto Sans: named but not embedded",
        ),
    ],
    ids=["language", "skipped-heading", "header-row", "fonts"],
)
def test_each_broken_docx_rule_is_found_on_briefgen_s_own_docx(
    part: str,
    change: Callable[[str], str],
    finding: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = briefgen.render(SAMPLE, tmp_path, formats=("docx",)).outputs[0].path
    broken = _rewrite(source, tmp_path / "broken.docx", part, change)
    assert main(["check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{broken}: {finding}"


def test_a_memo_s_section_headings_are_read_from_level_1_in_the_docx(tmp_path: Path) -> None:
    # The memo has no title heading: its first heading is a section's (Heading 2's look),
    # which a reader's outline must still start at level 1.
    docx_path = (
        briefgen.render(SAMPLE, tmp_path, formats=("docx",), template="memo").outputs[0].path
    )
    body = docx.Document(str(docx_path)).element.body
    levels = [int(lvl.get(qn("w:val"))) for lvl in body.iter(qn("w:outlineLvl"))]
    assert levels
    assert set(levels) == {0}  # every section heading reads as level 1


def test_a_file_that_is_neither_pdf_nor_docx_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" * 300 * 2**20)
    assert main(["check", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err == f"{bomb}: it would unpack to more than 256 MiB\n"
    odt = tmp_path / "notes.docx"
    with zipfile.ZipFile(odt, "w") as package:
        package.writestr("content.xml", "<office:document-content/>")
    assert main(["check", str(odt)]) == 2
    assert capsys.readouterr().err == f"{odt}: cannot read it as a DOCX (no word/document.xml)\n"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize(
    "objects",
    [
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"],
        [b"<< /Type /Catalog >>"],
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids 7 /Count 1 >>"],
        [b"42"],
    ],
    ids=["page-tree-loop", "no-pages", "kids-not-an-array", "catalog-not-a-dictionary"],
)
def test_a_damaged_page_tree_is_one_line_and_exit_2(
    objects: list[bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(_pdf(objects))
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{path}: cannot read it as a PDF (")


def test_a_docx_is_read_as_a_docx_even_with_a_pdf_s_bytes_near_its_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = briefgen.render(SAMPLE, tmp_path, formats=("docx",)).outputs[0].path
    path = tmp_path / "attached.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        new.writestr("word/media/attachment.bin", b"%PDF-1.7 an attachment, stored first")
        for item in old.infolist():
            new.writestr(item, old.read(item))
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: no findings\n"
