"""Validation of a translated segment: each failure kind is caught; a good translation passes."""

from __future__ import annotations

import pytest
from fakellm import FakeLLM

from translate.config import Settings
from translate.glossary.model import GlossaryEntry
from translate.model.client import ChatClient
from translate.model.prompt import BatchItem
from translate.source.protect import Placeholder
from translate.model.qa import problems
from translate.source.segment import Segment


def entry(term: str, rendering: str, *, keep: bool = False, forbidden: tuple[str, ...] = ()) -> GlossaryEntry:
    return GlossaryEntry(term=term, rendering=rendering, keep=keep, aliases=(), forbidden=forbidden, note="", status="approved", line=1)


def seg(text: str, *placeholders: tuple[str, str]) -> Segment:
    return Segment(id="1", kind="paragraph", line=3, start=0, end=len(text), text=text, placeholders=tuple(Placeholder(t, o) for t, o in placeholders))


SEGMENT = seg(
    "我在<l1>才云</l1>工作时用 <m1/> 部署，详见 https://example.com/a 。",
    ("<l1>", "["), ("</l1>", "](https://caicloud.io)"), ("<m1/>", "`kubectl`"),
)
GOOD = "When I worked at <l1>Caicloud</l1>, I deployed with <m1/>; see https://example.com/a."
CAICLOUD = entry("才云", "Caicloud", forbidden=("Cai Cloud",))


def test_a_good_translation_passes() -> None:
    assert problems(SEGMENT, GOOD, [CAICLOUD]) == []


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("", "empty"),
        ("  \n ", "empty"),
        (GOOD.replace("<m1/>", "kubectl"), "missing placeholder <m1/>"),
        (GOOD + " <m2/>", "invented placeholder <m2/>"),
        (GOOD.replace("<m1/>", "<m1/> <m1/>"), "appears 2 times"),
        ("</l1>Caicloud<l1> <m1/> https://example.com/a", "comes before"),
        (GOOD + " More at https://evil.example.org/x", "https://evil.example.org/x is not in the source"),
        (GOOD.replace("https://example.com/a", "the docs"), "https://example.com/a of the source is missing"),
        (GOOD.replace("deployed", "部署了"), "Chinese text left untranslated: 部署了"),
        (GOOD.replace(";", "；"), "full-width punctuation left"),
        (GOOD.replace("Caicloud", "Cai Cloud"), "glossary"),
        ("Here is the translation: " + GOOD, "chatter"),
        ("Here's my English translation:\n" + GOOD, "chatter"),
        ("Translation: " + GOOD, "chatter"),
        ("Sure, " + GOOD, "chatter"),
        ("```\n" + GOOD + "\n```", "code fence"),
        (GOOD + " (Note: Caicloud is a company.)", "adds a note"),
        (GOOD + " Translator's note: a startup.", "adds a note"),
        ('"' + GOOD + '"', "wrapped in quotes"),
        (GOOD.replace("; see", ".\n\nSee"), "blank line"),
    ],
)
def test_each_failure_is_caught_and_named(translation: str, expected: str) -> None:
    found = problems(SEGMENT, translation, [CAICLOUD])
    assert any(expected in problem for problem in found), found


def test_entries_kept_or_rendered_in_chinese_are_allowed() -> None:
    segment = seg("我用微信和 Kubernetes。")
    wechat = entry("微信", "微信 (WeChat)")
    assert problems(segment, "I use 微信 (WeChat) and Kubernetes.", [wechat]) == []
    kept = entry("饿了么", "饿了么", keep=True)
    assert problems(seg("我在饿了么工作。"), "I worked at 饿了么.", [kept]) == []
    assert problems(seg("我在饿了么工作。"), "I worked at 饿了么 公司.", [kept]) != []


def test_legitimate_texts_are_not_flagged() -> None:
    assert problems(seg("注意：这很重要。"), "Note: this matters.", []) == []
    assert problems(seg("“你好”他说。"), '"Hello," he said.', []) == []
    assert problems(seg("这里是我的代码。"), "Here is my code.", []) == []
    assert problems(seg("他说“好”和“不”。"), '"Yes" and "no", he said.', []) == []
    assert problems(seg("当然！"), "Sure enough!", []) == []


def test_placeholder_text_is_not_checked_for_urls_or_chinese() -> None:
    segment = seg("见 <m1/>。", ("<m1/>", "https://example.com/中文"))
    assert problems(segment, "See <m1/>.", []) == []


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("drop-placeholder", "missing placeholder"),
        ("invent-placeholder", "invented placeholder <m99/>"),
        ("leftover-chinese", "Chinese text left untranslated"),
        ("wrong-glossary", "glossary"),
        ("chatter", "chatter"),
    ],
)
def test_fake_misbehaviour_is_caught(monkeypatch: pytest.MonkeyPatch, failure: str, expected: str) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeLLM() as fake:
        llm = ChatClient(Settings(base_url=fake.base_url))
        good = llm.translate_batch([BatchItem("1", SEGMENT.text)], entries=[CAICLOUD]).texts["1"]
        fake.script([failure])
        bad = llm.translate_batch([BatchItem("1", SEGMENT.text)], entries=[CAICLOUD]).texts["1"]
    assert problems(SEGMENT, good, [CAICLOUD]) == []
    assert any(expected in problem for problem in problems(SEGMENT, bad, [CAICLOUD]))
