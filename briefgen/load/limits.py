"""How much of a brief file is read: past these, the file is refused with one line."""

from __future__ import annotations

MAX_BRIEF_BYTES = 1_000_000
"""A brief is a page of YAML; anything past 1 MB is a mistake (or an attack)."""
MAX_NODES = 50_000
"""YAML nodes built after alias expansion: refuses "billion laughs" documents quickly."""
MAX_DEPTH = 64
"""Nesting levels; a brief has five.  Deeper documents are refused before Python's
recursion limit turns them into an internal error."""

TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
"""The message for a document past ``MAX_DEPTH``, in YAML and JSON alike."""
