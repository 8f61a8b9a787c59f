"""Briefs in the ministry's language (``brief.language``): labels from the catalogs, dates
and quotation marks as the locale writes them, hyphenation, the document's language."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from readers import pdf_text

import briefgen
from briefgen.cli import main
from briefgen.i18n.labels import CATALOGS, load_labels
from briefgen.i18n.locale import format_date, quote

ROOT = Path(__file__).resolve().parent.parent
FRENCH = ROOT / "inputs" / "qu-est-ce-qu-une-nation" / "brief.yaml"
GERMAN = ROOT / "inputs" / "die-deutsche-einheit" / "brief.yaml"
SAMPLES = {"fr": FRENCH, "de": GERMAN}
ENGLISH = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"
LANGUAGES = ("en", "fr", "de", "es", "it", "pl", "uk", "ru")


def docx_strings(path: Path) -> str:
    """Every string of the DOCX a reader can see: body, headers, footers, notes."""
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if re.fullmatch(r"word/[a-z0-9]+\.xml", n)]
        text = []
        for name in parts:
            xml = archive.read(name).decode("utf-8")
            text += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
            text += re.findall(r'<w:lvlText w:val="([^"]*)"', xml)
    return " ".join(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_label(language: str) -> None:
    english = load_labels("en").values
    labels = load_labels(language)
    assert set(english) <= set(labels.values)
    assert all(value.strip() for value in labels.values.values())


def test_shipped_catalogs_are_the_languages_promised() -> None:
    assert {p.stem for p in CATALOGS.glob("*.yaml")} == set(LANGUAGES)


@pytest.mark.parametrize("template", ["brief", "memo"])
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_foreign_sample_prints_no_english_word_around_its_content(
    language: str, template: str, tmp_path: Path
) -> None:
    result = briefgen.render(SAMPLES[language], tmp_path, template=template)
    english, own = load_labels("en").values, load_labels(language).values
    outputs = {o.path.suffix: o.path for o in result.outputs}
    texts = {"docx": docx_strings(outputs[".docx"]), "pdf": pdf_text(outputs[".pdf"])}
    for fmt, text in texts.items():
        for name, word in english.items():
            shown = re.sub(r"\{[a-z]+\}", "", word).strip(" :.")
            if not shown or shown.lower() in own[name].lower() or len(shown) < 3:
                continue  # the same word in both ("Source", "Notes", "DATE")
            assert not re.search(rf"(?<!\w){re.escape(shown)}(?!\w)", text), (fmt, name, shown)
        for word in ("Who", "When", "Priority", "Rests on", "Policy brief", "of 2", "Bottom line"):
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), (fmt, word)


def test_the_french_sample_is_dated_quoted_and_tagged_in_french(tmp_path: Path) -> None:
    result = briefgen.render(FRENCH, tmp_path)
    outputs = {o.path.suffix: o.path for o in result.outputs}
    text = docx_strings(outputs[".docx"])
    assert "30 novembre 2026" in text
    assert "11 mars 1882" in text
    assert "«\u202fLa langue invite à se réunir\u202f; elle n’y force pas.\u202f»" in text
    assert "Qui\u202f:" in text  # French sets a narrow no-break space before a colon
    # ... and inside the « » an analyst typed with ordinary spaces, and before ; ! ?
    assert "«\u202ftranscendants de la politique\u202f»" in text
    assert "se réunir\u202f; elle" in text
    assert "Page 1 sur 2" in pdf_text(outputs[".pdf"])
    with pikepdf.open(outputs[".pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "fr"
    styles = zipfile.ZipFile(outputs[".docx"]).read("word/styles.xml").decode()
    assert 'w:lang w:val="fr"' in styles
    assert main(["check", str(outputs[".pdf"]), str(outputs[".docx"])]) == 0


def test_the_german_sample_is_dated_quoted_and_tagged_in_german(tmp_path: Path) -> None:
    result = briefgen.render(GERMAN, tmp_path)
    outputs = {o.path.suffix: o.path for o in result.outputs}
    text = docx_strings(outputs[".docx"])
    assert "2. Dezember 2026" in text
    assert "„Wie soll Deutschland dann gegen Außen vertreten seyn?“" in text
    assert "Zuständig:" in text
    assert "Frist:" in text
    pdf = pdf_text(outputs[".pdf"])
    assert "Seite 1 von 2" in pdf
    assert "Frist: Vor dem Europäischen Rat im Juni 2027" in pdf
    with pikepdf.open(outputs[".pdf"]) as document:
        assert str(document.Root.Lang) == "de"
    styles = zipfile.ZipFile(outputs[".docx"]).read("word/styles.xml").decode()
    assert 'w:lang w:val="de"' in styles
    assert main(["check", str(outputs[".pdf"]), str(outputs[".docx"])]) == 0


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_every_quote_reads_whole_in_the_hyphenated_pdf(language: str, tmp_path: Path) -> None:
    """Hyphenation breaks words on the page, never in the text: each quote of the brief is
    found in the PDF's text as the essay has it (a reader's copy, a search, grounding)."""
    import yaml

    from briefgen.grounding import folded_text

    result = briefgen.render(SAMPLES[language], tmp_path)
    pdf = next(o.path for o in result.outputs if o.path.suffix == ".pdf")
    text = folded_text(pdf_text(pdf))
    summary = yaml.safe_load(SAMPLES[language].read_text("utf-8"))["summary"]
    quotes = [summary["thesis"]["quote"]] + [e["quote"] for e in summary["evidence"]]
    for cited in quotes:
        assert folded_text(cited) in text, cited


@pytest.mark.slow
@pytest.mark.parametrize("template", ["brief", "memo"])
@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_libreoffice_lays_each_foreign_sample_out_on_the_pdf_s_pages(
    language: str, template: str, tmp_path: Path
) -> None:
    from readers import pdf_pages, soffice_to_pdf

    result = briefgen.render(SAMPLES[language], tmp_path / "out", template=template)
    outputs = {o.path.suffix: o.path for o in result.outputs}
    converted = soffice_to_pdf(outputs[".docx"], tmp_path)
    assert pdf_pages(converted) == pdf_pages(outputs[".pdf"])


@pytest.mark.parametrize(
    ("language", "date", "quoted"),
    [
        ("en", "3 September 2024", "“a ‘b’ c”"),
        ("fr", "3 septembre 2024", "«\u202fa “b” c\u202f»"),
        ("de", "3. September 2024", "„a ‚b‘ c“"),
        ("es", "3 de septiembre de 2024", "«a “b” c»"),
        ("it", "3 settembre 2024", "«a “b” c»"),
        ("pl", "3 września 2024", "„a «b» c”"),
        ("uk", "3 вересня 2024\u202fр.", "«a „b“ c»"),
        ("ru", "3 сентября 2024\u202fг.", "«a „b“ c»"),
    ],
)
def test_dates_and_quotation_marks_as_each_locale_writes_them(
    language: str, date: str, quoted: str
) -> None:
    import datetime as dt

    assert format_date(dt.date(2024, 9, 3), language) == date
    assert quote('a "b" c', language) == quoted


def _hyphenating(tmp_path: Path, on: bool) -> Path:
    folder = tmp_path / ("hyphenating" if on else "plain")
    shutil.copytree(ROOT / "templates" / "brief", folder)
    style = folder / "style.yaml"
    text = re.sub(r"(?m)^hyphenate: .*$\n?", "", style.read_text("utf-8"))
    style.write_text(text + f"\nhyphenate: {'true' if on else 'false'}\n", "utf-8")
    return folder


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_a_template_that_hyphenates_breaks_words_in_the_brief_s_language(
    language: str, tmp_path: Path
) -> None:
    import subprocess

    sample = SAMPLES[language]
    result = briefgen.render(sample, tmp_path / "out", template=str(_hyphenating(tmp_path, True)))
    outputs = {o.path.suffix: o.path for o in result.outputs}
    settings = zipfile.ZipFile(outputs[".docx"]).read("word/settings.xml").decode()
    assert "<w:autoHyphenation/>" in settings  # Word and LibreOffice hyphenate it too
    layout = subprocess.run(
        ["pdftotext", "-layout", str(outputs[".pdf"]), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    broken = [line for line in layout.splitlines() if re.search(r"\w\u00ad$", line.rstrip())]
    assert broken, f"no word of the {language} brief was hyphenated at a line end"
    # The hyphen drawn there is a soft hyphen in the text: a copy, a search and a screen
    # reader get the word whole.  No real hyphen ends a line the brief's text did not.
    words = sample.read_text("utf-8") + (sample.parent / "essay.txt").read_text("utf-8")
    for line in layout.splitlines():
        found = re.search(r"(\w+)-$", line.rstrip())
        if found:
            assert re.search(rf"{found.group(1)}-", words), line
    structure = subprocess.run(
        ["pdfinfo", "-struct-text", str(outputs[".pdf"])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    stem = re.search(r"(\w+)\u00ad$", broken[0].rstrip()).group(1)  # type: ignore[union-attr]
    assert re.search(rf"{stem}\w", structure.replace("\u00ad", "")), broken[0]
    assert main(["check", str(outputs[".pdf"])]) == 0


def test_a_template_that_does_not_hyphenate_breaks_no_word(tmp_path: Path) -> None:
    result = briefgen.render(FRENCH, tmp_path / "out", template=str(_hyphenating(tmp_path, False)))
    docx = next(o.path for o in result.outputs if o.path.suffix == ".docx")
    assert "autoHyphenation" not in zipfile.ZipFile(docx).read("word/settings.xml").decode()


def test_a_template_adds_a_language_with_one_file_and_a_missing_label_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "inputs" / "x"
    shutil.copytree(ENGLISH.parent, folder)
    shutil.copytree(ROOT / "templates" / "brief", folder / "templates" / "house")
    brief = folder / "brief.yaml"
    text = brief.read_text("utf-8").replace(
        "  template: brief\n", "  template: house\n  language: nl\n"
    )
    brief.write_text(text, "utf-8")
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 2
    assert "no labels for 'nl'" in capsys.readouterr().err
    labels = folder / "templates" / "house" / "labels"
    labels.mkdir()
    english = (CATALOGS / "en.yaml").read_text("utf-8")
    dutch = english.replace("Bottom line", "Kern van de zaak").replace("Evidence", "Bewijs")
    (labels / "nl.yaml").write_text(dutch.replace("recommendations: Recommendations\n", ""))
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"{labels / 'nl.yaml'} recommendations: no label 'recommendations'"
    (labels / "nl.yaml").write_text(dutch, "utf-8")
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 0
    docx = next((tmp_path / "out").glob("*.docx"))
    assert "Kern van de zaak" in docx_strings(docx)


def test_a_right_to_left_or_cjk_brief_gets_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "x"
    shutil.copytree(ENGLISH.parent, folder)
    brief = folder / "brief.yaml"
    brief.write_text(
        brief.read_text("utf-8").replace(
            "  template: brief\n", "  template: brief\n  language: ar\n"
        )
    )
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "right-to-left scripts and Chinese, Japanese and Korean" in err
    assert not (tmp_path / "out").exists()


def test_the_essay_command_detects_the_essay_s_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    essay = FRENCH.parent / "essay.txt"
    assert main(["essay", str(essay)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("; in 'fr' (detected)")


def test_a_draft_follows_the_essay_s_language(tmp_path: Path) -> None:
    import yaml

    shutil.copy(FRENCH.parent / "essay.txt", tmp_path / "essay.txt")
    assert main(["draft", str(tmp_path / "essay.txt")]) == 0
    data = yaml.safe_load((tmp_path / "brief.yaml").read_text("utf-8"))
    assert data["brief"]["language"] == "fr"
    keywords = data["summary"]["keywords"]
    assert "nation" in keywords
    assert not [k for k in keywords if re.search(r"\b[cdlnst]’", k)]  # no "c’est", "d’une"
    assert main(["render", str(tmp_path / "brief.yaml"), "--out", str(tmp_path / "out")]) == 0
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert "L’essentiel." in pdf_text(pdf)


def test_the_brief_says_the_essay_s_language_when_it_differs(tmp_path: Path) -> None:
    from briefgen.pipeline import check_brief

    folder = tmp_path / "x"
    shutil.copytree(ENGLISH.parent, folder)
    brief = folder / "brief.yaml"
    text = brief.read_text("utf-8").replace(
        "  essay: essay.txt\n", "  essay: essay.txt\n  language: en-GB\n"
    )
    brief.write_text(text.replace("  template: brief\n", "  template: brief\n  language: fr\n"))
    checked = check_brief(brief)
    assert (checked.essay.language, checked.brief.brief.language) == ("en-GB", "fr")


def test_british_english_dates_match_cldr_without_loading_it() -> None:
    import datetime as dt

    from babel.dates import format_date as babel_date

    for day in (dt.date(2024, 9, 3), dt.date(1882, 3, 11), dt.date(2026, 12, 31)):
        assert format_date(day, "en") == babel_date(day, format="long", locale="en_GB")
        assert format_date(day, "en-GB") == format_date(day, "en")


def test_the_french_first_of_the_month_and_nested_quotes_lose_their_inner_spaces() -> None:
    import datetime as dt

    assert format_date(dt.date(2026, 1, 1), "fr") == "1er janvier 2026"
    assert format_date(dt.date(2026, 1, 2), "fr") == "2 janvier 2026"
    assert quote("des « transcendants » se", "fr") == "«\u202fdes “transcendants” se\u202f»"


def _french_with_house_labels(tmp_path: Path, catalog: str) -> tuple[Path, Path]:
    """The French sample, set in its own copy of the brief template whose labels/fr.yaml
    holds ``catalog``: (the brief, the labels folder)."""
    folder = tmp_path / "x"
    shutil.copytree(FRENCH.parent, folder)
    shutil.copytree(ROOT / "templates" / "brief", folder / "templates" / "house")
    labels = folder / "templates" / "house" / "labels"
    labels.mkdir()
    (labels / "fr.yaml").write_text(catalog, "utf-8")
    brief = folder / "brief.yaml"
    brief.write_text(brief.read_text("utf-8").replace("  template: brief\n", "  template: house\n"))
    return brief, labels


def test_a_malformed_label_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief, labels = _french_with_house_labels(tmp_path, 'paragraph_ref: "§ {num}"\n')
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert str(labels / "fr.yaml") in err
    assert "the label 'paragraph_ref'" in err
    assert "can only use {n}" in err
    assert "Traceback" not in err


def test_the_documents_subject_is_in_the_brief_s_language(tmp_path: Path) -> None:
    result = briefgen.render(FRENCH, tmp_path)
    pdf = next(o.path for o in result.outputs if o.path.suffix == ".pdf")
    with pikepdf.open(pdf) as document:
        assert str(document.docinfo.Subject).startswith(
            "Note sur Ernest Renan, Calmann Lévy\u202f: "
        )


def test_a_draft_of_an_essay_in_a_language_without_labels_still_renders(tmp_path: Path) -> None:
    import yaml

    text = (
        "A nação é uma alma, um princípio espiritual. Duas coisas, que na verdade são uma "
        "só, constituem essa alma. Uma está no passado, a outra no presente. Uma é a posse "
        "em comum de um rico legado de lembranças; a outra é o consentimento atual, o "
        "desejo de viver juntos, a vontade de continuar a fazer valer a herança recebida.\n\n"
        "A existência de uma nação é um plebiscito de todos os dias, como a existência do "
        "indivíduo é uma afirmação perpétua de vida. Nenhuma nação tem o direito de dizer a "
        "uma província que ela lhe pertence contra a vontade dos seus habitantes.\n"
    )
    (tmp_path / "essay.txt").write_text(text, "utf-8")
    assert main(["draft", str(tmp_path / "essay.txt")]) == 0
    data = yaml.safe_load((tmp_path / "brief.yaml").read_text("utf-8"))
    assert data["source"]["language"] == "pt"
    assert data["brief"]["language"] == "en"  # briefgen has no Portuguese labels yet


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('draft_label: ""\n', "the label 'draft_label' cannot stand in header_footer.draft_label"),
        ('footer: "Page {page} de {total}"\n', "the label 'footer' can only use {page}, {pages}"),
    ],
)
def test_page_furniture_labels_are_held_to_style_yaml_s_rules(
    line: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief, labels = _french_with_house_labels(tmp_path, line)
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert said in err
    assert err.startswith(str(labels / "fr.yaml"))


def test_swiss_german_sets_guillemets() -> None:
    assert quote('a "b" c', "de-CH") == "«a ‹b› c»"


def test_a_language_without_labels_is_reported_at_the_brief_s_language_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "x"
    shutil.copytree(FRENCH.parent, folder)
    brief = folder / "brief.yaml"
    brief.write_text(brief.read_text("utf-8").replace("  language: fr\n", "  language: nl\n"))
    assert main(["render", str(brief), "--out", str(tmp_path / "out")]) == 2
    line = next(
        n for n, text in enumerate(brief.read_text().splitlines(), 1) if "language: nl" in text
    )
    assert (
        capsys.readouterr()
        .err.strip()
        .startswith(f"{brief}:{line} brief.language: no labels for 'nl'")
    )
