"""check: what keeps a PDF or DOCX from a screen reader or an archive (PDF/UA-1, PDF/A-2u)."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.cli.app import cli


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Report, one line per finding with its page (or part) and element, what keeps each
    PDF or DOCX in FILES from a screen reader or an archive.

    A PDF is held to the machine-checkable rules of PDF/UA-1 (content neither tagged
    nor an artifact, no structure tree, language or title, headings out of order,
    tables without header cells, figures and links without text, fonts not embedded or
    not mapped to Unicode) and of PDF/A-2u (XMP missing or not matching the Info
    dictionary, no output intent, encryption, JavaScript).  A DOCX must have a title
    and a language, headings in order, header rows that repeat, alt text on pictures
    and the fonts it names embedded.  Exit 0 when there is nothing to report, 1 with
    findings, 2 when a file cannot be read."""
    from briefgen.check import check_file
    from briefgen.errors import BriefgenError, ExitCode, Problem

    problems: list[Problem] = []
    found = 0
    for path in files:
        if not path.is_file():
            problems.append(Problem(path, None, None, "no such file"))
            continue
        try:
            findings = check_file(path)
        except ValueError as err:
            problems.append(Problem(path, None, None, str(err)))
            continue
        for finding in findings:
            click.echo(finding.line(path))
        found += len(findings)
        if not findings:
            click.echo(f"{path}: no findings")
    if problems:
        raise BriefgenError(problems)
    if found:
        raise click.exceptions.Exit(ExitCode.FAILED)
