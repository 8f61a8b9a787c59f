"""`briefgen batch --lint`: every brief rendered is linted too; the findings are warnings
in the log, kept in the manifest, and counted on the index page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from library import make_library
from test_batch import batch, read_manifest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    make_library(tmp_path / "lib", 2, seed=11)
    shutil.copytree(ROOT / "tests" / "cases" / "lint", tmp_path / "lib" / "every-rule")
    return tmp_path / "lib"


def test_lint_findings_are_warned_recorded_and_counted(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = batch(inputs, "--out", out, "--lint", "--jobs", "1")
    assert run.code == 0  # findings are the analyst's to weigh: they fail no brief
    entries = read_manifest(out)
    key = "every-rule/brief.yaml"
    assert len(entries[key]["lint"]) == 12
    assert all(" summary." in line for line in entries[key]["lint"])
    warned = [e["message"] for e in run.events if e["event"] == "warning" and e["brief"] == key]
    assert [m for m in warned if m.startswith("lint: ")] == [
        f"lint: {x}" for x in entries[key]["lint"]
    ]
    page = (out / "index.html").read_text("utf-8")
    for entry in entries.values():
        count = len(entry["lint"])
        said = "lint: clean" if not count else f"{count} lint finding{'s' if count != 1 else ''}"
        assert said in page
    assert "12 lint findings" in page


def test_a_run_without_lint_records_none_and_the_next_lint_run_lints_them(
    inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert batch(inputs, "--out", out, "--jobs", "1").code == 0
    assert all("lint" not in entry for entry in read_manifest(out).values())
    assert "lint finding" not in (out / "index.html").read_text("utf-8")
    run = batch(inputs, "--out", out, "--lint", "--jobs", "1")
    started = [e for e in run.events if e["event"] == "start"]
    assert len(started) == 3
    assert {e["reason"] for e in started} == {"not linted yet"}
    again = batch(inputs, "--out", out, "--lint", "--jobs", "1")
    assert not [e for e in again.events if e["event"] == "start"]
    assert re.search(r"12 lint findings", (out / "index.html").read_text("utf-8"))
