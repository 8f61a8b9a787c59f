"""The cleaned essay as JSON-ready data, for ``briefgen essay --json``."""

from __future__ import annotations

from typing import Any

from briefgen.essay import Essay


def essay_json(essay: Essay) -> dict[str, Any]:
    """``essay`` as plain data: ``json.dumps`` writes it as is.

    ``{"path", "paragraphs": [{"number", "text", "line"}], "links": [{"url", "line"}],
    "removed": [{"kind", "text", "line"}]}``; ``path`` is ``None`` for an essay ingested
    from a string.  Lines are those of the text the reader made (for a ``.txt``, of
    the file).
    """
    return {
        "path": None if essay.path is None else str(essay.path),
        "paragraphs": [
            {"number": p.number, "text": p.text, "line": p.line} for p in essay.paragraphs
        ],
        "links": [{"url": link.url, "line": link.line} for link in essay.links],
        "removed": [{"kind": r.kind, "text": r.text, "line": r.line} for r in essay.removals],
    }
