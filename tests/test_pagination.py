"""What a page or line break may not do.

A page break never leaves a table's header with fewer than two body rows under it:
with less room the table starts on the next page (the PDF, read back page by page), and
the DOCX's header and first body row keep with the row after (Word and LibreOffice lay
it out so).  A line break never falls inside a label ("Rests on:") or between a label
and its value.  And what the pages show of it: a box's rule ends where the box does,
list numbers stand at the margin in both formats, a memo's later pages name its
subject in their header."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
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

SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
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


def _box_rules(page: Any) -> tuple[list[tuple[int, float, float]], list[tuple[float, float]]]:
    """The page's thick vertical rules (line cap, bottom, top) and its filled rectangles
    (bottom, top), in page coordinates (briefgen's content only ever translates)."""
    import pikepdf

    stack: list[tuple[float, float, int, float]] = []
    dx = dy = 0.0
    cap, width = 0, 1.0
    start: tuple[float, float] | None = None
    rules: list[tuple[int, float, float]] = []
    rects: list[tuple[float, float]] = []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = bytes(operator)
        values = [float(v) for v in operands if isinstance(v, int | float | Decimal)]
        if op == b"q":
            stack.append((dx, dy, cap, width))
        elif op == b"Q":
            dx, dy, cap, width = stack.pop()
        elif op == b"cm":
            dx, dy = dx + values[4], dy + values[5]
        elif op == b"J":
            cap = int(values[0])
        elif op == b"w":
            width = values[0]
        elif op == b"m":
            start = (values[0] + dx, values[1] + dy)
        elif op == b"l" and start is not None:
            x, y = values[0] + dx, values[1] + dy
            if abs(x - start[0]) < 0.01 and width >= 1.5:
                rules.append((cap, min(y, start[1]), max(y, start[1])))
        elif op == b"re":
            y, h = values[1] + dy, values[3]
            rects.append((min(y, y + h), max(y, y + h)))
    return rules, rects


@pytest.mark.parametrize("template", ["brief", "memo"])
def test_a_box_s_rule_ends_where_the_box_does(template: str, tmp_path: Path) -> None:
    import pikepdf

    pdf = briefgen.render(SAMPLE, tmp_path, formats=("pdf",), template=template).outputs[0].path
    with pikepdf.open(pdf) as document:
        rules, rects = _box_rules(document.pages[0])
    assert rules, "the sample's boxes have rules down their left edge"
    for cap, bottom, top in rules:
        assert cap == 0, "a round or square cap runs half the rule's width past the box"
        filled = [r for r in rects if r[0] - 0.01 <= bottom and top <= r[1] + 0.01]
        if filled:  # a box with a background: the rule spans it exactly
            assert any(abs(r[0] - bottom) < 0.01 and abs(r[1] - top) < 0.01 for r in filled)


def _starts(pdf: Path) -> dict[str, float]:
    """Where each run of text on page 1 starts, by its first characters."""
    found: dict[str, float] = {}

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if text.strip():
            x = float(tm[4]) * float(cm[0]) + float(tm[5]) * float(cm[2]) + float(cm[4])
            found.setdefault(text.strip()[:12], round(x, 2))

    PdfReader(str(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_list_numbers_stand_at_the_margin_and_text_one_hanging_indent_in_both(
    tmp_path: Path,
) -> None:
    result = briefgen.render(SAMPLE, tmp_path)
    paths = {output.path.suffix: output.path for output in result.outputs}
    style = default_style()
    margin = style.page.margins_mm.left * 72 / 25.4
    hanging = max(13.0, style.fonts.body_size * 1.5)
    starts = _starts(paths[".pdf"])
    assert starts["1."] == pytest.approx(margin, abs=0.05)  # the number, at the margin
    assert starts["The 2009 Res"] == pytest.approx(margin + hanging, abs=0.05)
    with zipfile.ZipFile(paths[".docx"]) as package:
        numbering = ElementTree.fromstring(package.read("word/numbering.xml"))
    levels = numbering.findall(f".//{W}lvl[@{W}ilvl='0']")
    assert levels
    for level in levels:  # the number at the left edge, the text one hanging indent in
        assert level.find(f"{W}lvlJc").get(f"{W}val") == "left"
        ind = level.find(f"{W}pPr/{W}ind")
        assert int(ind.get(f"{W}left")) == int(ind.get(f"{W}hanging")) == round(hanging * 20)


def _long_memo(tmp_path: Path) -> Path:
    """The memo template set large enough that the sample runs on to a second page."""
    folder = tmp_path / "bigmemo"
    shutil.copytree(ROOT / "templates" / "memo", folder)
    style = folder / "style.yaml"
    text = style.read_text("utf-8").replace("body_size: 9\n", "body_size: 12\n")
    style.write_text(text.replace("body_leading: 12.5", "body_leading: 17"), "utf-8")
    return folder


def test_a_memo_that_runs_over_names_its_subject_in_the_later_pages_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["render", str(SAMPLE), "--template", str(_long_memo(tmp_path)), "--out", str(out)]
    assert main(argv) == 0
    assert "is meant for 1 page (page.max_pages); this brief takes 2" in capsys.readouterr().err
    subject = "SUBJECT: No Reset Without a Reset Inside Russia"
    pages = PdfReader(str(out / "reset-with-russia.bigmemo.pdf")).pages
    assert len(pages) == 2
    heads = [page.extract_text().splitlines()[0] for page in pages]
    assert subject not in heads[0]  # the first page has its banner and TO/FROM block
    assert heads[1].startswith(subject)
    with zipfile.ZipFile(out / "reset-with-russia.bigmemo.docx") as package:
        document = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        headers = {
            name: package.read(name).decode()
            for name in package.namelist()
            if name.startswith("word/header")
        }
    assert "<w:titlePg/>" in document  # Word's "different first page"
    kinds = dict(re.findall(r'<w:headerReference w:type="(\w+)" r:id="(rId\d+)"', document))
    target = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    assert subject in headers["word/" + target[kinds["default"]]]
    assert subject not in headers["word/" + target[kinds["first"]]]
