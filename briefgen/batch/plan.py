"""What a run must do: find the briefs, decide which need rendering and why, refuse
output-name clashes.  Reads the inputs and the manifests; writes nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.batch.manifest import Deps, Fingerprints, Manifest
from briefgen.batch.options import BatchOptions
from briefgen.errors import BriefgenError, Problem
from briefgen.outputs import BRIEF_FILES, output_slug


@dataclass(frozen=True, slots=True)
class Plan:
    """One brief to render."""

    key: str
    """The brief's path under the inputs folder: its name in the manifest and the log."""
    path: Path
    reason: str
    """Why: "new", "changed: essay", "forced", "output missing or altered"…"""
    slug: str | None = None
    """The output name it will write, when the brief could be read."""


@dataclass(frozen=True, slots=True)
class Clash:
    """A planned brief refused because another brief writes the same output name."""

    key: str
    message: str


def discover(inputs: Path) -> list[Path]:
    """Every brief file under ``inputs`` (brief.yaml, .yml or .json), hidden folders skipped."""
    if not inputs.is_dir():
        if not inputs.exists():
            message = "does not exist: give the folder that holds a folder per brief"
        else:
            message = (
                "is a file, not a folder of briefs (one folder per brief, each with brief.yaml)"
            )
        raise BriefgenError([Problem(inputs, None, None, message)])
    found = []
    for root, dirs, files in os.walk(inputs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in BRIEF_FILES:
            if name in files:
                found.append(Path(root) / name)
                break  # one brief per folder: brief.yaml wins over .yml and .json
    return sorted(found)


def key_of(brief: Path, inputs: Path) -> str:
    return brief.relative_to(inputs).as_posix()


def why_render(
    key: str, brief: Path, options: BatchOptions, manifest: Manifest, fp: Fingerprints
) -> str:
    """Why ``brief`` must be rendered, by ``manifest``'s record ("" when up to date)."""
    if options.force:
        return "forced"
    if key not in manifest.entries:
        return "new"
    if manifest.entries[key].get("status") != "ok":
        return "failed last time"
    if options.lint and "lint" not in manifest.entries[key]:
        return "not linted yet"
    recorded = manifest.deps(key)
    if recorded is None:
        return "new"
    current = Deps.now(brief, recorded.essay_path, recorded.template_path, fp, options.formats)
    changed = current.changed(recorded)
    if changed:
        return f"changed: {changed}"
    if not manifest.outputs_intact(key, options.out_dir):
        return "output missing or altered"
    return ""


def current_elsewhere(
    key: str, brief: Path, options: BatchOptions, others: list[Manifest], fp: Fingerprints
) -> dict[str, Any] | None:
    """Another manifest's record of ``key`` when it is up to date (same inputs, outputs on
    disk as that run wrote them): a brief rendered by any run of the folder (a plain run,
    any shard) is up to date for every other run of it."""
    for other in others:
        if key in other.entries and not why_render(key, brief, options, other, fp):
            return other.entries[key]
    return None


def declared_slug(brief: Path) -> str | None:
    """The output name a brief will get, read cheaply; None when the brief can't be read
    (its render will then report why)."""
    from briefgen.load import read_data

    try:
        data, _ = read_data(brief)
        slug = data.get("brief", {}).get("slug") if isinstance(data, dict) else None
    except (BriefgenError, AttributeError):
        return None
    return output_slug(brief, slug if isinstance(slug, str) else None)


def clashes(
    plans: list[Plan], manifest: Manifest, inputs: Path, others: list[tuple[str, str | None]]
) -> list[Clash]:
    """Two briefs that would write the same output name both fail, and neither writes.

    ``others`` are (key, slug) of briefs outside this shard that share the output folder;
    the manifest's recorded outputs count for briefs not planned whose input is there.
    """
    owners: dict[str, list[str]] = {}
    for plan in plans:
        if plan.slug:
            owners.setdefault(plan.slug, []).append(plan.key)
    for key, slug in others:
        if slug:
            owners.setdefault(slug, []).append(key)
    planned = {plan.key for plan in plans}
    for key, entry in manifest.entries.items():
        if key in planned or not (inputs / key).exists():
            continue
        for name in entry.get("outputs", {}):
            # "x.docx", "x.memo.pdf": a slug has no dots, so the brief's slug is the first part.
            owners.setdefault(name.split(".", 1)[0], []).append(key)
    clashing = {slug: keys for slug, keys in owners.items() if len(set(keys)) > 1}
    found = []
    for plan in plans:
        if plan.slug in clashing:
            rivals = ", ".join(sorted({k for k in clashing[plan.slug] if k != plan.key}))
            message = f"{plan.key}: output name {plan.slug!r} is also used by {rivals}"
            found.append(Clash(plan.key, message))
    return found
