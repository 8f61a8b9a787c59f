"""Essays, output names, templates and the output folder when they are wrong or hostile."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, line_of

from briefgen.cli import main

Edit = Callable[[str, str], Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, capsys.readouterr().err.splitlines()


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------------------- essays


@pytest.mark.parametrize(
    ("essay", "message"),
    [
        ("missing.txt", "source.essay: the essay 'missing.txt' does not exist"),
        (
            "../../../etc/passwd",
            "source.essay: '../../../etc/passwd' is outside the brief's folder",
        ),
        ("/etc/passwd", "source.essay: '/etc/passwd' is outside the brief's folder"),
        ("link.txt", "source.essay: 'link.txt' is outside the brief's folder"),
    ],
)
def test_essay_paths(
    edit_brief: Edit, capsys: pytest.CaptureFixture[str], tmp_path: Path, essay: str, message: str
) -> None:
    brief = edit_brief("  essay: essay.txt", f"  essay: {essay}")
    (brief.parent / "link.txt").symlink_to("/etc/passwd")
    code, err = run(capsys, "render", str(brief), "--out", str(tmp_path / "out"))
    assert code == 2
    assert err == [f"{brief}:{line_of(brief, '  essay:')} {message}" + err[0].split(message)[1]]
    assert not (tmp_path / "out").exists()


def test_an_essay_outside_is_read_when_allowed(
    edit_brief: Edit, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shared = tmp_path / "shared-essay.txt"
    shutil.copy(ROOT / "inputs" / "reset-with-russia" / "essay.txt", shared)
    brief = edit_brief("  essay: essay.txt", f"  essay: {shared}")
    code, err = run(capsys, "validate", str(brief), "--allow-outside")
    assert (code, err) == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the essay has no paragraphs"),
        (b"\n\n   \n", "the essay has no paragraphs"),
        (b"caf\xe9 au lait\n", "not UTF-8: byte 0xe9 at offset 3"),
    ],
)
def test_broken_essays(
    sample_dir: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    (sample_dir / "essay.txt").write_bytes(content)
    code, err = run(capsys, "validate", str(sample_dir / "brief.yaml"))
    assert code == 2
    assert len(err) == 1
    assert message in err[0]
    assert str(sample_dir / "essay.txt") in err[0]


def test_a_one_paragraph_essay_grounds_what_it_holds(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sample_dir / "essay.txt").write_text(
        "A reset with Russia would require a reset inside Russia first.\n"
    )
    code, err = run(capsys, "validate", str(sample_dir / "brief.yaml"))
    assert code == 2
    # Every ¶ the brief cites past ¶1 is reported at once: thesis, 7 evidence, 4 counterpoints.
    assert (
        f"{sample_dir / 'brief.yaml'}:34 summary.thesis.paragraph: the essay has no ¶17: it has ¶1 to ¶1"
        in err
    )
    assert len(err) == 12


def test_a_huge_essay_is_refused_by_size(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = sample_dir / "essay.txt"
    with essay.open("r+b") as handle:
        handle.truncate(60_000_000)  # sparse
    code, err = run(capsys, "validate", str(sample_dir / "brief.yaml"))
    assert (code, err) == (
        2,
        [f"{essay}: is 60,000,000 bytes; the limit for an essay is 50,000,000"],
    )


def test_a_10_mb_essay_is_ingested(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    essay = sample_dir / "essay.txt"
    text = essay.read_text("utf-8")
    essay.write_text(
        text + ("\n\nFiller paragraph with words enough to wrap.\n" * 220_000), "utf-8"
    )
    assert essay.stat().st_size > 10_000_000
    code, err = run(capsys, "validate", str(sample_dir / "brief.yaml"))
    assert (code, err) == (0, [])


# ---------------------------------------------------------------------------- output names


@pytest.mark.parametrize(
    ("folder", "stem"),
    [
        ("CON", "con-brief"),
        ("....", "brief"),
        ("Ünïcödé Brief (final!)", "unicode-brief-final"),
        ("x" * 200, "x" * 80),
    ],
)
def test_output_names_are_safe(
    sample_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, folder: str, stem: str
) -> None:
    target = sample_dir.parent / folder
    sample_dir.rename(target)
    out = tmp_path / "out"
    code, err = run(capsys, "render", str(target / "brief.yaml"), "--out", str(out), "-f", "pdf")
    assert (code, err) == (0, [])
    assert files_in(out) == [f"{stem}.pdf"]


@pytest.mark.parametrize("slug", ["../../x", "/etc/passwd", "UPPER", "a b"])
def test_a_declared_slug_must_be_a_plain_name(
    edit_brief: Edit, capsys: pytest.CaptureFixture[str], slug: str
) -> None:
    brief = edit_brief("  template: brief\n", f"  template: brief\n  slug: '{slug}'\n")
    code, err = run(capsys, "validate", str(brief))
    assert code == 2
    assert err == [
        f"{brief}:{line_of(brief, 'slug:')} brief.slug: should be lowercase letters, digits and hyphens"
    ]


# ---------------------------------------------------------------------------- templates


@pytest.fixture
def template(tmp_path: Path) -> Path:
    folder = tmp_path / "house"
    shutil.copytree(ROOT / "templates" / "brief", folder)
    return folder


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ brief.__class__.__init__.__globals__ }}", "is unsafe"),
        ('{% include "../../../../etc/passwd" %}', "cannot include '../../../../etc/passwd'"),
        ('{% include "/etc/passwd" %}', "cannot include '/etc/passwd'"),
        ("{% if %}", "Expected an expression"),
        ("{{ no_such_thing }}", "'no_such_thing' is undefined"),
    ],
)
def test_template_escapes_and_errors_are_reported_with_file_and_line(
    template: Path,
    sample_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    line: str,
    message: str,
) -> None:
    markdown = template / "brief.md.j2"
    lines = markdown.read_text("utf-8").splitlines()
    markdown.write_text("\n".join([*lines[:20], line, *lines[20:]]) + "\n", "utf-8")
    out = tmp_path / "out"
    code, err = run(
        capsys, "render", str(sample_dir / "brief.yaml"), "-t", str(template), "-o", str(out)
    )
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith(f"{markdown}:21: template error: ")
    assert message in err[0]
    assert not out.exists()


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            '  accent: "#1f3a5f"',
            '  accent: "navy-ish"',
            "colours.accent",
            "not a colour of the form #rrggbb",
        ),
        ("  body: Noto Serif", "  body: Comic Serif", "fonts.body", "no ComicSerif-Regular.ttf"),
        ("  size: A4", "  size: A3", "page.size", "should be one of 'A4' or 'letter'"),
        ("  body_size: 9.5", "  body_sise: 9.5", "fonts.body_sise", 'did you mean "body_size"?'),
    ],
)
def test_style_errors_name_the_setting(
    template: Path,
    sample_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    old: str,
    new: str,
    field: str,
    message: str,
) -> None:
    style = template / "style.yaml"
    text = style.read_text("utf-8")
    assert text.count(old) == 1
    style.write_text(text.replace(old, new), "utf-8")
    code, err = run(
        capsys, "render", str(sample_dir / "brief.yaml"), "-t", str(template), "-o", str(tmp_path)
    )
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith(f"{style}:{line_of(style, new.strip())} {field}: ")
    assert message in err[0]


def test_a_missing_template_named_by_the_brief_points_at_the_brief(
    edit_brief: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "  template: house-style\n")
    code, err = run(capsys, "render", str(brief), "-o", str(brief.parent / "out"))
    assert code == 2
    assert err == [
        (
            f"{brief}:{line_of(brief, 'template: house')} brief.template: no template "
            "'house-style' (built-in: brief, memo)"
        )
    ]


# ---------------------------------------------------------------------------- output folder


def _earlier_outputs(
    sample_dir: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, bytes]:
    assert run(capsys, "render", str(sample_dir / "brief.yaml"), "-o", str(out))[0] == 0
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_a_full_disk_leaves_earlier_outputs_whole(
    sample_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit_brief: Edit,
) -> None:
    out = tmp_path / "out"
    before = _earlier_outputs(sample_dir, out, capsys)
    edit_brief("  title: No Reset", "  title: A New Title, No Reset")
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the DOCX is staged; the PDF finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    code, err = run(capsys, "render", str(sample_dir / "brief.yaml"), "-o", str(out))
    assert code == 2
    assert err == [f"{out / 'reset-with-russia.pdf'}: cannot write: the disk is full"]
    # Neither file was replaced (the pair stays consistent), and nothing temporary remains.
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_read_only_folder_is_a_clear_error(
    sample_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    before = _earlier_outputs(sample_dir, out, capsys)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    # Root writes anywhere, so a read-only folder is simulated where briefgen creates files.
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    code, err = run(capsys, "render", str(sample_dir / "brief.yaml"), "-o", str(out))
    assert code == 2
    assert err == [f"{out}: cannot write here: Permission denied"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_output_path_that_is_a_file(
    sample_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder")
    code, err = run(capsys, "render", str(sample_dir / "brief.yaml"), "-o", str(out))
    assert (code, err) == (2, [f"{out}: exists and is not a folder"])
