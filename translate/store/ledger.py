"""The spend ledger: one JSON line per run that sent requests, in the cache folder, never rewritten.

A line says when the run ended (UTC), which model and endpoint host it used, how many requests and
tokens it spent, and the cost with the price it was figured at (null when the model has no price).
Lines are only appended, each flushed to disk before the run ends, so a killed run loses at most
the line it was writing: a torn last line is skipped when the ledger is read, and the next append
starts on a line of its own. ``translate cache clear`` keeps the ledger: it records money, not
translations.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LEDGER_FILE = "spend.jsonl"
"""The ledger's name in the cache folder."""
DEFAULT_HOST = "api.openai.com"
"""The host the openai SDK sends to when no base URL is set."""


@dataclass(frozen=True, slots=True)
class Spend:
    """One run's line in the ledger."""

    at: str
    """When the run ended: UTC, ISO 8601 (``2026-11-29T10:12:03Z``)."""
    model: str
    """The model the requests named."""
    host: str
    """The endpoint's host (and port), never its path, user name or password."""
    requests: int
    """Chat completion calls that were answered."""
    prompt_tokens: int
    """Prompt tokens, as the endpoint reported them."""
    completion_tokens: int
    """Completion tokens, as the endpoint reported them."""
    cost: float | None
    """USD, or None when the model had no price."""
    price: dict[str, Any] | None = None
    """The price the cost was figured at (``prices.Price.record``), or None."""

    def line(self) -> str:
        """The ledger line (JSON, no newline)."""
        return json.dumps({"at": self.at, "model": self.model, "host": self.host, "requests": self.requests,
                           "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                           "cost": self.cost, "price": self.price}, ensure_ascii=False, separators=(",", ":"))


def endpoint_host(base_url: str | None) -> str:
    """The host (with its port, if any) of ``base_url``: what the ledger may say about an endpoint."""
    if not base_url:
        return DEFAULT_HOST
    parts = urlsplit(base_url)
    host = parts.hostname or "unknown"
    try:
        port = parts.port
    except ValueError:  # not a number: left out
        port = None
    if ":" in host:  # IPv6
        host = f"[{host}]"
    return f"{host}:{port}" if port else host


def utc_now() -> str:
    """The current time as the ledger writes it."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def append_spend(directory: Path, spend: Spend) -> None:
    """Append ``spend`` to the ledger in ``directory`` and flush it to disk."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LEDGER_FILE
    with open(path, "ab") as ledger:
        data = spend.line().encode("utf-8") + b"\n"
        if ledger.tell() and not _ends_with_newline(path):
            data = b"\n" + data  # after a torn line, start afresh
        ledger.write(data)
        ledger.flush()
        os.fsync(ledger.fileno())


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as ledger:
        ledger.seek(-1, os.SEEK_END)
        return ledger.read(1) == b"\n"


def read_spends(directory: Path) -> list[Spend]:
    """Every whole line of the ledger in ``directory``, oldest first; lines that are not a run's record are skipped."""
    try:
        raw = (directory / LEDGER_FILE).read_bytes()
    except FileNotFoundError:
        return []
    spends = []
    for line in raw.splitlines():
        spend = _parse(line)
        if spend is not None:
            spends.append(spend)
    return spends


def _parse(line: bytes) -> Spend | None:
    try:
        data = json.loads(line)
        cost = data["cost"]
        spend = Spend(at=str(data["at"]), model=str(data["model"]), host=str(data["host"]), requests=int(data["requests"]),
                      prompt_tokens=int(data["prompt_tokens"]), completion_tokens=int(data["completion_tokens"]),
                      cost=None if cost is None else float(cost), price=data.get("price"))
        _when(spend)
    except (ValueError, KeyError, TypeError):  # a torn or foreign line
        return None
    return spend


def _when(spend: Spend) -> datetime:
    return datetime.strptime(spend.at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


@dataclass(slots=True)
class Total:
    """What a set of runs spent."""

    runs: int = 0
    """Runs counted."""
    requests: int = 0
    """Their requests."""
    prompt_tokens: int = 0
    """Their prompt tokens."""
    completion_tokens: int = 0
    """Their completion tokens."""
    cost: float = 0.0
    """USD over the runs that had a price."""
    unpriced: int = 0
    """Runs whose model had no price (their tokens are counted, their cost is not)."""

    def add(self, spend: Spend) -> None:
        """Count ``spend`` in."""
        self.runs += 1
        self.requests += spend.requests
        self.prompt_tokens += spend.prompt_tokens
        self.completion_tokens += spend.completion_tokens
        if spend.cost is None:
            self.unpriced += 1
        else:
            self.cost += spend.cost

    def record(self) -> dict[str, Any]:
        """As a JSON object."""
        return {"runs": self.runs, "requests": self.requests, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "cost": round(self.cost, 6), "unpriced_runs": self.unpriced}


@dataclass(slots=True)
class SpendSummary:
    """The ledger summed up for ``cache stats``."""

    all_time: Total = field(default_factory=Total)
    """Every run in the ledger."""
    recent: Total = field(default_factory=Total)
    """Runs that ended in the last ``RECENT_DAYS`` days."""
    models: dict[str, Total] = field(default_factory=dict)
    """Model → its runs, all time."""
    last: list[Spend] = field(default_factory=list)
    """The last few runs, newest first."""

    def record(self) -> dict[str, Any]:
        """As a JSON object."""
        return {"all_time": self.all_time.record(), f"last_{RECENT_DAYS}_days": self.recent.record(),
                "models": {model: total.record() for model, total in self.models.items()},
                "last_runs": [json.loads(spend.line()) for spend in self.last]}


RECENT_DAYS = 30
"""What ``cache stats`` calls recent."""
LAST_RUNS = 5
"""Runs ``cache stats`` lists one by one."""


def summarize(spends: Sequence[Spend], *, now: datetime, last: int = LAST_RUNS) -> SpendSummary:
    """Totals over ``spends``: all time, the last ``RECENT_DAYS`` days before ``now``, per model, and the last ``last`` runs."""
    summary = SpendSummary()
    since = now - timedelta(days=RECENT_DAYS)
    for spend in spends:
        summary.all_time.add(spend)
        summary.models.setdefault(spend.model, Total()).add(spend)
        if _when(spend) >= since:
            summary.recent.add(spend)
    summary.last = list(reversed(spends[-last:])) if last else []
    return summary

