"""What a change to the PDF writer costs: ``render_pdf`` of the sample, this work tree
against another commit, timed in the same rounds (a measurement, not a test).

    .venv/bin/python bench/pdf_ab.py 9722f41          # before the PDF was tagged
    .venv/bin/python bench/pdf_ab.py 9722f41 --rounds 12

The other commit is checked out with ``git worktree`` into a temporary folder.  Each
round runs one child process per side, pinned to one core with ``taskset -c 0`` where
there is taskset, the order alternating; a child renders the sample's Document 5 times
to warm up, then 30 times, and prints the median.  The verdict is the median of the
rounds' ratios (this tree over the other), since the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, time, statistics, datetime as dt
where = sys.argv[1]
# The editable install's finder would import this tree's briefgen whatever the path says.
sys.meta_path[:] = [f for f in sys.meta_path if "ditable" not in repr(f)]
sys.path.insert(0, where)
import briefgen
assert briefgen.__file__.startswith(where), briefgen.__file__
from pathlib import Path
from briefgen.pipeline import _template, build_document, check_brief
from briefgen.writers.pdf import render_pdf
checked = check_brief(Path(sys.argv[2]))
template = _template(checked, None)
doc = build_document(checked, template, dt.datetime(2024, 9, 3, tzinfo=dt.timezone.utc))
for _ in range(5):
    render_pdf(doc, template.style)
times = []
for _ in range(30):
    start = time.perf_counter()
    render_pdf(doc, template.style)
    times.append(time.perf_counter() - start)
print(statistics.median(times) * 1000)
"""


def child(tree: Path) -> float:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    brief = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
    out = subprocess.run(
        [*pin, sys.executable, "-c", CHILD, str(tree), str(brief)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return float(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the commit to compare this work tree with")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base"
        git = ["git", "-C", str(ROOT)]
        subprocess.run(
            [*git, "worktree", "add", "-q", "--detach", str(base), args.base], check=True
        )
        try:
            ratios, ours, theirs = [], [], []
            for n in range(args.rounds):
                if n % 2:
                    a, b = child(ROOT), child(base)
                else:
                    b, a = child(base), child(ROOT)
                ours.append(a)
                theirs.append(b)
                ratios.append(a / b)
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(base)], check=True)
    print(f"render_pdf of the sample, median of {args.rounds} rounds of 30 (ms):")
    print(f"  this tree {statistics.median(ours):.1f}, {args.base} {statistics.median(theirs):.1f}")
    print(
        f"  ratio {statistics.median(ratios):.2f} (rounds: {min(ratios):.2f} to {max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()
