"""Files the user may have edited: one rule for every command that writes one.

``draft`` writes a brief.yaml the analyst then edits; ``schema --out`` a file an editor
reads and someone may have tuned.  Outputs in ``out/`` are briefgen's and are replaced
freely (outputs.py); these are the user's, so:

- an existing file that differs from what would be written is refused, unless ``--force``;
- an existing file that already holds exactly that is left alone ("up to date");
- the folders on the way are created, as ``mkdir -p``, by the same ``ensure_folder``
  as every output folder: one that cannot be (a file in the way, no permission) is one
  line naming it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from briefgen.errors import OutputError, Problem
from briefgen.outputs import ensure_folder, write_atomic

REFUSAL = "already exists; pass --force to overwrite it"
"""What every command says when it will not replace a file the user may have edited."""


def refuse_overwrite(path: Path, force: bool, data: bytes | None = None) -> bool:
    """Whether ``path`` already holds ``data`` exactly, so that there is nothing to write.

    OutputError when ``path`` is a folder, or exists with other content (or any content,
    when ``data`` is not known yet) and ``force`` is not given.
    """
    try:
        if path.is_dir():
            raise OutputError([Problem(path, None, None, "is a folder; name a file to write")])
        if not path.exists():
            return False
    except OSError as err:  # e.g. a folder on the way that may not be searched
        reason = "permission denied" if isinstance(err, PermissionError) else err.strerror
        raise OutputError([Problem(path, None, None, f"cannot look at it: {reason}")]) from None
    if data is not None and _holds(path, data):
        return True
    if not force:
        raise OutputError([Problem(path, None, None, REFUSAL)])
    return False


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:  # unreadable: not known to be the same, so refused without --force
        return False


def write_user_file(path: Path, data: bytes, force: bool) -> bool:
    """Write ``data`` to ``path`` by the rule above; False when it was already up to date."""
    if refuse_overwrite(path, force, data):
        return False
    ensure_folder(path.parent)  # as mkdir -p; a file in the way is one line naming it
    write_atomic(path, data)
    return True


def path_from_here(path: Path) -> str:
    """``path`` as a command run from the current folder should name it: relative when it
    is under the current folder, else absolute; quoted for a shell when it must be."""
    absolute = path.resolve()
    here = Path.cwd().resolve()
    shown = absolute.relative_to(here) if absolute.is_relative_to(here) else absolute
    return shlex.quote(str(shown))
