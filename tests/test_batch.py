"""`briefgen batch` as a scheduler runs it: through the command line, judged by what it
writes (outputs that open, a manifest that parses), what it prints and its exit code.

Most runs are `main([...])` in-process on libraries of a few briefs; signals, a killed
run and two runs at once need real processes, each in its own process group so that
whatever a test leaves running is killed in its `finally`.  One library of 200 briefs,
built once for the module, proves the incremental run at scale.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE
from docx import Document as open_docx
from library import (
    LibraryBrief,
    break_quote,
    change_essay,
    change_title,
    copy_template,
    make_library,
    sample_data,
    write_brief,
)
from pypdf import PdfReader

from briefgen.batch import LOCK_NAME, Shard
from briefgen.cli import main
from briefgen.outputs import TEMP_PREFIX
from briefgen.pipeline import render_brief

TIMEOUT = 90
"""Seconds any one subprocess may take before the test fails instead of hanging."""
ANSI = re.compile(r"\x1b\[")
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True, slots=True)
class Run:
    """One in-process `briefgen batch`: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def events(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.out.splitlines()]

    def briefs(self, *kinds: str) -> list[str]:
        return [e["brief"] for e in self.events if e["event"] in kinds]

    @property
    def summary(self) -> dict[str, Any]:
        last = self.events[-1]
        assert last["event"] == "summary", last
        return last


def batch(*args: str | Path, log: str = "json") -> Run:
    """`briefgen batch ARGS` through `cli.main`, as the console script runs it."""
    argv = ["batch", *map(str, args), "--log-format", log]
    if "--jobs" not in argv:
        argv += ["--jobs", "2"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Run(code, out.getvalue(), err.getvalue())


def keys(briefs: list[LibraryBrief]) -> set[str]:
    return {b.key for b in briefs}


def read_manifest(out: Path, name: str = "manifest.json") -> dict[str, dict[str, Any]]:
    """The manifest's briefs; fails unless it is whole, valid JSON of the known version."""
    data = json.loads((out / name).read_text("utf-8"))
    assert data["version"] == 1
    briefs: dict[str, dict[str, Any]] = data["briefs"]
    return briefs


def is_temporary(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(".tmp")


def check_whole(path: Path) -> None:
    """``path`` opens as what its name says: a PDF pypdf reads, a DOCX python-docx reads."""
    if path.suffix == ".pdf":
        assert path.read_bytes().rstrip().endswith(b"%%EOF"), f"{path.name}: truncated"
        assert len(PdfReader(path, strict=True).pages) >= 1
    elif path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, f"{path.name}: a damaged part"
        open_docx(str(path))
    elif path.suffix == ".json":
        json.loads(path.read_text("utf-8"))
    else:
        pytest.fail(f"unexpected file in the output folder: {path.name}")


def visible_outputs(out: Path) -> set[str]:
    """Check every file in ``out``: visible ones whole, hidden ones only the lock or
    briefgen's temporaries.  Returns the visible output names (manifests excluded)."""
    names = set()
    for path in out.iterdir():
        if path.name.startswith("."):
            assert path.name.startswith(LOCK_NAME) or is_temporary(path.name), path.name
            continue
        if path.name == "thumbs" and path.is_dir():  # index.html's thumbnails
            continue
        if path.suffix == ".html":  # index.html, checked in test_index_page.py
            assert path.read_text("utf-8").rstrip().endswith("</html>"), path.name
            continue
        check_whole(path)
        if path.suffix != ".json":
            names.add(path.name)
    return names


def outputs_of(briefs: list[LibraryBrief]) -> set[str]:
    return {name for b in briefs for name in b.outputs}


def mtimes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix in {".pdf", ".docx"}}


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=TIMEOUT)
    return child.pid


def plant_dead_writers_temporary(out: Path) -> Path:
    """A temporary as a writer killed on this host leaves it: its pid is gone."""
    host = re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname())[:40]
    leftover = out / f"{TEMP_PREFIX}{host}-{dead_pid()}-abc123.tmp"
    leftover.write_bytes(b"%PDF-1.4 half a file")
    return leftover


HELD_BATCH = Path(__file__).with_name("held_batch.py")


@dataclass(frozen=True, slots=True)
class Gate:
    """Where a test holds a brief: its worker waits after rendering it, before reporting it
    back, until released (see held_batch.py).  The kill, the signal or the second run then
    lands at that point on any machine, fast or slow."""

    folder: Path

    def hold(self, brief: LibraryBrief) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{brief.folder.name}.hold").touch()

    def release(self, brief: LibraryBrief) -> None:
        (self.folder / f"{brief.folder.name}.hold").unlink(missing_ok=True)

    def reached(self, brief: LibraryBrief) -> bool:
        return (self.folder / f"{brief.folder.name}.reached").exists()


class BatchProcess:
    """`briefgen batch ...` in its own process group, behind a gate; stdout read as it grows."""

    def __init__(self, args: list[str | Path], cwd: Path, logs: Path, gate: Gate) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout = logs / "stdout.txt"
        self.stderr = logs / "stderr.txt"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        command = [sys.executable, str(HELD_BATCH), str(gate.folder), *map(str, args)]
        with self.stdout.open("w") as out, self.stderr.open("w") as err:
            self.proc = subprocess.Popen(
                command, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True
            )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def events(self) -> list[dict[str, Any]]:
        text = self.stdout.read_text("utf-8")
        complete = text[: text.rfind("\n") + 1]  # the last line may be half written
        return [json.loads(line) for line in complete.splitlines()]

    def err(self) -> str:
        return self.stderr.read_text("utf-8")

    def wait_for(
        self, done: Callable[[list[dict[str, Any]]], bool], timeout: float = TIMEOUT
    ) -> list[dict[str, Any]]:
        """Poll until ``done(events)``; fails if the run ends first or never gets there.

        What the run must reach is held at a gate, so the bound only stops a broken run
        from hanging the suite; no test depends on how fast the machine is.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.events()
            if done(events):
                return events
            if self.proc.poll() is not None:
                pytest.fail(f"batch ended ({self.proc.returncode}) too early: {self.err()}")
            time.sleep(0.02)
        pytest.fail(f"batch did not get there in {timeout} s: {self.events()[-3:]}")

    def wait_at(self, gate: Gate, brief: LibraryBrief) -> list[dict[str, Any]]:
        """Until the run's worker waits at the gate with ``brief`` rendered."""
        return self.wait_for(lambda _: gate.reached(brief))

    def finish(self, timeout: float = TIMEOUT) -> int:
        return self.proc.wait(timeout=timeout)

    def kill_group(self) -> None:
        """SIGKILL the run and every process it started (its workers too)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT)


@contextlib.contextmanager
def batch_process(
    args: list[str | Path], cwd: Path, logs: Path, gate: Gate
) -> Iterator[BatchProcess]:
    run = BatchProcess(args, cwd, logs, gate)
    try:
        yield run
    finally:
        run.kill_group()  # whatever is still running, workers included


def count(kind: str) -> Callable[[list[dict[str, Any]]], int]:
    return lambda events: sum(e["event"] == kind for e in events)


@pytest.fixture(scope="module", autouse=True)
def _warm_parent(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Render the sample once in this process.  The in-process runs fork their workers
    from it, so they start with the writers imported and the fonts loaded instead of
    paying about a second per run for it; what they render is unchanged."""
    render_brief(SAMPLE / "brief.yaml", tmp_path_factory.mktemp("warm"))


@pytest.fixture
def small(tmp_path: Path) -> Callable[..., list[LibraryBrief]]:
    """make(n) → n varied briefs under tmp_path/lib, the same for the same n and seed."""

    def make(n: int, seed: int = 1) -> list[LibraryBrief]:
        return make_library(tmp_path / "lib", n, seed=seed)

    return make


# --------------------------------------------------------------------------- 200 briefs


@dataclass(frozen=True, slots=True)
class BigLibrary:
    inputs: Path
    out: Path
    template: Path
    briefs: list[LibraryBrief]
    first: Run
    report: dict[str, Any]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> BigLibrary:
    """200 varied briefs (5 on the test's own template, some one folder deeper), rendered
    once with --jobs 2; the tests below change a little of it and run again."""
    root = tmp_path_factory.mktemp("big")
    template = copy_template(root / "house-template")
    briefs = make_library(
        root / "inputs", 200, seed=2024, template=template, template_every=40, group_every=7
    )
    first = batch(root / "inputs", "--out", root / "out", "--report", root / "first.json")
    report = json.loads((root / "first.json").read_text("utf-8"))
    return BigLibrary(root / "inputs", root / "out", template, briefs, first, report)


@pytest.mark.slow
def test_big_library_first_run_renders_every_brief_and_every_output_opens(
    big: BigLibrary,
) -> None:
    assert big.first.code == 0, big.first.err
    assert sorted(big.first.briefs("rendered")) == sorted(keys(big.briefs))
    assert big.first.briefs("failed") == []
    assert (big.report["rendered"], big.report["skipped"], big.report["failed"]) == (200, 0, 0)
    assert {b["reason"] for b in big.report["briefs"]} == {"new"}

    assert {p.name for p in big.out.iterdir() if not p.name.startswith(".")} == {
        "manifest.json",
        "index.html",
        "thumbs",
        *outputs_of(big.briefs),
    }
    assert set(read_manifest(big.out)) == keys(big.briefs)
    pages = set()
    for brief in big.briefs:
        docx_name, pdf_name = brief.outputs
        pdf = PdfReader(big.out / pdf_name, strict=True)
        assert pdf.metadata is not None
        assert pdf.metadata.title == brief.title  # each output is its own brief's
        pages.add(len(pdf.pages))
        docx = open_docx(str(big.out / docx_name))
        assert docx.core_properties.title == brief.title
        assert len(docx.paragraphs) > 10
    assert len(pages) > 1, "the library should hold briefs of different lengths"


@pytest.mark.slow
def test_big_library_second_run_renders_nothing_and_says_so(big: BigLibrary) -> None:
    before = mtimes(big.out)
    later = time.time() + 60
    for brief in big.briefs:  # newer mtimes, same content: nothing to do
        os.utime(brief.brief, (later, later))
        os.utime(brief.essay, (later, later))

    run = batch(big.inputs, "--out", big.out, log="text")

    assert run.code == 0, run.err
    assert re.search(
        r"^\S+ rendered 0, up to date 200, failed 0 in [\d.]+ s$", run.out, re.MULTILINE
    )
    assert " rendered brief-" not in run.out
    assert mtimes(big.out) == before


@pytest.mark.slow
@pytest.mark.parametrize("what", ["brief", "essay", "template"])
def test_big_library_change_rerenders_exactly_the_briefs_it_affects(
    big: BigLibrary, what: str
) -> None:
    plain = [b for b in big.briefs if b.template is None]
    if what == "brief":
        affected = [plain[17]]
        change_title(affected[0], f"A Changed Title, run {time.time_ns()}")
    elif what == "essay":
        affected = [plain[101]]
        change_essay(affected[0])
    else:
        affected = [b for b in big.briefs if b.template == big.template]
        style = big.template / "style.yaml"
        style.write_text(
            style.read_text("utf-8").replace('accent: "#1f3a5f"', 'accent: "#1f3a60"'), "utf-8"
        )
    assert affected
    before = mtimes(big.out)

    run = batch(big.inputs, "--out", big.out)

    assert run.code == 0, run.err
    assert sorted(run.briefs("rendered")) == sorted(keys(affected))
    assert sorted(run.briefs("skipped")) == sorted(keys(big.briefs) - keys(affected))
    assert {e["reason"] for e in run.events if e["event"] == "rendered"} == {f"changed: {what}"}
    after = mtimes(big.out)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == outputs_of(affected)
    for name in changed:
        check_whole(big.out / name)
    if what == "brief":
        now_title = read_title(affected[0])
        pdf = PdfReader(big.out / affected[0].outputs[1])
        assert pdf.metadata is not None
        assert pdf.metadata.title == now_title


def read_title(brief: LibraryBrief) -> str:
    title: str = yaml.safe_load(brief.brief.read_text("utf-8"))["brief"]["title"]
    return title


# --------------------------------------------------------------------------- failures


def test_one_broken_brief_fails_alone_and_the_report_names_it(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(6)
    broken = briefs[2]
    field = break_quote(broken)
    good = [b for b in briefs if b is not broken]
    out, report = tmp_path / "out", tmp_path / "report.json"

    run = batch(tmp_path / "lib", "--out", out, "--report", report, log="text")

    assert run.code == 1
    data = json.loads(report.read_text("utf-8"))
    assert (data["rendered"], data["skipped"], data["failed"]) == (5, 0, 1)
    [failed] = [b for b in data["briefs"] if b["status"] == "failed"]
    assert failed["brief"] == broken.key
    assert failed["errors"][0].startswith(f"{broken.brief}:")
    assert f"{field}: not found in the essay (closest: ¶" in failed["errors"][0]
    assert f"FAILED {broken.key}:\n  {failed['errors'][0]}\n" in run.out
    # repeated in the summary
    assert f"  failed: {broken.key}\n    {failed['errors'][0]}" in run.out
    assert visible_outputs(out) == outputs_of(good)

    again = batch(tmp_path / "lib", "--out", out)  # reported on every run until fixed
    assert again.code == 1
    assert again.briefs("failed") == [broken.key]
    assert sorted(again.briefs("skipped")) == sorted(keys(good))

    write_brief(broken.folder, sample_data())
    fixed = batch(tmp_path / "lib", "--out", out)
    assert fixed.code == 0, fixed.err
    assert fixed.briefs("rendered") == [broken.key]
    assert visible_outputs(out) == outputs_of(briefs)


def test_briefs_declaring_the_same_slug_both_fail_and_neither_writes(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(4)
    first, second = briefs[0], briefs[3]
    for brief in (first, second):
        data = sample_data()
        data["brief"]["slug"] = "shared-name"
        write_brief(brief.folder, data)
    out = tmp_path / "out"

    run = batch(tmp_path / "lib", "--out", out)

    assert run.code == 1
    errors = {e["brief"]: e["errors"] for e in run.events if e["event"] == "failed"}
    assert errors == {
        first.key: [f"{first.key}: output name 'shared-name' is also used by {second.key}"],
        second.key: [f"{second.key}: output name 'shared-name' is also used by {first.key}"],
    }
    assert not list(out.glob("shared-name*"))
    assert visible_outputs(out) == outputs_of(briefs[1:3])


def test_a_new_brief_cannot_take_the_outputs_of_a_recorded_one_on_another_template(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """A memo brief writes `<slug>.memo.pdf`; a brief added later with the same slug and
    template must fail instead of overwriting the recorded brief's files."""
    briefs = small(2)
    data = sample_data()
    data["brief"].update(slug="shared-name", template="memo")
    write_brief(briefs[0].folder, data)
    out = tmp_path / "out"
    assert batch(tmp_path / "lib", "--out", out).code == 0
    written = {p.name: p.read_bytes() for p in out.glob("shared-name.memo.*")}
    assert sorted(written) == ["shared-name.memo.docx", "shared-name.memo.pdf"]

    newcomer = tmp_path / "lib" / "zz-newcomer"
    data["brief"]["title"] = "Another Brief Under the Same Name"
    write_brief(newcomer, data)
    run = batch(tmp_path / "lib", "--out", out)

    assert run.code == 1
    assert run.briefs("failed") == ["zz-newcomer/brief.yaml"]
    assert {p.name: p.read_bytes() for p in out.glob("shared-name.memo.*")} == written


def test_a_slug_clash_across_shards_is_refused_too(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """Shards share one output folder, so two briefs in different shards that declare the
    same slug would overwrite each other's outputs: each shard must refuse its own."""
    briefs = small(6)
    first = next(b for b in briefs if Shard(1, 2).holds(b.key))
    second = next(b for b in briefs if Shard(2, 2).holds(b.key))
    for brief in (first, second):
        data = sample_data()
        data["brief"]["slug"] = "shared-name"
        write_brief(brief.folder, data)
    out = tmp_path / "out"

    runs = [batch(tmp_path / "lib", "--out", out, "--shard", f"{k}/2") for k in (1, 2)]

    failed = {key: run.code for run in runs for key in run.briefs("failed")}
    assert failed == {first.key: 1, second.key: 1}, "each shard wrote shared-name.* unchallenged"
    assert not list(out.glob("shared-name*"))


# --------------------------------------------------------------------------- incremental


def test_dry_run_writes_nothing_and_says_what_would_render(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(3)
    out = tmp_path / "out"

    fresh = batch(tmp_path / "lib", "--out", out, "--dry-run", log="text")
    assert fresh.code == 0, fresh.err
    assert not out.exists()  # no folder, no manifest, no lock
    for brief in briefs:
        assert re.search(
            rf"^{TIMESTAMP} would render {brief.key} \(new\)$", fresh.out, re.MULTILINE
        )
    assert re.search(r"would render 3, up to date 0, would fail 0", fresh.out)

    assert batch(tmp_path / "lib", "--out", out).code == 0
    change_essay(briefs[1])
    state = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    stats = {p.name: p.stat().st_mtime_ns for p in out.rglob("*")}

    dry = batch(tmp_path / "lib", "--out", out, "--dry-run")
    assert dry.code == 0, dry.err
    assert [(e["brief"], e["reason"]) for e in dry.events if e["event"] == "would-render"] == [
        (briefs[1].key, "changed: essay")
    ]
    assert dry.summary["dry_run"] is True
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == state
    assert {p.name: p.stat().st_mtime_ns for p in out.rglob("*")} == stats


def test_dry_run_checks_each_brief_and_reports_one_that_will_fail(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """A dry run that says "would render" of a brief that then fails misleads the operator:
    it validates each brief it would render, as `validate` does, and writes nothing."""
    briefs = small(3)
    break_quote(briefs[1])
    dry = batch(tmp_path / "lib", "--out", tmp_path / "out", "--dry-run", log="text")
    assert dry.code == 1, dry.err
    assert not (tmp_path / "out").exists()
    lines = dry.out.splitlines()
    at = next(i for i, line in enumerate(lines) if f"WOULD FAIL {briefs[1].key}:" in line)
    assert "summary.evidence[0].quote: not found in the essay" in lines[at + 1]
    assert sum("would render" in line and "(new)" in line for line in lines) == 2
    assert "would render 2, up to date 0, would fail 1" in dry.out


def test_a_failed_brief_shows_every_problem_in_the_log_and_the_summary(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """After a typo `recomendations:` the first problem alone ("is required but missing")
    hides the fix; the log and the summary show every problem, the "did you mean" too."""
    briefs = small(2)
    text = briefs[0].brief.read_text("utf-8")
    briefs[0].brief.write_text(text.replace("recommendations:", "recomendations:"), "utf-8")
    run = batch(tmp_path / "lib", "--out", tmp_path / "out", log="text")
    assert run.code == 1
    failed = run.out[run.out.index(f"FAILED {briefs[0].key}:") :]
    summary = run.out[run.out.rindex("failed 1 in") :]
    for part in (failed, summary):
        assert "summary.recommendations: " in part
        assert "unknown key 'recomendations' (did you mean \"recommendations\"?)" in part


def test_shard_says_how_many_briefs_it_holds_of_how_many(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(5)
    held = []
    for k in (1, 2):
        run = batch(tmp_path / "lib", "--out", tmp_path / "out", "--shard", f"{k}/2", log="text")
        first = run.out.splitlines()[0]
        found = re.search(rf"found (\d+) of 5 brief\(s\) in shard {k}/2 in ", first)
        assert found, first
        held.append(int(found.group(1)))
    assert sum(held) == len(briefs)


def test_a_brief_rendered_by_any_run_is_up_to_date_for_every_other_run(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """Plain runs and shards share one output folder: none renders again what another
    rendered from the same inputs, and none takes another's outputs for altered."""
    briefs = small(6)
    lib, out = tmp_path / "lib", tmp_path / "out"
    assert batch(lib, "--out", out).code == 0
    for k in (1, 2):
        shard = batch(lib, "--out", out, "--shard", f"{k}/2")
        assert (shard.code, shard.briefs("rendered")) == (0, []), shard.err
    again = batch(lib, "--out", out)
    assert (again.code, again.briefs("rendered")) == (0, []), again.err

    # A change rendered by its shard is up to date for the plain run, and back again.
    change_title(briefs[0], "A Title Changed Between Runs")
    owner = next(k for k in (1, 2) if Shard(k, 2).holds(briefs[0].key))
    shard = batch(lib, "--out", out, "--shard", f"{owner}/2")
    assert shard.briefs("rendered") == [briefs[0].key]
    plain = batch(lib, "--out", out)
    assert (plain.code, plain.briefs("rendered")) == (0, []), plain.out
    change_essay(briefs[0])
    plain = batch(lib, "--out", out)
    assert plain.briefs("rendered") == [briefs[0].key]
    shard = batch(lib, "--out", out, "--shard", f"{owner}/2")
    assert shard.briefs("rendered") == []
    assert visible_outputs(out) == outputs_of(briefs)


def test_force_rerenders_every_brief(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(3)
    out = tmp_path / "out"
    assert batch(tmp_path / "lib", "--out", out).code == 0
    before = mtimes(out)

    run = batch(tmp_path / "lib", "--out", out, "--force")

    assert run.code == 0, run.err
    assert sorted(run.briefs("rendered")) == sorted(keys(briefs))
    assert {e["reason"] for e in run.events if e["event"] == "rendered"} == {"forced"}
    after = mtimes(out)
    assert all(after[name] != before[name] for name in before)
    assert visible_outputs(out) == outputs_of(briefs)


def test_deleted_and_damaged_outputs_are_rebuilt(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(4)
    out = tmp_path / "out"
    assert batch(tmp_path / "lib", "--out", out).code == 0
    deleted, truncated, overwritten, untouched = briefs
    (out / f"{deleted.slug}.pdf").unlink()
    docx = out / f"{truncated.slug}.docx"
    docx.write_bytes(docx.read_bytes()[: docx.stat().st_size // 2])
    pdf = out / f"{overwritten.slug}.pdf"
    pdf.write_bytes(b"x" * pdf.stat().st_size)  # same size, other content

    run = batch(tmp_path / "lib", "--out", out)

    assert run.code == 0, run.err
    rebuilt = [deleted, truncated, overwritten]
    assert sorted(run.briefs("rendered")) == sorted(keys(rebuilt))
    assert run.briefs("skipped") == [untouched.key]
    reasons = {e["reason"] for e in run.events if e["event"] == "rendered"}
    assert reasons == {"output missing or altered"}
    assert visible_outputs(out) == outputs_of(briefs)  # each one whole again


def test_outputs_of_a_removed_brief_are_listed_then_pruned(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(3)
    gone, kept = briefs[1], [briefs[0], briefs[2]]
    out, report = tmp_path / "out", tmp_path / "report.json"
    assert batch(tmp_path / "lib", "--out", out).code == 0
    shutil.rmtree(gone.folder)

    listed = batch(tmp_path / "lib", "--out", out, "--report", report, log="text")
    assert listed.code == 0, listed.err
    assert (
        "  1 brief(s) in the manifest have no input any more (--prune removes their outputs): "
        f"{gone.key}"
    ) in listed.out
    data = json.loads(report.read_text("utf-8"))
    assert (data["removed_inputs"], data["pruned"]) == ([gone.key], [])
    assert visible_outputs(out) == outputs_of(briefs)  # nothing deleted without --prune

    pruned = batch(tmp_path / "lib", "--out", out, "--prune", log="text")
    assert pruned.code == 0, pruned.err
    for name in gone.outputs:
        assert f"pruned {name} (input {gone.key} is gone)" in pruned.out
    assert visible_outputs(out) == outputs_of(kept)
    assert set(read_manifest(out)) == keys(kept)

    quiet = batch(tmp_path / "lib", "--out", out, log="text")
    assert quiet.code == 0
    assert "no input any more" not in quiet.out


def test_prune_keeps_the_outputs_of_a_brief_moved_to_another_folder(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """Moving inputs/x/ to inputs/2024/x/ keeps the output name x: --prune must not delete
    the outputs the moved brief now owns because the old key is gone."""
    briefs = small(3)
    moved = briefs[1]
    lib, out = tmp_path / "lib", tmp_path / "out"
    assert batch(lib, "--out", out).code == 0
    (lib / "2024").mkdir()
    moved.folder.rename(lib / "2024" / moved.folder.name)
    new_key = f"2024/{moved.key}"

    run = batch(lib, "--out", out)
    assert run.code == 0, run.err
    assert run.briefs("rendered") == [new_key]
    assert run.summary["removed_inputs"] == [moved.key]

    pruned = batch(lib, "--out", out, "--prune")
    assert pruned.code == 0, pruned.err
    assert visible_outputs(out) == outputs_of(briefs), (
        f"--prune deleted {[e['output'] for e in pruned.events if e['event'] == 'pruned']}, "
        f"which {new_key} owns"
    )


def test_leftover_temporaries_of_dead_writers_are_removed(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(1)
    out = tmp_path / "out"
    assert batch(tmp_path / "lib", "--out", out).code == 0
    dead = plant_dead_writers_temporary(out)
    other_host = out / f"{TEMP_PREFIX}another_host-4242-xyz.tmp"  # a shard elsewhere, live
    other_host.write_bytes(b"being written")

    run = batch(tmp_path / "lib", "--out", out)

    assert run.code == 0, run.err
    assert run.briefs("skipped") == [briefs[0].key]
    assert not dead.exists()
    assert other_host.exists()


# --------------------------------------------------------------------------- output


def test_log_without_a_terminal_is_one_plain_line_per_brief(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(4)
    out = tmp_path / "out"
    for expected in ("rendered", "up to date"):
        run = batch(tmp_path / "lib", "--out", out, log="text")
        assert run.code == 0, run.err
        assert not ANSI.search(run.out + run.err)
        lines = run.out.splitlines()
        assert all(re.match(rf"{TIMESTAMP} ", line) for line in lines), lines
        assert lines[0].endswith(f"found 4 brief(s) in {tmp_path / 'lib'}")
        for brief in briefs:
            mine = [line for line in lines if brief.key in line]
            assert len(mine) == 1, mine
            assert f" {expected} {brief.key}" in mine[0]
        assert re.search(
            r"(rendered 4, up to date 0|rendered 0, up to date 4), failed 0", lines[-1]
        )
        # found …, one line per brief, where index.html went, the summary
        assert "index.html" in lines[-2]
        assert len(lines) == 1 + len(briefs) + 1 + 1


def test_json_log_is_one_object_per_line_with_an_event(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(3)
    run = batch(tmp_path / "lib", "--out", tmp_path / "out")

    assert run.code == 0, run.err
    lines = run.out.splitlines()
    events = [json.loads(line) for line in lines]
    assert all(isinstance(e, dict) and "event" in e and "time" in e for e in events)
    assert events[0] == {
        "time": events[0]["time"],
        "event": "discovered",
        "briefs": 3,
        "total": 3,
        "shard": None,
        "inputs": str(tmp_path / "lib"),
    }
    for brief in briefs:
        mine = [e["event"] for e in events if e.get("brief") == brief.key]
        assert mine == ["start", "rendered"]
    [rendered] = [e for e in events if e["event"] == "rendered" and e["brief"] == briefs[0].key]
    assert rendered["outputs"] == sorted(briefs[0].outputs)
    assert rendered["reason"] == "new"
    summary = events[-1]
    assert summary["event"] == "summary"
    assert (summary["rendered"], summary["skipped"], summary["failed"]) == (3, 0, 0)
    assert "briefs" not in summary  # each brief was its own event


def test_works_from_any_directory_with_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefs = make_library(tmp_path / "inputs", 3, seed=3)
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)

    first = subprocess.run(
        [sys.executable, "-m", "briefgen", "batch", "../../inputs", "--out", "../../out"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(os.environ, TERM="xterm-256color", FORCE_COLOR="1"),
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert not ANSI.search(first.stdout + first.stderr)  # a pipe is not a terminal
    assert len([line for line in first.stdout.splitlines() if " rendered brief-" in line]) == 3
    assert visible_outputs(tmp_path / "out") == outputs_of(briefs)
    assert not (elsewhere / "out").exists()

    # The same folders reached from elsewhere by other relative paths: the manifest's keys
    # are relative to the inputs folder and its paths absolute, so nothing is out of date.
    monkeypatch.chdir(tmp_path / "inputs")
    again = batch(".", "--out", "../out")
    assert again.code == 0, again.err
    assert sorted(again.briefs("skipped")) == sorted(keys(briefs))

    monkeypatch.chdir(tmp_path)  # the defaults: inputs/ and out/ of the current directory
    default = batch()
    assert default.code == 0, default.err
    assert sorted(default.briefs("skipped")) == sorted(keys(briefs))
    assert visible_outputs(tmp_path / "out") == outputs_of(briefs)


def test_a_template_named_by_relative_path_does_not_depend_on_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library that names its house template by a relative path (as `source.essay` is
    relative to the brief) renders the same from any current directory."""
    template = copy_template(tmp_path / "inputs" / "house-template")
    briefs = make_library(tmp_path / "inputs", 2, seed=4)
    for brief in briefs:
        data = yaml.safe_load(brief.brief.read_text("utf-8"))
        data["brief"]["template"] = "../house-template"
        write_brief(brief.folder, data)

    for cwd in (tmp_path / "inputs" / "brief-000", tmp_path):
        monkeypatch.chdir(cwd)
        run = batch(tmp_path / "inputs", "--out", tmp_path / f"out-{cwd.name}")
        errors = [e["errors"][0] for e in run.events if e["event"] == "failed"]
        assert run.code == 0, f"from {cwd}: {errors}"
        manifest = read_manifest(tmp_path / f"out-{cwd.name}")
        used = {entry["deps"]["template_path"] for entry in manifest.values()}
        assert used == {str(template)}


# --------------------------------------------------------------------------- shards, usage


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_shards_cover_every_brief_exactly_once(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path, n: int
) -> None:
    briefs = small(12)
    shards = []
    for k in range(1, n + 1):
        run = batch(tmp_path / "lib", "--out", tmp_path / "out", "--dry-run", "--shard", f"{k}/{n}")
        assert run.code == 0, run.err
        shard = run.briefs("would-render")
        assert run.events[0]["briefs"] == len(shard)
        shards.append(set(shard))
    assert set().union(*shards) == keys(briefs)
    assert sum(len(s) for s in shards) == len(briefs)  # so no brief is in two shards
    assert not (tmp_path / "out").exists()


def test_shards_rendered_into_one_folder_keep_their_own_manifests(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(5)
    out = tmp_path / "out"
    recorded = []
    for k in (1, 2):
        run = batch(tmp_path / "lib", "--out", out, "--shard", f"{k}/2")
        assert run.code == 0, run.err
        assert run.briefs("skipped") == []
        recorded.append(set(read_manifest(out, f"manifest.shard-{k}-of-2.json")))
        assert recorded[-1] == set(run.briefs("rendered"))
    assert recorded[0] | recorded[1] == keys(briefs)
    assert not recorded[0] & recorded[1]
    assert not (out / "manifest.json").exists()
    assert visible_outputs(out) == outputs_of(briefs)
    again = batch(tmp_path / "lib", "--out", out, "--shard", "1/2")
    assert again.briefs("rendered") == []
    assert set(again.briefs("skipped")) == recorded[0]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0/3", "'0/3': K must be between 1 and N"),
        ("4/3", "'4/3': K must be between 1 and N"),
        ("x", "'x' is not of the form K/N, e.g. 2/5"),
        ("1/0", "'1/0': K must be between 1 and N"),
        # `--shard "$SHARD"` with SHARD unset: must not quietly render every shard's briefs.
        ("", "'' is not of the form K/N, e.g. 2/5"),
    ],
)
def test_bad_shard_is_a_usage_error(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path, value: str, reason: str
) -> None:
    small(2)
    run = batch(tmp_path / "lib", "--out", tmp_path / "out", "--shard", value)
    assert run.code == 2, run.out
    assert "Invalid value for --shard" in run.err
    assert reason in run.err
    assert not (tmp_path / "out").exists()


def test_missing_inputs_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = "does not exist: give the folder that holds a folder per brief"
    run = batch(tmp_path / "nowhere", "--out", tmp_path / "out")
    assert run.code == 2
    assert run.err == f"{tmp_path / 'nowhere'}: {missing}\n"
    assert not (tmp_path / "out").exists()

    monkeypatch.chdir(tmp_path)  # the default, inputs/, is missing here too
    default = batch()
    assert default.code == 2
    assert default.err == f"inputs: {missing}\n"

    (tmp_path / "briefs.txt").write_text("not a folder\n")
    a_file = batch(tmp_path / "briefs.txt", "--out", tmp_path / "out")
    assert a_file.code == 2
    assert a_file.err.startswith(f"{tmp_path / 'briefs.txt'}: is a file, not a folder of briefs")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jobs", "0"], "Invalid value for '--jobs'"),
        (["--format", "odt"], "choose from docx, pdf"),
        (["--wait", "-1"], "Invalid value for '--wait'"),
    ],
)
def test_other_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "lib").mkdir()
    run = batch(tmp_path / "lib", "--out", tmp_path / "out", *args)
    assert run.code == 2
    assert message in run.err


# --------------------------------------------------------------------------- processes


def test_sigkill_part_way_leaves_whole_files_and_the_next_run_completes_the_set(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """The whole process group killed (systemd's KillMode=control-group, a cgroup OOM):
    every file is whole or absent, and the next run renders exactly what is missing from
    the manifest, the last records since its periodic save included.

    The kill lands while the fourth brief's outputs are written but not yet reported, and
    after the manifest recorded the first three: a render the manifest has not saved.
    """
    briefs = small(16)
    in_order = sorted(briefs, key=lambda b: b.key)  # the order the batch renders them in
    before, held = in_order[:3], in_order[3]
    out = tmp_path / "out"
    gate = Gate(tmp_path / "gate")
    gate.hold(held)
    args: list[str | Path] = ["lib", "--out", out, "--jobs", "1", "--log-format", "json"]

    def recorded_so_far() -> set[str]:
        with contextlib.suppress(FileNotFoundError):
            return set(read_manifest(out))
        return set()

    with batch_process(args, tmp_path, tmp_path / "killed", gate) as run:
        run.wait_at(gate, held)
        # The batch saves its manifest every few seconds while the worker waits.
        run.wait_for(lambda _: recorded_so_far() == keys(before))
        run.kill_group()
        assert run.proc.returncode == -signal.SIGKILL

    on_disk = visible_outputs(out)  # every visible file whole
    recorded = read_manifest(out)
    assert set(recorded) == keys(before)
    for key, entry in recorded.items():
        assert entry["status"] == "ok"
        for name in entry["outputs"]:
            assert name in on_disk, f"{key}: recorded {name} is not there"
    unrecorded = on_disk - {name for entry in recorded.values() for name in entry["outputs"]}
    assert unrecorded == set(held.outputs)
    dead = plant_dead_writers_temporary(out)

    rerun = batch(tmp_path / "lib", "--out", out, "--report", tmp_path / "rerun.json")

    assert rerun.code == 0, rerun.err
    assert sorted(rerun.briefs("rendered")) == sorted(keys(briefs) - set(recorded))
    assert sorted(rerun.briefs("skipped")) == sorted(recorded)
    notes = [e["message"] for e in rerun.events if e["event"] == "note"]
    assert notes
    assert notes[0].startswith(f"took over a lock left by a run that ended (pid {run.pid} on ")
    assert not dead.exists()
    assert not [p.name for p in out.iterdir() if is_temporary(p.name)]
    assert visible_outputs(out) == outputs_of(briefs)
    assert set(read_manifest(out)) == keys(briefs)


def test_lock_of_a_run_killed_with_sigkill_does_not_block_the_next_run(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """`kill -9 PID` of the batch process alone, as an operator or the OOM killer does;
    its worker, waiting at the gate, dies with it."""
    briefs = small(6)
    out = tmp_path / "out"
    gate = Gate(tmp_path / "gate")
    held = sorted(briefs, key=lambda b: b.key)[1]
    gate.hold(held)
    args: list[str | Path] = ["lib", "--out", out, "--jobs", "1", "--log-format", "json"]
    with batch_process(args, tmp_path, tmp_path / "killed", gate) as run:
        run.wait_at(gate, held)
        os.kill(run.pid, signal.SIGKILL)
        assert run.finish() == -signal.SIGKILL

        rerun = batch(tmp_path / "lib", "--out", out, "--wait", "30")

        assert rerun.code == 0, f"the killed run's lock blocked the next run: {rerun.err}"
        assert sorted(rerun.briefs("rendered", "skipped")) == sorted(keys(briefs))
        assert set(read_manifest(out)) == keys(briefs)
        assert visible_outputs(out) == outputs_of(briefs)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_stop_cleanly_and_the_next_run_renders_the_rest(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    """The signal goes to the whole process group, as systemd's stop and a Ctrl-C send it:
    the run says at once that it is stopping, the briefs under way finish and are
    recorded, and no new one starts."""
    briefs = small(6)
    in_order = sorted(briefs, key=lambda b: b.key)
    held = in_order[1]
    out = tmp_path / "out"
    gate = Gate(tmp_path / "gate")
    gate.hold(held)
    args: list[str | Path] = ["lib", "--out", out, "--jobs", "1", "--log-format", "json"]
    with batch_process(args, tmp_path, tmp_path / "stopped", gate) as run:
        run.wait_at(gate, held)
        os.killpg(run.pid, sig)
        stopping = run.wait_for(count("stopping"))[-1]
        assert stopping["signal"] == sig.name
        gate.release(held)  # the brief under way finishes after the signal
        assert run.finish() == code, run.err()
        events = run.events()
    assert "Traceback" not in run.err()

    summary = events[-1]
    assert summary["event"] == "summary"
    assert summary["interrupted"] == sig.name
    rendered = {e["brief"] for e in events if e["event"] == "rendered"}
    started = {e["brief"] for e in events if e["event"] == "start"}
    assert rendered == started  # what started, finished
    assert held.key in rendered
    assert stopping["left"] == len(briefs) - len(started) > 0
    assert stopping["under_way"] == len(started) - 1  # all but the first, done before

    recorded = read_manifest(out)
    assert set(recorded) == rendered
    assert visible_outputs(out) == outputs_of([b for b in briefs if b.key in rendered])
    assert not [p.name for p in out.iterdir() if is_temporary(p.name)]

    rerun = batch(tmp_path / "lib", "--out", out)
    assert rerun.code == 0, rerun.err
    assert sorted(rerun.briefs("rendered")) == sorted(keys(briefs) - rendered)
    assert sorted(rerun.briefs("skipped")) == sorted(rendered)
    assert visible_outputs(out) == outputs_of(briefs)


def test_a_second_run_on_a_busy_folder_exits_75_or_waits_its_turn(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    briefs = small(6)
    out = tmp_path / "out"
    gate = Gate(tmp_path / "gate")
    held = min(briefs, key=lambda b: b.key)
    gate.hold(held)
    args: list[str | Path] = ["lib", "--out", out, "--jobs", "1", "--log-format", "json"]
    with batch_process(args, tmp_path, tmp_path / "first", gate) as first:
        first.wait_at(gate, held)  # it holds the lock, and cannot finish

        loser = batch(tmp_path / "lib", "--out", out, "--wait", "0")
        assert loser.code == 75
        assert loser.err.startswith(f"{out / LOCK_NAME}: another briefgen batch is writing to")
        assert f"(pid {first.pid} on " in loser.err
        assert loser.err.rstrip().endswith("waited 0 s, not starting")
        assert loser.briefs("rendered", "skipped", "failed") == []

        assert first.proc.poll() is None
        # Let the first run go on while the second waits for the lock: whenever the gate
        # opens, the second run can only start once the first is done.
        opener = threading.Timer(0.5, gate.release, args=(held,))
        opener.start()
        try:
            patient = batch(tmp_path / "lib", "--out", out, "--wait", str(TIMEOUT))
        finally:
            opener.cancel()
            gate.release(held)

        assert first.finish() == 0, first.err()
        assert count("rendered")(first.events()) == len(briefs)
    assert patient.code == 0, patient.err
    assert sorted(patient.briefs("skipped")) == sorted(keys(briefs))
    assert set(read_manifest(out)) == keys(briefs)
    assert visible_outputs(out) == outputs_of(briefs)


def test_two_runs_started_together_one_renders_the_other_exits_75(
    small: Callable[..., list[LibraryBrief]], tmp_path: Path
) -> None:
    """Whichever takes the lock is held at the gate until the other has given up."""
    briefs = small(6)
    out = tmp_path / "out"
    gate = Gate(tmp_path / "gate")
    held = min(briefs, key=lambda b: b.key)
    gate.hold(held)
    args: list[str | Path] = ["lib", "--out", out, "--jobs", "1", "--wait", "0"]
    with (
        batch_process([*args, "--log-format", "json"], tmp_path, tmp_path / "a", gate) as a,
        batch_process([*args, "--log-format", "json"], tmp_path, tmp_path / "b", gate) as b,
    ):
        deadline = time.monotonic() + TIMEOUT
        while a.proc.poll() is None and b.proc.poll() is None:
            assert time.monotonic() < deadline, "neither run gave up on the lock"
            time.sleep(0.02)
        loser, winner = (a, b) if a.proc.poll() is not None else (b, a)
        assert loser.finish() == 75, loser.err()
        assert winner.proc.poll() is None
        gate.release(held)
        assert winner.finish() == 0, winner.err()
    assert f"another briefgen batch is writing to {out} (pid {winner.pid} on " in loser.err()
    assert count("rendered")(winner.events()) == len(briefs)
    assert loser.events() == []
    assert set(read_manifest(out)) == keys(briefs)
    assert visible_outputs(out) == outputs_of(briefs)


def test_a_run_that_cannot_start_still_writes_its_report(tmp_path: Path) -> None:
    """A scheduler reading --report must not mistake the last run's report for this one's."""
    import fcntl

    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE, inputs / "one")
    out = tmp_path / "out"
    out.mkdir()
    report = tmp_path / "last-run.json"
    report.write_text('{"stale": true}')
    with (out / LOCK_NAME).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = batch(inputs, "--out", out, "--wait", "0", "--report", report)
    assert run.code == 75
    data = json.loads(report.read_text())
    assert data["exit_code"] == 75
    assert "another briefgen batch is writing to" in data["errors"][0]
    assert "stale" not in data
    # and a run that did start reports its exit code too
    run = batch(inputs, "--out", out, "--report", report)
    assert run.code == 0
    assert json.loads(report.read_text())["exit_code"] == 0
