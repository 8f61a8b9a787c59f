"""The scheduled job: every brief under a folder, rendered in parallel, incrementally, safely.

Each brief goes through the same ``pipeline.render_brief`` as ``briefgen render``, in a
pool of worker processes.  What a brief was rendered from (content hashes of the brief,
its essay, its template folder, the fonts, briefgen's version and the formats) is kept
in ``manifest.json`` in the output folder, so a run renders only what changed, and an
output that was deleted or damaged by hand is noticed and rebuilt.

Safety, for a job nobody watches:

- every output and the manifest are written to a temporary name and renamed, so a run
  killed at any moment leaves each file whole or absent; leftover temporary files are
  removed by the next run, which also renders what the killed one did not record;
- one run at a time per output folder (and shard): an ``flock`` on ``.briefgen.lock``,
  which the kernel releases when a run dies, so a killed run's lock is simply taken over;
- SIGINT/SIGTERM stop the run cleanly: no new brief starts, the ones under way finish,
  the manifest records what was completed, and the exit code says it was interrupted.

This module reports through an ``on_event`` callback; ``briefgen.cli`` decides how to show it.
"""

from typing import TYPE_CHECKING, Any

from briefgen.batch.lock import EXIT_LOCKED, LOCK_NAME, LockedError
from briefgen.batch.options import (
    BatchOptions,
    BatchSummary,
    BriefOutcome,
    Event,
    OnEvent,
    Shard,
    write_failure_report,
    write_report,
)

if TYPE_CHECKING:
    from briefgen.batch.run import discover, run_batch


def __getattr__(name: str) -> Any:
    # The run imports the whole pipeline; `briefgen index`, which needs only the
    # manifests and the lock, must not pay for it (PEP 562).
    if name in {"discover", "run_batch"}:
        from briefgen.batch import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EXIT_LOCKED",
    "LOCK_NAME",
    "BatchOptions",
    "BatchSummary",
    "BriefOutcome",
    "Event",
    "LockedError",
    "OnEvent",
    "Shard",
    "discover",
    "run_batch",
    "write_failure_report",
    "write_report",
]
