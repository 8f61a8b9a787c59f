"""What a batch run says as it goes: one frozen dataclass per kind of event.

The run calls ``on_event`` with each; ``briefgen.cli`` decides how to show it (a progress
bar, plain log lines, or ``to_json()`` for ``--log-format json``).  A new kind of event is
a new class here and a new case in the CLI's ``match``, checked by mypy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from briefgen.batch.report import BatchSummary, BriefOutcome


@dataclass(frozen=True, slots=True)
class _Event:
    kind: ClassVar[str]
    """The ``event`` field of the JSON form."""

    def to_json(self) -> dict[str, Any]:
        return {"event": self.kind, **asdict(self)}


@dataclass(frozen=True, slots=True)
class Discovered(_Event):
    kind = "discovered"
    briefs: int
    """How many briefs this run holds (this shard's, when sharded)."""
    total: int
    """How many briefs the inputs folder has."""
    shard: str | None
    """ "K/N", or None for a plain run."""
    inputs: str


@dataclass(frozen=True, slots=True)
class Started(_Event):
    kind = "start"
    brief: str
    reason: str


@dataclass(frozen=True, slots=True)
class WouldRender(_Event):
    kind = "would-render"
    brief: str
    reason: str


@dataclass(frozen=True, slots=True)
class Finished(_Event):
    """A brief rendered, found up to date, or failed: its outcome."""

    kind = "finished"  # the JSON form names the status instead, as the log shippers expect
    outcome: BriefOutcome

    def to_json(self) -> dict[str, Any]:
        return {"event": self.outcome.status, **asdict(self.outcome)}


@dataclass(frozen=True, slots=True)
class Pruned(_Event):
    kind = "pruned"
    brief: str
    output: str


@dataclass(frozen=True, slots=True)
class Stopping(_Event):
    kind = "stopping"
    signal: str
    left: int
    """Briefs that will not start."""
    under_way: int
    """Briefs that finish first."""


@dataclass(frozen=True, slots=True)
class Warned(_Event):
    kind = "warning"
    brief: str
    message: str


@dataclass(frozen=True, slots=True)
class Note(_Event):
    kind = "note"
    message: str


@dataclass(frozen=True, slots=True)
class Ended(_Event):
    """The run is over: its summary (the last event; the CLI sends it)."""

    kind = "summary"
    summary: BatchSummary

    def to_json(self) -> dict[str, Any]:
        return {"event": self.kind, **self.summary.to_json()}


Event = Discovered | Started | WouldRender | Finished | Pruned | Stopping | Warned | Note | Ended
OnEvent = Callable[[Event], None]
