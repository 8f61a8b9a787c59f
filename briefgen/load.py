"""brief.yaml → (Brief, SourceMap): parse YAML keeping line numbers, validate with pydantic.

PyYAML's composer gives nodes with marks; we build the Python values ourselves from the
node tree, so that every value knows its line, duplicate keys are errors instead of
silently keeping the last one, and alias bombs are refused by a node budget.  Pydantic
errors are mapped by their stable ``type`` and ``loc`` to one-line Problems.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from briefgen.errors import InputError, Problem
from briefgen.escape import forbidden_characters
from briefgen.model import Brief, duplicate_ids, format_loc, unresolved_based_on

MAX_BRIEF_BYTES = 1_000_000
"""A brief is a page of YAML; anything past 1 MB is a mistake (or an attack)."""
MAX_NODES = 50_000
"""YAML nodes built after alias expansion: refuses "billion laughs" documents quickly."""

Loc = tuple[str | int, ...]

try:  # libyaml's composer is several times faster; the pure-Python one gives the same nodes
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class SourceMap:
    """Where each value of a YAML document stands: field path → 1-based line."""

    file: Path
    lines: dict[Loc, int] = field(default_factory=dict)
    """Where each value starts."""
    keys: dict[Loc, int] = field(default_factory=dict)
    """Where each mapping key stands (for "unknown key" and "duplicate key")."""

    def line(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.file, self.line(loc), format_loc(loc) or None, message)


def read_yaml(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> tuple[Any, SourceMap]:
    """Read a YAML file into plain Python values and a SourceMap; InputError if it can't."""
    text = read_text(path, max_bytes)
    source = SourceMap(path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        col = f" (column {mark.column + 1})" if mark else ""
        what = err.problem or err.context or "syntax error"
        raise InputError([Problem(path, line, None, f"not valid YAML: {what}{col}")]) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(path, None, None, f"not valid YAML: {err}")]) from None
    if node is None:
        raise InputError([Problem(path, 1, None, "the file is empty")])
    builder = _Builder(source)
    value = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    return value, source


def read_text(path: Path, max_bytes: int) -> str:
    """A UTF-8 text file (BOM and CRLF accepted), or an InputError saying why not."""
    try:
        if path.is_dir():
            raise InputError([Problem(path, None, None, "is a directory, not a file")])
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                [Problem(path, None, None, f"is {size:,} bytes; the limit is {max_bytes:,}")]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, None, None, "no such file")]) from None
    except PermissionError:
        raise InputError([Problem(path, None, None, "permission denied")]) from None
    except OSError as err:
        raise InputError([Problem(path, None, None, f"cannot read: {err.strerror}")]) from None
    if b"\x00" in data:
        raise InputError([Problem(path, None, None, "is a binary file, not text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start]
        raise InputError(
            [Problem(path, line, None, f"not UTF-8: byte 0x{bad:02x} at offset {err.start}")]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


class _Builder:
    """Node tree → dicts, lists and scalars, recording lines and problems on the way."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.nodes = 0
        self._scalars = yaml.SafeLoader("")  # only its scalar constructors are used

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.problems.append(
                self.source.problem(loc, f"more than {MAX_NODES:,} values (alias expansion?)")
            )
            raise InputError(self.problems)
        self.source.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            # !!python/object and friends: a brief is data, nothing in it is constructed.
            self.problems.append(self.source.problem(loc, f"YAML tag {node.tag!r} is not allowed"))
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = (
                    self._scalars.construct_object(key_node)
                    if isinstance(key_node, yaml.ScalarNode)
                    else None
                )
                if not isinstance(key, str | int):
                    self.problems.append(self.source.problem(loc, "keys must be plain names"))
                    continue
                child = (*loc, key)
                line = key_node.start_mark.line + 1
                if key in result:
                    first = self.source.keys[child]
                    self.problems.append(
                        Problem(
                            self.source.file,
                            line,
                            format_loc(child),
                            f"duplicate key {key!r} (first at line {first})",
                        )
                    )
                    continue
                self.source.keys[child] = line
                self.source.lines[child] = line
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        try:
            value = self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as err:  # e.g. a date 2024-13-45
            self.problems.append(self.source.problem(loc, f"cannot read this value: {err}"))
            return None
        if isinstance(value, str):
            bad = forbidden_characters(value)
            if bad:
                # Refused, not silently dropped: a stray ESC or NUL usually means text was
                # pasted from a terminal or a broken converter, and the user should look.
                self.problems.append(
                    self.source.problem(
                        loc,
                        f"contains control character(s) {', '.join(bad)} that a document "
                        "cannot carry; delete them",
                    )
                )
        return value


def load_brief(path: Path) -> tuple[Brief, SourceMap]:
    """Read and validate a brief file; InputError with every problem found."""
    data, source = read_yaml(path)
    brief = validate_model(Brief, data, source)
    problems = [source.problem(loc, msg) for loc, msg in duplicate_ids(brief)]
    problems += [source.problem(loc, msg) for loc, msg in unresolved_based_on(brief)]
    if problems:
        raise InputError(problems)
    return brief, source


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
    names = list(current.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    if close:
        return f' (did you mean "{close[0]}"?)'
    return f" (expected one of: {', '.join(names)})"


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside ``Model``, ``list[Model]`` or ``Model | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
