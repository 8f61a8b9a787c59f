"""`briefgen verify OUTPUT [--brief BRIEF]`: is this document what its inputs make now?

The document says what made it (``briefgen.provenance``): the hashes of its brief, essay
and template folder, and briefgen's version.  ``verify`` reads them back, finds the brief
(``--brief``, else the brief in ``inputs/`` whose slug the document records), recomputes
each hash from the files as they are now, and reports one line per input.
"""

from __future__ import annotations

import contextlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from briefgen import __version__
from briefgen.errors import InputError, Problem
from briefgen.outputs import BRIEF_FILES, output_slug
from briefgen.provenance import (
    PROPERTIES,
    PROVENANCE_NAMESPACE,
    Provenance,
    docx_property,
    file_sha256,
    folder_sha256,
    xmp_property,
)

MAX_PROPERTIES_BYTES = 1 << 20
MAX_VALUE_CHARS = 300
"""The longest value a provenance property can have (a template or slug name: 80)."""
"""The most of docProps/custom.xml read: a brief's provenance is well under a kilobyte."""

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"


@dataclass(frozen=True, slots=True)
class Line:
    """One input compared: what the document recorded against what the file is now."""

    what: str
    """``brief``, ``essay``, ``template`` or ``briefgen``."""
    where: str
    """The file, folder or version compared."""
    then: str
    now: str | None
    """None when the input cannot be found now."""

    @property
    def same(self) -> bool:
        return self.then == self.now

    def __str__(self) -> str:
        if self.what == "briefgen":
            if self.same:
                return f"briefgen {self.then}: the version that rendered it"
            return f"briefgen: rendered by {self.then}, this is {self.now}"
        if self.now is None:
            return f"{self.what} {self.where}: missing (it was {self.then[:12]}…)"
        if self.same:
            return f"{self.what} {self.where}: unchanged"
        return (
            f"{self.what} {self.where}: changed since the render "
            f"(sha256 {self.then[:12]}… then, {self.now[:12]}… now)"
        )


def read_provenance(path: Path) -> Provenance:
    """The provenance a DOCX or PDF carries; InputError (one line) when it has none."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as err:
        raise _error(path, f"cannot read it ({err.strerror})") from None
    if head.startswith(b"PK\x03\x04"):
        items = _docx_items(path)
    elif b"%PDF-" in head:
        items = _pdf_items(path)
    else:
        raise _error(path, "is neither a PDF nor a DOCX (it starts with neither %PDF- nor PK)")
    items = _checked(items, path)
    try:
        return Provenance.from_items(items)
    except KeyError as err:
        message = (
            "carries no briefgen provenance"
            if not items
            else f"its provenance lacks {err.args[0]!r}"
        )
        raise _error(path, message + " (rendered by another tool, or an older briefgen?)") from None


def _docx_items(path: Path) -> dict[str, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo("docProps/custom.xml")
            except KeyError:
                return {}
            if info.file_size > MAX_PROPERTIES_BYTES:
                raise ValueError("docProps/custom.xml is too large")
            data = archive.read(info)
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except Exception as err:  # noqa: BLE001 - zipfile and lxml raise many kinds
        raise _error(path, f"cannot read it as a DOCX ({type(err).__name__}: {err})") from None
    wanted = {docx_property(name): name for name in PROPERTIES}
    items = {}
    for prop in root.iter(_CUSTOM):
        name = wanted.get(prop.get("name", ""))
        if name is not None:
            items[name] = "".join(prop.itertext()).strip()
    return items


def _pdf_items(path: Path) -> dict[str, str]:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").addHandler(logging.NullHandler())
    try:
        xmp = PdfReader(path).xmp_metadata
    except Exception as err:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise _error(path, f"cannot read it as a PDF ({type(err).__name__}: {err})") from None
    if xmp is None:
        return {}
    items = {}
    for name in PROPERTIES:
        found = xmp.rdf_root.getElementsByTagNameNS(PROVENANCE_NAMESPACE, xmp_property(name))
        if found:
            items[name] = "".join(
                child.data for child in found[0].childNodes if child.nodeType == child.TEXT_NODE
            ).strip()
    return items


def find_brief_by_slug(slug: str, inputs: Path) -> Path:
    """The brief under ``inputs`` whose outputs are named ``slug``; InputError if none or
    several are."""
    if not inputs.is_dir():
        message = "no inputs/ folder here to look for its brief in: pass --brief"
        raise InputError([Problem(inputs, None, None, message)])
    found = []
    for name in BRIEF_FILES:
        for brief in sorted(inputs.rglob(name)):
            if _slug_of(brief) == slug:
                found.append(brief)
    if not found:
        message = f"no brief here has the slug {slug!r} that the document records: pass --brief"
        raise InputError([Problem(inputs, None, None, message)])
    if len(found) > 1:
        names = ", ".join(str(p) for p in found)
        raise InputError(
            [Problem(inputs, None, None, f"several briefs have the slug {slug!r}: {names}")]
        )
    return found[0]


def _slug_of(brief: Path) -> str | None:
    """The slug a brief's outputs get, read without validating the rest of it."""
    from briefgen.load.yaml_reader import read_yaml

    try:
        data, _ = read_yaml(brief)
    except InputError:
        return None
    info = data.get("brief") if isinstance(data, dict) else None
    slug = info.get("slug") if isinstance(info, dict) else None
    return output_slug(brief, slug if isinstance(slug, str) else None)


def compare(recorded: Provenance, brief: Path, template: str | None = None) -> list[Line]:
    """One Line per input: the brief, its essay, its template folder, briefgen's version.

    The brief is read only for where its essay and template are: a brief edited so that
    it no longer validates has changed, and says so.  InputError when it cannot be read
    as YAML or JSON at all, or the template cannot be found."""
    from briefgen.load import read_data
    from briefgen.templates import TemplateNotFound, locate_template

    lines = [Line("brief", str(brief), recorded.brief_sha256, file_sha256(brief))]
    data, _ = read_data(brief)
    source = data.get("source") if isinstance(data, dict) else None
    essay_name = source.get("essay") if isinstance(source, dict) else None
    if isinstance(essay_name, str):
        essay = brief.parent / essay_name
        lines.append(Line("essay", str(essay), recorded.essay_sha256, file_sha256(essay)))
    else:
        lines.append(Line("essay", "(the brief names none now)", recorded.essay_sha256, None))
    search = (brief.parent / "templates",)
    folder: Path | None = None
    try:
        if template is not None:  # as `render --template` finds it: from here
            folder = locate_template(template, search)
        else:  # the brief's own (a name or a path), if it is the folder recorded
            own = data.get("brief", {}).get("template") if isinstance(data, dict) else None
            if isinstance(own, str):
                with contextlib.suppress(TemplateNotFound):
                    folder = locate_template(own, search, base=brief.parent)
            if folder is None or folder.resolve().name != recorded.template:
                folder = locate_template(recorded.template, search, base=brief.parent)
    except TemplateNotFound:
        message = (
            f"it was rendered with the template {recorded.template!r}, which is not found "
            "from here: pass --template with its folder"
        )
        raise InputError([Problem(brief, None, None, message)]) from None
    now = folder_sha256(folder) if folder is not None else None
    lines.append(Line("template", str(folder), recorded.template_sha256, now))
    lines.append(Line("briefgen", __version__, recorded.briefgen_version, __version__))
    return lines


def _checked(items: dict[str, str], path: Path) -> dict[str, str]:
    """The properties as read, refused when one could not have been written by briefgen
    (a line break or a control character would let a document print lines of its own)."""
    for name, value in items.items():
        if len(value) > MAX_VALUE_CHARS or any(unicodedata.category(c)[0] == "C" for c in value):
            raise _error(path, f"its provenance property {name!r} is malformed")
    return items


def _error(path: Path, message: str) -> InputError:
    return InputError([Problem(path, None, None, message)])
