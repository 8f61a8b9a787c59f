"""Find, list and copy templates: a template is a folder with brief.md.j2 and style.yaml.

Built-in templates live in the repository's top-level ``templates/``; an installed wheel
carries them inside the package as ``briefgen/templates`` (hatchling force-include).

A template named (not given as a path) is looked for in the caller's folders (``search``:
``--templates DIR``, a brief's own ``templates/``), then in the folders of the
``BRIEFGEN_TEMPLATES`` environment variable (separated by ``os.pathsep``, as ``PATH``),
then among the built-ins.  The first folder holding a template of that name wins, so a
user's ``brief`` shadows the built-in one; ``find_template`` and ``list_templates`` walk
the same folders in the same order (``template_dirs``), so the listing tells the truth.

Loading a template checks its style.yaml, its fonts and its logo (``logo.py``), once.
Copying one to edit is ``copy_template``; the copying itself is ``template_copy.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from briefgen.errors import InputError, OutputError, Problem
from briefgen.load import read_data, read_text, read_yaml, validate_model
from briefgen.logo import check_logo
from briefgen.model import BriefInfo
from briefgen.style import Style, font_files
from briefgen.suggest import closest
from briefgen.template_copy import copy_folder

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


ENV_VAR = "BRIEFGEN_TEMPLATES"
"""Folders of the user's templates, separated by ``os.pathsep`` (``:``, or ``;`` on Windows)."""


def env_dirs() -> tuple[Path, ...]:
    """The folders named by ``BRIEFGEN_TEMPLATES``, in order; empty entries are skipped."""
    value = os.environ.get(ENV_VAR, "")
    return tuple(Path(part).expanduser() for part in value.split(os.pathsep) if part)


def template_dirs(search: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Every folder a template name is looked up in, first match first: ``search``, then
    ``BRIEFGEN_TEMPLATES``, then the built-ins.  A folder named twice counts once, where it
    first appears."""
    seen: set[Path] = set()
    folders: list[Path] = []
    for folder in (*search, *env_dirs(), builtin_dir()):
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            folders.append(folder)
    return tuple(folders)


def is_template(folder: Path) -> bool:
    """Whether ``folder`` is meant as a template: it holds brief.md.j2 or style.yaml.

    One of the two is enough, so a template missing the other is reported as broken
    (by ``load_template`` and in the listing) instead of being passed over in silence.
    """
    return (folder / TEMPLATE_FILE).is_file() or (folder / STYLE_FILE).is_file()


class TemplateNotFound(InputError):
    """No template of that name or path."""


def locate_template(
    name_or_path: str, search: tuple[Path, ...] = (), base: Path | None = None
) -> Path:
    """The folder of a template, by path (relative to ``base``, else the current folder)
    or by name in ``template_dirs(search)``; TemplateNotFound if there is none.  Nothing
    in the folder is checked (``load_template`` does that)."""
    candidates = []
    path = None
    if _is_path(name_or_path):
        path = base / name_or_path if base else Path(name_or_path)
        candidates.append(path)
    candidates += [folder / name_or_path for folder in template_dirs(search)]
    for folder in candidates:
        if is_template(folder):
            return folder
    if path is not None and path.is_dir():
        message = (
            f"{str(path)!r} is a folder but not a template (no {TEMPLATE_FILE}, no {STYLE_FILE})"
        )
    else:
        named = template_names(search)
        what = "template" if path is None else "template folder"
        shown = name_or_path if path is None else str(path)
        message = f"no {what} {shown!r} ({_known(named)})"
        # A folder is not misspelt the way a name is: only a name gets a guess.
        match = closest(name_or_path, named) if path is None else None
        if match is not None:
            message += f'; did you mean "{match}"?'
        here = base / name_or_path if base else Path(name_or_path)
        if path is None and is_template(here):
            # A bare name is looked up, never taken as a folder: say how to mean the folder.
            message += f"; for the folder {str(here)!r}, write {name_or_path + '/'!r}"
    raise TemplateNotFound([Problem(None, None, "template", message)])


def template_names(search: tuple[Path, ...] = ()) -> dict[str, bool]:
    """Every name a template can be called by in ``template_dirs(search)``, each with
    whether the template it picks is a built-in one, in lookup order."""
    builtin = builtin_dir().resolve()
    names: dict[str, bool] = {}
    for root in template_dirs(search):
        for folder in _template_folders(root):
            names.setdefault(folder.name, root.resolve() == builtin)
    return names


def _known(names: dict[str, bool]) -> str:
    """``yours: house; built-in: brief, memo``: the names there are, and whose."""
    yours = sorted(name for name, builtin in names.items() if not builtin)
    builtins = sorted(name for name, builtin in names.items() if builtin)
    parts = [f"yours: {', '.join(yours)}"] if yours else []
    parts += [f"built-in: {', '.join(builtins)}"] if builtins else []
    return "; ".join(parts) or "there are none"


def find_template(
    name_or_path: str, search: tuple[Path, ...] = (), base: Path | None = None
) -> Template:
    """A template by folder path (relative to ``base``, else the current folder), or by
    name in ``search``, then ``BRIEFGEN_TEMPLATES``, then the built-ins."""
    return load_template(locate_template(name_or_path, search, base))


def load_template(folder: Path) -> Template:
    """The template in ``folder``, checked: InputError with every problem found."""
    problems = []
    if not (folder / TEMPLATE_FILE).is_file():
        problems.append(
            Problem(folder / TEMPLATE_FILE, None, None, "missing: a template needs this file")
        )
    try:
        data, source = read_yaml(folder / STYLE_FILE)
        style: Style = validate_model(Style, data, source)
    except InputError as err:
        raise InputError(problems + err.problems) from None
    for role in ("body", "heading"):
        try:
            font_files(getattr(style.fonts, role))
        except FileNotFoundError as err:
            problems.append(source.problem(("fonts", role), str(err)))
    if style.logo is not None:
        logo, logo_problems = check_logo(style.logo, style, folder, source)
        problems += logo_problems
        style = style.model_copy(update={"logo": logo})
    if problems:
        raise InputError(problems)
    return Template(name=folder.name, folder=folder, style=style)


def _is_path(name_or_path: str) -> bool:
    return "/" in name_or_path or os.sep in name_or_path or name_or_path in (".", "..")


def _template_folders(root: Path) -> list[Path]:
    """The template folders directly in ``root``, by name; none if it cannot be read."""
    try:
        children = sorted(root.iterdir())
    except OSError:  # missing, not a folder, or unreadable: like a PATH entry, skipped
        return []
    return [child for child in children if child.is_dir() and is_template(child)]


# --------------------------------------------------------------------------- the listing


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """One template as ``briefgen templates`` lists it."""

    name: str
    """What ``--template`` and ``brief.template`` call it: the folder's name."""
    folder: Path
    description: str
    """style.yaml's ``description`` (read as far as possible, even when broken)."""
    builtin: bool
    """Shipped with briefgen, rather than one of the user's."""
    problem: str | None = None
    """Why it cannot be used, in one line (file, line, field, message); None if it can."""
    shadowed_by: Path | None = None
    """The folder of a template of the same name found first, which the name picks
    instead of this one; None when the name picks this one."""
    shadows: tuple[Path, ...] = ()
    """The folders of same-named templates found later, which this one hides."""


def list_templates(search: tuple[Path, ...] = ()) -> list[TemplateInfo]:
    """Every template in ``template_dirs(search)``, in the order ``find_template`` looks
    (within a folder, by name).  A broken one is listed with its problem, not raised."""
    builtin = builtin_dir().resolve()
    found = [
        (folder, root.resolve() == builtin)
        for root in template_dirs(search)
        for folder in _template_folders(root)
    ]
    by_name: dict[str, list[Path]] = {}
    for folder, _ in found:
        by_name.setdefault(folder.name, []).append(folder)
    infos = []
    for folder, is_builtin in found:
        winner, *hidden = by_name[folder.name]
        description, problem = _describe(folder)
        infos.append(
            TemplateInfo(
                name=folder.name,
                folder=folder,
                description=description,
                builtin=is_builtin,
                problem=problem,
                shadowed_by=None if folder == winner else winner,
                shadows=tuple(hidden) if folder == winner else (),
            )
        )
    return infos


def describe_template(folder: Path) -> TemplateInfo:
    """One template folder as the listing shows it, found by path rather than by name."""
    description, problem = _describe(folder)
    return TemplateInfo(folder.name, folder, description, builtin=False, problem=problem)


def _describe(folder: Path) -> tuple[str, str | None]:
    """A template's description and, if it cannot be used, the first problem in one line."""
    try:
        template = load_template(folder)
    except InputError as err:
        return _raw_description(folder), _one_line(err.problems)
    except OSError as err:  # e.g. a folder that cannot be read: still one line
        return "", str(Problem(folder, None, None, err.strerror or str(err)))
    problems = _syntax_problems(template.markdown)
    return template.style.description, _one_line(problems) if problems else None


def _raw_description(folder: Path) -> str:
    """``description`` from a style.yaml that does not validate, if it can be read at all."""
    try:
        data, _ = read_yaml(folder / STYLE_FILE)
    except InputError:
        return ""
    value = data.get("description") if isinstance(data, dict) else None
    return " ".join(value.split()) if isinstance(value, str) else ""


def _syntax_problems(markdown: Path) -> list[Problem]:
    """A Jinja2 syntax error in brief.md.j2, found by parsing it (nothing is run)."""
    try:
        jinja2.Environment().parse(read_text(markdown, MAX_TEMPLATE_BYTES))
    except InputError as err:
        return err.problems
    except jinja2.TemplateSyntaxError as err:
        return [Problem(markdown, err.lineno, None, f"template error: {err.message}")]
    return []


MAX_TEMPLATE_BYTES = 1024 * 1024
"""What the listing reads of a brief.md.j2: a template is a few kilobytes."""


def _one_line(problems: list[Problem]) -> str:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


# --------------------------------------------------------------------------- a brief's


def own_templates(brief: Path) -> Path:
    """A brief's own ``templates/`` folder, searched first for the name it gives."""
    return brief.parent / "templates"


@dataclass(frozen=True, slots=True)
class BriefChoice:
    """The template a brief file picks, found as ``render`` finds it."""

    name: str
    """What ``brief.template`` says: a name, or a path from the brief's folder."""
    default: bool
    """The brief says nothing, and ``name`` is the default."""
    folder: Path


def brief_choice(brief: Path) -> BriefChoice:
    """The template ``brief`` picks with ``brief.template``; InputError (located at
    ``brief.template``) when the file cannot be read or the template does not exist.

    Only that field is read, so a brief with other problems still answers.
    """
    data, source = read_data(brief)
    meta = data.get("brief") if isinstance(data, dict) else None
    value = meta.get("template") if isinstance(meta, dict) else None
    default = value is None
    name = BriefInfo.model_fields["template"].default if default else value
    loc = ("brief", "template")
    if not isinstance(name, str) or not name:
        raise InputError([source.problem(loc, "should be a template name")])
    try:
        folder = locate_template(name, (own_templates(brief),), base=brief.parent)
    except TemplateNotFound as err:
        raise InputError([source.problem(loc, p.message) for p in err.problems]) from None
    return BriefChoice(name, default, folder)


# --------------------------------------------------------------------------- copying


def copy_template(name: str, dest: Path, search: tuple[Path, ...] = ()) -> Path:
    """Copy the template ``name`` (a name, or a folder path) to the new folder ``dest``.

    The copy is a plain folder of plain files the user owns and can edit (permissions
    are the user's defaults, not the source's, which may be read-only in an installed
    package); its style.yaml ``name:`` becomes the folder's name.  ``dest`` must be new
    or an empty folder (InputError otherwise, with nothing copied).  The copy is made
    beside ``dest`` and renamed into place, so a new folder appears whole or not at all.
    Symbolic links, caches and desktop litter are left behind (``template_copy.py``).
    """
    source = locate_template(name, search)
    try:
        copy_folder(source, dest, STYLE_FILE)
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(
            [Problem(dest, None, None, f"cannot copy the template {name!r} here: {reason}")]
        ) from None
    return dest
