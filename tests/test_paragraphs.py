"""Paragraphs from the layout: blank lines where the text sets paragraphs apart with
them, else short last lines (against the text's own measure), first-line indents,
headings, and sentence ends; across a page break a paragraph goes on unless the layout
says otherwise."""

from __future__ import annotations

import itertools

import pytest
from ingest_cases import CASES, read_cases, render

from briefgen.ingest import ingest_text
from briefgen.ingest.clean.breaks import Measure, Row, measure_of
from briefgen.ingest.clean.columns import split_columns


@pytest.mark.parametrize(("text", "expected"), read_cases(CASES / "paragraphs.txt"))
def test_paragraphs(text: str, expected: str) -> None:
    assert render(ingest_text(text)) == expected


def rows(*texts: str) -> list[Row]:
    return [Row(text, 0, len(text)) for text in texts]


WRAPPED = rows(
    *[
        "A line that runs on to the full measure of the text and then",
        "goes on with the next one, as every wrapped line of prose does,",
        "and so it continues down the column for a while in the usual way",
        "until a paragraph ends on a short line.",
    ]
    * 4
)


def test_the_measure_is_read_from_the_lines_that_go_on_mid_sentence() -> None:
    measure = measure_of(itertools.pairwise(WRAPPED))
    assert measure.full is not None
    assert 60 < measure.full < 70
    above, below = WRAPPED[3], WRAPPED[4]
    assert measure.short(above, below)
    assert measure.breaks(above, below)
    assert not measure.breaks(WRAPPED[1], WRAPPED[2])


def test_text_not_wrapped_at_a_measure_has_no_short_lines() -> None:
    # A paragraph per line, as a web page gives its text.
    lines = rows(*[f"Paragraph {n} " + "word " * (n * 7 % 40) + "ends here" for n in range(20)])
    measure = measure_of(itertools.pairwise(lines))
    assert measure.full is None
    assert not measure.short(lines[0], lines[1])


def test_an_indent_and_a_bullet_start_a_paragraph() -> None:
    measure = Measure(None)
    assert measure.breaks(Row("the end of a paragraph that runs on", 0, 35), Row("Next", 4, 8))
    assert measure.breaks(Row("the end of an item.", 0, 19), Row("• Another item", 0, 14))
    assert not measure.breaks(Row("• An item that hangs", 0, 20), Row("its second line", 2, 17))


def test_columns_side_by_side_are_read_left_then_right() -> None:
    left = [f"left line {n} of the first column and" for n in range(8)]
    right = [f"right line {n} of the second one" for n in range(7)]
    page = [
        (1, "Head of the page" + " " * 44 + "Right head"),
        *(
            (n + 6, f"{left[n]:<44}{right[n] if n < len(right) else ''}".rstrip())
            for n in range(len(left))
        ),
        (15, " " * 30 + "— 3 —"),
    ]
    parts = split_columns(page)
    assert [(part.number, part.raw.strip(), part.column) for part in parts] == [
        (1, page[0][1], 0),  # a head, blank lines below it, stays whole
        *((n + 6, left[n], 0) for n in range(len(left))),
        *((n + 6, right[n], 1) for n in range(len(right))),
        (15, "— 3 —", 0),
    ]


def test_a_title_of_two_lines_then_a_caption_without_blank_lines_stays_apart() -> None:
    # As pypdf's plain text gives a web page printed to PDF: no blank lines anywhere,
    # the title wrapped, a photo's caption and credit under it.
    import textwrap

    from prose import PARAGRAPHS

    title = "Eighth Annual Address to the Assembly of the Provinces, December 7, 1796"
    lines = [
        "Eighth Annual Address to the Assembly of the Provinces, December 7,",
        "1796",
        "The first printing of the text, as it was sold in the streets.",
        "PHOTO: LIBRARY OF CONGRESS, PRINTS AND PHOTOGRAPHS DIVISION",
    ]
    for text in PARAGRAPHS[:9]:
        lines += textwrap.wrap(text, 76)
    essay = ingest_text("\n".join(lines))
    assert [p.text for p in essay.paragraphs[:3]] == [title, *PARAGRAPHS[:2]]
    assert [r.kind for r in essay.removals] == ["caption"]
