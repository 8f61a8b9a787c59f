"""Page furniture: running heads and feet, page numbers, print headers, found by what
they are (repetition, position, period) and reported with their lines."""

from __future__ import annotations

import pytest
from ingest_cases import CASES, read_cases, render

from briefgen.ingest import ingest_text
from briefgen.ingest.clean.forms import edge_form
from briefgen.ingest.clean.lines import split_lines
from briefgen.ingest.clean.pages import on_period, paginate, repeat_key


@pytest.mark.parametrize(("text", "expected"), read_cases(CASES / "furniture.txt"))
def test_furniture(text: str, expected: str) -> None:
    assert render(ingest_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "3",
        "- 3 -",
        "\u20144\u2014",
        "Page 3 of 9",
        "page 3",
        "p. 3",
        "[12]",
        "xiv",
        "IV",
        "3 | Site name",
        "The Policy Review \u00b7 12",
        "10/27/24, 9:14 AM Why Sequencing Matters | The Policy Review",
        "Why Sequencing Matters | The Policy Review 10/27/24, 9:14 AM",
        "https://www.policyreview.example/2024/10/27/why-sequencing-matters 3/9",
    ],
)
def test_furniture_forms(text: str) -> None:
    assert edge_form(text)


@pytest.mark.parametrize(
    "text",
    ["It rose by 40", "In 2009, the reset began.", "Chapter", "Figures 3 and 4", "civil", "I am."],
)
def test_prose_is_no_furniture_form(text: str) -> None:
    assert not edge_form(text)


def test_repeat_key_sets_numbers_aside() -> None:
    assert repeat_key("Page 12 of 30") == repeat_key("page 3 of 30")
    assert repeat_key("Chapter XII   Why   Sequencing") == "chapter # why sequencing"
    assert repeat_key("10/27/24, 9:14 AM") == "#/#/#, #:# am"
    # A folio, the page number on the outer side: odd and even pages alike.
    assert repeat_key("The Policy Review | 3") == repeat_key("4 | The Policy Review")
    assert repeat_key("12   ESSAYS ON POLICY") == repeat_key("Essays on Policy 13")


def test_form_feeds_make_pages_and_keep_line_numbers() -> None:
    lines = split_lines("one\ntwo\n\fthree\nfour\f\nfive\n\f")
    assert [(line.number, line.text, line.page) for line in lines] == [
        (1, "one", 0),
        (2, "two", 0),
        (3, "three", 1),
        (4, "four", 1),
        (5, "five", 2),
    ]


def test_a_period_needs_regular_distances() -> None:
    assert on_period([1, 41, 80, 121])[0] == [0, 1, 2, 3]
    assert on_period([1, 41, 80, 121, 140])[0] == [0, 1, 2, 3, 4]  # a short last page
    assert on_period([1, 9, 60, 62])[0] == []
    assert on_period([3, 5, 7])[0] == []  # closer than any page


def test_pages_from_the_period_start_after_each_run_of_furniture() -> None:
    page = [f"Line {n} of the body, long enough to be read as prose." for n in range(6)]
    text = "\n".join(["Head", *page, "Page 1 of 3", "Head", *page, "Page 2 of 3", "Head", *page])
    lines = paginate(split_lines(text))
    assert [line.page for line in lines if line.text == "Head"] == [0, 1, 2]
