"""The client against a real HTTP server through the real openai SDK: retries, replies, errors, usage."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fakellm import FakeLLM, pseudo_translate

from translate.config import Settings
from translate.errors import ConfigError, LLMError
from translate.glossary.model import GlossaryEntry
from translate.model.client import NO_KEY_MESSAGE, BadReply, ChatClient, EndpointError, NoAPIKey, TruncatedReply, make_client
from translate.model.prompt import BatchItem
from translate.model.estimate import cost, estimate_tokens, plan_batches
from translate.model.translator import Usage

ITEMS = [BatchItem("1", "我在<l1>才云</l1>工作，用 <m1/> 部署。"), BatchItem("2", "2022 年 1 月份，我们开始了。")]
CAICLOUD = GlossaryEntry(term="才云", rendering="Caicloud", keep=False, aliases=(), forbidden=(), note="", status="approved", line=1)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLLM]:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with FakeLLM() as server:
        yield server


def make_llm(fake: FakeLLM, **options: object) -> ChatClient:
    settings = Settings(**{"base_url": fake.base_url, "max_tries": 4, "timeout": 5.0, **options})  # type: ignore[arg-type]
    return ChatClient(settings)


def expected(items: list[BatchItem] = ITEMS) -> dict[str, str]:
    return {item.id: pseudo_translate(item.text, [("才云", "Caicloud")]) for item in items}


def test_a_good_reply(fake: FakeLLM) -> None:
    llm = make_llm(fake)
    reply = llm.translate_batch(ITEMS, entries=[CAICLOUD], title="标题")
    assert reply.texts == expected()
    assert "Caicloud" in reply.texts["1"]
    assert reply.usage.requests == 1 and reply.usage.prompt_tokens > 0 and reply.usage.completion_tokens > 0
    body = fake.requests[0]
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


@pytest.mark.parametrize("failure", ["429", "500", "drop", "fence"])
def test_transient_failures_end_in_a_correct_reply(fake: FakeLLM, failure: str) -> None:
    fake.script([failure])
    reply = make_llm(fake).translate_batch(ITEMS, entries=[CAICLOUD])
    assert reply.texts == expected()
    assert len(fake.requests) == (1 if failure == "fence" else 2)


def test_retry_after_is_honoured(fake: FakeLLM) -> None:
    # The SDK's own first backoff is at most 0.5 s, so a gap of 1 s can only come from Retry-After.
    fake.script(["429:1.0"])
    make_llm(fake).translate_batch(ITEMS, entries=[])
    assert fake.times[1] - fake.times[0] >= 0.95


def test_a_slow_reply_times_out_and_is_retried(fake: FakeLLM) -> None:
    fake.script(["slow:2"])
    reply = make_llm(fake, timeout=0.4).translate_batch(ITEMS, entries=[CAICLOUD])
    assert reply.texts == expected()
    assert len(fake.requests) == 2


def test_tries_are_bounded(fake: FakeLLM) -> None:
    fake.script(["500", "500", "500"])
    with pytest.raises(EndpointError) as caught:
        make_llm(fake, max_tries=2).translate_batch(ITEMS, entries=[])
    assert caught.value.status_code == 500 and "500" in str(caught.value)
    assert len(fake.requests) == 2


def test_truncated_reply_is_never_used(fake: FakeLLM) -> None:
    fake.script(["length"])
    llm = make_llm(fake)
    with pytest.raises(TruncatedReply) as caught:
        llm.translate_batch(ITEMS, entries=[])
    assert caught.value.usage.requests == 1 and caught.value.usage.completion_tokens > 0  # paid for, though unusable


@pytest.mark.parametrize(
    ("failure", "message"),
    [("broken-json", "not valid JSON"), ("missing-id", "missing ids 2"), ("extra-id", "unexpected ids extra-1")],
)
def test_unusable_replies_raise_bad_reply(fake: FakeLLM, failure: str, message: str) -> None:
    fake.script([failure])
    with pytest.raises(BadReply, match=message):
        make_llm(fake).translate_batch(ITEMS, entries=[])
    assert isinstance(BadReply("x"), LLMError)


@pytest.mark.parametrize(
    "content",
    [
        '{"segments": [{"id": 1, "text": "One."}, {"id": "2", "text": "Two."}]}',
        '```json\n{"segments": [{"id": "1", "text": "One."}, {"id": "2", "text": "Two."}]}\n```',
        '```\n{"segments": [{"id": "1", "text": "One."}, {"id": "2", "text": "Two."}]}```',
        'Here you go:\n{"segments": [{"id": "1", "text": "One."}, {"id": "2", "text": "Two."}]}',
    ],
)
def test_tolerated_reply_shapes(fake: FakeLLM, content: str) -> None:
    fake.script([lambda body: content])
    assert make_llm(fake).translate_batch(ITEMS, entries=[]).texts == {"1": "One.", "2": "Two."}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("[]", '"segments" list'),
        ('{"segments": [{"id": "1"}]}', 'string "id" and "text"'),
        ('{"segments": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}, {"id": "2", "text": "c"}]}', "repeated ids 1"),
    ],
)
def test_malformed_replies(fake: FakeLLM, content: str, message: str) -> None:
    fake.script([lambda body: content])
    with pytest.raises(BadReply, match=message):
        make_llm(fake).translate_batch(ITEMS, entries=[])


def test_server_rejecting_json_mode_is_asked_again_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeLLM(reject_json_mode=True) as fake:
        llm = make_llm(fake)
        first = llm.translate_batch(ITEMS, entries=[])
        second = llm.translate_batch(ITEMS, entries=[])
    assert first.texts == second.texts
    assert (first.usage.requests, second.usage.requests) == (2, 1)
    assert len(fake.requests) == 3
    assert "response_format" in fake.requests[0]
    assert all("response_format" not in body for body in fake.requests[1:])


def test_json_mode_off(fake: FakeLLM) -> None:
    make_llm(fake, json_mode=False).translate_batch(ITEMS, entries=[])
    assert "response_format" not in fake.requests[0]


def test_errors_never_show_the_key(fake: FakeLLM) -> None:
    key = "sk-test-0123456789abcdef"
    fake.script([f"400:Incorrect API key provided: {key}"])
    llm = ChatClient(Settings(base_url=fake.base_url, json_mode=False), client=make_client(Settings(base_url=fake.base_url), environ={"OPENAI_API_KEY": key}))
    with pytest.raises(EndpointError) as caught:
        llm.translate_batch(ITEMS, entries=[])
    assert key not in str(caught.value) and "400" in str(caught.value)
    assert fake.headers[0]["authorization"] == f"Bearer {key}"


def test_no_key_and_no_base_url_is_a_configuration_error() -> None:
    with pytest.raises(NoAPIKey) as caught:
        make_client(Settings(), environ={})
    assert str(caught.value) == NO_KEY_MESSAGE
    assert isinstance(caught.value, ConfigError) and isinstance(caught.value, LLMError)
    assert caught.value.exit_code == 2
    with pytest.raises(NoAPIKey):
        make_client(Settings(base_url="https://api.openai.com/v1"), environ={})


def test_a_local_base_url_needs_no_key(fake: FakeLLM) -> None:
    client = make_client(Settings(), environ={"OPENAI_BASE_URL": fake.base_url})
    reply = ChatClient(Settings(), client=client).translate_batch(ITEMS, entries=[])
    assert set(reply.texts) == {"1", "2"}
    assert fake.headers[0]["authorization"] == "Bearer not-needed"


def test_a_key_alone_targets_openai() -> None:
    client = make_client(Settings(max_tries=3, timeout=7.0), environ={"OPENAI_API_KEY": "sk-x"})
    assert str(client.base_url).startswith("https://api.openai.com/v1")
    assert client.max_retries == 2


def test_plan_batches_respects_the_budget() -> None:
    items = [BatchItem(str(i), "中文" * (5 + 7 * (i % 4))) for i in range(40)] + [BatchItem("big", "长" * 500)]
    batches = plan_batches(items, budget=200)
    assert [item for batch in batches for item in batch] == items
    sizes = [sum(estimate_tokens(i.text) for i in batch) for batch in batches]
    assert all(size <= 200 for size, batch in zip(sizes, batches) if len(batch) > 1)
    # Greedy: a batch closes only when the next item would not fit.
    assert all(size + estimate_tokens(nxt[0].text) > 200 for size, nxt in zip(sizes, batches[1:]))
    assert batches[-1] == [items[-1]] and sizes[-1] > 200
    assert plan_batches([], budget=100) == []


def test_concurrent_batches_share_one_client_and_count_usage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeLLM(latency=0.2) as fake:
        llm = make_llm(fake)
        batches = [[BatchItem(f"{n}-{i}", f"第{n}段第{i}句。") for i in range(3)] for n in range(12)]
        with ThreadPoolExecutor(max_workers=6) as pool:
            replies = list(pool.map(lambda b: llm.translate_batch(b, entries=[]), batches))
    assert [set(r.texts) for r in replies] == [{item.id for item in b} for b in batches]
    assert sum(r.usage.requests for r in replies) == 12 == len(fake.requests)
    assert all(r.usage.prompt_tokens > 0 for r in replies)
    assert fake.max_in_flight > 1


def test_cost_from_the_price_table(fake: FakeLLM) -> None:
    usage = make_llm(fake).translate_batch(ITEMS, entries=[]).usage
    assert cost(usage, (1.0, 2.0)) == pytest.approx((usage.prompt_tokens + 2 * usage.completion_tokens) / 1e6)
    assert cost(Usage(1, 1000, 1000), None) is None


def test_importing_the_modules_does_not_import_the_sdk() -> None:
    code = "import sys, translate.model.client, translate.model.prompt, translate.model.qa, translate.model.estimate; print('openai' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent, check=True)
    assert out.stdout.strip() == "False"
