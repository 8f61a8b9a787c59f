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

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import hashlib
import json
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Literal, TextIO

from briefgen import __version__
from briefgen.errors import BriefgenError, Problem
from briefgen.outputs import ensure_folder, remove_stale_temporaries, write_atomic
from briefgen.pipeline import BRIEF_FILES, output_slug
from briefgen.style import FONTS_DIR

MANIFEST_VERSION = 1
LOCK_NAME = ".briefgen.lock"
EXIT_LOCKED = 75
"""sysexits' EX_TEMPFAIL: another run holds the output folder; try again later."""

Status = Literal["rendered", "skipped", "failed"]


# --------------------------------------------------------------------------- options


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


# --------------------------------------------------------------------------- discovery


def discover(inputs: Path) -> list[Path]:
    """Every brief file under ``inputs`` (brief.yaml, .yml or .json), hidden folders skipped."""
    if not inputs.is_dir():
        raise BriefgenError([Problem(inputs, None, None, "is not a folder of briefs")])
    found = []
    for root, dirs, files in os.walk(inputs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in BRIEF_FILES:
            if name in files:
                found.append(Path(root) / name)
                break  # one brief per folder: brief.yaml wins over .yml and .json
    return sorted(found)


# --------------------------------------------------------------------------- fingerprints


def file_sha256(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class Fingerprints:
    """Content hashes of what a render depends on, each computed once per run."""

    def __init__(self) -> None:
        self._folders: dict[Path, str | None] = {}

    def folder(self, path: Path) -> str | None:
        """One hash over every file in a folder (names and contents), or None if missing."""
        if path not in self._folders:
            if not path.is_dir():
                self._folders[path] = None
            else:
                digest = hashlib.sha256()
                for file in sorted(p for p in path.rglob("*") if p.is_file()):
                    digest.update(str(file.relative_to(path)).encode() + b"\0")
                    digest.update((file_sha256(file) or "unreadable").encode() + b"\0")
                self._folders[path] = digest.hexdigest()
        return self._folders[path]

    def fonts(self) -> str | None:
        return self.folder(FONTS_DIR)


@dataclass(frozen=True, slots=True)
class Deps:
    """What one render read, as recorded in the manifest."""

    brief: str | None
    essay_path: str
    essay: str | None
    template_path: str
    template: str | None
    fonts: str | None
    briefgen: str
    formats: tuple[str, ...] | None

    def changed(self, other: Deps) -> str:
        """The first dependency that differs from ``other`` ("" when none does)."""
        for name in ("brief", "essay", "template", "fonts", "briefgen", "formats"):
            if getattr(self, name) != getattr(other, name):
                return name
        if (self.essay_path, self.template_path) != (other.essay_path, other.template_path):
            return "paths"
        return ""


# --------------------------------------------------------------------------- manifest


@dataclass(slots=True)
class Manifest:
    """out/manifest.json: per brief, what it was rendered from and what it wrote."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") == MANIFEST_VERSION and isinstance(data.get("briefs"), dict):
                return cls(path, data["briefs"])
        except (OSError, ValueError, AttributeError):
            pass  # missing or unreadable: everything is rendered again, nothing is lost
        return cls(path)

    def save(self) -> None:
        data = {"version": MANIFEST_VERSION, "briefgen": __version__, "briefs": self.entries}
        # Compact: with 10,000 briefs an indented manifest takes half a second to write.
        text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        text += "\n"
        write_atomic(self.path, text.encode("utf-8"))

    def deps(self, key: str) -> Deps | None:
        entry = self.entries.get(key)
        if not entry or "deps" not in entry:
            return None
        raw = dict(entry["deps"])
        raw["formats"] = tuple(raw["formats"]) if raw.get("formats") else None
        try:
            return Deps(**raw)
        except TypeError:
            return None

    def outputs_intact(self, key: str, out_dir: Path) -> bool:
        """Every output recorded for ``key`` exists with the size and content written."""
        outputs: dict[str, dict[str, Any]] = self.entries.get(key, {}).get("outputs", {})
        if not outputs:
            return False
        for name, record in outputs.items():
            path = out_dir / name
            try:
                stat = path.stat()
            except OSError:
                return False
            if stat.st_size != record.get("size"):
                return False
            if stat.st_mtime_ns != record.get("mtime_ns") and file_sha256(path) != record.get(
                "sha256"
            ):
                return False
        return True


# --------------------------------------------------------------------------- lock


@contextlib.contextmanager
def folder_lock(out_dir: Path, name: str, wait_seconds: float) -> Iterator[tuple[str, int]]:
    """Hold an exclusive flock on ``out_dir/name``; yields (a note about a stale holder,
    the lock's file descriptor, which worker processes must close).

    The kernel drops an flock when its process dies, so a lock file left by a killed run
    is free and simply taken over.  Raises BriefgenError (exit 75) when another live run
    holds it for longer than ``wait_seconds``.
    """
    path = out_dir / name
    handle = path.open("a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(handle)
                    raise LockedError(
                        [
                            Problem(
                                path,
                                None,
                                None,
                                f"another briefgen batch is writing to {out_dir} ({holder}); "
                                f"waited {wait_seconds:g} s, not starting",
                            )
                        ]
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        previous = handle.read().strip()
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        handle.write(f"pid {os.getpid()} on {socket.gethostname()} since {started}\n")
        handle.flush()
        note = f"took over a lock left by a run that ended ({previous})" if previous else ""
        yield note, handle.fileno()
        handle.seek(0)
        handle.truncate()
        handle.flush()
    finally:
        handle.close()  # closing releases the flock


def _holder(handle: TextIO) -> str:
    """Who holds the lock, as the holder wrote it ("pid 123 on host since …").

    A run writes that line just after taking the lock; one that finds the lock taken in
    that instant reads an empty file, so it looks again for up to half a second.
    """
    for _ in range(10):
        handle.seek(0)
        holder = handle.read().strip()
        if holder:
            return holder
        time.sleep(0.05)
    return "another process"


class LockedError(BriefgenError):
    exit_code = EXIT_LOCKED


# --------------------------------------------------------------------------- workers


def _worker_init(lock_fd: int | None) -> None:
    # The parent decides how to stop: a Ctrl-C or a systemd SIGTERM sent to the whole
    # process group must not kill a worker in the middle of a brief.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # A forked worker shares the parent's locked file; were it to outlive a parent killed
    # with SIGKILL, the folder would stay locked.  So the worker lets go of the lock, and
    # asks Linux to end it when the parent dies.
    if lock_fd is not None:
        with contextlib.suppress(OSError):
            os.close(lock_fd)
    _die_with_parent()


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass


_PR_SET_PDEATHSIG = 1


def _render_one(brief: Path, out_dir: Path, formats: tuple[str, ...] | None) -> dict[str, Any]:
    """Run in a worker: render one brief with the same function `briefgen render` uses."""
    from briefgen.index_page import read_label
    from briefgen.pipeline import render_brief

    started = time.perf_counter()
    # For index.html, read here (in parallel) so that a rerun need not open every brief.
    title, brief_status = read_label(brief)
    label = {"title": title, "brief_status": brief_status}
    try:
        result = render_brief(brief, out_dir, formats)
    except BriefgenError as err:
        return {"ok": False, "errors": [str(p) for p in err.problems], **label}
    except Exception as err:  # noqa: BLE001 - a bug in one brief must not stop the other 999
        return {"ok": False, "errors": [f"{brief}: internal error: {err!r}"], **label}
    outputs = {}
    for output in result.outputs:
        stat = output.path.stat()
        outputs[output.path.name] = {
            "sha256": output.sha256,
            "size": output.size,
            "mtime_ns": stat.st_mtime_ns,
        }
    return {
        "ok": True,
        "warnings": [str(w) for w in result.warnings],
        "essay": str(result.essay.resolve()),
        "template": str(result.template.resolve()),
        "outputs": outputs,
        "seconds": time.perf_counter() - started,
        "pages": result.pages,
        **label,
    }


# --------------------------------------------------------------------------- the run


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
    discovered = {"event": "discovered", "briefs": len(briefs), "inputs": str(inputs)}
    if options.dry_run:
        on_event(discovered)
        manifest = Manifest.load(options.out_dir / f"manifest{suffix}.json")
        _run_locked(options, all_briefs, briefs, manifest, summary, on_event, None)
    else:
        ensure_folder(options.out_dir)
        lock = folder_lock(options.out_dir, LOCK_NAME + suffix, options.wait_seconds)
        with lock as (note, lock_fd):
            on_event(discovered)
            if note:
                on_event({"event": "note", "message": note})
            remove_stale_temporaries(options.out_dir)
            manifest = Manifest.load(options.out_dir / f"manifest{suffix}.json")
            _run_locked(options, all_briefs, briefs, manifest, summary, on_event, lock_fd)
            if options.index and not summary.interrupted:
                _write_index(options, manifest, summary, on_event)
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


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
    plans: list[_Plan] = []
    for brief in briefs:
        key = _key(brief, options.inputs)
        reason = _why_render(key, brief, options, manifest, fingerprints)
        if reason:
            plans.append(_Plan(key, brief, reason, _declared_slug(brief)))
        else:
            outcome = BriefOutcome(key, "skipped", _outputs_of(manifest, key), reason="up to date")
            _record(summary, outcome, on_event)
    others: list[tuple[str, str | None]] = []
    if options.shard and plans:  # other shards write to the same folder: their names count
        mine = set(briefs)
        others = [(_key(b, options.inputs), _declared_slug(b)) for b in all_briefs if b not in mine]
    plans = _refuse_collisions(plans, manifest, options.inputs, others, summary, on_event)
    if options.dry_run:
        for plan in plans:
            on_event({"event": "would-render", "brief": plan.key, "reason": plan.reason})
        summary.rendered = len(plans)
        return
    if options.prune:
        _prune(summary.removed_inputs, manifest, options.out_dir, summary, on_event)
    _render_all(plans, options, manifest, fingerprints, summary, on_event, lock_fd)


def _write_index(
    options: BatchOptions, manifest: Manifest, summary: BatchSummary, on_event: OnEvent
) -> None:
    """index.html after the run; a page that cannot be written is a warning, not a failure
    (the briefs themselves were rendered and recorded)."""
    from briefgen.index_page import INDEX_NAME, write_index

    suffix = options.shard.suffix if options.shard else ""
    name = f"{INDEX_NAME.removesuffix('.html')}{suffix}.html"
    try:
        result = write_index(
            options.out_dir,
            options.inputs,
            manifest.entries,
            summary.briefs,
            summary.started,
            name=name,
            own_folder=options.shard is None,
        )
    except BriefgenError as err:
        for problem in err.problems:
            on_event({"event": "warning", "brief": name, "message": str(problem)})
        return
    if result.entries_changed:  # titles and page counts filled in for an older manifest
        manifest.save()
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
            owners.setdefault(name.rsplit(".", 1)[0], []).append(key)
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
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    queue = list(reversed(plans))
    pool: ProcessPoolExecutor | None = None
    try:
        while queue and not stop.signal:
            pool = ProcessPoolExecutor(
                max_workers=max(1, options.jobs), initializer=_worker_init, initargs=(lock_fd,)
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
            future = pool.submit(_render_one, plan.path, options.out_dir, options.formats)
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
        entry.update(status="failed", errors=result["errors"])
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


def write_failure_report(path: Path, options: BatchOptions, err: BriefgenError) -> None:
    """--report for a run that could not start (folder locked, no inputs), so a scheduler
    reading the report does not mistake the previous run's for this one's."""
    data = {
        "inputs": str(options.inputs),
        "out_dir": str(options.out_dir),
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
