"""What a batch run is asked to do: the options, and the shard of the briefs it takes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``: the briefs whose stable hash falls in it."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """ "2/5" → Shard(2, 5); ValueError with a readable reason otherwise."""
        try:
            index_text, count_text = text.split("/")
            index, count = int(index_text), int(count_text)
        except ValueError:
            raise ValueError(f"{text!r} is not of the form K/N, e.g. 2/5") from None
        if not 1 <= index <= count:
            raise ValueError(f"{text!r}: K must be between 1 and N")
        return cls(index, count)

    def holds(self, key: str) -> bool:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    @property
    def suffix(self) -> str:
        return f".shard-{self.index}-of-{self.count}"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    inputs: Path
    out_dir: Path
    jobs: int = 1
    force: bool = False
    dry_run: bool = False
    prune: bool = False
    shard: Shard | None = None
    formats: tuple[str, ...] | None = None
    wait_seconds: float = 5.0
    """How long to wait for another run's lock before giving up."""
    index: bool = False
    """Write index.html (and thumbs/) in the output folder after the run."""
    lint: bool = False
    """Hold every brief rendered to its template's analytic standards (``briefgen lint``);
    the findings are warnings, recorded in the manifest and counted on the index page."""
