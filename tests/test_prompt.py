"""The prompt: rules, only the batch's glossary entries, JSON user content, the retry note."""

from __future__ import annotations

import json

from translate.glossary.model import GlossaryEntry
from translate.model.prompt import PROMPT_VERSION, BatchItem, build_messages, glossary_line
from translate.model.estimate import estimate_tokens


def entry(term: str, rendering: str, *, keep: bool = False) -> GlossaryEntry:
    return GlossaryEntry(term=term, rendering=rendering, keep=keep, aliases=(), forbidden=(), note="", status="approved", line=1)


ITEMS = [BatchItem("1", "我在<l1>才云</l1>工作。"), BatchItem("2", "2022 年 1 月份，我们用 <m1/> 部署。")]


def test_two_messages_system_then_one_user() -> None:
    messages = build_messages(ITEMS, entries=[])
    assert [m["role"] for m in messages] == ["system", "user"]
    assert PROMPT_VERSION == "1"


def test_system_message_states_the_rules() -> None:
    system = build_messages(ITEMS, entries=[])[0]["content"]
    for needle in ("first-person", "ASCII punctuation", "In January 2022", "<m1/>", "exactly once", '{"segments"', "notes"):
        assert needle in system


def test_user_content_is_the_json_object_of_the_wire_format() -> None:
    user = json.loads(build_messages(ITEMS, entries=[])[1]["content"])
    assert user == {"segments": [{"id": "1", "text": ITEMS[0].text}, {"id": "2", "text": ITEMS[1].text}]}


def test_han_is_not_escaped_in_the_user_content() -> None:
    content = build_messages(ITEMS, entries=[])[1]["content"]
    assert "才云" in content and "\\u" not in content


def test_title_and_context_are_optional_keys() -> None:
    items = [BatchItem("1", "你好", context="前一段"), BatchItem("2", "再见")]
    user = json.loads(build_messages(items, entries=[], title="我的博客")[1]["content"])
    assert user["title"] == "我的博客"
    assert user["context"] == {"1": "前一段"}
    assert user["segments"] == [{"id": "1", "text": "你好"}, {"id": "2", "text": "再见"}]


def test_only_the_given_glossary_entries_are_included() -> None:
    caicloud, sjtu = entry("才云", "Caicloud"), entry("交大", "SJTU")
    system = build_messages(ITEMS, entries=[caicloud])[0]["content"]
    assert glossary_line(caicloud) in system
    assert "交大" not in system and glossary_line(sjtu) not in system


def test_no_glossary_section_without_entries() -> None:
    assert "Glossary" not in build_messages(ITEMS, entries=[])[0]["content"]


def test_retry_note_is_sent_after_the_stable_prefix() -> None:
    plain = build_messages(ITEMS, entries=[])[0]["content"]
    retry = build_messages(ITEMS, entries=[], retry_note="missing placeholder <m1/>")[0]["content"]
    assert retry.startswith(plain)
    assert "missing placeholder <m1/>" in retry and "rejected" in retry


def test_the_system_prompt_stays_small() -> None:
    # Sent with every batch: its size is the prompt overhead the benchmark measures.
    assert estimate_tokens(build_messages(ITEMS, entries=[])[0]["content"]) < 400


def test_estimate_tokens_basis() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("中文字符测试") in range(6, 9)
    assert estimate_tokens("a" * 400) == 100
    assert estimate_tokens("<m1/>") == 4
    assert estimate_tokens("我在<l1>才云</l1>工作") > estimate_tokens("我在才云工作")
