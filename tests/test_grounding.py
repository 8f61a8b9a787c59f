"""Grounding: a quote matches when its words are the essay's, whatever its marks."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.cli import main
from briefgen.essay import Essay, Paragraph
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


# --------------------------------------------------------------------------- Unicode forms


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


DETENTE = "Even less significant improvements seem impossible because détente requires trust."
"""As the sample essay has it (¶13): "é" is one character, U+00E9 (NFC)."""


def one_paragraph(text: str) -> Essay:
    """An essay with ``text`` as its only paragraph, exactly as given (not through ingest)."""
    return Essay(None, (Paragraph(1, text, 1),), (), ())


def test_a_quote_typed_with_a_combining_accent_grounds_in_the_composed_essay() -> None:
    quote = nfd("because détente requires")
    assert quote == "because de\u0301tente requires"
    assert find_quote(quote, one_paragraph(DETENTE)) == [1]
    assert find_quote(quote, ingest_text(DETENTE)) == [1]


def test_a_composed_quote_grounds_in_an_essay_with_combining_accents() -> None:
    essay = one_paragraph(nfd(DETENTE))
    assert "\u0301" in essay.paragraphs[0].text
    assert find_quote("because détente requires", essay) == [1]
    # The closest passage is shown composed, and a wrong word is still wrong.
    assert find_quote("because détente demands", essay) == []
    number, passage, score = closest("because détente demands trust", essay)
    assert (number, "détente" in passage, "\u0301" in passage) == (1, True, False)
    assert score > 70


@given(st.text())
def test_both_forms_fold_alike(text: str) -> None:
    assert folded_text(nfd(text)) == folded_text(unicodedata.normalize("NFC", text))
    assert fold(nfd(text)).text == folded_text(text)


@pytest.mark.parametrize("side", ["quote", "essay"])
def test_validate_grounds_a_quote_whatever_form_either_side_is_in(
    edit_brief: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str], side: str
) -> None:
    quote = "seem impossible because détente requires a minimum level of trust"
    brief = edit_brief(
        "quote: Putin has put visceral anti-Westernism at the center of his presidency\n"
        "      paragraph: 14",
        f"quote: {nfd(quote) if side == 'quote' else quote}\n      paragraph: 13",
    )
    if side == "essay":
        essay = brief.parent / "essay.txt"
        essay.write_text(nfd(essay.read_text("utf-8")), "utf-8")
        assert "de\u0301tente" in essay.read_text("utf-8")
    assert main(["validate", str(brief)]) == 0, capsys.readouterr().err
    assert "8 quotes found" in capsys.readouterr().out


def test_a_quote_is_found_whatever_its_french_spacing(tmp_path: Path) -> None:
    """French sets a (narrow) space inside « » and before ; : ! ?; English none. An
    analyst may type either, and an essay be set either way."""
    from briefgen.essay import Essay, Paragraph

    text = "Il dit : « La langue invite à se réunir ; elle n’y force pas. »"
    essay = Essay(None, (Paragraph(1, text, 1),), (), ())
    for quote in (
        "«La langue invite à se réunir; elle n’y force pas.»",
        "« La langue invite à se réunir ; elle n’y force pas. »",
        "«\u202fLa langue invite à se réunir\u202f; elle n’y force pas.\u202f»",
        "Il dit: «La langue",
    ):
        assert find_quote(quote, essay) == [1], quote


def test_a_quote_typed_with_other_marks_or_spacing_is_found_in_german_and_french(
    tmp_path: Path,
) -> None:
    from briefgen.essay import Essay, Paragraph

    essay = Essay(None, (Paragraph(1, "Er sagte »Das ist so« und ging.", 1),), (), ())
    for quote in ("„Das ist so“ und ging", '"Das ist so" und ging', "» Das ist so « und"):
        assert find_quote(quote, essay) == [1], quote
    french = Essay(None, (Paragraph(1, "Il faut « avoir souffert ensemble » ; oui.", 1),), (), ())
    assert find_quote('" avoir souffert ensemble " ; oui', french) == [1]
