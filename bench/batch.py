"""Benchmark `briefgen batch` on a generated library of briefs (a measurement, not a test).

    .venv/bin/python bench/batch.py            # the full run: 6-10 minutes on 2 cores
    .venv/bin/python bench/batch.py --quick    # a smoke run of the script itself (~1 min)

What it does, everything through the CLI as a subprocess (as cron or systemd would run it):

0. runs bench/floor.py pinned to one core: ``../shared/bench-floor``'s hand-written
   floor against `render_brief` and a `batch --jobs 1 --force` of 30 copies, alternated;
   with the runs below that gives every row of issue 13's target table, which heads the
   results file (and is printed);
1. builds a library of N briefs in a temporary folder from inputs/reset-with-russia: the
   same essay, with varied titles, keywords and numbers of evidence items, counterpoints
   and recommendations; a few briefs that between them show every count are checked with
   `briefgen validate`, and every batch run must render every brief without a failure;
2. times the reference: one `briefgen render` call (median of 5), i.e. what each brief
   would cost if a shell loop called render per brief;
3. renders the small library (default 100) with --jobs 2, then the full library (default
   1,000) with --jobs 1 and with --jobs 2, each into an empty output folder, and reruns
   the last one unchanged (median of 3; it must render 0); then pairs of --jobs 1 and
   --jobs 2 runs on a 150-brief library, until 3 pairs ran on a quiet machine or the time
   budget (--budget, 600 s for the whole bench) is spent: the machine is shared, so each
   run also measures how many cores other processes used meanwhile, and a run waits (a
   little) for a quiet moment before it starts;
4. while each batch runs, samples VmHWM/VmRSS of the batch process and of its worker
   processes from /proc (no psutil needed), and snapshots the workers' peak RSS as the
   count of rendered briefs passes milestones, to show whether memory grows with the
   library.

It writes bench/batch-results.md (figures, date, nproc, Python, the command) unless
--no-write.  The machine it was written for has 2 noisy cores: it reports medians and
ratios, and keeps the whole run under ~10 minutes.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia"
BRIEFGEN = Path(sys.executable).parent / "briefgen"
RESULTS = ROOT / "bench" / "batch-results.md"
QUIET = 0.25
"""A run is on a quiet machine when other processes kept fewer cores than this busy."""

TOPICS = (
    "Arms Control",
    "Sanctions",
    "Non-Proliferation",
    "Energy Security",
    "Ukraine Policy",
    "Black Sea",
    "Arctic",
    "Cyber",
    "Nuclear Risk",
    "Diplomacy",
)


# --------------------------------------------------------------------------- library


def make_library(folder: Path, count: int) -> dict[tuple[int, int, int], Path]:
    """Write ``count`` valid briefs under ``folder``; return one brief path per shape."""
    base = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    essay = (SAMPLE / "essay.txt").read_bytes()
    evidence = base["summary"]["evidence"]
    counterpoints = base["summary"]["counterpoints"]
    recommendations = base["summary"]["recommendations"]
    shapes: dict[tuple[int, int, int], Path] = {}
    folder.mkdir(parents=True)
    for i in range(1, count + 1):
        data = copy.deepcopy(base)
        n_ev = 1 + i % len(evidence)  # 1..7 evidence items
        n_cp = i % (len(counterpoints) + 1)  # 0..4 counterpoints
        n_rec = 1 + (i // 3) % len(recommendations)  # 1..4 recommendations
        kept = evidence[:n_ev]
        ids = {item["id"] for item in kept}
        recs = []
        for rec in recommendations[:n_rec]:
            rec = dict(rec)
            rec["based_on"] = [e for e in rec["based_on"] if e in ids] or [kept[0]["id"]]
            recs.append(rec)
        topic = TOPICS[i % len(TOPICS)]
        data["brief"]["title"] = f"{base['brief']['title']}: {topic} (No. {i})"
        data["summary"]["evidence"] = kept
        data["summary"]["counterpoints"] = counterpoints[:n_cp]
        data["summary"]["recommendations"] = recs
        data["summary"]["keywords"] = [*base["summary"]["keywords"][: 2 + i % 6], topic]
        brief_dir = folder / f"brief-{i:05d}"
        brief_dir.mkdir()
        (brief_dir / "brief.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88), "utf-8"
        )
        (brief_dir / "essay.txt").write_bytes(essay)
        shapes.setdefault((n_ev, n_cp, n_rec), brief_dir / "brief.yaml")
    return shapes


def covering(shapes: dict[tuple[int, int, int], Path]) -> list[Path]:
    """A few briefs that between them show every count of every kind of item."""
    chosen: list[Path] = []
    missing = {(axis, shape[axis]) for shape in shapes for axis in range(3)}
    for shape in sorted(shapes, key=lambda sh: (-max(sh), sh)):
        new = {(axis, shape[axis]) for axis in range(3)} & missing
        if new:
            chosen.append(shapes[shape])
            missing -= new
    return chosen


def validate(paths: list[Path]) -> None:
    """`briefgen validate` each brief; stop the bench if one fails."""
    for path in paths:
        proc = subprocess.run(
            [str(BRIEFGEN), "validate", str(path)], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            sys.exit(f"generated brief is invalid: {path}\n{proc.stdout}{proc.stderr}")


# --------------------------------------------------------------------------- memory


def _status(pid: int) -> dict[str, int]:
    """VmHWM/VmRSS (kB) of a process, {} if it is gone."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                key, value = line.split(":", 1)
                values[key] = int(value.split()[0])
    except (OSError, ValueError):
        return {}
    return values


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (0.0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> tuple[float, float]:
    """(busy, steal) CPU seconds of the whole machine since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq + steal) / tick, steal / tick


def wait_quiet(max_wait: float) -> float:
    """Wait (up to ``max_wait`` s) until other processes keep < QUIET cores busy; returns
    the other load last seen.  The machine is shared: this keeps a run from starting in
    the middle of someone else's test suite, when that can be avoided."""
    deadline = time.monotonic() + max_wait
    while True:
        busy0, _ = _machine_cpu()
        own0 = _rusage_cpu(resource.RUSAGE_SELF)
        time.sleep(1.0)
        busy1, _ = _machine_cpu()
        other = busy1 - busy0 - (_rusage_cpu(resource.RUSAGE_SELF) - own0)
        if other < QUIET or time.monotonic() >= deadline:
            return other


def _rusage_cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found += children
        frontier += children
    return found


def _is_worker(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"resource_tracker" not in cmdline and b"semaphore_tracker" not in cmdline


@dataclass
class MemorySampler:
    """Polls the batch process tree every ``interval`` s from a thread."""

    root: int
    interval: float = 0.2
    parent_hwm: int = 0
    parent_cpu: float = 0.0
    workers: dict[int, int] = field(default_factory=dict)
    """worker pid → highest VmHWM seen (kB)."""
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        parent = _status(self.root).get("VmHWM", 0)
        cpu = _cpu_seconds(self.root)
        children = {pid: _status(pid).get("VmHWM", 0) for pid in _descendants(self.root)}
        with self._lock:
            self.parent_hwm = max(self.parent_hwm, parent)
            self.parent_cpu = max(self.parent_cpu, cpu)
            for pid, hwm in children.items():
                if hwm and _is_worker(pid):
                    self.workers[pid] = max(self.workers.get(pid, 0), hwm)

    def snapshot(self) -> dict[int, int]:
        with self._lock:
            return dict(self.workers)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


# --------------------------------------------------------------------------- runs


@dataclass
class BatchRun:
    label: str
    briefs: int
    jobs: int
    wall: float
    exit_code: int
    report: dict
    parent_hwm_kb: int
    worker_hwm_kb: dict[int, int]
    milestones: list[tuple[int, int]]
    """(briefs rendered so far, highest worker VmHWM in kB at that moment)."""
    parent_cpu: float
    """CPU seconds used by the batch process itself (not its workers), as last sampled."""
    first_start: float
    """Seconds from launch to the first brief handed to a worker (start-up + planning)."""
    cpu: float
    """CPU seconds of the batch process and its workers."""
    other_cpu: float
    """CPU seconds the rest of the machine used meanwhile (this bench's own excluded)."""
    steal: float
    """CPU seconds the hypervisor gave to other machines meanwhile."""
    discovered: float
    """Seconds from launch to the "discovered" event (start-up + finding the briefs)."""

    @property
    def rendered(self) -> int:
        return int(self.report.get("rendered", -1))

    @property
    def per_brief(self) -> float:
        return self.wall / self.briefs

    @property
    def rate(self) -> float:
        return self.briefs / self.wall

    @property
    def other_cores(self) -> float:
        """How many cores other processes kept busy, on average, during the run."""
        return self.other_cpu / self.wall

    @property
    def worker_peak_mb(self) -> float:
        return max(self.worker_hwm_kb.values(), default=0) / 1024

    @property
    def median_brief_seconds(self) -> float:
        times = [b["seconds"] for b in self.report.get("briefs", []) if b["status"] == "rendered"]
        return statistics.median(times) if times else 0.0


def run_batch(
    label: str, inputs: Path, out: Path, jobs: int, briefs: int, milestones: tuple[int, ...] = ()
) -> BatchRun:
    report_path = out.parent / f"{out.name}.report.json"
    cmd = [
        str(BRIEFGEN),
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--log-format",
        "json",
        "--report",
        str(report_path),
    ]
    busy0, steal0 = _machine_cpu()
    children0 = _rusage_cpu(resource.RUSAGE_CHILDREN)
    self0 = _rusage_cpu(resource.RUSAGE_SELF)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    done, seen, pending = 0, [], list(milestones)
    discovered = first_start = 0.0
    assert proc.stdout is not None
    for line in proc.stdout:  # click.echo flushes each line: arrival time ≈ event time
        try:
            event = json.loads(line).get("event")
        except ValueError:
            continue
        if event == "discovered":
            discovered = time.perf_counter() - started
        elif event == "start" and not first_start:
            first_start = time.perf_counter() - started
        elif event == "rendered":
            done += 1
            if pending and done >= pending[0]:
                pending.pop(0)
                sampler.sample()
                seen.append((done, max(sampler.snapshot().values(), default=0)))
    code = proc.wait()
    wall = time.perf_counter() - started
    sampler.stop()
    busy1, steal1 = _machine_cpu()
    cpu = _rusage_cpu(resource.RUSAGE_CHILDREN) - children0  # batch + its workers
    own = _rusage_cpu(resource.RUSAGE_SELF) - self0  # this script: the sampler, the log reader
    other = max(0.0, busy1 - busy0 - cpu - own)
    report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
    run = BatchRun(
        label=label,
        briefs=briefs,
        jobs=jobs,
        wall=wall,
        exit_code=code,
        report=report,
        parent_hwm_kb=sampler.parent_hwm,
        worker_hwm_kb=sampler.snapshot(),
        milestones=seen,
        parent_cpu=sampler.parent_cpu,
        first_start=first_start,
        cpu=cpu,
        other_cpu=other,
        steal=steal1 - steal0,
        discovered=discovered,
    )
    print(
        f"  {label}: {wall:.1f} s wall, exit {code}, rendered {run.rendered}, "
        f"failed {report.get('failed')}, worker peak {run.worker_peak_mb:.0f} MB "
        f"over {len(run.worker_hwm_kb)} worker(s), other load {run.other_cores:.2f} cores",
        flush=True,
    )
    return run


def time_render(brief: Path, out: Path, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(
            [str(BRIEFGEN), "render", str(brief), "--out", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - started)
    return times


# --------------------------------------------------------------------------- report


def _sh(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()


def _code_state() -> str:
    head = _sh("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    diff = _sh("git", "-C", str(ROOT), "diff", "HEAD", "--", "briefgen")
    if not diff:
        return f"`{head}` (briefgen/ clean)"
    digest = hashlib.sha256(diff.encode()).hexdigest()[:12]
    files = _sh("git", "-C", str(ROOT), "diff", "HEAD", "--stat", "--", "briefgen")
    changed = ", ".join(line.split("|")[0].strip() for line in files.splitlines() if "|" in line)
    return f"`{head}` + uncommitted changes in {changed} (diff sha256 `{digest}`)"


def run_floor(batch: int, rounds: int) -> dict[str, list[float]]:
    """bench/floor.py's times (ms a brief, one per round): the floor, `render_brief`, and
    `batch --jobs 1 --force` over ``batch`` copies, alternated in one process."""
    cmd = [sys.executable, str(ROOT / "bench" / "floor.py"), "--json"]
    cmd += ["--batch", str(batch), "--rounds", str(rounds)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "1", *cmd]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def targets(ctx: dict) -> list[str]:
    """Issue 13's table: each row measured in this run, its target, and whether it is met."""
    floor = ctx["floor"]
    base = statistics.median(floor["floor"])
    j1, j2, small = ctx["j1"], ctx["j2"], ctx["small"]
    rerun = statistics.median(r.wall for r in ctx["reruns"])
    pairs = [b.rate / a.rate for a, b in ctx["pairs"]] or [j2.rate / j1.rate]
    cold = statistics.median(ctx["render_times"])
    # After the small library's count, not the first few briefs: a worker's first
    # renders fill its caches (fonts, templates), which is start-up, not growth.
    base_mark = next((m for m in j2.milestones if m[0] >= small.briefs), j2.milestones[0])
    first, last = base_mark[1] / 1024, j2.worker_peak_mb
    ratio = {name: statistics.median(floor[name]) / base for name in ("render_brief", "batch")}

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    rows = [
        (
            f"warm `render_brief` against the floor ({base:.1f} ms)",
            f"{ratio['render_brief']:.2f}x",
            "≤ 1.00x",
            ratio["render_brief"] <= 1.0,
        ),
        (
            f"`batch --jobs 1 --force`, {ctx['floor_batch']} copies, a brief, against it",
            f"{ratio['batch']:.2f}x",
            "≤ 1.15x",
            ratio["batch"] <= 1.15,
        ),
        (
            f"{j2.briefs:,} new briefs, `batch --jobs 2`, index page on",
            f"{j2.wall:.1f} s",
            "≤ 45 s",
            j2.wall <= 45,
        ),
        (
            "`--jobs 2` over `--jobs 1` throughput, index on (median of the pairs)",
            f"{statistics.median(pairs):.2f}x",
            "≥ 1.85x",
            statistics.median(pairs) >= 1.85,
        ),
        (f"no-change rerun of {j2.briefs:,} briefs", f"{rerun:.2f} s", "≤ 0.5 s", rerun <= 0.5),
        ("one `briefgen render` CLI call, cold", f"{cold:.2f} s", "≤ 0.45 s", cold <= 0.45),
        (
            f"peak RSS per worker, {base_mark[0]} → {j2.briefs:,} briefs",
            f"{first:.0f} → {last:.0f} MB",
            "≤ 100 MB, flat within 10 %",
            last <= 100 and last <= first * 1.10,
        ),
    ]
    return [
        "## Targets (issue 13)",
        "",
        "| what | measured | target | |",
        "|---|---:|---|---|",
        *(f"| {what} | {got} | {want} | {verdict(ok)} |" for what, got, want, ok in rows),
        "",
        (
            f"The floor is `../shared/bench-floor`'s `floor_total_fast` with Noto embedded, "
            f"timed by bench/floor.py in rounds alternated with briefgen (median of "
            f"{len(floor['floor'])}); the two floor ratios are of medians. `small` "
            f"({small.briefs} briefs) is the first of the runs below."
        ),
        "",
    ]


def write_results(ctx: dict, path: Path) -> None:
    small, j1, j2 = ctx["small"], ctx["j1"], ctx["j2"]
    reruns, pairs = ctx["reruns"], ctx["pairs"]
    render = statistics.median(ctx["render_times"])
    rerun = statistics.median(r.wall for r in reruns)
    n = j1.briefs
    ratios = [b.rate / a.rate for a, b in pairs]
    quiet = [b.rate / a.rate for a, b in pairs if max(a.other_cores, b.other_cores) < QUIET]
    ratio = statistics.median(quiet or ratios)
    cores = int(ctx["nproc"])

    def mb(kb: int) -> str:
        return f"{kb / 1024:.0f} MB"

    def row(run: BatchRun, what: str) -> str:
        return (
            f"| {what} | {run.briefs} | {run.wall:.1f} s | {run.rate:.2f} | "
            f"{run.per_brief:.3f} | {run.median_brief_seconds:.3f} | "
            f"{run.cpu / run.briefs:.3f} | {run.other_cores:.2f} | {run.exit_code} |"
        )

    lines = [
        "# `briefgen batch` benchmark",
        "",
        f"- Date: {ctx['date']}",
        (
            f"- Machine: `nproc` = {ctx['nproc']}, {platform.machine()}, "
            f"load average before/after: {ctx['load_before']} / {ctx['load_after']}"
        ),
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- briefgen code: {ctx['code']}",
        f"- Command: `{ctx['command']}` (total bench time {ctx['total']:.0f} s)",
        "",
        *targets(ctx),
        (
            f"- Library: {n} briefs generated from `inputs/reset-with-russia` (same essay; "
            "titles, keywords and 1-7 evidence / 0-4 counterpoints / 1-4 recommendations "
            f"varied: {ctx['shapes']} distinct shapes; {ctx['validated']} briefs that between "
            "them cover every count pass `briefgen validate`, and every batch run must "
            "render every brief with no failure); default formats (DOCX + PDF), 2 files "
            "per brief."
        ),
        "",
        (
            "Each batch run starts from an empty output folder and is timed from outside "
            "(wall clock of the `briefgen batch` subprocess, start-up included). The "
            'machine is shared: "other load" is how many cores other processes kept busy '
            "on average during the run (from /proc/stat, minus the batch and this script), "
            "so a slow figure can be told from a busy machine. CPU s/brief (batch process "
            "+ workers, from getrusage) hardly depends on that load."
        ),
        "",
        "## Throughput",
        "",
        (
            "| run | briefs | wall | briefs/s | wall s/brief | median s/brief in a worker "
            "| CPU s/brief | other load (cores) | exit |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        row(j1, "full render `--jobs 1`"),
        row(j2, "full render `--jobs 2`"),
    ]
    for k, (a, b) in enumerate(pairs, 1):
        lines += [row(a, f"pair {k}: `--jobs 1`"), row(b, f"pair {k}: `--jobs 2`")]
    r0 = reruns[0]
    lines += [
        (
            f"| no-change rerun (median of {len(reruns)}) | {n} | {rerun:.2f} s | "
            f"{n / rerun:.0f} | {rerun / n:.4f} | - | {r0.cpu / n:.4f} | "
            f"{r0.other_cores:.2f} | {r0.exit_code} |"
        ),
        "",
        (
            f"- **`--jobs 2` / `--jobs 1` throughput: {ratio:.2f}x**, the median of "
            + (
                f"the {len(quiet)} pair(s) of {pairs[0][0].briefs}-brief runs made on a "
                f"quiet machine (other load under {QUIET} cores in both runs: "
                f"{', '.join(f'{r:.2f}' for r in quiet)})"
                if quiet
                else f"all {len(pairs)} pairs: none ran on a quiet machine, so this is a "
                "lower bound"
            )
            + f"; 2.00x would be perfect scaling on {cores} cores. All pairs: "
            f"{', '.join(f'{r:.2f}' for r in ratios)}."
        ),
        (
            f"- The {n}-brief runs gave {j2.rate / j1.rate:.2f}x (wall {j1.wall:.0f} s → "
            f"{j2.wall:.0f} s) with other processes using {j1.other_cores:.2f} and "
            f"{j2.other_cores:.2f} cores during them: on 2 cores, every core someone else "
            "takes comes straight off `--jobs 2`."
        ),
        (
            f"- Median time inside a worker per brief: {j1.median_brief_seconds:.3f} s "
            f"with one worker, {j2.median_brief_seconds:.3f} s with two; CPU per brief "
            f"{j1.cpu / n:.3f} s and {j2.cpu / n:.3f} s (one worker's start-up, about "
            "0.4 s of imports, is spread over the run)."
        ),
        (
            f"- The no-change rerun rendered {', '.join(str(r.rendered) for r in reruns)} "
            f"(must be 0): {rerun:.2f} s for {n} briefs, of which "
            f"{statistics.median(r.report.get('seconds', 0) for r in reruns):.2f} s inside "
            "`run_batch` (hashing each brief and essay, checking each output's size and "
            "mtime); the rest is interpreter and import start-up."
        ),
        "",
        "## Against `briefgen render` in a loop",
        "",
        (
            f"`briefgen render` of one brief as a CLI call: median **{render:.2f} s** "
            f"(of {len(ctx['render_times'])}: "
            f"{', '.join(f'{t:.2f}' for t in ctx['render_times'])}). "
            "A shell loop calling it per brief pays the interpreter and import start-up "
            "every time."
        ),
        "",
        "| | wall s per brief | vs render in a loop |",
        "|---|---:|---:|",
        f"| `briefgen render` per brief | {render:.3f} | 1x |",
        (
            f"| `briefgen batch --jobs 1` ({n} briefs) | {j1.per_brief:.3f} | "
            f"**{render / j1.per_brief:.1f}x** faster |"
        ),
        (
            f"| `briefgen batch --jobs 2` ({n} briefs) | {j2.per_brief:.3f} | "
            f"**{render / j2.per_brief:.1f}x** faster |"
        ),
        (
            f"| `briefgen batch --jobs 2`, at the median pair ratio | "
            f"{j1.per_brief / ratio:.3f} | {render * ratio / j1.per_brief:.1f}x faster |"
        ),
        f"| no-change rerun | {rerun / n:.4f} | {render / (rerun / n):.0f}x faster |",
        "",
        (
            f"A loop of {n} render calls would take about {render * n / 60:.0f} min; "
            f"`batch --jobs 1` took {j1.wall / 60:.1f} min and `--jobs 2` "
            f"{j2.wall / 60:.1f} min."
        ),
        "",
        "## The batch process itself",
        "",
        (
            "Time from launch to the `discovered` event (interpreter, imports, walking the "
            "inputs) and to the first brief handed to a worker (plus planning, done "
            "serially before the pool starts: each brief checked against the manifest, "
            "each brief to render read once more for its output name), and CPU used by the "
            "batch process itself (not its workers) over the run."
        ),
        "",
        "| run | briefs | to `discovered` | to first worker start | batch process CPU |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {run.label} | {run.briefs} | {run.discovered:.2f} s | "
            f"{run.first_start:.2f} s | {run.parent_cpu:.1f} s of {run.wall:.0f} s |"
            for run in (small, j1, j2)
        ),
        (
            f"| {r0.label} (no change) | {n} | {r0.discovered:.2f} s | - | "
            f"{r0.parent_cpu:.1f} s of {r0.wall:.1f} s |"
        ),
        "",
        "## Memory (peak RSS: VmHWM sampled every 0.2 s from /proc)",
        "",
        "| run | briefs | workers | peak RSS of each worker | batch process peak |",
        "|---|---:|---:|---|---:|",
    ]
    for run in (small, j1, j2):
        per_worker = ", ".join(mb(v) for _, v in sorted(run.worker_hwm_kb.items()))
        lines.append(
            f"| `--jobs {run.jobs}` | {run.briefs} | {len(run.worker_hwm_kb)} | "
            f"{per_worker} | {mb(run.parent_hwm_kb)} |"
        )
    growth = "; ".join(f"after {done}: {mb(kb)}" for done, kb in j2.milestones)
    lines += [
        "",
        (
            f"- Highest worker peak: {small.worker_peak_mb:.0f} MB with {small.briefs} "
            f"briefs, {j2.worker_peak_mb:.0f} MB with {j2.briefs} (`--jobs 2`), "
            f"{j1.worker_peak_mb:.0f} MB with {j1.briefs} (`--jobs 1`): "
            f"{j2.worker_peak_mb - small.worker_peak_mb:+.0f} MB from {small.briefs} to "
            f"{j2.briefs} briefs."
        ),
        (
            f"- Inside the {j2.briefs}-brief `--jobs 2` run, the highest worker peak as "
            f"briefs completed: {growth}."
        ),
        (
            "- The same worker processes render every brief of a run (the pool does not "
            "recycle them), so a leak per brief would show as growth with the count."
        ),
        "",
        "## Reproduce",
        "",
        "```sh",
        ctx["command"],
        "```",
        "",
    ]
    path.write_text("\n".join(lines), "utf-8")


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=1000, help="the full library size")
    parser.add_argument("--small", type=int, default=100, help="the small library size")
    parser.add_argument("--pair", type=int, default=150, help="library size of the jobs 1/2 pairs")
    parser.add_argument(
        "--pairs", type=int, default=3, help="jobs 1/2 pairs wanted on a quiet machine"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=600,
        help="seconds the whole bench may take: no new pair starts past it",
    )
    parser.add_argument("--render-repeats", type=int, default=5)
    parser.add_argument("--floor-batch", type=int, default=30, help="briefs in the floor's batch")
    parser.add_argument("--floor-rounds", type=int, default=8, help="rounds against the floor")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, nothing written: check the script"
    )
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.quick:
        args.briefs, args.small, args.pair, args.pairs, args.budget = 60, 20, 20, 2, 120
        args.render_repeats, args.no_write = 3, True
        args.floor_batch, args.floor_rounds = 10, 2
    if not BRIEFGEN.exists():
        sys.exit(f"{BRIEFGEN} not found: run this with the venv's python")

    began = time.perf_counter()
    ctx: dict = {
        "date": _sh("date", "-u"),
        "nproc": _sh("nproc"),
        "load_before": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "code": _code_state(),
        "command": shlex.join([".venv/bin/python", "bench/batch.py", *sys.argv[1:]]),
        "floor_batch": args.floor_batch,
    }
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    try:
        print(f"libraries of {args.briefs}, {args.small}, {args.pair} briefs in {work}")
        shapes = make_library(work / "lib", args.briefs)
        make_library(work / "lib-small", args.small)
        make_library(work / "lib-pair", args.pair)
        chosen = covering(shapes)
        validate(chosen)
        ctx["shapes"], ctx["validated"] = len(shapes), len(chosen)

        print("briefgen render (reference)", flush=True)
        first = work / "lib" / "brief-00001" / "brief.yaml"
        ctx["render_times"] = time_render(first, work / "render-out", args.render_repeats)
        print(f"  median {statistics.median(ctx['render_times']):.2f} s", flush=True)

        print("the floor (bench/floor.py, pinned to one core)", flush=True)
        ctx["floor"] = run_floor(args.floor_batch, args.floor_rounds)

        marks = tuple(m for m in (10, args.small, args.briefs // 2, args.briefs) if m)
        print("batch runs", flush=True)
        wait_quiet(30)
        ctx["small"] = run_batch(
            f"{args.small} --jobs 2", work / "lib-small", work / "out-small", 2, args.small
        )
        wait_quiet(30)
        ctx["j1"] = run_batch(
            f"{args.briefs} --jobs 1", work / "lib", work / "out-j1", 1, args.briefs
        )
        wait_quiet(30)
        ctx["j2"] = run_batch(
            f"{args.briefs} --jobs 2", work / "lib", work / "out-j2", 2, args.briefs, marks
        )
        ctx["reruns"] = [
            run_batch(f"rerun {k + 1}", work / "lib", work / "out-j2", 2, args.briefs)
            for k in range(3)
        ]
        # Pairs of --jobs 1 / --jobs 2 runs back to back, each pair started on a quiet
        # machine when possible, until enough pairs were quiet or the time budget is spent.
        ctx["pairs"] = []
        pair_time = args.pair / ctx["j1"].rate + args.pair / ctx["j2"].rate
        k = 0
        while k < 3 * args.pairs:
            quiet = [p for p in ctx["pairs"] if max(r.other_cores for r in p) < QUIET]
            left = args.budget - (time.perf_counter() - began)
            if len(quiet) >= args.pairs or left < pair_time + 5:
                break
            k += 1
            wait_quiet(min(60.0, left - pair_time))
            pair = tuple(
                run_batch(
                    f"pair {k} --jobs {jobs}",
                    work / "lib-pair",
                    work / f"out-pair{k}-j{jobs}",
                    jobs,
                    args.pair,
                )
                for jobs in (1, 2)
            )
            ctx["pairs"].append(pair)
        ctx["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        ctx["total"] = time.perf_counter() - began

        problems = []
        full = [ctx["small"], ctx["j1"], ctx["j2"], *(r for p in ctx["pairs"] for r in p)]
        for run in full:
            if run.exit_code != 0 or run.rendered != run.briefs:
                problems.append(f"{run.label}: exit {run.exit_code}, rendered {run.rendered}")
        for run in ctx["reruns"]:
            if run.exit_code != 0 or run.rendered != 0:
                problems.append(f"{run.label}: exit {run.exit_code}, rendered {run.rendered}")
        print("\n".join(targets(ctx)))
        if not args.no_write:
            write_results(ctx, RESULTS)
            print(f"wrote {RESULTS.relative_to(ROOT)}")
        print(f"total {ctx['total']:.0f} s")
        if problems:
            sys.exit("UNEXPECTED: " + "; ".join(problems))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
