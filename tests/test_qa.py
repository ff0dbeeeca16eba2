"""Validation of a translated segment: each failure kind is caught; a good translation passes."""

from __future__ import annotations

import pytest
from fakellm import FakeLLM

from translate.config import Settings
from translate.glossary.model import GlossaryEntry
from translate.model.client import ChatClient
from translate.model.prompt import BatchItem
from translate.source.protect import Placeholder
from translate.model.qa import problems, reply_problems
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
        ("inject", "the HTML tag <script> is not in the source"),
        ("inject:[click](javascript:alert(1))", "the link to javascript:alert(1) is not in the source"),
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


INJECTIONS = [
    ("<script>alert(1)</script>", "the HTML tag <script> is not in the source"),
    ("<img src=x onerror=alert(1)>", "the HTML tag <img src=x onerror=alert(1)> is not in the source"),
    ("[click](javascript:alert(1))", "the link to javascript:alert(1) is not in the source"),
    ("[click](//evil.example)", "the link to //evil.example is not in the source"),
    ("[click](evil.example)", "the link to evil.example is not in the source"),
    ("[click](<https://evil.example/a b>)", "the link to https://evil.example/a%20b is not in the source"),
    ("![pixel](https://evil.example/p.png)", "the image https://evil.example/p.png is not in the source"),
    ("<https://evil.example>", "the link to https://evil.example is not in the source"),
    ("<me@evil.example>", "the link to mailto:me@evil.example is not in the source"),
    ("{% include evil.html %}", "the template tag {% include evil.html %} is not in the source"),
    ("{{ site.github.token }}", "the template tag {{ site.github.token }} is not in the source"),
    ("{{< evil >}}", "the template tag {{< evil >}} is not in the source"),
    ("{: onclick=\"alert(1)\"}", "the template tag {: onclick=\"alert(1)\"} is not in the source"),
    ("{{ site.github.token", "the template tag {{ is not in the source"),
    ("<!-- hidden -->", "the HTML comment <!-- hidden --> is not in the source"),
    ("www.evil.example", "the URL www.evil.example is not in the source"),
    ("me@evil.example", "the e-mail address me@evil.example is not in the source"),
    ("javascript:alert(1)", "the URL javascript:alert(1) is not in the source"),
    ("//evil.example/x", "the URL //evil.example/x is not in the source"),
    ("ftp://evil.example/x", "the URL ftp://evil.example/x is not in the source"),
    ("[click][1]", "the reference link [click][1] is not in the source"),
    ("[click]", "the reference link [click] is not in the source"),
    ("<x99/>", "the HTML tag <x99/> is not in the source"),
    ("<foo>", "the HTML tag <foo> is not in the source"),
    ("\\<foo>", "the tag-like text <foo> is not in the source"),
    ("`rm -rf ~`", "the code `rm -rf ~` is not in the source"),
]


@pytest.mark.parametrize(("injection", "expected"), INJECTIONS, ids=[i for i, _ in INJECTIONS])
@pytest.mark.parametrize("where", ["end", "start", "middle", "own line"])
def test_every_injection_is_rejected(injection: str, expected: str, where: str) -> None:
    translation = {
        "end": f"{GOOD} {injection}",
        "start": f"{injection} {GOOD}",
        "middle": GOOD.replace("; see", f" {injection}; see"),
        "own line": GOOD.replace("; see", f";\n{injection}\nsee"),
    }[where]
    found = reply_problems(SEGMENT, translation, [CAICLOUD])
    assert expected in found, found


def test_an_injected_link_is_rejected_in_every_kind_of_segment() -> None:
    for kind in ("paragraph", "heading", "cell", "html", "attr", "field"):
        segment = Segment(id="1", kind=kind, line=1, start=0, end=3, text="中文。", placeholders=())
        assert problems(segment, "Chinese. [click](javascript:alert(1))", []) == [
            "the link to javascript:alert(1) is not in the source"
        ], kind


def test_a_link_built_around_a_placeholder_is_rejected() -> None:
    segment = seg("看 <m1/>。", ("<m1/>", "[文档]"))
    assert problems(segment, "See <m1/>(https://evil.example).", []) == ["the link to https://evil.example is not in the source"]


def test_a_bracketed_text_does_not_hide_the_link_around_it() -> None:
    # Read with every reference label defined, [b] would be a link, so the outer brackets would not be.
    found = problems(seg("这是一段话。"), "This is [a [b] c](evil.example) text.", [])
    assert "the link to evil.example is not in the source" in found


def test_the_end_tag_of_an_added_tag_is_not_reported_twice() -> None:
    assert problems(SEGMENT, GOOD + " <script>alert(1)</script>", [CAICLOUD]) == ["the HTML tag <script> is not in the source"]


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        # Full-width brackets and backticks: not markup in the source, yet the same destination and code.
        ("参见 [ANALYZE TABLE]（/sql-statements/sql-statement-analyze-table.md）。",
         "See [ANALYZE TABLE](/sql-statements/sql-statement-analyze-table.md)."),
        ("运行 ｀perl －－version｀ 查看版本。", "Run `perl --version` to see the version."),
        ("【注意】这一步不能省略。", "[Note] This step cannot be skipped."),
        ("［提示］见下文。", "[Tip] See below."),
        # Emphasis may move, appear or go.
        ("这是**非常重要**的一步。", "This step is **very** important."),
        ("这是**非常重要**的一步。", "This step is *very important*."),
        ("这是非常重要的一步。", "This is a **very important** step."),
        # What the source has as plain text may become a link, code or a URL.
        ("详见 example.com 的文档。", "See the documentation at [example.com](example.com)."),
        ("详见 https://example.com/docs 。", "See [the documentation](https://example.com/docs)."),
        ("用 kubectl 部署。", "Deploy with `kubectl`."),
        ("联系 me@example.com 。", "Write to [me](mailto:me@example.com) or <me@example.com>."),
        ("使用 @Override 注解。", "Use the @Override annotation."),
        # Brackets, colons and angle brackets in prose that are not markup.
        ("数组 a[i] 的值。", "The value of a[i]."),
        ("比例是 3:2，时间是 10:30。", "The ratio is 3:2 and the time is 10:30."),
        ("注意：这很重要。", "Note: this matters."),
        ("如果 a < b 且 b > c。", "If a < b and b > c."),
        ("读数据：在 Delta 层建立数据流。", "Read data: build a data stream in the Delta layer."),
    ],
)
def test_legitimate_markup_passes(source: str, translation: str) -> None:
    assert reply_problems(seg(source), translation, []) == []


def test_the_source_markup_carried_by_placeholders_passes() -> None:
    segment = seg(
        "见 <m1/> 和 <l1>文档</l1>，或 <m2/>。",
        ("<m1/>", "<https://example.com/a>"), ("<l1>", "["), ("</l1>", "][1]"), ("<m2/>", "{{ site.url }}"),
    )
    assert reply_problems(segment, "See <m1/> and <l1>the docs</l1>, or <m2/>.", []) == []
    # The same reference again, and the source's autolink written as a link: nothing new.
    assert reply_problems(segment, "See <m1/>, <l1>the docs</l1> and [more][1], or <m2/> ([here](https://example.com/a)).", []) == []
