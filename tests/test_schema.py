"""`briefgen schema` and brief.json: the schema describes every field, carries the limits
and accepts the sample; a brief written as JSON validates with JSON line numbers.

jsonschema is not a dependency, so the sample is checked against the schema by a small
structural validator below (the keywords pydantic generates, nothing more).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE, line_of

from briefgen import model
from briefgen.cli import main
from briefgen.schema import brief_schema

Schema = dict[str, Any]


# ------------------------------------------------------------------ a structural validator


def check(instance: Any, schema: Schema, root: Schema, where: str = "") -> list[str]:
    """Where ``instance`` breaks ``schema``: $ref, anyOf, enum, type and the limits."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        found = check(instance, root["$defs"][name], root, where)
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return found + check(instance, rest, root, where)
    if "anyOf" in schema:
        if all(check(instance, option, root, where) for option in schema["anyOf"]):
            return [f"{where}: matches no anyOf option"]
        return []
    if "enum" in schema and instance not in schema["enum"]:
        return [f"{where}: {instance!r} not in {schema['enum']}"]
    kind = schema.get("type")
    if kind is None:
        return []
    if not _is(instance, kind):
        return [f"{where}: {instance!r} is not {kind}"]
    if kind == "string":
        return _check_string(instance, schema, where)
    if kind == "integer" and instance < schema.get("minimum", instance):
        return [f"{where}: below {schema['minimum']}"]
    if kind == "array":
        return _check_array(instance, schema, root, where)
    if kind == "object":
        return _check_object(instance, schema, root, where)
    return []


def _is(instance: Any, kind: str) -> bool:
    types: dict[str, Any] = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
        "array": list,
        "object": dict,
    }
    if kind in {"integer", "number"} and isinstance(instance, bool):
        return False
    return isinstance(instance, types[kind])


def _check_string(instance: str, schema: Schema, where: str) -> list[str]:
    found = []
    if len(instance) < schema.get("minLength", 0):
        found.append(f"{where}: shorter than {schema['minLength']}")
    if len(instance) > schema.get("maxLength", len(instance)):
        found.append(f"{where}: longer than {schema['maxLength']}")
    if "pattern" in schema and not re.search(schema["pattern"], instance):
        found.append(f"{where}: does not match {schema['pattern']}")
    if schema.get("format") == "date":
        try:
            dt.date.fromisoformat(instance)
        except ValueError:
            found.append(f"{where}: not a date")
    return found


def _check_array(instance: list[Any], schema: Schema, root: Schema, where: str) -> list[str]:
    found = []
    if len(instance) < schema.get("minItems", 0):
        found.append(f"{where}: fewer than {schema['minItems']} items")
    if len(instance) > schema.get("maxItems", len(instance)):
        found.append(f"{where}: more than {schema['maxItems']} items")
    for index, item in enumerate(instance):
        found += check(item, schema.get("items", {}), root, f"{where}[{index}]")
    return found


def _check_object(instance: dict[str, Any], schema: Schema, root: Schema, where: str) -> list[str]:
    properties = schema.get("properties", {})
    found = [
        f"{where}.{key}: required" for key in schema.get("required", ()) if key not in instance
    ]
    for key, value in instance.items():
        if key in properties:
            found += check(value, properties[key], root, f"{where}.{key}")
        elif schema.get("additionalProperties") is False:
            found.append(f"{where}.{key}: not allowed")
    return found


# ------------------------------------------------------------------ helpers


def sample_data() -> dict[str, Any]:
    """The sample brief as JSON would carry it (dates as YYYY-MM-DD text)."""
    data = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    jsonable: dict[str, Any] = json.loads(json.dumps(data, default=_iso))
    return jsonable


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(value)


def properties(schema: Schema) -> Iterator[tuple[str, Schema]]:
    """("Evidence.quote", its schema) for every property of the root and of every $def."""
    for name, node in [("Brief", schema), *schema["$defs"].items()]:
        for key, prop in node.get("properties", {}).items():
            yield f"{name}.{key}", prop


def is_leaf(prop: Schema) -> bool:
    """Not a model, nor a list of models: a value an analyst types."""
    return "$ref" not in prop and "$ref" not in prop.get("items", {})


def prop(schema: Schema, dotted: str) -> Schema:
    model_name, key = dotted.split(".")
    node = schema if model_name == "Brief" else schema["$defs"][model_name]
    found: Schema = node["properties"][key]
    return found


def the_string(prop_schema: Schema) -> Schema:
    """The string branch of ``str | None`` (or the schema itself)."""
    for option in prop_schema.get("anyOf", [prop_schema]):
        if option.get("type") == "string":
            found: Schema = option
            return found
    raise AssertionError(prop_schema)


# ------------------------------------------------------------------ the schema


def test_schema_is_identified_and_serialisable() -> None:
    schema = brief_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    assert schema["title"]
    assert list(schema)[:3] == ["$schema", "$id", "title"]
    assert json.loads(json.dumps(schema)) == schema
    assert brief_schema() == schema  # the same every time (a fresh copy, too)


def test_every_field_has_a_description_and_every_leaf_an_example() -> None:
    schema = brief_schema()
    found = list(properties(schema))
    assert len(found) > 40
    for name, prop_schema in found:
        assert prop_schema.get("description", "").strip(), f"{name} has no description"
        if is_leaf(prop_schema):
            assert prop_schema.get("examples"), f"{name} has no example"
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), f"{name} has no description"


def test_every_example_is_valid_for_its_field() -> None:
    schema = brief_schema()
    for name, prop_schema in properties(schema):
        for example in prop_schema.get("examples", []):
            assert check(example, prop_schema, schema, name) == []
    # Whole-item examples (what an LLM writes most) pass the models themselves.
    for item in (model.Thesis, model.Evidence, model.Counterpoint, model.Recommendation):
        examples = schema["$defs"][item.__name__]["examples"]
        assert examples
        for example in examples:
            assert check(example, schema["$defs"][item.__name__], schema) == []
            item.model_validate(example)
    # The bottom line's example keeps the sentence limit it documents.
    bottom_line = prop(schema, "Summary.bottom_line")["examples"][0]
    assert model.count_sentences(bottom_line) <= model.MAX_BOTTOM_LINE_SENTENCES


def test_the_limits_are_in_the_schema() -> None:
    schema = brief_schema()
    assert prop(schema, "Summary.evidence")["maxItems"] == model.MAX_EVIDENCE
    assert prop(schema, "Summary.evidence")["minItems"] == 1
    assert prop(schema, "Summary.counterpoints")["maxItems"] == model.MAX_COUNTERPOINTS
    assert prop(schema, "Summary.recommendations")["maxItems"] == model.MAX_RECOMMENDATIONS
    assert prop(schema, "Summary.keywords")["maxItems"] == model.MAX_KEYWORDS
    assert prop(schema, "Recommendation.based_on")["maxItems"] == 8
    assert prop(schema, "Source.links")["maxItems"] == 20
    assert prop(schema, "BriefInfo.title")["maxLength"] == 200
    assert prop(schema, "Summary.bottom_line")["maxLength"] == 700
    assert prop(schema, "Evidence.quote")["maxLength"] == 600
    assert prop(schema, "Evidence.quote")["minLength"] == 8
    assert the_string(prop(schema, "BriefInfo.subtitle"))["maxLength"] == 200
    assert prop(schema, "Evidence.id")["pattern"]
    assert prop(schema, "Evidence.paragraph")["minimum"] == 1
    assert prop(schema, "Recommendation.priority")["enum"] == ["high", "medium", "low"]
    assert prop(schema, "BriefInfo.status")["enum"] == ["draft", "reviewed", "final"]
    limit = f"at most {model.MAX_BOTTOM_LINE_SENTENCES} sentences"
    assert limit in prop(schema, "Summary.bottom_line")["description"]


def test_the_sample_brief_fits_the_schema() -> None:
    schema = brief_schema()
    assert check(sample_data(), schema, schema) == []
    assert check({**sample_data(), "$schema": "./brief.schema.json"}, schema, schema) == []


def test_the_checker_is_not_a_rubber_stamp() -> None:
    schema = brief_schema()
    data = sample_data()
    data["summary"]["evidence"] *= 2
    data["summary"]["recomendations"] = []
    data["brief"]["status"] = "done"
    data["summary"]["thesis"]["paragraph"] = 0
    assert sorted(check(data, schema, schema)) == [
        ".brief.status: 'done' not in ['draft', 'reviewed', 'final']",
        ".summary.evidence: more than 8 items",
        ".summary.recomendations: not allowed",
        ".summary.thesis.paragraph: below 1",
    ]


# ------------------------------------------------------------------ brief.json


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, [line for line in err.splitlines() if line], out


@pytest.fixture
def json_brief(sample_dir: Path) -> Path:
    """The sample brief as brief.json (and no brief.yaml beside it)."""
    path = sample_dir / "brief.json"
    text = json.dumps(
        {"$schema": "./brief.schema.json", **sample_data()}, indent=2, ensure_ascii=False
    )
    path.write_text(text + "\n", "utf-8")
    (sample_dir / "brief.yaml").unlink()
    return path


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"snippet not unique: {old!r}"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_the_sample_as_json_is_valid(capsys: pytest.CaptureFixture[str], json_brief: Path) -> None:
    code, err, out = run(capsys, "validate", str(json_brief))
    assert (code, err) == (0, [])
    assert "valid: 7 evidence, 4 counterpoints, 4 recommendations" in out


def test_json_problems_carry_json_lines(
    capsys: pytest.CaptureFixture[str], json_brief: Path
) -> None:
    edit(json_brief, "Distrust and can't verify", "Distrust and cannot verify")
    edit(json_brief, '"recommendations": [', '"recomendations": [')
    edit(json_brief, '"paragraph": 11', '"paragraph": "eleven"')
    code, err, _ = run(capsys, "validate", str(json_brief))
    assert code == 2
    at = f"{json_brief}:"
    summary = line_of(json_brief, '"summary": {')
    assert err == [
        (
            f"{at}{line_of(json_brief, 'eleven')} summary.evidence[2].paragraph: "
            "should be a whole number, not text"
        ),
        # A missing key has no line of its own: its parent's is given.
        f"{at}{summary} summary.recommendations: is required but missing",
        (
            f"{at}{line_of(json_brief, 'recomendations')} summary.recomendations: "
            """unknown key 'recomendations' (did you mean "recommendations"?)"""
        ),
    ]
    # With the schema satisfied, grounding speaks, at the JSON line of the quote.
    edit(json_brief, '"recomendations": [', '"recommendations": [')
    edit(json_brief, '"paragraph": "eleven"', '"paragraph": 11')
    code, err, _ = run(capsys, "validate", str(json_brief))
    assert code == 2
    assert len(err) == 1
    line = line_of(json_brief, "cannot verify")
    assert err[0].startswith(f"{at}{line} summary.evidence[1].quote: not found in the essay")
    assert '(closest: ¶9 "' in err[0]


def test_json_and_yaml_give_the_same_messages(
    capsys: pytest.CaptureFixture[str], json_brief: Path
) -> None:
    """The same mistakes in both forms: the same fields and words, each at its own line."""
    yaml_path = json_brief.with_name("brief.yaml")
    yaml_path.write_text((SAMPLE / "brief.yaml").read_text("utf-8"), "utf-8")
    edit(yaml_path, "  title: No Reset", "  titel: No Reset")
    edit(yaml_path, "    - id: E2\n", "    - id: E1\n")
    edit(json_brief, '"title": "No Reset', '"titel": "No Reset')
    edit(json_brief, '"id": "E2"', '"id": "E1"')
    _, yaml_err, _ = run(capsys, "validate", str(yaml_path))
    _, json_err, _ = run(capsys, "validate", str(json_brief))
    titel, brief = line_of(json_brief, '"titel"'), line_of(json_brief, '"brief": {')
    assert [line.removeprefix(f"{yaml_path}:") for line in yaml_err] == [
        f"{line_of(yaml_path, 'brief:')} brief.title: is required but missing",
        (
            f"{line_of(yaml_path, 'titel:')} brief.titel: unknown key 'titel' "
            '(did you mean "title"?)'
        ),
    ]
    assert [line.removeprefix(f"{json_brief}:") for line in json_err] == [
        f"{brief} brief.title: is required but missing",
        f"{titel} brief.titel: unknown key 'titel' (did you mean \"title\"?)",
    ]
    # Fixed, the next layer (ids) speaks, again alike.
    edit(yaml_path, "  titel: No Reset", "  title: No Reset")
    edit(json_brief, '"titel": "No Reset', '"title": "No Reset')
    _, yaml_err, _ = run(capsys, "validate", str(yaml_path))
    _, json_err, _ = run(capsys, "validate", str(json_brief))
    second_e1 = lines_of(json_brief, '"id": "E1"')[1]
    e2_cited = line_of(json_brief, '"E2"')
    assert json_err == [
        (
            f"{json_brief}:{second_e1} summary.evidence[1].id: id 'E1' is already used at "
            "summary.evidence[0].id"
        ),
        (
            f"{json_brief}:{e2_cited} summary.recommendations[1].based_on[0]: 'E2' is not an "
            "evidence id (known: E1, E1, E3, E4, E5, E6, E7)"
        ),
    ]
    assert [_message(line) for line in yaml_err] == [_message(line) for line in json_err]


def lines_of(path: Path, snippet: str) -> list[int]:
    """1-based numbers of every line containing ``snippet``."""
    lines = path.read_text("utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if snippet in line]


def _message(problem: str) -> str:
    """The field and message of a problem line, without its file and line."""
    return problem.split(" ", 1)[1]


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        ('"status": "reviewed",', '"status": "reviewed"', '"template"', "Expecting ',' delimiter"),
        ('"priority": "high"', "\"priority\": 'high'", "'high'", "Expecting value"),
        ('"keywords": [', '"keywords": [\n    // the tags', "// the tags", "Expecting value"),
        ('"E1",', "E1,", "E1,", "Expecting value"),
    ],
)
def test_malformed_json_is_one_line_with_line_and_column(
    capsys: pytest.CaptureFixture[str], json_brief: Path, old: str, new: str, at: str, message: str
) -> None:
    text = json_brief.read_text("utf-8")
    json_brief.write_text(text.replace(old, new, 1), "utf-8")
    line = line_of(json_brief, at)
    column = json_brief.read_text("utf-8").splitlines()[line - 1].index(at) + 1
    code, err, _ = run(capsys, "validate", str(json_brief))
    assert (code, err) == (2, [f"{json_brief}:{line}: not valid JSON: {message} (column {column})"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n  "brief": {},\n  "brief": {}\n}',
            ":3 brief: duplicate key 'brief' (first at line 2)",
        ),
        (
            '{\n  "brief": {\n    "title": NaN\n  }\n}',
            ":3: not valid JSON: NaN is not a JSON value",
        ),
        ('{\n  "x": ' + "9" * 5000 + "\n}", ":2 x: cannot read this value"),
        ('{\n  "brief": {\n    "title": "\\u001b[31m"\n  }\n}', ":3 brief.title: contains control"),
        ("[" * 1000 + "]" * 1000, ": nested more than 64 levels deep"),
        ("  \n", ":1: the file is empty"),
        ('"just text"', ":1: should be a mapping of keys to values, not a str"),
    ],
)
def test_hostile_json_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "brief.json"
    path.write_text(text, "utf-8")
    code, err, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert err
    assert err[0].startswith(f"{path}{message}")


def test_json_that_yaml_1_1_would_misread(tmp_path: Path) -> None:
    """Tabs, a colon on the next line, exponents and escaped surrogate pairs are JSON."""
    from briefgen.load import read_data

    path = tmp_path / "brief.json"
    path.write_text('{\n\t"a": 1e2,\n\t"b"\n\t: "\\ud83d\\ude00\\/",\n\t"c": [true, null]\n}')
    value, source = read_data(path)
    assert value == {"a": 100.0, "b": "😀/", "c": [True, None]}
    assert source.lines[("a",)] == 2
    assert source.lines[("b",)] == 3
    assert source.lines[("c", 1)] == 5


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    from briefgen.cli import main
    from briefgen.schema import brief_schema

    target = tmp_path / "brief.schema.json"
    assert main(["schema", "--out", str(target)]) == 0
    assert json.loads(target.read_text("utf-8")) == brief_schema()
