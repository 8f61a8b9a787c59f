"""contrib/slurm/ on a real one-node Slurm: submit.sh queues an array of shards and an
index job, and the folder it leaves is judged as an operator would (every brief rendered
once, by exactly one shard, with every output; one report per task that says what it
did; the tasks' exit codes as Slurm records them; one index.html listing every brief).

The cluster (tests/slurm_cluster.py) is started once for the module as root and stopped,
by pid, at the end.  The module is skipped when not root or, outside CI, when Slurm is
not installed; in CI (.ci/run installs slurm-wlm and munge) a missing binary fails.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from library import LibraryBrief, break_quote, make_library, write_brief
from slurm_cluster import SlurmCluster, missing_binaries, running_cluster

pytestmark = pytest.mark.slow

SLURM = ROOT / "contrib" / "slurm"
SUBMIT = SLURM / "submit.sh"
BRIEFGEN = Path(sys.executable).with_name("briefgen")
JOBS_TIMEOUT = 240.0
"""Seconds a whole submission may take to drain the queue (about 30 s on 2 cores)."""
SUBMITTED = re.compile(r"^array job (\d+) \((\d+) tasks\), index job (\d+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlurmCluster]:
    if os.geteuid() != 0:
        pytest.skip("a real Slurm needs root here (slurmd launches jobs, SlurmUser=root)")
    missing = missing_binaries()
    if missing:
        message = f"Slurm not installed: {', '.join(missing)} not on PATH"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; .ci/run installs slurm-wlm and munge")
        pytest.skip(f"{message} (apt-get install slurm-wlm munge)")
    with running_cluster(tmp_path_factory.mktemp("slurm")) as started:
        yield started


def submit(
    cluster: SlurmCluster, inputs: Path, out: Path, shards: int, *sbatch: str
) -> subprocess.CompletedProcess[str]:
    # briefs.sbatch asks for 2 CPUs per task; a 1-CPU node could never run it.
    if cluster.cpus < 2:
        sbatch = ("--cpus-per-task=1", *sbatch)
    return subprocess.run(
        [str(SUBMIT), str(inputs), str(out), str(shards), *sbatch],
        env={**cluster.env, "BRIEFGEN": str(BRIEFGEN)},
        cwd=out.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def submitted(result: subprocess.CompletedProcess[str], shards: int) -> tuple[str, str]:
    """The array's and the index job's ids, from submit.sh's output."""
    assert result.returncode == 0, result.stderr
    found = SUBMITTED.search(result.stdout)
    assert found, result.stdout
    assert int(found[2]) == shards
    return found[1], found[3]


def read_report(out: Path, shard: int, shards: int) -> dict[str, Any]:
    path = out / f"last-run.shard-{shard}-of-{shards}.json"
    assert path.is_file(), f"no report from task {shard}: {sorted(p.name for p in out.iterdir())}"
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def task_log(out: Path, array: str, shard: int) -> str:
    return (out / "logs" / f"briefgen-{array}_{shard}.out").read_text("utf-8", errors="replace")


def index_rows(out: Path) -> str:
    path = out / "index.html"
    assert path.is_file(), f"no index.html: {sorted(p.name for p in out.iterdir())}"
    return path.read_text("utf-8")


def listed_once(page: str, brief: LibraryBrief) -> bool:
    """The brief has one row in index.html: its key once, a link to its DOCX once."""
    key = f'<div class="key">{html.escape(brief.key)}</div>'
    docx = f'href="{html.escape(brief.outputs[0])}"'
    return page.count(key) == 1 and page.count(docx) == 1


# --------------------------------------------------------------------------- tests


def test_array_of_four_shards_renders_every_brief_once_and_one_index_lists_them(
    cluster: SlurmCluster, tmp_path: Path
) -> None:
    briefs = make_library(tmp_path / "inputs", 40, seed=7)
    out = tmp_path / "out"
    array, index = submitted(submit(cluster, tmp_path / "inputs", out, 4), 4)
    cluster.wait_drained(array, index, timeout=JOBS_TIMEOUT)

    # Slurm's own record: every task and the index job ended 0.
    tasks = cluster.job_results(array)
    assert tasks == {str(k): ("COMPLETED", "0:0") for k in range(1, 5)}, cluster.logs()
    assert cluster.job_results(index) == {"": ("COMPLETED", "0:0")}, (
        out / "logs" / f"briefgen-index-{index}.out"
    ).read_text("utf-8")

    rendered: list[str] = []
    for shard in range(1, 5):
        report = read_report(out, shard, 4)
        assert report["exit_code"] == 0, task_log(out, array, shard)
        assert report["failed"] == 0
        assert report["skipped"] == 0
        assert report["interrupted"] == ""
        assert report["out_dir"] == str(out.resolve())
        mine = [b["brief"] for b in report["briefs"] if b["status"] == "rendered"]
        assert report["rendered"] == len(mine) == len(report["briefs"])
        assert (out / f"manifest.shard-{shard}-of-4.json").is_file()
        assert "rendered" in task_log(out, array, shard)
        rendered += mine
    assert sorted(rendered) == sorted(b.key for b in briefs)  # all 40, none twice

    for brief in briefs:
        for name in brief.outputs:
            assert (out / name).stat().st_size > 0, name
    page = index_rows(out)
    assert page.count('<div class="key">') == 40
    assert [b.key for b in briefs if not listed_once(page, b)] == []


def test_a_failed_shard_still_gets_indexed_and_a_rerun_of_it_renders_only_what_it_lacks(
    cluster: SlurmCluster, tmp_path: Path
) -> None:
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    briefs = make_library(inputs, 8, seed=11)
    broken = briefs[3]
    good = yaml.safe_load(broken.brief.read_text("utf-8"))
    break_quote(broken)
    array, index = submitted(submit(cluster, inputs, out, 2), 2)
    cluster.wait_drained(array, index, timeout=JOBS_TIMEOUT)

    reports = {k: read_report(out, k, 2) for k in (1, 2)}
    (bad_shard,) = (k for k, r in reports.items() if r["failed"])
    failed = [b["brief"] for b in reports[bad_shard]["briefs"] if b["status"] == "failed"]
    assert failed == [broken.key]
    assert reports[bad_shard]["exit_code"] == 1
    # sacct's ExitCode column, without accounting: the task exited as briefgen did
    assert cluster.job_results(array) == {
        str(k): ("FAILED", "1:0") if k == bad_shard else ("COMPLETED", "0:0") for k in (1, 2)
    }
    # afterany: the index job ran anyway and lists every brief, the failed one too
    assert cluster.job_results(index) == {"": ("COMPLETED", "0:0")}
    page = index_rows(out)
    assert page.count('<div class="key">') == 8
    assert f'<div class="key">{html.escape(broken.key)}</div>' in page
    assert not (out / broken.outputs[1]).exists()

    # Fix the brief, rerun that one shard as contrib/README.md says, then the index.
    write_brief(broken.folder, good)
    env = {**cluster.env, "BRIEFGEN": str(BRIEFGEN), "BRIEFGEN_INPUTS": str(inputs)}
    env |= {"BRIEFGEN_OUT": str(out), "BRIEFGEN_SHARDS": "2"}
    cpus = ["--cpus-per-task=1"] if cluster.cpus < 2 else []
    args = [f"--array={bad_shard}", *cpus, "--export=ALL", f"--output={out}/logs/%x-%A_%a.out"]
    rerun = subprocess.run(
        ["sbatch", "--parsable", *args, str(SLURM / "briefs.sbatch")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert rerun.returncode == 0, rerun.stderr
    job = rerun.stdout.strip().split(";")[0]
    cluster.wait_drained(job, timeout=JOBS_TIMEOUT)
    assert cluster.job_results(job) == {str(bad_shard): ("COMPLETED", "0:0")}
    again = read_report(out, bad_shard, 2)
    assert [b["brief"] for b in again["briefs"] if b["status"] == "rendered"] == [broken.key]
    assert again["skipped"] == len(reports[bad_shard]["briefs"]) - 1
    assert all((out / name).is_file() for b in briefs for name in b.outputs)


def test_submit_fails_with_sbatchs_message_and_queues_nothing_on_a_bad_partition(
    cluster: SlurmCluster, tmp_path: Path
) -> None:
    make_library(tmp_path / "inputs", 1)
    before = cluster.run("squeue", "--noheader").stdout
    result = submit(cluster, tmp_path / "inputs", tmp_path / "out", 2, "--partition=nowhere")
    assert result.returncode != 0
    assert "invalid partition" in result.stderr.lower(), result.stderr
    assert "nothing was submitted" in result.stderr
    assert "array job" not in result.stdout
    assert cluster.run("squeue", "--noheader").stdout == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{inputs}", "{out}"], "need INPUTS, OUT and N"),
        (["{inputs}", "{out}", "0"], "N must be a positive integer"),
        (["{inputs}", "{out}", "two"], "N must be a positive integer"),
        (["{tmp}/nowhere", "{out}", "2"], "INPUTS is not a folder"),
    ],
)
def test_submit_refuses_bad_arguments_with_a_usage_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "inputs").mkdir()
    paths = {"inputs": tmp_path / "inputs", "out": tmp_path / "out", "tmp": tmp_path}
    result = subprocess.run(
        [str(SUBMIT), *(a.format(**paths) for a in args)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "usage: submit.sh INPUTS OUT N" in result.stderr
    assert not (tmp_path / "out").exists()
