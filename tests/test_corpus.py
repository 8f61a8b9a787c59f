"""Ingest on the corpus (tests/corpus): today's scores on a few files per layout, as floors.

Two texts per layout, each in every format and extraction (tests/corpus/typeset.py makes
them into a temporary folder).  A file that ingests worse than it does today fails:
lower recall, more junk, a paragraph count further from the truth's, more hyphenation
errors.  The whole corpus is scored by ``bench/ingest_score.py``.

The targets of issue 11, on every file, in every format and extraction mode:

    recall ≥ 99.5 %, junk ≤ 0.5 %, paragraph count exact on 90 % of files and within
    10 % on all, no hyphenation error.

FLOORS holds the levels of today's ingest, not those targets: tighten them as the ingest
work lands, on purpose, by running this file as a script, which prints FLOORS anew
(``.venv/bin/python tests/test_corpus.py``), and pasting it over the old one.
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import typeset
from corpus.score import Score, score

from briefgen.errors import BriefgenError
from briefgen.ingest import ingest

PINNED = (
    ("swift-modest-proposal", "report"),
    ("sotu-1934-roosevelt", "report"),
    ("chesterton-lying-in-bed", "book"),
    ("sotu-1801-jefferson", "book"),
    ("kennedy-inaugural-1961", "browser"),
    ("sotu-2002-bush", "browser"),
    ("morley-on-laziness", "twocol-justified"),
    ("sotu-1949-truman", "twocol-justified"),
    ("sotu-1796-washington", "twocol-ragged"),
    ("sotu-1979-carter", "twocol-ragged"),
    ("sotu-1913-wilson", "magazine"),
    ("sotu-1956-eisenhower", "magazine"),
)

# text/layout/extraction: (recall ≥ %, junk ≤ %, |paragraphs − truth's| ≤, hyphen errors ≤)
# Measured on briefgen at c76c955.
FLOORS: dict[str, tuple[float, float, int, int]] = {
    "swift-modest-proposal/report/pdf": (99.9, 0.1, 0, 1),
    "swift-modest-proposal/report/pdftotext": (99.9, 0.1, 1, 1),
    "swift-modest-proposal/report/pdftotext-layout": (99.9, 0.1, 0, 1),
    "swift-modest-proposal/report/pypdf": (99.9, 0.1, 0, 1),
    "swift-modest-proposal/report/pypdf-layout": (99.9, 0.1, 0, 1),
    "swift-modest-proposal/report/docx": (100.0, 0.0, 0, 0),
    "swift-modest-proposal/report/html": (100.0, 0.0, 0, 0),
    "sotu-1934-roosevelt/report/pdf": (100.0, 0.0, 1, 0),
    "sotu-1934-roosevelt/report/pdftotext": (100.0, 0.0, 0, 0),
    "sotu-1934-roosevelt/report/pdftotext-layout": (100.0, 0.0, 0, 0),
    "sotu-1934-roosevelt/report/pypdf": (100.0, 0.0, 1, 0),
    "sotu-1934-roosevelt/report/pypdf-layout": (100.0, 0.0, 0, 0),
    "sotu-1934-roosevelt/report/docx": (100.0, 0.0, 0, 0),
    "sotu-1934-roosevelt/report/html": (100.0, 0.0, 0, 0),
    "chesterton-lying-in-bed/book/pdf": (100.0, 0.0, 0, 0),
    "chesterton-lying-in-bed/book/pdftotext": (100.0, 0.0, 2, 0),
    "chesterton-lying-in-bed/book/pdftotext-layout": (100.0, 0.0, 0, 0),
    "chesterton-lying-in-bed/book/pypdf": (100.0, 0.4, 0, 0),
    "chesterton-lying-in-bed/book/pypdf-layout": (100.0, 0.0, 0, 0),
    "chesterton-lying-in-bed/book/docx": (100.0, 0.0, 0, 0),
    "chesterton-lying-in-bed/book/html": (100.0, 0.0, 0, 0),
    "sotu-1801-jefferson/book/pdf": (99.9, 0.1, 0, 1),
    "sotu-1801-jefferson/book/pdftotext": (100.0, 0.0, 1, 0),
    "sotu-1801-jefferson/book/pdftotext-layout": (99.9, 0.1, 0, 1),
    "sotu-1801-jefferson/book/pypdf": (99.9, 0.1, 0, 1),
    "sotu-1801-jefferson/book/pypdf-layout": (99.9, 0.1, 0, 1),
    "sotu-1801-jefferson/book/docx": (100.0, 0.0, 0, 0),
    "sotu-1801-jefferson/book/html": (100.0, 0.0, 0, 0),
    "kennedy-inaugural-1961/browser/pdf": (100.0, 0.0, 0, 0),
    "kennedy-inaugural-1961/browser/pdftotext": (100.0, 0.0, 1, 0),
    "kennedy-inaugural-1961/browser/pdftotext-layout": (100.0, 0.0, 0, 0),
    "kennedy-inaugural-1961/browser/pypdf": (100.0, 0.0, 1, 0),
    "kennedy-inaugural-1961/browser/pypdf-layout": (100.0, 0.0, 0, 0),
    "kennedy-inaugural-1961/browser/docx": (100.0, 0.0, 0, 0),
    "kennedy-inaugural-1961/browser/html": (100.0, 0.0, 0, 0),
    "sotu-2002-bush/browser/pdf": (100.0, 0.0, 0, 0),
    "sotu-2002-bush/browser/pdftotext": (99.9, 0.1, 7, 0),
    "sotu-2002-bush/browser/pdftotext-layout": (100.0, 0.0, 0, 0),
    "sotu-2002-bush/browser/pypdf": (100.0, 0.0, 7, 0),
    "sotu-2002-bush/browser/pypdf-layout": (100.0, 0.0, 0, 0),
    "sotu-2002-bush/browser/docx": (100.0, 0.0, 0, 0),
    "sotu-2002-bush/browser/html": (100.0, 0.0, 0, 0),
    "morley-on-laziness/twocol-justified/pdf": (100.0, 0.0, 0, 0),
    "morley-on-laziness/twocol-justified/pdftotext": (99.8, 0.2, 0, 1),
    "morley-on-laziness/twocol-justified/pdftotext-layout": (100.0, 0.0, 0, 0),
    "morley-on-laziness/twocol-justified/pypdf": (100.0, 0.0, 0, 0),
    "morley-on-laziness/twocol-justified/pypdf-layout": (100.0, 0.0, 0, 0),
    "morley-on-laziness/twocol-justified/docx": (100.0, 0.0, 0, 0),
    "morley-on-laziness/twocol-justified/html": (100.0, 0.0, 0, 0),
    "sotu-1949-truman/twocol-justified/pdf": (100.0, 0.0, 3, 0),
    "sotu-1949-truman/twocol-justified/pdftotext": (100.0, 0.0, 4, 0),
    "sotu-1949-truman/twocol-justified/pdftotext-layout": (100.0, 0.0, 4, 0),
    "sotu-1949-truman/twocol-justified/pypdf": (100.0, 0.0, 5, 0),
    "sotu-1949-truman/twocol-justified/pypdf-layout": (100.0, 0.0, 4, 0),
    "sotu-1949-truman/twocol-justified/docx": (100.0, 0.0, 0, 0),
    "sotu-1949-truman/twocol-justified/html": (100.0, 0.0, 0, 0),
    "sotu-1796-washington/twocol-ragged/pdf": (100.0, 0.0, 0, 0),
    "sotu-1796-washington/twocol-ragged/pdftotext": (100.0, 0.2, 7, 0),
    "sotu-1796-washington/twocol-ragged/pdftotext-layout": (100.0, 0.0, 0, 0),
    "sotu-1796-washington/twocol-ragged/pypdf": (100.0, 0.0, 0, 0),
    "sotu-1796-washington/twocol-ragged/pypdf-layout": (100.0, 0.0, 0, 0),
    "sotu-1796-washington/twocol-ragged/docx": (100.0, 0.0, 0, 0),
    "sotu-1796-washington/twocol-ragged/html": (100.0, 0.0, 0, 0),
    "sotu-1979-carter/twocol-ragged/pdf": (100.0, 0.0, 0, 0),
    "sotu-1979-carter/twocol-ragged/pdftotext": (99.9, 0.2, 3, 1),
    "sotu-1979-carter/twocol-ragged/pdftotext-layout": (100.0, 0.0, 0, 0),
    "sotu-1979-carter/twocol-ragged/pypdf": (100.0, 0.0, 0, 0),
    "sotu-1979-carter/twocol-ragged/pypdf-layout": (100.0, 0.0, 0, 0),
    "sotu-1979-carter/twocol-ragged/docx": (100.0, 0.0, 0, 0),
    "sotu-1979-carter/twocol-ragged/html": (100.0, 0.0, 0, 0),
    "sotu-1913-wilson/magazine/pdf": (100.0, 0.0, 0, 0),
    "sotu-1913-wilson/magazine/pdftotext": (100.0, 0.0, 3, 0),
    "sotu-1913-wilson/magazine/pdftotext-layout": (100.0, 0.0, 0, 0),
    "sotu-1913-wilson/magazine/pypdf": (100.0, 0.0, 0, 0),
    "sotu-1913-wilson/magazine/pypdf-layout": (100.0, 0.0, 0, 0),
    "sotu-1913-wilson/magazine/docx": (100.0, 0.0, 0, 0),
    "sotu-1913-wilson/magazine/html": (100.0, 0.0, 0, 0),
    "sotu-1956-eisenhower/magazine/pdf": (100.0, 0.0, 0, 0),
    "sotu-1956-eisenhower/magazine/pdftotext": (99.9, 0.1, 3, 1),
    "sotu-1956-eisenhower/magazine/pdftotext-layout": (100.0, 0.0, 0, 0),
    "sotu-1956-eisenhower/magazine/pypdf": (100.0, 0.0, 1, 0),
    "sotu-1956-eisenhower/magazine/pypdf-layout": (100.0, 0.0, 0, 0),
    "sotu-1956-eisenhower/magazine/docx": (100.0, 0.0, 0, 0),
    "sotu-1956-eisenhower/magazine/html": (100.0, 0.0, 0, 0),
}


def measure(case: typeset.Case) -> Score:
    try:
        paragraphs = [p.text for p in ingest(case.path).paragraphs]
    except BriefgenError:
        paragraphs = []
    return score((typeset.TRUTH / f"{case.text}.txt").read_text(encoding="utf-8"), paragraphs)


def floors(s: Score) -> tuple[float, float, int, int]:
    """A score as floors: recall rounded down and junk up, to 0.1 %."""
    return (
        math.floor(s.recall * 1000) / 10,
        math.ceil(s.junk * 1000) / 10,
        abs(s.output_paragraphs - s.truth_paragraphs),
        s.hyphen_errors,
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "pinned" in metafunc.fixturenames:
        names = [f"{t}/{layout}/{how}" for t, layout in PINNED for how in typeset.EXTRACTIONS]
        metafunc.parametrize("pinned", names)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, typeset.Case]:
    pytest.importorskip("pyphen", reason="typesetting hyphenates with pyphen (dev extra)")
    cache = tmp_path_factory.mktemp("corpus")
    return {c.name: c for t, layout in PINNED for c in typeset.build(t, layout, cache)}


def test_no_worse_than_today(built: dict[str, typeset.Case], pinned: str) -> None:
    s = measure(built[pinned])
    recall, junk, paragraphs, hyphens = FLOORS[pinned]
    worse = [
        f"recall {100 * s.recall:.2f}% < {recall}%" * (100 * s.recall < recall),
        f"junk {100 * s.junk:.2f}% > {junk}%" * (100 * s.junk > junk + 1e-9),
        f"{s.output_paragraphs} paragraphs for {s.truth_paragraphs}, off by more than"
        f" {paragraphs}" * (abs(s.output_paragraphs - s.truth_paragraphs) > paragraphs),
        f"{s.hyphen_errors} hyphenation errors > {hyphens}" * (s.hyphen_errors > hyphens),
    ]
    assert not any(worse), f"{pinned}: " + "; ".join(filter(None, worse))


@pytest.mark.parametrize("layout", list(typeset.LAYOUTS))
def test_typesetting_is_reproducible(tmp_path: Path, layout: str) -> None:
    pytest.importorskip("pyphen", reason="typesetting hyphenates with pyphen (dev extra)")
    first = typeset.build("morley-on-laziness", layout, tmp_path / "a")
    again = typeset.build("morley-on-laziness", layout, tmp_path / "b")
    for one, two in zip(first, again, strict=True):
        assert one.path.read_bytes() == two.path.read_bytes(), one.name


def test_corpus_is_as_promised() -> None:
    """At least 20 texts of 800 to 5,000 words, each listed in SOURCES.md."""
    names = typeset.text_names()
    sources = (typeset.HERE / "SOURCES.md").read_text(encoding="utf-8")
    assert len(names) >= 20
    for name in names:
        _, paragraphs = typeset.read_truth(typeset.TRUTH / f"{name}.txt")
        assert 800 <= sum(len(p.split()) for p in paragraphs) <= 5000, name
        assert f"`{name}`" in sources, name


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        print("FLOORS: dict[str, tuple[float, float, int, int]] = {")  # noqa: T201
        for text, layout in PINNED:
            for case in typeset.build(text, layout, Path(tmp)):
                print(f'    "{case.name}": {floors(measure(case))},')  # noqa: T201
        print("}")  # noqa: T201
