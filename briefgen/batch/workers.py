"""What runs in a worker process: one brief, with the same function `briefgen render` uses."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import BriefgenError


def worker_init(lock_fd: int | None) -> None:
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


@dataclass(frozen=True, slots=True)
class Label:
    """What the index shows of a brief, read in the worker (in parallel) so that a rerun
    need not open every brief: its title, brief.status and language (None when
    unreadable)."""

    title: str | None
    brief_status: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class Written:
    """One output as written: what the manifest records to notice a later change."""

    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Rendered:
    label: Label
    outputs: dict[str, Written]
    """By file name in the output folder."""
    warnings: tuple[str, ...]
    essay: str
    """The essay's absolute path."""
    template: str
    """The template folder's absolute path."""
    pages: int | None
    seconds: float
    lint: tuple[str, ...] | None = None
    """The brief's lint findings, when the batch was asked to lint (``--lint``)."""


@dataclass(frozen=True, slots=True)
class Failed:
    errors: tuple[str, ...]
    label: Label | None = None
    """None when the worker died before it could read the brief."""


WorkerResult = Rendered | Failed


def render_one(
    brief: Path,
    out_dir: Path,
    formats: tuple[str, ...] | None,
    thumbnail: bool = False,
    lint: bool = False,
) -> WorkerResult:
    """Run in a worker: render one brief with the same function `briefgen render` uses;
    with ``thumbnail``, also the index page's picture of its PDF's first page, here in
    parallel rather than in the parent after the run."""
    from briefgen.index_page import make_thumbnail, read_label
    from briefgen.pipeline import render_brief

    started = time.perf_counter()
    try:
        result = render_brief(brief, out_dir, formats, lint=lint)
    except BriefgenError as err:  # the label, from the file as it stands (if it parses)
        return Failed(tuple(str(p) for p in err.problems), Label(*read_label(brief)))
    except Exception as err:  # noqa: BLE001 - a bug in one brief must not stop the other 999
        return Failed((f"{brief}: internal error: {err!r}",), Label(*read_label(brief)))
    label = Label(*result.label) if result.label else Label(*read_label(brief))
    outputs = {
        output.path.name: Written(output.sha256, output.size, output.path.stat().st_mtime_ns)
        for output in result.outputs
    }
    if thumbnail:
        for output in result.outputs:
            if output.path.suffix == ".pdf":
                # The brief is rendered; a picture that cannot be written now is left to
                # the index, which says so, and never fails the brief.
                with contextlib.suppress(BriefgenError, OSError):
                    make_thumbnail(output.path, output.sha256)
    return Rendered(
        label=label,
        outputs=outputs,
        warnings=tuple(str(w) for w in result.warnings),
        essay=str(result.essay.resolve()),
        template=str(result.template.resolve()),
        pages=result.pages,
        seconds=time.perf_counter() - started,
        lint=result.lint,
    )
