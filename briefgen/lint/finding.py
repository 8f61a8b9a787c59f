"""One lint finding, located as ``validate`` locates a problem: file, line, field path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.load.source_map import Loc, SourceMap, format_loc


@dataclass(frozen=True, slots=True)
class Finding:
    file: Path
    line: int | None
    field: str
    rule: str
    """The rule's id (``rec-timeframe``; ``prose/<proselint check>``)."""
    message: str

    @classmethod
    def at(cls, source: SourceMap, loc: Loc, rule: str, message: str) -> Finding:
        return cls(source.file, source.line(loc), format_loc(loc), rule, message)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        return f"{where} {self.field}: {self.rule}: {' '.join(self.message.split())}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": str(self.file),
            "line": self.line,
            "field": self.field,
            "rule": self.rule,
            "message": " ".join(self.message.split()),
        }
