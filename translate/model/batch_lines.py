"""The lines of a batch's input file, and what its output and error files say about each line.

A line is the chat path's request for the same jobs (``chat.request_parts``, ``prompt.build_messages``,
the same model and JSON mode), wrapped as the Batch API wants it. Input files are split to the
provider's limits on lines and bytes. A reply is checked for shape (``client.parse_reply``), then
each segment is judged as on the chat path (``retry.sort_replies``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import retry
from .batch_api import ENDPOINT
from .chat import request_parts
from .client import BadReply, parse_reply
from .estimate import estimate_messages, estimate_tokens
from .prompt import build_messages
from .translator import JobResult, Usage

MAX_LINES = 50_000
"""Requests per batch the Batch API accepts (OpenAI's limit; the ``batch_api_lines`` setting may lower it)."""
MAX_BYTES = 200_000_000
"""Bytes per input file the Batch API accepts (OpenAI's 200 MB; the ``batch_api_bytes`` setting may lower it)."""
AGAIN_CODES = frozenset({"batch_expired", "batch_cancelled"})
"""Line errors that say nothing about the request: it is submitted again as it was."""


def request_line(custom_id: str, attempt: retry.Attempt, *, model: str, json_mode: bool) -> bytes:
    """One line of an input file: the chat request for ``attempt``, named ``custom_id``."""
    items, entries, title = request_parts(attempt.jobs)
    body: dict[str, Any] = {"model": model, "messages": build_messages(items, entries=entries, title=title, retry_note=attempt.note)}
    if json_mode:
        body["response_format"] = {"type": "json_object"}
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def read_jsonl(data: bytes) -> dict[str, dict[str, Any]]:
    """``custom_id`` → the object of each line of an output or error file (lines that are not such objects are skipped)."""
    found: dict[str, dict[str, Any]] = {}
    for raw in data.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
            found[line["custom_id"]] = line
    return found


@dataclass(frozen=True, slots=True)
class LineOutcome:
    """What one line of a finished batch gave."""

    results: tuple[JobResult, ...] = ()
    """Valid results, and failures given up on (final) or not to retry in this run."""
    failed: tuple[retry.Failed, ...] = ()
    """Jobs whose reply was rejected, for the next step of the ladder."""
    again: bool = False
    """The line has no reply (the batch expired or was cancelled first): submit it again as it was."""
    usage: Usage = Usage()
    """What its reply cost."""


def line_outcome(attempt: retry.Attempt, answer: Mapping[str, Any] | None) -> LineOutcome:
    """What the output or error file's ``answer`` for ``attempt`` means (None: the batch never got to it)."""
    if answer is None:
        return LineOutcome(again=True)
    response = answer.get("response")
    if not isinstance(response, dict):
        error = answer.get("error")
        if not isinstance(error, dict) or not error or error.get("code") in AGAIN_CODES:
            return LineOutcome(again=True)
        return _all_failed(attempt, f"the Batch API refused the request ({error.get('code')}: {error.get('message')})")
    status = response.get("status_code")
    body = response.get("body")
    body = body if isinstance(body, dict) else {}
    if status != 200:
        error = body.get("error")
        message = error.get("message") if isinstance(error, dict) else None
        return _all_failed(attempt, f"the Batch API answered {status}: {message or 'no message'}")
    return _judged(attempt, body)


def _judged(attempt: retry.Attempt, body: Mapping[str, Any]) -> LineOutcome:
    """A reply with status 200: checked for shape, then each segment judged."""
    choices = body.get("choices") or []
    choice = choices[0] if choices and isinstance(choices[0], dict) else None
    content = (choice.get("message") or {}).get("content") if choice is not None else None
    usage = _usage(attempt, body.get("usage"), content if isinstance(content, str) else "")
    if choice is None:
        return _all_failed(attempt, "the reply has no choices", usage)
    if choice.get("finish_reason") == "length":
        return _all_failed(attempt, f"the reply for {len(attempt.jobs)} segment(s) was cut off at the token limit", usage)
    try:
        texts = parse_reply(content if isinstance(content, str) else None, [str(n) for n in range(1, len(attempt.jobs) + 1)])
    except BadReply as exc:
        return _all_failed(attempt, exc.message, usage)
    good, bad = retry.sort_replies(attempt, [texts[str(n)] for n in range(1, len(attempt.jobs) + 1)])
    return LineOutcome(results=tuple(good), failed=tuple(bad), usage=usage)


def _all_failed(attempt: retry.Attempt, problem: str, usage: Usage = Usage()) -> LineOutcome:
    return LineOutcome(failed=tuple((job, [problem], None) for job in attempt.jobs), usage=usage)


def _usage(attempt: retry.Attempt, reported: object, content: str) -> Usage:
    """The reply's usage as reported, estimated where the server reports none (as the chat path does)."""
    numbers = reported if isinstance(reported, dict) else {}
    prompt = numbers.get("prompt_tokens")
    if not isinstance(prompt, int):
        items, entries, title = request_parts(attempt.jobs)
        prompt = estimate_messages(build_messages(items, entries=entries, title=title, retry_note=attempt.note))
    completion = numbers.get("completion_tokens")
    completion = completion if isinstance(completion, int) else estimate_tokens(content)
    return Usage(requests=1, prompt_tokens=prompt, completion_tokens=completion)
