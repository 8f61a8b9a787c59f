from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia"


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of the sample brief folder (brief.yaml + essay.txt)."""
    target = tmp_path / "reset-with-russia"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture
def edit_brief(sample_dir: Path) -> Callable[[str, str], Path]:
    """Replace one exact snippet of the sample brief.yaml; returns the brief's path."""

    def edit(old: str, new: str) -> Path:
        path = sample_dir / "brief.yaml"
        text = path.read_text("utf-8")
        assert text.count(old) == 1, f"snippet not unique in sample: {old!r}"
        path.write_text(text.replace(old, new), "utf-8")
        return path

    return edit


def line_of(path: Path, snippet: str) -> int:
    """1-based line number of the first line containing ``snippet``."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not in {path}")
