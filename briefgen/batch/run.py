"""The run: discover, plan (what changed), render in a pool, record, prune, index."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from briefgen import __version__
from briefgen.batch.lock import LOCK_NAME, folder_lock
from briefgen.batch.manifest import (
    Deps,
    Fingerprints,
    Manifest,
    file_sha256,
    folder_manifests,
    manifest_path,
    recorded_now,
)
from briefgen.batch.options import BatchOptions, BatchSummary, BriefOutcome, OnEvent
from briefgen.batch.workers import render_one, worker_init
from briefgen.errors import BriefgenError, Problem
from briefgen.outputs import ensure_folder, remove_stale_temporaries
from briefgen.pipeline import BRIEF_FILES, output_slug


def discover(inputs: Path) -> list[Path]:
    """Every brief file under ``inputs`` (brief.yaml, .yml or .json), hidden folders skipped."""
    if not inputs.is_dir():
        if not inputs.exists():
            message = "does not exist: give the folder that holds a folder per brief"
        else:
            message = (
                "is a file, not a folder of briefs (one folder per brief, each with brief.yaml)"
            )
        raise BriefgenError([Problem(inputs, None, None, message)])
    found = []
    for root, dirs, files in os.walk(inputs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in BRIEF_FILES:
            if name in files:
                found.append(Path(root) / name)
                break  # one brief per folder: brief.yaml wins over .yml and .json
    return sorted(found)


@dataclass(slots=True)
class _Plan:
    key: str
    path: Path
    reason: str
    slug: str | None = None


class _Stop:
    """Remembers the first SIGINT/SIGTERM; the run loop checks it between briefs."""

    def __init__(self) -> None:
        self.signal = ""
        self.announced = False
        """Whether the "stopping" event was sent (once, as soon as the run sees the signal)."""

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.signal = signal.Signals(signum).name

    def announce(self, on_event: OnEvent, left: int, under_way: int) -> None:
        """The "stopping" event, once, if a signal came."""
        if self.signal and not self.announced:
            self.announced = True
            event = {"event": "stopping", "signal": self.signal, "left": left}
            on_event({**event, "under_way": under_way})


def run_batch(options: BatchOptions, on_event: OnEvent) -> BatchSummary:
    """Render every brief under ``options.inputs`` that needs it; never raises for one brief."""
    started = time.monotonic()
    inputs = options.inputs
    all_briefs = discover(inputs)
    briefs = all_briefs
    if options.shard:
        briefs = [b for b in all_briefs if options.shard.holds(_key(b, inputs))]
    summary = BatchSummary(
        inputs=str(inputs),
        out_dir=str(options.out_dir),
        started=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        dry_run=options.dry_run,
    )
    suffix = options.shard.suffix if options.shard else ""
    discovered = {
        "event": "discovered",
        "briefs": len(briefs),
        "total": len(all_briefs),
        "shard": f"{options.shard.index}/{options.shard.count}" if options.shard else None,
        "inputs": str(inputs),
    }
    if options.dry_run:
        on_event(discovered)
        manifest = _load_manifest(options, suffix)
        _run_locked(options, all_briefs, briefs, manifest, summary, on_event, None)
    else:
        ensure_folder(options.out_dir)
        lock = folder_lock(options.out_dir, LOCK_NAME + suffix, options.wait_seconds)
        with lock as (note, lock_fd):
            on_event(discovered)
            if note:
                on_event({"event": "note", "message": note})
            remove_stale_temporaries(options.out_dir)
            manifest = _load_manifest(options, suffix)
            _run_locked(options, all_briefs, briefs, manifest, summary, on_event, lock_fd)
            if options.index and not summary.interrupted:
                _write_index(options, manifest, summary, on_event)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _load_manifest(options: BatchOptions, suffix: str) -> Manifest:
    manifest = Manifest.load(manifest_path(options.out_dir, suffix))
    manifest.inputs = str(options.inputs.resolve())
    return manifest


def _run_locked(
    options: BatchOptions,
    all_briefs: list[Path],
    briefs: list[Path],
    manifest: Manifest,
    summary: BatchSummary,
    on_event: OnEvent,
    lock_fd: int | None,
) -> None:
    fingerprints = Fingerprints()
    present = {_key(b, options.inputs) for b in briefs}
    summary.removed_inputs = sorted(k for k in manifest.entries if k not in present)
    # Another run of this folder (a shard, or a plain run) may have rendered a brief since
    # this run's manifest last saw it: its record counts as this run's own.
    others = [m for m in folder_manifests(options.out_dir) if m.path != manifest.path]

    def _current_elsewhere(key: str, brief: Path) -> dict[str, Any] | None:
        """Another manifest's record of ``key``, if it is up to date (same inputs, outputs
        on disk as that run wrote them)."""
        for other in others:
            if key in other.entries and not _why_render(key, brief, options, other, fingerprints):
                return other.entries[key]
        return None

    plans: list[_Plan] = []
    for brief in briefs:
        key = _key(brief, options.inputs)
        reason = _why_render(key, brief, options, manifest, fingerprints)
        current = None if options.force or not reason else _current_elsewhere(key, brief)
        if current is not None:
            manifest.entries[key] = dict(current)
            reason = ""
        if reason:
            plans.append(_Plan(key, brief, reason, _declared_slug(brief)))
        else:
            outcome = BriefOutcome(key, "skipped", _outputs_of(manifest, key), reason="up to date")
            _record(summary, outcome, on_event)
    elsewhere: list[tuple[str, str | None]] = []
    if options.shard and plans:  # other shards write to the same folder: their names count
        mine = set(briefs)
        elsewhere = [
            (_key(b, options.inputs), _declared_slug(b)) for b in all_briefs if b not in mine
        ]
    plans = _refuse_collisions(plans, manifest, options.inputs, elsewhere, summary, on_event)
    if options.dry_run:
        _dry_run(plans, summary, on_event)
        return
    if options.prune:
        _prune(summary.removed_inputs, manifest, options.out_dir, summary, on_event)
    _render_all(plans, options, manifest, fingerprints, summary, on_event, lock_fd)


def _dry_run(plans: list[_Plan], summary: BatchSummary, on_event: OnEvent) -> None:
    """Say what would be rendered, having checked each brief as `validate` does: a brief
    that would fail is reported as failing, with its problems."""
    from briefgen.pipeline import check_brief

    for plan in plans:
        try:
            check_brief(plan.path)
        except BriefgenError as err:
            problems = [str(p) for p in err.problems]
            failed = BriefOutcome(plan.key, "failed", errors=problems, reason="would fail")
            _record(summary, failed, on_event)
            continue
        on_event({"event": "would-render", "brief": plan.key, "reason": plan.reason})
        summary.rendered += 1


def _write_index(
    options: BatchOptions, manifest: Manifest, summary: BatchSummary, on_event: OnEvent
) -> None:
    """index.html after the run, listing every brief of the output folder whichever run
    (or shard) rendered it.  A page that cannot be written is a warning, not a failure:
    the briefs themselves were rendered and recorded."""
    from briefgen.batch.index import folder_index
    from briefgen.index_page import INDEX_NAME, make_thumbnails

    try:
        if options.shard is None:  # this run holds the folder's lock already
            result = folder_index(options.out_dir, summary.briefs, manifest, summary.started)
        else:
            mine = {o.brief for o in summary.briefs}
            entries = {k: e for k, e in manifest.entries.items() if k in mine}
            if make_thumbnails(options.out_dir, entries):
                manifest.save()  # their page counts
            with folder_lock(options.out_dir, LOCK_NAME, options.wait_seconds):
                result = folder_index(options.out_dir, summary.briefs, manifest, summary.started)
    except BriefgenError as err:
        for problem in err.problems:
            message = f"{INDEX_NAME} not updated: {problem}"
            if options.shard is not None:
                message += f"; `briefgen index {options.out_dir}` writes it"
            on_event({"event": "warning", "brief": INDEX_NAME, "message": message})
        return
    made = f", {result.thumbs_made} new thumbnail(s)" if result.thumbs_made else ""
    on_event({"event": "note", "message": f"wrote {result.path}{made}"})


def _key(brief: Path, inputs: Path) -> str:
    return brief.relative_to(inputs).as_posix()


def _why_render(
    key: str, brief: Path, options: BatchOptions, manifest: Manifest, fp: Fingerprints
) -> str:
    """Why ``brief`` must be rendered ("" when its outputs are up to date)."""
    if options.force:
        return "forced"
    if key not in manifest.entries:
        return "new"
    if manifest.entries[key].get("status") != "ok":
        return "failed last time"
    recorded = manifest.deps(key)
    if recorded is None:
        return "new"
    current = Deps(
        brief=file_sha256(brief),
        essay_path=recorded.essay_path,
        essay=file_sha256(Path(recorded.essay_path)),
        template_path=recorded.template_path,
        template=fp.folder(Path(recorded.template_path)),
        fonts=fp.fonts(),
        briefgen=__version__,
        formats=options.formats,
    )
    changed = current.changed(recorded)
    if changed:
        return f"changed: {changed}"
    if not manifest.outputs_intact(key, options.out_dir):
        return "output missing or altered"
    return ""


def _declared_slug(brief: Path) -> str | None:
    """The output name a brief will get, read cheaply; None when the brief can't be read
    (its render will then report why)."""
    from briefgen.load import read_data

    try:
        data, _ = read_data(brief)
        slug = data.get("brief", {}).get("slug") if isinstance(data, dict) else None
    except (BriefgenError, AttributeError):
        return None
    return output_slug(brief, slug if isinstance(slug, str) else None)


def _refuse_collisions(
    plans: list[_Plan],
    manifest: Manifest,
    inputs: Path,
    others: list[tuple[str, str | None]],
    summary: BatchSummary,
    on_event: OnEvent,
) -> list[_Plan]:
    """Two briefs that would write the same output name both fail, and neither writes.

    ``others`` are (key, slug) of briefs outside this shard that share the output folder.
    """
    owners: dict[str, list[str]] = {}
    for plan in plans:
        if plan.slug:
            owners.setdefault(plan.slug, []).append(plan.key)
    for key, slug in others:
        if slug:
            owners.setdefault(slug, []).append(key)
    planned = {plan.key for plan in plans}
    for key, entry in manifest.entries.items():
        if key in planned or not (inputs / key).exists():
            continue
        for name in entry.get("outputs", {}):
            # "x.docx", "x.memo.pdf": a slug has no dots, so the brief's slug is the first part.
            owners.setdefault(name.split(".", 1)[0], []).append(key)
    clashing = {slug: keys for slug, keys in owners.items() if len(set(keys)) > 1}
    keep: list[_Plan] = []
    for plan in plans:
        if plan.slug in clashing:
            rivals = ", ".join(sorted({k for k in clashing[plan.slug] if k != plan.key}))
            message = f"{plan.key}: output name {plan.slug!r} is also used by {rivals}"
            _record(summary, BriefOutcome(plan.key, "failed", errors=[message]), on_event)
        else:
            keep.append(plan)
    return keep


def _render_all(
    plans: list[_Plan],
    options: BatchOptions,
    manifest: Manifest,
    fingerprints: Fingerprints,
    summary: BatchSummary,
    on_event: OnEvent,
    lock_fd: int | None,
) -> None:
    if not plans:
        manifest.save()
        return
    stop = _Stop()
    # Python lets only the main thread handle signals; a task runner's worker thread
    # (Prefect's, Dagster's) calling briefgen.batch() leaves them to its host process.
    in_main = threading.current_thread() is threading.main_thread()
    signals = (signal.SIGINT, signal.SIGTERM) if in_main else ()
    previous = {sig: signal.signal(sig, stop) for sig in signals}
    queue = list(reversed(plans))
    pool: ProcessPoolExecutor | None = None
    try:
        while queue and not stop.signal:
            pool = ProcessPoolExecutor(
                max_workers=max(1, options.jobs), initializer=worker_init, initargs=(lock_fd,)
            )
            _drain(pool, queue, stop, options, manifest, fingerprints, summary, on_event)
            pool.shutdown(wait=True)
            pool = None
        stop.announce(on_event, left=len(queue), under_way=0)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        manifest.save()
    summary.interrupted = stop.signal


def _drain(
    pool: ProcessPoolExecutor,
    queue: list[_Plan],
    stop: _Stop,
    options: BatchOptions,
    manifest: Manifest,
    fingerprints: Fingerprints,
    summary: BatchSummary,
    on_event: OnEvent,
) -> None:
    """Feed ``queue`` to ``pool`` until it is empty, a signal arrives, or a worker dies."""
    pending: dict[Future[dict[str, Any]], _Plan] = {}
    last_save = time.monotonic()
    save_every = 2.0
    broken = False
    while (queue and not broken) or pending:
        while queue and len(pending) < options.jobs * 2 and not stop.signal and not broken:
            plan = queue.pop()
            on_event({"event": "start", "brief": plan.key, "reason": plan.reason})
            future = pool.submit(render_one, plan.path, options.out_dir, options.formats)
            pending[future] = plan
        if not pending:
            return
        done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
        # Said at once, not when the last brief under way is done: the log shows the
        # signal was heard even while a long brief finishes.
        stop.announce(on_event, left=len(queue), under_way=len(pending) - len(done))
        for future in done:
            plan = pending.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                # A worker was killed (the OOM killer, an operator): the briefs it and its
                # siblings held fail this time; a fresh pool takes the rest of the queue.
                broken = True
                died = "a worker process died while rendering it (out of memory? killed?)"
                result = {"ok": False, "errors": [f"{plan.key}: {died}"]}
            _finish(plan, result, options, manifest, fingerprints, summary, on_event)
        if time.monotonic() - last_save > save_every:
            # A killed run loses only the records since the last save; saving takes at
            # most a tenth of the run, however large the manifest grows.
            began = time.monotonic()
            manifest.save()
            last_save = time.monotonic()
            save_every = max(2.0, 10 * (last_save - began))


def _finish(
    plan: _Plan,
    result: dict[str, Any],
    options: BatchOptions,
    manifest: Manifest,
    fp: Fingerprints,
    summary: BatchSummary,
    on_event: OnEvent,
) -> None:
    if not result["ok"]:
        # The last good outputs stay (whole, if out of date) and stay recorded, so that
        # --prune and the name-clash check still know them; the failure is reported on
        # every run until the brief is fixed.
        entry = manifest.entries.setdefault(plan.key, {})
        entry.update(status="failed", errors=result["errors"], recorded=recorded_now())
        if "title" in result:  # not when the worker died
            entry.update(title=result["title"], brief_status=result["brief_status"])
        _record(summary, BriefOutcome(plan.key, "failed", errors=result["errors"]), on_event)
        return
    deps = Deps(
        brief=file_sha256(plan.path),
        essay_path=result["essay"],
        essay=file_sha256(Path(result["essay"])),
        template_path=result["template"],
        template=fp.folder(Path(result["template"])),
        fonts=fp.fonts(),
        briefgen=__version__,
        formats=options.formats,
    )
    old_outputs = set(manifest.entries.get(plan.key, {}).get("outputs", {}))
    manifest.entries[plan.key] = {
        "status": "ok",
        "deps": asdict(deps),
        "outputs": result["outputs"],
        "rendered": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "recorded": recorded_now(),
        "title": result["title"],
        "brief_status": result["brief_status"],
        "pages": result["pages"],
    }
    for stale in old_outputs - set(result["outputs"]):  # e.g. a format dropped
        (options.out_dir / stale).unlink(missing_ok=True)
    outcome = BriefOutcome(
        plan.key,
        "rendered",
        sorted(result["outputs"]),
        warnings=result["warnings"],
        seconds=round(result["seconds"], 3),
        reason=plan.reason,
    )
    _record(summary, outcome, on_event)
    for warning in outcome.warnings:
        on_event({"event": "warning", "brief": plan.key, "message": warning})


def _record(summary: BatchSummary, outcome: BriefOutcome, on_event: OnEvent) -> None:
    summary.briefs.append(outcome)
    if outcome.status == "rendered":
        summary.rendered += 1
    elif outcome.status == "skipped":
        summary.skipped += 1
    else:
        summary.failed += 1
    on_event({"event": outcome.status, **asdict(outcome)})


def _outputs_of(manifest: Manifest, key: str) -> list[str]:
    return sorted(manifest.entries.get(key, {}).get("outputs", {}))


def _prune(
    keys: list[str], manifest: Manifest, out_dir: Path, summary: BatchSummary, on_event: OnEvent
) -> None:
    # A brief moved to another folder keeps its output name: its files are not orphans.
    owned = {
        name
        for key, entry in manifest.entries.items()
        if key not in keys
        for name in entry.get("outputs", {})
    }
    for key in keys:
        for name in manifest.entries[key].get("outputs", {}):
            target = out_dir / name
            if name not in owned and target.parent == out_dir and target.exists():
                target.unlink()
                summary.pruned.append(name)
                on_event({"event": "pruned", "brief": key, "output": name})
        del manifest.entries[key]
    if keys:
        manifest.save()
