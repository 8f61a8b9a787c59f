"""Review and revision: verify (is a document what its inputs make now?), lint (the
house's analytic standards) and diff (what changed between two versions, and a redline)."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.cli.app import allow_outside_option, cli, out_option


@cli.command()
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--brief",
    "brief",
    type=click.Path(path_type=Path),
    help="The brief it was rendered from (default: the brief in inputs/ with its slug).",
)
@click.option(
    "--template", "-t", help="The template it was rendered with (default: the one it records)."
)
def verify(output: Path, brief: Path | None, template: str | None) -> None:
    """Say whether OUTPUT (a DOCX or PDF briefgen wrote) is what its inputs make now.

    The document records the sha256 of the brief, the essay and the template folder it
    was made from, and briefgen's version.  Each is recomputed from the files as they
    are now, one line each.  Exit 0 when every input is unchanged, 1 when one has
    changed (render again), 2 when the document or its brief cannot be read."""
    from briefgen.errors import ExitCode
    from briefgen.pipeline import find_brief
    from briefgen.verify import compare, find_brief_by_slug, read_provenance

    recorded = read_provenance(output)
    path = find_brief(brief) if brief else find_brief_by_slug(recorded.slug, Path("inputs"))
    lines = compare(recorded, path, template)
    for line in lines:
        click.echo(f"{output}: {line}")
    changed = [line.what for line in lines if not line.same]
    if changed:
        click.echo(f"{output}: out of date: {', '.join(changed)} changed since {recorded.rendered}")
        raise click.exceptions.Exit(ExitCode.FAILED)
    click.echo(
        f"{output}: up to date: rendered {recorded.rendered} from these inputs as they are now"
    )


@cli.command()
@click.argument("briefs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--template", "-t", help="Hold the briefs to this template's rules (default: each brief's own)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one array of findings (file, line, field, rule, message) for tools.",
)
@allow_outside_option
def lint(
    briefs: tuple[Path, ...], template: str | None, output_format: str, allow_outside: bool
) -> None:
    """Hold each brief (a file, or its folder) to the house's analytic standards, one line
    per finding with file, line, field, rule and reason.

    The bottom line opens with a judgment and keeps to the template's length; each
    recommendation starts with a verb, names an accountable actor and a timeframe a
    calendar can hold; estimative words come from the template's probability scale (ICD
    203 or the PHIA yardstick) and hedges say how likely; every evidence item is rested
    on and every recommendation rests on one; quotes are short; proselint's
    plain-language checks.  A template switches rules off under lint: in style.yaml.
    Exit 0 with nothing to report, 1 with findings, 2 when a brief does not validate."""
    import json

    from briefgen.errors import BriefgenError, ExitCode
    from briefgen.lint import lint_brief

    findings = []
    problems = []
    for brief in briefs:
        try:
            report = lint_brief(brief, template, allow_outside)
        except BriefgenError as err:
            problems += err.problems
            continue
        findings += report.findings
        if output_format == "text":
            for finding in report.findings:
                click.echo(str(finding))
        if not report.findings and output_format == "text":
            click.echo(f"{brief}: no findings")
        for note in report.skipped:
            click.echo(f"{brief}: note: {note}", err=True)
    if output_format == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    if problems:
        raise BriefgenError(problems)
    if findings:
        raise click.exceptions.Exit(ExitCode.FAILED)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", required=False, type=click.Path(path_type=Path))
@click.option(
    "--since",
    metavar="REV",
    help="Compare BRIEF (given alone) with its version at git revision REV.",
)
@out_option("Where <slug>.redline.docx and <slug>.redline.pdf go.")
@click.option("--no-redline", is_flag=True, help="Only list the changes; write nothing.")
@click.option(
    "--author", help="Who the tracked changes are by (default: the new brief's prepared_by)."
)
@allow_outside_option
def diff(
    old: Path,
    new: Path | None,
    since: str | None,
    out_dir: Path,
    no_redline: bool,
    author: str | None,
    allow_outside: bool,
) -> None:
    """List what changed from OLD to NEW (two versions of one brief), one line per change
    with its field path, and write a redline of NEW: a DOCX with Word tracked changes
    (accept them all for NEW's text, reject them all for OLD's) and a PDF with insertions
    underlined, deletions struck through and a bar beside each changed line.

    `briefgen diff BRIEF --since REV` reads the older version from git.  Evidence,
    counterpoints and recommendations are matched by id.  Exit 0 when nothing changed,
    1 when something did, 2 when a version cannot be read."""
    from briefgen.errors import BriefgenError, ExitCode, Problem
    from briefgen.pipeline import find_brief
    from briefgen.redline import diff_briefs, read_old, temporary_folder

    target = None if no_redline else out_dir
    if since is not None:
        if new is not None:
            raise BriefgenError(
                [Problem(new, None, None, "give one brief with --since, or two without")]
            )
        brief = find_brief(old)
        with temporary_folder() as folder:
            previous = read_old(brief, since, Path(folder))
            label = f"{since}:{brief}"
            result = diff_briefs(previous, brief, target, author, label, allow_outside)
    else:
        if new is None:
            raise BriefgenError(
                [Problem(old, None, None, "give the new version too, or --since REV")]
            )
        result = diff_briefs(old, new, target, author, allow_outside=allow_outside)
    for line in result.lines:
        click.echo(line)
    click.echo(result.summary)
    for path in result.written:
        click.echo(f"wrote {path}")
    if result.changes:
        raise click.exceptions.Exit(ExitCode.FAILED)
