"""`briefgen lint`: each house rule through the command line, on a brief that breaks every
rule once (tests/cases/lint), on the sample (clean), and with a template's lint: section."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.lint.scales import estimative_hits
from briefgen.lint.timeframes import holds_on_a_calendar
from briefgen.lint.verbs import starts_with_verb
from briefgen.lint.vocabulary import Words, vocabulary
from briefgen.lint.words import is_judgment, is_unaccountable

ROOT = Path(__file__).resolve().parent.parent
EVERY_RULE = ROOT / "tests" / "cases" / "lint"
SAMPLE = ROOT / "inputs" / "reset-with-russia" / "brief.yaml"

LINE = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+) (?P<field>\S+): (?P<rule>[a-z/._-]+): (?P<why>.+)$"
)


def findings(capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    return findings_of(capsys.readouterr().out)


def findings_of(out: str) -> list[dict[str, str]]:
    parsed = [LINE.match(line) for line in out.splitlines()]
    assert all(parsed), out
    return [m.groupdict() for m in parsed if m]


def words_of(language: str) -> Words:
    """The words the rules read in ``language`` (which has them)."""
    found = vocabulary(language)
    assert found is not None, language
    return found


def line_of(path: Path, text: str) -> int:
    """The line where ``text`` starts (it may run over several lines)."""
    content = path.read_text()
    return content[: content.index(text)].count("\n") + 1


@pytest.fixture
def every_rule(tmp_path: Path) -> Path:
    folder = tmp_path / "every-rule"
    shutil.copytree(EVERY_RULE, folder)
    return folder / "brief.yaml"


def test_the_sample_brief_meets_every_standard(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(SAMPLE)]) == 0
    assert capsys.readouterr().out == f"{SAMPLE}: no findings\n"


EXPECTED = [
    ("bottom_line:", "summary.bottom_line", "bottom-line-judgment", "its first sentence sets the scene"),
    ("bottom_line:", "summary.bottom_line", "bottom-line-length", "90 words; the template allows 80"),
    ("statement:", "summary.thesis.statement", "estimative-scale", "'highly likely' is a term of the PHIA yardstick, not of ICD 203"),
    ("claim: The conditions", "summary.evidence[0].claim", "estimative-hedge", "'may possibly' hedges without saying how likely"),
    ("claim: The conditions", "summary.evidence[0].claim", "prose/redundancy.misc.after_the_deadline", "Use 'may' instead of 'may possibly'"),
    ("quote: >-\n        After 2010", "summary.evidence[1].quote", "quote-length", "44 words; the template allows 40"),
    ("id: E3", "summary.evidence[2].id", "evidence-unused", "no recommendation and not the thesis rests on E3"),
    ("action: Washington should", "summary.recommendations[0].action", "rec-verb", "starts with 'Washington', not a verb"),
    ("action: Washington should", "summary.recommendations[0].action", "prose/misc.greylist", "Use of 'utilize'"),
    ("stakeholders", "summary.recommendations[0].actor", "rec-actor", "'stakeholders' cannot be held to account"),
    ("in due course", "summary.recommendations[0].timeframe", "rec-timeframe", "'in due course' is not a time a calendar can hold"),
    ("id: R2", "summary.recommendations[1]", "rec-unsupported", "rests on no evidence"),
]  # fmt: skip


def test_a_brief_that_breaks_every_rule_gets_one_line_for_each(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(every_rule)]) == 1
    got = findings(capsys)
    assert [(f["field"], f["rule"]) for f in got] == [(e[1], e[2]) for e in EXPECTED]
    for found, (anchor, _, _, why) in zip(got, EXPECTED, strict=True):
        assert found["file"] == str(every_rule)
        assert int(found["line"]) == line_of(every_rule, anchor), found
        assert why in found["why"], found


def test_every_rule_is_tripped_by_the_test_brief() -> None:
    from briefgen.lint.rules import RULES

    tripped = {e[2].split("/")[0] for e in EXPECTED}
    assert tripped == set(RULES)


def test_json_output_carries_the_same_findings(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(every_rule), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["field"], d["rule"]) for d in data] == [(e[1], e[2]) for e in EXPECTED]
    assert set(data[0]) == {"file", "line", "field", "rule", "message"}
    assert data[0]["line"] == line_of(every_rule, "bottom_line:")


def _with_lint_section(every_rule: Path, section: str) -> None:
    folder = every_rule.parent / "templates" / "house"
    shutil.copytree(ROOT / "templates" / "brief", folder)
    style = folder / "style.yaml"
    style.write_text(style.read_text("utf-8") + "\n" + section, "utf-8")
    text = every_rule.read_text("utf-8")
    every_rule.write_text(text.replace("  status: draft\n", "  status: draft\n  template: house\n"))


def test_a_template_switches_rules_off_and_sets_its_limits(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_lint_section(
        every_rule,
        "lint:\n  disable: [rec-verb, prose, evidence-unused]\n"
        "  bottom_line_words: 120\n  quote_words: 50\n",
    )
    assert main(["lint", str(every_rule)]) == 1
    rules = [f["rule"] for f in findings(capsys)]
    for gone in ("rec-verb", "evidence-unused", "bottom-line-length", "quote-length"):
        assert gone not in rules
    assert not [r for r in rules if r.startswith("prose/")]
    assert "rec-actor" in rules
    assert "bottom-line-judgment" in rules


def test_the_phia_scale_takes_highly_likely_and_refuses_very_likely(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_lint_section(every_rule, "lint:\n  scale: phia\n")
    text = every_rule.read_text("utf-8")
    every_rule.write_text(text.replace("Commission planning", "Commission very likely planning"))
    assert main(["lint", str(every_rule)]) == 1
    got = [f for f in findings(capsys) if f["rule"] == "estimative-scale"]
    assert [(f["field"], f["why"].split(" is ")[0]) for f in got] == [
        ("summary.recommendations[1].action", "'very likely'")
    ]
    assert "a term of ICD 203, not of the PHIA yardstick" in got[0]["why"]


def test_an_unknown_rule_in_style_yaml_is_an_error_naming_it(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_lint_section(every_rule, "lint:\n  disable: [rec-verbs]\n")
    assert main(["lint", str(every_rule)]) == 2
    err = capsys.readouterr().err
    assert "style.yaml" in err
    assert "lint.disable" in err


def test_a_brief_in_another_language_is_held_to_the_rules_its_language_has_words_for(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = every_rule.read_text("utf-8")
    text = text.replace("  status: draft\n", "  status: draft\n  language: de\n")
    text = text.replace("actor: stakeholders", "actor: Alle Beteiligten")
    text = text.replace("timeframe: in due course", "timeframe: zeitnah")
    text = text.replace("timeframe: Within 12 months", "timeframe: Binnen zwölf Monaten")
    every_rule.write_text(text)
    assert main(["lint", str(every_rule)]) == 1
    captured = capsys.readouterr()
    found = findings_of(captured.out)
    assert {f["rule"] for f in found} == {
        "bottom-line-length",
        "quote-length",
        "evidence-unused",
        "rec-unsupported",
        "rec-actor",
        "rec-timeframe",
    }
    (timeframe,) = [f["why"] for f in found if f["rule"] == "rec-timeframe"]
    assert timeframe.startswith("'zeitnah' is not a time a calendar can hold")
    assert "(“binnen 30 Tagen”)" in timeframe  # the example is the brief's language's
    (actor,) = [f for f in found if f["rule"] == "rec-actor"]
    assert actor["line"] == str(line_of(every_rule, "actor: Alle Beteiligten"))
    assert "(bottom-line-judgment, estimative-hedge, estimative-scale, prose, rec-verb)" in (
        captured.err
    )


def test_a_brief_that_does_not_validate_exits_2_with_validate_s_problems(
    every_rule: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = every_rule.read_text("utf-8")
    every_rule.write_text(text.replace("based_on: [E1, E2]", "based_on: [E1, E9]"))
    assert main(["lint", str(every_rule)]) == 2
    err = capsys.readouterr().err.strip()
    assert "summary.recommendations[0].based_on[1]: 'E9' is not an evidence id" in err


# The word rules, on phrasings beyond the test brief's.


@pytest.mark.parametrize(
    ("timeframe", "holds"),
    [
        ("Within 30 days", True),
        ("Next six months", True),
        ("by 15 March 2025", True),
        ("Q3 2025", True),
        ("Before the NATO summit", True),
        ("Ahead of the spring budget", True),
        ("at the next Council meeting", True),
        ("Immediately", True),
        ("As soon as possible, and no later than June", True),
        ("soon", False),
        ("As appropriate", False),
        ("over the medium term", False),
        ("when feasible", False),
        ("quickly", False),
        ("When Possible", False),
        ("At An Appropriate Time", False),
        ("Before Congress returns", True),
    ],
)
def test_timeframes_a_calendar_can_hold(timeframe: str, holds: bool) -> None:
    assert holds_on_a_calendar(timeframe) is holds


@pytest.mark.parametrize(
    ("action", "verb"),
    [
        ("Decouple decisions on weapons from engagement", True),
        ("Commission planning for a post-Putin Russia", True),
        ("Do not extend the waiver", True),
        ("Immediately suspend the talks", True),
        ("Operationalise the plan", True),
        ("The department should review", False),
        ("Reviewing the policy", False),
        ("Sanctions on Iran should tighten", False),
        ("We must act", False),
        ("Urgent review of the waiver", False),
        ("30-day review of the waiver", False),
        ("— review the waiver", False),
    ],
)
def test_recommendations_that_start_with_a_verb(action: str, verb: bool) -> None:
    assert starts_with_verb(action)[0] is verb


@pytest.mark.parametrize(
    ("actor", "vague"),
    [
        ("We", True),
        ("the international community", True),
        ("Relevant stakeholders", True),
        ("The Government", True),
        ("Department of State, Bureau of Arms Control", False),
        ("National Security Council", False),
        (".", True),
    ],
)
def test_actors_that_cannot_be_held_to_account(actor: str, vague: bool) -> None:
    assert is_unaccountable(actor) is vague


@pytest.mark.parametrize(
    ("sentence", "judgment"),
    [
        ("A reset is impossible while Russia is governed as it is now.", True),
        ("Washington should stop planning for engagement.", True),
        ("Keep the sanctions in place.", True),
        ("In 2009, the two presidents launched a reset.", False),
        ("The essay describes relations since 1991.", False),
    ],
)
def test_first_sentences_that_state_a_judgment(sentence: str, judgment: bool) -> None:
    assert is_judgment(sentence) is judgment


@pytest.mark.parametrize(
    ("text", "scale", "found"),
    [
        ("Russia will very likely refuse.", "icd203", []),
        ("Russia will highly likely refuse.", "icd203", [("highly likely", "other-scale")]),
        ("A realistic possibility remains.", "icd203", [("realistic possibility", "other-scale")]),
        ("A realistic possibility remains.", "phia", []),
        ("Talks are fairly likely to stall.", "phia", [("fairly likely", "other-scale")]),
        ("Talks may possibly stall, perhaps soon.", "icd203", [("may possibly", "hedge"), ("perhaps", "hedge")]),
        ("A remote area of Siberia.", "icd203", []),
        ("There is a remote chance of talks.", "phia", []),
    ],
)  # fmt: skip
def test_estimative_words_against_a_scale(text: str, scale: str, found: list) -> None:
    assert [(h.text, h.kind) for h in estimative_hits(text, scale)] == found


# The same two rules in the other languages briefgen writes, from their vocabularies.


@pytest.mark.parametrize(
    ("language", "timeframe", "holds"),
    [
        ("de", "Bis zum 31. März 2027", True),
        ("de", "Binnen 30 Tagen", True),
        ("de", "Vor dem NATO-Gipfel", True),
        ("de", "In der nächsten Sitzungswoche", True),
        ("de", "Bis Ende März", True),
        ("de", "Vor der Sommerpause", True),
        ("de", "Zeitnah", False),
        ("de", "Nach Bedarf", False),  # a capital after "nach" is no event in German
        ("de", "Bis auf Weiteres", False),
        ("de", "Mittelfristig", False),
        ("fr", "Sous 60 jours", True),
        ("fr", "D’ici au 30 juin 2027", True),
        ("fr", "Lors du prochain sommet", True),
        ("fr", "Avant Noël", True),
        ("fr", "Dès que possible", False),
        ("fr", "À moyen terme", False),
        ("es", "Antes de la cumbre de la OTAN", True),
        ("es", "En un plazo de 30 días", True),
        ("es", "Lo antes posible", False),
        ("it", "Entro il 15 marzo", True),
        ("it", "Al più presto", False),
        ("pl", "Do 15 marca", True),
        ("pl", "W marcu", True),
        ("pl", "W ciągu 30 dni", True),
        ("pl", "Jak najszybciej", False),
        ("uk", "До 15 березня", True),
        ("uk", "Протягом 30 днів", True),
        ("uk", "У березні", True),
        ("uk", "Найближчим часом", False),
        ("ru", "До саммита НАТО", True),
        ("ru", "В течение 30 дней", True),
        ("ru", "В мае", True),
        ("ru", "В ближайшее время", False),
        ("ru", "Как можно скорее", False),
        # what a month's name, a capital, a framing phrase or a place must not pass for
        ("fr", "Dès que possible, mais avant tout en concertation", False),  # not "mai"
        ("es", "A la mayor brevedad", False),  # not "mayo"
        ("pl", "W późniejszym terminie", False),  # "ó" is no capital
        ("de", "Kontinuierlich im Rahmen der Verhandlungen", False),
        ("de", "Bei Bedarf im Rat", False),
        ("fr", "À Bruxelles, en lien avec nos partenaires", False),
        ("fr", "Un jour", False),
        ("ru", "Поэтапно, в две части", False),  # "час" is not "часть"
        ("uk", "До радника", False),  # "рада" is not "радник"
        ("de", "Vor der Europawahl", True),  # an event may end a German compound
        ("de", "Noch in dieser Legislaturperiode", True),
        ("fr", "Avant l’élection présidentielle", True),
        ("fr", "L’an prochain", True),
        ("it", "Prima dell’Assemblea generale dell’ONU", True),
        ("uk", "До пʼятниці", True),  # CLDR's apostrophe (U+02BC) is the usual one
        # ways of working are no time; compounds and other spellings are
        ("de", "In Abstimmung mit dem Auswärtigen Amt", False),  # a way of working
        ("fr", "À la demande du conseil", False),
        ("ru", "В соответствии с договором", False),
        ("pl", "Na wniosek rady", False),
        ("de", "Bei der Auswahl", False),  # "wahl" heads no three-letter compound
        ("de", "Für die betreffenden Ressorts", False),
        ("de", "Vor dem Apparat", False),
        ("de", "Eines Tages", False),
        ("es", "Un día", False),
        ("de", "Vor der Münchner Sicherheitskonferenz", True),
        ("de", "Bis zum Außenministertreffen der OSZE", True),
        ("de", "Vor dem Europäischen Rat", True),
        ("de-CH", "Binnen dreissig Tagen", True),  # no ß in Swiss German
        ("de", "Vor der Europa\u2011Wahl", True),  # a non-breaking hyphen is a hyphen
        ("fr", "Avant l\u2018été", True),  # so is a turned comma an apostrophe
    ],
)
def test_timeframes_a_calendar_can_hold_in_each_language(
    language: str, timeframe: str, holds: bool
) -> None:
    assert words_of(language).holds_on_a_calendar(timeframe) is holds


@pytest.mark.parametrize(
    ("language", "actor", "vague"),
    [
        ("de", "Alle Beteiligten", True),
        ("de", "Die Bundesregierung", True),
        ("de", "Europaabteilung, mit der Ständigen Vertretung in Brüssel", False),
        ("de-CH", "wir", True),
        ("fr", "La communauté internationale", True),
        ("fr", "l'Occident", True),  # either apostrophe
        ("fr", "Direction de l’Union européenne", False),
        ("es", "Todas las partes", True),
        ("it", "Il governo", True),
        ("pl", "Wszyscy", True),
        ("uk", "Міжнародна спільнота", True),
        ("uk", "Міністерство закордонних справ", False),
        ("ru", "Все", True),
        ("ru", "—", True),
    ],
)
def test_actors_that_cannot_be_held_to_account_in_each_language(
    language: str, actor: str, vague: bool
) -> None:
    assert words_of(language).is_unaccountable(actor) is vague


def test_every_language_with_labels_has_a_vocabulary_with_every_list() -> None:
    import yaml

    from briefgen.i18n.labels import CATALOGS
    from briefgen.lint.vocabulary import KEYS, VOCABULARIES

    languages = {p.stem for p in CATALOGS.glob("*.yaml")} - {"en"}
    assert {p.stem for p in VOCABULARIES.glob("*.yaml")} == languages
    for path in VOCABULARIES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert set(data) == set(KEYS), path
        assert set(data["examples"]) == {"action", "date", "duration", "event"}, path
        words = vocabulary(path.stem)
        assert words is not None
        for kind in ("date", "duration", "event"):  # the message's examples pass the rule
            assert words.holds_on_a_calendar(data["examples"][kind]), (path, kind)
        if "rec-verb" in words.rules:
            for example in data["examples"]["action"].split(", "):
                if example.rstrip("…").split()[0].lower() not in words.negations:  # "Ne pas…"
                    assert words.starts_with_verb(example.rstrip("…"))[0], (path, example)


@pytest.mark.parametrize(
    ("language", "action", "verb"),
    [
        ("fr", "Inscrire le principe de consultation dans les conclusions", True),
        ("fr", "Ne pas reconduire la dérogation", True),
        ("fr", "Mise en place d’un groupe de travail", False),
        ("fr", "Le ministère devrait réviser sa position", False),
        ("es", "Reforzar la presencia en la cumbre", True),
        ("es", "No ampliar la exención", True),
        ("es", "Revisión de la política de sanciones", False),
        ("it", "Promuovere un’iniziativa nel Consiglio", True),
        ("it", "Revisione del mandato", False),
        ("pl", "Przygotować stanowisko na szczyt", True),
        ("pl", "Przygotowanie stanowiska", False),
        ("uk", "Підготувати позицію до саміту", True),
        ("uk", "Підготовка позиції", False),
        ("ru", "Подготовить позицию к саммиту", True),
        ("ru", "Не продлевать исключение", True),
        ("ru", "Безопасность границ укрепить", False),  # "-ость" is a noun
        # infinitives with pronouns; words that only look like infinitives
        ("es", "Revisarlo cuanto antes", True),  # a pronoun on the infinitive
        ("it", "Valutarne l’impatto", True),
        ("fr", "Ne plus reconduire la dérogation", True),
        ("fr", "N’accorder aucune dérogation", True),
        ("fr", "Notre position doit changer", False),  # looks like "-re", is no verb
        ("fr", "Premier ministre : trancher", False),
        ("pl", "Pomoc humanitarna dla Ukrainy", False),
        ("ru", "Власти региона должны", False),
        ("ru", "Нефть и газ", False),
        ("uk", "Проти санкцій", False),
    ],
)
def test_recommendations_that_open_on_a_verb_in_each_language(
    language: str, action: str, verb: bool
) -> None:
    assert words_of(language).starts_with_verb(action)[0] is verb


def test_a_bare_yaml_word_read_as_true_or_false_is_an_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefgen.lint.vocabulary as vocabulary_module

    text = (vocabulary_module.VOCABULARIES / "es.yaml").read_text("utf-8")
    (tmp_path / "es.yaml").write_text(text.replace('["no", nunca]', "[no, nunca]"), "utf-8")
    monkeypatch.setattr(vocabulary_module, "VOCABULARIES", tmp_path)
    vocabulary_module._load.cache_clear()  # the shipped Spanish file is read again after
    try:
        with pytest.raises(ValueError, match=r"es\.yaml: negations: False is not a word"):
            vocabulary("es")
    finally:
        vocabulary_module._load.cache_clear()


@pytest.mark.parametrize(
    ("language", "prefix"), [("de", "vor "), ("ru", "до "), ("pl", "w "), ("fr", "avant ")]
)
def test_a_run_of_hyphens_after_a_preposition_is_read_in_one_pass(
    language: str, prefix: str
) -> None:
    """A placeholder such as "zu klären ----" once took the event pattern exponentially
    long (26 hyphens: 15 s): now the words between a preposition and an occasion are
    whitespace apart, and 400 hyphens are one word like any other."""
    assert words_of(language).holds_on_a_calendar(prefix + "-" * 400) is False


def test_decomposed_accents_are_the_same_actor() -> None:
    assert words_of("fr").is_unaccountable("Les E\u0301tats membres")  # "É" as E + U+0301
