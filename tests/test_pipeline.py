"""`translate run` / `check` end to end against the fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import diskcache
import pytest

from fakellm import FakeLLM
from translate.cli import run as cli
from translate.source.post import read_post
from translate.source.segment import segment

POST = """---
layout: post
title: "测试文章"
tags: [record]
---

第一段：我在才云工作。

第二段讲的是 `envd` 和 [engula](https://github.com/engula/engula/)。

> 引用里的一段话，
> 跨了两行。

- 列表项一
- 列表项二

```python
print("代码不翻译")
```

最后一段。
"""

GLOSSARY = """\
# Names
version: 1
entries:
  - term: 才云
    rendering: Caicloud
    status: approved
  - term: envd
    keep: true
    status: approved
"""


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small Jekyll project with one post, as the current directory."""
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nbatch_tokens = 60\n', encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / "content" / "_posts" / "2024-01-01-a.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(root)
    return root



def sent_texts(fake: FakeLLM, start: int = 0) -> list[str]:
    """Masked source texts of every segment sent since request ``start``."""
    texts = []
    for body in fake.requests[start:]:
        user = body["messages"][-1]["content"]
        texts.extend(s["text"] for s in json.loads(user)["segments"])
    return texts


ENGLISH = Path("content/en/_posts/2024-01-01-a.md")
SOURCE = Path("content/_posts/2024-01-01-a.md")


def test_first_run_writes_english_and_lock_then_second_run_sends_nothing(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    english = ENGLISH.read_text(encoding="utf-8")
    assert "Caicloud" in english and "`envd`" in english
    assert "lang: en" in english and "source: _posts/2024-01-01-a.md" in english
    assert 'print("代码不翻译")' in english  # code is never translated
    assert "(https://github.com/engula/engula/)" in english
    assert "> " in english and "tags: [record]" in english
    assert Path("translate.lock").is_file()
    first = len(fake.requests)
    assert first >= 2  # batch_tokens=60 splits the post into several requests
    capsys.readouterr()
    assert cli(["run"]) == 0
    assert len(fake.requests) == first
    assert "up to date" in capsys.readouterr().out
    assert cli(["check", "--strict"]) == 0


def test_editing_one_paragraph_sends_exactly_that_segment(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    before = len(fake.requests)
    SOURCE.write_text(POST.replace("最后一段。", "最后一段，改过了。"), encoding="utf-8")
    assert cli(["check"]) == 1 and cli(["check", "--allow-pending"]) == 0  # pending: the next run translates it
    assert cli(["run"]) == 0
    assert sent_texts(fake, before) == ["最后一段，改过了。"]
    assert cli(["check", "--strict"]) == 0


def test_inserting_a_paragraph_sends_only_it(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    before = len(fake.requests)
    SOURCE.write_text(POST.replace("第一段：", "新插入的一段。\n\n第一段："), encoding="utf-8")
    assert cli(["run"]) == 0
    assert sent_texts(fake, before) == ["新插入的一段。"]


def test_hand_edit_survives_a_rerun_that_changes_another_paragraph(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    english = ENGLISH.read_text(encoding="utf-8")
    lines = english.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if "Caicloud" in line)
    lines[index] = "My hand-polished first paragraph: I worked at Caicloud.\n"
    ENGLISH.write_text("".join(lines), encoding="utf-8")
    before = len(fake.requests)
    SOURCE.write_text(POST.replace("最后一段。", "最后一段变了。"), encoding="utf-8")
    assert cli(["run"]) == 0
    assert sent_texts(fake, before) == ["最后一段变了。"]
    assert "My hand-polished first paragraph: I worked at Caicloud.\n" in ENGLISH.read_text(encoding="utf-8")


def test_editing_one_glossary_entry_resends_only_segments_containing_it(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    before = len(fake.requests)
    Path("glossary.yaml").write_text(GLOSSARY.replace("rendering: Caicloud", "rendering: Caicloud Inc."), encoding="utf-8")
    assert cli(["check", "--strict"]) == 1
    assert cli(["run"]) == 0
    assert sent_texts(fake, before) == ["第一段：我在才云工作。"]
    assert "Caicloud Inc." in ENGLISH.read_text(encoding="utf-8")
    assert cli(["check", "--strict"]) == 0


def test_a_glossary_change_flags_only_posts_that_mention_a_changed_entry(blog: Path, fake: FakeLLM,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    glossary = GLOSSARY + "  - term: 交大\n    rendering: SJTU\n    status: approved\n"
    Path("glossary.yaml").write_text(glossary, encoding="utf-8")
    lookalike = Path("content/_posts/2024-02-01-b.md")  # 交大 only inside 外交大臣: not the word
    lookalike.write_text("外交大臣来访。\n", encoding="utf-8")
    in_code = Path("content/_posts/2024-02-02-c.md")  # envd only in code
    in_code.write_text("运行 `envd up` 即可。\n", encoding="utf-8")
    assert cli(["run"]) == 0
    before = len(fake.requests)
    changed = glossary.replace("rendering: Caicloud", "rendering: Caicloud Inc.").replace("keep: true", "keep: true\n    note: a tool")
    Path("glossary.yaml").write_text(changed, encoding="utf-8")
    capsys.readouterr()
    assert cli(["check", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "2024-01-01-a.md: glossary entries changed: envd, 才云" in err  # both really occur there
    assert "2024-02-02-c.md: glossary entries changed: envd" in err  # a mention in code counts: no parsing in check
    assert "2024-02-01-b.md" not in err  # 交大 did not change: a look-alike is no reason
    assert cli(["run"]) == 0
    assert sent_texts(fake, before) == ["第一段：我在才云工作。"]  # envd is in code there too: nothing to send
    assert cli(["check", "--strict"]) == 0


def test_check_reports_stale_missing_and_orphaned(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    capsys.readouterr()
    Path("content/_posts/2024-02-02-new.md").write_text("新文章。\n", encoding="utf-8")
    orphan = Path("content/en/_posts/2023-01-01-gone.md")
    orphan.write_text("Gone.\n", encoding="utf-8")
    SOURCE.write_text(POST + "\n追加。\n", encoding="utf-8")
    assert cli(["check"]) == 1  # the orphan is for a person to delete
    err = capsys.readouterr().err
    assert "stale: content/_posts/2024-01-01-a.md" in err
    assert "missing: content/_posts/2024-02-02-new.md" in err
    assert "orphaned: content/en/_posts/2023-01-01-gone.md" in err
    orphan.unlink()
    assert cli(["check"]) == 1 and cli(["check", "--allow-pending"]) == 0  # the rest is pending


def test_check_imports_neither_openai_nor_jieba(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    code = (
        "import sys; from translate.cli import run; rc = run(['check']); "
        "assert rc == 0, rc; bad = [m for m in ('openai', 'jieba', 'markdown_it') if m in sys.modules]; "
        "assert not bad, bad; rc = run(['run']); assert rc == 0, rc; "
        "bad = [m for m in ('openai', 'jieba') if m in sys.modules]; assert not bad, bad"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_dry_run_and_offline_need_no_network(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run: 1 posts" in out and "segments to send" in out
    assert not ENGLISH.exists()
    assert cli(["run", "--offline"]) == 1
    err = capsys.readouterr().err
    assert "content/_posts/2024-01-01-a.md:7: not in the cache" in err
    assert not ENGLISH.exists()


def test_missing_key_is_a_clear_error(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 2
    assert "OPENAI_API_KEY" in capsys.readouterr().err


def test_cached_segments_need_no_network(blog: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli(["run"]) == 0
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    monkeypatch.delenv("OPENAI_BASE_URL")  # no key and no endpoint: any request would be an error
    before = len(fake.requests)
    assert cli(["run"]) == 0
    assert len(fake.requests) == before
    assert cli(["check", "--strict"]) == 0


@pytest.mark.parametrize(
    "behaviour",
    ["429:0.05", "500", "drop", "slow:0.3", "broken-json", "fence", "missing-id", "extra-id", "drop-placeholder",
     "invent-placeholder", "leftover-chinese", "wrong-glossary", "length", "chatter"],
)
def test_misbehaving_server_ends_in_a_correct_post(blog: Path, fake: FakeLLM, behaviour: str) -> None:
    fake.script([behaviour])
    assert cli(["run", "--concurrency", "1"]) == 0
    english = ENGLISH.read_text(encoding="utf-8")
    assert "才云" not in english and "Caicloud" in english
    assert cli(["check", "--strict"]) == 0


def test_valid_replies_reach_the_cache_while_the_rest_of_their_request_is_retried(blog: Path, fake: FakeLLM,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_BATCH_TOKENS", "4000")  # the whole post in one request
    release = threading.Event()

    def held_retry(body: dict[str, object]) -> str:
        release.wait(timeout=60)
        return json.dumps(fake.translate(body), ensure_ascii=False)

    fake.script(["leftover-chinese", held_retry])  # one segment fails, and its retry is held back
    total = len(segment(read_post(SOURCE)))
    outcome: list[int] = []
    run = threading.Thread(target=lambda: outcome.append(cli(["run"])))
    run.start()
    try:
        deadline = time.monotonic() + 30
        cached = 0
        while cached < total - 1 and time.monotonic() < deadline:
            time.sleep(0.05)
            with diskcache.Cache(os.environ["TRANSLATE_CACHE_DIR"]) as cache:
                cached = len(cache)
        assert cached == total - 1 and run.is_alive()  # stored before the request they came in has ended
    finally:
        release.set()
        run.join(timeout=60)
    assert outcome == [0]
    assert len(fake.requests) == 2 and len(sent_texts(fake, 1)) == 1


def test_persistent_failure_reports_path_line_and_keeps_old_output(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    old = ENGLISH.read_bytes()
    SOURCE.write_text(POST.replace("最后一段。", "最后一段变了。"), encoding="utf-8")
    fake.default = "leftover-chinese"
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert "content/_posts/2024-01-01-a.md:" in err and "Error:" in err
    assert ENGLISH.read_bytes() == old
    assert not list(ENGLISH.parent.glob("*.tmp"))
    assert cli(["check", "--strict"]) == 1


def test_restructured_english_post_stops_until_force(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    ENGLISH.write_text(ENGLISH.read_text(encoding="utf-8") + "\nAn extra paragraph.\n", encoding="utf-8")
    SOURCE.write_text(POST.replace("最后一段。", "最后一段变了。"), encoding="utf-8")
    assert cli(["run"]) == 1
    assert "restructured by hand" in capsys.readouterr().err
    assert cli(["run", "--force"]) == 0
    assert "An extra paragraph." not in ENGLISH.read_text(encoding="utf-8")


def test_sigkill_mid_run_leaves_no_partial_file_and_rerun_sends_only_the_rest(blog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    posts = Path("content/_posts")
    for n in range(12):
        (posts / f"2024-03-{n + 1:02d}-p.md").write_text(f"---\ntitle: 第{n}篇\n---\n\n第{n}篇的第一段。\n\n第{n}篇的第二段。\n", encoding="utf-8")
    with FakeLLM(latency=0.15) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        env["OPENAI_BASE_URL"] = server.base_url
        env["TRANSLATE_BATCH_TOKENS"] = "50"  # a request per segment: the run cannot finish between the fourth and the signal
        proc = subprocess.Popen([sys.executable, "-m", "translate", "run", "--concurrency", "2"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while len(server.requests) < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        first = len(server.requests)
        assert 6 <= first
        english_dir = Path("content/en/_posts")
        written = sorted(english_dir.glob("*.md")) if english_dir.exists() else []
        for path in written:  # whatever was written is complete: fully translated, final newline
            text = path.read_text(encoding="utf-8")
            assert "第" not in text and text.endswith("\n")
        with diskcache.Cache(os.environ["TRANSLATE_CACHE_DIR"]) as cache:
            kept_by_cache = len(cache)  # every reply validated before the kill, and only those
        total = sum(len(segment(read_post(p))) for p in posts.glob("*.md"))
        assert 0 < kept_by_cache < total
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        assert cli(["run"]) == 0
        resent = sent_texts(server, first)
        assert len(resent) == total - kept_by_cache  # only what the killed run had not got back
        assert len(set(resent) | set(sent_texts(server)[: len(sent_texts(server)) - len(resent)])) == total
    # A write cut short by the kill left at most a hidden temporary file, which the re-run removed.
    assert not list(Path("content/en/_posts").glob(".*.tmp"))
    assert cli(["check", "--strict"]) == 0


def test_ctrl_c_mid_run_keeps_every_reply_received_and_rerun_sends_only_the_rest(blog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    posts = Path("content/_posts")
    for n in range(12):
        (posts / f"2024-03-{n + 1:02d}-p.md").write_text(f"---\ntitle: 第{n}篇\n---\n\n第{n}篇的第一段。\n\n第{n}篇的第二段。\n", encoding="utf-8")
    total = sum(len(segment(read_post(p))) for p in posts.glob("*.md"))
    with FakeLLM(latency=0.15) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        env["OPENAI_BASE_URL"] = server.base_url
        env["TRANSLATE_BATCH_TOKENS"] = "50"  # a request per segment: the run cannot finish between the fourth and the signal
        proc = subprocess.Popen([sys.executable, "-m", "translate", "run", "--concurrency", "2"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while len(server.requests) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode != 0 and "Traceback" not in err
        first = len(server.requests)
        with diskcache.Cache(os.environ["TRANSLATE_CACHE_DIR"]) as cache:
            kept_by_cache = len(cache)
        # Requests already sent were answered and their replies cached, even those that came in after Ctrl-C.
        assert kept_by_cache == len(sent_texts(server)) < total
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        assert cli(["run"]) == 0
        assert len(sent_texts(server, first)) == total - kept_by_cache
    assert not list(Path("content/en/_posts").glob(".*.tmp"))
    assert cli(["check", "--strict"]) == 0


def test_identical_segments_are_sent_once_per_run(blog: Path, fake: FakeLLM) -> None:
    Path("content/_posts/2024-01-02-b.md").write_text("## 总结\n\n最后一段。\n\n## 总结\n", encoding="utf-8")
    assert cli(["run"]) == 0
    sent = sent_texts(fake)
    assert sent.count("最后一段。") == 1 and sent.count("总结") == 1
    english = Path("content/en/_posts/2024-01-02-b.md").read_text(encoding="utf-8")
    assert "总结" not in english and "最后一段" not in english
    assert cli(["check", "--strict"]) == 0


def test_failure_of_a_shared_segment_fails_every_post_that_has_it(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    Path("content/_posts/2024-01-02-b.md").write_text("最后一段。\n", encoding="utf-8")

    def untranslated(body: dict) -> str:  # every segment comes back in Chinese
        segments = json.loads(body["messages"][-1]["content"])["segments"]
        return json.dumps({"segments": segments}, ensure_ascii=False)

    fake.default = untranslated
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert "content/_posts/2024-01-02-b.md:1:" in err
    assert not Path("content/en/_posts/2024-01-02-b.md").exists() and not ENGLISH.exists()


def test_status_reports_each_state(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    Path("content/_posts/2024-02-02-new.md").write_text("新文章。\n", encoding="utf-8")
    ENGLISH.write_text(ENGLISH.read_text(encoding="utf-8").replace("Caicloud", "Caicloud (edited)"), encoding="utf-8")
    capsys.readouterr()
    assert cli(["status"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"content/_posts/2024-01-01-a\.md +up to date, edited by hand\n", out)
    assert re.search(r"content/_posts/2024-02-02-new\.md +new\n", out)
    SOURCE.write_text(POST.replace("最后一段。", "最后一段变了。"), encoding="utf-8")
    assert cli(["status"]) == 0
    assert re.search(r"2024-01-01-a\.md +stale, edited by hand  \(segments 7 \(line 21\)\)", capsys.readouterr().out)


def test_cache_commands(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    capsys.readouterr()
    assert cli(["cache", "path"]) == 0
    assert capsys.readouterr().out.strip() == os.environ["TRANSLATE_CACHE_DIR"]
    assert cli(["cache", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["entries"] == 7 and stats["misses"] == 7 and stats["hits"] == 0
    assert cli(["cache", "clear"]) == 0
    assert "Removed 7" in capsys.readouterr().out
    assert cli(["cache", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == 0


def test_json_summary_and_dry_run_cost(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    Path("pyproject.toml").write_text(
        '[tool.translate]\nlayout = "jekyll"\nmodel = "m"\nprices = { "m" = [1.0, 2.0] }\n', encoding="utf-8"
    )
    assert cli(["run", "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["dry_run"] and plan["requests"] == 1 and plan["cost"] > 0 and len(fake.requests) == 0
    assert cli(["run", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["requests"] == 1 and done["posts"][0]["written"] and done["posts"][0]["sent"] == 7
    assert done["cost"] == pytest.approx((done["prompt_tokens"] * 1.0 + done["completion_tokens"] * 2.0) / 1e6)


def test_unknown_setting_is_a_usage_error(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("pyproject.toml").write_text('[tool.translate]\nmodle = "x"\n', encoding="utf-8")
    assert cli(["check"]) == 2
    err = capsys.readouterr().err
    assert "unknown setting modle" in err and "valid settings:" in err and "model" in err


def test_a_bad_post_fails_alone_and_the_others_are_translated(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    Path("content/_posts/2024-01-02-latin1.md").write_bytes("标题\n".encode("utf-8") + "caf\xe9\n".encode("latin-1"))
    Path("content/_posts/2024-01-03-yaml.md").write_text("---\ntitle: [未闭合\n---\n\n正文。\n", encoding="utf-8")
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert "Error: content/_posts/2024-01-02-latin1.md:2: is not valid UTF-8" in err
    assert "Error: content/_posts/2024-01-03-yaml.md:" in err and "not valid YAML" in err
    assert "Traceback" not in err
    assert ENGLISH.is_file()  # the good post is still written
    assert not Path("content/en/_posts/2024-01-02-latin1.md").exists()


@pytest.mark.parametrize(
    ("layout", "source", "english"),
    [
        ("jekyll", "site/_posts/2024-01-01-a.md", "site/en/_posts/2024-01-01-a.md"),
        ("hugo", "site/content/posts/a.md", "site/content/en/posts/a.md"),
        ("hugo-suffix", "site/content/posts/a.md", "site/content/posts/a.en.md"),
    ],
)
def test_layouts_put_english_posts_where_the_blog_expects_them(tmp_path: Path, layout: str, source: str, english: str) -> None:
    from translate.config import Settings
    from translate.paths import english_path, find_posts

    settings = Settings(root=tmp_path, layout=layout)
    path = tmp_path / source
    path.parent.mkdir(parents=True)
    path.write_text("中文。\n", encoding="utf-8")
    out = english_path(settings, path, input_root=tmp_path / "site")
    assert out == tmp_path / english
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("English.\n", encoding="utf-8")
    assert [p for p, _ in find_posts(settings, [tmp_path / "site"])] == [path]  # outputs are never inputs


def test_out_mirrors_the_inputs(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run", "content", "--out", "english"]) == 0
    assert Path("english/_posts/2024-01-01-a.md").is_file()


def test_adopt_keeps_an_existing_english_post_and_locks_it(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    polished = ENGLISH.read_text(encoding="utf-8").replace("Caicloud", "Caicloud, where I used to work,")
    ENGLISH.write_text(polished, encoding="utf-8")
    Path("translate.lock").unlink()
    before = len(fake.requests)
    assert cli(["run"]) == 0  # written by this tool (its source field points here): re-made from the cache
    assert len(fake.requests) == before
    ENGLISH.write_text(polished.replace("source: _posts/2024-01-01-a.md\n", ""), encoding="utf-8")
    Path("translate.lock").unlink()
    assert cli(["run"]) == 1  # a hand-made English post not in the lock is never overwritten silently
    assert cli(["run", "--adopt"]) == 0
    assert "Caicloud, where I used to work," in ENGLISH.read_text(encoding="utf-8")
    assert len(fake.requests) == before and cli(["check", "--strict"]) == 0


@pytest.mark.parametrize("setting", ['prices = { "m" = [0.15] }', "concurrency = true", 'timeout = "soon"'])
def test_malformed_settings_are_configuration_errors(blog: Path, capsys: pytest.CaptureFixture[str], setting: str) -> None:
    Path("pyproject.toml").write_text(f"[tool.translate]\n{setting}\n", encoding="utf-8")
    assert cli(["check"]) == 2
    assert "invalid setting" in capsys.readouterr().err


def test_a_subset_run_does_not_mark_the_glossary_change_done_for_other_posts(blog: Path, fake: FakeLLM) -> None:
    Path("content/_posts/2024-01-02-b.md").write_text("我在才云。\n", encoding="utf-8")
    assert cli(["run"]) == 0
    Path("glossary.yaml").write_text(GLOSSARY.replace("rendering: Caicloud", "rendering: Caicloud Inc."), encoding="utf-8")
    assert cli(["run", str(SOURCE)]) == 0
    assert cli(["check", "--strict"]) == 1  # b.md still uses the old rendering
    assert cli(["run"]) == 0
    assert "Caicloud Inc." in Path("content/en/_posts/2024-01-02-b.md").read_text(encoding="utf-8")
    assert cli(["check", "--strict"]) == 0


def test_a_repeat_of_an_already_answered_segment_is_translated(blog: Path, fake: FakeLLM) -> None:
    # The repeat arrives after the request holding the first copy has been answered and collected.
    Path("pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nbatch_tokens = 60\n', encoding="utf-8")
    for n in range(30):
        Path(f"content/_posts/2024-02-{n + 1:02d}-f.md").write_text(f"填充的第{n}段，内容要长一些才能占满一个批次。\n", encoding="utf-8")
    Path("content/_posts/2024-03-01-z.md").write_text("最后一段。\n", encoding="utf-8")
    assert cli(["run", "--no-cache", "--concurrency", "1"]) == 0
    assert Path("content/en/_posts/2024-03-01-z.md").is_file()
    assert cli(["check", "--strict"]) == 0


def test_single_post_runs_write_the_same_source_pointer(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    first = ENGLISH.read_bytes()
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    assert cli(["run", str(SOURCE)]) == 0
    assert ENGLISH.read_bytes() == first


def test_a_broken_translation_is_dropped_from_the_cache(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    SOURCE.write_text("# 井号\n\n正文。\n", encoding="utf-8")

    def hash_only(body: dict) -> str:  # the heading comes back as "#": an empty heading
        segments = json.loads(body["messages"][-1]["content"])["segments"]
        return json.dumps({"segments": [{"id": s["id"], "text": "#" if s["text"] == "井号" else "Text."} for s in segments]})

    fake.default = hash_only
    assert cli(["run"]) == 1
    assert "block structure" in capsys.readouterr().err
    assert cli(["run", "--offline"]) == 1  # not served from the cache
    assert not ENGLISH.exists()


def test_a_project_inside_a_folder_named_en_is_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeLLM) -> None:
    root = tmp_path / "en" / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.translate]\n", encoding="utf-8")
    (root / "content" / "_posts" / "2024-01-01-a.md").write_text("中文。\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli(["run"]) == 0
    assert (root / "content" / "en" / "_posts" / "2024-01-01-a.md").is_file()


def test_the_lock_follows_posts_written_before_a_run_stops_on_an_error(blog: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli(["run"]) == 0
    inserted = POST.replace("第一段：", "新插入的一段。\n\n第一段：")
    SOURCE.write_text(inserted, encoding="utf-8")
    assert cli(["run", "--dry-run"]) == 0
    assert cli(["run"]) == 0  # the inserted paragraph is now cached
    SOURCE.write_text(POST, encoding="utf-8")
    assert cli(["run"]) == 0
    SOURCE.write_text(inserted, encoding="utf-8")  # A: needs only the cache
    Path("content/_posts/2024-01-02-b.md").write_text("需要模型的新文章。\n", encoding="utf-8")  # B: needs the model
    monkeypatch.delenv("OPENAI_BASE_URL")
    Path("content/_posts/2024-01-03-c.md").write_text("最后一段。\n", encoding="utf-8")  # C: cached, after B
    assert cli(["run"]) == 2  # no key: a configuration error, after A and C were written
    assert "新插入" not in ENGLISH.read_text(encoding="utf-8")
    assert Path("content/en/_posts/2024-01-03-c.md").is_file()
    assert not Path("content/en/_posts/2024-01-02-b.md").exists()
    assert cli(["check", str(SOURCE)]) == 0  # the lock knows A's new English post


def test_a_rebuild_from_the_cache_does_not_load_jieba(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0  # 才云 is a Chinese glossary term: jieba decides its word boundaries
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    code = (
        "import sys; from translate.cli import run; rc = run(['run', '--offline']); assert rc == 0, rc; "
        "bad = [m for m in ('openai', 'jieba') if m in sys.modules]; assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Caicloud" in ENGLISH.read_text(encoding="utf-8")


@pytest.mark.parametrize(("behaviour", "message"), [("401", "rejected the API key (401)"), ("404", "has no model 'gpt-4o-mini' (404)")])
def test_an_endpoint_no_request_can_succeed_on_stops_the_run_once(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str],
                                                                  behaviour: str, message: str) -> None:
    for n in range(6):
        Path(f"content/_posts/2024-02-{n + 1:02d}-p.md").write_text(f"第{n}篇。\n\n第{n}篇的第二段。\n", encoding="utf-8")
    fake.default = behaviour
    assert cli(["run"]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0], err
    assert len(fake.requests) <= 4  # the requests already started (concurrency 4), no more
    assert not Path("content/en/_posts").exists()
    assert cli(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert not any("failed last time" in row["state"] for row in status)  # the posts did nothing wrong


def test_an_unreachable_endpoint_is_one_line_and_credentials_in_the_url_are_never_shown(blog: Path, monkeypatch: pytest.MonkeyPatch,
                                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://user:s3cr3t-pass@127.0.0.1:{port}/v1")
    monkeypatch.setenv("TRANSLATE_MAX_TRIES", "1")
    assert cli(["run"]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "cannot reach http://***@127.0.0.1:" in errors[0], err
    assert "s3cr3t" not in err
    cache_dir = Path(os.environ["TRANSLATE_CACHE_DIR"])
    assert all("s3cr3t" not in p.read_text(encoding="utf-8", errors="replace") for p in cache_dir.rglob("*") if p.is_file())
