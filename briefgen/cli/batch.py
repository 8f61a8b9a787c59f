"""batch: every brief in a folder, for schedulers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from briefgen.cli.app import cli, out_option, parse_formats

F = TypeVar("F", bound=Callable[..., Any])


def _wait_option(default: float, help_text: str) -> Callable[[F], F]:
    """--wait SECONDS: how long to wait for the output folder's lock (batch, index)."""
    return click.option(
        "--wait",
        "wait_seconds",
        type=click.FloatRange(0, 86400),
        default=default,
        show_default=True,
        help=help_text,
    )


@cli.command()
@click.argument("inputs", type=click.Path(path_type=Path), default=Path("inputs"))
@out_option("Output folder (holds manifest.json and the lock).")
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
    "--lint",
    is_flag=True,
    help="Also hold each brief rendered to its template's analytic standards (briefgen lint): "
    "findings are warnings, kept in the manifest and counted on the index page.",
)
@_wait_option(5.0, "Seconds to wait for another run on the same output folder.")
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
    lint: bool,
    wait_seconds: float,
) -> None:
    """Render every INPUTS/*/brief.yaml (default: inputs/) that changed, in parallel.

    Exit 0 when every brief succeeded, 1 when any failed, 2 for bad usage,
    75 when another run holds the output folder, 130/143 when interrupted.
    """
    from briefgen import api
    from briefgen.batch import Shard, write_failure_report, write_report
    from briefgen.batch.events import Ended
    from briefgen.cli.progress import reporter  # the batch's types: not for `--help`
    from briefgen.errors import BriefgenError

    try:  # a click usage error, as for every other option
        chosen_shard = Shard.parse(shard) if shard is not None else None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--shard") from None
    with reporter(log_format, sys.stdout.isatty()) as on_event:
        try:
            summary = api.batch(  # the function pipelines call from Python
                inputs,
                out_dir,
                jobs=jobs,
                shard=chosen_shard,
                force=force,
                formats=parse_formats(formats),
                index=index,
                lint=lint,
                dry_run=dry_run,
                prune=prune,
                wait=wait_seconds,
                on_event=on_event,
            )
        except BriefgenError as err:
            if report:  # the scheduler reads the report: say why this run did nothing
                write_failure_report(report, inputs, out_dir, err)
            raise
        on_event(Ended(summary))
    if report:
        write_report(report, summary)
    raise click.exceptions.Exit(summary.exit_code)


@cli.command()
@click.argument("out_dir", metavar="OUT", type=click.Path(path_type=Path), default=Path("out"))
@_wait_option(60.0, "Seconds to wait for a batch that is writing to OUT.")
def index(out_dir: Path, wait_seconds: float) -> None:
    """Write OUT/index.html from every manifest in OUT (default: out/).

    Lists every brief whichever run or shard rendered it: the last step of a sharded run
    (a Slurm array's final job, a Kubernetes Job's).  Exit 0 when written, 2 when OUT is
    not a batch's output folder, 75 when a batch holds OUT for longer than --wait.
    """
    from briefgen.batch.index import index_folder

    result = index_folder(out_dir, wait_seconds)
    failed = sum(row.status == "failed" for row in result.rows)
    made = f", {result.thumbs_made} new thumbnail(s)" if result.thumbs_made else ""
    click.echo(f"wrote {result.path} ({len(result.rows)} briefs, {failed} failed{made})")
