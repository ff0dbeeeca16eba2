"""`translate check`: pending translations are reported, what a person must fix fails, `--json` says both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakellm import FakeLLM

from translate.cli import run as cli

POST = "---\ntitle: 标题\n---\n\n第一段，我在才云工作。\n\n第二段：一些话。\n\n```sh\necho 代码\n```\n"
GLOSSARY = "version: 1\nentries:\n  - term: 才云\n    rendering: Caicloud\n    status: approved\n"
SOURCE = Path("content/_posts/2024-01-01-a.md")
ENGLISH = Path("content/en/_posts/2024-01-01-a.md")


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll project with one post, as the current directory."""
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\n', encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / SOURCE).write_text(POST, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    """``translate check --json ARGS``: its exit status and the report on stdout (which holds nothing else)."""
    capsys.readouterr()
    status = cli(["check", "--json", *args])
    return status, json.loads(capsys.readouterr().out)


def test_a_changed_chinese_post_is_pending_which_a_gate_allows(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    SOURCE.write_text(POST.replace("一些话", "另一些话"), encoding="utf-8")
    Path("content/_posts/2024-02-02-new.md").write_text("新文章。\n", encoding="utf-8")
    capsys.readouterr()
    assert cli(["check", "--allow-pending"]) == 0
    out, err = capsys.readouterr()
    assert out == "2 pending (1 stale, 1 missing): the next 'translate run' makes them (allowed); 0 current.\n"
    assert "stale: content/_posts/2024-01-01-a.md: the source changed since it was translated; run 'translate run'\n" in err
    assert "missing: content/_posts/2024-02-02-new.md: never translated (not in the lock); run 'translate run'\n" in err
    assert cli(["check"]) == 1  # without the flag: the English edition is not current
    assert cli(["check", "--strict"]) == 1
    assert cli(["run"]) == 0 and cli(["check"]) == 0 and cli(["check", "--strict"]) == 0


def test_json_report_has_counts_and_each_post_with_its_reason(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    status, report = check_json(capsys)
    assert status == 0
    assert report == {
        "exit_status": 0, "strict": False, "allow_pending": False,
        "counts": {"current": 1, "pending": 0, "to_fix": 0, "orphaned": 0, "edited": 0, "stale": 0, "missing": 0, "dropped": 0, "warning": 0},
        "posts": {"orphaned": [], "edited": [], "stale": [], "missing": [], "dropped": [], "warning": []},
    }
    SOURCE.write_text(POST + "\n追加。\n", encoding="utf-8")
    Path("content/en/_posts/2023-01-01-gone.md").write_text("Gone.\n", encoding="utf-8")
    status, report = check_json(capsys)
    assert status == 1 and report["exit_status"] == 1
    assert report["counts"] == {"current": 0, "pending": 1, "to_fix": 1, "orphaned": 1, "edited": 0, "stale": 1, "missing": 0,
                                "dropped": 0, "warning": 0}
    posts = report["posts"]
    assert isinstance(posts, dict)
    assert posts["stale"] == [{"post": "content/_posts/2024-01-01-a.md", "english": "content/en/_posts/2024-01-01-a.md",
                               "reason": "the source changed since it was translated; run 'translate run'"}]
    assert posts["orphaned"] == [{"post": "content/en/_posts/2023-01-01-gone.md", "english": "",
                                  "reason": "English post whose source is gone; delete it"}]
    Path("content/en/_posts/2023-01-01-gone.md").unlink()
    status, report = check_json(capsys, "--strict")
    assert status == 1 and report["exit_status"] == 1 and report["strict"] is True
    status, report = check_json(capsys)
    assert status == 1 and report["exit_status"] == 1  # pending: the English edition is not current
    status, report = check_json(capsys, "--allow-pending")
    assert status == 0 and report["exit_status"] == 0 and report["allow_pending"] is True


def test_a_deleted_post_is_pending_until_the_run_forgets_it_and_its_english_post_is_for_a_person(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    SOURCE.unlink()
    status, report = check_json(capsys)
    assert status == 1  # the English post stays: a run never deletes one
    posts = report["posts"]
    assert isinstance(posts, dict)
    assert [f["post"] for f in posts["orphaned"]] == [ENGLISH.as_posix()]
    assert posts["dropped"] == [{"post": SOURCE.as_posix(), "english": ENGLISH.as_posix(),
                                 "reason": "in the lock but the source is gone; run 'translate run' to forget it"}]
    ENGLISH.unlink()
    assert check_json(capsys, "--allow-pending")[0] == 0
    assert check_json(capsys)[0] == 1
    assert cli(["run"]) == 0
    status, report = check_json(capsys, "--strict")
    counts = report["counts"]
    assert status == 0 and isinstance(counts, dict) and counts["dropped"] == counts["pending"] == 0


def test_an_english_post_edited_outside_its_translated_text_fails_once_its_source_changes(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    ENGLISH.write_text(ENGLISH.read_text(encoding="utf-8").replace("echo 代码", "echo code"), encoding="utf-8")
    assert cli(["check", "--strict"]) == 0  # the source did not change: the run keeps the English post as it is
    SOURCE.write_text(POST.replace("一些话", "另一些话"), encoding="utf-8")
    capsys.readouterr()
    assert cli(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == "1 to fix (1 edited by hand); 0 current.\n"
    assert (f"edited: {SOURCE.as_posix()}: {ENGLISH.as_posix()} was edited by hand outside its translated text (front matter, code...), "
            "which rewriting it would lose; undo it there and make the change in the Chinese post instead") in err
    assert cli(["run"]) == 1  # what check said: the run refuses it too
    assert "was edited by hand outside its translated text" in capsys.readouterr().err
    ENGLISH.write_text(ENGLISH.read_text(encoding="utf-8").replace("echo code", "echo 代码"), encoding="utf-8")
    assert cli(["check", "--allow-pending"]) == 0  # the edit undone: pending again
    assert cli(["check"]) == 1
    # As the message says: the change made in the Chinese post instead is carried over by the next run.
    SOURCE.write_text(SOURCE.read_text(encoding="utf-8").replace("echo 代码", "echo code"), encoding="utf-8")
    assert cli(["run"]) == 0 and cli(["check"]) == 0
    assert "echo code" in ENGLISH.read_text(encoding="utf-8")


def test_a_hand_edit_inside_a_translation_stays_pending(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    english = ENGLISH.read_text(encoding="utf-8")
    line = next(line for line in english.splitlines() if "Caicloud" in line)
    ENGLISH.write_text(english.replace(line, "I worked at Caicloud, polished by hand."), encoding="utf-8")
    SOURCE.write_text(POST.replace("一些话", "另一些话"), encoding="utf-8")
    assert cli(["check", "--allow-pending"]) == 0  # the run keeps the edit and translates the changed paragraph
    assert cli(["run"]) == 0
    assert "I worked at Caicloud, polished by hand." in ENGLISH.read_text(encoding="utf-8")


def test_a_restructured_english_post_fails_like_the_run(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    ENGLISH.write_text(ENGLISH.read_text(encoding="utf-8") + "\nAn extra paragraph.\n", encoding="utf-8")
    SOURCE.write_text(POST.replace("一些话", "另一些话"), encoding="utf-8")
    status, report = check_json(capsys)
    assert status == 1
    posts = report["posts"]
    assert isinstance(posts, dict) and [f["post"] for f in posts["edited"]] == [SOURCE.as_posix()]
    assert "was restructured by hand" in posts["edited"][0]["reason"] and not posts["stale"]
    assert cli(["run"]) == 1 and "restructured by hand" in capsys.readouterr().err


def test_an_english_post_not_in_the_lock_is_for_a_person_unless_it_is_ours(blog: Path, fake: FakeLLM,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    ENGLISH.parent.mkdir(parents=True)
    ENGLISH.write_text("---\ntitle: Title\n---\n\nWritten by hand.\n", encoding="utf-8")
    status, report = check_json(capsys)
    posts = report["posts"]
    assert status == 1 and isinstance(posts, dict)
    assert "exists and is not in the lock; pass --adopt" in posts["edited"][0]["reason"]
    assert cli(["run"]) == 1 and cli(["run", "--force"]) == 0
    Path("translate.lock").unlink()  # a lost lock: the English post is ours (its source field says so) and is adopted
    assert check_json(capsys, "--allow-pending")[0] == 0
    assert cli(["run"]) == 0 and cli(["check", "--strict"]) == 0


def test_pending_needs_neither_the_sdk_nor_jieba_nor_the_parser(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    SOURCE.write_text(POST.replace("一些话", "另一些话"), encoding="utf-8")
    code = (
        "import sys; from translate.cli import run; rc = run(['check', '--allow-pending']); assert rc == 0, rc; "
        "bad = [m for m in ('openai', 'jieba', 'markdown_it') if m in sys.modules]; assert not bad, bad"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_an_english_post_outside_the_content_folder_is_an_orphan_once_its_source_is_gone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    """As ``translate init`` sets up a Jekyll blog: content is _posts, the English posts are in en/_posts."""
    root = tmp_path / "jekyll"
    (root / "_posts").mkdir(parents=True)
    (root / "translate.toml").write_text('content = ["_posts"]\nlayout = "jekyll"\ngenerator = "none"\n', encoding="utf-8")
    for name in ("2024-01-01-a.md", "2024-01-02-b.md"):
        (root / "_posts" / name).write_text("---\ntitle: 标题\n---\n\n一段话。\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli(["run"]) == 0
    own = root / "en" / "_posts" / "2024-01-03-english-only.md"  # written in English by the author: no source
    own.write_text("---\ntitle: In English only\nlang: en\n---\n\nA post.\n", encoding="utf-8")
    assert cli(["check", "--strict"]) == 0
    (root / "_posts" / "2024-01-02-b.md").unlink()
    status, report = check_json(capsys)
    posts = report["posts"]
    assert status == 1 and isinstance(posts, dict)
    assert [f["post"] for f in posts["orphaned"]] == ["en/_posts/2024-01-02-b.md"]
    assert [f["post"] for f in posts["dropped"]] == ["_posts/2024-01-02-b.md"]
    assert cli(["run"]) == 0  # the lock forgets the post; its English post stays, and is still found
    status, report = check_json(capsys)
    posts = report["posts"]
    assert status == 1 and isinstance(posts, dict)
    assert [f["post"] for f in posts["orphaned"]] == ["en/_posts/2024-01-02-b.md"] and not posts["dropped"]
    (root / "en" / "_posts" / "2024-01-02-b.md").unlink()
    assert cli(["check", "--strict"]) == 0
