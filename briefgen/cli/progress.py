"""How a batch run shows itself: JSON lines, a progress bar, or plain log lines."""

from __future__ import annotations

import contextlib
import datetime
import json
from collections.abc import Callable, Iterator

import click
from typing_extensions import Self, assert_never

from briefgen.batch.events import (
    Discovered,
    Ended,
    Event,
    Finished,
    Note,
    Pruned,
    Started,
    Stopping,
    Warned,
    WouldRender,
)
from briefgen.batch.report import BatchSummary


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
    data = event.to_json()
    if isinstance(event, Ended):  # each brief was its own event already
        del data["briefs"]
    stamped = {"time": _now(), **data}
    click.echo(json.dumps(stamped, ensure_ascii=False, default=str))


def _plain_line(event: Event) -> None:
    line = describe(event)
    if line:
        click.echo(f"{_now()} {line}")


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(event: Event) -> str:
    """One line for a log (a failed brief's problems on the lines after it), or "" for
    events a log does not need."""
    match event:
        case Finished(outcome=o) if o.status == "rendered":
            return f"rendered {o.brief} -> {', '.join(o.outputs)} ({o.seconds:.2f} s, {o.reason})"
        case Finished(outcome=o) if o.status == "skipped":
            return f"up to date {o.brief}"
        case Finished(outcome=o):
            # Every problem, as `validate` prints them: the first alone may not say the fix.
            label = "WOULD FAIL" if o.reason == "would fail" else "FAILED"
            return "\n".join([f"{label} {o.brief}:", *(f"  {e}" for e in o.errors)])
        case WouldRender(brief=brief, reason=reason):
            return f"would render {brief} ({reason})"
        case Pruned(brief=brief, output=output):
            return f"pruned {output} (input {brief} is gone)"
        case Stopping(signal=sig, left=left, under_way=under_way):
            return (
                f"stopping on {sig}: {left} brief(s) not started, "
                f"finishing the {under_way} under way"
            )
        case Warned(message=message) | Note(message=message):
            return message
        case Discovered(briefs=briefs, total=total, shard=shard, inputs=inputs):
            if shard:
                return f"found {briefs} of {total} brief(s) in shard {shard} in {inputs}"
            return f"found {briefs} brief(s) in {inputs}"
        case Ended(summary=summary):
            return summary_text(summary)
        case Started():
            return ""
        case _:
            assert_never(event)


def summary_text(s: BatchSummary) -> str:
    verb, failed = ("would render", "would fail") if s.dry_run else ("rendered", "failed")
    lines = [
        f"{verb} {s.rendered}, up to date {s.skipped}, {failed} {s.failed} in {s.seconds:.1f} s"
    ]
    if s.interrupted:
        lines.append(f"interrupted by {s.interrupted}: the rest renders on the next run")
    for brief in s.briefs:
        if brief.status == "failed":
            lines.append(f"  {'would fail' if s.dry_run else 'failed'}: {brief.brief}")
            lines += [f"    {error}" for error in brief.errors]
    if s.removed_inputs and not s.pruned:
        lines.append(
            f"  {len(s.removed_inputs)} brief(s) in the manifest have no input any more "
            f"(--prune removes their outputs): {', '.join(s.removed_inputs[:5])}"
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
        progress, task = self._progress, self._task
        match event:
            case Discovered(briefs=briefs):
                progress.update(task, total=briefs, description="checking")
            case Started(brief=brief):
                progress.update(task, description=f"rendering {brief}")
            case Finished(outcome=outcome):
                progress.advance(task)
                if outcome.status == "failed":
                    progress.console.print(describe(event), markup=False, highlight=False)
            case Ended(summary=summary):
                progress.update(task, description="done")
                progress.console.print(summary_text(summary), markup=False, highlight=False)
            case _:
                line = describe(event)
                if line:
                    progress.console.print(line, markup=False, highlight=False)
