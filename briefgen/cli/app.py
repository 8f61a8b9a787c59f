"""The command group and the options several commands share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

FORMAT_CHOICES = ("docx", "pdf")


def parse_formats(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    chosen = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    bad = [f for f in chosen if f not in FORMAT_CHOICES]
    if bad or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMAT_CHOICES)} (comma-separated)")
    return tuple(dict.fromkeys(chosen))


def out_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--out",
        "-o",
        "out_dir",
        type=click.Path(path_type=Path),
        default=Path("out"),
        show_default=True,
        help=help_text,
    )


template_option = click.option(
    "--template", "-t", help="Template name or folder (default: the brief's own)."
)
allow_outside_option = click.option(
    "--allow-outside", is_flag=True, help="Allow an essay outside the brief's folder."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefgen")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn an essay and a structured summary of it into a policy brief (DOCX and PDF)."""
    ctx.obj = {"debug": debug}
