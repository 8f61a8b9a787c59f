from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: enough examples in CI to matter; HYPOTHESIS_PROFILE=long for a deep run.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
