"""PyYAML's syntax errors → one Problem that says what to change, and where.

PyYAML (and libyaml under it) describes the parser's state: "found character that
cannot start any token", "while scanning a plain scalar".  A user needs the cause in
their own terms.  The commonest cause is a tab in the indentation (an editor set to
tabs): YAML indents with spaces only, and every tab error points at the tab itself, so
the tab, its line and its column are named instead.  For an unclosed quote or bracket,
where it began is named, since that is where the user has to look.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from briefgen.errors import Problem

_KEY = re.compile(r"(?:- +)*[^\s:#'\"][^:#]*?:(?=\s|$)")
"""The key at the start of a line, with any list dashes before it: ``- id:``."""
_SHOWN = 30
"""Characters of the rest of a line shown after a tab; a key is shown whole."""


def yaml_problem(path: Path, text: str, err: yaml.MarkedYAMLError) -> Problem:
    """The one-line Problem for a YAML syntax error in ``text`` (the file at ``path``)."""
    mark = err.problem_mark or err.context_mark
    if mark is None:
        what = err.problem or err.context or "syntax error"
        return Problem(path, None, None, f"not valid YAML: {what}")
    tab = _tab_problem(path, text, mark.line, mark.column)
    if tab is not None:
        return tab
    what = err.problem or err.context or "syntax error"
    if err.problem and err.context and err.context_mark:
        # Where an unclosed quote or bracket began is what the user has to look at.
        start = err.context_mark
        what += f", {err.context} that started at line {start.line + 1}, column {start.column + 1}"
    return Problem(path, mark.line + 1, None, f"not valid YAML (column {mark.column + 1}): {what}")


def _tab_problem(path: Path, text: str, line: int, column: int) -> Problem | None:
    """The Problem for a tab at ``line``, ``column`` (0-based), or None if there is none.

    A tab among the spaces that open the line is indentation; one after a key or a dash
    separates, which YAML 1.1 (PyYAML's) does not allow there either.
    """
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return None
    row = lines[line]
    if not (0 <= column < len(row) and row[column] == "\t"):
        return None  # both PyYAML and libyaml count columns in characters
    before, after = row[:column], row[column:].lstrip(" \t")
    where = f"a tab character (column {column + 1})"
    if before.strip(" \t"):
        shown = _shown(before.strip(" \t"), keep="end")
        return Problem(
            path,
            line + 1,
            None,
            f"{where} after {shown!r} (YAML separates with spaces here); replace it with a space",
        )
    if not after:
        return Problem(
            path,
            line + 1,
            None,
            f"{where} on a line with nothing else (YAML indents with spaces only); delete it",
        )
    return Problem(
        path,
        line + 1,
        None,
        f"{where} before {_shown(after, keep='start')!r} (YAML indents with spaces only); "
        "replace it with spaces",
    )


def _shown(text: str, keep: str) -> str:
    """A key as it stands (``summary:``, ``- id:``), else at most ``_SHOWN`` characters."""
    if keep == "start":
        key = _KEY.match(text)
        if key is not None and len(key.group()) <= 60:
            return key.group()
        return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
    return text if len(text) <= _SHOWN else "…" + text[-(_SHOWN - 1) :]
