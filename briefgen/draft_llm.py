"""Moved to :mod:`briefgen.draft.llm`.  Kept only for the import in
``briefgen/cli/authoring.py``; delete it once that imports from ``briefgen.draft.llm``."""

from __future__ import annotations

from briefgen.draft.llm import Timeout, chat_url, draft_with_llm

__all__ = ["Timeout", "chat_url", "draft_with_llm"]
