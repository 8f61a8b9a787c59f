"""out/index.html: every brief a batch knows, for people who open the output folder.

One static page, no JavaScript: a summary line (rendered / up to date / failed, and when),
then a row per brief with its title, status, page count, a first-page thumbnail, relative
links to its DOCX and PDF, and the problems of a brief that failed.  Every text goes
through ``html.escape``; the page is written atomically.

Thumbnails are PNGs in ``out/thumbs/`` named ``<slug>-<first 12 hex of the PDF's
SHA-256>.png``: an unchanged PDF keeps its thumbnail (a no-change rerun rasterises
nothing), a changed one gets a new name, so a browser never shows a cached old page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from briefgen.errors import BriefgenError
from briefgen.outputs import ensure_folder, write_atomic

INDEX_NAME = "index.html"
THUMBS_DIR = "thumbs"
THUMB_SCALE = 0.5
"""A4 at 36 dpi: 298 × 421 pixels, shown 150 pixels wide (sharp on a 2× screen)."""
_THUMB_NAME = re.compile(r"(.+)-([0-9a-f]{12})\.png")


class Outcome(Protocol):
    """What the index needs of a batch's ``BriefOutcome`` (batch imports this module)."""

    @property
    def brief(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def errors(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class IndexRow:
    key: str
    """The brief's path under the inputs folder."""
    title: str
    status: str
    """"rendered" (by this run, or recorded so by another run of the folder), "up to date",
    "failed", "input removed"."""
    brief_status: str | None
    """The brief's own brief.status: draft, reviewed, final (None if unreadable)."""
    language: str | None
    """The brief's language (BCP 47): its title is marked as written in it."""
    pages: int | None
    lint: int | None
    """How many lint findings the brief's last render had (None: not linted)."""
    docx: str | None
    """Link to the DOCX, relative to the output folder; None if there is none on disk."""
    pdf: str | None
    thumb: str | None
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndexResult:
    path: Path
    rows: tuple[IndexRow, ...]
    thumbs_made: int
    filled: dict[str, dict[str, Any]]
    """Per brief, the title, status or page count its manifest entry lacked (a manifest
    from before the page had them): the caller may record them.  The page never changes
    the entries it is given."""


def read_label(brief: Path) -> tuple[str | None, str | None, str | None]:
    """The brief's title, brief.status and language, read without validating it; Nones
    when the file does not parse.  brief.status defaults to "draft" and the language to
    "en", as in the schema; a language that is no BCP 47 tag is None."""
    from briefgen.load import read_data
    from briefgen.model import LANGUAGE_TAG

    try:
        data, _ = read_data(brief)
    except BriefgenError:
        return None, None, None
    section = data.get("brief") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        return None, None, None
    title, status = section.get("title"), section.get("status", "draft")
    language = section.get("language", "en")
    return (
        title if isinstance(title, str) else None,
        status if isinstance(status, str) else None,
        language if isinstance(language, str) and re.match(LANGUAGE_TAG, language) else None,
    )


def write_index(
    out_dir: Path,
    inputs: Path | None,
    entries: dict[str, dict[str, Any]],
    outcomes: Sequence[Outcome],
    started: str | None,
) -> IndexResult:
    """Write ``out_dir/index.html`` for the manifest ``entries`` (every brief of the
    folder) and this run's ``outcomes`` (none when `briefgen index` merges manifests).

    Entries lacking a title, brief status or page count (a manifest from before this
    page existed) are shown with them found, and ``filled`` says what was found.
    ``inputs`` is the folder the keys are relative to, when known.  The caller holds the
    folder's lock: the page and the thumbnails are the whole folder's.
    """
    thumbs = out_dir / THUMBS_DIR
    by_key = {o.brief: o for o in outcomes}
    filled: dict[str, dict[str, Any]] = {}
    made = 0
    rows = []
    for key in sorted(set(entries) | set(by_key)):
        # A copy: an entry that lacks a field is shown with it, and told to the caller.
        entry = dict(entries.get(key, {}))  # {} when a brief failed before it was recorded
        outcome = by_key.get(key)
        found: dict[str, Any] = {}
        unlabelled = "title" not in entry or "language" not in entry
        if unlabelled and inputs is not None and (inputs / key).is_file():
            title, brief_status, language = read_label(inputs / key)
            found.update(title=title, brief_status=brief_status, language=language)
        pdf, docx = _output(out_dir, entry, ".pdf"), _output(out_dir, entry, ".docx")
        thumb = None
        if pdf is not None:
            thumb, pages, new = _thumbnail(out_dir / pdf, thumbs, entry)
            made += new
            if pages is not None and entry.get("pages") != pages:
                found["pages"] = pages
        entry.update(found)
        if found and key in entries:
            filled[key] = found
        rows.append(
            IndexRow(
                key=key,
                title=entry.get("title") or key,
                status=_status(outcome, entry, inputs / key if inputs else None),
                brief_status=entry.get("brief_status"),
                language=entry.get("language"),
                pages=entry.get("pages"),
                lint=len(entry["lint"]) if isinstance(entry.get("lint"), list) else None,
                docx=docx,
                pdf=pdf,
                thumb=thumb,
                problems=tuple(
                    outcome.errors if outcome and outcome.errors else entry.get("errors", [])
                )
                if _failed(outcome, entry)
                else (),
            )
        )
    rows.sort(key=lambda r: (r.status != "failed", r.key))  # what needs a person, first
    _tidy_thumbs(thumbs, {r.thumb for r in rows if r.thumb})
    path = out_dir / INDEX_NAME
    if started is not None:
        page = render_index(rows, started)
    else:  # `briefgen index`: no run; say when the newest brief was rendered
        stamps = [str(e["rendered"]) for e in entries.values() if e.get("rendered")]
        page = render_index(rows, max(stamps, default=""), "last brief rendered")
    write_atomic(path, page.encode("utf-8"))
    for old in out_dir.glob("index.shard-*-of-*.html"):  # pages of shards, before one index
        old.unlink(missing_ok=True)
    return IndexResult(path, tuple(rows), made, filled)


def make_thumbnails(out_dir: Path, entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Make the thumbnails ``entries`` lack, before the page is written: a shard makes its
    own briefs' in parallel with the other shards.  Returns the page counts it found, per
    brief, for the caller to record; ``entries`` are not changed."""
    found: dict[str, dict[str, Any]] = {}
    for key, entry in entries.items():
        pdf = _output(out_dir, entry, ".pdf")
        if pdf is not None:
            _, pages, _ = _thumbnail(out_dir / pdf, out_dir / THUMBS_DIR, entry)
            if pages is not None and entry.get("pages") != pages:
                found[key] = {"pages": pages}
    return found


def _failed(outcome: Outcome | None, entry: Mapping[str, Any]) -> bool:
    return outcome.status == "failed" if outcome else entry.get("status") == "failed"


def _status(outcome: Outcome | None, entry: Mapping[str, Any], brief: Path | None) -> str:
    if outcome is not None:
        return {"skipped": "up to date"}.get(outcome.status, outcome.status)
    if brief is not None and not brief.exists():
        return "input removed"
    return "failed" if entry.get("status") == "failed" else "rendered"


def _output(out_dir: Path, entry: Mapping[str, Any], suffix: str) -> str | None:
    """The recorded output with ``suffix``, if it is on disk (every link must resolve)."""
    for name in sorted(entry.get("outputs", {})):
        if name.endswith(suffix) and (out_dir / name).is_file():
            return str(name)
    return None


def thumbnail_name(pdf: Path, sha256: str) -> str:
    """The thumbnail's file name in ``thumbs/``: the PDF's stem and its content's digest."""
    return f"{pdf.stem}-{sha256[:12]}.png"


def make_thumbnail(pdf: Path, sha256: str) -> int | None:
    """Rasterise ``pdf``'s first page into its folder's ``thumbs/`` unless it is there;
    the page count when it was counted (a worker does this as it renders, so that the
    index does not make every picture on one core after the run)."""
    thumbs = pdf.parent / THUMBS_DIR
    name = thumbnail_name(pdf, sha256)
    if (thumbs / name).is_file():
        return None
    from briefgen.preview import first_page_png  # pdfium: only when there is work for it

    try:
        png, pages = first_page_png(pdf, THUMB_SCALE)
    except BriefgenError:
        return None  # a damaged PDF: the row says so by having no picture
    ensure_folder(thumbs)
    write_atomic(thumbs / name, png)
    return pages


def _thumbnail(
    pdf: Path, thumbs: Path, entry: Mapping[str, Any]
) -> tuple[str | None, int | None, bool]:
    """(thumbnail link, page count if counted, whether a PNG was made) for ``pdf``."""
    record = entry.get("outputs", {}).get(pdf.name, {})
    sha = record.get("sha256")
    if not isinstance(sha, str) or len(sha) < 12:
        return None, None, False
    name = thumbnail_name(pdf, sha)
    link = f"{THUMBS_DIR}/{name}"
    if (thumbs / name).is_file():  # unchanged, or made by a worker
        return link, None if entry.get("pages") is not None else _page_count(pdf), False
    pages = make_thumbnail(pdf, sha)
    return (link, pages, True) if pages is not None else (None, None, False)


def _page_count(pdf: Path) -> int | None:
    from briefgen.preview import page_count

    try:
        return page_count(pdf)
    except BriefgenError:
        return None


def _tidy_thumbs(thumbs: Path, keep: set[str]) -> None:
    """Remove thumbnails of PDFs that changed or are gone."""
    if not thumbs.is_dir():
        return
    for path in thumbs.glob("*.png"):
        if _THUMB_NAME.fullmatch(path.name) and f"{THUMBS_DIR}/{path.name}" not in keep:
            path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- HTML


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _href(name: str) -> str:
    return _e(quote(name))


_BADGE = {
    "rendered": "ok",
    "up to date": "same",
    "failed": "bad",
    "not checked": "same",
    "input removed": "same",
}


def render_index(rows: Sequence[IndexRow], started: str, moment: str = "run started") -> str:
    """The page's HTML for ``rows``; ``started`` is the run's start (ISO 8601, UTC), or
    the moment ``moment`` names."""
    counts = {s: sum(r.status == s for r in rows) for s in ("rendered", "up to date", "failed")}
    when = _when(started)
    summary = (
        f"{counts['rendered']} rendered · {counts['up to date']} up to date · "
        f"{counts['failed']} failed"
    )
    others = len(rows) - sum(counts.values())
    if others:
        summary += f" · {others} other"
    body = "\n".join(_row(r) for r in rows) or (
        '<tr><td colspan="4" class="empty">No briefs yet.</td></tr>'
    )
    return _PAGE.format(
        summary=_e(summary),
        summary_class="bad" if counts["failed"] else "ok",
        moment=_e(moment),
        started=_e(started),
        when=_e(when),
        total=len(rows),
        rows=body,
    )


def _when(started: str) -> str:
    try:
        moment = dt.datetime.strptime(started, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return started
    return moment.strftime("%d %B %Y, %H:%M UTC").lstrip("0")


def _row(row: IndexRow) -> str:
    # The page is in English; each brief's title, in the brief's language (WCAG 3.1.2).
    lang = f' lang="{_e(row.language)}"' if row.language else ""
    if row.thumb:
        alt = f"First page of {_e(row.title)}"
        picture = f'<img src="{_href(row.thumb)}" alt="{alt}" width="150">'
        if row.pdf:
            picture = f'<a href="{_href(row.pdf)}">{picture}</a>'
    else:
        picture = '<div class="nothumb">no preview</div>'
    badges = f'<span class="badge {_BADGE.get(row.status, "same")}">{_e(row.status)}</span>'
    if row.brief_status:
        badges += f' <span class="badge stage {_e(row.brief_status)}">{_e(row.brief_status)}</span>'
    pages = ""
    if row.pages is not None:
        pages = f'<div class="pages">{row.pages} page{"s" if row.pages != 1 else ""}</div>'
    if row.lint is not None:
        found = (
            f"{row.lint} lint finding{'s' if row.lint != 1 else ''}" if row.lint else "lint: clean"
        )
        pages += f'<div class="pages lint">{found}</div>'
    links = [
        f'<a href="{_href(name)}">{label}</a>'
        for name, label in ((row.docx, "DOCX"), (row.pdf, "PDF"))
        if name
    ]
    files = " · ".join(links) if links else '<span class="muted">no files</span>'
    if row.problems and links:
        files += '<div class="muted">last good version</div>'
    problems = ""
    if row.problems:
        items = "".join(f"<li>{_e(p)}</li>" for p in row.problems)
        problems = f'<ul class="problems">{items}</ul>'
    return (
        f'<tr class="{_BADGE.get(row.status, "same")}">'
        f'<td class="thumb">{picture}</td>'
        f'<td class="brief"><div class="title"{lang}>{_e(row.title)}</div>'
        f'<div class="key">{_e(row.key)}</div>{problems}</td>'
        f'<td class="status">{badges}{pages}</td>'
        f'<td class="files">{files}</td></tr>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="briefgen batch">
<title>Briefs</title>
<style>
  :root {{ color-scheme: light; --ink: #1d2733; --muted: #5f6b7a; --line: #d8dee6;
          --accent: #1f3a5f; --ok: #1d6b3a; --bad: #a4161a; }}
  body {{ font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: var(--ink); margin: 0; background: #f4f6f9; }}
  header {{ background: var(--accent); color: #fff; padding: 18px 32px; }}
  header h1 {{ margin: 0; font-size: 22px; font-weight: 600; }}
  header p {{ margin: 4px 0 0; opacity: .9; }}
  main {{ padding: 20px 32px 40px; }}
  .summary {{ font-weight: 600; padding: 10px 14px; border-radius: 6px; background: #fff;
             border-left: 5px solid var(--ok); margin: 0 0 18px; }}
  .summary.bad {{ border-left-color: var(--bad); }}
  table {{ border-collapse: collapse; width: 100%; background: #fff;
          box-shadow: 0 1px 2px rgba(0,0,0,.08); border-radius: 6px; overflow: hidden; }}
  th, td {{ text-align: left; vertical-align: top; padding: 12px 14px;
           border-bottom: 1px solid var(--line); }}
  th {{ font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
       color: var(--muted); background: #fafbfc; }}
  tr.bad td {{ background: #fff7f7; }}
  td.thumb {{ width: 152px; }}
  td.thumb img {{ display: block; width: 150px; height: auto; border: 1px solid var(--line); }}
  .nothumb {{ width: 150px; height: 96px; border: 1px dashed var(--line); color: var(--muted);
             display: flex; align-items: center; justify-content: center; font-size: 13px; }}
  .title {{ font-size: 17px; font-weight: 600; overflow-wrap: anywhere; }}
  .key, .muted, .pages {{ color: var(--muted); font-size: 13px; }}
  .key {{ font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; overflow-wrap: anywhere; }}
  td.status {{ white-space: nowrap; width: 1%; }}
  td.files {{ white-space: nowrap; width: 1%; }}
  .badge {{ display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
           font-weight: 600; border: 1px solid currentColor; }}
  .badge.ok {{ color: var(--ok); }}
  .badge.bad {{ color: var(--bad); }}
  .badge.same {{ color: var(--muted); }}
  .badge.stage {{ color: var(--accent); }}
  .pages {{ margin-top: 6px; }}
  a {{ color: var(--accent); }}
  .problems {{ margin: 8px 0 0; padding-left: 18px; color: var(--bad); font-size: 13px;
              overflow-wrap: anywhere; }}
  .empty {{ color: var(--muted); text-align: center; }}
</style>
</head>
<body>
<header>
<h1>Briefs</h1>
<p>{total} in this folder · {moment} <time datetime="{started}">{when}</time></p>
</header>
<main>
<p class="summary {summary_class}">{summary}</p>
<table>
<thead><tr><th>Page 1</th><th>Brief</th><th>Status</th><th>Files</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""
