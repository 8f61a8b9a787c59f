"""Text inside a brief: markup stays text, every script renders or is named, sizes lay out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from readers import docx_body_text, pdf_pages, pdf_text
from sample_doc import default_style, sample_document

from briefgen.cli import main
from briefgen.tree import Document, Para, Table, Text
from briefgen.writers.docx import render_docx
from briefgen.writers.pdf import render_pdf

Edit = Callable[[str, str], Path]
CLAIM = "      claim: The Kremlin would read U.S. outreach as weakness to exploit."
POINT = "      point: Keeping engagement in view is the pragmatic course."


def render(brief: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["render", str(brief), "--out", str(out)])
    return code, capsys.readouterr().err


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


MARKUP = [
    "AT&T and &amp; and &lt;",
    '<b>bold?</b> </para> <font name="x">',
    "**not strong** __nor this__ # not a heading",
    "`not code` ``neither``",
    '{{ 7*7 }} and {% include "/etc/passwd" %}',
    "::: callout",
    "[a link](https://example.org) <https://example.org>",
]


@pytest.mark.parametrize("text", MARKUP)
def test_markup_prints_literally_in_both_formats(
    edit_brief: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    brief = edit_brief(CLAIM, f"      claim: {yaml_quoted(text)}")
    code, err = render(brief, tmp_path, capsys)
    assert (code, err) == (0, "")
    assert text in pdf_text(tmp_path / "reset-with-russia.pdf")
    assert text in docx_body_text(tmp_path / "reset-with-russia.docx")


def test_a_pipe_in_a_table_cell_stays_in_its_cell(
    edit_brief: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief(POINT, "      point: 'Engagement | pragmatism | both'")
    code, _ = render(brief, tmp_path, capsys)
    assert code == 0
    assert "Engagement | pragmatism | both" in docx_body_text(tmp_path / "reset-with-russia.docx")
    assert "Engagement | pragmatism | both" in pdf_text(tmp_path / "reset-with-russia.pdf")


def test_scripts_the_fonts_lack_are_named_in_a_warning(
    edit_brief: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Reset 😀 中文 日本語 שלום مرحبا"
    brief = edit_brief(CLAIM, f"      claim: {yaml_quoted(text)}")
    code, err = render(brief, tmp_path, capsys)
    assert code == 0
    (warning,) = err.strip().splitlines()
    assert warning.startswith(f"{brief}: warning: the PDF's fonts (Noto Serif, Noto Sans)")
    assert "😀 (U+1F600 GRINNING FACE)" in warning
    assert "中 (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)" in warning
    assert "ש (U+05E9 HEBREW LETTER SHIN)" in warning
    assert "empty boxes in the PDF" in warning
    # Both files are written and reopen; Word and LibreOffice fall back to other fonts.
    assert text in docx_body_text(tmp_path / "reset-with-russia.docx")
    assert pdf_pages(tmp_path / "reset-with-russia.pdf") >= 1


def test_scripts_the_fonts_cover_render_without_warning(
    edit_brief: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Latin Extended, combining accents, a zero-width joiner, Cyrillic, Greek.
    text = "Łódź, Cafe\u0301, Ðorđe, a\u200db, Москва, Αθήνα"
    brief = edit_brief(CLAIM, f"      claim: {yaml_quoted(text)}")
    code, err = render(brief, tmp_path, capsys)
    assert (code, err) == (0, "")
    assert text in docx_body_text(tmp_path / "reset-with-russia.docx")
    pdf = pdf_text(tmp_path / "reset-with-russia.pdf")
    assert "Łódź" in pdf
    assert "Москва, Αθήνα" in pdf


def test_a_600_character_word_and_url_lay_out(
    edit_brief: Edit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    word = "x" * 600
    edit_brief(CLAIM, f"      claim: {word}")
    brief = edit_brief(
        "    - https://www.politico.com/news/2024/08/23/ukraine-biden-weapons-restrictions-00176210",
        f"    - https://example.org/{'a' * 600}",
    )
    code, err = render(brief, tmp_path, capsys)
    assert code == 0
    # The words it cannot break run the brief past its two pages: said, never an error.
    over = (
        f"{brief}: warning: the brief template is meant for 2 pages (page.max_pages); "
        "this brief takes 3: shorten it, or choose another template\n"
    )
    assert err in ("", over)
    assert word in docx_body_text(tmp_path / "reset-with-russia.docx")
    assert pdf_text(tmp_path / "reset-with-russia.pdf").replace(" ", "").count("x" * 100) >= 1


def _huge_cell_document() -> Document:
    paragraph = " ".join(f"word{i}" for i in range(2000))
    doc = sample_document()
    table = Table(
        header=((Text("Point"),), (Text("Response"),)), rows=(((Text("A"),), (Text(paragraph),)),)
    )
    return Document(doc.meta, (Para((Text("Before"),)), table, Para((Text("After"),))), ())


def test_a_table_cell_of_2000_words_splits_across_pages(tmp_path: Path) -> None:
    doc = _huge_cell_document()
    pdf = tmp_path / "huge.pdf"
    pdf.write_bytes(render_pdf(doc, default_style()))
    assert pdf_pages(pdf) >= 3
    text = pdf_text(pdf)
    assert "word0" in text
    assert "word1999" in text
    assert text.index("Before") < text.index("word1000") < text.index("After")
    docx = tmp_path / "huge.docx"
    docx.write_bytes(render_docx(doc, default_style()))
    assert "word1999" in docx_body_text(docx)
