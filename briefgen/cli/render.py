"""render (with --watch), validate and preview: one brief at a time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.cli.app import allow_outside_option, cli, out_option, parse_formats, template_option

if TYPE_CHECKING:
    from briefgen.pipeline import RenderResult


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@template_option
@click.option("--format", "-f", "formats", help="Formats to write: docx,pdf (default: both).")
@out_option("Output folder.")
@allow_outside_option
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
    """Validate BRIEF and write out/<slug>.docx and out/<slug>.pdf (out/<slug>.memo.docx
    and .pdf with a template other than the default `brief`, named after it).

    BRIEF is a brief file, or a folder holding brief.yaml (or .yml, .json)."""
    from briefgen import api
    from briefgen.pipeline import find_brief

    chosen = parse_formats(formats)
    brief = find_brief(brief)

    def render_once() -> RenderResult:  # the function pipelines call from Python
        return api.render(
            brief, out_dir, formats=chosen, template=template, allow_outside=allow_outside
        )

    if watch:
        from briefgen.cli.watch import edit_loop

        edit_loop(brief, out_dir, render_once)
        return
    result = render_once()
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for output in result.outputs:
        click.echo(f"wrote {output.path}")


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@allow_outside_option
def validate(brief: Path, allow_outside: bool) -> None:
    """Check BRIEF against the schema and its essay; list every problem (exit 2 if any).

    A draft's placeholders are listed as warnings (exit 0); in a brief whose status is
    reviewed or final each one is a problem."""
    from briefgen.pipeline import check_brief, find_brief

    brief = find_brief(brief)
    checked = check_brief(brief, allow_outside)
    for warning in checked.warnings:
        click.echo(str(warning), err=True)
    summary = checked.brief.summary
    quotes = len(summary.evidence) + 1
    click.echo(
        f"{brief}: valid: {len(summary.evidence)} evidence, {len(summary.counterpoints)} "
        f"counterpoints, {len(summary.recommendations)} recommendations; "
        f"{quotes} quotes found in {len(checked.essay.paragraphs)} paragraphs of the essay"
    )
    if checked.warnings:
        # The line above stays as it was for every valid brief; this one is the verdict.
        left = len(checked.warnings)
        click.echo(
            f"{brief}: valid as a draft: {left} placeholder{'' if left == 1 else 's'} left "
            "(listed above); a reviewed or final brief may have none"
        )


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@out_option("Output folder: the PDF and the PNGs go in its preview/ folder.")
@click.option(
    "--scale",
    type=click.FloatRange(0, 8, min_open=True),
    default=1.0,
    show_default=True,
    help="Pixels per PDF point: 1 is 72 dpi, 2 is 144 dpi.",
)
@template_option
@allow_outside_option
def preview(
    brief: Path, out_dir: Path, scale: float, template: str | None, allow_outside: bool
) -> None:
    """Render BRIEF to PDF and write a PNG of each page, in out/preview/: <slug>.pdf,
    <slug>-page-1.png, …  (never over the files `render` writes in out/)."""
    from briefgen.pipeline import find_brief
    from briefgen.preview import preview_brief

    result = preview_brief(find_brief(brief), out_dir, scale, template, allow_outside)
    for warning in result.render.warnings:
        click.echo(str(warning), err=True)
    for output in result.render.outputs:
        click.echo(f"wrote {output.path}")
    for page in result.pages:
        click.echo(f"wrote {page}")
