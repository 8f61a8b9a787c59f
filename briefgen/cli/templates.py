"""templates (list) and templates copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefgen.cli.app import cli


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
