"""Pydantic's validation errors → one-line Problems, by their stable ``type`` and ``loc``.

The line comes from the SourceMap, the wording from the tables below, never from
rewriting pydantic's English; an unknown key gets a "did you mean" from the model's own
field names.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from briefgen.errors import InputError, Problem
from briefgen.load.source_map import Loc, SourceMap, format_loc
from briefgen.suggest import did_you_mean


def validate_model(model: type[BaseModel], data: Any, source: SourceMap) -> Any:
    """``model.model_validate(data)``, with pydantic's errors as located one-line Problems."""
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError([source.problem((), f"should be a mapping of keys to values, not {kind}")])
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = [_problem(model, e, source) for e in err.errors(include_url=False)]
        raise InputError(problems) from None


def _problem(model: type[BaseModel], error: Any, source: SourceMap) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    message = _MESSAGES.get(kind, "{msg}")
    if kind == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}" + _suggest(model, loc)
    elif kind in {"string_type", "model_type", "dict_type", "list_type", "int_type", "int_parsing"}:
        message = f"{message}, not {_describe(value)}"
    elif kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind == "literal_error":
        message = f"should be one of {ctx.get('expected')}, not {_describe(value)}"
    elif kind == "string_pattern_mismatch":
        message = _PATTERN_MESSAGES.get(
            str(loc[-1] if not isinstance(loc[-1], int) else loc[-2]), "is not in the expected form"
        )
    if kind == "extra_forbidden":
        line = source.keys.get(loc, source.line(loc))
        return Problem(source.file, line, format_loc(loc), message)
    return source.problem(loc, message.format(msg=error["msg"], **ctx))


_MESSAGES = {
    "missing": "is required but missing",
    "string_type": "should be text",
    "model_type": "should be a mapping of keys to values",
    "dict_type": "should be a mapping of keys to values",
    "list_type": "should be a list",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "bool_type": "should be true or false",
    "string_too_short": "is empty",
    "string_too_long": "is too long: the limit is {max_length} characters",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "has too many items: the limit is {max_length}",
    "greater_than_equal": "should be {ge} or more",
    "date_from_datetime_parsing": "should be a date like 2024-09-01",
    "date_parsing": "should be a date like 2024-09-01",
    "date_type": "should be a date like 2024-09-01",
}

_PATTERN_MESSAGES = {
    "id": "should be a short id: a letter then letters, digits, - or _ (e.g. E1)",
    "based_on": "should be an evidence id such as E1",
    "url": "should be an http, https or mailto URL",
    "links": "should be an http or https URL",
    "slug": "should be lowercase letters, digits and hyphens",
    "language": "should be a BCP 47 language tag such as en, fr or de-CH",
}


def _describe(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return f"{type(value).__name__} {value!r}"


def _suggest(model: type[BaseModel], loc: Loc) -> str:
    """' (did you mean "recommendations"?)' for a misspelt key, found by walking the model."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field_info is None:
            return ""
        current = _model_of(field_info.annotation)
        if current is None:
            return ""
    if not hasattr(current, "model_fields"):
        return ""
    names = [info.alias or name for name, info in current.model_fields.items()]
    return did_you_mean(str(loc[-1]), names) or f" (expected one of: {', '.join(names)})"


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside ``Model``, ``list[Model]`` or ``Model | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
