"""A reply adds nothing (DESIGN.md, invariant 7), end to end: injected markup never reaches an English post.

The fake server adds markup to a reply as a prompt-injected model would; the cache may hold such a
reply from a time its checks were weaker. Either way the post ends correct or is not written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import diskcache
import pytest

from fakellm import INJECTION, FakeLLM
from translate.cli import run as cli
from translate.model import qa

POST = """---
layout: post
title: "注入测试"
---

第一段讲 `envd` 和 [engula](https://github.com/engula/engula/)。

第二段：详见 https://example.com/docs 。

| 名称 | 说明 |
| --- | --- |
| 才云 | 一家公司 |

最后一段。
"""
SOURCE = Path("content/_posts/2024-01-01-a.md")
ENGLISH = Path("content/en/_posts/2024-01-01-a.md")
PAYLOADS = [
    INJECTION,
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](//evil.example)",
    "{{ site.github.token }}",
    "<!-- hidden -->",
    "www.evil.example",
    "[click][1]",
    "<x99/>",
]


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll project with one post, as the current directory."""
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nbatch_tokens = 60\n', encoding="utf-8")
    (root / SOURCE).write_text(POST, encoding="utf-8")
    monkeypatch.chdir(root)
    return root



def cached() -> dict[str, tuple[str, object]]:
    """Every cached translation: key → (text, tag)."""
    with diskcache.Cache(os.environ["TRANSLATE_CACHE_DIR"]) as raw:
        return {key: raw.get(key, tag=True) for key in raw}


def assert_clean(payload: str) -> None:
    english = ENGLISH.read_text(encoding="utf-8")
    assert payload not in english and "evil" not in english
    assert "(https://github.com/engula/engula/)" in english and "https://example.com/docs" in english
    assert all(payload not in text for text, _ in cached().values())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_injected_reply_is_retried_and_never_written(blog: Path, fake: FakeLLM, payload: str) -> None:
    fake.script([f"inject:{payload}"])
    assert cli(["run", "--concurrency", "1"]) == 0
    assert_clean(payload)
    assert len(fake.requests) >= 2  # the rejected segment was sent again
    assert cli(["check", "--strict"]) == 0


def test_a_model_that_keeps_injecting_fails_the_post_with_path_and_line(blog: Path, fake: FakeLLM,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = "inject"
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert f"{SOURCE.as_posix()}:" in err and "the HTML tag <script> is not in the source" in err
    assert not ENGLISH.exists()
    assert all(INJECTION not in text for text, _ in cached().values())


def _age_cache(add: str = "") -> None:
    """Turn every cached translation into one older checks passed (no version), with ``add`` appended."""
    with diskcache.Cache(os.environ["TRANSLATE_CACHE_DIR"]) as raw:
        for key in list(raw):
            raw.set(key, raw[key] + add)


@pytest.mark.parametrize("payload", [INJECTION, "[click](javascript:alert(1))", "{% include evil.html %}"])
def test_an_injected_reply_cached_by_weaker_checks_is_sent_again_not_written(blog: Path, fake: FakeLLM,
                                                                             payload: str) -> None:
    assert cli(["run"]) == 0
    _age_cache(" " + payload)
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    assert cli(["run", "--offline"]) == 1  # without the model nothing valid is left: nothing is written
    assert not ENGLISH.exists()
    before = len(fake.requests)
    assert cli(["run"]) == 0
    assert len(fake.requests) > before  # every aged entry failed its new check and was sent again
    assert_clean(payload)
    assert {tag for _, tag in cached().values()} == {qa.QA_VERSION}
    assert cli(["check", "--strict"]) == 0


def test_a_valid_reply_cached_by_weaker_checks_is_checked_once_and_kept(blog: Path, fake: FakeLLM,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli(["run"]) == 0
    first = ENGLISH.read_bytes()
    entries = len(cached())
    _age_cache()
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    monkeypatch.delenv("OPENAI_BASE_URL")  # any request would be an error
    assert cli(["run"]) == 0
    assert ENGLISH.read_bytes() == first
    assert {tag for _, tag in cached().values()} == {qa.QA_VERSION} and len(cached()) == entries

    checked: list[str] = []
    real = qa.reply_problems
    monkeypatch.setattr(qa, "reply_problems", lambda s, t, e: checked.append(t) or real(s, t, e))
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    assert cli(["run"]) == 0
    assert checked == []  # translations stored by the current checks are used as they are
    assert ENGLISH.read_bytes() == first


def test_a_dry_run_counts_an_injected_cached_reply_as_to_send_and_writes_nothing(blog: Path, fake: FakeLLM,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    _age_cache(" " + INJECTION)
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    before = cached()
    capsys.readouterr()
    assert cli(["run", "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["requests"] >= 1 and plan["posts"][0]["cached"] == 0  # every aged entry would be sent again
    assert cached() == before  # a dry run writes nothing, not even to drop what it would send again
