"""The command line: argv → one call → exit code.  The only module that prints or exits.

Heavy modules (pydantic, python-docx, reportlab) are imported inside the commands, so
``briefgen --help`` starts fast.  Every error a user can act on is a BriefgenError and
prints as one line per problem with exit code 2; anything else is a bug and still prints
one line, unless ``--debug`` asks for the traceback.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click
from typing_extensions import Self

FORMAT_CHOICES = ("docx", "pdf")


def _formats(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    bad = [f for f in chosen if f not in FORMAT_CHOICES]
    if bad or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMAT_CHOICES)} (comma-separated)")
    return tuple(dict.fromkeys(chosen))


def _out_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--out",
        "-o",
        "out_dir",
        type=click.Path(path_type=Path),
        default=Path("out"),
        show_default=True,
        help=help_text,
    )


_template_option = click.option(
    "--template", "-t", help="Template name or folder (default: the brief's own)."
)
_allow_outside_option = click.option(
    "--allow-outside", is_flag=True, help="Allow an essay outside the brief's folder."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn an essay and a structured summary of it into a policy brief (DOCX and PDF)."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@_template_option
@click.option("--format", "-f", "formats", help="Formats to write: docx,pdf (default: both).")
@_out_option("Output folder.")
@_allow_outside_option
@click.option(
    "--watch", is_flag=True, help="Render again whenever the brief, its essay or template changes."
)
def render(
    brief: Path,
    template: str | None,
    formats: str | None,
    out_dir: Path,
    allow_outside: bool,
    watch: bool,
) -> None:
    """Validate BRIEF and write out/<slug>.docx and out/<slug>.pdf."""
    from briefgen.pipeline import render_brief

    chosen = _formats(formats)
    if watch:
        _watch(
            brief, out_dir, lambda: render_brief(brief, out_dir, chosen, template, allow_outside)
        )
        return
    result = render_brief(brief, out_dir, chosen, template, allow_outside)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for output in result.outputs:
        click.echo(f"wrote {output.path}")


def _watch(brief: Path, out_dir: Path, render_once: Callable[[], Any]) -> None:
    """The edit loop: render, then again on every change, until Ctrl-C.

    Each round prints the problems (one line each) or what was written and the page
    count; a broken brief never ends the loop.  Watches the brief's folder (brief and
    essay) and the folder of the template last used, but not the output folder.
    """
    from watchfiles import watch

    from briefgen.errors import BriefgenError

    folders = {brief.resolve().parent}
    outputs = out_dir.resolve()
    while True:
        before = _snapshot(folders, outputs)
        stamp = datetime.datetime.now().strftime("%H:%M:%S")
        try:
            result = render_once()
        except BriefgenError as err:
            click.echo(f"{stamp} {len(err.problems)} problem(s):")
            for problem in err.problems:
                click.echo(f"  {problem}")
        else:
            template = result.template.resolve()
            if template not in folders:  # watched from now on, as it is now
                folders.add(template)
                before |= _snapshot({template}, outputs)
            pages = f", {result.pages} page(s)" if result.pages else ""
            names = ", ".join(str(o.path) for o in result.outputs)
            click.echo(f"{stamp} wrote {names}{pages}")
            for warning in result.warnings:
                click.echo(f"  {warning}")
        click.echo("watching for changes (Ctrl-C to stop)")

        def relevant(change: Any, path: str) -> bool:
            found = Path(path)
            return _relevant(found) and not found.is_relative_to(outputs)

        # The notifier reports a change at once; the snapshot, compared twice a second,
        # catches one made while the notifier was still starting.
        for changes in watch(
            *sorted(folders), watch_filter=relevant, rust_timeout=500, yield_on_timeout=True
        ):
            if changes or _snapshot(folders, outputs) != before:
                break


def _relevant(path: Path) -> bool:
    # Editors' swap and backup files, and briefgen's own temporaries, are not changes.
    return not path.name.startswith(".") and not path.name.endswith("~")


def _snapshot(folders: set[Path], outputs: Path) -> dict[Path, tuple[int, int]]:
    """(mtime, size) of every file the watch cares about."""
    found: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if _relevant(path) and not path.is_relative_to(outputs) and path.is_file():
                stat = path.stat()
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@_allow_outside_option
def validate(brief: Path, allow_outside: bool) -> None:
    """Check BRIEF against the schema and its essay; list every problem (exit 2 if any)."""
    from briefgen.pipeline import check_brief

    checked = check_brief(brief, allow_outside)
    summary = checked.brief.summary
    quotes = len(summary.evidence) + 1
    click.echo(
        f"{brief}: valid: {len(summary.evidence)} evidence, {len(summary.counterpoints)} "
        f"counterpoints, {len(summary.recommendations)} recommendations; "
        f"{quotes} quotes found in {len(checked.essay.paragraphs)} paragraphs of the essay"
    )


@cli.command()
@click.argument("essay", type=click.Path(path_type=Path))
@click.option("--width", default=88, show_default=True, help="Wrap paragraphs at this width.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print paragraphs, links and removals as JSON."
)
def essay(essay: Path, width: int, as_json: bool) -> None:
    """Print ESSAY cleaned, with the ¶ numbers a brief cites, and what was removed.

    ESSAY may be .txt, .md, .html, .docx or .pdf; the content decides, not the name.
    """
    from briefgen.ingest import ingest

    result = ingest(essay)
    if as_json:
        from briefgen.ingest.export import essay_json

        click.echo(json.dumps(essay_json(result), ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{essay}: {len(result.paragraphs)} paragraphs, {len(result.links)} links, "
        f"{len(result.removals)} removed"
    )
    for para in result.paragraphs:
        label = f"¶{para.number}"
        body = textwrap.fill(
            para.text, width=width, initial_indent=f"{label:<5}", subsequent_indent=" " * 5
        )
        click.echo(f"\n{body}")
    if result.links:
        click.echo("\nLinks:")
        for link in result.links:
            click.echo(f"  line {link.line}: {link.url}")
    if result.removals:
        click.echo("\nRemoved:")
        for removal in result.removals:
            text = textwrap.shorten(removal.text, width=max(width - 24, 30), placeholder=" …")
            click.echo(f"  line {removal.line} ({removal.kind}): {text}")


@cli.command()
@click.argument("essay", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    "out_path",
    type=click.Path(path_type=Path),
    help="Where to write the draft [default: brief.yaml beside ESSAY].",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option(
    "--llm",
    "llm_url",
    metavar="URL",
    help="Ask the OpenAI-compatible API at URL (e.g. http://localhost:8000/v1) for the "
    "draft instead; the key, if any, comes from $BRIEFGEN_LLM_API_KEY.",
)
@click.option(
    "--model",
    envvar="BRIEFGEN_LLM_MODEL",
    default="default",
    show_default=True,
    help="The model --llm asks (also $BRIEFGEN_LLM_MODEL).",
)
@click.option(
    "--llm-timeout",
    type=click.FloatRange(min=0.1),
    default=120.0,
    show_default=True,
    help="Seconds to wait for the model's answer.",
)
def draft(
    essay: Path,
    out_path: Path | None,
    force: bool,
    llm_url: str | None,
    model: str,
    llm_timeout: float,
) -> None:
    """Write a first brief.yaml for ESSAY to edit (status: draft): from its own sentences,
    or by a language model (--llm), checked as `validate` checks every brief.

    With --llm: exit 0 when the brief has no problems; 3 when it was written with
    problems (listed at its top); 2 when nothing usable came back (an answer that does
    not fit the schema is kept as brief.llm-answer.json); 69 when the API is down, too
    slow or still busy after 3 tries.
    """
    target = out_path or essay.parent / "brief.yaml"
    if llm_url is None:
        from briefgen.draft import write_draft

        written = write_draft(essay, target, force)
        click.echo(f"wrote {written}: write every TODO, then `briefgen validate {written}`")
        return
    from briefgen.draft_llm import Timeout, draft_with_llm

    result = draft_with_llm(essay, target, llm_url, model, force, Timeout(read=llm_timeout))
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if result.problems:
        click.echo(
            f"wrote {result.path} with {len(result.problems)} problem(s), listed at its top: "
            f"fix them, then `briefgen validate {result.path}`"
        )
        raise click.exceptions.Exit(result.exit_code)
    click.echo(f"wrote {result.path}: check it against the essay, then set status to reviewed")


@cli.command()
@click.option(
    "--out",
    "-o",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to FILE (e.g. brief.schema.json) instead of printing it.",
)
def schema(out_file: Path | None) -> None:
    """Print the JSON Schema of brief.yaml / brief.json, for editors and LLMs."""
    from briefgen.outputs import write_atomic
    from briefgen.schema import brief_schema

    text = json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
    if out_file is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out_file, text.encode("utf-8"))  # OutputError: one line, exit 2
        click.echo(f"wrote {out_file}")


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@_out_option("Output folder (the PDF and the PNGs).")
@click.option(
    "--scale",
    type=click.FloatRange(0, 8, min_open=True),
    default=1.0,
    show_default=True,
    help="Pixels per PDF point: 1 is 72 dpi, 2 is 144 dpi.",
)
@_template_option
@_allow_outside_option
def preview(
    brief: Path, out_dir: Path, scale: float, template: str | None, allow_outside: bool
) -> None:
    """Render BRIEF to PDF and write a PNG of each page: out/<slug>-page-1.png, …"""
    from briefgen.preview import preview_brief

    result = preview_brief(brief, out_dir, scale, template, allow_outside)
    for warning in result.render.warnings:
        click.echo(str(warning), err=True)
    for page in result.pages:
        click.echo(f"wrote {page}")


def _default_jobs() -> int:
    """The CPUs this process may use (a container's or a Slurm job's share), not the host's:
    the CPU affinity, capped by a cgroup v2 CPU quota (a Kubernetes CPU limit)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, -(-int(quota) // int(period))))  # ceiling
    except (OSError, ValueError):
        pass  # no cgroup v2 quota: the affinity stands
    return cpus


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path), default=Path("inputs"))
@_out_option("Output folder (holds manifest.json and the lock).")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes [default: CPUs].")
@click.option("--force", is_flag=True, help="Render every brief, changed or not.")
@click.option("--dry-run", is_flag=True, help="Say what would be rendered; write nothing.")
@click.option("--report", type=click.Path(path_type=Path), help="Write the run's summary as JSON.")
@click.option("--shard", help="Render only shard K of N (e.g. 2/5), for several machines.")
@click.option("--prune", is_flag=True, help="Delete outputs of briefs whose input is gone.")
@click.option(
    "--format", "-f", "formats", help="Formats to write: docx,pdf (default: the template's)."
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one JSON object per event on stdout, for log shippers.",
)
@click.option(
    "--index/--no-index",
    default=True,
    show_default=True,
    help="Write index.html (every brief, its status, a thumbnail, its files) and thumbs/.",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(0, 86400),
    default=5.0,
    show_default=True,
    help="Seconds to wait for another run on the same output folder.",
)
def batch(
    inputs: Path,
    out_dir: Path,
    jobs: int | None,
    force: bool,
    dry_run: bool,
    report: Path | None,
    shard: str | None,
    prune: bool,
    formats: str | None,
    log_format: str,
    index: bool,
    wait_seconds: float,
) -> None:
    """Render every INPUTS/*/brief.yaml (default: inputs/) that changed, in parallel.

    Exit 0 when every brief succeeded, 1 when any failed, 2 for bad usage,
    75 when another run holds the output folder, 130/143 when interrupted.
    """
    from briefgen.batch import BatchOptions, Shard, run_batch, write_failure_report, write_report
    from briefgen.errors import BriefgenError

    try:
        chosen_shard = Shard.parse(shard) if shard is not None else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--shard") from None
    options = BatchOptions(
        inputs=inputs,
        out_dir=out_dir,
        jobs=jobs or _default_jobs(),
        force=force,
        dry_run=dry_run,
        prune=prune,
        shard=chosen_shard,
        formats=_formats(formats),
        wait_seconds=wait_seconds,
        index=index,
    )
    with _reporter(log_format, sys.stdout.isatty()) as on_event:
        try:
            summary = run_batch(options, on_event)
        except BriefgenError as err:
            if report:  # the scheduler reads the report: say why this run did nothing
                write_failure_report(report, options, err)
            raise
        on_event({"event": "summary", **summary.to_json()})
    if report:
        write_report(report, summary)
    raise click.exceptions.Exit(summary.exit_code)


def _templates_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--templates DIR (repeatable), for `templates` and `templates copy` alike."""
    return click.option(
        "--templates",
        "folders",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="A folder of your templates, searched first (repeatable; also $BRIEFGEN_TEMPLATES).",
    )(f)


@cli.group(invoke_without_command=True)
@_templates_option
@click.pass_context
def templates(ctx: click.Context, folders: tuple[Path, ...]) -> None:
    """List the templates, in the order a name finds them; `templates copy` copies one.

    A template name is looked up in the --templates folders, then in the folders of
    $BRIEFGEN_TEMPLATES (separated by ':', ';' on Windows), then among the built-ins;
    the first one found is used, and hides the others of that name.
    """
    ctx.obj["template_dirs"] = folders
    if ctx.invoked_subcommand is not None:
        return
    from briefgen.templates import list_templates

    infos = list_templates(folders)
    width = max((len(info.name) for info in infos), default=0)
    pad = " " * (width + 12)
    for info in infos:
        kind = "built-in" if info.builtin else "yours"
        click.echo(f"{info.name:<{width}}  {kind:<8}  {info.description or '(no description)'}")
        where = str(info.folder)
        if info.shadows:
            where += f" (shadows {', '.join(str(p) for p in info.shadows)})"
        if info.shadowed_by is not None:
            where += f" (hidden by {info.shadowed_by})"
        click.echo(f"{pad}{where}")
        if info.problem is not None:
            click.echo(f"{pad}BROKEN: {info.problem}")


@templates.command("copy")
@click.argument("name")
@click.argument("dest", type=click.Path(path_type=Path))
@_templates_option
@click.pass_context
def templates_copy(ctx: click.Context, name: str, dest: Path, folders: tuple[Path, ...]) -> None:
    """Copy template NAME (a name, or a folder) to the new folder DEST, to edit.

    Then use it with `briefgen render BRIEF --template DEST/`, or put it in a folder
    named by --templates or $BRIEFGEN_TEMPLATES to use it by name.
    """
    from briefgen.templates import copy_template, locate_template

    search = (*ctx.obj["template_dirs"], *folders)
    source = locate_template(name, search)
    copied = copy_template(name, dest, search)
    click.echo(f"copied {source} to {copied}")
    click.echo(f"use it: briefgen render BRIEF --template {copied}/")


# ----------------------------------------------------------------- batch output

Event = dict[str, Any]


@contextlib.contextmanager
def _reporter(log_format: str, tty: bool) -> Iterator[Callable[[Event], None]]:
    """How a batch run shows itself: JSON lines, a progress bar, or plain log lines."""
    if log_format == "json":
        yield _json_line
    elif tty:
        with _ProgressBar() as bar:
            yield bar
    else:
        yield _plain_line


def _json_line(event: Event) -> None:
    if event["event"] == "summary":  # each brief was its own event already
        event = {key: value for key, value in event.items() if key != "briefs"}
    stamped = {"time": _now(), **event}
    click.echo(json.dumps(stamped, ensure_ascii=False, default=str))


def _plain_line(event: Event) -> None:
    line = _describe(event)
    if line:
        click.echo(f"{_now()} {line}")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _describe(event: Event) -> str:
    """One line for a log, or "" for events a log does not need."""
    kind = event["event"]
    if kind == "rendered":
        return (
            f"rendered {event['brief']} -> {', '.join(event['outputs'])} "
            f"({event['seconds']:.2f} s, {event['reason']})"
        )
    if kind == "skipped":
        return f"up to date {event['brief']}"
    if kind == "failed":
        return f"FAILED {event['brief']}: {event['errors'][0]}"
    if kind == "would-render":
        return f"would render {event['brief']} ({event['reason']})"
    if kind == "pruned":
        return f"pruned {event['output']} (input {event['brief']} is gone)"
    if kind == "stopping":
        return f"stopping on {event['signal']}: {event['left']} brief(s) not started"
    if kind == "warning":
        return str(event["message"])
    if kind == "note":
        return str(event["message"])
    if kind == "discovered":
        return f"found {event['briefs']} brief(s) in {event['inputs']}"
    if kind == "summary":
        return _summary_text(event)
    return ""


def _summary_text(s: Event) -> str:
    verb = "would render" if s["dry_run"] else "rendered"
    lines = [
        (
            f"{verb} {s['rendered']}, up to date {s['skipped']}, failed {s['failed']} "
            f"in {s['seconds']:.1f} s"
        )
    ]
    if s["interrupted"]:
        lines.append(f"interrupted by {s['interrupted']}: the rest renders on the next run")
    for brief in s["briefs"]:
        if brief["status"] == "failed":
            lines.append(f"  failed: {brief['errors'][0]}")
    if s["removed_inputs"] and not s["pruned"]:
        lines.append(
            f"  {len(s['removed_inputs'])} brief(s) in the manifest have no input any more "
            f"(--prune removes their outputs): {', '.join(s['removed_inputs'][:5])}"
        )
    return "\n".join(lines)


class _ProgressBar:
    """A rich progress bar on a terminal: counts, and the brief being rendered."""

    def __enter__(self) -> Self:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task("finding briefs", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def __call__(self, event: Event) -> None:
        kind = event["event"]
        if kind == "discovered":
            self._progress.update(self._task, total=event["briefs"], description="checking")
        elif kind == "start":
            self._progress.update(self._task, description=f"rendering {event['brief']}")
        elif kind in {"rendered", "skipped", "failed"}:
            self._progress.advance(self._task)
            if kind == "failed":
                self._progress.console.print(_describe(event), markup=False, highlight=False)
        elif kind == "summary":
            self._progress.update(self._task, description="done")
            self._progress.console.print(_summary_text(event), markup=False, highlight=False)
        elif kind not in {"start", "discovered"}:
            line = _describe(event)
            if line:
                self._progress.console.print(line, markup=False, highlight=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 failures in a batch or a bug, 2 bad input)."""
    from briefgen.errors import BriefgenError

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="briefgen", standalone_mode=False)
        # With standalone_mode off, click returns a command's Exit code instead of raising.
        return code if isinstance(code, int) else 0
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("briefgen: interrupted", err=True)
        return 130
    except BriefgenError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("briefgen: interrupted", err=True)
        return 130
    except Exception as err:  # a bug: still one line, unless --debug
        if debug:
            raise
        click.echo(f"briefgen: internal error: {err!r} (rerun with --debug)", err=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
