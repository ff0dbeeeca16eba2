"""The Batch API of the fake server: files uploaded and read back; batches created, retrieved, listed and cancelled.

A batch runs when it is retrieved: it stays ``in_progress`` for ``delay`` retrieves, then every line
is answered as a chat request would be, taking its behaviour from the fake's script (``ok``,
``500``, ``missing-id``, ``drop-placeholder``, a callable...); a line answered with an HTTP error
goes to the error file, as OpenAI does. What a batch does as a whole is scripted apart
(``FakeBatchAPI.script``): ``ok``; ``expire`` or ``expire:N`` (only the first N lines run, the rest
fail with ``batch_expired``); ``fail`` (the batch is refused as a whole); ``hold`` (the create request
waits, once the batch exists, until ``release`` is set: a client killed meanwhile never learns the
batch's id). ``POST /v1/batches/ID/cancel`` cancels a batch before it runs; ``cancel:N`` in the script
does so once N lines ran. Input files are checked as the Batch API checks them (unique ``custom_id``,
method, url, one model); a batch with a bad file fails.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from collections.abc import Iterable
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, urlsplit

TERMINAL = ("completed", "expired", "cancelled", "failed")


class FakeBatchAPI:
    """The state behind the fake's ``/v1/files`` and ``/v1/batches`` routes."""

    def __init__(self, fake: Any) -> None:
        self.fake = fake
        self.delay = 0
        """Retrieves a batch stays ``in_progress`` before it runs."""
        self.files: dict[str, bytes] = {}
        """File id → content, uploaded or written."""
        self.batches: dict[str, dict[str, Any]] = {}
        """Batch id → the batch object, as last returned."""
        self.created: list[str] = []
        """Batch ids, in the order they were created."""
        self.lines: list[dict[str, Any]] = []
        """The body of every line run, in order."""
        self.held = threading.Event()
        """Set once a ``hold`` batch exists (its create request is waiting)."""
        self.release = threading.Event()
        """Lets a held create request answer."""
        self._script: deque[str] = deque()
        self._waits: dict[str, int] = {}
        self._plans: dict[str, str] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def script(self, behaviours: Iterable[str]) -> None:
        """Queue what the next batches do as a whole, one each (then ``ok``)."""
        with self._lock:
            self._script.extend(behaviours)

    def ready(self, batch_id: str) -> None:
        """Let a batch run at its next retrieve, whatever its delay."""
        with self._lock:
            self._waits[batch_id] = 0

    def inputs(self, batch_id: str) -> list[dict[str, Any]]:
        """The lines of a batch's input file."""
        return [json.loads(line) for line in self.files[self.batches[batch_id]["input_file_id"]].splitlines()]

    def post(self, handler: Any, raw: bytes) -> None:
        """``POST /v1/files``, ``/v1/batches``, ``/v1/batches/ID/cancel``."""
        path = urlsplit(handler.path).path.rstrip("/")
        if path == "/v1/files":
            handler._send(200, self._upload(handler.headers.get("content-type", ""), raw))
        elif path == "/v1/batches":
            self._create(handler, json.loads(raw))
        elif path.startswith("/v1/batches/") and path.endswith("/cancel"):
            batch_id = path.split("/")[3]
            with self._lock:
                batch = self.batches[batch_id]
                if batch["status"] not in TERMINAL:
                    batch["status"] = "cancelling"
                    self._plans[batch_id] = "cancel:0"
            handler._send(200, batch)
        else:
            handler._send(404, {"error": {"message": f"no route {handler.path}", "type": "invalid_request_error"}})

    def get(self, handler: Any) -> None:
        """``GET /v1/files/ID/content``, ``/v1/batches/ID``, ``/v1/batches``."""
        parts = urlsplit(handler.path)
        path = parts.path.rstrip("/")
        if path.startswith("/v1/files/") and path.endswith("/content") and path.split("/")[3] in self.files:
            data = self.files[path.split("/")[3]]
            handler.send_response(200)
            handler.send_header("Content-Type", "application/octet-stream")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        elif path.startswith("/v1/batches/") and path.split("/")[3] in self.batches:
            handler._send(200, self._advance(path.split("/")[3]))
        elif path == "/v1/batches":
            handler._send(200, self._list(parse_qs(parts.query)))
        else:
            handler._send(404, {"error": {"message": f"no such file or batch: {handler.path}", "type": "invalid_request_error"}})

    def _upload(self, content_type: str, raw: bytes) -> dict[str, Any]:
        message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
        fields = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        data = fields["file"].get_payload(decode=True)
        purpose = fields["purpose"].get_payload(decode=True).decode()
        assert purpose == "batch", purpose
        with self._lock:
            file_id = f"file-{next(self._ids)}"
            self.files[file_id] = data
        return {"id": file_id, "object": "file", "bytes": len(data), "created_at": 0, "filename": "input.jsonl",
                "purpose": purpose, "status": "processed"}

    def _create(self, handler: Any, body: dict[str, Any]) -> None:
        assert body["endpoint"] == "/v1/chat/completions" and body["completion_window"] == "24h", body
        with self._lock:
            batch_id = f"batch_{next(self._ids)}"
            plan = self._script.popleft() if self._script else "ok"
            lines = self.files[body["input_file_id"]].splitlines()
            self.batches[batch_id] = {
                "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
                "input_file_id": body["input_file_id"], "completion_window": "24h", "status": "validating",
                "output_file_id": None, "error_file_id": None, "created_at": 0,
                "request_counts": {"total": len(lines), "completed": 0, "failed": 0}, "metadata": body.get("metadata"),
            }
            self.created.append(batch_id)
            self._waits[batch_id] = self.delay
            self._plans[batch_id] = "ok" if plan == "hold" else plan
            batch = dict(self.batches[batch_id])
        if plan == "hold":
            self.held.set()
            self.release.wait(timeout=60)
        handler._send(200, batch)

    def _list(self, query: dict[str, list[str]]) -> dict[str, Any]:
        with self._lock:
            newest = list(reversed(self.created))
        after = query.get("after", [None])[0]
        if after in newest:
            newest = newest[newest.index(after) + 1 :]
        limit = int(query.get("limit", ["20"])[0])
        page = [self.batches[b] for b in newest[:limit]]
        return {"object": "list", "data": page, "first_id": page[0]["id"] if page else None,
                "last_id": page[-1]["id"] if page else None, "has_more": len(newest) > limit}

    def _advance(self, batch_id: str) -> dict[str, Any]:
        """The batch as retrieved now: waiting, or run (as its plan says) on the retrieve its wait ends."""
        with self._lock:
            batch = self.batches[batch_id]
            plan = self._plans[batch_id]
            if batch["status"] in TERMINAL:
                return dict(batch)
            if self._waits[batch_id] > 0 and batch["status"] != "cancelling":
                self._waits[batch_id] -= 1
                batch["status"] = "in_progress"
                return dict(batch)
        self._run(batch_id, plan)
        return dict(self.batches[batch_id])

    def _run(self, batch_id: str, plan: str) -> None:
        name, _, arg = plan.partition(":")
        batch = self.batches[batch_id]
        lines = [json.loads(line) for line in self.files[batch["input_file_id"]].splitlines()]
        problem = _file_problem(lines)
        if name == "fail" or problem:
            batch.update(status="failed", errors={"object": "list", "data": [
                {"code": "invalid_request", "message": problem or "the fake refused the batch", "line": None, "param": None}]})
            return
        runs = len(lines) if name == "ok" else int(arg or (len(lines) // 2 if name == "expire" else 0))
        output: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for n, line in enumerate(lines):
            if n >= runs:
                code = "batch_expired" if name == "expire" else "batch_cancelled"
                errors.append({"id": f"batch_req_{batch_id}_{n}", "custom_id": line["custom_id"], "response": None,
                               "error": {"code": code, "message": "This request was not run before the batch ended."}})
                continue
            status, payload = self._answer(line["body"])
            entry = {"id": f"batch_req_{batch_id}_{n}", "custom_id": line["custom_id"],
                     "response": {"status_code": status, "request_id": f"req_{n}", "body": payload}, "error": None}
            (output if status == 200 else errors).append(entry)
        with self._lock:
            for kind, entries in (("output_file_id", output), ("error_file_id", errors)):
                if entries:
                    file_id = f"file-{next(self._ids)}"
                    self.files[file_id] = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8")
                    batch[kind] = file_id
            status = {"ok": "completed", "expire": "expired", "cancel": "cancelled"}[name]
            batch.update(status=status, request_counts={"total": len(lines), "completed": len(output),
                                                        "failed": sum(e["response"] is not None for e in errors)})

    def _answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The status and body a chat request gets, by the fake's script."""
        from fakellm import completion, misbehaved

        fake = self.fake
        with fake._lock:
            behaviour = fake._script.popleft() if fake._script else fake.default
            self.lines.append(body)
        if callable(behaviour):
            return 200, completion(body, behaviour(body))
        name, _, arg = str(behaviour).partition(":")
        errors = {"429": "Rate limit reached", "500": "internal error", "400": arg or "bad request",
                  "401": "Incorrect API key provided", "404": "no such model"}
        if name in errors:
            return int(name), {"error": {"message": errors[name], "type": "invalid_request_error"}}
        if name in ("slow", "drop"):
            name = "ok"
        content, finish = misbehaved(fake, name, body, arg)
        return 200, completion(body, content, finish, number=len(self.lines))


def _file_problem(lines: list[dict[str, Any]]) -> str | None:
    """Why the Batch API would refuse an input file, if it would."""
    ids = [line.get("custom_id") for line in lines]
    if len(set(ids)) != len(ids):
        return "custom_id values must be unique"
    if any(line.get("method") != "POST" or line.get("url") != "/v1/chat/completions" for line in lines):
        return "every line must POST to /v1/chat/completions"
    if len({line["body"].get("model") for line in lines}) > 1:
        return "every line of a batch must name the same model"
    return None
