"""Finding a template by name, through the command line: a misspelt name gets the
closest real one, and `briefgen templates --brief` lists what that brief would see."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, line_of

from briefgen.cli import main
from briefgen.templates import ENV_VAR

BUILTIN = ROOT / "templates"


@pytest.fixture(autouse=True)
def _no_user_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own BRIEFGEN_TEMPLATES must not leak into these tests."""
    monkeypatch.delenv(ENV_VAR, raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def own_template(brief_folder: Path, name: str) -> Path:
    """A template in the brief's own templates/ folder: a copy of the built-in memo."""
    folder = brief_folder / "templates" / name
    shutil.copytree(BUILTIN / "memo", folder)
    return folder


# ------------------------------------------------------------------ did you mean


def test_a_misspelt_template_option_says_which_was_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = run(
        ["render", str(SAMPLE / "brief.yaml"), "--template", "memoo", "--out", str(out)], capsys
    )
    assert (code, err) == (
        2,
        ["template: no template 'memoo' (built-in: brief, memo); did you mean \"memo\"?"],
    )
    assert not out.exists()


def test_a_misspelt_brief_template_is_named_with_its_line(
    edit_brief: Callable[[str, str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "  template: breif\n")
    own_template(brief.parent, "house")
    code, _, err = run(["render", str(brief), "--out", str(tmp_path / "out")], capsys)
    line = line_of(brief, "template: breif")
    assert (code, err) == (
        2,
        [
            (
                f"{brief}:{line} brief.template: no template 'breif' "
                '(yours: house; built-in: brief, memo); did you mean "brief"?'
            )
        ],
    )


def test_the_names_include_the_briefs_own_templates(
    edit_brief: Callable[[str, str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "  template: hose\n")
    own_template(brief.parent, "house")
    code, _, err = run(["validate", str(brief)], capsys)
    assert code == 0  # validate checks the brief, not its template
    code, _, err = run(["render", str(brief), "--out", str(tmp_path / "out")], capsys)
    assert code == 2
    assert err[0].endswith(
        "no template 'hose' (yours: house; built-in: brief, memo); did you mean \"house\"?"
    )


def test_a_name_like_none_gets_no_guess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["render", str(SAMPLE / "brief.yaml"), "-t", "quarterly", "--out", str(tmp_path)], capsys
    )
    assert (code, err) == (2, ["template: no template 'quarterly' (built-in: brief, memo)"])


def test_templates_copy_of_a_misspelt_name_says_which_was_meant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "mine"
    code, out, err = run(["templates", "copy", "memoo", str(dest)], capsys)
    assert (code, out, err) == (
        2,
        [],
        ["template: no template 'memoo' (built-in: brief, memo); did you mean \"memo\"?"],
    )
    assert not dest.exists()


def test_a_missing_template_folder_is_named_as_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "mybrand"
    code, _, err = run(
        ["render", str(SAMPLE / "brief.yaml"), "-t", f"{missing}/", "--out", str(tmp_path)], capsys
    )
    assert (code, err) == (
        2,
        [f"template: no template folder '{missing}' (built-in: brief, memo)"],
    )


# ------------------------------------------------------------------ templates --brief


def test_templates_brief_lists_the_briefs_own_first_and_marks_its_pick(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "  template: house\n")
    house = own_template(brief.parent, "house")
    code, out, err = run(["templates", "--brief", str(brief)], capsys)
    assert (code, err) == (0, [])
    names = [line.split()[0] for line in out if not line.startswith(" ")]
    assert names == ["house", "brief", "memo"]
    assert out[0].startswith("house  own ")
    assert out[1].strip() == str(house)
    assert out[2].strip() == f"picked by {brief} (brief.template: house)"
    assert sum("picked by" in line for line in out) == 1


def test_the_briefs_own_template_hides_the_built_in_of_that_name(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = sample_dir / "brief.yaml"  # brief.template: brief
    mine = own_template(sample_dir, "brief")
    code, out, _ = run(["templates", "--brief", str(brief)], capsys)
    assert code == 0
    assert out[1].strip() == f"{mine} (shadows {BUILTIN / 'brief'})"
    assert out[2].strip() == f"picked by {brief} (brief.template: brief)"
    assert out[4].strip() == f"{BUILTIN / 'brief'} (hidden by {mine})"
    assert sum("picked by" in line for line in out) == 1


def test_a_brief_without_brief_template_picks_the_default(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "")
    code, out, _ = run(["templates", "--brief", str(brief)], capsys)
    assert code == 0
    assert out[:3] == [
        out[0],
        f"{' ' * 17}{BUILTIN / 'brief'}",
        f"{' ' * 17}picked by {brief} (it sets no brief.template; 'brief' is the default)",
    ]


def test_a_template_given_by_path_is_shown_as_the_pick(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "  template: brands/mine/\n")
    shutil.copytree(BUILTIN / "memo", brief.parent / "brands" / "mine")
    code, out, _ = run(["templates", "--brief", str(brief)], capsys)
    assert code == 0
    assert out[-3].startswith("mine   path ")
    assert out[-2].strip() == str(brief.parent / "brands" / "mine")
    assert out[-1].strip() == f"picked by {brief} (brief.template: brands/mine/)"


def test_a_brief_picking_no_template_is_listed_then_refused(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    brief = edit_brief("  template: brief\n", "  template: memoo\n")
    code, out, err = run(["templates", "--brief", str(brief)], capsys)
    line = line_of(brief, "template: memoo")
    assert code == 2
    assert [line.split()[0] for line in out if not line.startswith(" ")] == ["brief", "memo"]
    assert not any("picked by" in line for line in out)
    message = "no template 'memoo' (built-in: brief, memo); did you mean \"memo\"?"
    assert err == [f"{brief}:{line} brief.template: {message}"]


def test_templates_copy_with_brief_finds_the_briefs_own(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_template(sample_dir, "house")
    dest = tmp_path / "copy"
    brief = str(sample_dir / "brief.yaml")
    code, _, err = run(["templates", "--brief", brief, "copy", "house", str(dest)], capsys)
    assert (code, err) == (0, [])
    assert (dest / "brief.md.j2").is_file()


def test_brief_and_templates_together_are_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["templates", "--brief", str(SAMPLE / "brief.yaml"), "--templates", str(tmp_path)], capsys
    )
    assert code == 2
    assert err[-1] == (
        "Error: --brief lists the folders `render` searches for that brief, which takes no "
        "--templates: give one or the other"
    )


def test_templates_brief_takes_the_briefs_folder_as_render_does(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_template(sample_dir, "house")
    code, out, err = run(["templates", "--brief", str(sample_dir)], capsys)
    assert (code, err) == (0, [])
    assert out[0].startswith("house  own ")
    assert f"picked by {sample_dir / 'brief.yaml'} (brief.template: brief)" in [
        line.strip() for line in out
    ]
