"""The source appendix (``appendix: sources`` in style.yaml): every claim and
recommendation with the ¶ it rests on and the essay's words, in the DOCX and the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from readers import docx_body_text, pdf_text, squash

import briefgen
from briefgen.compose import quoted
from briefgen.load import load_brief

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"


@pytest.fixture
def with_sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sourced"
    shutil.copytree(ROOT / "templates" / "brief", folder)
    style = folder / "style.yaml"
    style.write_text(style.read_text("utf-8") + "\nappendix: sources\n", "utf-8")
    return folder


def _texts(result: briefgen.RenderResult) -> dict[str, str]:
    paths = {o.path.suffix: o.path for o in result.outputs}
    return {"docx": squash(docx_body_text(paths[".docx"])), "pdf": squash(pdf_text(paths[".pdf"]))}


def test_every_claim_and_recommendation_is_listed_with_its_paragraph_and_quote(
    with_sources: Path, tmp_path: Path
) -> None:
    brief, _ = load_brief(SAMPLE)
    summary = brief.summary
    result = briefgen.render(SAMPLE, tmp_path / "out", template=str(with_sources))
    for fmt, text in _texts(result).items():
        assert "Sources" in text, fmt
        appendix = text[text.rindex("Sources Each claim and recommendation") :]
        thesis = f"Thesis, ¶{summary.thesis.paragraph}: "
        assert thesis in appendix, fmt
        assert squash(quoted(summary.thesis.quote)) in appendix, fmt
        for n, e in enumerate(summary.evidence, start=1):
            assert f"Evidence {n}, ¶{e.paragraph}: " in appendix, (fmt, n)
            assert squash(quoted(e.quote)) in appendix, (fmt, n)
        for n, r in enumerate(summary.recommendations, start=1):
            start = appendix.index(f"Recommendation {n}: ")
            item = appendix[start : appendix.find(f"Recommendation {n + 1}: ", start)]
            number = {e.id: k for k, e in enumerate(summary.evidence, start=1)}
            for ident in r.based_on:
                evidence = next(e for e in summary.evidence if e.id == ident)
                assert f"evidence {number[ident]}, ¶{evidence.paragraph}: " in item, (fmt, n)
                assert squash(quoted(evidence.quote)) in item, (fmt, n)
        for n, c in enumerate(summary.counterpoints, start=1):
            if c.paragraph is not None:
                assert f"Counterpoint {n}: " in appendix
                assert f"at ¶{c.paragraph}." in appendix


def test_without_the_key_there_is_no_appendix(tmp_path: Path) -> None:
    result = briefgen.render(SAMPLE, tmp_path / "out")
    for text in _texts(result).values():
        assert "Each claim and recommendation of this brief" not in text


def test_an_unknown_appendix_is_a_style_error(with_sources: Path, tmp_path: Path) -> None:
    style = with_sources / "style.yaml"
    style.write_text(style.read_text("utf-8").replace("appendix: sources", "appendix: quotes"))
    with pytest.raises(briefgen.BriefgenError) as err:
        briefgen.render(SAMPLE, tmp_path / "out", template=str(with_sources))
    (problem,) = err.value.problems
    assert problem.file == style
    assert problem.field == "appendix"
