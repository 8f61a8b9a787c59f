"""What runs in a worker process: one brief, with the same function `briefgen render` uses."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
from pathlib import Path
from typing import Any

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


def render_one(brief: Path, out_dir: Path, formats: tuple[str, ...] | None) -> dict[str, Any]:
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
