"""A fake OpenAI-compatible Chat Completions server on 127.0.0.1 for tests and benchmarks.

It is a real HTTP server, so the openai SDK's requests, retries, ``Retry-After`` handling and
timeouts run for real. It translates by a deterministic rule (see ``pseudo_translate``) and can be
told to misbehave, one behaviour per upcoming request::

    with FakeLLM() as fake:
        fake.script(["429", "500", "ok"])  # then "ok" (or ``default``) for every later request
        ... OPENAI_BASE_URL=fake.base_url ...

Behaviours (strings): ``ok``, ``429`` or ``429:SECONDS`` (Retry-After), ``500``, ``400``, ``401``, ``402``, ``404``,
``quota`` (429 insufficient_quota),
``slow:SECONDS``, ``drop`` (close the connection without answering), ``broken-json``, ``fence``,
``missing-id``, ``extra-id``, ``drop-placeholder``, ``invent-placeholder``, ``leftover-chinese``,
``wrong-glossary``, ``chatter``, ``length``, ``inject`` or ``inject:TEXT`` (TEXT, by default
``INJECTION``, added to the first segment, as a prompt-injected model would add a link or a script).
A callable behaviour gets the parsed request body and returns the reply content (finish_reason "stop").
It also serves the Batch API (``/v1/files``, ``/v1/batches``: see ``fakebatch``), whose lines take
their behaviours from the same script.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fakebatch import FakeBatchAPI
from translate.source.protect import PLACEHOLDER_RE, split_placeholders
from translate.model.estimate import estimate_messages, estimate_tokens

GLOSSARY_LINE_RE = re.compile(r"^- (.+?) → (.+?)\s*$", re.MULTILINE)
_ANNOTATION_RE = re.compile(r"(?:;|\s+(?:—|--|#|\((?:keep|not|never|note|e\.g\.))).*$")
_WIDE_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u3000-\u303f\uff00-\uffef]+")
_HAN_CHAR_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
PUNCTUATION = {
    "，": ",", "。": ".", "、": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")",
    "“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"', "「": '"', "」": '"', "『": '"',
    "』": '"', "【": "[", "】": "]", "〈": '"', "〉": '"', "～": "~", "…": "...", "—": "-", "　": " ",
}
_SPACE_AFTER = set(",.:;!?)]")
INJECTION = "<script>alert(1)</script>"
"""What ``inject`` adds to a reply unless told otherwise."""


def glossary_from_system(system: str) -> list[tuple[str, str]]:
    """(term, rendering) pairs from the ``- TERM → RENDERING`` lines of a system message, longest term first."""
    pairs: list[tuple[str, str]] = []
    for source, rendering in GLOSSARY_LINE_RE.findall(system):
        rendering = _ANNOTATION_RE.sub("", rendering)
        term, _, aliases = source.partition(" (also written ")
        for spelling in (term, *aliases.rstrip(")").split(", ")):
            if spelling:
                pairs.append((spelling, rendering))
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def pseudo_translate(text: str, glossary: Iterable[tuple[str, str]] = ()) -> str:
    """Glossary terms replaced by their renderings, then Han runs by ``zh`` words and full-width punctuation by ASCII."""
    out: list[str] = []
    for is_placeholder, piece in split_placeholders(text):
        if not is_placeholder:
            for term, rendering in glossary:
                piece = piece.replace(term, rendering)
        out.append(piece)
    joined = "".join(out)
    return _WIDE_RUN_RE.sub(lambda m: _render_run(m, joined), joined)


def _render_run(match: re.Match[str], text: str) -> str:
    words: list[str] = []
    han = 0
    for char in match.group():
        if _HAN_CHAR_RE.match(char):
            han += 1
            continue
        if han:
            words.append(" ".join(["zh"] * math.ceil(han / 2)))
            han = 0
        mapped = PUNCTUATION.get(char) or unicodedata.normalize("NFKC", char)
        words.append(mapped if mapped.isascii() else "?")
    if han:
        words.append(" ".join(["zh"] * math.ceil(han / 2)))
    rendered = ""
    for word in words:
        if rendered and (word[0].isalnum() and (rendered[-1].isalnum() or rendered[-1] in _SPACE_AFTER)):
            rendered += " "
        rendered += word
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    # Placeholders sit where words do: space them like words, but not inside a link's tags.
    if re.search(r"(?:/>|</l\d+>)\Z", text[: match.start()]):
        before = "a"
    if re.match(r"<[ml]\d", text[match.end() :]):
        after = "a"
    if before and (before.isalnum() or before in _SPACE_AFTER) and rendered[0].isalnum():
        rendered = " " + rendered
    if after and after.isalnum() and (rendered[-1].isalnum() or rendered[-1] in _SPACE_AFTER):
        rendered += " "
    return rendered


class FakeLLM:
    """A Chat Completions server on 127.0.0.1 that translates by rule and misbehaves on request."""

    def __init__(self, *, latency: float = 0.0, reject_json_mode: bool = False, default: Any = "ok") -> None:
        self.latency = latency
        """Seconds every reply waits before it is sent."""
        self.reject_json_mode = reject_json_mode
        """Answer 400 to every request that asks for ``response_format``."""
        self.default = default
        """The behaviour once the script is used up."""
        self.requests: list[dict[str, Any]] = []
        """Parsed bodies of every request received, in arrival order."""
        self.headers: list[dict[str, str]] = []
        """Headers of every request received (lower-case names)."""
        self.times: list[float] = []
        """``time.monotonic()`` at the arrival of every request."""
        self.replied: list[tuple[float, list[str]]] = []
        """(``time.monotonic()`` once the reply was fully written, the segment texts asked for) of every completed reply."""
        self.max_in_flight = 0
        """The most requests that were being handled at the same time."""
        self._in_flight = 0
        self._script: deque[Any] = deque()
        self._lock = threading.Lock()
        self.batch_api = FakeBatchAPI(self)
        """The ``/v1/files`` and ``/v1/batches`` routes, and what they were sent."""
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The URL to give the SDK, like ``http://127.0.0.1:PORT/v1``."""
        assert self._server is not None, "start the server first (use FakeLLM as a context manager)"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, behaviours: Iterable[Any]) -> None:
        """Queue behaviours for the next requests, one each, in order."""
        with self._lock:
            self._script.extend(behaviours)

    def start(self) -> FakeLLM:
        """Start serving in a daemon thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        self._server = server
        # The poll interval is how long stop() may wait for the serving loop to notice: tests stop a server each.
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _record(self, body: dict[str, Any], headers: dict[str, str]) -> Any:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            self.times.append(time.monotonic())
            return self._script.popleft() if self._script else self.default

    def translate(self, body: dict[str, Any], *, glossary: bool = True) -> dict[str, Any]:
        """The well-behaved reply object ``{"segments": [...]}`` for a request body."""
        messages = body.get("messages", [])
        system = "\n".join(m.get("content", "") for m in messages if m.get("role") == "system")
        user = next(m.get("content", "") for m in reversed(messages) if m.get("role") == "user")
        pairs = glossary_from_system(system) if glossary else []
        segments = json.loads(user)["segments"]
        return {"segments": [{"id": s["id"], "text": pseudo_translate(s["text"], pairs)} for s in segments]}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeLLM
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows stderr on failure
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        if self.path.startswith(("/v1/files", "/v1/batches")):
            try:
                self.fake.batch_api.post(self, raw)
            except (BrokenPipeError, ConnectionResetError):  # the client was killed while its batch was held
                pass
            return
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            return
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            self._send(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
            return
        fake = self.fake
        behaviour = fake._record(body, {k.lower(): v for k, v in self.headers.items()})
        with fake._lock:
            fake._in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake._in_flight)
        try:
            if fake.latency:
                time.sleep(fake.latency)
            self._behave(behaviour, body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass
        finally:
            with fake._lock:
                fake._in_flight -= 1

    def do_GET(self) -> None:
        self.fake.batch_api.get(self)

    def _behave(self, behaviour: Any, body: dict[str, Any]) -> None:
        fake = self.fake
        if fake.reject_json_mode and "response_format" in body:
            error = {"message": "response_format is not supported by this server", "type": "invalid_request_error", "param": "response_format"}
            self._send(400, {"error": error})
            return
        if callable(behaviour):
            self._complete(body, behaviour(body))
            return
        name, _, arg = str(behaviour).partition(":")
        if name == "429":
            self._send(429, {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}, {"Retry-After": arg or "0.05"})
        elif name == "500":  # with the hint real servers give, so the SDK retries after 20 ms instead of its default 0.5 s
            self._send(500, {"error": {"message": "internal error", "type": "server_error"}}, {"retry-after-ms": "20"})
        elif name == "400":
            self._send(400, {"error": {"message": arg or "bad request", "type": "invalid_request_error"}})
        elif name == "401":
            self._send(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}})
        elif name == "402":  # DeepSeek's answer when the balance is spent
            self._send(402, {"error": {"message": "Insufficient Balance", "type": "unknown_error"}})
        elif name == "quota":  # OpenAI's answer when the quota is spent
            error = {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}
            self._send(429, {"error": error}, {"Retry-After": "0"})
        elif name == "404":
            self._send(404, {"error": {"message": f"The model `{body.get('model')}` does not exist", "type": "invalid_request_error"}})
        elif name == "drop":
            self.close_connection = True  # no status line: the client sees the connection closed
        elif name == "slow":
            time.sleep(float(arg or 1))
            self._complete(body, json.dumps(fake.translate(body), ensure_ascii=False))
        else:
            self._misbehave(name, body, arg)

    def _misbehave(self, name: str, body: dict[str, Any], arg: str = "") -> None:
        self._complete(body, *misbehaved(self.fake, name, body, arg))

    def _complete(self, body: dict[str, Any], content: str, finish: str = "stop") -> None:
        self._send(200, completion(body, content, finish, number=len(self.fake.requests)))
        self.wfile.flush()
        user = next(m.get("content", "") for m in reversed(body.get("messages", [])) if m.get("role") == "user")
        with self.fake._lock:
            self.fake.replied.append((time.monotonic(), [segment["text"] for segment in json.loads(user)["segments"]]))

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def misbehaved(fake: FakeLLM, name: str, body: dict[str, Any], arg: str = "") -> tuple[str, str]:
    """The reply content and finish reason of behaviour ``name`` (``ok``, ``chatter``, ``length``...) for a request body."""
    reply = fake.translate(body, glossary=name != "wrong-glossary")
    segments = reply["segments"]
    finish = "stop"
    if name == "missing-id":
        segments.pop()
    elif name == "extra-id":
        segments.append({"id": "extra-1", "text": "An extra segment."})
    elif name == "drop-placeholder":
        target = next((s for s in segments if PLACEHOLDER_RE.search(s["text"])), segments[0])
        target["text"] = PLACEHOLDER_RE.sub("", target["text"], count=1)
    elif name == "invent-placeholder":
        segments[0]["text"] += " <m99/>"
    elif name == "inject":
        segments[0]["text"] += " " + (arg or INJECTION)
    elif name == "leftover-chinese":
        segments[0]["text"] += " 中文。"
    elif name == "full-width":  # good English with Chinese punctuation left in it
        for item in segments:
            item["text"] = item["text"].replace(", ", "，").replace(". ", "。").replace(": ", "：")
    elif name == "chatter":
        segments[0]["text"] = "Here is the translation: " + segments[0]["text"]
    elif name not in ("ok", "wrong-glossary", "fence", "broken-json", "length"):
        raise ValueError(f"unknown FakeLLM behaviour {name!r}")
    content = json.dumps(reply, ensure_ascii=False)
    if name == "fence":
        content = "```json\n" + content + "\n```"
    elif name == "broken-json":
        content = content[:-3]
    elif name == "length":
        content, finish = content[: len(content) // 2], "length"
    return content, finish


def completion(body: dict[str, Any], content: str, finish: str = "stop", *, number: int = 0) -> dict[str, Any]:
    """The chat completion object answering ``body`` with ``content``."""
    prompt_tokens = estimate_messages(body.get("messages", []))
    completion_tokens = estimate_tokens(content)
    return {
        "id": f"chatcmpl-fake-{number}",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
    }
