"""Labels: the words printed around a brief's own text, from one catalog per language.

briefgen ships a catalog for each language it supports (``briefgen/labels/<lang>.yaml``);
a template's ``labels/<lang>.yaml`` adds labels of its own or says them differently,
and adds a language by being there.  Every label briefgen's English catalog has must be
in every language's: a missing one is an error naming the label and the file, never
English in a French brief.  One YAML file per language, not gettext: a ministry's
translator edits one plain file beside the template, with no compile step, and sees
every label a brief can print in it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.style import Style

CATALOGS = Path(__file__).resolve().parent.parent / "labels"
"""briefgen's own catalogs, one per language."""


@dataclass(frozen=True)
class Labels:
    """One language's labels; ``labels.bottom_line`` in a template, ``labels["x"]`` in code."""

    language: str
    values: dict[str, str]
    files: tuple[Path, ...]
    """Where they were read, for the error a missing label gives."""

    def __getitem__(self, name: str) -> str:
        try:
            return self.values[name]
        except KeyError:
            files = " or ".join(str(f) for f in self.files) or "no catalog"
            raise MissingLabel(f"no label {name!r} for {self.language!r} in {files}") from None

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def format(self, name: str, **fields: object) -> str:
        """The label with its ``{fields}`` filled; a label that names another field, or
        is not a format at all, is an error naming it and the file."""
        try:
            return self[name].format(**fields)
        except (KeyError, IndexError, ValueError):
            wanted = ", ".join("{" + f + "}" for f in fields)
            files = " or ".join(str(f) for f in self.files)
            raise MissingLabel(
                f"the label {name!r} in {files} can only use {wanted}: {self[name]!r}"
            ) from None


class MissingLabel(KeyError):
    """A template asked for a label its language's catalog lacks."""

    def __str__(self) -> str:
        return str(self.args[0])


def load_labels(language: str, template_folder: Path | None = None) -> Labels:
    """The labels for ``language`` (``de-AT`` falls back to ``de``): briefgen's catalog with
    the template's own over it.  InputError when neither has the language, or a catalog
    lacks a label English has, or cannot be read."""
    from briefgen.i18n.locale import base, unsupported

    why = unsupported(language)
    if why:
        raise InputError([Problem(None, None, "brief.language", why)])
    names = [language, base(language)] if base(language) != language else [language]
    values: dict[str, str] = {}
    files: list[Path] = []
    for folder in (CATALOGS, template_folder / "labels" if template_folder else None):
        if folder is None:
            continue
        found = next(
            (folder / f"{n}.yaml" for n in names if (folder / f"{n}.yaml").is_file()), None
        )
        if found is not None:
            values.update(_read(found))
            files.append(found)
    if not files:
        known = ", ".join(sorted(p.stem for p in CATALOGS.glob("*.yaml")))
        message = (
            f"no labels for {language!r} (briefgen has {known}; a template adds a language "
            f"with labels/{base(language)}.yaml)"
        )
        raise InputError([Problem(None, None, "brief.language", message)])
    english = _read(CATALOGS / "en.yaml")
    missing = [name for name in english if name not in values]
    if missing:
        message = f"no label {missing[0]!r}" + (
            f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        )
        raise InputError([Problem(files[-1], None, missing[0], message)])
    return Labels(language, values, tuple(files))


def _read(path: Path) -> dict[str, str]:
    """A catalog's labels.  Parsed once per content: a batch reads the same few catalogs
    for every brief, and an edited one (other bytes) is parsed again, never served stale."""
    from briefgen.load.text import read_text

    return dict(_parse(str(path), read_text(path, MAX_CATALOG_BYTES)))


MAX_CATALOG_BYTES = 256 * 1024
"""The most a labels file may hold (briefgen's are about 3 KB)."""


@lru_cache(maxsize=64)
def _parse(name: str, text: str) -> tuple[tuple[str, str], ...]:
    from briefgen.load.yaml_reader import read_yaml_text

    path = Path(name)
    values, source = read_yaml_text(text, path)
    if not isinstance(values, dict):
        raise InputError([Problem(path, 1, None, "a labels file maps each label to its text")])
    out: list[tuple[str, str]] = []
    for key, value in values.items():
        if not isinstance(value, str):
            raise InputError([source.problem((key,), "a label is text")])
        out.append((str(key), value))
    return tuple(out)


FURNITURE = {
    ("header_footer", "header_left"): "header_left",
    ("header_footer", "draft_label"): "draft_label",
    ("header_footer", "footer"): "footer",
    ("header_footer", "continued_left"): "continued_left",
    ("notes", "heading"): "notes_heading",
}
"""The words style.yaml prints on every page, by their labels: a template that left one
as briefgen's English default gets the brief's language; one it wrote itself is kept."""


def localized_style(style: Style, labels: Labels) -> Style:
    """``style`` with its page furniture in the labels' language."""
    english = load_labels("en")
    for label, allowed in (("footer", {"page", "pages"}), ("continued_left", {"title"})):
        used = {f for _, f, _, _ in string.Formatter().parse(labels[label]) if f is not None}
        if not used <= allowed:
            wanted = ", ".join("{" + f + "}" for f in sorted(allowed))
            message = f"the label {label!r} can only use {wanted}: {labels[label]!r}"
            raise InputError([Problem(labels.files[-1], None, label, message)])
    updates: dict[str, dict[str, str]] = {}
    for (section, field), label in FURNITURE.items():
        value = getattr(getattr(style, section), field, None)
        if isinstance(value, str) and value == english[label] and labels[label] != value:
            updates.setdefault(section, {})[field] = labels[label]
    if not updates:
        return style
    from pydantic import ValidationError

    changed: dict[str, object] = {}
    for section, fields in updates.items():
        current = getattr(style, section)
        try:  # held to style.yaml's own rules: lengths, the footer's {page} and {pages}
            changed[section] = type(current).model_validate(current.model_dump() | fields)
        except ValidationError as err:
            error = err.errors()[0]
            field = ".".join(str(part) for part in error["loc"])
            label = FURNITURE.get((section, field), field)
            message = f"the label {label!r} cannot stand in {section}.{field}: {error['msg']}"
            raise InputError([Problem(labels.files[-1], None, label, message)]) from None
    return style.model_copy(update=changed)
