"""What runs spend: list prices and the prices setting, the spend ledger, ``cache stats``, the progress
line, and runs stopped by the configuration, which leave posts pending rather than failed."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from itertools import pairwise
from pathlib import Path

import pytest
from fakellm import FakeLLM
from scripted import ScriptedTranslator

from translate.cli import run as cli
from translate.config import load_settings
from translate.model.prices import LIST_PRICES, price_for
from translate.model.translator import Usage
from translate.run.pipeline import RunOptions, run
from translate.run.report import PostOutcome
from translate.store.ledger import (
    LEDGER_FILE,
    Spend,
    append_spend,
    endpoint_host,
    read_spends,
    summarize,
)

POSTS = {
    "2024-01-01-a.md": "---\ntitle: 第一篇\n---\n\n第一段：我在才云工作。\n\n第二段。\n",
    "2024-01-02-b.md": "---\ntitle: 第二篇\n---\n\n第二篇的一段。\n",
}
LISTED = "gpt-4.1-nano"
"""A model with a list price."""


def write_settings(root: Path, extra: str = "") -> None:
    (root / "pyproject.toml").write_text(f'[tool.translate]\nlayout = "jekyll"\nbatch_tokens = 60\n{extra}', encoding="utf-8")


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two Chinese posts in a Jekyll project, as the current directory."""
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    write_settings(root)
    for name, text in POSTS.items():
        (root / "content" / "_posts" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def cache_dir() -> Path:
    return Path(os.environ["TRANSLATE_CACHE_DIR"])


def ledger() -> list[Spend]:
    return read_spends(cache_dir())


def spend(at: str, model: str = "m", *, requests: int = 1, cost: float | None = 0.5) -> Spend:
    return Spend(at=at, model=model, host="api.openai.com", requests=requests, prompt_tokens=100 * requests,
                 completion_tokens=50 * requests, cost=cost, price=None)


# The ledger


def test_a_run_through_the_endpoint_appends_one_line_and_a_run_that_sends_nothing_none(blog: Path, fake: FakeLLM) -> None:
    write_settings(blog, f'model = "{LISTED}"\n')
    assert cli(["run"]) == 0
    [line] = ledger()
    price = LIST_PRICES[LISTED]
    assert line.model == LISTED and line.requests == len(fake.requests) >= 1
    assert line.host == endpoint_host(fake.base_url) and re.fullmatch(r"127\.0\.0\.1:\d+", line.host)
    assert line.prompt_tokens > 0 and line.completion_tokens > 0
    assert line.cost == pytest.approx((line.prompt_tokens * price.input + line.completion_tokens * price.output) / 1e6)
    assert line.price == {"input": price.input, "output": price.output, "source": "list", "checked": price.checked}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line.at)
    assert cli(["run"]) == 0  # nothing changed: nothing sent, nothing recorded
    assert len(ledger()) == 1


def test_the_ledger_holds_the_host_only_never_a_key_or_credentials(blog: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-key-123456")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url.replace("http://", "http://user:hunter2@"))
    assert cli(["run"]) == 0
    text = (cache_dir() / LEDGER_FILE).read_text(encoding="utf-8")
    assert "sk-secret" not in text and "hunter2" not in text and "user" not in text and "/v1" not in text
    assert json.loads(text)["host"] == endpoint_host(fake.base_url)


def test_a_dry_run_appends_nothing(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run", "--dry-run"]) == 0
    assert not (cache_dir() / LEDGER_FILE).exists() and not fake.requests


def test_a_torn_last_line_is_skipped_and_the_next_run_starts_a_line_of_its_own(tmp_path: Path) -> None:
    append_spend(tmp_path, spend("2026-11-01T10:00:00Z"))
    with open(tmp_path / LEDGER_FILE, "ab") as torn:  # a run killed while writing its line
        torn.write(b'{"at":"2026-11-02T10:00:00Z","model":"m","host":"api.op')
    assert [s.at for s in read_spends(tmp_path)] == ["2026-11-01T10:00:00Z"]
    append_spend(tmp_path, spend("2026-11-03T10:00:00Z"))
    assert [s.at for s in read_spends(tmp_path)] == ["2026-11-01T10:00:00Z", "2026-11-03T10:00:00Z"]


def test_lines_that_are_not_records_are_skipped(tmp_path: Path) -> None:
    (tmp_path / LEDGER_FILE).write_text('\nnot json\n{"at": "yesterday"}\n[1, 2]\n' + spend("2026-11-01T10:00:00Z").line() + "\n",
                                        encoding="utf-8")
    assert len(read_spends(tmp_path)) == 1
    assert read_spends(tmp_path / "absent") == []


def test_ctrl_c_after_some_replies_still_records_what_was_spent(blog: Path) -> None:
    def interrupt(post: PostOutcome) -> None:
        if post.written:
            raise KeyboardInterrupt

    translator = ScriptedTranslator()
    settings = load_settings()
    with pytest.raises(KeyboardInterrupt):
        run(settings, [settings.path(p) for p in settings.content], RunOptions(), translator=translator, progress=interrupt)
    [line] = ledger()
    assert line.requests >= 1 and line.prompt_tokens >= 10 and line.host == "api.openai.com"
    assert line.price is not None and line.price["source"] == "list"  # gpt-4o-mini, the default model, at its list price
    assert line.cost == pytest.approx((line.prompt_tokens * 0.15 + line.completion_tokens * 0.60) / 1_000_000)


def test_a_run_stopped_by_the_endpoint_records_what_it_paid_before(blog: Path, fake: FakeLLM) -> None:
    fake.script(["ok", "401"])
    write_settings(blog, 'prices = { "gpt-4o-mini" = [1.0, 2.0] }\nconcurrency = 1\n')
    (blog / "content" / "_posts" / "2024-01-03-c.md").write_text("很长的一段。" * 12 + "\n", encoding="utf-8")  # a request of its own
    assert cli(["run"]) == 2
    [line] = ledger()
    assert line.requests == 1 and line.price == {"input": 1.0, "output": 2.0, "source": "settings", "checked": None}


# Sums for cache stats


def test_stats_sum_all_time_the_last_30_days_and_each_model() -> None:
    spends = [spend("2026-09-01T00:00:00Z", "a", requests=2), spend("2026-11-20T00:00:00Z", "a"),
              spend("2026-11-28T00:00:00Z", "b", cost=None)]
    summary = summarize(spends, now=datetime(2026, 11, 29, tzinfo=timezone.utc), last=2)
    assert (summary.all_time.runs, summary.all_time.requests, summary.all_time.cost, summary.all_time.unpriced) == (3, 4, 1.0, 1)
    assert summary.all_time.prompt_tokens == 400 and summary.all_time.completion_tokens == 200
    assert (summary.recent.runs, summary.recent.requests, summary.recent.cost) == (2, 2, 0.5)
    assert {model: (t.runs, t.cost) for model, t in summary.models.items()} == {"a": (2, 1.0), "b": (1, 0.0)}
    assert [s.at for s in summary.last] == ["2026-11-28T00:00:00Z", "2026-11-20T00:00:00Z"]


def test_cache_stats_prints_the_ledger_and_clear_keeps_it(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(blog, f'model = "{LISTED}"\n')
    assert cli(["run"]) == 0
    [line] = ledger()
    capsys.readouterr()
    assert cli(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Spent (USD at the price each run used):" in out and f"  {LISTED}" in out and "Last runs:" in out
    assert f"1 run, {line.requests} request" in out and f"{line.at}  {LISTED} at {line.host}" in out
    assert cli(["cache", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["spend"]["all_time"]["runs"] == 1 and stats["spend"]["models"][LISTED]["requests"] == line.requests
    assert stats["spend"]["last_runs"][0]["host"] == line.host and stats["entries"] > 0
    assert cli(["cache", "clear"]) == 0
    assert re.search(r"^Removed \d+ cached translations; the spend ledger .*spend\.jsonl is kept\.$", capsys.readouterr().out)
    assert len(ledger()) == 1


def test_cache_stats_says_when_nothing_was_spent(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["cache", "stats"]) == 0
    assert "Spent: nothing recorded yet" in capsys.readouterr().out


# Prices


def test_a_list_price_is_used_and_the_setting_overrides_it() -> None:
    listed = price_for(LISTED, {})
    assert listed is not None and listed.source == "list" and listed.checked == LIST_PRICES[LISTED].checked
    assert (listed.input, listed.output) == (LIST_PRICES[LISTED].input, LIST_PRICES[LISTED].output)
    given = price_for(LISTED, {LISTED: (1.0, 2.0)})
    assert given is not None and (given.input, given.output, given.source, given.checked) == (1.0, 2.0, "settings", None)
    assert given.cost(Usage(1, 1_000_000, 500_000)) == pytest.approx(2.0)
    assert price_for("my-model", {}) is None


def test_every_list_price_names_its_page_and_day() -> None:
    for model, price in LIST_PRICES.items():
        assert price.page.startswith("https://") and re.fullmatch(r"\d{4}-\d\d-\d\d", price.checked), model
        assert 0 < price.input <= price.output, model


def test_the_dry_run_cost_says_which_price_it_used(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(blog, f'model = "{LISTED}"\n')
    assert cli(["run", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"cost ≈ \$\d+\.\d{{4}} at {LISTED}'s list price of {LIST_PRICES[LISTED].checked} \(", out)
    assert "set prices in translate.toml to change it" in out
    write_settings(blog, f'model = "{LISTED}"\nprices = {{ "{LISTED}" = [1.0, 2.0] }}\n')
    assert cli(["run", "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["price"] == {"input": 1.0, "output": 2.0, "source": "settings", "checked": None}
    assert plan["cost"] == pytest.approx((plan["prompt_tokens"] + 2 * plan["completion_tokens"]) / 1e6)


def test_a_model_with_no_price_names_the_setting_to_add(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(blog, 'model = "my-model"\n')
    assert cli(["run", "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cost"] is None
    assert cli(["run", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "cost unknown: my-model has no list price here" in out
    assert 'add prices = { "my-model" = [IN, OUT] } to translate.toml' in out


def test_the_summary_after_a_run_says_what_it_cost(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(blog, 'prices = { "gpt-4o-mini" = [1.0, 2.0] }\n')
    assert cli(["run"]) == 0
    assert re.search(r"^Cost ≈ \$\d+\.\d{4} at the price for gpt-4o-mini in the settings", capsys.readouterr().out, re.MULTILINE)


# The progress line


def test_plain_progress_lines_show_the_tokens_and_cost_so_far(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    write_settings(blog, f'model = "{LISTED}"\n')
    assert cli(["run"]) == 0
    written = [line for line in capsys.readouterr().err.splitlines() if line.startswith("written")]
    assert len(written) == 2
    assert all(re.search(r"; so far [\d,]+ tokens, \$\d+\.\d{4}$", line) for line in written)


def test_the_running_usage_is_reported_as_replies_come_in(blog: Path) -> None:
    heard: list[Usage] = []
    settings = load_settings()
    report = run(settings, [settings.path(p) for p in settings.content], RunOptions(), translator=ScriptedTranslator(delay=1),
                 spent=heard.append)
    assert heard and heard[-1] == report.usage
    assert all(a.requests <= b.requests for a, b in pairwise(heard))


# Runs stopped by the configuration


@pytest.mark.parametrize("behaviour", [None, "401", "402", "quota"])
def test_a_run_stopped_by_the_configuration_leaves_posts_pending_not_failed(blog: Path, behaviour: str | None,
                                                                           monkeypatch: pytest.MonkeyPatch,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    with FakeLLM() as server:
        if behaviour is not None:  # else no key and no endpoint: the reported case
            server.default = behaviour
            monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
            monkeypatch.setenv("TRANSLATE_MAX_TRIES", "1")
        assert cli(["run"]) == 2
        err = capsys.readouterr().err
        assert not [line for line in err.splitlines() if line.startswith("failed")], err
        assert cli(["status"]) == 0
    out = capsys.readouterr().out
    assert "failed" not in out
    assert re.search(r"content/_posts/2024-01-01-a\.md +new\n", out)
    assert not (cache_dir() / LEDGER_FILE).exists()  # nothing was paid for
