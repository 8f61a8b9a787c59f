"""How a batch run shows itself: JSON lines, a progress bar, or plain log lines."""

from __future__ import annotations

import contextlib
import datetime
import json
from collections.abc import Callable, Iterator
from typing import Any

import click
from typing_extensions import Self

Event = dict[str, Any]


@contextlib.contextmanager
def reporter(log_format: str, tty: bool) -> Iterator[Callable[[Event], None]]:
    """How a batch run shows itself: JSON lines, a progress bar, or plain log lines."""
    if log_format == "json":
        yield _json_line
    elif tty:
        with _ProgressBar() as bar:
            yield bar
    else:
        yield _plain_line


def _json_line(event: Event) -> None:
    if event["event"] == "summary":  # each brief was its own event already
        event = {key: value for key, value in event.items() if key != "briefs"}
    stamped = {"time": _now(), **event}
    click.echo(json.dumps(stamped, ensure_ascii=False, default=str))


def _plain_line(event: Event) -> None:
    line = _describe(event)
    if line:
        click.echo(f"{_now()} {line}")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _describe(event: Event) -> str:
    """One line for a log, or "" for events a log does not need."""
    kind = event["event"]
    if kind == "rendered":
        return (
            f"rendered {event['brief']} -> {', '.join(event['outputs'])} "
            f"({event['seconds']:.2f} s, {event['reason']})"
        )
    if kind == "skipped":
        return f"up to date {event['brief']}"
    if kind == "failed":
        # Every problem, as `validate` prints them: the first alone may not say the fix.
        label = "WOULD FAIL" if event.get("reason") == "would fail" else "FAILED"
        return "\n".join([f"{label} {event['brief']}:", *(f"  {e}" for e in event["errors"])])
    if kind == "would-render":
        return f"would render {event['brief']} ({event['reason']})"
    if kind == "pruned":
        return f"pruned {event['output']} (input {event['brief']} is gone)"
    if kind == "stopping":
        return (
            f"stopping on {event['signal']}: {event['left']} brief(s) not started, "
            f"finishing the {event['under_way']} under way"
        )
    if kind == "warning":
        return str(event["message"])
    if kind == "note":
        return str(event["message"])
    if kind == "discovered":
        if event.get("shard"):
            return (
                f"found {event['briefs']} of {event['total']} brief(s) in shard "
                f"{event['shard']} in {event['inputs']}"
            )
        return f"found {event['briefs']} brief(s) in {event['inputs']}"
    if kind == "summary":
        return _summary_text(event)
    return ""


def _summary_text(s: Event) -> str:
    verb, failed = ("would render", "would fail") if s["dry_run"] else ("rendered", "failed")
    lines = [
        (
            f"{verb} {s['rendered']}, up to date {s['skipped']}, {failed} {s['failed']} "
            f"in {s['seconds']:.1f} s"
        )
    ]
    if s["interrupted"]:
        lines.append(f"interrupted by {s['interrupted']}: the rest renders on the next run")
    for brief in s["briefs"]:
        if brief["status"] == "failed":
            lines.append(f"  {'would fail' if s['dry_run'] else 'failed'}: {brief['brief']}")
            lines += [f"    {error}" for error in brief["errors"]]
    if s["removed_inputs"] and not s["pruned"]:
        lines.append(
            f"  {len(s['removed_inputs'])} brief(s) in the manifest have no input any more "
            f"(--prune removes their outputs): {', '.join(s['removed_inputs'][:5])}"
        )
    return "\n".join(lines)


class _ProgressBar:
    """A rich progress bar on a terminal: counts, and the brief being rendered."""

    def __enter__(self) -> Self:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=False,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task("finding briefs", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def __call__(self, event: Event) -> None:
        kind = event["event"]
        if kind == "discovered":
            self._progress.update(self._task, total=event["briefs"], description="checking")
        elif kind == "start":
            self._progress.update(self._task, description=f"rendering {event['brief']}")
        elif kind in {"rendered", "skipped", "failed"}:
            self._progress.advance(self._task)
            if kind == "failed":
                self._progress.console.print(_describe(event), markup=False, highlight=False)
        elif kind == "summary":
            self._progress.update(self._task, description="done")
            self._progress.console.print(_summary_text(event), markup=False, highlight=False)
        elif kind not in {"start", "discovered"}:
            line = _describe(event)
            if line:
                self._progress.console.print(line, markup=False, highlight=False)
