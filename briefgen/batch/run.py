"""The run: plan, render in a pool of workers, record in the manifest, prune, index.

One run's state (options, manifest, summary, the signal, the lock) is one object,
:class:`_Run`; each of its methods does one step.
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

from briefgen.batch.events import (
    Discovered,
    Finished,
    Note,
    OnEvent,
    Pruned,
    Started,
    Stopping,
    Warned,
    WouldRender,
)
from briefgen.batch.lock import LOCK_NAME, folder_lock
from briefgen.batch.manifest import (
    Deps,
    Fingerprints,
    Manifest,
    folder_manifests,
    manifest_path,
    recorded_now,
)
from briefgen.batch.options import BatchOptions
from briefgen.batch.plan import (
    Plan,
    clashes,
    current_elsewhere,
    declared_slug,
    discover,
    key_of,
    why_render,
)
from briefgen.batch.report import BatchSummary, BriefOutcome
from briefgen.batch.workers import Failed, Rendered, WorkerResult, render_one, worker_init
from briefgen.errors import BriefgenError
from briefgen.outputs import ensure_folder, remove_stale_temporaries

__all__ = ["discover", "run_batch"]


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
            on_event(Stopping(self.signal, left, under_way))


def run_batch(options: BatchOptions, on_event: OnEvent) -> BatchSummary:
    """Render every brief under ``options.inputs`` that needs it; never raises for one brief."""
    started = time.monotonic()
    inputs = options.inputs
    all_briefs = discover(inputs)
    briefs = all_briefs
    if options.shard:
        briefs = [b for b in all_briefs if options.shard.holds(key_of(b, inputs))]
    summary = BatchSummary(
        inputs=str(inputs),
        out_dir=str(options.out_dir),
        started=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        dry_run=options.dry_run,
    )
    suffix = options.shard.suffix if options.shard else ""
    shard = f"{options.shard.index}/{options.shard.count}" if options.shard else None
    discovered = Discovered(len(briefs), len(all_briefs), shard, str(inputs))
    if options.dry_run:
        on_event(discovered)
        _Run(options, _load_manifest(options, suffix), summary, on_event).go(all_briefs, briefs)
    else:
        ensure_folder(options.out_dir)
        lock = folder_lock(options.out_dir, LOCK_NAME + suffix, options.wait_seconds)
        with lock as (note, lock_fd):
            on_event(discovered)
            if note:
                on_event(Note(note))
            remove_stale_temporaries(options.out_dir)
            run = _Run(options, _load_manifest(options, suffix), summary, on_event, lock_fd)
            run.go(all_briefs, briefs)
            if options.index and not summary.interrupted:
                run.write_index()
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _load_manifest(options: BatchOptions, suffix: str) -> Manifest:
    manifest = Manifest.load(manifest_path(options.out_dir, suffix))
    manifest.inputs = str(options.inputs.resolve())
    return manifest


@dataclass(slots=True)
class _Run:
    """What every step of one run reads and updates."""

    options: BatchOptions
    manifest: Manifest
    """This run's own manifest (manifest.json, or this shard's)."""
    summary: BatchSummary
    on_event: OnEvent
    lock_fd: int | None = None
    """The folder lock's descriptor, which forked workers close."""
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    stop: _Stop = field(default_factory=_Stop)

    def go(self, all_briefs: list[Path], briefs: list[Path]) -> None:
        plans = self.plan(all_briefs, briefs)
        if self.options.dry_run:
            self.dry_run(plans)
            return
        if self.options.prune:
            self.prune()
        self.render_all(plans)

    def record(self, outcome: BriefOutcome) -> None:
        self.summary.record(outcome)
        self.on_event(Finished(outcome))

    # ----------------------------------------------------------------- planning

    def plan(self, all_briefs: list[Path], briefs: list[Path]) -> list[Plan]:
        """The briefs to render, recording the up-to-date ones and the clashes as it goes."""
        options, manifest = self.options, self.manifest
        present = {key_of(b, options.inputs) for b in briefs}
        self.summary.removed_inputs = sorted(k for k in manifest.entries if k not in present)
        # Another run of this folder (a shard, or a plain run) may have rendered a brief
        # since this run's manifest last saw it: its record counts as this run's own.
        others = [m for m in folder_manifests(options.out_dir) if m.path != manifest.path]
        plans: list[Plan] = []
        for brief in briefs:
            key = key_of(brief, options.inputs)
            reason = why_render(key, brief, options, manifest, self.fingerprints)
            if reason and not options.force:
                current = current_elsewhere(key, brief, options, others, self.fingerprints)
                if current is not None:
                    manifest.entries[key] = dict(current)
                    reason = ""
            if reason:
                plans.append(Plan(key, brief, reason, declared_slug(brief)))
            else:
                outputs = sorted(manifest.entries[key].get("outputs", {}))
                self.record(BriefOutcome(key, "skipped", outputs, reason="up to date"))
        elsewhere: list[tuple[str, str | None]] = []
        if options.shard and plans:  # other shards write to the same folder: their names count
            mine = set(briefs)
            elsewhere = [
                (key_of(b, options.inputs), declared_slug(b)) for b in all_briefs if b not in mine
            ]
        refused = clashes(plans, manifest, options.inputs, elsewhere)
        for clash in refused:
            self.record(BriefOutcome(clash.key, "failed", errors=[clash.message]))
        return [p for p in plans if p.key not in {c.key for c in refused}]

    def dry_run(self, plans: list[Plan]) -> None:
        """Say what would be rendered, having checked each brief as `validate` does: a
        brief that would fail is reported as failing, with its problems."""
        from briefgen.pipeline import check_brief

        for plan in plans:
            try:
                check_brief(plan.path)
            except BriefgenError as err:
                problems = [str(p) for p in err.problems]
                self.record(BriefOutcome(plan.key, "failed", errors=problems, reason="would fail"))
                continue
            self.on_event(WouldRender(plan.key, plan.reason))
            self.summary.rendered += 1

    # ----------------------------------------------------------------- rendering

    def render_all(self, plans: list[Plan]) -> None:
        if not plans:
            self.manifest.save()
            return
        # Python lets only the main thread handle signals; a task runner's worker thread
        # (Prefect's, Dagster's) calling briefgen.batch() leaves them to its host process.
        in_main = threading.current_thread() is threading.main_thread()
        signals = (signal.SIGINT, signal.SIGTERM) if in_main else ()
        previous = {sig: signal.signal(sig, self.stop) for sig in signals}
        queue = list(reversed(plans))
        pool: ProcessPoolExecutor | None = None
        try:
            while queue and not self.stop.signal:
                pool = ProcessPoolExecutor(
                    max_workers=max(1, self.options.jobs),
                    initializer=worker_init,
                    initargs=(self.lock_fd,),
                )
                self.drain(pool, queue)
                pool.shutdown(wait=True)
                pool = None
            self.stop.announce(self.on_event, left=len(queue), under_way=0)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.manifest.save()
        self.summary.interrupted = self.stop.signal

    def drain(self, pool: ProcessPoolExecutor, queue: list[Plan]) -> None:
        """Feed ``queue`` to ``pool`` until it is empty, a signal arrives, or a worker dies."""
        options, stop = self.options, self.stop
        pending: dict[Future[WorkerResult], Plan] = {}
        last_save = time.monotonic()
        save_every = 2.0
        broken = False
        while (queue and not broken) or pending:
            while queue and len(pending) < options.jobs * 2 and not stop.signal and not broken:
                plan = queue.pop()
                self.on_event(Started(plan.key, plan.reason))
                future = pool.submit(
                    render_one,
                    plan.path,
                    options.out_dir,
                    options.formats,
                    options.index,
                    options.lint,
                )
                pending[future] = plan
            if not pending:
                return
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            # Said at once, not when the last brief under way is done: the log shows the
            # signal was heard even while a long brief finishes.
            stop.announce(self.on_event, left=len(queue), under_way=len(pending) - len(done))
            for future in done:
                plan = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    # A worker was killed (the OOM killer, an operator): the briefs it and
                    # its siblings held fail this time; a fresh pool takes the rest.
                    broken = True
                    died = "a worker process died while rendering it (out of memory? killed?)"
                    result = Failed((f"{plan.key}: {died}",))
                self.finish(plan, result)
            if time.monotonic() - last_save > save_every:
                # A killed run loses only the records since the last save; saving takes at
                # most a tenth of the run, however large the manifest grows.
                began = time.monotonic()
                self.manifest.save()
                last_save = time.monotonic()
                save_every = max(2.0, 10 * (last_save - began))

    def finish(self, plan: Plan, result: WorkerResult) -> None:
        """Record what a worker did with ``plan`` in the manifest and the summary."""
        entries = self.manifest.entries
        match result:
            case Failed(errors=errors, label=label):
                # The last good outputs stay (whole, if out of date) and stay recorded, so
                # that --prune and the name-clash check still know them; the failure is
                # reported on every run until the brief is fixed.
                entry = entries.setdefault(plan.key, {})
                entry.update(status="failed", errors=list(errors), recorded=recorded_now())
                if label is not None:
                    entry.update(
                        title=label.title,
                        brief_status=label.brief_status,
                        language=label.language,
                    )
                self.record(BriefOutcome(plan.key, "failed", errors=list(errors)))
            case Rendered():
                old_outputs = set(entries.get(plan.key, {}).get("outputs", {}))
                entries[plan.key] = self._entry(plan, result)
                for stale in old_outputs - set(result.outputs):  # e.g. a format dropped
                    (self.options.out_dir / stale).unlink(missing_ok=True)
                outcome = BriefOutcome(
                    plan.key,
                    "rendered",
                    sorted(result.outputs),
                    warnings=list(result.warnings),
                    seconds=round(result.seconds, 3),
                    reason=plan.reason,
                )
                self.record(outcome)
                for warning in result.warnings:
                    self.on_event(Warned(plan.key, warning))
                for finding in result.lint or ():
                    self.on_event(Warned(plan.key, f"lint: {finding}"))

    def _entry(self, plan: Plan, result: Rendered) -> dict[str, object]:
        deps = Deps.now(
            plan.path, result.essay, result.template, self.fingerprints, self.options.formats
        )
        return {
            "status": "ok",
            "deps": asdict(deps),
            "outputs": {name: asdict(written) for name, written in result.outputs.items()},
            "rendered": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "recorded": recorded_now(),
            "title": result.label.title,
            "brief_status": result.label.brief_status,
            "language": result.label.language,
            "pages": result.pages,
            **({"lint": list(result.lint)} if result.lint is not None else {}),
        }

    # ----------------------------------------------------------------- after

    def prune(self) -> None:
        """Delete the outputs of briefs whose input is gone, and forget them."""
        keys, entries, out_dir = (
            self.summary.removed_inputs,
            self.manifest.entries,
            self.options.out_dir,
        )
        # A brief moved to another folder keeps its output name: its files are not orphans.
        owned = {
            name
            for key, entry in entries.items()
            if key not in keys
            for name in entry.get("outputs", {})
        }
        for key in keys:
            for name in entries[key].get("outputs", {}):
                target = out_dir / name
                if name not in owned and target.parent == out_dir and target.exists():
                    target.unlink()
                    self.summary.pruned.append(name)
                    self.on_event(Pruned(key, name))
            del entries[key]
        if keys:
            self.manifest.save()

    def write_index(self) -> None:
        """index.html after the run, listing every brief of the output folder whichever run
        (or shard) rendered it.  A page that cannot be written is a warning, not a failure:
        the briefs themselves were rendered and recorded."""
        from briefgen.batch.index import folder_index
        from briefgen.index_page import INDEX_NAME, make_thumbnails

        options, summary, manifest = self.options, self.summary, self.manifest
        try:
            if options.shard is None:  # this run holds the folder's lock already
                result = folder_index(options.out_dir, summary.briefs, manifest, summary.started)
            else:
                mine = {o.brief for o in summary.briefs}
                entries = {k: e for k, e in manifest.entries.items() if k in mine}
                if manifest.fill(make_thumbnails(options.out_dir, entries)):
                    manifest.save()  # their page counts
                with folder_lock(options.out_dir, LOCK_NAME, options.wait_seconds):
                    result = folder_index(
                        options.out_dir, summary.briefs, manifest, summary.started
                    )
        except BriefgenError as err:
            for problem in err.problems:
                message = f"{INDEX_NAME} not updated: {problem}"
                if options.shard is not None:
                    message += f"; `briefgen index {options.out_dir}` writes it"
                self.on_event(Warned(INDEX_NAME, message))
            return
        made = f", {result.thumbs_made} new thumbnail(s)" if result.thumbs_made else ""
        self.on_event(Note(f"wrote {result.path}{made}"))
