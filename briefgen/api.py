"""briefgen from Python: ``validate``, ``render`` and ``batch``, for pipelines and schedulers.

The three functions are what ``briefgen validate``, ``briefgen render`` and ``briefgen
batch`` do, without the printing: they take ``str`` or ``os.PathLike`` paths, return
typed results, and raise the :class:`~briefgen.errors.BriefgenError` whose
``exit_code`` the command line would exit with (2 for a bad brief or bad usage, 75 for
an output folder another batch holds).  Anything else that escapes is a bug.

Importing this module is cheap: the stages (pydantic, python-docx, reportlab) are
imported by the functions that need them, so ``import briefgen`` stays fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from briefgen.errors import BriefgenError, Problem

if TYPE_CHECKING:
    from briefgen.batch import BatchSummary, Event, OnEvent, Shard
    from briefgen.pipeline import RenderResult

__all__ = ["Formats", "PathArg", "batch", "default_jobs", "render", "validate"]

PathArg: TypeAlias = str | os.PathLike[str]
"""A path as a caller has it: ``"inputs/x/brief.yaml"`` or a ``pathlib.Path``."""
Formats: TypeAlias = str | Iterable[str] | None
"""``"pdf"``, ``"docx,pdf"`` or ``("docx", "pdf")``; None for the template's own."""

_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")
"""cgroup v2's CPU quota ("max 100000", or "150000 100000" for 1.5 CPUs)."""


def validate(path: PathArg, *, allow_outside: bool = False) -> list[Problem]:
    """Every problem of the brief at ``path``; an empty list when it is valid.

    The problems are exactly the lines ``briefgen validate`` prints when it exits 2, so
    ``validate(p) == []`` whenever ``briefgen validate p`` exits 0.  A missing or
    unreadable brief file is one of them (``Problem(file, None, None, "no such file")``),
    not an exception: to a pipeline that generated the file it is the brief's problem
    too.  A draft's placeholders are warnings, not problems (``render`` returns them in
    ``RenderResult.warnings``).  ``allow_outside`` is ``--allow-outside``: let the
    essay live outside the brief's folder.

    >>> for problem in briefgen.validate("inputs/x/brief.yaml"):  # doctest: +SKIP
    ...     log.error("%s", problem)  # inputs/x/brief.yaml:49 summary.evidence[1].quote: …
    """
    from briefgen.pipeline import check_brief

    try:
        check_brief(_path(path), allow_outside)
    except BriefgenError as err:
        return list(err.problems)
    return []


def render(
    path: PathArg,
    out: PathArg = "out",
    *,
    formats: Formats = None,
    template: str | os.PathLike[str] | None = None,
    allow_outside: bool = False,
) -> RenderResult:
    """Check the brief at ``path`` and write ``<out>/<slug>.docx`` and ``.pdf``.

    ``formats`` picks what to write (default: the template's, both for the built-in
    ones).  ``template`` is ``--template``: a ``str`` is a name, or a folder when it has a
    slash (``"mybrand/"``); an ``os.PathLike`` is always a folder.  The result names
    each file written (``result.outputs[i].path``), the warnings and the PDF's page
    count.  Raises BriefgenError (``exit_code`` 2, one Problem per line ``briefgen
    render`` would print) and writes nothing when the brief, its essay or the template
    is wrong or the output folder cannot be written.

    >>> result = briefgen.render("inputs/x/brief.yaml", "build")  # doctest: +SKIP
    >>> [str(o.path) for o in result.outputs]  # doctest: +SKIP
    ['build/x.docx', 'build/x.pdf']
    """
    from briefgen.pipeline import render_brief

    return render_brief(
        _path(path),
        _path(out),
        _formats(formats),
        _template(template),
        allow_outside,
    )


def batch(
    inputs: PathArg,
    out: PathArg = "out",
    *,
    jobs: int | None = None,
    shard: str | Shard | None = None,
    force: bool = False,
    formats: Formats = None,
    index: bool = True,
    lint: bool = False,
    dry_run: bool = False,
    prune: bool = False,
    wait: float = 5.0,
    on_event: OnEvent | None = None,
) -> BatchSummary:
    """Render every brief under ``inputs`` that changed since the last run into ``out``.

    The options are ``briefgen batch``'s: ``jobs`` worker processes (default
    :func:`default_jobs`), ``shard`` ``"K/N"`` or a ``Shard``, ``force``, ``formats``,
    ``index`` (index.html), ``lint`` (each brief rendered is linted too: warnings, kept in
    the manifest), ``dry_run``, ``prune`` and ``wait`` (seconds to wait for
    another run's lock).  ``on_event`` gets each event, in this process, as it happens: a
    frozen dataclass of ``briefgen.batch.events`` (``Finished(outcome)`` per brief,
    ``Started``, ``Warned``…), whose ``to_json()`` is the line ``--log-format json`` prints
    (``{"event": "rendered", "brief": "x/brief.yaml", …}``).

    A brief that fails does not raise: it is counted in ``summary.failed`` and
    ``summary.exit_code`` is 1.  Raises BriefgenError (exit 2) for bad usage (no inputs
    folder, a bad shard, jobs below 1) and LockedError (exit 75) when another run holds
    the output folder for longer than ``wait``.  Called from the main thread, the run
    catches SIGINT/SIGTERM to finish the briefs under way; from another thread (a task
    runner's), signals are left to the host process.

    >>> summary = briefgen.batch("inputs", "out", shard="2/4")  # doctest: +SKIP
    >>> summary.rendered, summary.skipped, summary.failed, summary.exit_code  # doctest: +SKIP
    (12, 240, 0, 0)
    """
    from briefgen.batch import BatchOptions, run_batch

    problems = []
    if jobs is not None and jobs < 1:
        problems.append(Problem(None, None, "jobs", f"must be at least 1, not {jobs}"))
    if wait < 0:
        problems.append(Problem(None, None, "wait", f"must be 0 seconds or more, not {wait:g}"))
    chosen_shard, chosen_formats = None, None
    try:
        chosen_shard = _shard(shard)
    except BriefgenError as err:
        problems += err.problems
    try:
        chosen_formats = _formats(formats)
    except BriefgenError as err:
        problems += err.problems
    if problems:
        raise BriefgenError(problems)
    options = BatchOptions(
        inputs=_path(inputs),
        out_dir=_path(out),
        jobs=jobs or default_jobs(),
        force=force,
        dry_run=dry_run,
        prune=prune,
        shard=chosen_shard,
        formats=chosen_formats,
        wait_seconds=wait,
        index=index,
        lint=lint,
    )
    return run_batch(options, on_event or _ignore)


def default_jobs() -> int:
    """The CPUs this process may use (a container's or a Slurm job's share), not the host's:
    the CPU affinity, capped by a cgroup v2 CPU quota (a Kubernetes CPU limit), rounded up.

    ``briefgen batch`` and :func:`batch` use it when no ``jobs`` is given.

    >>> briefgen.default_jobs()  # doctest: +SKIP
    4
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    try:
        quota, period = _CPU_MAX.read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, -(-int(quota) // int(period))))  # ceiling
    except (OSError, ValueError):
        pass  # no cgroup v2 quota: the affinity stands
    return cpus


def _path(value: PathArg) -> Path:
    # os.fspath gives the TypeError a caller expects for a wrong type (None, an int).
    return Path(os.fspath(value))


def _formats(value: Formats) -> tuple[str, ...] | None:
    """None, or the formats asked for, in order, each once; BriefgenError naming
    ``formats`` for an unknown or empty choice (as ``--format`` refuses them)."""
    from briefgen.outputs import FORMATS

    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        what = f"unknown format(s) {', '.join(map(repr, bad))}" if bad else "no format given"
        message = f"{what}; choose from {', '.join(FORMATS)}"
        raise BriefgenError([Problem(None, None, "formats", message)])
    return chosen


def _shard(value: str | Shard | None) -> Shard | None:
    from briefgen.batch import Shard

    if value is None:
        return None
    if isinstance(value, Shard):
        if not 1 <= value.index <= value.count:
            message = f"{value.index}/{value.count}: K must be between 1 and N"
            raise BriefgenError([Problem(None, None, "shard", message)])
        return value
    try:
        return Shard.parse(value)
    except ValueError as err:
        raise BriefgenError([Problem(None, None, "shard", str(err))]) from None


def _template(value: str | os.PathLike[str] | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    # A Path is a folder, even one without a slash ("mybrand"), which as a str is a name.
    text = os.fspath(value)
    return text if text.endswith(os.sep) else text + os.sep


def _ignore(event: Event) -> None:
    """The default on_event: a pipeline reads the summary, not the events."""
