"""briefgen.sentences: pysbd's sentences, cut from the text itself, in many languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.model import count_sentences
from briefgen.sentences import ends_sentence, pysbd_language, split_sentences

# (language, text, the sentences): what a regular expression got wrong, and what it got right.
CASES = [
    (
        "en",
        "Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5. He left.",
        ["Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5.", "He left."],
    ),
    ("en", "The U.S. should act. Mr. Smith agrees.", ["The U.S. should act.", "Mr. Smith agrees."]),
    (
        "en",
        "President J. Biden spoke. Nobody listened.",
        ["President J. Biden spoke.", "Nobody listened."],
    ),
    ("en", "He said “it is over.” Then he left!", ["He said “it is over.”", "Then he left!"]),
    ("en", "Is it over? No. Not yet…", ["Is it over?", "No.", "Not yet…"]),
    (
        "en",
        "Arms control fell apart in 2019. 2020 was worse.",
        ["Arms control fell apart in 2019.", "2020 was worse."],
    ),
    (
        "en",
        "See e.g. the treaty, art. 5, etc. for more.",
        ["See e.g. the treaty, art. 5, etc. for more."],
    ),
    ("en", "No full stop at the end", ["No full stop at the end"]),
    ("en", "  Outer space goes.  ", ["Outer space goes."]),
    # A line break is a wrapped line, not a sentence end: pieces keep it, as the text has it.
    ("en", "One sentence\nwrapped over lines. Two.", ["One sentence\nwrapped over lines.", "Two."]),
    (
        "de",
        "Wir trafen uns am 3. Oktober in Berlin. Dann gingen wir.",
        ["Wir trafen uns am 3. Oktober in Berlin.", "Dann gingen wir."],
    ),
    (
        "de",
        "Das gilt z. B. für Dr. Meier. Er lacht.",
        ["Das gilt z. B. für Dr. Meier.", "Er lacht."],
    ),
    ("fr", "M. Dupont est arrivé. Il est parti.", ["M. Dupont est arrivé.", "Il est parti."]),
    (
        "es",
        "Lo dijo la Sra. López en la pág. 5. Se fue.",
        ["Lo dijo la Sra. López en la pág. 5.", "Se fue."],
    ),
    (
        "ru",
        "Он приехал в 1990 г. в Москву. Потом уехал.",
        ["Он приехал в 1990 г. в Москву.", "Потом уехал."],
    ),
    ("en", "", []),
    ("en", " \n\t ", []),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_sentences(language: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("de", "de"),
        ("de-CH", "de"),
        ("DE_at", "de"),
        ("zh-Hant-TW", "zh"),
        ("en-GB", "en"),
        # Languages pysbd has no rules for fall back to English.
        ("pt-BR", "en"),
        ("sv", "en"),
        ("und", "en"),
        ("", "en"),
    ],
)
def test_language_tags(tag: str, code: str) -> None:
    assert pysbd_language(tag) == code


def test_a_regional_tag_splits_as_its_language() -> None:
    text = "Wir trafen uns am 3. Oktober in Berlin. Dann gingen wir."
    assert split_sentences(text, "de-AT") == split_sentences(text, "de")
    assert len(split_sentences(text, "en")) == 3  # English rules: "3." ends a sentence


def test_a_language_pysbd_lacks_still_splits() -> None:
    text = "O Sr. Silva chegou. Depois saiu."
    assert split_sentences(text, "pt-BR") == split_sentences(text, "en")
    assert split_sentences(text, "pt-BR")[-1] == "Depois saiu."


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. and Russia disagree. They have for years.",
        "He said “it is over.” Then he left!",
        "Is this a question? It is (in a way.) And so on",
        "Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5. He left.",
    ],
)
def test_each_piece_is_one_sentence_and_counts_as_one(text: str) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == count_sentences(text)
    assert all(split_sentences(s) == [s] for s in sentences)
    assert " ".join(sentences) == text


# (the end of a line, the start of the next, language, whether a sentence ends between)
LINE_ENDS = [
    ("the delegation met Mr.", "Smith at noon", "en", False),
    ("they met on Jan.", "5 in Geneva", "en", False),
    ("sanctions by the U.S.", "Treasury", "en", False),
    ("written by J.", "Smith", "en", False),
    ("Wir trafen uns am 3.", "Oktober in Berlin", "de", False),
    ("a line without a stop", "and more", "en", False),
    ("the delegation left.", "Then it rained", "en", True),
    ("they met at 3 p.m.", "The next day", "en", True),
    ("he said “it is over.”", "Then he left", "en", True),
    ("Is it?", "Yes", "en", True),
    ("The end.", "", "en", True),
]


@pytest.mark.parametrize(("text", "following", "language", "ends"), LINE_ENDS)
def test_ends_sentence(text: str, following: str, language: str, ends: bool) -> None:
    assert ends_sentence(text, following, language) is ends


# ----------------------------------------------------------------------- nothing is lost

# Words that tempt a segmenter: abbreviations, ordinals, quotes, brackets, pysbd's own
# placeholder "∯", URLs, an ellipsis.
_VOCABULARY = (
    "the U.S. Mr. Dr. Jan. p.m. e.g. No. 5 3. 1. 1990 policy (in a way) “quoted” 'so' — am "
    "Oktober Hrn. etc. art. vs. i ∯ & % $ 10.5 www.example.org ... ?! :"
)
_WORDS = st.sampled_from(_VOCABULARY.split())
_ENDS = st.sampled_from([".", "!", "?", "…", ".”", ".)", "?”", "", ":"])
_GAPS = st.sampled_from([" ", "  ", "\n", " \n ", "\t", "\u00a0", "\u2029", ""])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(st.lists(_WORDS, min_size=1, max_size=12), max_size=8))
    parts = [draw(_GAPS)]
    for words in sentences:
        words[0] = words[0][:1].upper() + words[0][1:]
        parts += [" ".join(words), draw(_ENDS), draw(_GAPS)]
    return "".join(parts)


def _assert_covers(text: str, pieces: list[str]) -> None:
    """The pieces, in order, are ``text`` but for whitespace between them."""
    rest = text
    for piece in pieces:
        assert piece
        assert piece == piece.strip()
        rest = rest.lstrip()
        assert rest.startswith(piece), (piece, rest)
        rest = rest[len(piece) :]
    assert not rest.strip()


@given(_texts(), st.sampled_from(["en", "de", "fr", "ru", "pt"]))
def test_sentences_cover_a_text_of_sentences(text: str, language: str) -> None:
    _assert_covers(text, split_sentences(text, language))


@given(st.text())
def test_sentences_cover_any_text(text: str) -> None:
    pieces = split_sentences(text)
    _assert_covers(text, pieces)
    assert bool(pieces) == bool(text.strip())
