"""An OpenAI-compatible chat-completions client: one POST, with timeouts and retries.

The client is the standard library's ``http.client``: httpx is not among briefgen's
dependencies, and one POST does not justify adding it.  ``http.client`` (rather than
``urllib.request``) gives separate connect and read timeouts.  It does not use the
``HTTPS_PROXY`` environment variables.

Errors::

    BriefgenError
    └── LlmError          the endpoint refused the request, or its answer is unusable (exit 2)
        └── LlmUnavailable    the endpoint is down, too slow, or still busy after the
                              retries (exit 69, EX_UNAVAILABLE: worth trying again later)
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import os
import socket
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from typing import Any, ClassVar
from urllib.parse import urlsplit

from briefgen import __version__
from briefgen.errors import BriefgenError, ExitCode, Problem

__all__ = [
    "API_KEY_ENV",
    "Answer",
    "Client",
    "LlmError",
    "LlmUnavailable",
    "Reply",
    "Timeout",
    "read_answer",
    "server_message",
    "status_text",
]

API_KEY_ENV = "BRIEFGEN_LLM_API_KEY"
"""The API key, sent as ``Authorization: Bearer``; never a flag (it would show in ``ps``)."""
MAX_ANSWER_BYTES = 4_000_000
"""A brief is a few kilobytes; a bigger answer is refused unread."""
MAX_RETRY_AFTER = 60.0
"""Longest Retry-After honoured; a server asking for more gets an error at once."""


class LlmError(BriefgenError):
    """The endpoint refused the request, or answered with nothing usable (exit 2)."""


class LlmUnavailable(LlmError):
    """The endpoint cannot be reached, timed out, or is still busy after the retries."""

    exit_code: ClassVar[int] = ExitCode.UNAVAILABLE


@dataclass(frozen=True, slots=True)
class Timeout:
    """Seconds to wait: for the connection (and TLS handshake), and for each read of the
    answer (a model may think for a while before its first byte)."""

    connect: float = 10.0
    read: float = 120.0


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer, read whole (up to ``MAX_ANSWER_BYTES``)."""

    status: int
    reason: str
    headers: Message
    body: bytes


class Client:
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

    def post(self, payload: dict[str, Any]) -> Reply:
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
                failure = f"{status_text(reply)}: {server_message(reply.body)}"
                asked = _retry_after(reply.headers)
                if asked is not None:
                    if asked > MAX_RETRY_AFTER:
                        raise self._unavailable(f"{failure}; it asks to wait {asked:.0f} s")
                    wait = asked
            if attempt + 1 < tries:
                time.sleep(wait)
        raise self._unavailable(f"{failure} ({tries} {'try' if tries == 1 else 'tries'})")

    def _post_once(self, body: bytes, headers: dict[str, str]) -> Reply:
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
        return Reply(response.status, response.reason, response.headers, data)

    def _unavailable(self, message: str) -> LlmUnavailable:
        return LlmUnavailable([Problem(None, None, None, f"{self.shown}: {message}")])


class _Retryable(Exception):
    """A failure worth another try (connection refused or broken, connect timeout)."""


def _os_reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err) or type(err).__name__


def status_text(reply: Reply) -> str:
    """``HTTP 503 Service Unavailable``: the status, for messages."""
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


def server_message(body: bytes) -> str:
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


def read_answer(reply: Reply, client: Client) -> Answer:
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
        raise fail(f"refused: {status_text(reply)}: {server_message(reply.body)}{hint}")
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
    return Answer(content, choice.get("finish_reason") == "length")


@dataclass(frozen=True, slots=True)
class Answer:
    """The model's message, as the chat-completions reply carries it."""

    text: str
    truncated: bool
    """Cut off at the model's token limit (finish_reason: length)."""
