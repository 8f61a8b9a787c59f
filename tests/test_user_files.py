"""Files the user may have edited (`draft`, `schema --out`): one rule for writing them,
through the command line.  An edited file is refused without --force, an identical one
is "up to date", missing folders are created, and a draft's comments give commands that
work from where the user stands."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.schema import brief_schema
from briefgen.userfiles import REFUSAL

ESSAY = """\
Why Sanctions Need Patience

Economic sanctions rarely change a government's course within a single year. Their effect \
builds slowly, as reserves run down and supply chains are forced to reroute.

The U.S. and its European partners imposed export controls on advanced semiconductors in \
2022. Those controls have raised the cost of weapons production, even if they have not halted it.

Enforcement matters more than announcements. Without sustained enforcement, third countries \
become conduits for restricted goods and the whole regime leaks.
"""

SCHEMA = json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def essay_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    essay = folder / "essay.txt"
    essay.write_text(ESSAY, "utf-8")
    return essay


def suggested(brief: Path, command: str) -> list[str]:
    """The arguments of the `briefgen COMMAND …` line in the comments of a draft."""
    for line in brief.read_text("utf-8").splitlines():
        found = re.fullmatch(rf"#\s+briefgen ({command} .+)", line)
        if found:
            return shlex.split(found.group(1))
    raise AssertionError(f"no `briefgen {command}` in the comments of {brief}")


# ------------------------------------------------ the commands in a draft's comments


def test_the_commands_in_a_draft_work_from_the_repository_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    essay_in(tmp_path / "inputs" / "sanctions")
    monkeypatch.chdir(tmp_path)
    assert run(["draft", "inputs/sanctions/essay.txt"], capsys)[0] == 0
    brief = Path("inputs/sanctions/brief.yaml")
    assert suggested(brief, "essay") == ["essay", "inputs/sanctions/essay.txt"]
    assert suggested(brief, "validate") == ["validate", "inputs/sanctions/brief.yaml"]
    for command in ("essay", "validate"):  # a draft's placeholders may be warned about
        code, out, _ = run(suggested(brief, command), capsys)
        assert code == 0, command
    assert out[0].startswith("inputs/sanctions/brief.yaml: valid")


def test_the_commands_in_a_draft_written_elsewhere_are_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = essay_in(tmp_path / "essays")
    here = tmp_path / "somewhere else"
    here.mkdir()
    monkeypatch.chdir(here)
    brief = tmp_path / "briefs" / "brief.yaml"
    code, out, _ = run(["draft", str(essay), "--out", str(brief)], capsys)
    assert code == 0
    assert out == [
        f"wrote {brief}: write every TODO, then `briefgen validate --allow-outside {brief}`"
    ]
    assert suggested(brief, "essay") == ["essay", str(essay)]
    # The essay is not in the brief's folder: validate needs to be told that is meant.
    assert suggested(brief, "validate") == ["validate", "--allow-outside", str(brief)]
    for command in ("essay", "validate"):
        assert run(suggested(brief, command), capsys)[0] == 0, command


def test_a_path_with_spaces_is_quoted_for_the_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    essay_in(tmp_path / "my briefs" / "x")
    monkeypatch.chdir(tmp_path)
    assert run(["draft", "my briefs/x/essay.txt"], capsys)[0] == 0
    brief = Path("my briefs/x/brief.yaml")
    assert "#   briefgen essay 'my briefs/x/essay.txt'" in brief.read_text("utf-8")
    assert run(suggested(brief, "essay"), capsys)[0] == 0


# ------------------------------------------------ never replace the user's edits


def test_schema_out_writes_then_is_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.schema.json"
    assert run(["schema", "--out", str(target)], capsys) == (0, [f"wrote {target}"], [])
    assert target.read_text("utf-8") == SCHEMA
    assert run(["schema", "--out", str(target)], capsys) == (0, [f"{target} is up to date"], [])


def test_schema_out_refuses_an_edited_file_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.schema.json"
    target.write_text('{"my": "tuned schema"}\n', "utf-8")
    code, out, err = run(["schema", "--out", str(target)], capsys)
    assert (code, out, err) == (2, [], [f"{target}: already exists; pass --force to overwrite it"])
    assert target.read_text("utf-8") == '{"my": "tuned schema"}\n'
    assert run(["schema", "--out", str(target), "--force"], capsys) == (0, [f"wrote {target}"], [])
    assert target.read_text("utf-8") == SCHEMA


def test_draft_refuses_in_the_same_words_and_is_up_to_date_when_unedited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = essay_in(tmp_path / "x")
    brief = tmp_path / "x" / "brief.yaml"
    assert run(["draft", str(essay)], capsys)[0] == 0
    drafted = brief.read_text("utf-8")
    code, out, err = run(["draft", str(essay)], capsys)
    assert (code, out, err) == (
        0,
        [f"{brief} is up to date: it is this very draft, not yet edited"],
        [],
    )
    brief.write_text(drafted.replace("TODO: who should act", "The NSC"), "utf-8")
    code, out, err = run(["draft", str(essay)], capsys)
    assert (code, out, err) == (2, [], [f"{brief}: {REFUSAL}"])
    assert "The NSC" in brief.read_text("utf-8")
    assert run(["draft", str(essay), "--force"], capsys)[0] == 0
    assert brief.read_text("utf-8") == drafted


def test_draft_with_a_model_refuses_an_existing_file_before_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = essay_in(tmp_path / "x")
    brief = tmp_path / "x" / "brief.yaml"
    brief.write_text("# mine\n", "utf-8")
    # Port 9 (discard) is never asked: the refusal comes first.
    code, out, err = run(["draft", str(essay), "--llm", "http://127.0.0.1:9/v1"], capsys)
    assert (code, out, err) == (2, [], [f"{brief}: {REFUSAL}"])
    assert brief.read_text("utf-8") == "# mine\n"


def test_a_folder_is_not_overwritten_as_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    code, _, err = run(["schema", "--out", str(folder), "--force"], capsys)
    assert (code, err) == (2, [f"{folder}: is a folder; name a file to write"])


# ------------------------------------------------ folders created as mkdir -p


def test_draft_and_schema_create_the_folders_on_the_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    essay = essay_in(tmp_path / "x")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["draft", str(essay), "--out", "a/b/c/brief.yaml"], capsys)
    assert (code, err) == (0, [])
    assert (tmp_path / "a" / "b" / "c" / "brief.yaml").is_file()
    code, _, err = run(["schema", "--out", "d/e/schema.json"], capsys)
    assert (code, err) == (0, [])
    assert (tmp_path / "d" / "e" / "schema.json").read_text("utf-8") == SCHEMA


@pytest.mark.parametrize("command", ["draft", "schema"])
def test_a_file_in_the_way_of_the_folders_is_one_line_exit_2(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    essay = essay_in(tmp_path / "x")
    (tmp_path / "a").write_text("a file, not a folder\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    target = Path("a/b/out.yaml")
    given = [str(essay)] if command == "draft" else []
    code, out, err = run([command, *given, "--out", str(target)], capsys)
    assert (code, out, err) == (
        2,
        [],
        ["a/b: cannot create: a is a file, not a folder"],
    )
    assert (tmp_path / "a").read_text("utf-8") == "a file, not a folder\n"
