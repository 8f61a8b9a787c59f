"""What durability costs per brief pair: two files fsynced one by one (what briefgen
does) against both written, then one ``syncfs`` of their file system (a measurement,
not a test).

    .venv/bin/python bench/fsync.py [FOLDER]      # default: a temporary folder in out/

Each round writes a DOCX-sized and a PDF-sized file (216 KB and 118 KB of random bytes)
to temporary names and renames them, the two ways alternating; the median of 40 rounds
each.  Both ways survive ``kill -9`` (the page cache outlives the process) and power
loss (the data is on disk before the rename): the difference is only what is flushed.
"""

from __future__ import annotations

import ctypes
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (216_000, 118_000)


def _per_file(folder: Path, blobs: list[bytes]) -> None:
    for n, blob in enumerate(blobs):
        temp = folder / f"f{n}.tmp"
        with temp.open("wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(folder / f"f{n}")


def _per_pair(folder: Path, blobs: list[bytes], libc: ctypes.CDLL) -> None:
    temps = []
    for n, blob in enumerate(blobs):
        temp = folder / f"p{n}.tmp"
        with temp.open("wb") as handle:
            handle.write(blob)
        temps.append((temp, folder / f"p{n}"))
    fd = os.open(folder, os.O_RDONLY)
    try:
        libc.syncfs(fd)  # the whole file system: both files, and whatever else is dirty
    finally:
        os.close(fd)
    for temp, target in temps:
        temp.replace(target)


def main() -> None:
    base = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out"
    base.mkdir(parents=True, exist_ok=True)
    libc = ctypes.CDLL(None, use_errno=True)
    times: dict[str, list[float]] = {"fsync per file": [], "syncfs per pair": []}
    with tempfile.TemporaryDirectory(dir=base) as name:
        folder = Path(name)
        for round_ in range(40):
            blobs = [os.urandom(size) for size in SIZES]
            ways = [
                ("fsync per file", partial(_per_file, folder, blobs)),
                ("syncfs per pair", partial(_per_pair, folder, blobs, libc)),
            ]
            for label, way in ways if round_ % 2 else ways[::-1]:
                started = time.perf_counter()
                way()
                times[label].append((time.perf_counter() - started) * 1000)
    for label, values in times.items():
        print(f"{label}: {statistics.median(values):.2f} ms a brief pair (median of 40)")


if __name__ == "__main__":
    main()
