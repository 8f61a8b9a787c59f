"""briefgen.draft: a first brief.yaml that validates as it is, from the essay's own sentences."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.cli import main
from briefgen.draft import draft_brief, write_draft
from briefgen.errors import InputError, OutputError
from briefgen.grounding import find_quote
from briefgen.ingest import ingest
from briefgen.model import count_sentences
from briefgen.sentences import split_sentences

SAMPLE_ESSAY = Path(__file__).resolve().parent.parent / "inputs" / "reset-with-russia" / "essay.txt"

OTHER_ESSAY = """\
Why Sanctions Need Patience

By Jane Q. Smith, Senior Fellow

Economic sanctions rarely change a government's course within a single year. Their effect \
builds slowly, as reserves run down and supply chains are forced to reroute.

The U.S. and its European partners imposed export controls on advanced semiconductors in \
2022. Those controls have raised the cost of weapons production, even if they have not halted it.

Critics argue that sanctions only hurt ordinary citizens while leaders stay comfortable. The \
evidence from recent cases suggests that targeted measures can limit that harm considerably.

Enforcement matters more than announcements. Without sustained enforcement, third countries \
become conduits for restricted goods and the whole regime leaks.

Policymakers should therefore judge sanctions over a horizon of several years. A sanctions \
policy abandoned too early teaches adversaries that waiting works.

https://www.example.org/experts/jane-smith
https://www.example.org/reports/enforcement-gaps
"""


def _draft_into(folder: Path, essay_text: str | None = None) -> Path:
    """Essay (the sample's, or ``essay_text``) in ``folder``; its draft written beside it."""
    folder.mkdir(parents=True)
    essay = folder / "essay.txt"
    if essay_text is None:
        shutil.copy(SAMPLE_ESSAY, essay)
    else:
        essay.write_text(essay_text, "utf-8")
    assert write_draft(essay, folder / "brief.yaml")
    return folder / "brief.yaml"


def _data(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture
def sample_draft(tmp_path: Path) -> Path:
    return _draft_into(tmp_path / "x")


def test_sample_draft_validates(sample_draft: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(sample_draft)]) == 0
    assert "valid:" in capsys.readouterr().out


def test_sample_draft_quotes_whole_sentences_that_ground(sample_draft: Path) -> None:
    summary = _data(sample_draft)["summary"]
    essay = ingest(sample_draft.parent / "essay.txt")
    assert 5 <= len(summary["evidence"]) <= 8
    quoted = [summary["thesis"], *summary["evidence"]]
    for item in quoted:
        assert item["paragraph"] in find_quote(item["quote"], essay)
        paragraph = essay.paragraph(item["paragraph"])
        assert paragraph is not None
        assert item["quote"] in paragraph.text  # verbatim, not just folded
        assert count_sentences(item["quote"]) == 1
    assert [e["id"] for e in summary["evidence"]] == [
        f"E{n}" for n in range(1, len(summary["evidence"]) + 1)
    ]
    assert len({e["quote"] for e in summary["evidence"]}) == len(summary["evidence"])


def test_sample_draft_is_marked_for_the_analyst(sample_draft: Path) -> None:
    text = sample_draft.read_text("utf-8")
    data = _data(sample_draft)
    assert data["brief"]["status"] == "draft"
    assert "# TODO: counterpoints" in text
    assert "# TODO: recommendations" in text
    assert "# TODO: replace this placeholder recommendation." in text
    assert text.count("# TODO: rewrite the claim of E") == len(data["summary"]["evidence"])
    assert data["summary"]["counterpoints"] == []
    (recommendation,) = data["summary"]["recommendations"]
    assert recommendation["based_on"] == ["E1"]
    assert recommendation["action"].startswith("TODO")


def test_sample_draft_metadata(sample_draft: Path) -> None:
    data = _data(sample_draft)
    source = data["source"]
    assert source["essay"] == "essay.txt"
    assert source["author"] == "Ruth Deyermond"
    assert source["publisher"] == "The Moscow Times"
    assert source["url"] == "https://www.themoscowtimes.com/author/ruth-deyermond"
    assert source["links"] == [
        "https://www.politico.com/news/2024/08/23/ukraine-biden-weapons-restrictions-00176210"
    ]
    assert "title" not in source  # the essay has no heading: left for the analyst
    assert data["brief"]["title"] == "X"  # from the folder name, as essay.txt is generic


def test_sample_draft_keywords(sample_draft: Path) -> None:
    keywords = _data(sample_draft)["summary"]["keywords"]
    assert 1 <= len(keywords) <= 12
    assert "Russia" in keywords


def test_draft_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same essay gives the same draft, run from the same place (its comments name
    the files as seen from where the command was run)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    first = _draft_into(Path("x")).read_text("utf-8")
    monkeypatch.chdir(tmp_path / "b")
    second = _draft_into(Path("x")).read_text("utf-8")
    assert first == second
    assert draft_brief(SAMPLE_ESSAY) == draft_brief(SAMPLE_ESSAY)


def test_other_essay_drafts_to_a_valid_brief(tmp_path: Path) -> None:
    path = _draft_into(tmp_path / "sanctions", OTHER_ESSAY)
    assert main(["validate", str(path)]) == 0
    data = _data(path)
    assert data["brief"]["title"] == "Why Sanctions Need Patience"
    assert data["source"]["title"] == "Why Sanctions Need Patience"
    assert data["source"]["author"] == "Jane Q. Smith"  # the byline wins over the link
    assert data["source"]["url"] == "https://www.example.org/experts/jane-smith"
    assert data["source"]["publisher"].startswith("TODO")  # example.org is not a known name
    assert data["source"]["links"] == ["https://www.example.org/reports/enforcement-gaps"]
    evidence = data["summary"]["evidence"]
    assert 5 <= len(evidence) <= 8
    front = {1, 2}  # the heading and the byline are never evidence
    assert all(e["paragraph"] not in front for e in evidence)
    assert data["summary"]["thesis"]["paragraph"] not in front
    assert data["summary"]["keywords"]


def test_essay_without_metadata_gets_placeholders_that_validate(tmp_path: Path) -> None:
    body = "\n\n".join(
        f"Paragraph {n} makes the point that the argument number {n} holds up well."
        for n in range(1, 8)
    )
    path = _draft_into(tmp_path / "plain", body + "\n")
    assert main(["validate", str(path)]) == 0
    source = _data(path)["source"]
    assert source["author"].startswith("TODO")
    assert "url" not in source
    assert source["links"] == []


def test_short_essay_drafts_what_it_can(tmp_path: Path) -> None:
    path = _draft_into(tmp_path / "short", "The only sentence in this essay says one thing.\n")
    assert main(["validate", str(path)]) == 0
    assert len(_data(path)["summary"]["evidence"]) == 1


def test_essay_with_nothing_to_quote_is_an_input_error(tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("Hi.\n\nYes.\n", "utf-8")
    with pytest.raises(InputError, match="no sentence long enough"):
        draft_brief(essay)


def test_refuses_to_overwrite(sample_draft: Path) -> None:
    before = sample_draft.read_text("utf-8")
    assert not write_draft(sample_draft.parent / "essay.txt", sample_draft)  # up to date
    sample_draft.write_text("# the analyst's work\n", "utf-8")
    with pytest.raises(OutputError, match="already exists"):
        write_draft(sample_draft.parent / "essay.txt", sample_draft)
    assert sample_draft.read_text("utf-8") == "# the analyst's work\n"
    assert write_draft(sample_draft.parent / "essay.txt", sample_draft, force=True)
    assert sample_draft.read_text("utf-8") == before
    assert sorted(p.name for p in sample_draft.parent.iterdir()) == ["brief.yaml", "essay.txt"]


def test_essay_in_another_folder_is_referenced_relative_to_the_brief(tmp_path: Path) -> None:
    essays = tmp_path / "essays"
    essays.mkdir()
    essay = essays / "sanctions.txt"
    essay.write_text(OTHER_ESSAY, "utf-8")
    out = tmp_path / "brief" / "brief.yaml"
    assert write_draft(essay, out)
    assert _data(out)["source"]["essay"] == "../essays/sanctions.txt"
    assert main(["validate", "--allow-outside", str(out)]) == 0


ABBREVIATED_ESSAY = """\
Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5 to discuss the treaty in detail. He left \
without an agreement, and the U.S. delegation said so at once.

The talks resumed on Feb. 12 in St. Petersburg, where Gen. Petrov joined the U.S. team \
for the first time. Each side tabled a draft, e.g. on verification, that the other rejected.

Prof. Lee of the Univ. of Chicago called the result a stalemate with no end in sight. \
Mrs. Jones disagreed, pointing to art. 5 of the draft as common ground for both sides.

Observers noted that neither side had moved since the Nov. 3 statement by the U.N. envoy. \
The next round is due in the spring, though no date has been set by either government.
"""


def test_draft_quotes_whole_sentences_across_abbreviations(tmp_path: Path) -> None:
    path = _draft_into(tmp_path / "talks", ABBREVIATED_ESSAY)
    assert main(["validate", str(path)]) == 0
    summary = _data(path)["summary"]
    essay = ingest(path.parent / "essay.txt")
    whole = {s for p in essay.paragraphs for s in split_sentences(p.text)}
    assert len(whole) == 8  # "Mr.", "p.m.", "Jan. 5", "St.", "e.g.", "art. 5" end nothing
    for item in [summary["thesis"], *summary["evidence"]]:
        assert item["quote"] in whole
        assert not item["quote"].endswith(("Mr.", "Dr.", "Jan.", "Feb.", "St.", "Gen.", "Prof."))
