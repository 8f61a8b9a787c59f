"""The paths and commands a draft names: its essay as seen from the brief, and the
commands its comments suggest, ready to paste where the user stands."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefgen.userfiles import path_from_here

__all__ = ["Commands", "commands_for", "essay_command", "source_essay", "validate_command"]


@dataclass(frozen=True, slots=True)
class Commands:
    """The commands the draft's comments suggest, ready to paste where the user stands."""

    essay: str
    """Prints the cleaned essay with its ¶ numbers."""
    validate: str
    """Checks the brief."""


def commands_for(essay_path: Path, brief_path: Path) -> Commands:
    """The commands for a draft of ``essay_path`` written to ``brief_path``."""
    return Commands(
        essay=essay_command(essay_path), validate=validate_command(essay_path, brief_path)
    )


def source_essay(essay_path: Path, brief_path: Path) -> str:
    """What ``source.essay`` says in a brief written to ``brief_path``: the essay's path
    from the brief's folder, with forward slashes."""
    relative = os.path.relpath(essay_path.resolve(), brief_path.parent.resolve())
    return str(PurePosixPath(Path(relative)))


def essay_command(essay_path: Path) -> str:
    """``briefgen essay ESSAY``, run from the current folder: the essay with its ¶ numbers."""
    return f"briefgen essay {path_from_here(essay_path)}"


def validate_command(essay_path: Path, brief_path: Path) -> str:
    """``briefgen validate BRIEF``, run from the current folder, with ``--allow-outside``
    when the essay is not in the brief's folder (validate refuses it otherwise)."""
    inside = essay_path.resolve().is_relative_to(brief_path.parent.resolve())
    flag = "" if inside else "--allow-outside "
    return f"briefgen validate {flag}{path_from_here(brief_path)}"
