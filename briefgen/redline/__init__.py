"""`briefgen diff OLD NEW`: what changed between two versions of a brief, and a redline.

- ``changes``: the two validated briefs compared field by field, items matched by id
  (added, removed, moved, changed), one line each and a one-line summary;
- ``merge``: the two briefs' documents (both through the new brief's template) as one
  Document whose Ins and Del mark every word that changed;
- here: reading the old version (a file, or ``git show REV:path``), and writing
  ``<slug>.redline.docx`` (Word tracked changes, with author and date) and
  ``<slug>.redline.pdf`` (insertions underlined, deletions struck through, a bar beside
  every changed line, the summary under the title).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.errors import InputError, Problem
from briefgen.i18n.labels import Labels, load_labels
from briefgen.load import SourceMap, load_brief
from briefgen.model import Brief
from briefgen.outputs import ensure_folder, now, output_slug, write_all_atomic
from briefgen.redline.changes import Change, compare, summary
from briefgen.redline.merge import redline
from briefgen.templates import Template
from briefgen.tree import Document, Emph, Heading, Para, Revision, Text

__all__ = ["Diff", "diff_briefs", "read_old"]


@dataclass(frozen=True, slots=True)
class Diff:
    changes: list[Change]
    lines: list[str]
    """One per change, as ``validate`` prints a problem."""
    summary: str
    written: list[Path]


def read_old(brief: Path, since: str, folder: Path) -> Path:
    """The brief as it was at git revision ``since``, copied into ``folder`` under its
    own name (its lines then match the old file's); InputError when git cannot say."""
    brief = brief.resolve()
    try:
        done = subprocess.run(
            ["git", "-C", str(brief.parent), "show", f"{since}:./{brief.name}"],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise InputError([Problem(brief, None, None, f"cannot run git: {err}")]) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1] if said else f"git exited {done.returncode}"
        raise InputError([Problem(brief, None, None, f"no version at {since!r}: {reason}")])
    old = folder / brief.name
    old.write_bytes(done.stdout)
    return old


def diff_briefs(
    old_path: Path,
    new_path: Path,
    out_dir: Path | None,
    author: str | None = None,
    old_label: str | None = None,
    allow_outside: bool = False,
) -> Diff:
    """Compare two versions of a brief and (unless ``out_dir`` is None) write the
    redline DOCX and PDF.  ``old_label`` names the old version in messages (``REV:path``)."""
    from briefgen.ingest import ingest
    from briefgen.pipeline import (
        Checked,
        build_document,
        check_brief,
        find_brief,
        localized_for,
        select_template,
    )

    new_path = find_brief(new_path)
    old_path = find_brief(old_path)
    checked = check_brief(new_path, allow_outside)
    old_brief, old_source = _load_old(old_path, old_label)
    changes = compare(old_brief, checked.brief)
    old_map = SourceMap(
        Path(old_label) if old_label else old_path, old_source.lines, old_source.keys
    )
    lines = [change.line(old_map, checked.source) for change in changes]
    said = summary(changes)
    written: list[Path] = []
    if out_dir is not None:
        template, labels = localized_for(checked, select_template(checked, None))
        when = now()
        essay = checked.essay
        old_essay = (old_path.parent / old_brief.source.essay).resolve()
        if old_label is None and old_essay.is_file() and old_essay != checked.essay.path:
            essay = ingest(old_essay)
        old_checked = Checked(old_path, old_brief, essay, old_source)
        new_doc = build_document(checked, template, when, labels)
        old_doc = build_document(old_checked, template, when)
        who = author or checked.brief.brief.prepared_by or "briefgen"
        merged = redline(old_doc, new_doc, Revision(who, when.strftime("%Y-%m-%dT%H:%M:%SZ")))
        slug = output_slug(new_path, checked.brief.brief.slug)
        written = _write(merged, template, out_dir, slug, said)
    return Diff(changes, lines, said, written)


def _load_old(path: Path, label: str | None) -> tuple[Brief, SourceMap]:
    try:
        return load_brief(path)
    except InputError as err:
        if label is None:
            raise
        shown = Path(label)
        raise InputError([replace(p, file=shown) for p in err.problems]) from None


def _write(doc: Document, template: Template, out_dir: Path, slug: str, said: str) -> list[Path]:
    from briefgen.writers.docx import render_docx
    from briefgen.writers.pdf import render_pdf

    style = template.style
    labels = load_labels(doc.meta.language or "en", template.folder)
    docx_path, pdf_path = out_dir / f"{slug}.redline.docx", out_dir / f"{slug}.redline.pdf"
    files = [
        (docx_path, render_docx(doc, style)),
        (pdf_path, render_pdf(with_summary(doc, said, labels), style)),
    ]
    ensure_folder(out_dir)
    write_all_atomic(files)
    return [docx_path, pdf_path]


def with_summary(doc: Document, said: str, labels: Labels | None = None) -> Document:
    """The redline with its summary line under the title (the first level-1 heading, and
    the old title struck through after it when the title was replaced), or first of all
    when it has none: a reader of the print sees what moved at once."""
    text = (
        labels.format("changes_since", summary=said)
        if labels
        else f"Changes since the last version: {said}."
    )
    line = Para((Emph((Text(text),)),))
    blocks = list(doc.blocks)

    def title(block: object) -> bool:
        return isinstance(block, Heading) and block.level == 1

    at = next((k for k, b in enumerate(blocks) if title(b)), None)
    if at is None:
        at = 0
    else:
        while at < len(blocks) and title(blocks[at]):
            at += 1
    blocks.insert(at, line)
    return replace(doc, blocks=tuple(blocks))


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """Where an old version read from git is put while it is compared."""
    return tempfile.TemporaryDirectory(prefix="briefgen-diff-")
