"""`briefgen render` end to end: the sample brief in DOCX and PDF, read back by real tools."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
import yaml
from docx import Document as open_docx
from pypdf import PdfReader
from readers import (
    docx_body_text,
    docx_footnotes_text,
    in_order,
    pdf_pages,
    pdf_text,
    soffice_to_pdf,
    squash,
)

from briefgen.cli import main

EPOCH = "1732492800"  # 2024-11-25T00:00:00Z


def render(brief: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return main(["render", str(brief), "--out", str(out), *extra])


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import SAMPLE

    out = tmp_path_factory.mktemp("out")
    with pytest.MonkeyPatch.context() as mp:
        assert render(SAMPLE / "brief.yaml", out, mp) == 0
    return out


def expected_pieces() -> list[str]:
    from conftest import SAMPLE

    data = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    summary = data["summary"]
    pieces = [data["brief"]["title"], summary["bottom_line"]]
    pieces += [e["claim"] for e in summary["evidence"]]
    pieces += [r["action"] for r in summary["recommendations"]]
    return [squash(p).replace("'", "’") for p in pieces]


def test_render_writes_both_files(sample_out: Path) -> None:
    assert sorted(p.name for p in sample_out.iterdir()) == [
        "reset-with-russia.docx",
        "reset-with-russia.pdf",
    ]


def test_docx_and_pdf_carry_the_same_text_in_order(sample_out: Path) -> None:
    pieces = expected_pieces()
    docx = docx_body_text(sample_out / "reset-with-russia.docx")
    pdf = pdf_text(sample_out / "reset-with-russia.pdf")
    assert in_order(docx.replace("'", "’"), pieces) == []
    assert in_order(pdf.replace("'", "’"), pieces) == []


def test_citations_are_notes_in_both(sample_out: Path) -> None:
    notes = docx_footnotes_text(sample_out / "reset-with-russia.docx")
    assert "Ruth Deyermond, ¶17." in notes
    assert "Ruth Deyermond, ¶15." in notes
    # The PDF's notes stand at the foot of the page that cites them, as Word's do.
    first_page = PdfReader(str(sample_out / "reset-with-russia.pdf")).pages[0].extract_text()
    assert "Ruth Deyermond, ¶17." in first_page
    assert "Notes" not in pdf_text(sample_out / "reset-with-russia.pdf")


def test_pdf_passes_qpdf_and_has_outline_links_fonts(sample_out: Path) -> None:
    path = sample_out / "reset-with-russia.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == []
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.get("/DescendantFonts", [font])[0]
                descriptor = descendant.get("/FontDescriptor")
                assert descriptor is not None, font.get("/BaseFont")
                assert "/FontFile2" in descriptor, font.get("/BaseFont")
    reader = PdfReader(str(path))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    nested = [i.title for item in reader.outline if isinstance(item, list) for i in item]
    assert "No Reset Without a Reset Inside Russia" in titles
    assert {"Evidence", "Recommendations"} <= set(titles + nested)
    uris = {
        annot.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    }
    assert "https://www.themoscowtimes.com/author/ruth-deyermond" in uris
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "No Reset Without a Reset Inside Russia"
    assert meta.author == "Russia and Eurasia Desk, Policy Planning"
    assert "Russia" in (meta.get("/Keywords") or "")


def test_pdf_fits_two_pages_with_page_x_of_y(sample_out: Path) -> None:
    path = sample_out / "reset-with-russia.pdf"
    pages = pdf_pages(path)
    assert pages <= 2
    text = pdf_text(path)
    assert f"Page 1 of {pages}" in text
    assert "OFFICIAL – FOR INTERNAL USE" in text


@pytest.mark.slow
def test_libreoffice_lays_the_docx_out_on_two_pages(sample_out: Path, tmp_path: Path) -> None:
    converted = soffice_to_pdf(sample_out / "reset-with-russia.docx", tmp_path)
    assert pdf_pages(converted) <= 2
    text = pdf_text(converted)
    assert in_order(text.replace("'", "’"), expected_pieces()[:3]) == []
    assert "Page 1 of" in text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_libreoffice_sets_the_docx_in_the_fonts_it_carries(
    sample_out: Path, tmp_path: Path
) -> None:
    # No Noto on this machine for LibreOffice to find: only the faces the DOCX embeds.
    converted = soffice_to_pdf(sample_out / "reset-with-russia.docx", tmp_path, fonts=False)
    fonts = subprocess.run(
        ["pdffonts", str(converted)], capture_output=True, text=True, check=True
    ).stdout
    used = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Bold"} <= used, fonts
    assert not any("DejaVu" in name or "Liberation" in name for name in used), fonts
    assert pdf_pages(converted) == pdf_pages(sample_out / "reset-with-russia.pdf")


def test_same_input_same_bytes(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert render(sample_dir / "brief.yaml", tmp_path / "a", monkeypatch) == 0
    assert render(sample_dir / "brief.yaml", tmp_path / "b", monkeypatch) == 0
    for name in ("reset-with-russia.docx", "reset-with-russia.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_markup_and_scripts_print_literally(
    edit_brief: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_brief(
        "  title: No Reset Without a Reset Inside Russia",
        "  title: Перезагрузка невозможна — η επανεκκίνηση είναι αδύνατη",
    )
    brief = edit_brief(
        "      claim: The Kremlin would read U.S. outreach as weakness to exploit.",
        "      claim: 'AT&T <b> *x* {{ y }} </para> # | :::'",
    )
    assert render(brief, tmp_path, monkeypatch) == 0
    literal = "AT&T <b> *x* {{ y }} </para> # | :::"
    pdf = pdf_text(tmp_path / "reset-with-russia.pdf")
    docx = docx_body_text(tmp_path / "reset-with-russia.docx")
    assert literal in pdf
    assert literal in docx
    assert "Перезагрузка невозможна — η επανεκκίνηση είναι αδύνατη" in pdf
    assert "Перезагрузка невозможна — η επανεκκίνηση είναι αδύνατη" in docx


def test_invalid_brief_writes_nothing(
    edit_brief: Callable[[str, str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    brief = edit_brief("quote: Putin has put visceral", "quote: Putin has put visible")
    out = tmp_path / "out"
    assert render(brief, out, monkeypatch) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "summary.evidence[5].quote: not found in the essay" in err[0]
    assert not out.exists()


def test_only_the_asked_format(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", out, monkeypatch, "--format", "pdf") == 0
    assert [p.name for p in out.iterdir()] == ["reset-with-russia.pdf"]


def test_bad_format_is_a_usage_error(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert render(sample_dir / "brief.yaml", tmp_path / "o", monkeypatch, "--format", "odt") == 2
    assert "choose from docx, pdf" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_missing_output_parents_are_made_and_a_file_in_the_way_is_a_clear_error(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "no" / "such" / "dir"
    assert render(sample_dir / "brief.yaml", out, monkeypatch) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "reset-with-russia.docx",
        "reset-with-russia.pdf",
    ]
    capsys.readouterr()
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", "utf-8")
    assert render(sample_dir / "brief.yaml", blocker / "out", monkeypatch) == 2
    assert capsys.readouterr().err == (
        f"{blocker / 'out'}: cannot create: {blocker} is a file, not a folder\n"
    )


# --------------------------------------------------------------------------- output names


def wrote(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The names of the files the last commands said they wrote."""
    return [
        Path(line.removeprefix("wrote ")).name
        for line in capsys.readouterr().out.split("\n")
        if line.startswith("wrote ")
    ]


def test_each_template_writes_files_named_after_it_and_none_overwrites_another(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    brief = sample_dir / "brief.yaml"
    assert render(brief, out, monkeypatch) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert render(brief, out, monkeypatch, "--template", "memo") == 0

    assert wrote(capsys) == [
        "reset-with-russia.docx",
        "reset-with-russia.pdf",
        "reset-with-russia.memo.docx",
        "reset-with-russia.memo.pdf",
    ]
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in first} == first
    assert pdf_pages(out / "reset-with-russia.pdf") == 2
    assert pdf_pages(out / "reset-with-russia.memo.pdf") == 1  # the memo's own layout
    assert "DECISION MEMO" in pdf_text(out / "reset-with-russia.memo.pdf")
    assert "DECISION MEMO" in docx_body_text(out / "reset-with-russia.memo.docx").upper()


def test_the_name_follows_the_template_used_however_it_was_chosen(
    edit_brief: Callable[[str, str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    brief = edit_brief("  template: brief\n", "  template: memo\n")
    assert render(brief, tmp_path / "own", monkeypatch) == 0
    assert render(brief, tmp_path / "override", monkeypatch, "--template", "brief") == 0
    assert wrote(capsys) == [
        "reset-with-russia.memo.docx",
        "reset-with-russia.memo.pdf",
        "reset-with-russia.docx",  # the default template, asked for by --template
        "reset-with-russia.pdf",
    ]


@pytest.mark.parametrize(
    ("folder", "name"),
    [("house", "reset-with-russia.house"), ("Maison Mémo", "reset-with-russia.maison-memo")],
)
def test_a_template_given_by_path_is_named_after_its_folder(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    folder: str,
    name: str,
) -> None:
    template = tmp_path / folder
    assert main(["templates", "copy", "memo", str(template)]) == 0
    capsys.readouterr()
    out = tmp_path / "out"
    assert render(sample_dir / "brief.yaml", out, monkeypatch, "-t", f"{template}/") == 0
    assert wrote(capsys) == [f"{name}.docx", f"{name}.pdf"]
    monkeypatch.chdir(template)
    assert render(sample_dir / "brief.yaml", out, monkeypatch, "-t", ".") == 0
    assert wrote(capsys) == [f"{name}.docx", f"{name}.pdf"]


def test_the_batch_writes_the_names_render_writes_and_keeps_them_up_to_date(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import shutil

    inputs = tmp_path / "inputs"
    shutil.copytree(sample_dir, inputs / "plain")
    shutil.copytree(sample_dir, inputs / "memo")
    memo = inputs / "memo" / "brief.yaml"
    memo.write_text(
        memo.read_text("utf-8").replace("  template: brief\n", "  template: memo\n"), "utf-8"
    )
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    for rendered in (2, 0):
        args = ["batch", str(inputs), "--out", str(out), "--report", str(report), "--no-index"]
        assert main(args) == 0, capsys.readouterr().err
        assert json.loads(report.read_text("utf-8"))["rendered"] == rendered
    assert sorted(p.name for p in out.iterdir() if p.suffix in {".docx", ".pdf"}) == [
        "memo.memo.docx",
        "memo.memo.pdf",
        "plain.docx",
        "plain.pdf",
    ]


# --------------------------------------------------------------------------- a folder as BRIEF


def test_a_folder_stands_for_the_brief_in_it_for_render_validate_and_preview(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    brief = sample_dir / "brief.yaml"
    out = tmp_path / "out"
    assert render(sample_dir, out, monkeypatch) == 0
    assert wrote(capsys) == ["reset-with-russia.docx", "reset-with-russia.pdf"]
    assert main(["render", f"{sample_dir}/", "--out", str(tmp_path / "slash")]) == 0
    assert wrote(capsys) == ["reset-with-russia.docx", "reset-with-russia.pdf"]

    assert main(["validate", str(sample_dir)]) == 0
    assert capsys.readouterr().out.startswith(f"{brief}: valid: 7 evidence")

    assert main(["preview", str(sample_dir), "--out", str(out)]) == 0
    assert wrote(capsys) == [
        "reset-with-russia.pdf",
        "reset-with-russia-page-1.png",
        "reset-with-russia-page-2.png",
    ]
    assert (out / "preview" / "reset-with-russia.pdf").is_file()


@pytest.mark.parametrize(
    ("present", "chosen"),
    [
        (["brief.json"], "brief.json"),
        (["brief.yml"], "brief.yml"),
        (["brief.json", "brief.yaml"], "brief.yaml"),  # as batch: brief.yaml first
    ],
)
def test_the_folders_brief_is_found_as_the_batch_finds_it(
    sample_dir: Path, capsys: pytest.CaptureFixture[str], present: list[str], chosen: str
) -> None:
    import json

    import yaml

    data = yaml.safe_load((sample_dir / "brief.yaml").read_text("utf-8"))
    (sample_dir / "brief.yaml").unlink()
    for name in present:
        text = json.dumps(data, default=str) if name.endswith(".json") else yaml.safe_dump(data)
        (sample_dir / name).write_text(text, "utf-8")
    assert main(["validate", str(sample_dir)]) == 0
    assert capsys.readouterr().out.startswith(f"{sample_dir / chosen}: valid: ")


@pytest.mark.parametrize("command", ["render", "validate", "preview"])
def test_a_folder_without_a_brief_is_one_line_naming_it_and_what_was_looked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    folder = tmp_path / "empty"
    (folder / "brief.yaml").mkdir(parents=True)  # a folder of that name is not a brief
    out = tmp_path / "out"
    args = [command, str(folder)] + ([] if command == "validate" else ["--out", str(out)])
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"{folder}: is a folder with no brief in it "
        "(looked for brief.yaml, brief.yml, brief.json)\n"
    )
    assert not out.exists()


def test_a_brief_without_prepared_by_names_no_author_not_the_essays(
    edit_brief: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The brief summarises Ruth Deyermond's essay; she did not write the brief, so its
    metadata must not say she did."""
    brief = edit_brief("  prepared_by: Russia and Eurasia Desk, Policy Planning\n", "")
    assert render(brief, tmp_path / "out", monkeypatch) == 0
    meta = PdfReader(str(tmp_path / "out" / "reset-with-russia.pdf")).metadata
    assert meta is not None
    assert "Deyermond" not in (meta.author or "")
    props = open_docx(str(tmp_path / "out" / "reset-with-russia.docx")).core_properties
    assert "Deyermond" not in props.author
