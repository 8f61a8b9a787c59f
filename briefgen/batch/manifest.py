"""out/manifest.json: what each brief was rendered from (content hashes) and what it wrote."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.data import FONTS_DIR
from briefgen.outputs import write_atomic
from briefgen.provenance import file_sha256, folder_sha256

MANIFEST_VERSION = 1


class Fingerprints:
    """Content hashes of what a render depends on, each computed once per run."""

    def __init__(self) -> None:
        self._folders: dict[Path, str | None] = {}

    def folder(self, path: Path) -> str | None:
        """One hash over every file in a folder (names and contents), or None if missing."""
        if path not in self._folders:
            self._folders[path] = folder_sha256(path)
        return self._folders[path]

    def fonts(self) -> str | None:
        return self.folder(FONTS_DIR)


@dataclass(frozen=True, slots=True)
class Deps:
    """What one render read, as recorded in the manifest."""

    brief: str | None
    essay_path: str
    essay: str | None
    template_path: str
    template: str | None
    fonts: str | None
    briefgen: str
    formats: tuple[str, ...] | None

    @classmethod
    def now(
        cls,
        brief: Path,
        essay_path: str,
        template_path: str,
        fp: Fingerprints,
        formats: tuple[str, ...] | None,
    ) -> Deps:
        """What a render of ``brief`` with that essay and template depends on today."""
        return cls(
            brief=file_sha256(brief),
            essay_path=essay_path,
            essay=file_sha256(Path(essay_path)),
            template_path=template_path,
            template=fp.folder(Path(template_path)),
            fonts=fp.fonts(),
            briefgen=__version__,
            formats=formats,
        )

    def changed(self, other: Deps) -> str:
        """The first dependency that differs from ``other`` ("" when none does)."""
        for name in ("brief", "essay", "template", "fonts", "briefgen", "formats"):
            if getattr(self, name) != getattr(other, name):
                return name
        if (self.essay_path, self.template_path) != (other.essay_path, other.template_path):
            return "paths"
        return ""


# --------------------------------------------------------------------------- manifest


MANIFEST_NAME = "manifest.json"
_SHARD_MANIFEST = re.compile(r"manifest\.shard-[1-9][0-9]*-of-[1-9][0-9]*\.json")


def manifest_path(out_dir: Path, suffix: str = "") -> Path:
    """The manifest of a plain run (``suffix`` "") or of one shard (".shard-2-of-4")."""
    return out_dir / f"{MANIFEST_NAME.removesuffix('.json')}{suffix}.json"


@dataclass(slots=True)
class Manifest:
    """out/manifest.json: per brief, what it was rendered from and what it wrote.

    A plain run keeps ``manifest.json``, each shard ``manifest.shard-K-of-N.json``: runs
    that may overlap never write the same file.  Each entry carries ``recorded``, when
    it was written (UTC, microseconds), so that readers of several manifests know which
    record of a brief is the latest.
    """

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    inputs: str | None = None
    """The inputs folder the briefs' keys are relative to (absolute), as last run."""

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") == MANIFEST_VERSION and isinstance(data.get("briefs"), dict):
                inputs = data.get("inputs")
                return cls(path, data["briefs"], inputs if isinstance(inputs, str) else None)
        except (OSError, ValueError, AttributeError):
            pass  # missing or unreadable: everything is rendered again, nothing is lost
        return cls(path)

    def save(self) -> None:
        data: dict[str, Any] = {
            "version": MANIFEST_VERSION,
            "briefgen": __version__,
            "briefs": self.entries,
        }
        if self.inputs is not None:
            data["inputs"] = self.inputs
        # Compact: with 10,000 briefs an indented manifest takes half a second to write.
        text = json.dumps(data, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        text += "\n"
        write_atomic(self.path, text.encode("utf-8"))

    def fill(self, found: dict[str, dict[str, Any]]) -> bool:
        """Add fields found for briefs this manifest records (a title, a page count);
        whether any entry changed."""
        changed = False
        for key, fields in found.items():
            entry = self.entries.get(key)
            if entry is not None and any(entry.get(k) != v for k, v in fields.items()):
                entry.update(fields)
                changed = True
        return changed

    def deps(self, key: str) -> Deps | None:
        entry = self.entries.get(key)
        if not entry or "deps" not in entry:
            return None
        raw = dict(entry["deps"])
        raw["formats"] = tuple(raw["formats"]) if raw.get("formats") else None
        try:
            return Deps(**raw)
        except TypeError:
            return None

    def outputs_intact(self, key: str, out_dir: Path) -> bool:
        """Every output recorded for ``key`` exists with the size and content written."""
        outputs: dict[str, dict[str, Any]] = self.entries.get(key, {}).get("outputs", {})
        if not outputs:
            return False
        for name, record in outputs.items():
            path = out_dir / name
            try:
                stat = path.stat()
            except OSError:
                return False
            if stat.st_size != record.get("size"):
                return False
            if stat.st_mtime_ns != record.get("mtime_ns") and file_sha256(path) != record.get(
                "sha256"
            ):
                return False
        return True


def recorded_now() -> str:
    """The ``recorded`` stamp of an entry: UTC with microseconds, sortable as text."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def folder_manifests(out_dir: Path) -> list[Manifest]:
    """Every manifest in ``out_dir``: the plain run's first, then the shards' by name."""
    found = []
    plain = manifest_path(out_dir)
    if plain.is_file():
        found.append(Manifest.load(plain))
    with contextlib.suppress(OSError):
        shards = sorted(p for p in out_dir.iterdir() if _SHARD_MANIFEST.fullmatch(p.name))
        found += [Manifest.load(p) for p in shards]
    return found


def latest_entries(manifests: list[Manifest]) -> dict[str, dict[str, Any]]:
    """Per brief, the entry of the manifest that recorded it last (by ``recorded``, then
    ``rendered``; a manifest earlier in the list wins a tie)."""
    latest: dict[str, dict[str, Any]] = {}
    for manifest in manifests:
        for key, entry in manifest.entries.items():
            if key not in latest or _stamp(entry) > _stamp(latest[key]):
                latest[key] = entry
    return latest


def _stamp(entry: dict[str, Any]) -> str:
    return str(entry.get("recorded") or entry.get("rendered") or "")
