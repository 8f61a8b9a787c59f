"""essay, draft and schema: the commands an analyst uses to write a brief."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from briefgen.cli.app import cli


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
    from briefgen.i18n.detect import essay_language

    language, detected = essay_language(result)
    click.echo(
        f"{essay}: {len(result.paragraphs)} paragraphs, {len(result.links)} links, "
        f"{len(result.removals)} removed; in {language!r}{' (detected)' if detected else ''}"
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
    help="Where to write the draft [default: brief.yaml beside ESSAY]; its folders are created.",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists and differs.")
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
        from briefgen.draft import validate_command, write_draft

        check = validate_command(essay, target)
        if write_draft(essay, target, force):
            click.echo(f"wrote {target}: write every TODO, then `{check}`")
        else:
            click.echo(f"{target} is up to date: it is this very draft, not yet edited")
        return
    from briefgen.draft.llm import Timeout, chat_url, draft_with_llm
    from briefgen.outputs import ensure_folder
    from briefgen.userfiles import refuse_overwrite

    # The rule every command follows for a file the user may have edited; a model's
    # answer cannot be compared before it is asked for, so any existing file is refused.
    chat_url(llm_url)  # a bad URL is refused before anything is created
    refuse_overwrite(target, force)
    ensure_folder(target.parent)
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
    type=click.Path(path_type=Path),
    help="Write the schema to FILE (e.g. brief.schema.json) instead of printing it; "
    "its folders are created.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists and differs.")
def schema(out_file: Path | None, force: bool) -> None:
    """Print the JSON Schema of brief.yaml / brief.json, for editors and LLMs.

    An existing FILE that differs from the schema is kept unless --force is given
    (someone may have edited it); one that is the same is left as it is.
    """
    from briefgen.schema import brief_schema
    from briefgen.userfiles import write_user_file

    text = json.dumps(brief_schema(), indent=2, ensure_ascii=False) + "\n"
    if out_file is None:
        click.echo(text, nl=False)
    elif write_user_file(out_file, text.encode("utf-8"), force):  # OutputError: exit 2
        click.echo(f"wrote {out_file}")
    else:
        click.echo(f"{out_file} is up to date")
