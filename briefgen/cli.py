"""The command line: argv → one call → exit code.  The only module that prints or exits.

Heavy modules (pydantic, python-docx, reportlab) are imported inside the commands, so
``briefgen --help`` starts fast.  Every error a user can act on is a BriefgenError and
prints as one line per problem with exit code 2; anything else is a bug and still prints
one line, unless ``--debug`` asks for the traceback.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import click

FORMAT_CHOICES = ("docx", "pdf")


def _formats(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    bad = [f for f in chosen if f not in FORMAT_CHOICES]
    if bad or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMAT_CHOICES)} (comma-separated)")
    return tuple(dict.fromkeys(chosen))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn an essay and a structured summary of it into a policy brief (DOCX and PDF)."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--template", "-t", help="Template name or folder (default: the brief's own).")
@click.option("--format", "-f", "formats", help="Formats to write: docx,pdf (default: both).")
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output folder.",
)
@click.option("--allow-outside", is_flag=True, help="Allow an essay outside the brief's folder.")
def render(
    brief: Path, template: str | None, formats: str | None, out_dir: Path, allow_outside: bool
) -> None:
    """Validate BRIEF and write out/<slug>.docx and out/<slug>.pdf."""
    from briefgen.pipeline import render_brief

    result = render_brief(brief, out_dir, _formats(formats), template, allow_outside)
    for path in result.outputs:
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--allow-outside", is_flag=True, help="Allow an essay outside the brief's folder.")
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
def essay(essay: Path, width: int) -> None:
    """Print ESSAY cleaned, with the ¶ numbers a brief cites, and what was removed."""
    from briefgen.ingest import ingest

    result = ingest(essay)
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 failures in a batch or a bug, 2 bad input)."""
    from briefgen.errors import BriefgenError

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="briefgen", standalone_mode=False)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
