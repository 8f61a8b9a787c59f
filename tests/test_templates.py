"""templates.py: list, find and copy templates; the built-in memo template on one page."""

from __future__ import annotations

import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from readers import docx_body_text, in_order, pdf_pages, pdf_text, soffice_to_pdf, squash

from briefgen.cli import main
from briefgen.errors import BriefgenError, InputError
from briefgen.escape import strip_xml_forbidden
from briefgen.pipeline import render_brief
from briefgen.templates import (
    ENV_VAR,
    TemplateInfo,
    TemplateNotFound,
    builtin_dir,
    copy_template,
    find_template,
    list_templates,
)

EPOCH = "1732492800"  # 2024-11-25T00:00:00Z
BUILTIN = ROOT / "templates"


@pytest.fixture(autouse=True)
def _no_user_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own BRIEFGEN_TEMPLATES must not leak into these tests."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def user_template(root: Path, name: str, description: str) -> Path:
    """A user's template: a copy of the built-in brief with its own description."""
    folder = root / name
    shutil.copytree(BUILTIN / "brief", folder)
    style = folder / "style.yaml"
    data = style.read_text("utf-8")
    old = next(line for line in data.splitlines() if line.startswith("description:"))
    style.write_text(data.replace(old, f"description: {description}"), "utf-8")
    return folder


def rendered(out: Path, suffix: str) -> Path:
    """The one file of that format a render wrote to ``out`` (these tests are about the
    layout; the file's name is pipeline.py's to choose)."""
    (found,) = out.glob(f"reset-with-russia*.{suffix}")
    return found


def by_name(infos: list[TemplateInfo]) -> dict[str, list[TemplateInfo]]:
    found: dict[str, list[TemplateInfo]] = {}
    for info in infos:
        found.setdefault(info.name, []).append(info)
    return found


# ---------------------------------------------------------------------------- listing


def test_the_listing_shows_both_built_ins_with_their_descriptions() -> None:
    infos = list_templates(())
    assert [(i.name, i.builtin) for i in infos] == [("brief", True), ("memo", True)]
    brief, memo = infos
    assert brief.folder == builtin_dir() / "brief"
    assert brief.description.startswith("Two-page policy brief")
    assert memo.description.startswith("One-page decision memo")
    assert all(i.problem is None and i.shadowed_by is None and not i.shadows for i in infos)


def test_a_folder_given_with_templates_is_listed_first_as_the_users(tmp_path: Path) -> None:
    mine = user_template(tmp_path / "mine", "house", "Our house style.")
    infos = list_templates((tmp_path / "mine",))
    assert [(i.name, i.builtin) for i in infos] == [
        ("house", False),
        ("brief", True),
        ("memo", True),
    ]
    assert infos[0].folder == mine
    assert infos[0].description == "Our house style."
    assert infos[0].problem is None


def test_folders_in_the_environment_variable_are_listed_after_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_template(tmp_path / "a", "alpha", "From the first folder.")
    user_template(tmp_path / "b", "beta", "From the second folder.")
    user_template(tmp_path / "cli", "gamma", "From --templates.")
    missing = tmp_path / "no-such-folder"  # skipped, as a PATH entry that is not there
    monkeypatch.setenv(ENV_VAR, f"{tmp_path / 'a'}:{missing}::{tmp_path / 'b'}")
    infos = list_templates((tmp_path / "cli",))
    assert [i.name for i in infos] == ["gamma", "alpha", "beta", "brief", "memo"]
    assert [i.description for i in infos[:3]] == [
        "From --templates.",
        "From the first folder.",
        "From the second folder.",
    ]
    # and rendering finds a template from the environment by its name alone
    assert find_template("beta").folder == tmp_path / "b" / "beta"


def test_a_user_template_shadows_the_built_in_of_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = user_template(tmp_path / "cli", "brief", "Our brief.")
    second = user_template(tmp_path / "env", "brief", "Another brief.")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    briefs = by_name(list_templates((tmp_path / "cli",)))["brief"]
    assert [(i.folder, i.builtin) for i in briefs] == [
        (first, False),
        (second, False),
        (builtin_dir() / "brief", True),
    ]
    winner, hidden, builtin = briefs
    assert winner.shadowed_by is None
    assert winner.shadows == (second, builtin_dir() / "brief")
    assert hidden.shadowed_by == first
    assert builtin.shadowed_by == first
    # find_template looks in the same places in the same order: the listing tells the truth
    assert find_template("brief", (tmp_path / "cli",)).folder == first
    assert find_template("brief").folder == second
    assert find_template("memo", (tmp_path / "cli",)).folder == builtin_dir() / "memo"


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (
            lambda f: f.joinpath("style.yaml").write_text(
                f.joinpath("style.yaml").read_text("utf-8").replace("#1f3a5f", "navy", 1),
                "utf-8",
            ),
            "colours.accent: not a colour of the form #rrggbb: 'navy'",
        ),
        (lambda f: f.joinpath("brief.md.j2").unlink(), "brief.md.j2: missing"),
        (
            lambda f: f.joinpath("brief.md.j2").write_text("{% if %}\n", "utf-8"),
            "brief.md.j2:1: template error: Expected an expression",
        ),
        (lambda f: f.joinpath("style.yaml").write_text("a: [\n", "utf-8"), "not valid YAML"),
    ],
    ids=["bad-colour", "no-markdown", "jinja-syntax", "bad-yaml"],
)
def test_a_broken_user_template_is_listed_with_its_problem(
    tmp_path: Path, damage: Callable[[Path], object], problem: str
) -> None:
    user_template(tmp_path / "mine", "good", "Works.")
    broken = user_template(tmp_path / "mine", "broken", "Our broken one.")
    damage(broken)
    infos = by_name(list_templates((tmp_path / "mine",)))
    (info,) = infos["broken"]
    assert info.problem is not None
    assert "\n" not in info.problem
    assert info.problem.startswith(str(broken))
    assert problem in info.problem
    assert infos["good"][0].problem is None  # the rest of the listing stands
    assert [i.name for i in infos["memo"]] == ["memo"]
    if "colour" in problem:
        assert info.description == "Our broken one."  # read even though it fails to load


def test_a_broken_user_template_shadows_and_fails_by_name(tmp_path: Path) -> None:
    """Falling back to the built-in would hide the user's mistake: the name picks theirs."""
    mine = user_template(tmp_path / "mine", "memo", "Broken memo.")
    (mine / "brief.md.j2").unlink()
    with pytest.raises(InputError) as caught:
        find_template("memo", (tmp_path / "mine",))
    assert [str(p) for p in caught.value.problems] == [
        f"{mine / 'brief.md.j2'}: missing: a template needs this file"
    ]


def test_an_unknown_template_names_the_built_ins() -> None:
    with pytest.raises(TemplateNotFound) as caught:
        find_template("house-style")
    assert [str(p) for p in caught.value.problems] == [
        "template: no template 'house-style' (built-in: brief, memo)"
    ]


def test_a_bare_name_is_looked_up_and_the_error_says_how_to_mean_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_template("memo", tmp_path / "mybrand", ())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TemplateNotFound) as caught:
        find_template("mybrand")
    assert [str(p) for p in caught.value.problems] == [
        (
            "template: no template 'mybrand' (built-in: brief, memo); "
            "for the folder 'mybrand', write 'mybrand/'"
        )
    ]
    assert find_template("mybrand/").style.name == "mybrand"


# ---------------------------------------------------------------------------- copying


@pytest.mark.parametrize("name", ["brief", "memo"])
def test_a_copy_is_a_folder_that_renders_the_sample(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "mybrand"
    assert copy_template(name, dest, ()) == dest
    assert sorted(p.name for p in dest.iterdir()) == ["brief.md.j2", "style.yaml"]
    assert (dest / "brief.md.j2").read_bytes() == (BUILTIN / name / "brief.md.j2").read_bytes()
    style = yaml.safe_load((dest / "style.yaml").read_text("utf-8"))
    assert style["name"] == "mybrand"  # the copy names itself; all else as it was
    original = yaml.safe_load((BUILTIN / name / "style.yaml").read_text("utf-8"))
    assert {**style, "name": name} == original

    out = tmp_path / "out"
    code = main(["render", str(SAMPLE / "brief.yaml"), "--template", str(dest), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "No Reset Without a Reset Inside Russia" in pdf_text(rendered(out, "pdf"))
    if name == "memo":
        assert pdf_pages(rendered(out, "pdf")) == 1


def test_a_copy_can_be_edited_even_if_its_source_is_read_only(tmp_path: Path) -> None:
    """An installed package may ship read-only files; the user's copy is theirs."""
    source = shutil.copytree(BUILTIN / "memo", tmp_path / "site" / "memo")
    for path in source.iterdir():
        path.chmod(0o444)
    source.chmod(0o555)
    try:
        copy = copy_template(str(source), tmp_path / "mine", ())
    finally:
        source.chmod(0o755)
    for path in [copy, *copy.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) & stat.S_IWUSR, path


def test_a_copy_goes_into_an_empty_folder_and_finds_user_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_template(tmp_path / "env", "house", "Our house style.")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    dest = tmp_path / "empty"
    dest.mkdir()
    copy_template("house", dest, ())
    assert yaml.safe_load((dest / "style.yaml").read_text("utf-8"))["description"] == (
        "Our house style."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "env"]  # no leftovers


def test_copying_over_a_non_empty_folder_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "mybrand"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(InputError) as caught:
        copy_template("memo", dest, ())
    assert [str(p) for p in caught.value.problems] == [
        f"{dest}: already exists and is not empty; name a new folder (nothing was copied)"
    ]
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mybrand"]


def test_copying_onto_a_file_or_into_the_template_itself_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "taken"
    file.write_text("x", "utf-8")
    with pytest.raises(InputError, match="already exists and is not a folder"):
        copy_template("memo", file, ())
    own = user_template(tmp_path / "mine", "house", "Ours.")
    with pytest.raises(InputError, match="is inside the template being copied"):
        copy_template("house", own / "copy", (tmp_path / "mine",))
    with pytest.raises(TemplateNotFound):
        copy_template("no-such-template", tmp_path / "new", ())
    assert not (tmp_path / "new").exists()


# ---------------------------------------------------------------------------- the memo


@pytest.fixture(scope="module")
def memo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("memo")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(ENV_VAR, raising=False)
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        code = main(["render", str(SAMPLE / "brief.yaml"), "--template", "memo", "--out", str(out)])
    assert code == 0
    return out


def memo_pieces() -> list[str]:
    """What the memo must say, in its order: title, bottom line, every action."""
    data = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    summary = data["summary"]
    pieces = ["Decision memo", data["brief"]["title"], summary["bottom_line"]]
    pieces += [r["action"] for r in summary["recommendations"]]
    return [squash(p).replace("'", "’") for p in pieces]


def test_the_memo_renders_the_sample_on_one_page(memo_out: Path) -> None:
    pdf = rendered(memo_out, "pdf")
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf).replace("'", "’")
    assert in_order(text.upper(), [p.upper() for p in memo_pieces()]) == []
    assert "Page 1 of 1" in text


def test_the_memo_docx_says_what_the_pdf_says(memo_out: Path) -> None:
    text = docx_body_text(rendered(memo_out, "docx")).replace("'", "’")
    assert in_order(text.upper(), [p.upper() for p in memo_pieces()]) == []


def test_a_brief_picks_the_memo_by_name(
    edit_brief: Callable[[str, str], Path], tmp_path: Path
) -> None:
    brief = edit_brief("  template: brief\n", "  template: memo\n")
    assert main(["render", str(brief), "--format", "pdf", "--out", str(tmp_path)]) == 0
    assert pdf_pages(rendered(tmp_path, "pdf")) == 1


@pytest.mark.slow
def test_libreoffice_lays_the_memo_docx_out_on_one_page(memo_out: Path, tmp_path: Path) -> None:
    converted = soffice_to_pdf(rendered(memo_out, "docx"), tmp_path)
    assert pdf_pages(converted) == 1
    text = pdf_text(converted).replace("'", "’")
    assert in_order(text.upper(), [p.upper() for p in memo_pieces()]) == []


# Markdown's own characters, a trailing backslash (the memo's TO/FROM lines end in a hard
# break) and any other Unicode a brief may hold.
_text = (
    st.text(
        st.one_of(
            st.sampled_from(list("\\*_`[]()<>#|:!~&{}%-+. ")),
            st.characters(exclude_categories=("Cs",)),
        ),
        min_size=1,
        max_size=40,
    )
    .map(strip_xml_forbidden)
    .filter(lambda t: t.strip() != "")
)


@pytest.mark.slow
@settings(max_examples=max(10, settings.default.max_examples // 10))
@given(who=_text, title=_text, action=_text, point=_text)
def test_the_memo_prints_any_text_as_itself(who: str, title: str, action: str, point: str) -> None:
    data = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    data["brief"].update(prepared_for=f"W0 {who}", prepared_by=None, title=f"T0 {title}")
    data["summary"]["recommendations"][0]["action"] = f"A0 {action}"
    data["summary"]["counterpoints"][0]["point"] = f"P0 {point}"
    with tempfile.TemporaryDirectory() as scratch:
        folder = shutil.copytree(SAMPLE, Path(scratch) / "brief")
        (folder / "brief.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        try:
            result = render_brief(folder / "brief.yaml", Path(scratch) / "out", template="memo")
        except BriefgenError as err:
            assert all("limit" in p.message for p in err.problems), err  # noqa: PT017
            return
        docx_path, pdf_path = (o.path for o in result.outputs)
        body = docx_body_text(docx_path).replace("'", "’")
        for expected in (f"W0 {who}", f"T0 {title}", f"A0 {action}", f"P0 {point}"):
            assert squash(expected).replace("'", "’") in body
        text = pdf_text(pdf_path)
        for marker in ("W0", "T0", "A0", "P0"):
            assert marker in text
