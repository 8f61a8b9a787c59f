"""Draft: an essay → a first brief.yaml to edit, offline and deterministic, or by a model.

The offline draft is extractive: every quote in it is a whole sentence of the cleaned
essay, so it grounds by construction; every field the analyst must write is a marked
placeholder (:data:`TODO`) that still validates, and the file explains each field in
comments.  ``status: draft`` stays until the analyst has done the work.  The parts:

- ``extractive.py``: ``draft_brief`` and ``write_draft``, the offline draft end to end;
- ``proposal.py``: the sentences chosen (LexRank) and the keywords (YAKE);
- ``metadata.py``: what the essay says about itself (title, byline, publisher, links);
- ``yaml_text.py``: the commented brief.yaml text, and the ``TODO`` marker;
- ``commands.py``: the essay's path from the brief, and the commands the comments suggest.

``briefgen draft --llm URL`` asks a language model instead (:mod:`briefgen.draft.llm`,
imported only when used, so this package's import stays the offline draft's):

- ``llm.py``: ``draft_with_llm``: the prompt, the request, the result;
- ``llm_client.py``: an OpenAI-compatible chat-completions client (timeouts, retries)
  and its errors;
- ``llm_answer.py``: the answer checked against the schema, then written with every
  problem validation and grounding find listed at its top.
"""

from __future__ import annotations

from briefgen.draft.commands import Commands, validate_command
from briefgen.draft.extractive import draft_brief, write_draft
from briefgen.draft.metadata import Metadata, find_metadata
from briefgen.draft.proposal import Draft, Sentence, propose
from briefgen.draft.yaml_text import TODO, to_yaml

__all__ = [
    "TODO",
    "Commands",
    "Draft",
    "Metadata",
    "Sentence",
    "draft_brief",
    "find_metadata",
    "propose",
    "to_yaml",
    "validate_command",
    "write_draft",
]
