"""render_brief(): the stages in order, for ``briefgen render`` and ``briefgen batch`` alike.

load → ingest → ground → compose → parse → write (DOCX, PDF) → outputs.  Every check runs
before anything is written, so an invalid brief leaves the output folder untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen import __version__
from briefgen.compose import compose
from briefgen.errors import InputError, Problem
from briefgen.essay import Essay
from briefgen.grounding import ground
from briefgen.i18n.labels import Labels, load_labels, localized_style
from briefgen.i18n.locale import hyphenation_language, unsupported
from briefgen.ingest import ingest
from briefgen.load import SourceMap, load_brief
from briefgen.model import Brief, BriefInfo
from briefgen.outputs import (
    BRIEF_FILES,
    ensure_folder,
    now,
    output_slug,
    safe_slug,
    write_all_atomic,
)
from briefgen.parse import parse
from briefgen.placeholders import placeholder_problems
from briefgen.provenance import Provenance, file_sha256, folder_sha256
from briefgen.templates import Template, TemplateNotFound, find_template
from briefgen.tree import Block, Box, Document, Meta, walk

DEFAULT_TEMPLATE: str = BriefInfo.model_fields["template"].default
"""The template a brief gets when it names none; its outputs alone carry no template name."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A brief that passed every check, with the essay it was checked against."""

    path: Path
    brief: Brief
    essay: Essay
    source: SourceMap
    warnings: tuple[Problem, ...] = ()
    """What a draft may still hold: its placeholders, one Problem each."""


@dataclass(frozen=True, slots=True)
class Output:
    path: Path
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What one render read and wrote: batch records it to know when to render again."""

    brief: Path
    essay: Path
    template: Path
    """The template folder used."""
    outputs: tuple[Output, ...]
    warnings: tuple[Problem, ...] = ()
    """Written anyway, but worth a look (e.g. characters the PDF's fonts lack)."""
    pages: int | None = None
    """The PDF's page count, when a PDF was written."""
    label: tuple[str, str, str] | None = None
    """The brief's title, brief.status and language, as the index page shows them (read
    here from the validated brief, so that a batch need not parse the file again)."""
    lint: tuple[str, ...] | None = None
    """The lint findings, one line each, when asked for (None when not)."""


def find_brief(path: Path) -> Path:
    """``path`` itself, or for a folder the brief file in it: the first of ``BRIEF_FILES``
    there, as ``briefgen batch`` finds it.  A folder without one is an InputError."""
    if not path.is_dir():
        return path
    for name in BRIEF_FILES:
        if (path / name).is_file():
            return path / name
    looked = ", ".join(BRIEF_FILES)
    message = f"is a folder with no brief in it (looked for {looked})"
    raise InputError([Problem(path, None, None, message)])


def check_brief(path: Path, allow_outside: bool = False) -> Checked:
    """Load, validate and ground a brief; InputError with every problem found.

    A placeholder left in the brief is a warning in a draft and an error in a brief whose
    status says it is reviewed or final: an unedited draft never passes as finished.
    ``path`` may be the brief's folder (see ``find_brief``).
    """
    path = find_brief(path)
    brief, source = load_brief(path)
    essay_path = resolve_essay(path, brief, source, allow_outside)
    essay = ingest(essay_path, brief.source.language or brief.brief.language)
    problems = ground(brief, essay, source)
    why = unsupported(brief.brief.language)
    if why:
        problems.append(source.problem(("brief", "language"), why))
    finished = brief.brief.status != "draft"
    left = placeholder_problems(brief, source, finished)
    if finished:
        problems += left
    if problems:
        raise InputError(problems)
    return Checked(path, brief, essay, source, tuple(left))


def resolve_essay(path: Path, brief: Brief, source: SourceMap, allow_outside: bool) -> Path:
    """The essay's path, relative to the brief; refused if it leaves the brief's folder."""
    folder = path.parent.resolve()
    essay = (folder / brief.source.essay).resolve()
    if not allow_outside and not essay.is_relative_to(folder):
        raise InputError(
            [
                source.problem(
                    ("source", "essay"),
                    f"{brief.source.essay!r} is outside the brief's folder "
                    "(pass --allow-outside to read it anyway)",
                )
            ]
        )
    # Checked after the folder: a path outside is refused before anything looks at it.
    if not essay.is_file():
        what = "is a folder, not a file" if essay.is_dir() else "does not exist"
        raise InputError(
            [source.problem(("source", "essay"), f"the essay {brief.source.essay!r} {what}")]
        )
    return essay


def build_document(
    checked: Checked, template: Template, when: dt.datetime, labels: Labels | None = None
) -> Document:
    """Compose the brief through its template and parse the Markdown into a Document
    (``labels``: the brief's, when the caller has them already)."""
    brief = checked.brief
    if labels is None:
        labels = load_labels(brief.brief.language, template.folder)
    markdown = compose(brief, checked.essay, template, when.date(), labels)
    meta = Meta(
        title=brief.brief.title,
        # Who wrote the brief; never the essay's author, whose words it only summarises.
        author=brief.brief.prepared_by or "",
        subject=subject(brief, labels),
        keywords=tuple(brief.summary.keywords),
        marking=header_marking(brief, template),
        language=brief.brief.language,
        hyphenation=(
            (hyphenation_language(brief.brief.language) or "") if template.style.hyphenate else ""
        ),
        created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        provenance=provenance(checked, template, when).items(),
    )
    document = parse(markdown, meta)
    unknown = sorted(_box_kinds(document.blocks) - set(template.style.boxes))
    if unknown:
        message = (
            f"box kind(s) {', '.join(unknown)} used but not defined under boxes: in style.yaml"
        )
        raise InputError([Problem(template.markdown, None, None, message)])
    return document


def provenance(checked: Checked, template: Template, when: dt.datetime) -> Provenance:
    """What the document will say it was made from: its inputs' hashes as they are now."""
    essay = checked.essay.path
    return Provenance(
        brief_sha256=file_sha256(checked.path) or "",
        essay_sha256=(file_sha256(essay) if essay else None) or "",
        template_sha256=folder_sha256(template.folder) or "",
        template=template.folder.resolve().name,
        slug=output_slug(checked.path, checked.brief.brief.slug),
        briefgen_version=__version__,
        rendered=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def subject(brief: Brief, labels: Labels) -> str:
    """The documents' subject property: "Brief on <author>, <publisher>: <thesis>", in the
    brief's language."""
    source = brief.source
    who = source.author + (f", {source.publisher}" if source.publisher else "")
    return f"{labels.format('brief_on', author=who)}{labels.colon} {brief.summary.thesis.statement}"


def localized_for(checked: Checked, template: Template) -> tuple[Template, Labels]:
    """The template localized for a checked brief, and the brief's labels: a language no
    catalog has is reported at the brief's own ``brief.language`` line."""
    try:
        labels = load_labels(checked.brief.brief.language, template.folder)
        return localized(template, labels), labels
    except InputError as err:
        located = [
            checked.source.problem(("brief", "language"), p.message)
            if p.file is None and p.field == "brief.language"
            else p
            for p in err.problems
        ]
        raise InputError(located) from None


def localized(template: Template, labels: Labels) -> Template:
    """The template with the words it prints on every page in the labels' language."""
    style = localized_style(template.style, labels)
    return template if style is template.style else replace(template, style=style)


def header_marking(brief: Brief, template: Template) -> str:
    """What the right of every page header says: the brief's marking, after the template's
    draft label ("DRAFT · OFFICIAL") while the brief is a draft.

    Decided here, before the writers, so that the DOCX and the PDF cannot disagree."""
    if brief.brief.status != "draft":
        return brief.brief.marking
    label = template.style.header_footer.draft_label
    return f"{label} · {brief.brief.marking}" if brief.brief.marking else label


def output_name(slug: str, template: Template) -> str:
    """The outputs' file name without the format: ``<slug>`` for the default template,
    ``<slug>.<template>`` for any other (a template given by path: its folder's name).

    The name follows the layout, however it was chosen (``brief.template`` or
    ``--template``), so renders of one brief with two templates never overwrite each
    other's files.  A slug has no dots, so ``<slug>.<template>`` is never another slug."""
    name = template.folder.name
    if name in ("", ".."):  # "--template ." or "..": the folder's own name
        name = template.folder.resolve().name
    if name == DEFAULT_TEMPLATE:
        return slug
    return f"{slug}.{safe_slug(name)}"


def render_brief(
    path: Path,
    out_dir: Path,
    formats: Sequence[str] | None = None,
    template: str | None = None,
    allow_outside: bool = False,
    lint: bool = False,
) -> RenderResult:
    """Check, compose and write one brief (a file, or its folder); returns the files
    written, and with ``lint`` the brief's lint findings (``briefgen lint``)."""
    path = find_brief(path)
    checked = check_brief(path, allow_outside)
    chosen, labels = localized_for(checked, select_template(checked, template))
    wanted = tuple(formats) if formats else chosen.style.formats
    document = build_document(checked, chosen, now(), labels)
    warnings = checked.warnings + _warnings(path, document, chosen, wanted)
    name = output_name(output_slug(path, checked.brief.brief.slug), chosen)
    rendered = [(out_dir / f"{name}.{fmt}", _write(fmt, document, chosen)) for fmt in wanted]
    ensure_folder(out_dir)
    write_all_atomic(rendered)  # the DOCX and the PDF are replaced together, or neither
    outputs = [Output(t, hashlib.sha256(data).hexdigest(), len(data)) for t, data in rendered]
    essay = checked.essay.path or path
    pdf = next((data for target, data in rendered if target.suffix == ".pdf"), None)
    pages = pdf_page_count(pdf) if pdf else None
    warnings += _page_budget(path, chosen, pages)
    info = checked.brief.brief
    label = (info.title, info.status, info.language)
    findings = None
    if lint:
        from briefgen.lint import lint as lint_checked

        report = lint_checked(checked.brief, checked.source, chosen.style.lint)
        findings = tuple(str(f) for f in report.findings)
    return RenderResult(
        path, essay, chosen.folder, tuple(outputs), warnings, pages, label, findings
    )


def _page_budget(path: Path, template: Template, pages: int | None) -> tuple[Problem, ...]:
    """A warning when the PDF takes more pages than the template is meant to fill."""
    limit = template.style.page.max_pages
    if pages is None or limit is None or pages <= limit:
        return ()
    message = (
        f"warning: the {template.name} template is meant for {limit} page{'s' if limit > 1 else ''}"
        f" (page.max_pages); this brief takes {pages}: shorten it, or choose another template"
    )
    return (Problem(path, None, None, message),)


def pdf_page_count(data: bytes) -> int | None:
    """Pages of a PDF that reportlab wrote (one flat page tree, no object streams)."""
    match = _PAGES.search(data)
    return int(match.group(1)) if match else None


_PAGES = re.compile(rb"<<[^<>]*?/Count (\d+)[^<>]*?/Type /Pages[^<>]*?>>")


def _warnings(
    path: Path, document: Document, template: Template, formats: Sequence[str]
) -> tuple[Problem, ...]:
    if "pdf" not in formats:
        return ()
    from briefgen.glyphs import describe, missing_glyphs

    missing = missing_glyphs(document, template.style)
    if not missing:
        return ()
    message = (
        f"warning: the PDF's fonts ({template.style.fonts.body}, {template.style.fonts.heading}) "
        f"have no glyph for {describe(missing)}; these print as empty boxes in the PDF"
    )
    return (Problem(path, None, None, message),)


def select_template(checked: Checked, override: str | None) -> Template:
    """--template (a name, or a path from the current folder), else the brief's own
    ``brief.template`` (a name, or a path from the brief's folder)."""
    search = (checked.path.parent / "templates",)
    if override:
        return find_template(override, search)
    try:
        return find_template(checked.brief.brief.template, search, base=checked.path.parent)
    except TemplateNotFound as err:
        loc = ("brief", "template")
        raise InputError([checked.source.problem(loc, p.message) for p in err.problems]) from None


def _write(fmt: str, document: Document, template: Template) -> bytes:
    # Writers are imported here, not at the top: python-docx and reportlab take most of
    # briefgen's import time, and `briefgen validate` needs neither.
    if fmt == "docx":
        from briefgen.writers.docx import render_docx

        return render_docx(document, template.style)
    if fmt == "pdf":
        from briefgen.writers.pdf import render_pdf

        return render_pdf(document, template.style)
    raise ValueError(f"unknown format {fmt!r}")  # the CLI accepts only FORMATS


def _box_kinds(blocks: Sequence[Block]) -> set[str]:
    return {node.kind for node, _ in walk(blocks) if isinstance(node, Box)}
