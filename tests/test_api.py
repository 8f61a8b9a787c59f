"""briefgen from Python: validate, render and batch as a pipeline calls them, no CLI."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import ROOT, line_of
from library import copy_template, make_library
from pypdf import PdfReader

import briefgen
import briefgen.api
from briefgen.batch import LOCK_NAME, Shard
from briefgen.batch.events import Event, Finished

Edit = Callable[[str, str], Path]

MADE_UP = (
    "quote: the conditions that made it both desirable and possible have vanished",
    "quote: the conditions that made it both necessary and possible have disappeared",
)
"""An edit of the sample whose quote then stands nowhere in the essay."""


def run_python(code: str, cwd: Path = ROOT) -> str:
    """``code`` in a fresh interpreter (what a first ``import briefgen`` does); its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# --------------------------------------------------------------------------- the package


def test_import_is_cheap() -> None:
    heavy = ("pydantic", "docx", "reportlab", "briefgen.pipeline", "briefgen.batch")
    code = f"import sys, briefgen\nprint(sorted(m for m in sys.modules if m.startswith({heavy!r})))"
    assert run_python(code).strip() == "[]"


def test_every_public_name_is_there_and_lazy_ones_are_the_real_classes() -> None:
    from briefgen.batch import BatchSummary, LockedError, Shard
    from briefgen.pipeline import RenderResult

    assert all(hasattr(briefgen, name) for name in briefgen.__all__)
    assert set(briefgen.__all__) <= set(dir(briefgen))
    assert briefgen.Summary is BatchSummary
    assert briefgen.Shard is Shard
    assert briefgen.RenderResult is RenderResult
    assert briefgen.LockedError is LockedError
    assert briefgen.LockedError(problems=[]).exit_code == 75
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        briefgen.nonexistent  # type: ignore[attr-defined]  # noqa: B018


def test_batch_stays_the_function_once_the_batch_package_is_imported() -> None:
    # Importing a submodule sets it on its package: briefgen.batch would become the
    # subpackage after its first call, and the second call would fail.
    code = (
        "import briefgen, briefgen.api\n"
        "import briefgen.batch.run\n"
        "from briefgen.batch import BatchOptions\n"
        "from briefgen import batch\n"
        "print(briefgen.batch is briefgen.api.batch is batch, BatchOptions.__module__)"
    )
    assert run_python(code).split() == ["True", "briefgen.batch.options"]


# --------------------------------------------------------------------------- validate


def test_validate_sample_is_valid(sample_dir: Path) -> None:
    assert briefgen.validate(sample_dir / "brief.yaml") == []
    assert briefgen.validate(str(sample_dir / "brief.yaml")) == []


def test_validate_returns_every_problem_with_file_line_and_field(edit_brief: Edit) -> None:
    edit_brief(*MADE_UP)
    path = edit_brief(
        "arms reduction.'\n      paragraph: 9", "arms reduction.'\n      paragraph: 3"
    )
    problems = briefgen.validate(path)
    where = [(p.file, p.line, p.field) for p in problems]
    assert where == [
        (path, line_of(path, "necessary and possible"), "summary.evidence[0].quote"),
        (path, line_of(path, "paragraph: 3"), "summary.evidence[1].paragraph"),
    ]
    assert problems[0].message.startswith("not found in the essay")


def test_validate_locates_a_schema_problem(edit_brief: Edit) -> None:
    path = edit_brief("\nsummary:\n", "\nsummary:\n  bottom_lines: one\n")
    [problem] = briefgen.validate(path)
    assert (problem.file, problem.line) == (path, line_of(path, "bottom_lines:"))
    assert problem.field == "summary.bottom_lines"
    assert "unknown key 'bottom_lines'" in problem.message


def test_validate_reports_a_missing_brief_as_its_problem(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "brief.yaml"
    [problem] = briefgen.validate(path)
    assert (problem.file, problem.field) == (path, None)
    assert "no such file" in problem.message


def test_validate_refuses_an_essay_outside_unless_allowed(sample_dir: Path) -> None:
    outside = sample_dir.parent / "elsewhere"
    outside.mkdir()
    (sample_dir / "essay.txt").rename(outside / "essay.txt")
    path = sample_dir / "brief.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("essay: essay.txt", "essay: ../elsewhere/essay.txt"), "utf-8")
    [problem] = briefgen.validate(path)
    assert problem.field == "source.essay"
    assert "outside the brief's folder" in problem.message
    assert briefgen.validate(path, allow_outside=True) == []


# --------------------------------------------------------------------------- render


def test_render_writes_both_files_and_returns_their_paths(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = briefgen.render(str(sample_dir / "brief.yaml"), out)
    assert isinstance(result, briefgen.RenderResult)
    paths = [o.path for o in result.outputs]
    assert paths == [out / "reset-with-russia.docx", out / "reset-with-russia.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    text = "\n".join(p.text for p in docx.Document(str(paths[0])).paragraphs)
    assert "No Reset Without a Reset Inside Russia" in text
    reader = PdfReader(paths[1])
    assert result.pages == len(reader.pages) >= 1
    assert "Reset" in reader.pages[0].extract_text()
    assert result.warnings == ()


def test_render_writes_the_formats_asked_for(sample_dir: Path, tmp_path: Path) -> None:
    result = briefgen.render(sample_dir / "brief.yaml", tmp_path / "a", formats="pdf")
    assert [o.path.name for o in result.outputs] == ["reset-with-russia.pdf"]
    result = briefgen.render(sample_dir / "brief.yaml", tmp_path / "b", formats=["DOCX"])
    assert [o.path.name for o in result.outputs] == ["reset-with-russia.docx"]
    assert result.pages is None


@pytest.mark.parametrize("formats", ["odt", "", ("pdf", "html"), ()])
def test_render_refuses_an_unknown_format_and_writes_nothing(
    sample_dir: Path, tmp_path: Path, formats: str | tuple[str, ...]
) -> None:
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.render(sample_dir / "brief.yaml", tmp_path / "out", formats=formats)
    assert caught.value.exit_code == 2
    [problem] = caught.value.problems
    assert problem.field == "formats"
    assert "choose from docx, pdf" in problem.message
    assert not (tmp_path / "out").exists()


def test_render_of_a_bad_brief_raises_and_writes_nothing(edit_brief: Edit, tmp_path: Path) -> None:
    path = edit_brief(*MADE_UP)
    out = tmp_path / "out"
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.render(path, out)
    assert caught.value.exit_code == 2
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == (path, "summary.evidence[0].quote")
    assert str(problem) in str(caught.value)
    assert not out.exists()


def test_render_takes_a_path_template_as_a_folder_and_a_str_as_a_name(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_template(tmp_path / "mybrand")
    monkeypatch.chdir(tmp_path)
    result = briefgen.render(sample_dir / "brief.yaml", "out", template=Path("mybrand"))
    assert result.template.resolve() == (tmp_path / "mybrand").resolve()
    assert [o.path.parent for o in result.outputs] == [Path("out"), Path("out")]
    assert all(o.path.is_file() for o in result.outputs)
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.render(sample_dir / "brief.yaml", "out", template="mybrand")
    [problem] = caught.value.problems
    assert "no template 'mybrand'" in problem.message
    assert "write 'mybrand/'" in problem.message


# --------------------------------------------------------------------------- batch


@pytest.fixture
def library(tmp_path: Path) -> set[str]:
    """Three briefs under tmp_path/lib; their keys."""
    return {b.key for b in make_library(tmp_path / "lib", 3)}


def test_batch_renders_then_skips(library: set[str], tmp_path: Path) -> None:
    events: list[Event] = []
    summary = briefgen.batch(tmp_path / "lib", tmp_path / "out", jobs=2, on_event=events.append)
    assert isinstance(summary, briefgen.Summary)
    assert (summary.rendered, summary.skipped, summary.failed) == (3, 0, 0)
    assert summary.exit_code == 0
    assert {b.brief for b in summary.briefs} == library
    rendered = [e.to_json() for e in events if isinstance(e, Finished)]
    assert {e["brief"] for e in rendered if e["event"] == "rendered"} == library
    assert (tmp_path / "out" / "index.html").is_file()
    again = briefgen.batch(str(tmp_path / "lib"), str(tmp_path / "out"), jobs=2)
    assert (again.rendered, again.skipped, again.exit_code) == (0, 3, 0)


def test_batch_counts_a_failed_brief_without_raising(library: set[str], tmp_path: Path) -> None:
    broken = tmp_path / "lib" / "brief-001" / "brief.yaml"
    broken.write_text("brief: [\n", "utf-8")
    summary = briefgen.batch(tmp_path / "lib", tmp_path / "out", jobs=2, index=False)
    assert (summary.rendered, summary.failed, summary.exit_code) == (2, 1, 1)
    [failed] = [b for b in summary.briefs if b.status == "failed"]
    assert failed.brief == "brief-001/brief.yaml"
    assert not (tmp_path / "out" / "index.html").exists()


def test_batch_dry_run_writes_nothing(library: set[str], tmp_path: Path) -> None:
    summary = briefgen.batch(tmp_path / "lib", tmp_path / "out", dry_run=True)
    assert (summary.rendered, summary.dry_run) == (3, True)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("second", ["2/2", Shard(2, 2)])
def test_batch_shards_together_cover_every_brief_once(
    library: set[str], tmp_path: Path, second: str | Shard
) -> None:
    shards = []
    for shard in ("1/2", second):
        summary = briefgen.batch(tmp_path / "lib", tmp_path / "out", jobs=2, shard=shard)
        assert summary.exit_code == 0
        shards.append({b.brief for b in summary.briefs if b.status == "rendered"})
    assert shards[0] | shards[1] == library
    assert not shards[0] & shards[1]


@pytest.mark.parametrize(
    ("options", "field", "reason"),
    [
        ({"shard": "3/2"}, "shard", "'3/2': K must be between 1 and N"),
        ({"shard": "x"}, "shard", "'x' is not of the form K/N"),
        ({"shard": ""}, "shard", "'' is not of the form K/N"),
        ({"shard": Shard(0, 2)}, "shard", "0/2: K must be between 1 and N"),
        ({"jobs": 0}, "jobs", "must be at least 1"),
        ({"wait": -1.0}, "wait", "must be 0 seconds or more"),
        ({"formats": "pdf,odt"}, "formats", "unknown format(s) 'odt'"),
    ],
)
def test_batch_bad_usage_raises_with_exit_2_and_writes_nothing(
    library: set[str], tmp_path: Path, options: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.batch(tmp_path / "lib", tmp_path / "out", **options)
    assert caught.value.exit_code == 2
    [problem] = caught.value.problems
    assert problem.field == field
    assert reason in problem.message
    assert not (tmp_path / "out").exists()


def test_batch_without_an_inputs_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(briefgen.BriefgenError) as caught:
        briefgen.batch(tmp_path / "missing", tmp_path / "out")
    assert caught.value.exit_code == 2
    assert caught.value.problems[0].file == tmp_path / "missing"


def test_batch_on_a_folder_another_run_holds_raises_locked(
    library: set[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with (out / LOCK_NAME).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another run holds it
        with pytest.raises(briefgen.LockedError) as caught:
            briefgen.batch(tmp_path / "lib", out, wait=0)
    assert isinstance(caught.value, briefgen.BriefgenError)
    assert caught.value.exit_code == 75
    assert "another briefgen batch is writing to" in str(caught.value)
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


def test_batch_from_a_worker_thread(library: set[str], tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=1) as threads:  # as Prefect's task runner calls it
        task = threads.submit(briefgen.batch, tmp_path / "lib", tmp_path / "out", jobs=1)
        summary = task.result(timeout=120)
    assert summary.rendered == 3


# --------------------------------------------------------------------------- default_jobs


def test_default_jobs_is_the_affinity_capped_by_the_cgroup_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cpu_max = tmp_path / "cpu.max"
    monkeypatch.setattr(briefgen.api, "_CPU_MAX", cpu_max)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert briefgen.default_jobs() == 4  # no cgroup v2 file
    cpu_max.write_text("max 100000\n")
    assert briefgen.default_jobs() == 4
    cpu_max.write_text("150000 100000\n")
    assert briefgen.default_jobs() == 2  # 1.5 CPUs, rounded up
    cpu_max.write_text("1000 100000\n")
    assert briefgen.default_jobs() == 1
    cpu_max.write_text("800000 100000\n")
    assert briefgen.default_jobs() == 4  # a quota above the affinity does not add CPUs
    cpu_max.write_text("garbage\n")
    assert briefgen.default_jobs() == 4


# --------------------------------------------------------------------------- types

USER_SCRIPT = """
from __future__ import annotations

from pathlib import Path

import briefgen


def task(folder: Path) -> int:
    problems: list[briefgen.Problem] = briefgen.validate(folder / "brief.yaml")
    if problems:
        return 2
    result: briefgen.RenderResult = briefgen.render(str(folder / "brief.yaml"), formats=["pdf"])
    pages: int | None = result.pages
    first: Path = result.outputs[0].path
    try:
        summary: briefgen.Summary = briefgen.batch(
            "inputs", Path("out"), shard=briefgen.Shard(1, 2), on_event=lambda event: None
        )
    except briefgen.LockedError as err:
        return err.exit_code
    except briefgen.BriefgenError as err:
        return len(err.problems)
    jobs: int = briefgen.default_jobs()
    version: str = briefgen.__version__
    return summary.exit_code + jobs + len(version) + (pages or 0) + len(first.name)
"""

WRONG_SCRIPT = """
import briefgen

pages: int = briefgen.render("brief.yaml").pages
briefgen.validate(3)
briefgen.batch("inputs", jobs="4")
briefgen.nonexistent
"""


@pytest.mark.slow  # mypy reads all of briefgen, cold: 6-14 s on two shared cores
def test_a_user_script_type_checks_against_the_api(tmp_path: Path) -> None:
    """mypy --strict, as a pipeline's own CI runs it: from outside the repository, so
    briefgen is found as an installed package, which mypy reads only with py.typed."""
    (tmp_path / "user.py").write_text(USER_SCRIPT, "utf-8")
    (tmp_path / "wrong.py").write_text(WRONG_SCRIPT, "utf-8")

    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", "cache"]
    done = subprocess.run(
        [*command, "user.py", "wrong.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[:2] for line in errors] == [
        ["wrong.py", "4"],  # int | None is not int
        ["wrong.py", "5"],  # a path, not an int
        ["wrong.py", "6"],  # jobs is an int
        ["wrong.py", "7"],  # no such name: the lazy __getattr__ is hidden from mypy
    ], done.stdout + done.stderr
