"""Writing outputs: whole or absent, reproducible, with safe names.

Every file goes to a temporary name in the same folder, is flushed to disk, then renamed
over the final name, so a reader (or a killed run) never sees half a file.  The creation
time comes from SOURCE_DATE_EPOCH when it is set, so two renders are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import socket
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from briefgen.errors import OutputError, Problem

TEMP_PREFIX = ".briefgen-"
"""Temporary files start with this (and are hidden), so no tool mistakes one for output."""

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)
}


def _file_mode() -> int:
    # mkstemp makes 0600 files; outputs should get the mode any new file would (umask).
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _file_mode()


def now() -> dt.datetime:
    """The render time: SOURCE_DATE_EPOCH if set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


FORMATS = ("docx", "pdf")
"""The formats briefgen writes."""

BRIEF_FILES = ("brief.yaml", "brief.yml", "brief.json")
"""The names a brief file has, in the order a folder is searched for one."""


def output_slug(path: Path, slug: str | None) -> str:
    """brief.slug, else the brief's folder name (inputs/<slug>/brief.yaml), else the file stem."""
    if slug:
        return safe_slug(slug)
    if path.name in BRIEF_FILES:
        return safe_slug(path.resolve().parent.name)
    return safe_slug(path.stem)


def safe_slug(text: str, max_length: int = 80) -> str:
    """A file name stem that stays inside its folder on every system ("brief" if nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if not slug:
        return "brief"
    if slug in _WINDOWS_RESERVED:
        return f"{slug}-brief"
    return slug


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename; OutputError if it can't."""
    write_all_atomic([(path, data)])


def write_all_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file is first written in full to a temporary name beside its target; only when
    all are on disk are they renamed over their targets.  A full disk or a read-only
    folder leaves the earlier outputs as they were, and no temporary file behind.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data), path))
        for temp, path in staged:
            temp.replace(path)
    except OSError as err:
        reason = "the disk is full" if err.errno == errno.ENOSPC else err.strerror
        target = files[len(staged)][0] if len(staged) < len(files) else files[0][0]
        raise OutputError([Problem(target, None, None, f"cannot write: {reason}")]) from None
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)  # after a rename there is nothing left to remove


def _stage(path: Path, data: bytes) -> Path:
    """``data`` written and flushed to a temporary file beside ``path``."""
    folder = path.parent
    try:
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(), suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError([Problem(folder, None, None, "output folder does not exist")]) from None
    except OSError as err:
        raise OutputError(
            [Problem(folder, None, None, f"cannot write here: {err.strerror}")]
        ) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(_MODE)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _temp_prefix() -> str:
    # Host and pid in the name let a later run tell a dead writer's leftovers from the
    # files of a live one (another shard on another machine may share the folder).
    return f"{TEMP_PREFIX}{_host()}-{os.getpid()}-"


def remove_stale_temporaries(folder: Path, max_age_seconds: float = 3600) -> list[Path]:
    """Delete temporary files whose writer is gone (this host), or older than an hour."""
    host = _host()
    removed = []
    for leftover in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        parts = leftover.name[len(TEMP_PREFIX) :].split("-")
        try:
            stale = time.time() - leftover.stat().st_mtime > max_age_seconds
            if not stale and len(parts) >= 3 and parts[0] == host and parts[1].isdigit():
                stale = not _alive(int(parts[1]))
            if stale:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _host() -> str:
    """This host's name as it stands in temporary names (no "-", which separates fields)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", socket.gethostname())[:40]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_folder(folder: Path) -> None:
    """Create the output folder and any missing parents, as `mkdir -p` (and Sphinx, and
    Quarto) do; a file in the way or a folder that may not be written is one line."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(
            (p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder
        )
        message = "exists and is not a folder"
        if blocker != folder:
            message = f"cannot create: {blocker} is a file, not a folder"
        raise OutputError([Problem(folder, None, None, message)]) from None
    except OSError as err:
        raise OutputError([Problem(folder, None, None, f"cannot create: {err.strerror}")]) from None
    if not folder.is_dir():
        raise OutputError([Problem(folder, None, None, "exists and is not a folder")])
