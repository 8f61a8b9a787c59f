"""Grounding: a quote matches when its words are the essay's, whatever its marks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefgen.grounding import closest, find_quote, fold, folded_text
from briefgen.ingest import ingest_text

ESSAY = ingest_text(
    "The “Reset” was a policy designed for its specific moment — and it made sense.\n\n"
    "Distrust and can’t verify is not a viable basis for arms reduction.\n"
)

VARIANTS = {
    "“": ['"', "“"],
    "”": ['"', "”"],
    "’": ["'", "’"],
    "—": ["-", "–", "—"],
    " ": [" ", "\n", "  "],
}


@given(st.data())
def test_a_slice_with_other_marks_still_grounds(data: st.DataObject) -> None:
    para = data.draw(st.sampled_from(ESSAY.paragraphs))
    words = para.text.split(" ")
    start = data.draw(st.integers(0, len(words) - 3))
    end = data.draw(st.integers(start + 3, len(words)))
    quote = "".join(
        data.draw(st.sampled_from(VARIANTS[c])) if c in VARIANTS else c
        for c in " ".join(words[start:end])
    )
    assert find_quote(quote, ESSAY) == [para.number]


def test_changed_words_do_not_ground_and_the_closest_passage_is_named() -> None:
    assert find_quote("a policy designed for its particular moment", ESSAY) == []
    number, passage, score = closest("a policy designed for its particular moment", ESSAY)
    assert number == 1
    assert "a policy designed for its specific moment" in passage
    assert 70 < score < 100


def test_ellipsis_stands_for_omitted_words_in_order() -> None:
    assert find_quote("The “Reset” was a policy … it made sense.", ESSAY) == [1]
    assert find_quote("it made sense … The “Reset” was", ESSAY) == []


@given(st.text())
def test_fast_fold_equals_mapped_fold(text: str) -> None:
    assert folded_text(text) == fold(text).text
