"""index.html for an output folder: every brief that any run of it recorded.

A plain batch holds the folder's lock for its whole run and writes the page at its end.
A shard holds only its shard's lock, so it makes its own briefs' thumbnails first (in
parallel with the other shards), then takes the folder's lock for the moment it takes
to merge every manifest and write the page.  `briefgen index OUT` does the same for a
scheduler's last step (the job a Slurm array's tasks are followed by), reading nothing
but the manifests and the thumbnails when they exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from briefgen.batch.lock import LOCK_NAME, folder_lock
from briefgen.batch.manifest import Manifest, folder_manifests, latest_entries
from briefgen.errors import BriefgenError, Problem
from briefgen.index_page import IndexResult, Outcome, write_index


def folder_index(
    out_dir: Path,
    outcomes: Sequence[Outcome] = (),
    own: Manifest | None = None,
    started: str | None = None,
) -> IndexResult:
    """Write ``out_dir/index.html`` from every manifest in the folder; the caller holds
    the folder's lock.  ``own`` is the running batch's manifest, newer in memory than on
    disk; ``outcomes`` are its briefs' results; ``started`` when it started (None for
    `briefgen index`, whose page says when the newest brief was rendered instead)."""
    manifests = [m for m in folder_manifests(out_dir) if own is None or m.path != own.path]
    if own is not None:
        manifests.insert(0, own)
    if not manifests:
        raise BriefgenError(
            [
                Problem(
                    out_dir,
                    None,
                    None,
                    "no manifest.json or manifest.shard-K-of-N.json here: "
                    "is this the --out folder of a `briefgen batch`?",
                )
            ]
        )
    inputs = next((Path(m.inputs) for m in manifests if m.inputs), None)
    result = write_index(out_dir, inputs, latest_entries(manifests), outcomes, started)
    if own is not None and own.fill(result.filled):  # what an older manifest lacked
        own.save()
    return result


def index_folder(out_dir: Path, wait_seconds: float) -> IndexResult:
    """`briefgen index OUT`: the folder's lock, then :func:`folder_index`."""
    if not out_dir.is_dir():
        what = "is not a folder" if out_dir.exists() else "does not exist"
        raise BriefgenError([Problem(out_dir, None, None, f"{what}: give a batch's --out folder")])
    with folder_lock(out_dir, LOCK_NAME, wait_seconds):
        return folder_index(out_dir)
