"""'did you mean "recommendations"?': the closest of the known names to a misspelt one.

One rule for every name a user types: keys of a brief or a style.yaml, template names.
difflib's ratio (Ratcliff/Obershelp) at 0.6 suggests "memo" for "memoo" and
"recommendations" for "recomendations", and nothing for a name unlike any known one,
where a wrong guess would mislead more than no guess.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6
"""How alike a known name must be to be suggested (difflib's default)."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like ``name``, or None when none is alike enough."""
    found = difflib.get_close_matches(name, list(known), n=1, cutoff=CUTOFF)
    return found[0] if found else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``' (did you mean "memo"?)'`` for a misspelt ``name``, else ``''``."""
    match = closest(name, known)
    return f' (did you mean "{match}"?)' if match is not None else ""
