"""A node tree (PyYAML's, or the JSON composer's) → plain Python values and their lines.

We build the values ourselves rather than let PyYAML construct them, so that every value
knows its line, duplicate keys are errors instead of silently keeping the last one, tags
construct nothing, and alias bombs are refused by a node budget.
"""

from __future__ import annotations

from typing import Any

import yaml

from briefgen.errors import InputError, Problem
from briefgen.escape import forbidden_characters
from briefgen.load.limits import MAX_DEPTH, MAX_NODES, TOO_DEEP
from briefgen.load.source_map import Loc, SourceMap, format_loc

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def tag(kind: str) -> str:
    """YAML's standard tag for ``kind`` (``str``, ``map``, …)."""
    return f"tag:yaml.org,2002:{kind}"


def build(node: yaml.Node, source: SourceMap) -> tuple[Any, SourceMap]:
    """The values of the tree under ``node``, with ``source`` filled in; InputError with
    every problem found."""
    builder = _Builder(source)
    value = builder.build(node, ())
    if builder.problems:
        raise InputError(builder.problems)
    return value, source


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
            self.problems.append(Problem(self.source.file, line, None, TOO_DEEP))
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
