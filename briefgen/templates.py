"""Find, list and copy templates: a template is a folder with brief.md.j2 and style.yaml.

Built-in templates live in the repository's top-level ``templates/``; an installed wheel
carries them inside the package as ``briefgen/templates`` (hatchling force-include).

A template named (not given as a path) is looked for in the caller's folders (``search``:
``--templates DIR``, a brief's own ``templates/``), then in the folders of the
``BRIEFGEN_TEMPLATES`` environment variable (separated by ``os.pathsep``, as ``PATH``),
then among the built-ins.  The first folder holding a template of that name wins, so a
user's ``brief`` shadows the built-in one; ``find_template`` and ``list_templates`` walk
the same folders in the same order (``template_dirs``), so the listing tells the truth.

Loading a template checks its style.yaml, its fonts and its logo, once: a logo file must
stay inside the template folder, be a PNG or JPEG of modest size, and its header must
promise a bitmap of modest size (read without decoding the pixels, so a small file that
would decompress to gigabytes is refused before anything decodes it).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import jinja2

from briefgen.errors import InputError, OutputError, Problem
from briefgen.load import SourceMap, read_text, read_yaml, validate_model
from briefgen.style import (
    LOGO_CLEARANCE_MM,
    LOGO_MAX_WIDTH_SHARE,
    LOGO_MIN_TOP_MM,
    Logo,
    LogoImage,
    Style,
    font_files,
    logo_top_mm,
)

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
        known = ", ".join(sorted(p.name for p in _template_folders(builtin_dir())))
        message = f"no template {name_or_path!r} (built-in: {known})"
        here = base / name_or_path if base else Path(name_or_path)
        if path is None and is_template(here):
            # A bare name is looked up, never taken as a folder: say how to mean the folder.
            message += f"; for the folder {str(here)!r}, write {name_or_path + '/'!r}"
    raise TemplateNotFound([Problem(None, None, "template", message)])


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
        logo, logo_problems = _check_logo(style.logo, style, folder, source)
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


# --------------------------------------------------------------------------- copying

_LEFT_BEHIND = frozenset({"__pycache__", ".DS_Store", "Thumbs.db"})
"""Caches and desktop litter that are no part of a template."""


def copy_template(name: str, dest: Path, search: tuple[Path, ...] = ()) -> Path:
    """Copy the template ``name`` (a name, or a folder path) to the new folder ``dest``.

    The copy is a plain folder of plain files the user owns and can edit (permissions
    are the user's defaults, not the source's, which may be read-only in an installed
    package); its style.yaml ``name:`` becomes the folder's name.  ``dest`` must be new
    or an empty folder (InputError otherwise, with nothing copied).  The copy is made
    beside ``dest`` and renamed into place, so a new folder appears whole or not at all.
    Symbolic links, caches and desktop litter are left behind.
    """
    source = locate_template(name, search)
    try:
        _check_destination(dest, source)
        target = dest.resolve()
        files = _files(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.parent / f".{target.name}.copying-{os.getpid()}-{secrets.token_hex(4)}"
        partial.mkdir()
        try:
            for relative in files:
                copy = partial / relative
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source / relative, copy)  # the contents, not the modes
            _rename_style(partial / STYLE_FILE, target.name)
            if target.is_dir():  # empty, as checked: keep it (its owner, its modes)
                for entry in sorted(partial.iterdir()):
                    entry.rename(target / entry.name)
                partial.rmdir()
            else:
                partial.rename(target)  # a new folder appears whole, or not at all
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(
            [Problem(dest, None, None, f"cannot copy the template {name!r} here: {reason}")]
        ) from None
    return dest


def _check_destination(dest: Path, source: Path) -> None:
    """InputError unless ``dest`` is a new folder, or an empty one, outside ``source``."""
    problem = None
    if dest.is_symlink():
        problem = "is a symbolic link; name a new folder (nothing was copied)"
    elif dest.is_dir():
        if any(dest.iterdir()):
            problem = "already exists and is not empty; name a new folder (nothing was copied)"
    elif dest.exists():
        problem = "already exists and is not a folder (nothing was copied)"
    if problem is None and dest.resolve().is_relative_to(source.resolve()):
        problem = f"is inside the template being copied ({source})"
    if problem is not None:
        raise InputError([Problem(dest, None, None, problem)])


def _files(folder: Path) -> list[Path]:
    """The regular files under ``folder`` worth copying, relative to it, in a stable order."""
    found = []
    for root, dirs, names in os.walk(folder):  # does not descend into linked folders
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if d not in _LEFT_BEHIND and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if name in _LEFT_BEHIND or path.suffix == ".pyc" or path.is_symlink():
                continue
            if path.is_file():  # not a pipe or a device
                found.append(path.relative_to(folder))
    return found


_NAME_LINE = re.compile(r"^name:[^\r\n]*", re.MULTILINE)


def _rename_style(style: Path, name: str) -> None:
    """Set the copy's top-level ``name:`` to its folder's name, keeping all else as it is."""
    try:
        text = style.read_bytes().decode("utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return  # no style.yaml, or one load_template will report: leave it alone
    value = name if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) else json.dumps(name)
    renamed = _NAME_LINE.sub(lambda _: f"name: {value}", text, count=1)
    if renamed != text:
        style.write_bytes(renamed.encode("utf-8"))


# --------------------------------------------------------------------------- the logo

MAX_LOGO_BYTES = 2 * 1024 * 1024
"""A header logo is a few kilobytes; 2 MB is generous, and bounds what is read."""
MAX_LOGO_PIXELS = 25_000_000
"""25 megapixels (100 MB decoded): far more than a 9 mm logo needs at any resolution."""

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


class _Refused(Exception):
    """Why a logo file cannot be used, as the message for ``logo.file``."""


def _check_logo(
    logo: Logo, style: Style, folder: Path, source: SourceMap
) -> tuple[Logo, list[Problem]]:
    """The logo with its checked image attached, or the problems that stop it."""
    problems = []
    margin = style.page.margins_mm.top
    if logo_top_mm(margin, logo.height_mm) < LOGO_MIN_TOP_MM:
        fits = margin - LOGO_CLEARANCE_MM - LOGO_MIN_TOP_MM
        problems.append(
            source.problem(
                ("logo", "height_mm"),
                f"a {logo.height_mm:g} mm logo does not fit in the {margin:g} mm top margin "
                f"(page.margins_mm.top): "
                + (f"at most {fits:.1f} mm does" if fits > 0 else "widen the margin"),
            )
        )
    try:
        image = _read_logo(folder, logo.file)
    except _Refused as err:
        problems.append(source.problem(("logo", "file"), str(err)))
        return logo, problems
    logo = logo.with_image(image)
    room = style.page.text_width_mm * LOGO_MAX_WIDTH_SHARE
    if logo.width_mm > room:
        problems.append(
            source.problem(
                ("logo", "file"),
                f"{logo.file!r} ({image.width_px:,} × {image.height_px:,} pixels) is too wide "
                f"for the header: at {logo.height_mm:g} mm high it is {logo.width_mm:.0f} mm "
                f"wide, and the header has room for {room:.0f} mm; crop the image or lower "
                "logo.height_mm",
            )
        )
    return logo, problems


def _read_logo(folder: Path, name: str) -> LogoImage:
    """Read and check the logo file ``name`` of the template in ``folder``.

    Raises _Refused saying why it cannot be used.  The size comes from the image header,
    before any pixel is decoded.
    """
    path = _inside(folder, name)
    try:
        if not path.exists():
            raise _Refused(f"{name!r} does not exist in the template folder {folder}")
        if path.is_dir():
            raise _Refused(f"{name!r} is a folder, not an image file")
        if not path.is_file():  # a pipe or a device: reading it could block forever
            raise _Refused(f"{name!r} is not a regular file")
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise _Refused(
                f"{name!r} is {size:,} bytes; the limit for a logo is 2 MB "
                f"({MAX_LOGO_BYTES:,} bytes)"
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)  # the file may have grown since stat()
    except PermissionError:
        raise _Refused(f"{name!r} cannot be read: permission denied") from None
    except OSError as err:
        raise _Refused(f"{name!r} cannot be read: {err.strerror or err}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise _Refused(f"{name!r} is larger than the 2 MB limit for a logo")
    kind = _format(name, data)
    width, height = _inspect(name, data, kind)
    digest = hashlib.sha256(data).hexdigest()
    return LogoImage(path, data, kind, width, height, digest)


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused if it leads out of ``folder`` (``..``, absolute, symlinks).

    The lexical checks come first, so nothing outside the folder is even looked at.
    """
    relative = Path(name)
    if relative.is_absolute() or relative.drive:
        raise _Refused(f"{name!r} is an absolute path; give a path inside the template folder")
    if Path(os.path.normpath(relative)).parts[:1] == (os.pardir,):
        raise _Refused(f"{name!r} is outside the template folder")
    root = folder.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise _Refused(f"{name!r} leads outside the template folder (a symbolic link)")
    return target


_OTHER_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x00\x00\x01\x00", "an icon (ICO)"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"\xff\x0a", "a JPEG XL image"),
)


def _format(name: str, data: bytes) -> Literal["PNG", "JPEG"]:
    """PNG or JPEG, judged by the content (not the name); _Refused for anything else."""
    if data.startswith(_PNG):
        return "PNG"
    if data.startswith(_JPEG):
        return "JPEG"
    other = _other_format(data)
    if other is None:
        raise _Refused(f"{name!r} is not a PNG or JPEG image")
    raise _Refused(f"{name!r} is {other}; the logo must be a PNG or JPEG image")


def _other_format(data: bytes) -> str | None:
    """What else an image file is, to say so; None when it is not an image we know."""
    for magic, kind in _OTHER_KINDS:
        if data.startswith(magic):
            return kind
    if data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"avif"):
        return "an HEIF/AVIF image"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "an SVG drawing (export it as a PNG)"
    return None


def _inspect(name: str, data: bytes, kind: Literal["PNG", "JPEG"]) -> tuple[int, int]:
    """Width and height from the image header, then a check that the rest is whole.

    The pixel limit is checked before anything is decoded.  Pillow's format plugins are
    used directly, not ``Image.open``: that one also runs Pillow's decompression-bomb
    check, whose warning or error would escape as a traceback instead of our own limit;
    ours is lower and says what it is.
    """
    # Imported here: Pillow costs every command ~35 ms to import, and most templates
    # have no logo.
    from PIL import JpegImagePlugin, PngImagePlugin

    plugin = PngImagePlugin.PngImageFile if kind == "PNG" else JpegImagePlugin.JpegImageFile
    try:
        with plugin(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                raise _Refused(
                    f"{name!r} is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} "
                    f"megapixels); the limit for a logo is {MAX_LOGO_PIXELS // 1_000_000} "
                    "megapixels"
                )
            if kind == "PNG":
                image.verify()  # walks the chunks and their CRCs; decodes nothing
            else:
                # Decoding at an eighth of the size is cheap and reads the whole stream,
                # so a truncated JPEG is refused here rather than failing in the PDF writer.
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as err:
        detail = " ".join(str(err).split()) or type(err).__name__
        raise _Refused(f"{name!r} is a damaged {kind} image ({detail})") from None
    return width, height
