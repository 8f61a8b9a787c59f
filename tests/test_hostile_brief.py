"""Broken and hostile brief files: one clear line, exit 2, bounded time and memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from briefgen.cli import main


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    return code, err.splitlines()


def test_control_characters_are_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text('brief:\n  title: "red \\e[31m and \\0 nul"\n', "utf-8")
    code, err = validate(path, capsys)
    assert code == 2
    assert f"{path}:2 brief.title: contains control character(s) U+0000, U+001B" in err[0]


def test_a_huge_file_is_refused_by_size_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brief.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that cost nothing to make
    code, err = validate(path, capsys)
    assert (code, err) == (2, [f"{path}: is 52,428,800 bytes; the limit is 1,000,000"])


def test_a_hundred_thousand_items_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("summary:\n  keywords:\n" + "  - k\n" * 100_000, "utf-8")
    code, err = validate(path, capsys)
    assert code == 2
    assert len(err) == 1
    assert "more than 50,000 values" in err[0]


def test_alias_bomb_stays_small(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    path = tmp_path / "brief.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    tracemalloc.start()
    try:
        code, err = validate(path, capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 2
    assert "alias expansion" in err[0]
    assert peak < 64 * 1024 * 1024  # 10**11 strings if expanded; refused long before


def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any file, so the permission error is simulated where briefgen reads.
    path = tmp_path / "brief.yaml"
    path.write_text("brief: {}\n", "utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, err = validate(path, capsys)
    assert (code, err) == (2, [f"{path}: permission denied"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'brief:\n  title: "unclosed\n',
            "while scanning a quoted scalar that started at line 2, column 10",
        ),
        ("brief:\n  title: a\n   subtitle: b\n", "not valid YAML"),
        ("brief:\n\ttitle: tab\n", "a tab character (column 1) before 'title:'"),
        ("? [a, b]\n: c\n", "keys must be plain names"),
        ("just a string\n", "should be a mapping of keys to values, not a str"),
        ("brief: !!python/object/apply:os.system ['true']\n", "YAML tag"),
        ("brief:\n  date: 2024-13-45\n", "cannot read this value"),
        ("brief: !custom x\n", "YAML tag '!custom' is not allowed"),
    ],
)
def test_not_yaml_or_not_a_brief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(text, "utf-8")
    code, err = validate(path, capsys)
    assert code == 2
    assert len(err) >= 1
    assert message in err[0]
    assert err[0].startswith(f"{path}")


@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_exit_0_or_2_and_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_bytes(data)
    code = main(["validate", str(path)])
    _, err = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in err
    assert "internal error" not in err
    if code == 2:
        assert err.strip()
        assert all(line.startswith(str(path)) for line in err.splitlines())


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())
_yaml_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["brief", "source", "summary", "title", "evidence", "quote", "paragraph", "id", "x"]
            )
            | st.text(max_size=8),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(_yaml_values)
def test_arbitrary_yaml_gives_exit_0_or_2_and_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), "utf-8")
    code = main(["validate", str(path)])
    _, err = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in err
    assert "internal error" not in err
    if code == 2:
        assert all(line.startswith(str(path)) for line in err.splitlines())
