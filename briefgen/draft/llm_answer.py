"""The model's answer → a Brief, then brief.yaml with every problem listed at its top.

First the schema: an answer that is not JSON, or does not fit, writes no brief and is
kept for inspection with every problem pointing into it.  Then the file: written, read
back and checked as ``briefgen validate`` would (ids, based_on, grounding), so each
problem listed in its header carries the line it is on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from briefgen.draft.llm_client import Answer, LlmError
from briefgen.errors import InputError, Problem
from briefgen.essay import Essay
from briefgen.grounding import ground
from briefgen.load import brief_problems, read_json, read_yaml, validate_model
from briefgen.model import Brief
from briefgen.outputs import write_atomic

__all__ = ["check_answer", "write_brief"]

_THINK = re.compile(r"^\s*<think>.*?</think>\s*", re.DOTALL)  # reasoning models' preamble
_FENCE = re.compile(r"^\s*```(?:json)?\s*\n(?P<body>.*)\n\s*```\s*$", re.DOTALL)


def check_answer(answer: Answer, saved: Path, essay_ref: str) -> Brief:
    """The answer as a Brief (status draft, our essay path), or LlmError: then the answer
    is kept at ``saved``, and every problem points into it."""
    text = _unwrap(answer.text)
    write_atomic(saved, text.encode("utf-8"))
    try:
        json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        why = f"{err.msg} (column {err.colno})"
        if answer.truncated:  # the parse error alone would not say why
            why = "it was cut off at the model's token limit (finish_reason: length)"
        message = f"the model's answer is not valid JSON: {why}; kept here, no brief was written"
        raise LlmError([Problem(saved, err.lineno, None, message)]) from None
    except (ValueError, RecursionError) as err:
        message = f"the model's answer is not valid JSON: {err}; kept here, no brief was written"
        raise LlmError([Problem(saved, None, None, message)]) from None
    try:
        data, source = read_json(saved)
        if isinstance(data, dict):
            # Not the model's to say: where the essay is, and that nobody has reviewed it.
            if isinstance(data.get("source"), dict):
                data["source"]["essay"] = essay_ref
            if isinstance(data.get("brief"), dict):
                data["brief"]["status"] = "draft"
        brief: Brief = validate_model(Brief, data, source)
    except InputError as err:
        summary = Problem(
            saved,
            None,
            None,
            f"the model's answer does not fit the brief schema ({len(err.problems)} problem(s) "
            "above); it is kept here, and no brief was written",
        )
        raise LlmError([*err.problems, summary]) from None
    saved.unlink(missing_ok=True)  # usable: nothing to inspect (and no stale copy left)
    return brief


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _unwrap(content: str) -> str:
    """The JSON inside the answer: without a reasoning model's <think> block or a
    Markdown code fence, which some servers' JSON modes still let through."""
    text = _THINK.sub("", content, count=1)
    fenced = _FENCE.match(text)
    return (fenced["body"] if fenced else text).strip() + "\n"


def write_brief(
    brief: Brief, out_path: Path, essay: Essay, model: str, essay_command: str
) -> list[Problem]:
    """Write the brief; check it as ``validate`` would; list its problems at the top."""
    data = brief.model_dump(mode="json", by_alias=True, exclude_none=True)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88)
    write_atomic(out_path, body.encode("utf-8"))
    # Read back from the file, so each problem carries the line it is on.
    written, source = read_yaml(out_path)
    checked: Brief = validate_model(Brief, written, source)
    found = brief_problems(checked, source)
    found += ground(checked, essay, source)
    found.sort(key=lambda p: p.line or 0)  # in the order a reader meets them
    header = [
        f"# A DRAFT of a brief, written by the language model {' '.join(model.split())!r}.",
        "# Check every statement against the essay, then set status to reviewed.",
        f"# ¶ numbers refer to the cleaned essay: `{essay_command}` prints them.",
    ]
    if found:
        header.append(f"# briefgen found {len(found)} problem(s) in it; fix each one:")
    offset = len(header) + len(found) + 1  # the comments, then a blank line
    problems = [
        Problem(p.file, p.line + offset if p.line is not None else None, p.field, p.message)
        for p in found
    ]
    header += [f"#   {p}" for p in problems]
    write_atomic(out_path, ("\n".join(header) + "\n\n" + body).encode("utf-8"))
    return problems
