"""The model endpoint: an openai SDK client, batches of segments, replies checked for shape, usage.

Any OpenAI-compatible Chat Completions server works (OpenAI, DeepSeek, DashScope, Ollama, vLLM,
llama.cpp). The SDK retries 408/409/429/5xx, timeouts and dropped connections itself, honouring
``Retry-After``; this module sends one logical request per batch and checks the reply's shape.
The openai SDK is imported only when a client is made, so offline runs never load it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import ConfigError, LLMError
from .prompt import BatchItem, build_messages, build_term_messages
from .estimate import estimate_messages, estimate_tokens
from .translator import Usage

if TYPE_CHECKING:
    from ..config import Settings
    from ..glossary.model import GlossaryEntry

OPENAI_BASE_URL = "https://api.openai.com/v1"
NO_KEY_NEEDED = "not-needed"
"""Sent as the key to servers that ignore it (the SDK refuses to start without one)."""
NO_KEY_MESSAGE = "No API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server such as Ollama"

_FENCE_RE = re.compile(r"\A\s*```[\w-]*[ \t]*\r?\n?(.*?)\r?\n?[ \t]*```\s*\Z", re.DOTALL)
_SECRET_RE = re.compile(r"\b(sk-|key-)[A-Za-z0-9_*\-]{6,}")


class NoAPIKey(ConfigError, LLMError):
    """Neither a key nor a base URL is configured; a configuration error (exit status 2)."""


class EndpointError(LLMError):
    """The endpoint failed after the SDK's retries (HTTP status, timeout, connection)."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class UnusableReply(LLMError):
    """A reply arrived but cannot be used; ``usage`` says what it cost."""

    def __init__(self, message: str, *, usage: Usage = Usage()) -> None:
        super().__init__(message)
        self.usage = usage


class EndpointUnusable(EndpointError, ConfigError):
    """No request can succeed in this run (authentication, unknown model, unreachable endpoint, no money left): stop once, exit 2."""

    exit_code = 2


class TruncatedReply(UnusableReply):
    """The reply stopped at the token limit (``finish_reason == "length"``); never use it: split the batch."""


class BadReply(UnusableReply):
    """The reply is not the JSON object asked for, or its ids differ from the batch's."""


@dataclass(frozen=True, slots=True)
class BatchReply:
    """The English texts of one batch and what they cost."""

    texts: dict[str, str]
    """Segment id → English (masked) text, for exactly the ids requested."""
    usage: Usage
    """Calls made (2 when the server refused JSON mode) and tokens, as reported by the server (estimated when it reports none)."""


def is_local(base_url: str | None) -> bool:
    """Whether ``base_url`` is a server that needs no OpenAI key (loopback or any non-OpenAI host)."""
    if not base_url:
        return False
    host = (urlsplit(base_url).hostname or "").lower()
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        return True
    return not (host == "openai.com" or host.endswith(".openai.com"))


def make_client(settings: Settings, *, environ: Mapping[str, str] = os.environ) -> Any:
    """An ``openai.OpenAI`` client for ``settings``; raises NoAPIKey when nothing says where to go."""
    key = environ.get("OPENAI_API_KEY") or None
    base_url = settings.base_url or environ.get("OPENAI_BASE_URL") or None
    if key is None and not is_local(base_url):
        raise NoAPIKey(NO_KEY_MESSAGE)
    import openai  # here, not at module level: offline runs must not import the SDK

    # Explicit arguments, so the SDK never falls back to os.environ behind the caller's back.
    return openai.OpenAI(
        api_key=key or NO_KEY_NEEDED,
        base_url=base_url or OPENAI_BASE_URL,
        max_retries=max(0, settings.max_tries - 1),
        timeout=settings.timeout,
    )


def parse_reply(content: str | None, ids: Sequence[str]) -> dict[str, str]:
    """Segment id → text from a reply's content; raises BadReply unless it has exactly ``ids``."""
    if content is None or not content.strip():
        raise BadReply("the reply is empty")
    fenced = _FENCE_RE.match(content)
    if fenced:  # some servers wrap JSON in a Markdown fence even in JSON mode
        content = fenced.group(1)
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        data = _embedded_object(content)
        if data is None:
            raise BadReply(f"the reply is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise BadReply('the reply is not a JSON object with a "segments" list')
    texts: dict[str, str] = {}
    duplicates: list[str] = []
    for entry in segments:
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or entry.get("id") is None:
            raise BadReply('every reply segment must be an object with a string "id" and "text"')
        seg_id = str(entry["id"])
        if seg_id in texts:
            duplicates.append(seg_id)
        texts[seg_id] = entry["text"]
    wanted = set(ids)
    missing = [i for i in ids if i not in texts]
    extra = [i for i in texts if i not in wanted]
    if missing or extra or duplicates:
        parts = []
        if missing:
            parts.append("missing ids " + ", ".join(missing))
        if extra:
            parts.append("unexpected ids " + ", ".join(extra))
        if duplicates:
            parts.append("repeated ids " + ", ".join(duplicates))
        raise BadReply("the reply has " + "; ".join(parts))
    return texts


def _embedded_object(content: str) -> Any:
    """The JSON object inside ``content`` when a model wrapped it in words; None if there is none."""
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        return json.loads(content[start : end + 1])
    except json.JSONDecodeError:
        return None


class ChatClient:
    """Translates batches through one shared openai client; safe to call from many threads.

    It keeps no counters: what each call cost comes back with its reply (or its error), as a value.
    """

    def __init__(self, settings: Settings, *, client: Any = None) -> None:
        self.settings = settings
        self._client = client if client is not None else make_client(settings)
        # Set once a server refuses JSON mode, so later requests do not ask again (and pay twice).
        self._json_refused = threading.Event()
        if not settings.json_mode:
            self._json_refused.set()

    def translate_batch(
        self,
        items: Sequence[BatchItem],
        *,
        entries: Sequence[GlossaryEntry],
        title: str | None = None,
        retry_note: str | None = None,
    ) -> BatchReply:
        """English for every item of one batch; raises TruncatedReply, BadReply (both with their usage) or EndpointError."""
        return self._ask(build_messages(items, entries=entries, title=title, retry_note=retry_note), items)

    def translate_terms(self, items: Sequence[BatchItem], *, existing: Sequence[str] = (),
                        retry_note: str | None = None) -> BatchReply:
        """An English rendering for every term (tag or category) in ``items``; raises as ``translate_batch`` does."""
        return self._ask(build_term_messages(items, existing=existing, retry_note=retry_note), items)

    def _ask(self, messages: list[dict[str, str]], items: Sequence[BatchItem]) -> BatchReply:
        """Send ``messages``; the reply's text for each of ``items``, checked for shape."""
        completion, requests = self._complete(messages)
        usage = getattr(completion, "usage", None)
        choice = completion.choices[0] if completion.choices else None
        content = choice.message.content if choice is not None else None
        # Some local servers omit usage (or parts of it): estimate so cost reports stay meaningful.
        prompt_tokens = getattr(usage, "prompt_tokens", None)
        prompt_tokens = prompt_tokens if isinstance(prompt_tokens, int) else estimate_messages(messages)
        completion_tokens = getattr(usage, "completion_tokens", None)
        completion_tokens = completion_tokens if isinstance(completion_tokens, int) else estimate_tokens(content or "")
        # A rejected reply is still paid for: its usage travels with the error.
        spent = Usage(requests=requests, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
        if choice is None:
            raise BadReply("the reply has no choices", usage=spent)
        if choice.finish_reason == "length":
            raise TruncatedReply(f"the reply for {len(items)} segment(s) was cut off at the token limit", usage=spent)
        try:
            texts = parse_reply(content, [item.id for item in items])
        except BadReply as exc:
            raise BadReply(exc.message, usage=spent) from None
        return BatchReply(texts=texts, usage=spent)

    def _complete(self, messages: list[dict[str, str]]) -> tuple[Any, int]:
        """One chat completion (the SDK retries transient failures); falls back once from JSON mode."""
        import openai

        json_mode = not self._json_refused.is_set()
        try:
            return self._create(messages, json_mode=json_mode), 1
        except openai.BadRequestError as exc:
            if not json_mode:
                raise self._endpoint_error(exc) from None
        # Some servers (older llama.cpp, vLLM builds, proxies) reject response_format outright.
        try:
            completion = self._create(messages, json_mode=False)
        except openai.OpenAIError as exc:
            raise self._endpoint_error(exc) from None
        self._json_refused.set()
        return completion, 2

    def _create(self, messages: list[dict[str, str]], *, json_mode: bool) -> Any:
        import openai

        extra: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_mode else {}
        try:
            return self._client.chat.completions.create(model=self.settings.model, messages=messages, **extra)
        except openai.BadRequestError:
            raise
        except openai.OpenAIError as exc:
            raise self._endpoint_error(exc) from None

    def _endpoint_error(self, exc: Exception) -> EndpointError:
        return endpoint_error(exc, client=self._client, settings=self.settings)


def endpoint_error(exc: Exception, *, client: Any, settings: Settings) -> EndpointError:
    """The error to raise for an SDK exception ``exc`` from ``client``: what failed and what to do, secrets redacted."""
    import openai

    status = getattr(exc, "status_code", None)
    base_url = str(getattr(client, "base_url", "") or "")
    detail = _redact(getattr(exc, "message", None) or str(exc), getattr(client, "api_key", None), base_url)
    where = redact_url(base_url) or "the endpoint"
    model = settings.model
    if isinstance(exc, openai.AuthenticationError):
        return EndpointUnusable(f"{where} rejected the API key (401): check OPENAI_API_KEY", status_code=status)
    if isinstance(exc, openai.PermissionDeniedError):
        return EndpointUnusable(f"{where} refused access (403): check that the key may use model {model!r}", status_code=status)
    if isinstance(exc, openai.NotFoundError):
        return EndpointUnusable(f"{where} has no model {model!r} (404): check the model setting (--model) and OPENAI_BASE_URL",
                                status_code=status)
    if status == 402 or getattr(exc, "code", None) == "insufficient_quota":
        # The account cannot pay (DeepSeek's 402, OpenAI's quota 429): no request can succeed.
        return EndpointUnusable(f"{where} refused to bill the account ({status}): {detail}; check the account's balance or "
                                "quota", status_code=status)
    if isinstance(exc, openai.APITimeoutError):
        return EndpointError(f"{where} did not answer within {settings.timeout:g} s after {settings.max_tries} tries")
    if isinstance(exc, openai.APIConnectionError):
        return EndpointUnusable(f"cannot reach {where} after {settings.max_tries} tries: {detail}; "
                                "check OPENAI_BASE_URL and the network")
    if status is not None:
        return EndpointError(f"{where} answered {status}: {detail}", status_code=status)
    return EndpointError(f"{where} failed: {detail}")


def redact_url(url: str) -> str:
    """``url`` without the user name and password it may carry (``http://user:secret@host`` → ``http://***@host``)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]))


def _redact(text: str, key: object = None, base_url: str = "") -> str:
    """``text`` without the API key, anything like one (some servers echo part of it) or the base URL's credentials."""
    if isinstance(key, str) and len(key) >= 8:
        text = text.replace(key, "***")
    userinfo = urlsplit(base_url).netloc.rpartition("@")[0] if base_url else ""
    if userinfo:
        text = text.replace(userinfo, "***")
    return _SECRET_RE.sub(r"\1***", text)
