"""One finding of `briefgen check`: where it is and what is wrong, as one line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that fails a rule, and where: in a PDF, a page from 1 (None for the
    document); in a DOCX, which has no pages until it is laid out, the ``part``."""

    page: int | None
    where: str
    message: str
    part: str | None = None

    def line(self, path: Path) -> str:
        place = self.part if self.part else f"page {'-' if self.page is None else self.page}"
        return f"{path}: {place}: {self.where}: {self.message}"
