"""Draft with a language model: an essay → brief.yaml, by any OpenAI-compatible endpoint.

``briefgen draft ESSAY --llm URL`` sends the cleaned essay, with its ¶ numbers, to a
chat-completions endpoint (vLLM, llama.cpp's server, Ollama, a hosted API) and asks for a
brief constrained by briefgen's own JSON Schema.  The answer is never trusted: it goes
through the same pydantic validation as every brief file, then through grounding against
the essay.  A quote the model invented is listed, with the closest real passage, in
comments at the top of the file, which is written with ``status: draft`` so the analyst
sees every problem; an answer that does not fit the schema writes no brief, and is kept
beside it (``brief.llm-answer.json``) for inspection.

The client is the standard library's ``http.client``: httpx is not among briefgen's
dependencies, and one POST does not justify adding it.  ``http.client`` (rather than
``urllib.request``) gives separate connect and read timeouts.  It does not use the
``HTTPS_PROXY`` environment variables.

Errors (see :mod:`briefgen.errors`)::

    BriefgenError
    └── LlmError          the endpoint refused the request, or its answer is unusable (exit 2)
        └── LlmUnavailable    the endpoint is down, too slow, or still busy after the
                              retries (exit 69, EX_UNAVAILABLE: worth trying again later)

A brief that was written but has problems is not an error: :class:`LlmDraftResult` lists
them and its ``exit_code`` is :data:`EXIT_PROBLEMS` (3).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import os
import re
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar
from urllib.parse import urlsplit

import yaml

from briefgen import __version__
from briefgen.errors import BriefgenError, InputError, Problem
from briefgen.essay import Essay
from briefgen.grounding import ground
from briefgen.ingest import ingest
from briefgen.load import brief_problems, read_json, read_yaml, validate_model
from briefgen.model import Brief
from briefgen.outputs import ensure_folder, write_atomic
from briefgen.schema import brief_schema
from briefgen.userfiles import path_from_here, refuse_overwrite

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

API_KEY_ENV = "BRIEFGEN_LLM_API_KEY"
"""The API key, sent as ``Authorization: Bearer``; never a flag (it would show in ``ps``)."""
MODEL_ENV = "BRIEFGEN_LLM_MODEL"
"""The model name when ``--model`` is not given."""
DEFAULT_MODEL = "default"
"""llama.cpp's server answers with its one model whatever the name; others need --model."""
EXIT_PROBLEMS = 3
"""Exit code when the brief was written but has problems: distinct from 1 (a bug) and
2 (nothing usable was written), so a pipeline can send the draft to review."""
MAX_ANSWER_BYTES = 4_000_000
"""A brief is a few kilobytes; a bigger answer is refused unread."""
MAX_RETRY_AFTER = 60.0
"""Longest Retry-After honoured; a server asking for more gets an error at once."""

_REFUSED_FORMAT = {400, 422}  # servers without json_schema answer one of these to it
_THINK = re.compile(r"^\s*<think>.*?</think>\s*", re.DOTALL)  # reasoning models' preamble
_FENCE = re.compile(r"^\s*```(?:json)?\s*\n(?P<body>.*)\n\s*```\s*$", re.DOTALL)

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


class LlmError(BriefgenError):
    """The endpoint refused the request, or answered with nothing usable (exit 2)."""


class LlmUnavailable(LlmError):
    """The endpoint cannot be reached, timed out, or is still busy after the retries."""

    exit_code: ClassVar[int] = 69  # EX_UNAVAILABLE (sysexits.h); batch uses 75 the same way


@dataclass(frozen=True, slots=True)
class Timeout:
    """Seconds to wait: for the connection (and TLS handshake), and for each read of the
    answer (a model may think for a while before its first byte)."""

    connect: float = 10.0
    read: float = 120.0


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
        return EXIT_PROBLEMS if self.problems else 0


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
    ref = str(PurePosixPath(Path(os.path.relpath(essay_path.resolve(), out_path.parent.resolve()))))
    ensure_folder(out_path.parent)  # before the call: a typo in --out costs no tokens
    client = _Client(target, timeout or Timeout(), retries, backoff)
    answer, warnings = _ask(client, model, essay)
    brief = _validate(answer, answer_path(out_path), ref)
    problems = _write(brief, out_path, essay, model, f"briefgen essay {path_from_here(essay_path)}")
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


# ----------------------------------------------------------------- the request


def _ask(client: _Client, model: str, essay: Essay) -> tuple[_Answer, list[Problem]]:
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
                f"warning: {client.shown} refused the JSON Schema ({_status(reply)}: "
                f"{_server_message(reply.body)}); asked for plain JSON instead",
            )
        )
        schema_text = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
        payload["messages"] = [
            {"role": "system", "content": f"{SYSTEM_PROMPT}\nThe JSON Schema:\n{schema_text}"},
            messages[1],
        ]
        payload["response_format"] = {"type": "json_object"}
        reply = client.post(payload)
    return _content(reply, client), warnings


@dataclass(frozen=True, slots=True)
class _Reply:
    status: int
    reason: str
    headers: Message
    body: bytes


class _Client:
    """POSTs JSON to one URL with timeouts and retries; errors are LlmError."""

    def __init__(self, url: str, timeout: Timeout, retries: int, backoff: float) -> None:
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or ""
        self.port = parts.port
        self.path = parts.path + (f"?{parts.query}" if parts.query else "")
        # Shown in messages: no user:password@ part, no query (it may hold a key).
        netloc = self.host if self.port is None else f"{self.host}:{self.port}"
        self.shown = f"{parts.scheme}://{netloc}{parts.path}"
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff

    def post(self, payload: dict[str, Any]) -> _Reply:
        """The first answer that is not 429 or 5xx, trying again after those and after
        connection errors; LlmUnavailable when every try failed."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"briefgen/{__version__}",
        }
        key = os.environ.get(API_KEY_ENV, "").strip()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        tries = self.retries + 1
        failure = ""
        for attempt in range(tries):
            wait = self.backoff * 2**attempt
            try:
                reply = self._post_once(body, headers)
            except _Retryable as err:
                failure = str(err)
            else:
                if reply.status != 429 and reply.status < 500:
                    return reply
                failure = f"{_status(reply)}: {_server_message(reply.body)}"
                asked = _retry_after(reply.headers)
                if asked is not None:
                    if asked > MAX_RETRY_AFTER:
                        raise self._unavailable(f"{failure}; it asks to wait {asked:.0f} s")
                    wait = asked
            if attempt + 1 < tries:
                time.sleep(wait)
        raise self._unavailable(f"{failure} ({tries} {'try' if tries == 1 else 'tries'})")

    def _post_once(self, body: bytes, headers: dict[str, str]) -> _Reply:
        kind = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        conn = kind(self.host, self.port, timeout=self.timeout.connect)
        try:
            try:
                conn.connect()
            except socket.gaierror as err:  # a typo in the host name: trying again won't help
                message = f"{self.shown}: cannot find host {self.host!r} ({err.strerror})"
                raise LlmError([Problem(None, None, None, message)]) from None
            except ssl.SSLCertVerificationError as err:
                raise LlmError(
                    [Problem(None, None, None, f"{self.shown}: TLS: {err.verify_message}")]
                ) from None
            except TimeoutError:
                raise _Retryable(f"no connection within {self.timeout.connect:g} s") from None
            except OSError as err:
                raise _Retryable(f"cannot connect: {_os_reason(err)}") from None
            assert conn.sock is not None  # connect() succeeded
            conn.sock.settimeout(self.timeout.read)
            try:
                conn.request("POST", self.path, body, headers)
                response = conn.getresponse()
                try:
                    data = response.read(MAX_ANSWER_BYTES + 1)
                finally:
                    response.close()
            except TimeoutError:
                raise self._unavailable(
                    f"no answer within {self.timeout.read:g} s (read timeout)"
                ) from None
            except (OSError, http.client.HTTPException) as err:
                # Reset, closed mid-answer, or not HTTP at all: a restarting server.
                raise _Retryable(f"connection broken: {_os_reason(err)}") from None
        finally:
            conn.close()
        if len(data) > MAX_ANSWER_BYTES:
            raise LlmError(
                [
                    Problem(
                        None, None, None, f"{self.shown}: answer larger than {MAX_ANSWER_BYTES:,}"
                    )
                ]
            )
        return _Reply(response.status, response.reason, response.headers, data)

    def _unavailable(self, message: str) -> LlmUnavailable:
        return LlmUnavailable([Problem(None, None, None, f"{self.shown}: {message}")])


class _Retryable(Exception):
    """A failure worth another try (connection refused or broken, connect timeout)."""


def _os_reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err) or type(err).__name__


def _status(reply: _Reply) -> str:
    return f"HTTP {reply.status}" + (f" {reply.reason}" if reply.reason else "")


def _retry_after(headers: Message) -> float | None:
    """Retry-After in seconds (a number or an HTTP date), or None."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _server_message(body: bytes) -> str:
    """The server's own words for an error: OpenAI's {"error": {"message"}}, FastAPI's
    {"detail"}, or the start of the text."""
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", data.get("message")))
        if isinstance(error, dict):
            error = error.get("message", error)
        if error is not None:
            text = error if isinstance(error, str) else json.dumps(error, ensure_ascii=False)
    text = " ".join(text.split())
    return (text[:200] + "…" if len(text) > 200 else text) or "(no message)"


def _content(reply: _Reply, client: _Client) -> _Answer:
    """The model's answer out of a chat-completions reply; LlmError if there is none."""

    def fail(message: str) -> LlmError:
        return LlmError([Problem(None, None, None, f"{client.shown}: {message}")])

    if reply.status >= 300:
        hint = ""
        if reply.status in {401, 403}:
            hint = f" (check {API_KEY_ENV})" if os.environ.get(API_KEY_ENV) else ""
            hint = hint or f" (set {API_KEY_ENV})"
        elif reply.status == 404:
            hint = " (is the URL the API's base, e.g. http://host:8000/v1, and the model served?)"
        raise fail(f"refused: {_status(reply)}: {_server_message(reply.body)}{hint}")
    try:
        data = json.loads(reply.body)
    except ValueError:
        start = " ".join(reply.body[:80].decode("utf-8", "replace").split())
        raise fail(f"the answer is not JSON (it starts {start!r})") from None
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise fail("the answer has no choices (is this a chat-completions endpoint?)")
    choice: dict[str, Any] = choices[0]
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str) or not content.strip():
        refusal = message.get("refusal") if isinstance(message, dict) else None
        why = f": {' '.join(refusal.split())}" if isinstance(refusal, str) and refusal else ""
        raise fail(f"the model's answer is empty{why}")
    return _Answer(content, choice.get("finish_reason") == "length")


@dataclass(frozen=True, slots=True)
class _Answer:
    text: str
    truncated: bool
    """Cut off at the model's token limit (finish_reason: length)."""


# ----------------------------------------------------------------- the answer


def _validate(answer: _Answer, saved: Path, essay_ref: str) -> Brief:
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


# ----------------------------------------------------------------- the file


def _write(
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
