"""The offline draft, end to end: essay → proposal → brief.yaml text, checked, written."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefgen.draft.commands import commands_for, source_essay
from briefgen.draft.proposal import propose
from briefgen.draft.yaml_text import to_yaml
from briefgen.ingest import ingest
from briefgen.model import Brief
from briefgen.userfiles import write_user_file

__all__ = ["draft_brief", "write_draft"]


def draft_brief(
    essay_path: Path, essay_ref: str | None = None, brief_path: Path | None = None
) -> str:
    """The text of a first brief.yaml for the essay at ``essay_path``.

    ``essay_ref`` is what ``source.essay`` says (the path relative to the brief); the
    essay's file name by default, for a brief beside it.  ``brief_path`` is where the
    draft will be written: the commands its comments suggest name it, and the essay, by
    paths that work from the current folder.  The draft validates as it is; an essay
    with no sentence to quote is an InputError.
    """
    essay = ingest(essay_path)
    commands = commands_for(essay_path, brief_path) if brief_path is not None else None
    text = to_yaml(propose(essay), essay_ref or essay_path.name, commands)
    # A draft that does not validate is a bug here, not the analyst's problem: fail loudly.
    Brief.model_validate(yaml.safe_load(text))
    return text


def write_draft(essay_path: Path, out_path: Path, force: bool = False) -> bool:
    """Write the draft of ``essay_path`` to ``out_path`` atomically, creating its folders.

    Returns False when ``out_path`` already holds this very draft (nothing written).
    Refuses (OutputError) to replace a file with anything else in it unless ``force``:
    the analyst may have edited it (the rule of ``briefgen.userfiles``).  The draft is
    made first, since only then can it be compared.
    """
    text = draft_brief(essay_path, source_essay(essay_path, out_path), out_path)
    return write_user_file(out_path, text.encode("utf-8"), force)
