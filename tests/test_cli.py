"""The command line as a user meets it, and the shape of the package behind it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE

from briefgen.cli import main


def test_essay_command_shows_numbered_paragraphs_links_and_removals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["essay", str(SAMPLE / "essay.txt"), "--width", "2000"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(
        "essay.txt: 18 paragraphs, 2 links, 5 removed; in 'en' (detected)"
    )
    assert "¶3   To understand why another reset" in out
    assert "Resetting relations with Russia was the Obama administration’s first major" in out
    assert "¶18  It may be that no one" in out
    assert "line 17: https://www.themoscowtimes.com/author/ruth-deyermond" in out
    assert "(caption): President Joe Biden" in out
    assert "(related-article): Related article: Russia Bans 92 U.S. Citizens" in out


def test_missing_essay(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["essay", str(tmp_path / "none.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(tmp_path / "none.txt"))
    assert "\n" not in err


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rendr"]) == 2
    assert "No such command 'rendr'" in capsys.readouterr().err


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "validate", str(SAMPLE / "brief.yaml")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "valid:" in result.stdout
    broken = tmp_path / "brief.yaml"
    broken.write_text("brief: [", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "validate", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            package = ROOT.joinpath(*node.module.split(".")).is_dir()
            # "from briefgen.writers import _ooxml" imports briefgen.writers._ooxml
            found.update(
                (f"{node.module}.{a.name}" for a in node.names) if package else [node.module]
            )
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("briefgen")}


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("tree.py", set()),
        # Every module of a writer's package: the tree, the style and its own folder
        # (writers/docx/oxml/ sees only itself, never the writer above it).
        *(
            (
                module.relative_to(ROOT / "briefgen").as_posix(),
                {"briefgen.tree", "briefgen.style"}
                | {
                    ".".join(own.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                    for own in module.parent.rglob("*.py")
                },
            )
            for module in sorted(ROOT.glob("briefgen/writers/*/**/*.py"))
        ),
        ("model.py", {"briefgen.sentences"}),  # the segmenter imports nothing of ours
    ],
)
def test_arrows_point_one_way(module: str, allowed: set[str]) -> None:
    """Writers see only the tree and the style; the tree and the model import nothing of ours."""
    imported = _imports(ROOT / "briefgen" / module)
    assert imported <= allowed, imported - allowed


def test_only_cli_prints() -> None:
    for path in (ROOT / "briefgen").rglob("*.py"):
        if path.name == "__main__.py" or path.parent.name == "cli":
            continue
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"print", "exit"}, path


def test_essay_json_reads_any_format_by_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import json

    from briefgen.ingest import ingest

    paragraphs = [p.text for p in ingest(SAMPLE / "essay.txt").paragraphs]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    link = '<p>Read <a href="https://example.org/source">the source</a>.</p>'
    page = tmp_path / "essay.txt"  # named .txt, but the content is HTML
    page.write_text(
        f"<!DOCTYPE html><html><body><nav>Menu</nav><article>{body}{link}</article></body></html>"
    )
    assert main(["essay", str(page), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["path"] == str(page)
    assert "Menu" not in json.dumps(data)
    assert [p["text"] for p in data["paragraphs"]][:18] == paragraphs
    assert "https://example.org/source" in [link["url"] for link in data["links"]]
    assert {"number", "text", "line"} <= set(data["paragraphs"][0])


def test_debug_is_accepted_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefgen render BRIEF --debug` is where people type it; it must not be "No such
    option", and it must still mean the group's --debug."""
    assert main(["validate", str(tmp_path / "nope.yaml"), "--debug"]) == 2
    err = capsys.readouterr().err
    assert "No such option" not in err
    assert err.startswith(str(tmp_path / "nope.yaml"))


@pytest.mark.parametrize("command", ["render", "batch", "preview"])
def test_out_creates_every_missing_folder_of_its_path(
    command: str, sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--out a/b/c` with a/b missing makes the whole path, as `mkdir -p`, Sphinx and Quarto do."""
    out = tmp_path / "a" / "b" / "c"
    target = sample_dir.parent if command == "batch" else sample_dir / "brief.yaml"
    extra = ["--log-format", "json", "--jobs", "1"] if command == "batch" else []
    assert main([command, str(target), "--out", str(out), *extra]) == 0, capsys.readouterr().err
    assert any(p.suffix == ".pdf" for p in out.rglob("*"))


@pytest.mark.parametrize("command", ["render", "batch", "preview"])
def test_out_that_cannot_be_made_is_one_line_exit_2(
    command: str, sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").write_text("a file, not a folder\n")
    out = tmp_path / "a" / "b"
    target = sample_dir.parent if command == "batch" else sample_dir / "brief.yaml"
    assert main([command, str(target), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(str(out))  # preview names its own folder in it
    assert err.endswith(f": cannot create: {tmp_path / 'a'} is a file, not a folder\n")
    assert len(err.splitlines()) == 1
