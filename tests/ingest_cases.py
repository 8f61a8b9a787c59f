"""Ingest cases as text, in markdown-it-py's fixture form, and how a result is written.

A case is a title line, then `.`, the input, `.`, the expected result, `.`; lines
starting with # before a title are comments.  In the input, ``\\f`` stands for a form
feed (``pdftotext`` ends each page with one).  A result is written one line per
paragraph (``¶n Ln: text``), then one per removal (``removed Ln kind: text``), then one
per link (``link Ln: url``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.essay import Essay

CASES = Path(__file__).resolve().parent / "cases" / "ingest"


def read_cases(path: Path) -> list[object]:
    """The cases of ``path`` as ``pytest.param(text, expected, id=title)``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[object] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].startswith("#"):
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.' after the title"
        middle = lines.index(".", i + 2)
        end = lines.index(".", middle + 1)
        text, expected = "\n".join(lines[i + 2 : middle]), "\n".join(lines[middle + 1 : end])
        cases.append(pytest.param(text.replace("\\f", "\f"), expected, id=title))
        i = end + 1
    return cases


def render(essay: Essay) -> str:
    """``essay`` as a case writes its expected result."""
    return "\n".join(
        [
            *(f"¶{p.number} L{p.line}: {p.text}" for p in essay.paragraphs),
            *(f"removed L{r.line} {r.kind}: {r.text}" for r in essay.removals),
            *(f"link L{link.line}: {link.url}" for link in essay.links),
        ]
    )
