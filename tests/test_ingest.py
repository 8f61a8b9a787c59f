"""Ingest: essay files → clean numbered paragraphs, links, and what was removed."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_cases import read_cases, render

from briefgen.errors import InputError
from briefgen.essay import Essay
from briefgen.ingest import ingest, ingest_text
from briefgen.ingest.clean import clean

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "inputs" / "reset-with-russia" / "essay.txt"
RULES = HERE / "cases" / "ingest" / "rules.txt"


def words(texts: list[str]) -> Counter[str]:
    return Counter(word for text in texts for word in text.split())


@pytest.mark.parametrize(("text", "expected"), read_cases(RULES))
def test_rule(text: str, expected: str) -> None:
    assert render(ingest_text(text)) == expected


# The sample essay ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Essay:
    return ingest(SAMPLE)


def test_sample_paragraphs(sample: Essay) -> None:
    assert sample.path == SAMPLE
    assert len(sample.paragraphs) == 18
    assert [p.number for p in sample.paragraphs] == list(range(1, 19))
    assert sample.paragraphs[0].text.startswith(
        "Is the Biden administration thinking about a “reset” of relations with Russia?"
    )
    assert sample.paragraphs[0].line == 4
    assert sample.paragraphs[-1].text.endswith(
        "Few things have done more damage to U.S. foreign policy than that."
    )


def test_sample_sentence_split_by_urls_is_one_sentence_again(sample: Essay) -> None:
    third = sample.paragraphs[2]
    assert third.line == 14
    assert third.text.startswith("To understand why another reset")
    assert (
        "Resetting relations with Russia was the Obama administration\u2019s first major foreign "
        "policy initiative, launched by then-Vice President Joe Biden in early 2009."
    ) in third.text
    assert all("http" not in p.text for p in sample.paragraphs)


def test_sample_links(sample: Essay) -> None:
    assert [(link.url, link.line) for link in sample.links] == [
        ("https://www.themoscowtimes.com/author/ruth-deyermond", 17),
        (
            "https://www.politico.com/news/2024/08/23/ukraine-biden-weapons-restrictions-00176210",
            18,
        ),
    ]


def test_sample_removals(sample: Essay) -> None:
    assert [(r.kind, r.line) for r in sample.removals] == [
        ("caption", 1),
        ("url", 17),
        ("url", 18),
        ("related-article", 41),
        ("related-article", 76),
    ]
    caption = sample.removals[0].text
    assert caption.startswith("President Joe Biden and Vice President Kamala Harris look on as")
    assert caption.endswith("Alsu Kurmasheva. The White House")


def test_sample_drops_caption_and_related_articles(sample: Essay) -> None:
    text = "\n".join(p.text for p in sample.paragraphs)
    assert "Kamala Harris" not in text
    assert "Kurmasheva" not in text
    assert "Related article" not in text
    assert "Russophobic" not in text


def test_sample_keeps_real_hyphens_and_quotes(sample: Essay) -> None:
    assert "Putin has put visceral anti-Westernism at the center" in sample.paragraphs[13].text
    assert "virulently anti-Western worldview" in sample.paragraphs[16].text
    assert "“Distrust and can\u2019t verify”" in sample.paragraphs[8].text
    assert "détente" in sample.paragraphs[12].text


def test_sample_keeps_every_word(sample: Essay) -> None:
    source = words(SAMPLE.read_text(encoding="utf-8").split("\n"))
    removed = words([r.text for r in sample.removals])
    kept = words([p.text for p in sample.paragraphs])
    assert removed <= source
    # The only difference: the two line-end hyphens, joined to the word that follows.
    assert source - removed - kept == Counter({"anti-": 2, "Westernism": 1, "Western": 1})
    assert kept - (source - removed) == Counter({"anti-Westernism": 1, "anti-Western": 1})


def test_paragraph_lookup_is_one_based(sample: Essay) -> None:
    assert sample.paragraph(1) is sample.paragraphs[0]
    assert sample.paragraph(18) is sample.paragraphs[17]
    assert sample.paragraph(0) is None
    assert sample.paragraph(19) is None
    assert sample.paragraph(-1) is None


# Rules that fixtures cannot show ------------------------------------------------------


def test_soft_hyphen_at_line_end_joins_the_word() -> None:
    essay = ingest_text("It is impos\u00ad\nsible to see, and impos\u00adsible to say.\n")
    assert essay.paragraphs[0].text == "It is impossible to see, and impossible to say."


def test_invisible_debris_lines_are_removed() -> None:
    essay = ingest_text("First paragraph.\n\u200b\n\nSecond paragraph.\n")
    assert [p.text for p in essay.paragraphs] == ["First paragraph.", "Second paragraph."]
    assert [(r.kind, r.line) for r in essay.removals] == [("blank-debris", 2)]


def test_the_essay_is_put_in_nfc_and_keeps_its_line_numbers() -> None:
    decomposed = "Related article: Cafe\u0301 talk\n\nde\u0301tente is\nimpossible.\n\nA\u030a.\n"
    essay = ingest_text(decomposed)
    assert [(p.text, p.line) for p in essay.paragraphs] == [
        ("d\u00e9tente is impossible.", 3),
        ("\u00c5.", 6),
    ]
    assert [(r.text, r.line) for r in essay.removals] == [("Related article: Caf\u00e9 talk", 1)]


def test_briefgen_essay_prints_a_decomposed_essay_composed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefgen.cli import main

    path = tmp_path / "essay.txt"
    text = SAMPLE.read_text("utf-8")
    path.write_text(unicodedata.normalize("NFD", text), "utf-8")
    assert "de\u0301tente" in path.read_text("utf-8")

    assert main(["essay", str(path), "--width", "2000"]) == 0
    out = capsys.readouterr().out
    assert "\u0301" not in out
    assert "seem impossible because d\u00e9tente requires" in out
    assert main(["essay", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    original = ingest(SAMPLE)
    assert [(p["text"], p["line"]) for p in data["paragraphs"]] == [
        (p.text, p.line) for p in original.paragraphs
    ]


# Reading files ------------------------------------------------------------------------


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes(b"\xef\xbb\xbfThe first line\r\nwraps here.\r\n\r\nSecond.\r\n")
    essay = ingest(path)
    assert [(p.text, p.line) for p in essay.paragraphs] == [
        ("The first line wraps here.", 1),
        ("Second.", 4),
    ]


def test_lone_cr_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes(b"The first line\rwraps here.\r\rSecond.\r")
    assert [(p.text, p.line) for p in ingest(path).paragraphs] == [
        ("The first line wraps here.", 1),
        ("Second.", 4),
    ]


def test_ingest_text_accepts_bom_and_crlf_too() -> None:
    essay = ingest_text("\ufeffOne\r\ntwo.\r\n\r\nThree.")
    assert [(p.text, p.line) for p in essay.paragraphs] == [("One two.", 1), ("Three.", 4)]


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "essay.md"
    path.write_text("A paragraph.\n", encoding="utf-8")
    assert ingest(path).paragraphs[0].text == "A paragraph."


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"Good line.\n\nBad caf\xe9 here.\n", 3, "not UTF-8: byte 0xe9 at offset 19"),
        (b"\xef\xbb\xbfGood.\r\nBad \xff.", 2, "not UTF-8: byte 0xff at offset 14"),
    ],
)
def test_non_utf8_names_the_byte_and_offset(
    tmp_path: Path, data: bytes, line: int, message: str
) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        ingest(path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.message) == (path, line, message)
    assert str(problem) == f"{path}:{line}: {message}"


def test_utf16_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes("A paragraph.".encode("utf-16"))
    with pytest.raises(InputError, match=r"not UTF-8: byte 0xff at offset 0 .*UTF-16"):
        ingest(path)


@pytest.mark.parametrize(
    "data", [b"", b"\n\n  \n", b"https://example.org/a\n", b"\xef\xbb\xbf\r\n"]
)
def test_an_essay_without_paragraphs_is_an_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        ingest(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}: the essay has no paragraphs"]


def test_empty_text_is_an_error() -> None:
    with pytest.raises(InputError, match=r"^the essay has no paragraphs$"):
        ingest_text("")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt: no such file$"):
        ingest(path)


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.mkdir()
    with pytest.raises(InputError, match=r"essay\.txt: is a directory, not an essay file$"):
        ingest(path)


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "essay.rtf"
    path.write_bytes(b"{\\rtf1 An essay.}")
    with pytest.raises(InputError, match=r"cannot read \.rtf essays \(supported: .*\.txt"):
        ingest(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root (as in CI) reads any file, so the refusal is simulated where ingest reads.
    path = tmp_path / "essay.txt"
    path.write_text("A paragraph.\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"essay\.txt: cannot read the file: permission denied$"):
        ingest(path)


# Size ---------------------------------------------------------------------------------


def test_a_large_essay_is_ingested() -> None:
    # ~2 MB.  Speed is measured in bench/; this only shows that nothing breaks at size.
    body = (
        "The Reset was a policy designed for its specific moment and it made sense at\n"
        "the time. But the conditions that made it both desirable and possible have\n"
        "vanished. It is impossible to see how it could be revived with the current\n"
        "Russian government, said the visceral anti-\nWestern commentators.\n"
    )
    split = (
        "Resetting relations with Russia was the\n\nhttps://example.org/{n}\n\n\n"
        "Obama administration\u2019s first impos-\nsible initiative.\n"
    )
    blocks = []
    count = 7500
    for n in range(count):
        blocks.append(split.format(n=n) if n % 10 == 0 else body)
        if n % 10 == 5:
            blocks.append(f"Related article: Headline number {n}\n")
    text = "\n".join(blocks)
    assert len(text) > 2_000_000
    essay = ingest_text(text)
    assert len(essay.paragraphs) == count
    assert len(essay.links) == count // 10
    assert len(essay.removals) == 2 * (count // 10)
    assert essay.paragraphs[0].text.endswith(
        "Obama administration\u2019s first impossible initiative."
    )
    assert essay.paragraphs[1].text.endswith("the visceral anti-Western commentators.")


def test_a_large_single_line_is_one_paragraph() -> None:
    text = "Few things have done more damage to U.S. foreign policy than that. " * 30_000
    assert len(ingest_text(text).paragraphs) == 1


# Properties ---------------------------------------------------------------------------

# Words without dashes or soft hyphens: those are the only characters a rule may join.
_word = st.text(
    st.characters(categories=("L", "Nd", "Po", "Pi", "Pf", "Ps", "Pe")), min_size=1, max_size=10
)
_line = st.tuples(st.sampled_from(["", " ", "\t"]), st.lists(_word, min_size=1, max_size=8)).map(
    lambda pair: pair[0] + " ".join(pair[1])
)
_debris = st.sampled_from(
    ["https://example.org/a", "Related article: A Headline", "* * *", "7", "", "   "]
)
_block = st.one_of(st.lists(_line, min_size=1, max_size=4).map("\n".join), _debris)


@settings(deadline=None)
@given(st.lists(_block, min_size=1, max_size=8), st.sampled_from(["\n\n", "\n\n\n", "\n \n"]))
def test_every_word_survives_unless_reported_removed(blocks: list[str], gap: str) -> None:
    text = gap.join(blocks)
    essay = clean(text)
    source = words([unicodedata.normalize("NFC", text)])  # "Å" (U+212B) is kept as "Å"
    removed = words([r.text for r in essay.removals])
    assert removed <= source
    assert words([p.text for p in essay.paragraphs]) == source - removed
    assert [p.number for p in essay.paragraphs] == list(range(1, len(essay.paragraphs) + 1))
    lines = [p.line for p in essay.paragraphs]
    assert lines == sorted(set(lines))


@pytest.mark.parametrize(
    "teaser",
    [
        "Lire aussi : Le retour des frontières en Europe",
        "À lire aussi : Le retour des frontières en Europe",
        "Lesen Sie auch: Die Zeitenwende und ihre Grenzen",
        "Leggi anche: Il ritorno delle frontiere",
        "Czytaj także: Powrót granic w Europie",
        "Читайте також: Повернення кордонів",
        "Читайте также: Возвращение границ",
    ],
)
def test_related_article_teasers_are_dropped_in_every_language_briefgen_writes(
    teaser: str, tmp_path: Path
) -> None:
    from briefgen.ingest import ingest

    essay = tmp_path / "essay.txt"
    body = "Une nation est une âme, un principe spirituel, dit Renan en 1882."
    essay.write_text(f"{body}\n\n{teaser}\n\nLa langue invite à se réunir ; elle n’y force pas.\n")
    texts = [p.text for p in ingest(essay).paragraphs]
    assert texts == [body, "La langue invite à se réunir ; elle n’y force pas."]


@pytest.mark.parametrize(
    ("body", "caption", "after"),
    [
        (
            "Die Einheit Deutschlands ist seit März 1848 die Losung aller Deutschen geworden.",
            "Bundeskanzler Olaf Scholz im Bundestag. Foto: Michael Kappeler/dpa",
            "Ein schiefes Bild: Die Union und ihre Nachbarn",
        ),
        (
            "Une nation est une âme, un principe spirituel, dit Renan en 1882.",
            "Le président à l’Élysée, le 3 septembre 2024. Photo\u202f: Ludovic Marin / AFP",
            "Photo de famille sans l’Amérique",
        ),
        (
            "Россия и Запад снова спорят о границах и о праве наций.",
            "Владимир Путин в Кремле. Фото: Михаил Метцель/ТАСС",
            "Образ и изображение: Россия глазами Запада",
        ),
        (
            "Rząd przedstawił w Sejmie plan reformy sądownictwa na przyszły rok.",
            "Premier w Sejmie. Fot. PAP/Radek Pietruszka",
            "Zdjęcie: Polska w oczach sąsiadów",
        ),
        (
            "Il governo ha presentato il piano di riforma al Parlamento ieri sera.",
            "Il premier a Palazzo Chigi. Foto di Roberto Monaldo / LaPresse",
            "Foto di gruppo al vertice",
        ),
    ],
)
def test_photo_captions_are_dropped_in_the_languages_briefgen_writes_and_headings_stay(
    body: str, caption: str, after: str, tmp_path: Path
) -> None:
    from briefgen.ingest import ingest

    essay = tmp_path / "essay.txt"
    rest = "Der zweite Absatz geht weiter, wie ein Absatz es tut, bis zu seinem Ende."
    essay.write_text(f"{body}\n\n{caption}\n\n{after}\n\n{rest}\n", "utf-8")
    result = ingest(essay)
    assert [p.text for p in result.paragraphs] == [body, after, rest]
    assert [(r.kind, r.text) for r in result.removals] == [("caption", " ".join(caption.split()))]
