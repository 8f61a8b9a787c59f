"""brief.json → values and a SourceMap: the standard library judges, a scanner finds lines.

JSON is read by the standard library's parser (the judge of what is JSON, and of where
it is broken) and then composed into the same kind of node tree as PyYAML's composer
makes, by a small scanner that knows the text is valid, so one builder (``nodes.py``)
serves both formats.  PyYAML itself is not used for JSON: it implements YAML 1.1, which
is not a superset of JSON.  It refuses a key whose colon is on the next line, keys over
1,024 characters, and characters a JSON string may hold (U+007F, U+FFFF); it reads
``1e5`` and ``NaN`` as text, refuses or splits an escaped surrogate pair
(``\\ud83d\\ude00``), and its pure-Python loader refuses tab indentation; and it accepts
what JSON does not: trailing commas, single quotes, ``#`` comments, bare words.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import InputError, Problem
from briefgen.load.limits import MAX_BRIEF_BYTES, MAX_DEPTH, MAX_NODES, TOO_DEEP
from briefgen.load.nodes import build, tag
from briefgen.load.source_map import SourceMap
from briefgen.load.text import read_text

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_JSON_WORDS = {"true": "bool", "false": "bool", "null": "null"}


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
        raise InputError([Problem(path, None, None, TOO_DEEP)]) from None
    return build(_JsonComposer(text, path).compose(), SourceMap(path))


def _ignore(token: str) -> None:
    return None


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
            raise self._refuse(pos, TOO_DEEP)
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
            return yaml.MappingNode(tag("map"), pairs, mark, mark), pos + 1
        if char == "[":
            items: list[yaml.Node] = []
            pos = self._skip(pos + 1)
            while self.text[pos] != "]":
                item, pos = self._value(pos, depth + 1)
                items.append(item)
                pos = self._next(pos)
            return yaml.SequenceNode(tag("seq"), items, mark, mark), pos + 1
        return self._scalar(pos)

    def _scalar(self, pos: int) -> tuple[yaml.Node, int]:
        mark = self._mark(pos)
        if self.text[pos] == '"':
            match = _JSON_STRING.match(self.text, pos)
            assert match is not None  # the text is valid JSON
            value = json.loads(match.group())
            return yaml.ScalarNode(tag("str"), value, mark, mark), match.end()
        for word, kind in _JSON_WORDS.items():
            if self.text.startswith(word, pos):
                return yaml.ScalarNode(tag(kind), word, mark, mark), pos + len(word)
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
        return yaml.ScalarNode(tag(kind), number.group(), mark, mark), number.end()

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
