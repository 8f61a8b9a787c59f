"""`briefgen validate`: every problem at once, one line each, with file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import line_of

from briefgen.cli import main

Edit = Callable[[str, str], Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, [line for line in err.splitlines() if line], out


def test_sample_brief_is_valid(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    code, err, out = run(capsys, "validate", str(sample_dir / "brief.yaml"))
    assert code == 0, err
    assert err == []
    assert "valid: 7 evidence, 4 counterpoints, 4 recommendations" in out
    assert "8 quotes found in 18 paragraphs" in out


def test_made_up_quote_names_the_closest_passage(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    path = edit_brief(
        "quote: the conditions that made it both desirable and possible have vanished",
        "quote: the conditions that made it both necessary and possible have disappeared",
    )
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert len(err) == 1
    line = line_of(path, "necessary and possible")
    assert err[0].startswith(f"{path}:{line} summary.evidence[0].quote: not found in the essay")
    assert '(closest: ¶7 "' in err[0]
    assert "desirable and possible have vanished" in err[0]
    assert err[0].endswith("%)")


def test_quote_forms_may_differ_but_not_words(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    # Straight quotes, a line break and doubled spaces where the essay has curly quotes.
    path = edit_brief(
        "quote: A reset with Russia would require a reset inside Russia first.",
        'quote: "A reset with Russia would   require\n      a reset inside Russia first."',
    )
    code, err, _ = run(capsys, "validate", str(path))
    assert (code, err) == (0, [])


def test_quote_with_ellipsis_grounds_each_part(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    path = edit_brief(
        "quote: Putin has put visceral anti-Westernism at the center of his presidency",
        "quote: Putin has put visceral anti-Westernism … of his presidency",
    )
    code, err, _ = run(capsys, "validate", str(path))
    assert (code, err) == (0, [])


def test_quote_in_another_paragraph(capsys: pytest.CaptureFixture[str], edit_brief: Edit) -> None:
    path = edit_brief("      paragraph: 14\n", "      paragraph: 13\n")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    # The sample's ¶13 is also cited by E5 and C-points; E6 is the one edited here.
    assert err == [
        f"{path}:{_line(path, 5)} summary.evidence[5].paragraph: the quote is in ¶14, not ¶13"
    ]


def _line(path: Path, index: int) -> int:
    """Line of ``paragraph:`` in the evidence item ``index`` (0-based) of ``path``."""
    lines = path.read_text("utf-8").splitlines()
    items = [n for n, line in enumerate(lines, 1) if line.startswith("    - id: E")]
    return next(n for n, line in enumerate(lines, 1) if n > items[index] and "paragraph:" in line)


def test_every_problem_is_reported_at_once(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    path = sample_dir / "brief.yaml"
    text = path.read_text("utf-8")
    text = text.replace("  recommendations:\n", "  recomendations:\n")
    text = text.replace("      paragraph: 15\n", "      paragraph: 99\n")
    text = text.replace("  title: No Reset", "  titel: No Reset")
    path.write_text(text, "utf-8")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    joined = "\n".join(err)
    assert (
        f"{path}:{line_of(path, 'recomendations:')} summary.recomendations: unknown key" in joined
    )
    assert 'did you mean "recommendations"?' in joined
    assert "summary.recommendations: is required but missing" in joined
    assert f"{path}:{line_of(path, 'titel:')} brief.titel: unknown key" in joined
    assert 'did you mean "title"?' in joined
    # Schema problems come first; grounding waits for a brief the schema accepts.
    assert all(line.startswith(str(path)) for line in err)


def test_paragraph_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    path = edit_brief("      paragraph: 15\n", "      paragraph: 99\n")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert err == [
        (
            f"{path}:{line_of(path, 'paragraph: 99')} summary.evidence[6].paragraph: "
            "the essay has no ¶99: it has ¶1 to ¶18"
        )
    ]


def test_based_on_must_resolve_and_ids_be_unique(
    capsys: pytest.CaptureFixture[str], sample_dir: Path
) -> None:
    path = sample_dir / "brief.yaml"
    text = path.read_text("utf-8").replace("based_on: [E3, E4]", "based_on: [E3, E9]")
    text = text.replace("    - id: E7\n", "    - id: E6\n")
    path.write_text(text, "utf-8")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    joined = "\n".join(err)
    assert "summary.evidence[6].id: id 'E6' is already used at summary.evidence[5].id" in joined
    line = line_of(path, "based_on: [E3, E9]")
    assert (
        f"{path}:{line} summary.recommendations[2].based_on[1]: 'E9' is not an evidence id"
        in joined
    )


def test_limits_are_named(capsys: pytest.CaptureFixture[str], edit_brief: Edit) -> None:
    path = edit_brief(
        "U.S. weapons, Washington is paying a real cost for a benefit that cannot come.",
        "U.S. weapons, Washington pays. It pays a lot. It pays for nothing.",
    )
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert err == [
        f"{path}:{line_of(path, 'bottom_line:')} summary.bottom_line: has 4 sentences; the limit is 3"
    ]


_BOTTOM_LINE = """\
    A new U.S.–Russia reset is impossible while Russia is governed as it is now: the
    interests, trust and structures that made the 2009 Reset work have gone. If hopes of
    future engagement are shaping Ukraine policy, including limits on Ukraine's use of
    U.S. weapons, Washington is paying a real cost for a benefit that cannot come.
"""


@pytest.mark.parametrize(
    ("bottom_line", "sentences"),
    [
        ("The U.S. should act. Mr. Smith agrees.", 2),
        ("The U.S. should act. Mr. Smith agrees. Dr. Jones met him at 3 p.m. on Jan. 5.", 3),
        ("The U.S. should act. Mr. Smith agrees. Dr. Jones met him at 3 p.m. on Jan. 5. Go.", 4),
    ],
)
def test_the_limit_counts_sentences_not_full_stops(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit, bottom_line: str, sentences: int
) -> None:
    path = edit_brief(_BOTTOM_LINE, f"    {bottom_line}\n")
    code, err, _ = run(capsys, "validate", str(path))
    if sentences <= 3:
        assert (code, err) == (0, [])
    else:
        at = f"{path}:{line_of(path, 'bottom_line:')} summary.bottom_line"
        assert (code, err) == (2, [f"{at}: has {sentences} sentences; the limit is 3"])


def test_too_many_evidence_items(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    path = sample_dir / "brief.yaml"
    text = path.read_text("utf-8")
    extra = "".join(
        f"    - id: X{i}\n      claim: More.\n      quote: These are two of the states\n"
        "      paragraph: 11\n"
        for i in range(3)
    )
    path.write_text(text.replace("  counterpoints:\n", extra + "\n  counterpoints:\n"), "utf-8")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert err == [
        (
            f"{path}:{line_of(path, '  evidence:')} summary.evidence: "
            "has too many items: the limit is 8"
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "  title: No Reset Without a Reset Inside Russia",
            "  title:",
            "brief.title",
            "should be text, not empty (null)",
        ),
        (
            "    paragraph: 17\n",
            "    paragraph: seventeen\n",
            "summary.thesis.paragraph",
            "should be a whole number, not text",
        ),
        (
            "  priority: high\n      rationale: The hoped",
            "  priority: urgent\n      rationale: The hoped",
            "summary.recommendations[0].priority",
            "should be one of 'high', 'medium' or 'low'",
        ),
        (
            "  url: https://www.themoscowtimes.com/author/ruth-deyermond",
            "  url: javascript:alert(1)",
            "source.url",
            "should be an http, https or mailto URL",
        ),
    ],
)
def test_wrong_values(
    capsys: pytest.CaptureFixture[str],
    edit_brief: Edit,
    old: str,
    new: str,
    field: str,
    message: str,
) -> None:
    path = edit_brief(old, new)
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert len(err) == 1
    assert f" {field}: " in err[0]
    assert message in err[0]
    assert err[0].startswith(f"{path}:{line_of(path, new.strip().splitlines()[0])} ")


def test_evidence_given_as_text(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    path = sample_dir / "brief.yaml"
    text = path.read_text("utf-8")
    start = text.index("  evidence:\n")
    end = text.index("  counterpoints:\n")
    path.write_text(text[:start] + "  evidence: lots of it\n\n" + text[end:], "utf-8")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert (
        f"{path}:{line_of(path, 'evidence: lots')} summary.evidence: should be a list, not text"
        in err
    )


def test_duplicate_keys_are_errors(capsys: pytest.CaptureFixture[str], edit_brief: Edit) -> None:
    path = edit_brief("  status: reviewed\n", "  status: reviewed\n  status: final\n")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    first = line_of(path, "status: reviewed")
    assert err == [
        f"{path}:{first + 1} brief.status: duplicate key 'status' (first at line {first})"
    ]


def test_broken_yaml_names_line_and_column(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    path = edit_brief("  author: Ruth Deyermond\n", '  author: "Ruth Deyermond\n')
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith(f"{path}:")
    assert "not valid YAML" in err[0]
    assert "column" in err[0]
    # The construct the parser was in is named where it began, not only where it failed.
    assert "that started at line" in err[0]


@pytest.mark.parametrize(
    ("old", "new", "what", "fix"),
    [
        (
            "\nsummary:\n",
            "\n\tsummary:\n",
            "(column 1) before 'summary:'",
            "replace it with spaces",
        ),
        (
            "\n  author: Ruth Deyermond\n",
            "\n\tauthor: Ruth Deyermond\n",
            "(column 1) before 'author:'",
            "replace it with spaces",
        ),
        (
            "\n    - id: E2\n",
            "\n  \t- id: E2\n",
            "(column 3) before '- id:'",
            "replace it with spaces",
        ),
        (
            "\n  author: Ruth Deyermond\n",
            "\n  author: Ruth Deyermond\n\t\n",
            "(column 1) on a line with nothing else",
            "delete it",
        ),
    ],
    ids=["top-level-key", "nested-key", "list-item", "blank-line"],
)
def test_a_tab_in_the_indentation_is_named_with_its_line_and_column(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit, old: str, new: str, what: str, fix: str
) -> None:
    path = edit_brief(old, new)
    line = next(
        number
        for number, text in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if "\t" in text
    )
    code, err, _ = run(capsys, "validate", str(path))
    message = f"a tab character {what} (YAML indents with spaces only); {fix}"
    assert (code, err) == (2, [f"{path}:{line}: {message}"])


def test_a_tab_after_a_key_is_named_too(tmp_path: Path) -> None:
    """libyaml takes a tab after a colon; PyYAML's own loader does not, and says the same."""
    import yaml

    from briefgen.yaml_syntax import yaml_problem

    path = tmp_path / "brief.yaml"
    text = "brief:\n  title:\tNo Reset\n"
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=yaml.SafeLoader)
    assert str(yaml_problem(path, text, caught.value)) == (
        f"{path}:2: a tab character (column 9) after 'title:' (YAML separates with spaces "
        "here); replace it with a space"
    )


def test_a_tab_inside_a_block_of_text_is_text(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    """After the indentation, a tab opening a line of a `|` block is text: nothing to say."""
    path = edit_brief(
        "  prepared_by: Russia and Eurasia Desk, Policy Planning\n",
        "  prepared_by: |-\n    Russia and Eurasia Desk,\n    \tPolicy Planning\n",
    )
    code, err, _ = run(capsys, "validate", str(path))
    assert (code, err) == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"- a\n- b\n", "should be a mapping of keys to values, not a list"),
        (b"brief: [\n", "not valid YAML"),
        (b"brief: \xff\xfe\n", "not UTF-8: byte 0xff at offset 7"),
        (b"\x00\x01\x02binary", "is a binary file, not text"),
    ],
)
def test_unreadable_briefs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(content)
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert len(err) == 1
    assert message in err[0]
    assert err[0].startswith(str(path))


def test_missing_file_and_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err, _ = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert (code, err) == (2, [f"{tmp_path / 'nope.yaml'}: no such file"])
    code, err, _ = run(capsys, "validate", str(tmp_path))
    looked = "(looked for brief.yaml, brief.yml, brief.json)"
    assert (code, err) == (2, [f"{tmp_path}: is a folder with no brief in it {looked}"])


def test_bom_and_crlf_are_accepted(capsys: pytest.CaptureFixture[str], sample_dir: Path) -> None:
    path = sample_dir / "brief.yaml"
    text = path.read_text("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, err, _ = run(capsys, "validate", str(path))
    assert (code, err) == (0, [])


def test_alias_bomb_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "brief.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert len(err) == 1
    assert "more than 50,000 values (alias expansion?)" in err[0]


def test_essay_outside_the_brief_folder_is_refused(
    capsys: pytest.CaptureFixture[str], edit_brief: Edit
) -> None:
    path = edit_brief("  essay: essay.txt", "  essay: ../../../etc/passwd")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert err == [
        (
            f"{path}:{line_of(path, 'essay: ../')} source.essay: '../../../etc/passwd' is outside "
            "the brief's folder (pass --allow-outside to read it anyway)"
        )
    ]
