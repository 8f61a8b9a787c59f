"""brief.yaml or brief.json → (Brief, SourceMap): parse keeping line numbers, validate.

Every value knows its line, so every Problem names the file, the line and the field.
The parts, in the order a file goes through them:

- ``text.py``: the file → text (UTF-8, BOM and CRLF accepted, within a size limit);
- ``yaml_reader.py``: YAML text → PyYAML's node tree (its composer, never its constructors);
- ``json_reader.py``: JSON text, judged by the standard library → the same kind of tree;
- ``nodes.py``: a node tree → plain values, recording lines; duplicate keys, tags and
  alias bombs refused;
- ``source_map.py``: ``Loc`` (a field path, and ``format_loc`` to show it) and
  ``SourceMap`` (field path → line);
- ``pydantic_errors.py``: ``validate_model``: pydantic's errors mapped by ``type`` and
  ``loc`` to one-line Problems;
- ``checks.py``: ``brief_problems``: what pydantic cannot check field by field (ids
  unique across the lists, ``based_on`` naming evidence);
- ``brief.py``: ``read_data`` (YAML or JSON by suffix) and ``load_brief``, the whole way;
- ``limits.py``: how much is read (bytes, values, depth).
"""

from __future__ import annotations

from briefgen.load.brief import load_brief, read_data
from briefgen.load.checks import brief_problems
from briefgen.load.json_reader import read_json
from briefgen.load.limits import MAX_BRIEF_BYTES, MAX_DEPTH, MAX_NODES
from briefgen.load.pydantic_errors import validate_model
from briefgen.load.source_map import Loc, SourceMap, format_loc
from briefgen.load.text import read_text
from briefgen.load.yaml_reader import read_yaml

__all__ = [
    "MAX_BRIEF_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Loc",
    "SourceMap",
    "brief_problems",
    "format_loc",
    "load_brief",
    "read_data",
    "read_json",
    "read_text",
    "read_yaml",
    "validate_model",
]
