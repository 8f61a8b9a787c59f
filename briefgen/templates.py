"""Find templates: a template is a folder with brief.md.j2 and style.yaml.

Built-in templates live in the repository's top-level ``templates/``; an installed wheel
carries them inside the package as ``briefgen/templates`` (hatchling force-include).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.load import read_yaml, validate_model
from briefgen.style import Style, font_files

TEMPLATE_FILE = "brief.md.j2"
STYLE_FILE = "style.yaml"


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    folder: Path
    style: Style

    @property
    def markdown(self) -> Path:
        return self.folder / TEMPLATE_FILE


def builtin_dir() -> Path:
    """Where the built-in templates are: inside the package when installed, else the repo."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


class TemplateNotFound(InputError):
    """No template of that name or path."""


def find_template(
    name_or_path: str, search: tuple[Path, ...] = (), base: Path | None = None
) -> Template:
    """A template by folder path (relative to ``base``, else the current folder), or by
    name in ``search`` then the built-ins."""
    candidates = []
    if "/" in name_or_path or name_or_path == ".":
        candidates.append(base / name_or_path if base else Path(name_or_path))
    candidates += [folder / name_or_path for folder in (*search, builtin_dir())]
    for folder in candidates:
        if (folder / TEMPLATE_FILE).is_file():
            return load_template(folder)
    known = ", ".join(sorted(p.name for p in builtin_dir().iterdir() if p.is_dir()))
    raise TemplateNotFound(
        [Problem(None, None, "template", f"no template {name_or_path!r} (built-in: {known})")]
    )


def load_template(folder: Path) -> Template:
    data, source = read_yaml(folder / STYLE_FILE)
    style: Style = validate_model(Style, data, source)
    problems = []
    for role in ("body", "heading"):
        try:
            font_files(getattr(style.fonts, role))
        except FileNotFoundError as err:
            problems.append(source.problem(("fonts", role), str(err)))
    if problems:
        raise InputError(problems)
    return Template(name=folder.name, folder=folder, style=style)
