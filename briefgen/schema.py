"""The JSON Schema of a brief file, for editors and LLMs that write briefs.

Generated from the pydantic models in model.py, so it cannot drift from what ``validate``
accepts: every field carries a description and an example, and the limits (lengths, item
counts, id and URL forms, the bottom line's sentence limit in its description) are in it.
It says less than ``validate`` does: whether a quote stands in the essay, whether ids are
unique and whether ``based_on`` resolves are checks only briefgen can make.
"""

from __future__ import annotations

from typing import Any

from briefgen.model import Brief

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The dialect pydantic generates."""
SCHEMA_ID = "urn:briefgen:brief"
"""A name, not an address: nothing is fetched from it; an editor is pointed at a file."""
SCHEMA_TITLE = "briefgen brief"


def brief_schema() -> dict[str, Any]:
    """The JSON Schema of brief.yaml / brief.json, as a fresh dict (safe to modify)."""
    generated = Brief.model_json_schema(mode="validation")
    head = {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, "title": SCHEMA_TITLE}
    # What the file is comes first, the $defs last: a person reads it top down.
    rest = {key: value for key, value in generated.items() if key not in {"title", "$defs"}}
    return {**head, **rest, "$defs": generated["$defs"]}
