"""templates (list) and templates copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefgen.cli.app import cli

if TYPE_CHECKING:
    from briefgen.templates import BriefChoice, TemplateInfo


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
@click.option(
    "--brief",
    "brief",
    type=click.Path(exists=True, path_type=Path),
    help="List what BRIEF (a brief file, or its folder) sees: its own templates/ folder "
    "first; mark the one it picks.",
)
@click.pass_context
def templates(ctx: click.Context, folders: tuple[Path, ...], brief: Path | None) -> None:
    """List the templates, in the order a name finds them; `templates copy` copies one.

    A template name is looked up in the --templates folders, then in the folders of
    $BRIEFGEN_TEMPLATES (separated by ':', ';' on Windows), then among the built-ins;
    the first one found is used, and hides the others of that name.

    With --brief BRIEF, the folders are those `render BRIEF` searches: the brief's own
    templates/ folder, then $BRIEFGEN_TEMPLATES, then the built-ins; the template its
    brief.template picks is marked.
    """
    from briefgen.errors import InputError
    from briefgen.templates import list_templates, own_templates

    if brief is not None and folders:
        raise click.UsageError(
            "--brief lists the folders `render` searches for that brief, which takes no "
            "--templates: give one or the other"
        )
    if brief is not None:
        from briefgen.pipeline import find_brief

        brief = find_brief(brief)  # a folder stands for the brief in it, as for render
    search = (own_templates(brief),) if brief is not None else folders
    ctx.obj["template_dirs"] = search
    if ctx.invoked_subcommand is not None:
        return
    choice, problems = None, []
    if brief is not None:
        from briefgen.templates import brief_choice

        try:
            choice = brief_choice(brief)
        except InputError as err:  # the listing still shows what there is
            problems = err.problems
    infos = list_templates(search)
    width = max((len(info.name) for info in infos), default=0)
    pad = " " * (width + 12)
    own = own_templates(brief).resolve() if brief is not None else None
    picked = choice.folder.resolve() if choice is not None else None
    for info in infos:
        kind = "built-in" if info.builtin else "yours"
        if own is not None and info.folder.parent.resolve() == own:
            kind = "own"
        _entry(info, kind, width, pad)
        if choice is not None and picked is not None and info.folder.resolve() == picked:
            click.echo(f"{pad}{_picked(brief, choice)}")
            picked = None
    if choice is not None and picked is not None:  # a folder given by path, not by name
        from briefgen.templates import describe_template

        _entry(describe_template(choice.folder), "path", width, pad)
        click.echo(f"{pad}{_picked(brief, choice)}")
    if problems:
        raise InputError(problems)


def _entry(info: TemplateInfo, kind: str, width: int, pad: str) -> None:
    """One template: name, kind and description, then its folder, then what is wrong."""
    click.echo(f"{info.name:<{width}}  {kind:<8}  {info.description or '(no description)'}")
    where = str(info.folder)
    if info.shadows:
        where += f" (shadows {', '.join(str(p) for p in info.shadows)})"
    if info.shadowed_by is not None:
        where += f" (hidden by {info.shadowed_by})"
    click.echo(f"{pad}{where}")
    if info.problem is not None:
        click.echo(f"{pad}BROKEN: {info.problem}")


def _picked(brief: Path | None, choice: BriefChoice) -> str:
    said = (
        f"it sets no brief.template; {choice.name!r} is the default"
        if choice.default
        else f"brief.template: {choice.name}"
    )
    return f"picked by {brief} ({said})"


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
