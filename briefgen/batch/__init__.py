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

The run reports through an ``on_event`` callback, one event dataclass at a time;
``briefgen.cli`` decides how to show it.

Its parts, in the order a run uses them:

- ``options``: BatchOptions, Shard: what the run is asked to do;
- ``plan``: discover the briefs, decide which need rendering and why, refuse name clashes;
- ``manifest``: what each brief was rendered from and wrote; every manifest of a folder;
- ``lock``: one run at a time per folder (and shard);
- ``workers``: one brief in a worker process, and its typed result;
- ``run``: the pool, the signals, recording results, pruning;
- ``events``: what the run says as it goes; ``report``: its outcomes and summary;
- ``index``: the folder's one index.html, from every manifest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefgen.batch.events import Event, OnEvent
from briefgen.batch.lock import LOCK_NAME, LockedError
from briefgen.batch.options import BatchOptions, Shard
from briefgen.batch.report import (
    BatchSummary,
    BriefOutcome,
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
