"""Libraries of briefs for the batch tests, made from the sample brief and its essay.

Each brief is the sample with a different title, a different subset of its evidence,
counterpoints and recommendations (``based_on`` kept pointing at evidence that is still
there) and claims, points and actions of different lengths, so that the library holds
briefs of one page and of several.  Everything is derived from a seed: the same call
makes the same library.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from conftest import SAMPLE

# Clauses that lengthen a text without adding a sentence the bottom-line check would count.
_FILLERS = (
    "according to the essay's reading of the record",
    "as the author argues at some length",
    "which the desk considers well supported",
    "in the view set out in the op-ed",
    "and the argument does not depend on any single source",
)
_TOPICS = (
    "Arms Control",
    "Non-Proliferation",
    "Ukraine Policy",
    "Sanctions",
    "Détente",
    "Deterrence",
    "Crisis Management",
    "Alliance Cohesion",
)
_ESSAY_EDIT = ("Is the Biden administration thinking", "Was the Biden administration thinking")
"""A word in ¶1, which no brief cites: changing it changes the essay, not the grounding."""


@dataclass(frozen=True, slots=True)
class LibraryBrief:
    key: str
    """The brief's path under the inputs folder, as batch names it in events and manifest."""
    folder: Path
    slug: str
    """The output name without extension: <slug>.docx, <slug>.pdf."""
    title: str
    template: Path | None = None
    """The test's own template folder, when the brief names it."""

    @property
    def brief(self) -> Path:
        return self.folder / "brief.yaml"

    @property
    def essay(self) -> Path:
        return self.folder / "essay.txt"

    @property
    def outputs(self) -> tuple[str, str]:
        # A template other than the default puts its folder's name in the file name.
        name = f"{self.slug}.{self.template.name}" if self.template else self.slug
        return (f"{name}.docx", f"{name}.pdf")


def sample_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    return data


def _longer(text: str, rng: random.Random, limit: int = 690) -> str:
    """``text`` with 0-3 filler clauses before its final full stop, kept under ``limit``."""
    for _ in range(rng.randint(0, 3)):
        stem, stop = (text[:-1], text[-1]) if text[-1] in ".!?" else (text, "")
        candidate = f"{stem}, {rng.choice(_FILLERS)}{stop}"
        if len(candidate) > limit:
            break
        text = candidate
    return text


def _subset(items: list[Any], rng: random.Random, least: int) -> list[Any]:
    """A random subset of ``items`` (at least ``least``), in their original order."""
    chosen = sorted(rng.sample(range(len(items)), rng.randint(least, len(items))))
    return [items[i] for i in chosen]


def varied_brief(index: int, rng: random.Random, template: Path | None) -> dict[str, Any]:
    """The sample brief, varied: title, item counts and text lengths."""
    data = sample_data()
    info = data["brief"]
    topic = rng.choice(_TOPICS)
    words = " ".join(rng.choice(_TOPICS).split()[0] for _ in range(rng.randint(0, 12)))
    info["title"] = f"{topic} brief {index}: {info['title']} {words}".strip()[:200]
    if rng.random() < 0.3:
        del info["subtitle"]
    if template is not None:
        info["template"] = str(template)  # a path: find_template takes it as is

    summary = data["summary"]
    evidence = _subset(summary["evidence"], rng, least=1)
    for item in evidence:
        item["claim"] = _longer(item["claim"], rng)
    kept = {item["id"] for item in evidence}
    summary["evidence"] = evidence

    recommendations = []
    for rec in summary["recommendations"]:
        rec["based_on"] = [ref for ref in rec["based_on"] if ref in kept]
        if rec["based_on"]:
            rec["action"] = _longer(rec["action"], rng)
            if rng.random() < 0.3:
                del rec["rationale"]
            recommendations.append(rec)
    if not recommendations:  # every recommendation rested on dropped evidence
        first = summary["recommendations"][0]
        first["based_on"] = [evidence[0]["id"]]
        recommendations = [first]
    summary["recommendations"] = _subset(recommendations, rng, least=1)

    counterpoints = _subset(summary["counterpoints"], rng, least=0)
    for item in counterpoints:
        item["response"] = _longer(item["response"], rng)
    summary["counterpoints"] = counterpoints
    summary["keywords"] = summary["keywords"][: rng.randint(0, len(summary["keywords"]))]
    return data


def write_brief(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "brief.yaml"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, "utf-8")
    if not (folder / "essay.txt").exists():
        shutil.copyfile(SAMPLE / "essay.txt", folder / "essay.txt")
    return path


def make_library(
    inputs: Path,
    count: int,
    *,
    seed: int = 0,
    template: Path | None = None,
    template_every: int = 0,
    group_every: int = 0,
) -> list[LibraryBrief]:
    """``count`` varied briefs under ``inputs``, sorted by key.

    Every ``template_every``-th brief names ``template`` by path; every ``group_every``-th
    sits one folder deeper (inputs/desk-N/brief-XXX/), as a real library is organised.
    """
    rng = random.Random(seed)
    made = []
    for index in range(count):
        own_template = template if template_every and index % template_every == 0 else None
        data = varied_brief(index, rng, own_template)
        name = f"brief-{index:03d}"
        relative = (
            Path(f"desk-{index % 3}") / name
            if group_every and index % group_every == 1
            else Path(name)
        )
        write_brief(inputs / relative, data)
        made.append(
            LibraryBrief(
                key=f"{relative.as_posix()}/brief.yaml",
                folder=inputs / relative,
                slug=name,
                title=data["brief"]["title"],
                template=own_template,
            )
        )
    return sorted(made, key=lambda b: b.key)


def copy_template(target: Path) -> Path:
    """A private copy of the built-in template, to change without touching the repo's."""
    from briefgen.templates import builtin_dir

    shutil.copytree(builtin_dir() / "brief", target)
    return target


def change_essay(brief: LibraryBrief) -> None:
    """Change one word the brief does not cite: the essay differs, the brief stays valid."""
    text = brief.essay.read_text("utf-8")
    old, new = _ESSAY_EDIT if _ESSAY_EDIT[0] in text else _ESSAY_EDIT[::-1]
    brief.essay.write_text(text.replace(old, new, 1), "utf-8")


def change_title(brief: LibraryBrief, title: str) -> None:
    data = yaml.safe_load(brief.brief.read_text("utf-8"))
    data["brief"]["title"] = title
    write_brief(brief.folder, data)


def break_quote(brief: LibraryBrief) -> str:
    """Make the first evidence quote stand nowhere in the essay; returns the field it breaks."""
    data = yaml.safe_load(brief.brief.read_text("utf-8"))
    data["summary"]["evidence"][0]["quote"] = "words that this essay never contains anywhere"
    write_brief(brief.folder, data)
    return "summary.evidence[0].quote"
