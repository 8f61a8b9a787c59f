"""Problems and the errors that carry them.

Hierarchy::

    BriefgenError            a "nice" error: one line per Problem, exit code 2, no traceback
    ├── InputError           a brief, essay, template or style file is wrong (exit 2)
    └── OutputError          the output folder cannot be written (exit 2)

Anything else that escapes is a bug; ``briefgen.cli`` still prints it on one line unless
``--debug`` is given.  Every exit code briefgen uses is in :class:`ExitCode`; batch, draft
and the command line all read it from there.  Checks return ``list[Problem]``; the boundary raises once with
all of them, so a user sees every problem in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import ClassVar


class ExitCode(IntEnum):
    """What a briefgen process exits with (README.md lists them for users)."""

    OK = 0
    FAILED = 1
    """Some briefs of a batch failed (the others rendered), `check` found something, or an
    internal error."""
    INVALID = 2
    """Invalid input or bad usage: one line per problem, nothing written."""
    DRAFT_WITH_PROBLEMS = 3
    """`draft --llm` wrote a brief with problems, listed at its top."""
    UNAVAILABLE = 69
    """sysexits' EX_UNAVAILABLE: the `--llm` endpoint is down, too slow or busy."""
    LOCKED = 75
    """sysexits' EX_TEMPFAIL: another batch holds the output folder; try again later."""
    SIGINT = 130
    """Interrupted by Ctrl-C (128 + SIGINT)."""
    SIGTERM = 143
    """Stopped by SIGTERM (128 + SIGTERM): systemd's stop, scancel, a pod's end."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning), with where it is.

    ``str()`` gives the one-line form: ``inputs/x/brief.yaml:34 summary.evidence[2].quote: …``
    """

    file: Path | None
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
        if self.field:
            where = f"{where} {self.field}" if where else self.field
        message = " ".join(self.message.split())  # always one line
        return f"{where}: {message}" if where else message


class BriefgenError(Exception):
    """An error a user can act on: each problem is one line, and the exit code is 2."""

    exit_code: ClassVar[int] = ExitCode.INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(BriefgenError):
    """A brief, essay, template or style file is wrong."""


class OutputError(BriefgenError):
    """The output could not be written (missing folder, read-only, disk full)."""
