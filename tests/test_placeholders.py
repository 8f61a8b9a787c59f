"""Placeholders: an unedited draft is flagged everywhere, and never passes as finished.

Through the command line: `briefgen draft`, then `validate`, `render` and `batch` on what
it wrote, reading the warnings, the exit codes and the page headers of the DOCX and PDF.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE, line_of
from docx import Document as open_docx
from pypdf import PdfReader

from briefgen.cli import main
from briefgen.ingest import ingest
from briefgen.load import load_brief
from briefgen.placeholders import MARKER, find_placeholders

DRAFT_RECOMMENDATION = [
    ("summary.recommendations[0].action", "TODO: write the action, starting with a verb."),
    ("summary.recommendations[0].actor", "TODO: who should act"),
    ("summary.recommendations[0].timeframe", "TODO: by when"),
]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`briefgen draft` run once on the sample essay: a folder with essay.txt, brief.yaml."""
    folder = tmp_path_factory.mktemp("drafted") / "reset-draft"
    folder.mkdir()
    shutil.copy(SAMPLE / "essay.txt", folder / "essay.txt")
    assert main(["draft", str(folder / "essay.txt")]) == 0
    return folder


@pytest.fixture
def draft(drafted: Path, tmp_path: Path) -> Path:
    """A private copy of the drafted folder; returns its brief.yaml."""
    target = tmp_path / drafted.name
    shutil.copytree(drafted, target)
    return target / "brief.yaml"


def set_status(brief: Path, status: str) -> None:
    text = brief.read_text("utf-8")
    assert text.count("status: draft\n") == 1
    brief.write_text(text.replace("status: draft\n", f"status: {status}\n"), "utf-8")


def expected_lines(brief: Path, found: list[tuple[str, str]], suffix: str = "") -> list[str]:
    """The line each placeholder is reported with: file:line field: message."""
    return [
        f'{brief}:{line_of(brief, text)} {field}: placeholder left to fill in ("{text}"){suffix}'
        for field, text in found
    ]


def wrote(stdout: str) -> dict[str, Path]:
    """The files a render says it wrote, by suffix."""
    paths = [Path(line.removeprefix("wrote ")) for line in stdout.splitlines()]
    return {path.suffix: path for path in paths}


def docx_header(path: Path) -> str:
    """The first page's header; every later page's (a memo's names its subject) must
    carry the same marking."""
    section = open_docx(str(path)).sections[0]
    first = section.header.paragraphs[0].text
    if section.different_first_page_header_footer:
        later, first = first, section.first_page_header.paragraphs[0].text
        assert later.split("\t")[-1] == first.split("\t")[-1]
    return str(first)


def pdf_page_heads(path: Path, words: int) -> list[str]:
    """The first ``words`` words on every page of the PDF: its running header."""
    return [" ".join(page.extract_text().split()[:words]) for page in PdfReader(path).pages]


# --------------------------------------------------------------------------- the rule


def test_the_marker_is_the_one_draft_writes() -> None:
    from briefgen import draft

    assert MARKER is draft.TODO


def test_every_value_draft_marks_is_found_and_nothing_else(drafted: Path) -> None:
    brief = drafted / "brief.yaml"
    marked = [
        number
        for number, line in enumerate(brief.read_text("utf-8").splitlines(), start=1)
        if not line.lstrip().startswith("#") and MARKER in line
    ]
    loaded, source = load_brief(brief)
    found = find_placeholders(loaded)
    assert [source.line(p.loc) for p in found] == marked
    assert [(p.loc[-1], p.text) for p in found] == [
        (field.rsplit(".", 1)[1], text) for field, text in DRAFT_RECOMMENDATION
    ]


def test_the_marker_counts_as_a_word_of_its_own_anywhere_in_any_text(
    edit_brief: Callable[[str, str], Path],
) -> None:
    edit_brief("  status: reviewed\n", "  status: draft\n")
    edit_brief(
        "  subtitle: Why a new U.S.–Russia thaw is out of reach, and what that means for "
        "Ukraine policy\n",
        "  subtitle: TODO\n",
    )
    edit_brief(
        "  keywords: [Russia, United States, Reset, arms control,",
        "  keywords: [Russia, 'TODO: a keyword', 'TODOS los dias, todo el mundo', Reset,",
    )
    brief = edit_brief(
        "  prepared_by: Russia and Eurasia Desk, Policy Planning\n",
        "  prepared_by: Russia Desk (TODO check the name)\n",
    )
    loaded, source = load_brief(brief)
    found = [(p.loc, p.text, source.line(p.loc)) for p in find_placeholders(loaded)]
    assert found == [
        (("brief", "subtitle"), "TODO", line_of(brief, "subtitle: TODO")),
        (
            ("brief", "prepared_by"),
            "Russia Desk (TODO check the name)",
            line_of(brief, "prepared_by:"),
        ),
        (("summary", "keywords", 1), "TODO: a keyword", line_of(brief, "TODO: a keyword")),
    ]


# --------------------------------------------------------------------------- validate


def test_validate_lists_a_drafts_placeholders_and_calls_it_valid_as_a_draft(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(draft)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == expected_lines(draft, DRAFT_RECOMMENDATION)
    assert captured.out.splitlines() == [
        (
            f"{draft}: valid: 6 evidence, 0 counterpoints, 1 recommendations; 7 quotes found "
            "in 18 paragraphs of the essay"
        ),
        (
            f"{draft}: valid as a draft: 3 placeholders left (listed above); a reviewed or "
            "final brief may have none"
        ),
    ]


def test_an_essay_without_byline_or_site_gives_author_and_publisher_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    paragraphs = [p.text for p in ingest(SAMPLE / "essay.txt").paragraphs]
    (folder / "essay.txt").write_text("\n\n".join(paragraphs) + "\n", "utf-8")
    assert main(["draft", str(folder / "essay.txt")]) == 0
    brief = folder / "brief.yaml"
    capsys.readouterr()

    assert main(["validate", str(brief)]) == 0
    captured = capsys.readouterr()
    found = [("source.author", "TODO: author"), ("source.publisher", "TODO: publisher")]
    assert captured.err.splitlines() == expected_lines(brief, found + DRAFT_RECOMMENDATION)
    assert "valid as a draft: 5 placeholders left (listed above)" in captured.out


def test_a_draft_without_placeholders_is_simply_valid(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  status: reviewed\n", "  status: draft\n")
    assert main(["validate", str(brief)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith(f"{brief}: valid: 7 evidence")
    assert "valid as a draft" not in captured.out


@pytest.mark.parametrize("status", ["reviewed", "final"])
def test_a_finished_brief_with_a_placeholder_is_invalid_and_renders_nothing(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str
) -> None:
    set_status(draft, status)
    suffix = f", but the brief's status is {status}: fill it in, or set status: draft"
    expected = expected_lines(draft, DRAFT_RECOMMENDATION, suffix)

    assert main(["validate", str(draft)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", expected)

    out = tmp_path / "out"
    assert main(["render", str(draft), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err.splitlines()) == ("", expected)
    assert not out.exists()


def test_placeholder_errors_come_with_the_briefs_other_problems(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_status(draft, "final")
    text = draft.read_text("utf-8")
    draft.write_text(text.replace("paragraph: 17", "paragraph: 40", 1), "utf-8")
    assert main(["validate", str(draft)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4
    assert lines[0].endswith("summary.thesis.paragraph: the essay has no ¶40: it has ¶1 to ¶18")
    assert all("placeholder left to fill in" in line for line in lines[1:])


# --------------------------------------------------------------------------- render


@pytest.mark.parametrize(("template", "left"), [("brief", "Policy brief"), ("memo", "")])
def test_a_rendered_draft_warns_and_says_draft_on_every_page(
    draft: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    template: str,
    left: str,
) -> None:
    out = tmp_path / "out"
    assert main(["render", str(draft), "--out", str(out), "--template", template]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == expected_lines(draft, DRAFT_RECOMMENDATION)
    files = wrote(captured.out)
    assert set(files) == {".docx", ".pdf"}

    assert docx_header(files[".docx"]) == f"{left}\tDRAFT · OFFICIAL"
    head = f"{left} DRAFT · OFFICIAL".strip()
    heads = pdf_page_heads(files[".pdf"], len(head.split()))
    assert heads == [head] * len(heads)
    # The kicker says so too, as before.
    assert re.search(
        r"(POLICY BRIEF|DECISION MEMO) · DRAFT", PdfReader(files[".pdf"]).pages[0].extract_text()
    )


def test_a_multi_page_draft_is_marked_on_every_page_and_keeps_its_own_marking(
    edit_brief: Callable[[str, str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  status: reviewed\n", "  status: draft\n")
    assert main(["render", str(brief), "--out", str(tmp_path)]) == 0
    files = wrote(capsys.readouterr().out)
    marking = "DRAFT · OFFICIAL – FOR INTERNAL USE"
    assert docx_header(files[".docx"]) == f"Policy brief\t{marking}"
    head = f"Policy brief {marking}"
    assert pdf_page_heads(files[".pdf"], len(head.split())) == [head] * 2


def test_a_reviewed_brief_carries_only_its_marking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(SAMPLE / "brief.yaml"), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    files = wrote(captured.out)
    assert docx_header(files[".docx"]) == "Policy brief\tOFFICIAL – FOR INTERNAL USE"
    head = "Policy brief OFFICIAL – FOR INTERNAL USE"
    assert pdf_page_heads(files[".pdf"], len(head.split())) == [head] * 2


def test_a_template_may_translate_the_draft_label(
    draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "entwurf"
    assert main(["templates", "copy", "brief", str(mine)]) == 0
    style = mine / "style.yaml"
    text = style.read_text("utf-8")
    assert "  draft_label: DRAFT" in text
    style.write_text(text.replace("  draft_label: DRAFT", "  draft_label: ENTWURF"), "utf-8")
    capsys.readouterr()

    assert main(["render", str(draft), "--out", str(tmp_path / "out"), "-t", f"{mine}/"]) == 0
    files = wrote(capsys.readouterr().out)
    assert docx_header(files[".docx"]) == "Policy brief\tENTWURF · OFFICIAL"
    assert pdf_page_heads(files[".pdf"], 5)[0] == "Policy brief ENTWURF · OFFICIAL"


# --------------------------------------------------------------------------- batch


def test_the_batch_reports_a_drafts_placeholders_and_fails_a_finished_one(
    drafted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(drafted, inputs / "a-draft")
    shutil.copytree(drafted, inputs / "b-final")
    set_status(inputs / "b-final" / "brief.yaml", "final")
    out, report = tmp_path / "out", tmp_path / "report.json"

    assert main(["batch", str(inputs), "--out", str(out), "--report", str(report)]) == 1
    captured = capsys.readouterr()
    warnings = expected_lines(inputs / "a-draft" / "brief.yaml", DRAFT_RECOMMENDATION)
    for line in warnings:
        assert line in captured.out + captured.err
    briefs = {b["brief"]: b for b in json.loads(report.read_text("utf-8"))["briefs"]}
    assert briefs["a-draft/brief.yaml"]["status"] == "rendered"
    assert briefs["a-draft/brief.yaml"]["warnings"] == warnings
    suffix = ", but the brief's status is final: fill it in, or set status: draft"
    assert briefs["b-final/brief.yaml"]["status"] == "failed"
    assert briefs["b-final/brief.yaml"]["errors"] == expected_lines(
        inputs / "b-final" / "brief.yaml", DRAFT_RECOMMENDATION, suffix
    )
    assert (out / "a-draft.pdf").is_file()
    assert not (out / "b-final.pdf").exists()
