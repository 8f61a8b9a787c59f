"""briefgen against the floor of its own stack, in one run (a measurement, not a test).

    taskset -c 1 .venv/bin/python bench/floor.py            # render_brief against the floor
    taskset -c 1 .venv/bin/python bench/floor.py --batch 30 # and `batch --jobs 1 --force`
    ... --json                                               # the times per round, as JSON

The floor is ``../shared/bench-floor`` (its README): a careful hand-written two-page
brief, Jinja2 → markdown-it → python-docx and reportlab with the same Noto fonts
(``FLOOR_TTF`` points at ``briefgen/fonts``), which validates, grounds, tags and writes
nothing.  In one process, alternating the two in rounds (the order swapping each round),
it times

- the floor's ``floor_total_fast`` (DOCX + PDF of its brief, in memory);
- ``render_brief`` of the sample (check, compose, both writers, both files written);

and, with ``--batch N``, a ``briefgen batch --jobs 1 --force`` over N copies of the
sample, as a subprocess, per brief (its start-up spread over the N), against the floor
timed in the same rounds.  The verdict is the ratio of medians; the machine is shared,
so pin it with taskset and read the ratio, not the milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "bench-floor"
SAMPLE = ROOT / "inputs" / "reset-with-russia"


def _timed(fn: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - started) / repeat * 1000


def _library(folder: Path, count: int) -> Path:
    for n in range(count):
        shutil.copytree(SAMPLE, folder / f"brief-{n:03d}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="calls per round and side")
    parser.add_argument("--batch", type=int, default=0, help="also time a batch of N briefs")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead")
    args = parser.parse_args()
    os.environ["FLOOR_TTF"] = str(ROOT / "briefgen" / "fonts")
    sys.path.insert(0, str(FLOOR))
    import bench_inproc  # the floor's own harness

    from briefgen.pipeline import render_brief

    floor = bench_inproc.case_fn("floor_total_fast")
    work = Path(tempfile.mkdtemp(prefix="briefgen-floor-"))
    try:
        brief = SAMPLE / "brief.yaml"

        def ours() -> object:
            return render_brief(brief, work / "out", formats=("docx", "pdf"))

        for _ in range(5):  # warm: fonts parsed, templates compiled, caches filled
            floor()
            ours()
        times: dict[str, list[float]] = {"floor": [], "render_brief": [], "batch": []}
        library = _library(work / "lib", args.batch) if args.batch else None
        command = [sys.executable, "-m", "briefgen", "batch", str(library)]
        command += ["--out", str(work / "batch"), "--jobs", "1", "--force", "--no-index"]
        for round_ in range(args.rounds):
            sides: list[tuple[str, Callable[[], float]]] = [
                ("floor", lambda: _timed(floor, args.repeat)),
                ("render_brief", lambda: _timed(ours, args.repeat)),
            ]
            if library is not None:

                def batch() -> float:
                    started = time.perf_counter()
                    subprocess.run(command, check=True, capture_output=True)
                    return (time.perf_counter() - started) / args.batch * 1000

                sides.append(("batch", batch))
            for name, side in sides if round_ % 2 else sides[::-1]:
                times[name].append(side())
        base = statistics.median(times["floor"])
        if args.json:
            print(json.dumps({name: [round(t, 2) for t in ts] for name, ts in times.items()}))
            return
        print(f"floor_total_fast {base:.1f} ms a brief (median of {args.rounds} rounds)")
        for name in ("render_brief", "batch"):
            if times[name]:
                value = statistics.median(times[name])
                low, high = min(times[name]) / base, max(times[name]) / base
                print(
                    f"{name} {value:.1f} ms: {value / base:.2f}x the floor ({low:.2f}-{high:.2f})"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
