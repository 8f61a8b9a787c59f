"""One cleanup for every format: a DOCX or a web page made by pasting a PDF's text gets
the treatment a ``.txt`` gets (furniture out, a sentence cut by a page break whole
again, stranded URLs out as links, captions and teasers out wherever they stand)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from ingest_cases import CASES, read_cases, render

from briefgen.ingest import ingest


def written(title: str, text: str, folder: Path) -> Path:
    """The file a case describes: ``[docx]`` a DOCX with a paragraph per line of
    ``text``, ``[html]`` a web page holding ``text``."""
    if title.startswith("[docx]"):
        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        path = folder / "essay.docx"
        document.save(str(path))
        return path
    assert title.startswith("[html]"), title
    path = folder / "essay.html"
    path.write_text(text, encoding="utf-8")
    return path


CASE_LIST = read_cases(CASES / "formats.txt")


@pytest.mark.parametrize(("text", "expected"), CASE_LIST)
def test_format(request: pytest.FixtureRequest, tmp_path: Path, text: str, expected: str) -> None:
    title = request.node.callspec.id
    assert render(ingest(written(title, text, tmp_path))) == expected
