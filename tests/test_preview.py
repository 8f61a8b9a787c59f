"""`briefgen preview`: the brief rendered to PDF, then one PNG per page, named by page,
in a folder of its own so that a render's files are never touched."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE
from PIL import Image

from briefgen.errors import BriefgenError, InputError
from briefgen.pipeline import render_brief
from briefgen.preview import first_page_png, page_count, preview_brief, preview_pages


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    result = render_brief(SAMPLE / "brief.yaml", out, ("pdf",))
    return result.outputs[0].path


def test_the_sample_gives_two_pages_that_open_as_upright_a4(tmp_path: Path) -> None:
    result = preview_brief(SAMPLE / "brief.yaml", tmp_path)

    assert [p.name for p in result.pages] == [
        "reset-with-russia-page-1.png",
        "reset-with-russia-page-2.png",
    ]
    assert result.render.pages == 2
    assert [p.name for p in tmp_path.iterdir()] == ["preview"]
    assert sorted(p.name for p in (tmp_path / "preview").iterdir()) == [
        "reset-with-russia-page-1.png",
        "reset-with-russia-page-2.png",
        "reset-with-russia.pdf",  # only the PDF: a preview needs no DOCX
    ]
    for page in result.pages:
        with Image.open(page) as image:
            image.verify()
        with Image.open(page) as image:
            assert image.format == "PNG"
            assert image.size in {(595, 842), (596, 842)}  # A4 at 72 dpi
            darkest, lightest = image.convert("L").getextrema()
            assert lightest - darkest > 150  # ink on paper, not a blank page


def test_scale_sizes_the_pictures(sample_pdf: Path, tmp_path: Path) -> None:
    [first, _] = preview_pages(sample_pdf, tmp_path, scale=2)
    with Image.open(first) as image:
        assert image.size[1] == 1684


def test_the_same_pdf_gives_the_same_names_and_bytes(sample_pdf: Path, tmp_path: Path) -> None:
    one = preview_pages(sample_pdf, tmp_path / "one")
    two = preview_pages(sample_pdf, tmp_path / "two")

    assert [p.name for p in one] == [p.name for p in two]
    digests = [[hashlib.sha256(p.read_bytes()).hexdigest() for p in run] for run in (one, two)]
    assert digests[0] == digests[1]


def test_pages_a_shorter_pdf_no_longer_has_are_removed(sample_pdf: Path, tmp_path: Path) -> None:
    stale = tmp_path / f"{sample_pdf.stem}-page-3.png"
    other = tmp_path / "another-brief-page-3.png"
    stale.write_bytes(b"old")
    other.write_bytes(b"not ours")

    preview_pages(sample_pdf, tmp_path)

    assert not stale.exists()
    assert other.exists()


def test_first_page_png_and_page_count(sample_pdf: Path) -> None:
    png, pages = first_page_png(sample_pdf, 0.5)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert pages == page_count(sample_pdf) == 2


def test_a_broken_brief_fails_as_render_does_and_writes_nothing(
    edit_brief: Callable[[str, str], Path], tmp_path: Path
) -> None:
    brief = edit_brief("  status: reviewed\n", "  status: published\n")
    out = tmp_path / "out"
    with pytest.raises(InputError) as rendered:
        render_brief(brief, out)

    with pytest.raises(InputError) as previewed:
        preview_brief(brief, out)

    assert [str(p) for p in previewed.value.problems] == [str(p) for p in rendered.value.problems]
    assert previewed.value.exit_code == 2
    assert not out.exists()


@pytest.mark.parametrize(
    "content", [b"", b"%PDF-1.4 half a file", b"not a pdf at all"], ids=["empty", "cut", "text"]
)
def test_a_file_that_is_not_a_pdf_is_one_problem(content: bytes, tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(content)
    with pytest.raises(BriefgenError) as caught:
        preview_pages(pdf, tmp_path / "out")
    [problem] = caught.value.problems
    assert problem.file == pdf
    assert problem.message.startswith("cannot read the PDF")


@pytest.mark.parametrize("scale", [0, -1, 9])
def test_a_silly_scale_is_refused(sample_pdf: Path, tmp_path: Path, scale: float) -> None:
    with pytest.raises(InputError, match="scale"):
        preview_pages(sample_pdf, tmp_path, scale)


def test_preview_never_touches_the_files_render_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefgen.cli import main

    out = tmp_path / "out"
    brief = str(SAMPLE / "brief.yaml")
    assert main(["render", brief, "--out", str(out)]) == 0
    assert main(["render", brief, "--out", str(out), "--template", "memo"]) == 0
    rendered = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(rendered) == [
        "reset-with-russia.docx",
        "reset-with-russia.memo.docx",
        "reset-with-russia.memo.pdf",
        "reset-with-russia.pdf",
    ]
    capsys.readouterr()

    assert main(["preview", brief, "--out", str(out)]) == 0
    assert main(["preview", brief, "--out", str(out), "--template", "memo"]) == 0

    folder = out / "preview"
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {folder / 'reset-with-russia.pdf'}",
        f"wrote {folder / 'reset-with-russia-page-1.png'}",
        f"wrote {folder / 'reset-with-russia-page-2.png'}",
        f"wrote {folder / 'reset-with-russia.memo.pdf'}",
        f"wrote {folder / 'reset-with-russia.memo-page-1.png'}",
    ]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == rendered
    assert page_count(folder / "reset-with-russia.pdf") == 2
    assert page_count(folder / "reset-with-russia.memo.pdf") == 1
