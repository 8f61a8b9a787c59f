"""brief.yaml (or style.yaml) → values and a SourceMap, by PyYAML's composer and our builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import InputError, Problem
from briefgen.load.limits import MAX_BRIEF_BYTES
from briefgen.load.nodes import build
from briefgen.load.source_map import SourceMap
from briefgen.load.text import read_text
from briefgen.yaml_syntax import yaml_problem

try:  # libyaml's composer is several times faster; the pure-Python one gives the same nodes
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


def read_yaml(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> tuple[Any, SourceMap]:
    """Read a YAML file into plain Python values and a SourceMap; InputError if it can't."""
    return read_yaml_text(read_text(path, max_bytes), path)


def read_yaml_text(text: str, path: Path) -> tuple[Any, SourceMap]:
    """YAML ``text`` (from ``path``, for messages) into values and a SourceMap."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise InputError([yaml_problem(path, text, err)]) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(path, None, None, f"not valid YAML: {err}")]) from None
    if node is None:
        raise InputError([Problem(path, 1, None, "the file is empty")])
    return build(node, SourceMap(path))
