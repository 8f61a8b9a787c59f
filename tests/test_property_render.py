"""Property: any brief the schema accepts, with any Unicode text, renders; both files reopen."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from docx import Document as open_docx
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from readers import squash

from briefgen.errors import BriefgenError
from briefgen.escape import strip_xml_forbidden
from briefgen.pipeline import render_brief

SAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "reset-with-russia"
BASE = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))

# Any Unicode the schema accepts: no control characters a document cannot carry, and at
# least one visible character.  Each field gets a marker so its place in the PDF is known.
_text = (
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)
    .map(strip_xml_forbidden)
    .filter(lambda t: t.strip() != "")
)


# Each example renders two files (~0.3 s): a fifth of the profile's examples (30 in CI).
@pytest.mark.slow
@settings(max_examples=max(20, settings.default.max_examples // 5))
@given(
    title=_text,
    claims=st.lists(_text, min_size=1, max_size=7),
    action=_text,
    point=_text,
    bottom=_text,
)
def test_any_accepted_text_renders_and_reopens(
    title: str, claims: list[str], action: str, point: str, bottom: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "brief"
        shutil.copytree(SAMPLE, folder)
        data = yaml.safe_load(yaml.safe_dump(BASE))
        data["brief"]["title"] = f"T0 {title}"
        data["summary"]["bottom_line"] = f"B0 {bottom}".replace(".", "")
        evidence = data["summary"]["evidence"]
        for i, claim in enumerate(claims):
            evidence[i]["claim"] = f"C{i} {claim}"
        data["summary"]["evidence"] = evidence[: len(claims)]
        for rec in data["summary"]["recommendations"]:
            rec["based_on"] = [evidence[0]["id"]]
        data["summary"]["recommendations"][0]["action"] = f"A0 {action}"
        data["summary"]["counterpoints"][0]["point"] = f"P0 {point}"
        (folder / "brief.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        try:
            result = render_brief(folder / "brief.yaml", Path(scratch) / "out")
        except BriefgenError as err:
            # Only the schema's own limits may refuse it (e.g. "sentences" in the bottom line).
            assert all("limit" in p.message for p in err.problems), err  # noqa: PT017
            return
        docx_path, pdf_path = (o.path for o in result.outputs)
        body = squash(
            " ".join(p.text for p in open_docx(str(docx_path)).paragraphs)
            + " ".join(
                c.text for t in open_docx(str(docx_path)).tables for r in t.rows for c in r.cells
            )
        )
        for expected in (f"T0 {title}", f"C0 {claims[0]}", f"A0 {action}", f"P0 {point}"):
            assert squash(expected).replace("'", "’") in body.replace("'", "’")
        reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
        text = " ".join(page.extract_text() or "" for page in reader.pages)
        for marker in ("T0", "C0", "A0", "P0", "B0"):
            assert marker in text
