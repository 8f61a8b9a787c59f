"""`briefgen render --watch`: the edit loop re-validates and re-renders on every change."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest


def _reader(stream: object, lines: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        lines.put(line.rstrip("\n"))


def _until(lines: queue.Queue[str], text: str, timeout: float = 60) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return seen
    pytest.fail(f"no line with {text!r} within {timeout} s; saw {seen}")


@pytest.mark.slow
def test_watch_reports_problems_then_renders_again(sample_dir: Path, tmp_path: Path) -> None:
    brief = sample_dir / "brief.yaml"
    out = sample_dir / "out"  # inside the watched folder: its writes must not re-trigger
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "render", str(brief), "--watch", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    try:
        first = _until(lines, "watching for changes")
        assert any("wrote" in line and "2 page(s)" in line for line in first), first
        time.sleep(2)
        assert lines.empty(), "the loop rendered again with nothing changed"
        text = brief.read_text("utf-8")
        brief.write_text(
            text.replace("quote: Putin has put visceral", "quote: Putin has put visible")
        )
        broken = _until(lines, "watching for changes")
        assert any("1 problem(s)" in line for line in broken), broken
        assert any("summary.evidence[5].quote: not found in the essay" in line for line in broken)
        brief.write_text(text)
        fixed = _until(lines, "watching for changes")
        assert any("wrote" in line for line in fixed), fixed
        assert process.poll() is None  # a broken brief never ended the loop
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
