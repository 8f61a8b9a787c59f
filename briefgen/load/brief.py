"""A brief file → (Brief, SourceMap): YAML or JSON by its suffix, validated and checked
(``checks.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefgen.errors import InputError
from briefgen.load.checks import brief_problems
from briefgen.load.json_reader import read_json
from briefgen.load.limits import MAX_BRIEF_BYTES
from briefgen.load.pydantic_errors import validate_model
from briefgen.load.source_map import SourceMap
from briefgen.load.yaml_reader import read_yaml
from briefgen.model import Brief


def read_data(path: Path, max_bytes: int = MAX_BRIEF_BYTES) -> tuple[Any, SourceMap]:
    """A data file by its suffix: ``.json`` as JSON, anything else (.yaml, .yml) as YAML."""
    if path.suffix.lower() == ".json":
        return read_json(path, max_bytes)
    return read_yaml(path, max_bytes)


def load_brief(path: Path) -> tuple[Brief, SourceMap]:
    """Read and validate a brief file (YAML, or JSON if it ends in .json); InputError with
    every problem found."""
    data, source = read_data(path)
    brief = validate_model(Brief, data, source)
    problems = brief_problems(brief, source)
    if problems:
        raise InputError(problems)
    return brief, source
