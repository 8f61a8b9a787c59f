"""Benchmark `briefgen index OUT` over a sharded output folder (a measurement, not a test).

    .venv/bin/python bench/index.py                 # 1,000 briefs in 4 shards, 7 rounds
    .venv/bin/python bench/index.py --briefs 200    # a smaller folder

The folder is what a 4-task Slurm array leaves: four ``manifest.shard-K-of-4.json``, a
DOCX, a PDF and a first-page thumbnail per brief (hard links to one rendered sample, so
the folder costs no rendering).  It times, pinned to one core with ``taskset -c 0``:

- ``briefgen index OUT`` as a scheduler runs it, a fresh process each time (median);
- in the same run, the reference: a fresh ``python3`` that only reads the same four
  manifests with ``json.load`` (what any index must at least do), and ``python3 -c pass``.

Prints one Markdown table; paste it into bench/RESULTS.md with the date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
BRIEFGEN = Path(sys.executable).parent / "briefgen"
SHARDS = 4


def build_folder(out: Path, briefs: int) -> None:
    """A sharded output folder of ``briefs`` briefs, thumbnails made."""
    sample = out / ".sample"
    subprocess.run([BRIEFGEN, "render", SAMPLE, "--out", sample], check=True, capture_output=True)
    pdf, docx = sample / "reset-with-russia.pdf", sample / "reset-with-russia.docx"
    sha = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (pdf, docx)}
    subprocess.run([BRIEFGEN, "index", "--help"], check=True, capture_output=True)
    from briefgen.preview import first_page_png

    png, pages = first_page_png(pdf, 0.5)
    (out / "thumbs").mkdir()
    thumb = out / ".thumb.png"
    thumb.write_bytes(png)
    manifests: list[dict[str, dict[str, object]]] = [{} for _ in range(SHARDS)]
    for n in range(briefs):
        slug = f"brief-{n:04d}"
        outputs = {}
        for source, suffix in ((docx, ".docx"), (pdf, ".pdf")):
            target = out / f"{slug}{suffix}"
            os.link(source, target)
            stat = target.stat()
            outputs[target.name] = {
                "sha256": sha[source],
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
            }
        os.link(thumb, out / "thumbs" / f"{slug}-{sha[pdf][:12]}.png")
        manifests[n % SHARDS][f"{slug}/brief.yaml"] = {
            "status": "ok",
            "outputs": outputs,
            "rendered": "2026-12-01T03:00:00Z",
            "recorded": f"2026-12-01T03:00:{n % 60:02d}.000000Z",
            "title": f"Brief number {n}: on arms control and the alliance",
            "brief_status": "final",
            "pages": pages,
        }
    for k, entries in enumerate(manifests, start=1):
        data = {"version": 1, "briefgen": "bench", "briefs": entries}
        (out / f"manifest.shard-{k}-of-{SHARDS}.json").write_text(json.dumps(data), "utf-8")
    shutil.rmtree(sample)
    thumb.unlink()


def median_ms(command: list[str], rounds: int) -> float:
    pinned = ["taskset", "-c", "0", *command] if shutil.which("taskset") else command
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        subprocess.run(pinned, check=True, capture_output=True)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        build_folder(out, args.briefs)
        read_only = (
            "import json, pathlib, sys; "
            "[json.loads(p.read_text()) for p in pathlib.Path(sys.argv[1]).glob('manifest*.json')]"
        )
        index = median_ms([str(BRIEFGEN), "index", str(out)], args.rounds)
        listed = (out / "index.html").read_text("utf-8").count('<tr class="ok">')
        assert listed == args.briefs, f"the index lists {listed} of {args.briefs} briefs"
        floor = median_ms([sys.executable, "-c", read_only, str(out)], args.rounds)
        bare = median_ms([sys.executable, "-c", "pass"], args.rounds)
    print(f"| what ({args.briefs} briefs, {SHARDS} shards, median of {args.rounds}) | ms |")
    print("|---|---:|")
    print(f"| `briefgen index OUT`, a fresh process, thumbnails there | {index:.0f} |")
    print(f"| reference: a fresh python3 reading the same manifests | {floor:.0f} |")
    print(f"| `python3 -c pass` | {bare:.0f} |")
    print(f"| ratio index / reading the manifests | {index / floor:.2f}x |")


if __name__ == "__main__":
    main()
