"""A walk over a PDF's objects that a damaged or hostile file cannot trap."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def dictionaries(start: Any, follow: str) -> Iterator[Any]:
    """Every dictionary reached from ``start`` through arrays and the ``follow`` key
    (``/K`` of structure elements, ``/Next`` of actions), indirect references resolved,
    each once: a file whose objects point back at themselves ends the walk, not loops."""
    seen: set[int] = set()
    stack = [start]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        item = item.get_object()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif hasattr(item, "get") and id(item) not in seen:
            seen.add(id(item))
            yield item
            stack.append(item.get(follow))
