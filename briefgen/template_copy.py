"""A template folder copied to a new one: whole or not at all, as plain files the user owns.

The copy is made beside the destination and renamed into place, so a new folder appears
whole or not at all; the files' contents are copied, not their modes (an installed
package's may be read-only); symbolic links, caches and desktop litter are left behind;
the copy's style file is renamed after its folder.  ``templates.copy_template`` finds
the template and calls this.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from pathlib import Path

from briefgen.errors import InputError, Problem

__all__ = ["copy_folder"]

_LEFT_BEHIND = frozenset({"__pycache__", ".DS_Store", "Thumbs.db"})
"""Caches and desktop litter that are no part of a template."""


def copy_folder(source: Path, dest: Path, style_file: str) -> None:
    """Copy the template folder ``source`` to ``dest``, a new folder or an empty one
    outside ``source`` (InputError otherwise, with nothing copied), and set the copy's
    ``style_file`` ``name:`` to the folder's name.  OSError when the disk says no."""
    _check_destination(dest, source)
    target = dest.resolve()
    files = _files(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.copying-{os.getpid()}-{secrets.token_hex(4)}"
    partial.mkdir()
    try:
        for relative in files:
            copy = partial / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, copy)  # the contents, not the modes
        _rename_style(partial / style_file, target.name)
        if target.is_dir():  # empty, as checked: keep it (its owner, its modes)
            for entry in sorted(partial.iterdir()):
                entry.rename(target / entry.name)
            partial.rmdir()
        else:
            partial.rename(target)  # a new folder appears whole, or not at all
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _check_destination(dest: Path, source: Path) -> None:
    """InputError unless ``dest`` is a new folder, or an empty one, outside ``source``."""
    problem = None
    if dest.is_symlink():
        problem = "is a symbolic link; name a new folder (nothing was copied)"
    elif dest.is_dir():
        if any(dest.iterdir()):
            problem = "already exists and is not empty; name a new folder (nothing was copied)"
    elif dest.exists():
        problem = "already exists and is not a folder (nothing was copied)"
    if problem is None and dest.resolve().is_relative_to(source.resolve()):
        problem = f"is inside the template being copied ({source})"
    if problem is not None:
        raise InputError([Problem(dest, None, None, problem)])


def _files(folder: Path) -> list[Path]:
    """The regular files under ``folder`` worth copying, relative to it, in a stable order."""
    found = []
    for root, dirs, names in os.walk(folder):  # does not descend into linked folders
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if d not in _LEFT_BEHIND and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if name in _LEFT_BEHIND or path.suffix == ".pyc" or path.is_symlink():
                continue
            if path.is_file():  # not a pipe or a device
                found.append(path.relative_to(folder))
    return found


_NAME_LINE = re.compile(r"^name:[^\r\n]*", re.MULTILINE)


def _rename_style(style: Path, name: str) -> None:
    """Set the copy's top-level ``name:`` to its folder's name, keeping all else as it is."""
    try:
        text = style.read_bytes().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return  # no style.yaml, or one load_template will report: leave it alone
    value = name if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) else json.dumps(name)
    renamed = _NAME_LINE.sub(lambda _: f"name: {value}", text, count=1)
    if renamed != text:
        style.write_bytes(renamed.encode("utf-8"))
