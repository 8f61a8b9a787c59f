"""Placeholders left in a brief: text that still holds the marker ``briefgen draft`` writes.

``briefgen draft`` marks every value the analyst must write with ``TODO``
(``actor: "TODO: who should act"``).  A brief is checked for the marker in every text
field of the validated brief, whoever wrote it (the draft, an LLM, a copied brief): the
marker as a word of its own, in capitals, anywhere in the text, so "TODO: by when" and
"Engage Kyiv. TODO check the date" count, and Spanish "todo" or "TODOS" do not.

A draft may hold placeholders (each is a warning); a brief whose status is ``reviewed``
or ``final`` may not (each is an error).  The pipeline decides which; this module only
finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from briefgen.errors import Problem
from briefgen.load import Loc, SourceMap
from briefgen.model import Brief

__all__ = ["MARKER", "Placeholder", "find_placeholders", "placeholder_problems"]

MARKER = "TODO"
"""Marks every placeholder a draft leaves (``briefgen draft`` writes it, this module finds
it); ``grep TODO brief.yaml`` lists what is left to write.  Defined here, not in the
draft package, so that a render need not import the drafting code."""

_FOUND = re.compile(rf"(?<![\w-]){re.escape(MARKER)}(?![\w-])")
_SHOWN = 60
"""Characters of a placeholder quoted in its message; longer ones are cut with …."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A text field of the brief that still holds the marker."""

    loc: Loc
    """Where it is: ("source", "author"), ("summary", "recommendations", 0, "actor")."""
    text: str
    """The field's text, as the brief has it."""


def find_placeholders(brief: Brief) -> list[Placeholder]:
    """Every text field of ``brief`` that holds the marker, in the order of the schema."""
    return [Placeholder(loc, text) for loc, text in _texts(brief, ()) if _FOUND.search(text)]


def placeholder_problems(brief: Brief, source: SourceMap, finished: bool = False) -> list[Problem]:
    """One Problem per placeholder, at its line.  ``finished``: the brief says it is
    reviewed or final, so the message says why a placeholder is not allowed there."""
    problems = []
    for found in find_placeholders(brief):
        message = f"placeholder left to fill in ({_quote(found.text)})"
        if finished:
            message += (
                f", but the brief's status is {brief.brief.status}: fill it in, "
                "or set status: draft"
            )
        problems.append(source.problem(found.loc, message))
    return problems


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """(location, text) of every string in a validated model, by the brief file's keys."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*loc, info.alias or name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def _quote(text: str) -> str:
    shown = " ".join(text.split())
    if len(shown) > _SHOWN:
        shown = shown[: _SHOWN - 1].rstrip() + "…"
    return f'"{shown}"'
