"""One run at a time per output folder (and shard): an flock the kernel drops when a run dies."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from briefgen.errors import BriefgenError, ExitCode, Problem

LOCK_NAME = ".briefgen.lock"


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
    that instant reads an empty file, so it looks again for up to two seconds (a loaded
    machine can take that long between the two steps).
    """
    for _ in range(40):
        handle.seek(0)
        holder = handle.read().strip()
        if holder:
            return holder
        time.sleep(0.05)
    return "another process"


class LockedError(BriefgenError):
    exit_code = ExitCode.LOCKED
