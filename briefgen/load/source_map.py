"""Where each value of a brief file stands: field path → line, and Problems located by it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import Problem

Loc = tuple[str | int, ...]
"""A field path: ``("summary", "evidence", 2, "quote")``."""

_NAME = re.compile(r"^[A-Za-z_$][A-Za-z0-9_-]*$")  # "$schema" too


def format_loc(loc: Loc) -> str:
    """("summary", "evidence", 2, "quote") → "summary.evidence[2].quote"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(part):
            out += f".{part}" if out else part
        else:  # a key with spaces, line breaks or odd characters: shown quoted
            out += f"[{part!r}]"
    return out


@dataclass(slots=True)
class SourceMap:
    """Where each value of a YAML document stands: field path → 1-based line."""

    file: Path
    lines: dict[Loc, int] = field(default_factory=dict)
    """Where each value starts."""
    keys: dict[Loc, int] = field(default_factory=dict)
    """Where each mapping key stands (for "unknown key" and "duplicate key")."""

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.file, self.line(loc), format_loc(loc) or None, message)
