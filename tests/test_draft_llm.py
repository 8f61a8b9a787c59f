"""briefgen.draft.llm: an OpenAI-compatible endpoint's brief, validated and grounded.

Every test talks to a small HTTP server on 127.0.0.1 (port 0) that replays canned
chat-completions answers and records what it was sent; nothing leaves the machine.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.draft.llm import (
    API_KEY_ENV,
    EXIT_PROBLEMS,
    LlmDraftResult,
    LlmError,
    LlmUnavailable,
    Timeout,
    answer_path,
    chat_url,
    draft_with_llm,
)
from briefgen.errors import InputError, OutputError
from briefgen.pipeline import check_brief
from briefgen.schema import brief_schema

SAMPLE = Path(__file__).resolve().parent.parent / "inputs" / "reset-with-russia"
KEY = "sk-test-not-a-real-key"
INVENTED = "The Kremlin has quietly asked Washington for a second reset this year."


# ----------------------------------------------------------------- the server


@dataclass
class Canned:
    """One reply the server gives."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (released early when the test ends)."""


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    replies: list[Canned]
    received: list[Received]
    release: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client gave up on a slow reply: writing to it fails, as it should


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(Received(self.path, dict(self.headers), json.loads(body)))
        # The last reply repeats: "always 503" is one Canned.
        replies = self.server.replies
        canned = replies.pop(0) if len(replies) > 1 else replies[0]
        if canned.delay:
            self.server.release.wait(canned.delay)
        self.send_response(canned.status)
        for name, value in {"Content-Type": "application/json", **canned.headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(canned.body)))
        self.end_headers()
        self.wfile.write(canned.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Endpoint:
    url: str
    """The API's base, http://127.0.0.1:PORT/v1."""
    server: _Server

    def reply(self, *replies: Canned) -> None:
        self.server.replies[:] = replies

    @property
    def received(self) -> list[Received]:
        return self.server.received


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.replies, server.received, server.release = [], [], threading.Event()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield Endpoint(f"http://127.0.0.1:{server.server_address[1]}/v1", server)
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, KEY)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding the sample essay only."""
    target = tmp_path / "reset"
    target.mkdir()
    shutil.copy(SAMPLE / "essay.txt", target / "essay.txt")
    return target


# ----------------------------------------------------------------- answers


def sample_brief() -> dict[str, Any]:
    """The sample brief, as a model would send it: JSON values only."""
    data = yaml.safe_load((SAMPLE / "brief.yaml").read_text("utf-8"))
    result: dict[str, Any] = json.loads(json.dumps(data, default=str))  # dates → text
    return result


def completion(content: str, finish_reason: str = "stop") -> Canned:
    """A chat-completions reply carrying ``content``, as OpenAI's API shapes it."""
    body = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1725000000,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 2000, "completion_tokens": 900, "total_tokens": 2900},
    }
    return Canned(body=json.dumps(body).encode())


def good() -> Canned:
    return completion(json.dumps(sample_brief(), ensure_ascii=False))


def error(status: int, message: str, **headers: str) -> Canned:
    body = {"error": {"message": message, "type": "server_error"}}
    return Canned(status, json.dumps(body).encode(), headers)


def run(endpoint: Endpoint, folder: Path, **options: Any) -> LlmDraftResult:
    options.setdefault("timeout", Timeout(connect=2, read=5))
    return draft_with_llm(
        folder / "essay.txt",
        folder / "brief.yaml",
        options.pop("url", endpoint.url),
        "test-model",
        backoff=0.01,
        **options,
    )


def one_line(err: LlmError) -> str:
    assert len(err.problems) == 1
    line = str(err.problems[0])
    assert "\n" not in line
    return line


# ----------------------------------------------------------------- a good answer


def test_good_answer_writes_a_valid_draft(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(good())
    result = run(endpoint, folder, url=endpoint.url.removesuffix("/v1"))  # /v1 is added

    assert result.path == folder / "brief.yaml"
    assert result.problems == ()
    assert result.exit_code == 0
    assert not answer_path(result.path).exists()
    checked = check_brief(result.path)  # what `briefgen validate` does
    assert checked.brief.summary == type(checked.brief.summary).model_validate(
        sample_brief()["summary"]
    )
    # The model does not get to say that a brief was reviewed, nor where the essay is.
    assert checked.brief.brief.status == "draft"
    assert checked.brief.source.essay == "essay.txt"
    text = result.path.read_text("utf-8")
    assert text.startswith("# A DRAFT of a brief, written by the language model 'test-model'.")
    assert "problem" not in text.split("\n\n")[0]


def test_request_carries_key_schema_and_numbered_essay(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(good())
    run(endpoint, folder)

    [request] = endpoint.received
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.body["model"] == "test-model"
    assert request.body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "brief", "schema": brief_schema()},
    }
    system, user = request.body["messages"]
    assert system["role"] == "system"
    assert "verbatim" in system["content"]
    assert user["role"] == "user"
    assert user["content"].startswith("The essay:\n\n¶1 Is the Biden administration thinking")
    assert "\n\n¶17 Washington cannot reset relations with a Putin-led Russia" in user["content"]


def test_no_key_no_authorization_header(
    endpoint: Endpoint, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(API_KEY_ENV)
    endpoint.reply(good())
    run(endpoint, folder)
    assert "Authorization" not in endpoint.received[0].headers


def test_code_fence_around_the_json_is_accepted(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(completion(f"```json\n{json.dumps(sample_brief())}\n```"))
    assert run(endpoint, folder).problems == ()


# ----------------------------------------------------------------- answers with problems


def test_invented_quote_is_written_as_a_draft_with_the_problem_on_top(
    endpoint: Endpoint, folder: Path
) -> None:
    data = sample_brief()
    data["summary"]["evidence"][0]["quote"] = INVENTED
    data["summary"]["evidence"][1]["paragraph"] = 99
    endpoint.reply(completion(json.dumps(data)))

    result = run(endpoint, folder)

    assert result.exit_code == EXIT_PROBLEMS
    quote, paragraph = result.problems
    assert quote.field == "summary.evidence[0].quote"
    assert "not found in the essay (closest: ¶" in quote.message
    assert paragraph.field == "summary.evidence[1].paragraph"
    assert "no ¶99" in paragraph.message
    lines = result.path.read_text("utf-8").splitlines()
    assert "# briefgen found 2 problem(s) in it; fix each one:" in lines
    assert f"#   {quote}" in lines
    assert f"#   {paragraph}" in lines
    # The line numbers are those of the file as written, comments included.
    assert quote.line is not None
    assert INVENTED[:40] in lines[quote.line - 1]
    # Never silently accepted: the written brief fails validation with the same problems.
    with pytest.raises(InputError) as caught:
        check_brief(result.path)
    assert [str(p) for p in caught.value.problems] == [str(p) for p in result.problems]
    assert yaml.safe_load(result.path.read_text("utf-8"))["brief"]["status"] == "draft"


def test_malformed_json_is_kept_for_inspection(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(completion('{"brief": {"title": "No Reset",, }'))

    with pytest.raises(LlmError) as caught:
        run(endpoint, folder)

    assert caught.value.exit_code == 2
    saved = folder / "brief.llm-answer.json"
    line = one_line(caught.value)
    assert line.startswith(f"{saved}:1: the model's answer is not valid JSON:")
    assert "kept here, no brief was written" in line
    assert saved.read_text("utf-8") == '{"brief": {"title": "No Reset",, }\n'
    assert not (folder / "brief.yaml").exists()


def test_answer_cut_off_at_the_token_limit_says_so(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(completion(json.dumps(sample_brief())[:500], finish_reason="length"))
    with pytest.raises(LlmError) as caught:
        run(endpoint, folder)
    assert "cut off at the model's token limit" in one_line(caught.value)


def test_answer_missing_fields_is_kept_and_each_problem_listed(
    endpoint: Endpoint, folder: Path
) -> None:
    data = sample_brief()
    del data["summary"]["thesis"]
    data["summary"]["evidence"][2]["paragraf"] = 3
    endpoint.reply(completion(json.dumps(data, indent=2)))

    with pytest.raises(LlmError) as caught:
        run(endpoint, folder)

    saved = folder / "brief.llm-answer.json"
    messages = [str(p) for p in caught.value.problems]
    assert any("summary.thesis: is required but missing" in m for m in messages)
    assert any(
        "summary.evidence[2].paragraf: unknown key 'paragraf' (did you mean" in m for m in messages
    )
    assert messages[-1].startswith(f"{saved}: the model's answer does not fit the brief schema")
    assert "no brief was written" in messages[-1]
    assert json.loads(saved.read_text("utf-8")) == data
    assert not (folder / "brief.yaml").exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<html>Bad gateway</html>", "the answer is not JSON (it starts '<html>Bad gateway"),
        (json.dumps({"choices": []}).encode(), "the answer has no choices"),
        (json.dumps({"object": "list", "data": []}).encode(), "the answer has no choices"),
    ],
)
def test_garbage_reply_is_one_line(
    endpoint: Endpoint, folder: Path, body: bytes, expected: str
) -> None:
    endpoint.reply(Canned(body=body))
    with pytest.raises(LlmError) as caught:
        run(endpoint, folder)
    assert caught.value.exit_code == 2
    assert expected in one_line(caught.value)


def test_empty_answer_says_so_with_the_refusal(endpoint: Endpoint, folder: Path) -> None:
    body = {"choices": [{"message": {"content": None, "refusal": "I can't help."}}]}
    endpoint.reply(Canned(body=json.dumps(body).encode()))
    with pytest.raises(LlmError) as caught:
        run(endpoint, folder)
    assert one_line(caught.value).endswith("the model's answer is empty: I can't help.")


# ----------------------------------------------------------------- refusals and fallbacks


def test_server_without_json_schema_gets_plain_json_mode(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(error(400, "response_format json_schema is not supported"), good())

    result = run(endpoint, folder)

    assert result.problems == ()
    [warning] = result.warnings
    assert "refused the JSON Schema (HTTP 400" in str(warning)
    first, second = endpoint.received
    assert first.body["response_format"]["type"] == "json_schema"
    assert second.body["response_format"] == {"type": "json_object"}
    assert '"$id":"urn:briefgen:brief"' in second.body["messages"][0]["content"]


def test_unauthorized_is_one_line_and_never_shows_the_key(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(error(401, "Incorrect API key provided"))
    with pytest.raises(LlmError) as caught:
        run(endpoint, folder)
    line = one_line(caught.value)
    assert caught.value.exit_code == 2
    assert "refused: HTTP 401 Unauthorized: Incorrect API key provided" in line
    assert f"(check {API_KEY_ENV})" in line
    assert KEY not in line
    assert len(endpoint.received) == 1  # a refusal is not retried


def test_existing_brief_is_kept_and_no_request_made(endpoint: Endpoint, folder: Path) -> None:
    (folder / "brief.yaml").write_text("mine\n", "utf-8")
    endpoint.reply(good())
    with pytest.raises(OutputError, match="already exists; pass --force"):
        run(endpoint, folder)
    assert endpoint.received == []
    assert run(endpoint, folder, force=True).problems == ()


# ----------------------------------------------------------------- retries and timeouts


def test_server_error_is_retried(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(error(500, "CUDA out of memory"), good())
    assert run(endpoint, folder).problems == ()
    assert len(endpoint.received) == 2


def test_rate_limit_is_retried_after_retry_after(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(error(429, "Rate limit reached", **{"Retry-After": "0"}), good())
    # A backoff of an hour: only the server's Retry-After: 0 lets this test end.
    result = draft_with_llm(
        folder / "essay.txt", folder / "brief.yaml", endpoint.url, "m", backoff=3600
    )
    assert result.problems == ()
    assert len(endpoint.received) == 2


def test_long_retry_after_fails_at_once(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(error(429, "Rate limit reached", **{"Retry-After": "3600"}))
    with pytest.raises(LlmUnavailable) as caught:
        run(endpoint, folder)
    assert "it asks to wait 3600 s" in one_line(caught.value)
    assert len(endpoint.received) == 1


def test_busy_server_gives_up_after_the_retries(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(error(503, "model is loading"))
    with pytest.raises(LlmUnavailable) as caught:
        run(endpoint, folder, retries=2)
    assert caught.value.exit_code == 69
    assert one_line(caught.value) == (
        f"{endpoint.url}/chat/completions: HTTP 503 Service Unavailable: model is loading (3 tries)"
    )
    assert len(endpoint.received) == 3


def test_server_down_is_one_line(folder: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, and is closed now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(LlmUnavailable) as caught:
        draft_with_llm(
            folder / "essay.txt",
            folder / "brief.yaml",
            f"http://user:secret@127.0.0.1:{port}/v1/",
            "m",
            timeout=Timeout(connect=1, read=1),
            backoff=0.01,
        )
    line = one_line(caught.value)
    assert line == f"http://127.0.0.1:{port}/v1/chat/completions: cannot connect: " + (
        "connection refused (3 tries)"
    )
    assert not (folder / "brief.yaml").exists()


def test_slow_server_hits_the_read_timeout_once(endpoint: Endpoint, folder: Path) -> None:
    endpoint.reply(Canned(body=good().body, delay=30))
    with pytest.raises(LlmUnavailable) as caught:
        run(endpoint, folder, timeout=Timeout(connect=1, read=0.2))
    assert one_line(caught.value).endswith("no answer within 0.2 s (read timeout)")
    assert len(endpoint.received) == 1  # the server is busy with it: not asked again


# ----------------------------------------------------------------- the URL


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://localhost:8000", "http://localhost:8000/v1/chat/completions"),
        ("http://localhost:8000/", "http://localhost:8000/v1/chat/completions"),
        ("http://localhost:8000/v1", "http://localhost:8000/v1/chat/completions"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1/chat/completions"),
        (
            "https://generativelanguage.googleapis.com/v1beta/openai/",
            "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
        ),
        (
            "https://api.example.com/v1/chat/completions",
            "https://api.example.com/v1/chat/completions",
        ),
    ],
)
def test_chat_url(url: str, expected: str) -> None:
    assert chat_url(url) == expected


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://host/v1", "http://", "http://h:99999"])
def test_bad_url_is_refused_before_anything_else(url: str, folder: Path) -> None:
    with pytest.raises(LlmError) as caught:
        draft_with_llm(folder / "essay.txt", folder / "brief.yaml", url, "m")
    assert one_line(caught.value).startswith("--llm: ")


# ----------------------------------------------------------------- through the command line


def test_command_line_exit_codes(
    endpoint: Endpoint, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefgen.cli import main

    essay = str(folder / "essay.txt")
    endpoint.reply(good())
    assert main(["draft", essay, "--llm", endpoint.url, "--model", "m"]) == 0
    assert "check it against the essay" in capsys.readouterr().out

    data = sample_brief()
    data["summary"]["evidence"][0]["quote"] = INVENTED
    endpoint.reply(completion(json.dumps(data)))
    assert main(["draft", essay, "--llm", endpoint.url, "--force"]) == EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert "with 1 problem(s), listed at its top" in out
    assert "summary.evidence[0].quote: not found in the essay (closest: ¶" in err

    endpoint.reply(completion("not json at all"))
    assert main(["draft", essay, "--llm", endpoint.url, "--force"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1

    closed = "http://127.0.0.1:9/v1"  # the discard port: nothing listens
    assert main(["draft", essay, "--llm", closed, "--force", "--llm-timeout", "1"]) == 69
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_the_essay_command_in_the_header_works_from_where_the_user_stands(
    endpoint: Endpoint, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header's `briefgen essay …` names the essay from the current folder, not from
    the brief's (which fails when run from the repository's root)."""
    monkeypatch.chdir(folder.parent)
    endpoint.reply(good())
    run(endpoint, folder)
    header = (folder / "brief.yaml").read_text("utf-8").split("\n\n", 1)[0]
    [command] = re.findall(r"`(briefgen essay [^`]+)`", header)
    assert command == f"briefgen essay {folder.name}/essay.txt"
    from briefgen.cli import main

    assert main(shlex.split(command)[1:]) == 0
