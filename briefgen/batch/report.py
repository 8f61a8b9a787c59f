"""What a batch run reports: an outcome per brief, the summary, and --report's JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefgen.errors import BriefgenError, ExitCode
from briefgen.outputs import write_atomic

Status = Literal["rendered", "skipped", "failed"]


@dataclass(slots=True)
class BriefOutcome:
    brief: str
    """The brief's path relative to the inputs folder (its key in the manifest)."""
    status: Status
    outputs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reason: str = ""
    """Why it was rendered, skipped or failed: "new", "changed: essay", "forced", "up to
    date", "would fail" (a dry run)…"""


@dataclass(slots=True)
class BatchSummary:
    inputs: str
    out_dir: str
    started: str
    seconds: float = 0.0
    rendered: int = 0
    skipped: int = 0
    failed: int = 0
    removed_inputs: list[str] = field(default_factory=list)
    """Briefs in the manifest whose input is gone (their outputs are pruned with --prune)."""
    pruned: list[str] = field(default_factory=list)
    interrupted: str = ""
    """The signal that stopped the run early ("SIGINT", "SIGTERM"), else ""."""
    dry_run: bool = False
    briefs: list[BriefOutcome] = field(default_factory=list)

    def record(self, outcome: BriefOutcome) -> None:
        self.briefs.append(outcome)
        if outcome.status == "rendered":
            self.rendered += 1
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.SIGINT if self.interrupted == "SIGINT" else ExitCode.SIGTERM
        return ExitCode.FAILED if self.failed else ExitCode.OK


def write_failure_report(path: Path, inputs: Path, out_dir: Path, err: BriefgenError) -> None:
    """--report for a run that could not start (folder locked, no inputs), so a scheduler
    reading the report does not mistake the previous run's for this one's."""
    data = {
        "inputs": str(inputs),
        "out_dir": str(out_dir),
        "started": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "exit_code": err.exit_code,
        "errors": [str(p) for p in err.problems],
    }
    write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def write_report(path: Path, summary: BatchSummary) -> None:
    """--report FILE: the run's summary as JSON, for the scheduler that called it."""
    data = {**summary.to_json(), "exit_code": summary.exit_code}
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))
