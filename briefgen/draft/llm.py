"""Draft with a language model: an essay → brief.yaml, by any OpenAI-compatible endpoint.

``briefgen draft ESSAY --llm URL`` sends the cleaned essay, with its ¶ numbers, to a
chat-completions endpoint (vLLM, llama.cpp's server, Ollama, a hosted API) and asks for a
brief constrained by briefgen's own JSON Schema.  The answer is never trusted: it goes
through the same pydantic validation as every brief file, then through grounding against
the essay (``llm_answer.py``).  A quote the model invented is listed, with the closest
real passage, in comments at the top of the file, which is written with ``status:
draft`` so the analyst sees every problem; an answer that does not fit the schema writes
no brief, and is kept beside it (``brief.llm-answer.json``) for inspection.

Errors are ``LlmError`` (exit 2) and ``LlmUnavailable`` (exit 69, worth trying again
later), defined with the client in ``llm_client.py``, which draws their hierarchy.
A brief that was written but has problems is not an error: :class:`LlmDraftResult` lists
them and its ``exit_code`` is :data:`EXIT_PROBLEMS` (3).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefgen.draft.commands import essay_command, source_essay
from briefgen.draft.llm_answer import check_answer, write_brief
from briefgen.draft.llm_client import (
    API_KEY_ENV,
    Answer,
    Client,
    LlmError,
    LlmUnavailable,
    Timeout,
    read_answer,
    server_message,
    status_text,
)
from briefgen.errors import ExitCode, Problem
from briefgen.essay import Essay
from briefgen.ingest import ingest
from briefgen.outputs import ensure_folder
from briefgen.schema import brief_schema
from briefgen.userfiles import refuse_overwrite

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_MODEL",
    "EXIT_PROBLEMS",
    "MODEL_ENV",
    "LlmDraftResult",
    "LlmError",
    "LlmUnavailable",
    "Timeout",
    "answer_path",
    "chat_url",
    "draft_with_llm",
]

MODEL_ENV = "BRIEFGEN_LLM_MODEL"
"""The model name when ``--model`` is not given."""
DEFAULT_MODEL = "default"
"""llama.cpp's server answers with its one model whatever the name; others need --model."""
EXIT_PROBLEMS = ExitCode.DRAFT_WITH_PROBLEMS
"""Exit code when the brief was written but has problems: distinct from 1 (a bug) and
2 (nothing usable was written), so a pipeline can send the draft to review."""

_REFUSED_FORMAT = {400, 422}  # servers without json_schema answer one of these to it

SYSTEM_PROMPT = """\
You summarise an essay as a policy brief, for analysts who check every word of it.
Answer with one JSON object in briefgen's brief format (its JSON Schema), and nothing else.

The essay follows, cleaned, its paragraphs separated by blank lines, each starting with
its number: ¶1, ¶2, …
Rules:
- Every `quote` (the thesis and each evidence item) is copied verbatim from ONE paragraph
  of the essay: the same words in the same order. Never paraphrase, correct or join
  paragraphs in a quote. You may cut words out of a quote and mark the cut with …
- Every `paragraph` is the number of the paragraph its quote is copied from, without ¶.
- `statement`, `claim`, `bottom_line`, counterpoints and recommendations are in your own
  words, and say only what the essay supports.
- Evidence ids are E1, E2, …; counterpoint ids C1, C2, …; recommendation ids R1, R2, ….
  Each recommendation's `based_on` lists the evidence ids it rests on.
- `source.author`, `source.title`, `source.publisher`: as the essay names them; do not guess.
- Leave out optional fields you cannot fill from the essay.
"""


@dataclass(frozen=True, slots=True)
class LlmDraftResult:
    """What ``draft_with_llm`` wrote."""

    path: Path
    """The brief written (always ``status: draft``)."""
    problems: tuple[Problem, ...]
    """What validation and grounding found in it; also in comments at the top of the file."""
    warnings: tuple[Problem, ...] = ()
    """Worth knowing, not wrong (e.g. the server could not take the JSON Schema)."""

    @property
    def exit_code(self) -> int:
        """0 when the brief has no problems, else :data:`EXIT_PROBLEMS`."""
        return EXIT_PROBLEMS if self.problems else ExitCode.OK


def draft_with_llm(
    essay_path: Path,
    out_path: Path,
    url: str,
    model: str,
    force: bool = False,
    timeout: Timeout | None = None,
    retries: int = 2,
    backoff: float = 1.0,
) -> LlmDraftResult:
    """Ask the model at ``url`` for a brief of ``essay_path``; write it to ``out_path``.

    ``retries`` is how many times a failed request is tried again (so 2 means 3 tries);
    connection errors, 429 and 5xx are retried after ``backoff`` seconds, doubling each
    time, or after the server's Retry-After.  A read timeout is not retried: the server
    got the request and is busy with it, and asking again would only add to its load.

    Raises OutputError (``out_path`` exists and not ``force``), InputError (the essay),
    LlmError (refused, or an unusable answer: saved to :func:`answer_path`) and
    LlmUnavailable (down, timed out, or busy).  Problems in a schema-valid answer are
    returned, not raised.
    """
    target = chat_url(url)  # a bad URL is refused before anything is read or written
    refuse_overwrite(out_path, force)  # the answer is not known yet: any file is kept
    essay = ingest(essay_path)
    ref = source_essay(essay_path, out_path)
    ensure_folder(out_path.parent)  # before the call: a typo in --out costs no tokens
    client = Client(target, timeout or Timeout(), retries, backoff)
    answer, warnings = _ask(client, model, essay)
    brief = check_answer(answer, answer_path(out_path), ref)
    problems = write_brief(brief, out_path, essay, model, essay_command(essay_path))
    return LlmDraftResult(out_path, tuple(problems), tuple(warnings))


def chat_url(url: str) -> str:
    """The chat-completions URL for a base URL: ``http://host:8000`` and
    ``http://host:8000/v1`` both give ``http://host:8000/v1/chat/completions``; any other
    path is the API's base as given (``…/v1beta/openai``); a full URL is kept."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise LlmError([Problem(None, None, "--llm", f"{url!r} is not an http or https URL")])
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise LlmError([Problem(None, None, "--llm", f"{url!r} has an invalid port")]) from None
    path = parts.path.rstrip("/")
    if not path:
        path = "/v1"
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    return parts._replace(path=path, fragment="").geturl()


def answer_path(out_path: Path) -> Path:
    """Where an unusable answer is kept: ``brief.yaml`` → ``brief.llm-answer.json``."""
    return out_path.with_name(f"{out_path.stem}.llm-answer.json")


def _ask(client: Client, model: str, essay: Essay) -> tuple[Answer, list[Problem]]:
    """The model's answer text, and any warning about how it was obtained."""
    schema = brief_schema()
    numbered = "\n\n".join(f"¶{p.number} {p.text}" for p in essay.paragraphs)
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"The essay:\n\n{numbered}"},
    ]
    payload: dict[str, Any] = {
        "model": model,
        "messages": messages,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "brief", "schema": schema},
        },
    }
    warnings: list[Problem] = []
    reply = client.post(payload)
    if reply.status in _REFUSED_FORMAT:
        # No structured output on this server: plain JSON mode, with the schema in the
        # prompt instead (only here: it costs some 4,000 tokens of a small context).
        warnings.append(
            Problem(
                None,
                None,
                None,
                f"warning: {client.shown} refused the JSON Schema ({status_text(reply)}: "
                f"{server_message(reply.body)}); asked for plain JSON instead",
            )
        )
        schema_text = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
        payload["messages"] = [
            {"role": "system", "content": f"{SYSTEM_PROMPT}\nThe JSON Schema:\n{schema_text}"},
            messages[1],
        ]
        payload["response_format"] = {"type": "json_object"}
        reply = client.post(payload)
    return read_answer(reply, client), warnings
