"""What a batch run is asked to do, and what it reports: options, outcomes, summary."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from briefgen.errors import BriefgenError
from briefgen.outputs import write_atomic

Status = Literal["rendered", "skipped", "failed"]


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``: the briefs whose stable hash falls in it."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """ "2/5" → Shard(2, 5); ValueError with a readable reason otherwise."""
        try:
            index_text, count_text = text.split("/")
            index, count = int(index_text), int(count_text)
        except ValueError:
            raise ValueError(f"{text!r} is not of the form K/N, e.g. 2/5") from None
        if not 1 <= index <= count:
            raise ValueError(f"{text!r}: K must be between 1 and N")
        return cls(index, count)

    def holds(self, key: str) -> bool:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    @property
    def suffix(self) -> str:
        return f".shard-{self.index}-of-{self.count}"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    inputs: Path
    out_dir: Path
    jobs: int = 1
    force: bool = False
    dry_run: bool = False
    prune: bool = False
    shard: Shard | None = None
    formats: tuple[str, ...] | None = None
    wait_seconds: float = 5.0
    """How long to wait for another run's lock before giving up."""
    index: bool = False
    """Write index.html (and thumbs/) in the output folder after the run."""


# --------------------------------------------------------------------------- results


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
    """Why it was rendered or skipped: "new", "changed: essay", "forced", "up to date"…"""


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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130 if self.interrupted == "SIGINT" else 143
        return 1 if self.failed else 0


Event = dict[str, Any]
OnEvent = Callable[[Event], None]


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
