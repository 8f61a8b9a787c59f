"""render --watch: the edit loop, rendering again on every change to a brief's inputs."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def edit_loop(brief: Path, out_dir: Path, render_once: Callable[[], Any]) -> None:
    """The edit loop: render, then again on every change, until Ctrl-C.

    Each round prints the problems (one line each) or what was written and the page
    count; a broken brief never ends the loop.  Watches the brief's folder (brief and
    essay) and the folder of the template last used, but not the output folder.
    """
    import watchfiles

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
        for changes in watchfiles.watch(
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
