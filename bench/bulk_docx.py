"""Bulk DOCX: `briefgen batch --format docx` against pandoc, one process per document.

pandoc is what a policy shop would otherwise script for a folder of briefs; it makes a
DOCX from Markdown in about 100 ms a document.  briefgen pays its Python start-up once
per batch, so the fair comparison for bulk work is seconds per document over a library.
Both sides are timed in alternating rounds on the same machine; the ratio is what holds.

    .venv/bin/python bench/bulk_docx.py [--briefs 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from batch import make_library

from briefgen.compose import compose
from briefgen.pipeline import check_brief
from briefgen.templates import find_template

BRIEFGEN = ROOT / ".venv" / "bin" / "briefgen"


def markdown_files(briefs: list[Path], folder: Path) -> list[Path]:
    """The Markdown briefgen composes for each brief: what pandoc is given."""
    template = find_template("brief")
    files = []
    for index, brief in enumerate(briefs):
        checked = check_brief(brief)
        path = folder / f"{index}.md"
        path.write_text(compose(checked.brief, checked.essay, template, dt.date(2026, 1, 1)))
        files.append(path)
    return files


def time_briefgen(inputs: Path, out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [BRIEFGEN, "batch", inputs, "--out", out, "--format", "docx", "--jobs", str(jobs)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def time_pandoc(files: list[Path], out: Path) -> float:
    out.mkdir(exist_ok=True)
    start = time.perf_counter()
    for file in files:
        subprocess.run(["pandoc", file, "-o", out / f"{file.stem}.docx"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--briefs", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install -y pandoc)")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make_library(root / "inputs", args.briefs)
        briefs = sorted((root / "inputs").rglob("brief.yaml"))
        files = markdown_files(briefs, root)
        results: dict[str, list[float]] = {"batch -j1": [], "batch -j2": [], "pandoc": []}
        for _ in range(args.rounds):
            results["pandoc"].append(time_pandoc(files, root / "pandoc-out"))
            results["batch -j1"].append(time_briefgen(root / "inputs", root / "out1", 1))
            results["batch -j2"].append(time_briefgen(root / "inputs", root / "out2", 2))
    n = len(briefs)
    pandoc = statistics.median(results["pandoc"]) / n * 1000
    print(f"{n} briefs, {args.rounds} rounds, median ms per DOCX (start-up included):")
    print(f"  pandoc, one process per document: {pandoc:.1f} ms")
    for name in ("batch -j1", "batch -j2"):
        ms = statistics.median(results[name]) / n * 1000
        print(f"  briefgen {name} --format docx:   {ms:.1f} ms  ({ms / pandoc:.2f}x pandoc)")


if __name__ == "__main__":
    main()
