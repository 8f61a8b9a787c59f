"""Benchmark one render of the sample brief (a measurement, not a test).

    .venv/bin/python bench/render.py            # or `make bench`: ~1-2 minutes on 2 cores
    .venv/bin/python bench/render.py --profile  # cProfile of the warm render, no timings

What it measures, on inputs/reset-with-russia:

1. briefgen warm, in this process: check_brief + find_template + build_document, then
   render_docx and render_pdf, after warm-up runs; split into its three parts;
2. the floor, interleaved with 1: bench/plain_script.py, the same brief written by hand
   with python-docx and reportlab (no briefgen), both formats;
3. the whole `briefgen render` call as a subprocess, and its peak RSS, interleaved with
   the plain script run as a subprocess;
4. `pandoc brief.md -o brief.docx` on the Markdown briefgen composes, interleaved with
   `briefgen render --format docx`;
5. `briefgen --help` in a fresh process, interleaved with `python -c pass`.

The machine is shared and noisy: every figure is a median, every contender is timed in
the same rounds as its reference (the order alternating from round to round), and the
verdicts are ratios.  It prints a table and overwrites bench/render-results.md (bench/RESULTS.md quotes it).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import plain_script

from briefgen import pipeline
from briefgen.compose import compose
from briefgen.templates import Template, find_template
from briefgen.tree import Document
from briefgen.writers.docx import render_docx
from briefgen.writers.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
BIN = Path(sys.executable).parent
BRIEFGEN = BIN / "briefgen"
RESULTS = ROOT / "bench" / "render-results.md"
COMMAND = ".venv/bin/python bench/render.py"
WHEN = dt.datetime(2024, 9, 3, tzinfo=dt.timezone.utc)
"""A fixed render time, so every warm run writes the same bytes."""

WARM_UP = 5
WARM_ROUNDS = 50
CLI_ROUNDS = 15
PANDOC_ROUNDS = 15
HELP_ROUNDS = 30
WARM_RATIO_TARGET = 1.3
HELP_TARGET_MS = 150.0

Sample = dict[str, float]
"""One run of a contender: named measurements (ms, or MB for peak memory)."""
Contender = Callable[[], Sample]


# --------------------------------------------------------------------------- timing


def interleave(
    contenders: dict[str, Contender], rounds: int, warm_up: int = 1
) -> dict[str, list[Sample]]:
    """Run every contender once per round, alternating the order; warm-up rounds dropped."""
    names = list(contenders)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for round_no in range(warm_up + rounds):
        order = names if round_no % 2 == 0 else names[::-1]
        for name in order:
            gc.collect()  # each run starts from the same heap, not the last one's garbage
            sample = contenders[name]()
            if round_no >= warm_up:
                samples[name].append(sample)
    return samples


def median(samples: list[Sample], key: str = "total") -> float:
    return statistics.median(s[key] for s in samples)


def spread(samples: list[Sample], key: str = "total") -> str:
    """The interquartile range, to show how noisy a median is."""
    q1, _, q3 = statistics.quantiles([s[key] for s in samples], n=4)
    return f"{q1:.0f}–{q3:.0f}"


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


# --------------------------------------------------------------------------- contenders


def prepare() -> tuple[pipeline.Checked, Template, Document]:
    """check_brief, find_template and build_document for the sample, as render_brief does."""
    checked = pipeline.check_brief(SAMPLE)
    template = find_template(checked.brief.brief.template, (SAMPLE.parent / "templates",))
    return checked, template, pipeline.build_document(checked, template, WHEN)


def briefgen_warm() -> Sample:
    """The pipeline's stages for the sample, as render_brief runs them, minus file writes."""
    start = time.perf_counter()
    _, template, document = prepare()
    front = ms_since(start)
    mark = time.perf_counter()
    render_docx(document, template.style)
    docx = ms_since(mark)
    mark = time.perf_counter()
    render_pdf(document, template.style)
    pdf = ms_since(mark)
    return {"total": ms_since(start), "front": front, "docx": docx, "pdf": pdf}


def floor_warm() -> Sample:
    """The hand-written script: read the YAML, write both formats."""
    start = time.perf_counter()
    data = plain_script.load(SAMPLE)
    front = ms_since(start)
    mark = time.perf_counter()
    plain_script.build_docx(data)
    docx = ms_since(mark)
    mark = time.perf_counter()
    plain_script.build_pdf(data)
    pdf = ms_since(mark)
    return {"total": ms_since(start), "front": front, "docx": docx, "pdf": pdf}


@dataclass(frozen=True, slots=True)
class Runner:
    """How the child processes run: their environment and a scratch folder."""

    env: dict[str, str]
    scratch: Path
    gnu_time: str | None
    """GNU time, for a child's peak RSS.  Not os.wait4 or RUSAGE_CHILDREN: on Linux a
    child's ru_maxrss starts from its parent's RSS at fork, i.e. this whole benchmark's."""

    def run(self, argv: list[str], rss: bool) -> Sample:
        """Wall time of one child process, and its peak RSS if asked (under GNU time)."""
        rss_file = self.scratch / "rss.txt"
        if rss and self.gnu_time:
            argv = [self.gnu_time, "-f", "%M", "-o", str(rss_file), *argv]
        with tempfile.TemporaryFile() as errors:
            start = time.perf_counter()
            done = subprocess.run(
                argv, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=errors, check=False
            )
            elapsed = ms_since(start)
            if done.returncode != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {message}")
        sample = {"total": elapsed}
        if rss and self.gnu_time:
            kib = rss_file.read_text().split()[-1]
            sample["rss_mb"] = int(kib) / 1024
        return sample

    def child(self, argv: list[str | Path], *, rss: bool = False) -> Contender:
        words = [str(a) for a in argv]
        return lambda: self.run(words, rss)


def make_runner(scratch: Path, bytecode_cache: bool) -> Runner:
    """Children get a bytecode cache in ``scratch``, as an installed briefgen has its .pyc.

    This machine sets PYTHONDONTWRITEBYTECODE=1, so briefgen's own modules (an editable
    install) would be compiled from source at every start; --no-bytecode-cache keeps that.
    """
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    gnu_time = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None
    return Runner(env=env, scratch=scratch, gnu_time=gnu_time)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table: a contender against the reference timed with it."""

    name: str
    meaning: str
    ms: float
    iqr: str
    runs: int
    reference: str = ""
    reference_ms: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> str:
        return f"{self.ms / self.reference_ms:.2f}×" if self.reference_ms else ""

    @property
    def verdict(self) -> str:
        if self.met is None:
            return ""
        return "met" if self.met else "NOT met"


@dataclass
class Report:
    rows: list[Row]
    splits: list[tuple[str, str, str, str]]
    """(part, briefgen ms, floor ms, ratio)."""
    notes: list[str]


def section_warm(report: Report) -> tuple[float, dict[str, bytes]]:
    samples = interleave({"briefgen": briefgen_warm, "floor": floor_warm}, WARM_ROUNDS, WARM_UP)
    ours, floor = samples["briefgen"], samples["floor"]
    ratio = median(ours) / median(floor)
    report.rows += [
        Row(
            "warm render (briefgen)",
            "check + compose + parse + DOCX + PDF in one warm process",
            median(ours),
            spread(ours),
            len(ours),
            "floor (plain_script)",
            median(floor),
            f"≤ {WARM_RATIO_TARGET}× floor",
            ratio <= WARM_RATIO_TARGET,
        ),
        Row(
            "warm render (floor)",
            "bench/plain_script.py: YAML + DOCX + PDF by hand, same process",
            median(floor),
            spread(floor),
            len(floor),
        ),
    ]
    parts = (
        ("front", "check+compose+parse / floor: yaml.safe_load"),
        ("docx", "DOCX writer"),
        ("pdf", "PDF writer"),
    )
    for key, label in parts:
        a, b = median(ours, key), median(floor, key)
        report.splits.append((label, f"{a:.1f}", f"{b:.1f}", f"{a / b:.2f}×"))
    return median(ours), _outputs()


def _outputs() -> dict[str, bytes]:
    """One render of each format by both, to show they make comparable files."""
    _, template, document = prepare()
    data = plain_script.load(SAMPLE)
    return {
        "briefgen docx": render_docx(document, template.style),
        "briefgen pdf": render_pdf(document, template.style),
        "floor docx": plain_script.build_docx(data),
        "floor pdf": plain_script.build_pdf(data),
    }


def section_cli(report: Report, warm_ms: float, runner: Runner) -> None:
    scratch = runner.scratch
    ours: list[str | Path] = [BRIEFGEN, "render", SAMPLE, "--out", scratch / "briefgen"]
    floor: list[str | Path] = [
        sys.executable,
        ROOT / "bench" / "plain_script.py",
        "--out",
        scratch / "plain",
    ]
    contenders = {"briefgen": runner.child(ours, rss=True), "floor": runner.child(floor, rss=True)}
    samples = interleave(contenders, CLI_ROUNDS)
    a, b = samples["briefgen"], samples["floor"]
    report.rows += [
        Row(
            "CLI render, DOCX + PDF",
            "`briefgen render <sample> --out <tmp>` as a subprocess",
            median(a),
            spread(a),
            len(a),
            "plain_script.py as a subprocess",
            median(b),
        ),
        Row(
            "  start-up share of it",
            "the CLI call minus the warm in-process render (row 1)",
            median(a) - warm_ms,
            "",
            len(a),
            "the CLI call (row above)",
            median(a),
        ),
    ]
    if runner.gnu_time:
        report.notes.append(
            f"Peak RSS (GNU time's %M, median): `briefgen render` {median(a, 'rss_mb'):.1f} MiB "
            f"(max {max(s['rss_mb'] for s in a):.1f}); plain_script.py "
            f"{median(b, 'rss_mb'):.1f} MiB. The rows that report it ran under /usr/bin/time, "
            "contender and reference alike."
        )
    else:
        report.notes.append("Peak RSS not measured: /usr/bin/time (GNU time) is missing.")


def section_pandoc(report: Report, runner: Runner) -> None:
    scratch = runner.scratch
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("note: pandoc is not installed (apt-get install -y pandoc): row 4 left out")
        report.notes.append("pandoc was not installed: the pandoc row is left out.")
        return
    markdown = scratch / "brief.md"
    markdown.write_text(_composed_markdown(), encoding="utf-8")
    theirs: list[str | Path] = [pandoc, markdown, "-o", scratch / "brief.docx"]
    ours: list[str | Path] = [
        BRIEFGEN,
        "render",
        SAMPLE,
        "--format",
        "docx",
        "--out",
        scratch / "docx-only",
    ]
    contenders = {
        "briefgen": runner.child(ours, rss=True),
        "pandoc": runner.child(theirs, rss=True),
    }
    samples = interleave(contenders, PANDOC_ROUNDS)
    a, b = samples["briefgen"], samples["pandoc"]
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
    report.rows.append(
        Row(
            "CLI render, DOCX only",
            "`briefgen render <sample> --format docx` as a subprocess",
            median(a),
            spread(a),
            len(a),
            "`pandoc brief.md -o brief.docx`",
            median(b),
        )
    )
    rss = ""
    if runner.gnu_time:
        rss = f" (peak RSS {median(b, 'rss_mb'):.1f} MiB; briefgen DOCX only: "
        rss += f"{median(a, 'rss_mb'):.1f} MiB)"
    report.notes.append(
        f"{version.stdout.splitlines()[0]}{rss} reads the "
        "Markdown briefgen composes for the sample, written once; it does not load, "
        "validate or ground the brief, and its DOCX has pandoc's default styles."
    )


def _composed_markdown() -> str:
    checked, template, _ = prepare()
    return compose(checked.brief, checked.essay, template, WHEN.date())


def section_help(report: Report, runner: Runner) -> None:
    contenders = {
        "help": runner.child([BRIEFGEN, "--help"]),
        "python": runner.child([sys.executable, "-c", "pass"]),
    }
    samples = interleave(contenders, HELP_ROUNDS)
    a, b = samples["help"], samples["python"]
    report.rows.append(
        Row(
            "start-up: briefgen --help",
            "a fresh process: interpreter, click, briefgen.cli",
            median(a),
            spread(a),
            len(a),
            "`python -c pass`",
            median(b),
            f"< {HELP_TARGET_MS:.0f} ms",
            median(a) < HELP_TARGET_MS,
        )
    )


# --------------------------------------------------------------------------- output


def environment(bytecode_cache: bool) -> list[tuple[str, str]]:
    date = subprocess.run(["date", "-u"], capture_output=True, text=True, check=True).stdout
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("date -u", date.strip()),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("nproc", str(cores)),
        ("platform", platform.platform()),
        ("briefgen commit", commit or "unknown"),
        ("PYTHONDONTWRITEBYTECODE in this shell", os.environ.get("PYTHONDONTWRITEBYTECODE", "")),
        (
            "child processes",
            "with a bytecode cache (PYTHONPYCACHEPREFIX in the scratch folder, filled by a "
            "warm-up round)"
            if bytecode_cache
            else "with this shell's environment as it is (--no-bytecode-cache)",
        ),
        ("load average (1 min) at the start", f"{os.getloadavg()[0]:.2f}"),
    ]


def table(rows: list[Row]) -> list[str]:
    head = "| row | median ms | IQR ms | n | reference | ref. ms | ratio | target | verdict |"
    lines = [head, "|---|---:|---:|---:|---|---:|---:|---|---|"]
    for r in rows:
        ref_ms = f"{r.reference_ms:.1f}" if r.reference_ms is not None else ""
        lines.append(
            f"| {r.name} | {r.ms:.1f} | {r.iqr} | {r.runs} | {r.reference} | {ref_ms} "
            f"| {r.ratio} | {r.target} | {r.verdict} |"
        )
    return lines


def split_table(splits: list[tuple[str, str, str, str]]) -> list[str]:
    lines = ["| part | briefgen ms | floor ms | ratio |", "|---|---:|---:|---:|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in splits]
    return lines


def describe_outputs(outputs: dict[str, bytes]) -> str:
    parts = []
    for name, data in outputs.items():
        pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) if name.endswith("pdf") else 0
        parts.append(f"{name} {len(data) / 1024:.0f} KiB" + (f", {pages} pages" if pages else ""))
    return "Outputs of one warm render: " + "; ".join(parts) + "."


MEANINGS = """\
What the rows mean:

- **warm render (briefgen)**: in one process, after {warm_up} warm-up runs, the stages
  `render_brief` runs for the sample: `check_brief` (load + validate brief.yaml, ingest the
  essay, ground every quote), `find_template`, `build_document` (compose through Jinja2,
  parse the Markdown into the tree), then `render_docx` and `render_pdf` to bytes (no file
  writes). Reference: the floor, timed in the same rounds, the order alternating.
- **warm render (floor)**: `bench/plain_script.py`, what a competent developer writes
  without briefgen: `yaml.safe_load` (PyYAML's pure-Python loader, as long as briefgen's
  whole check + compose + parse, whose loader is libyaml's), then python-docx (headings, shaded bottom line,
  numbered lists, the counterpoints table, notes as a plain list) and reportlab platypus
  (the same Noto TTFs registered once, a table, endnotes, "Page N" from an onPage
  footer). It validates nothing and reads no essay; its PDF says "Page N", not "Page N of
  M", and has no outline or named destinations; its DOCX has no real footnotes. Its DOCX
  half is the slower one: python-docx finds a style by name (`add_paragraph(style=…)`,
  `add_heading`) by scanning every style of its default template, about half of that
  half, and it saves the template's parts that briefgen drops.
- **CLI render, DOCX + PDF**: `briefgen render inputs/reset-with-russia/brief.yaml --out
  <tmp>` as a subprocess; reference: `python bench/plain_script.py --out <tmp>` as a
  subprocess, interleaved. The next row is its start-up share: the CLI median minus the
  warm median (imports, font parsing, first-call caches).
- **CLI render, DOCX only**: `briefgen render … --format docx`, interleaved with pandoc
  turning the Markdown that briefgen composes for the sample into a DOCX, one process per
  document.
- **start-up: briefgen --help**: a fresh process, interleaved with `python -c pass` (the
  interpreter alone)."""


def markdown(env: list[tuple[str, str]], report: Report, outputs: str) -> str:
    lines = [
        "# Render benchmark",
        "",
        "Written by `bench/render.py`; every run overwrites it. Re-run with:",
        "",
        "```",
        COMMAND + "    # or: make bench",
        "```",
        "",
        *(f"- {k}: {v}" for k, v in env),
        "",
        "Medians of n runs; IQR is the interquartile range. Each row's reference ran in the",
        "same rounds, the order alternating, so the ratios hold on a noisy shared machine",
        "better than the absolute figures do.",
        "",
        *table(report.rows),
        "",
        "Warm render, by part (medians of the same runs):",
        "",
        *split_table(report.splits),
        "",
        *(f"- {n}" for n in [*report.notes, outputs]),
        "",
        MEANINGS.format(warm_up=WARM_UP),
        "",
    ]
    return "\n".join(lines)


def print_table(report: Report) -> None:
    width = max(len(r.name) for r in report.rows)
    print(f"\n{'row':<{width}}  {'median ms':>9}  {'ref. ms':>8}  {'ratio':>6}  target")
    for r in report.rows:
        ref = f"{r.reference_ms:8.1f}" if r.reference_ms is not None else " " * 8
        if r.target:
            goal = f"{r.target}: {r.verdict}"
        else:
            goal = f"(vs {r.reference})" if r.reference else ""
        print(f"{r.name:<{width}}  {r.ms:9.1f}  {ref}  {r.ratio:>6}  {goal}")
    print(f"\n{'warm render by part':<46} briefgen ms  floor ms  ratio")
    for label, a, b, ratio in report.splits:
        print(f"  {label:<44} {a:>11} {b:>9} {ratio:>6}")
    for note in report.notes:
        print(f"- {note}")


# --------------------------------------------------------------------------- main


def profile() -> None:
    """cProfile of 20 warm renders, sorted by cumulative time (figures include its overhead)."""
    for _ in range(WARM_UP):
        briefgen_warm()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        briefgen_warm()
    profiler.disable()
    pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--profile", action="store_true", help="profile the warm render only")
    parser.add_argument(
        "--no-bytecode-cache",
        dest="bytecode_cache",
        action="store_false",
        help="run the child processes with this shell's PYTHONDONTWRITEBYTECODE as it is",
    )
    args = parser.parse_args()
    if args.profile:
        profile()
        return
    load_at_start = os.getloadavg()[0]
    env = environment(args.bytecode_cache)
    report = Report(rows=[], splits=[], notes=[])
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as tmp:
        runner = make_runner(Path(tmp), args.bytecode_cache)
        print("1-2. warm render vs the plain script …", flush=True)
        warm_ms, outputs = section_warm(report)
        print("3. CLI render …", flush=True)
        section_cli(report, warm_ms, runner)
        print("4. pandoc …", flush=True)
        section_pandoc(report, runner)
        print("5. start-up …", flush=True)
        section_help(report, runner)
    env.append(("load average (1 min) at the end", f"{os.getloadavg()[0]:.2f}"))
    busy = max(load_at_start, os.getloadavg()[0])
    if busy >= 1.0:
        report.notes.append(
            f"The machine was busy (1-min load average up to {busy:.2f}, from other work): "
            "absolute figures, and so the 150 ms start-up target, are inflated; the ratios "
            "against the references timed alongside hold better."
        )
    env.append(("bench wall time", f"{time.perf_counter() - started:.0f} s"))
    print_table(report)
    RESULTS.write_text(markdown(env, report, describe_outputs(outputs)), encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
