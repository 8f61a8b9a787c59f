"""brief.yaml or brief.json → (Brief, SourceMap): parse keeping line numbers, validate.

PyYAML's composer gives nodes with marks; we build the Python values ourselves from the
node tree, so that every value knows its line, duplicate keys are errors instead of
silently keeping the last one, and alias bombs are refused by a node budget.  Pydantic
errors are mapped by their stable ``type`` and ``loc`` to one-line Problems.

JSON is read by the standard library's parser (the judge of what is JSON, and of where
it is broken) and then composed into the same kind of node tree by a small scanner that
knows the text is valid, so one builder serves both formats.  PyYAML itself is not used
for JSON: it implements YAML 1.1, which is not a superset of JSON.  It refuses a key
whose colon is on the next line, keys over 1,024 characters, and characters a JSON
string may hold (U+007F, U+FFFF); it reads ``1e5`` and ``NaN`` as text, refuses or
splits an escaped surrogate pair (``\ud83d\ude00``), and its pure-Python loader refuses
tab indentation; and it accepts what JSON does not: trailing commas, single quotes,
``#`` comments, bare words.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from briefgen.errors import InputError, Problem
from briefgen.escape import forbidden_characters
from briefgen.model import Brief, duplicate_ids, format_loc, unresolved_based_on
from briefgen.suggest import did_you_mean
from briefgen.yaml_syntax import yaml_problem

MAX_BRIEF_BYTES = 1_000_000
"""A brief is a page of YAML; anything past 1 MB is a mistake (or an attack)."""
MAX_NODES = 50_000
"""YAML nodes built after alias expansion: refuses "billion laughs" documents quickly."""
MAX_DEPTH = 64
"""Nesting levels; a brief has five.  Deeper documents are refused before Python's
recursion limit turns them into an internal error."""

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


def read_data(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> tuple[Any, SourceMap]:
    """A data file by its suffix: ``.json`` as JSON, anything else (.yaml, .yml) as YAML."""
    if path.suffix.lower() == ".json":
        return read_json(path, max_bytes)
    return read_yaml(path, max_bytes)


def read_yaml(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> tuple[Any, SourceMap]:
    """Read a YAML file into plain Python values and a SourceMap; InputError if it can't."""
    text = read_text(path, max_bytes)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise InputError([yaml_problem(path, text, err)]) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(path, None, None, f"not valid YAML: {err}")]) from None
    if node is None:
        raise InputError([Problem(path, 1, None, "the file is empty")])
    return _build(node, SourceMap(path))


def read_json(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> tuple[Any, SourceMap]:
    """Read a JSON file into plain Python values and a SourceMap; InputError if it can't.

    Strict JSON (RFC 8259): no comments, trailing commas, single quotes or NaN.
    """
    text = read_text(path, max_bytes)
    if not text.strip():
        raise InputError([Problem(path, 1, None, "the file is empty")])
    try:
        # Syntax only: numbers are not converted here, so a 5,000-digit one is reported
        # below with its line instead of failing the whole file.
        json.loads(text, parse_int=_ignore, parse_float=_ignore, parse_constant=_ignore)
    except json.JSONDecodeError as err:
        # Some of json's messages end in "at", where its str() adds "line 3 column 7 …".
        what = re.sub(r"( starting)? at$", "", err.msg)
        raise InputError(
            [Problem(path, err.lineno, None, f"not valid JSON: {what} (column {err.colno})")]
        ) from None
    except RecursionError:
        raise InputError([Problem(path, None, None, _TOO_DEEP)]) from None
    return _build(_JsonComposer(text, path).compose(), SourceMap(path))


def _ignore(token: str) -> None:
    return None


def _build(node: yaml.Node, source: SourceMap) -> tuple[Any, SourceMap]:
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
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_JSON_WORDS = {"true": "bool", "false": "bool", "null": "null"}


class _JsonComposer:
    """JSON text that ``json.loads`` accepted → the node tree PyYAML's composer builds.

    Because the text is known to be valid, this only has to find where each value starts:
    the values themselves are decoded by the json module (strings) or by the same scalar
    constructors YAML uses (numbers, true/false/null, whose JSON forms they all accept).
    """

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.nodes = 0
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self._marks: dict[int, yaml.Mark] = {}

    def compose(self) -> yaml.Node:
        node, _ = self._value(self._skip(0), 0)
        return node

    def _value(self, pos: int, depth: int) -> tuple[yaml.Node, int]:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._refuse(pos, f"more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise self._refuse(pos, _TOO_DEEP)
        mark, char = self._mark(pos), self.text[pos]
        if char == "{":
            pairs: list[tuple[yaml.Node, yaml.Node]] = []
            pos = self._skip(pos + 1)
            while self.text[pos] != "}":
                key, pos = self._scalar(pos)
                pos = self._skip(self._skip(pos) + 1)  # past the colon
                value, pos = self._value(pos, depth + 1)
                pairs.append((key, value))
                pos = self._next(pos)
            return yaml.MappingNode(_tag("map"), pairs, mark, mark), pos + 1
        if char == "[":
            items: list[yaml.Node] = []
            pos = self._skip(pos + 1)
            while self.text[pos] != "]":
                item, pos = self._value(pos, depth + 1)
                items.append(item)
                pos = self._next(pos)
            return yaml.SequenceNode(_tag("seq"), items, mark, mark), pos + 1
        return self._scalar(pos)

    def _scalar(self, pos: int) -> tuple[yaml.Node, int]:
        mark = self._mark(pos)
        if self.text[pos] == '"':
            match = _JSON_STRING.match(self.text, pos)
            assert match is not None  # the text is valid JSON
            value = json.loads(match.group())
            return yaml.ScalarNode(_tag("str"), value, mark, mark), match.end()
        for word, kind in _JSON_WORDS.items():
            if self.text.startswith(word, pos):
                return yaml.ScalarNode(_tag(kind), word, mark, mark), pos + len(word)
        number = _JSON_NUMBER.match(self.text, pos)
        if number is None:  # NaN, Infinity, -Infinity: Python's json reads them; JSON has none
            bare = re.match(r"-?\w+", self.text[pos : pos + 10])
            shown = bare.group() if bare else self.text[pos]
            column = pos - self._line_starts[mark.line] + 1
            raise InputError(
                [
                    Problem(
                        self.path,
                        mark.line + 1,
                        None,
                        f"not valid JSON: {shown} is not a JSON value; write a number or null "
                        f"(column {column})",
                    )
                ]
            )
        kind = "float" if number.group(1) or number.group(2) else "int"
        return yaml.ScalarNode(_tag(kind), number.group(), mark, mark), number.end()

    def _skip(self, pos: int) -> int:
        match = _JSON_SPACE.match(self.text, pos)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def _next(self, pos: int) -> int:
        """Past the comma after an item, if there is one, and the space around it."""
        pos = self._skip(pos)
        return self._skip(pos + 1) if self.text[pos] == "," else pos

    def _mark(self, pos: int) -> yaml.Mark:
        line = bisect.bisect_right(self._line_starts, pos) - 1
        if line not in self._marks:  # one mark per line: only the line is ever read
            self._marks[line] = yaml.Mark(str(self.path), pos, line, 0, None, 0)
        return self._marks[line]

    def _refuse(self, pos: int, message: str) -> InputError:
        return InputError([Problem(self.path, self._mark(pos).line + 1, None, message)])


def _tag(kind: str) -> str:
    return f"tag:yaml.org,2002:{kind}"


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
        if len(loc) > MAX_DEPTH:
            line = node.start_mark.line + 1
            self.problems.append(Problem(self.source.file, line, None, _TOO_DEEP))
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
    """Read and validate a brief file (YAML, or JSON if it ends in .json); InputError with
    every problem found."""
    data, source = read_data(path)
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
