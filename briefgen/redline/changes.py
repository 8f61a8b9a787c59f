"""What changed between two versions of a brief, field by field.

Evidence, counterpoints and recommendations are matched by id, so an item that moved is
"moved" (and perhaps changed), not deleted and added again.  Each change has its field
path, as ``validate`` names fields, and a short label for the redline's summary line
("R2 timeframe", "E4 added", "bottom line").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from briefgen.load.source_map import Loc, SourceMap, format_loc
from briefgen.model import Brief

ITEM_LISTS = ("evidence", "counterpoints", "recommendations")


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    """``changed``, ``added``, ``removed`` or ``moved``."""
    loc: Loc
    """Where it stands: in the new brief, or (removed) in the old one."""
    label: str
    """Short, for the summary line: "R2 timeframe", "E4 added", "bottom line"."""
    old: str | None = None
    new: str | None = None

    def line(self, old: SourceMap, new: SourceMap) -> str:
        """One line, as ``validate`` prints a problem: file:line field: what changed."""
        gone = self.kind == "removed" or (self.kind == "changed" and self.new is None)
        source = old if gone else new
        at = source.line(self.loc)
        where = f"{source.file}:{at}" if at is not None else str(source.file)
        return f"{where} {format_loc(self.loc)}: {self.describe()}"

    def describe(self) -> str:
        if self.kind == "changed" and self.old is None:
            return f"set to {_short(self.new)}"
        if self.kind == "changed" and self.new is None:
            return f"taken out (it was {_short(self.old)})"
        if self.kind == "changed":
            return f"changed from {_short(self.old)} to {_short(self.new)}"
        if self.kind == "moved":
            return f"moved ({self.old} → {self.new})"
        if self.kind == "added":
            return f"added: {_short(self.new)}"
        return f"removed: {_short(self.old)}"


def compare(old: Brief, new: Brief) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of the new brief's fields."""
    changes: list[Change] = []
    changes += _fields(old.brief, new.brief, ("brief",), "")
    changes += _fields(old.source, new.source, ("source",), "source ")
    o, n = old.summary, new.summary
    if o.bottom_line != n.bottom_line:
        changes.append(
            Change(
                "changed", ("summary", "bottom_line"), "bottom line", o.bottom_line, n.bottom_line
            )
        )
    changes += _fields(o.thesis, n.thesis, ("summary", "thesis"), "thesis ")
    for name in ITEM_LISTS:
        changes += _items(getattr(o, name), getattr(n, name), name)
    if o.keywords != n.keywords:
        changes.append(
            Change(
                "changed",
                ("summary", "keywords"),
                "keywords",
                ", ".join(o.keywords),
                ", ".join(n.keywords),
            )
        )
    return changes


def summary(changes: Sequence[Change], limit: int = 6) -> str:
    """'3 changes: R2 timeframe, E4 added, bottom line' (at most ``limit`` named)."""
    if not changes:
        return "No changes"
    labels = list(dict.fromkeys(c.label for c in changes))
    shown = ", ".join(labels[:limit]) + (
        f" and {len(labels) - limit} more" if len(labels) > limit else ""
    )
    count = len(changes)
    return f"{count} change{'s' if count != 1 else ''}: {shown}"


def _fields(old: BaseModel, new: BaseModel, loc: Loc, prefix: str) -> Iterator[Change]:
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            label = prefix + name.replace("_", " ")
            yield Change("changed", (*loc, name), label.strip(), _text(a), _text(b))


def _items(old: Sequence[Any], new: Sequence[Any], name: str) -> Iterator[Change]:
    old_ids = [item.id for item in old]
    new_ids = [item.id for item in new]
    by_id = {item.id: (i, item) for i, item in enumerate(old)}
    kept_old = [i for i in old_ids if i in set(new_ids)]
    kept_new = [i for i in new_ids if i in by_id]
    in_order = _stayed(kept_old, kept_new)
    for index, item in enumerate(new):
        loc: Loc = ("summary", name, index)
        if item.id not in by_id:
            yield Change("added", loc, f"{item.id} added", new=_item_text(item))
            continue
        old_index, before = by_id[item.id]
        if item.id not in in_order:
            yield Change("moved", loc, f"{item.id} moved", str(old_index + 1), str(index + 1))
        for field, value in item:
            if field != "id" and getattr(before, field) != value:
                label = f"{item.id} {field.replace('_', ' ')}"
                yield Change(
                    "changed", (*loc, field), label, _text(getattr(before, field)), _text(value)
                )
    new_set = set(new_ids)
    for index, item in enumerate(old):
        if item.id not in new_set:
            yield Change(
                "removed", ("summary", name, index), f"{item.id} removed", old=_item_text(item)
            )


def _stayed(old: list[str], new: list[str]) -> set[str]:
    """The ids that did not move: the longest run of ids in the same order in both lists
    and, among runs as long, the one with most ids at the same place (swap the second
    and fourth of four, and the first and third stay, not the first and second)."""
    n, m = len(old), len(new)
    # best[i][j]: (length, ids in place) of the best common run of old[i:] and new[j:]
    best = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if old[i] == new[j]:
                length, placed = best[i + 1][j + 1]
                best[i][j] = (length + 1, placed + (i == j))
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    stayed, i, j = set(), 0, 0
    while i < n and j < m:
        if old[i] == new[j] and best[i][j] == (
            best[i + 1][j + 1][0] + 1,
            best[i + 1][j + 1][1] + (i == j),
        ):
            stayed.add(old[i])
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return stayed


def _item_text(item: Any) -> str:
    for field in ("claim", "point", "action"):
        if hasattr(item, field):
            return f"{item.id}: {getattr(item, field)}"
    return str(item.id)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _short(text: str | None, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return repr(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")
