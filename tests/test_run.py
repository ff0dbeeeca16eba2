"""The run layer through the Translator seam, with an in-process scripted translator (no HTTP here)."""

from __future__ import annotations

from pathlib import Path

import diskcache
import pytest
from scripted import ScriptedTranslator, pseudo_english

from translate.config import load_settings
from translate.model.translator import SegmentJob
from translate.run.pipeline import RunOptions, run
from translate.store.lock import Lock

POSTS = {
    "2024-01-01-a.md": "---\ntitle: 第一篇\n---\n\n我在才云工作。\n\n共同的一段。\n",
    "2024-01-02-b.md": "---\ntitle: 第二篇\n---\n\n共同的一段。\n\n只在第二篇里。\n",
    "2024-01-03-c.md": "---\ntitle: 第三篇\n---\n\n第三篇自己的话。\n",
}
GLOSSARY = "version: 1\nentries:\n  - term: 才云\n    rendering: Caicloud\n    status: approved\n"


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nbatch_tokens = 60\n', encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for name, text in POSTS.items():
        (root / "content" / "_posts" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def english(name: str) -> Path:
    return Path("content/en/_posts") / name


def translate(translator: ScriptedTranslator, **options: bool):  # type: ignore[no-untyped-def]
    settings = load_settings()
    return run(settings, [settings.path(p) for p in settings.content], RunOptions(**options), translator=translator)


def test_every_post_is_written_and_locked_and_a_rerun_sends_nothing(blog: Path) -> None:
    translator = ScriptedTranslator(delay=2)  # results come back a few receives late, as from threads
    report = translate(translator)
    assert [p.state for p in report.posts] == ["new", "new", "new"] and not report.failed
    assert all(p.written for p in report.posts)
    text = english("2024-01-01-a.md").read_text(encoding="utf-8")
    assert "Caicloud" in text and "才云" not in text and "lang: en" in text
    assert set(Lock.load(Path("translate.lock")).posts) == {f"content/_posts/{n}" for n in POSTS}
    assert report.usage.requests > 0 and translator.closed and translator.flushed
    again = ScriptedTranslator()
    report = translate(again)
    assert again.sent == [] and [p.state for p in report.posts] == ["up to date"] * 3


def test_a_segment_shared_by_two_posts_is_sent_once_and_answers_both(blog: Path) -> None:
    translator = ScriptedTranslator()
    translate(translator)
    keys = [job.key for job in translator.sent]
    assert len(keys) == len(set(keys))
    assert [job.segment.text for job in translator.sent].count("共同的一段。") == 1
    shared = pseudo_english(next(job for job in translator.sent if job.segment.text == "共同的一段。"))
    for name in ("2024-01-01-a.md", "2024-01-02-b.md"):
        assert shared in english(name).read_text(encoding="utf-8")


def test_a_failed_job_fails_every_post_that_has_it_and_nothing_of_it_is_cached(blog: Path) -> None:
    def answer(job: SegmentJob) -> str | tuple[str, ...]:
        return ("placeholder <m1/> is missing",) if job.segment.text == "共同的一段。" else pseudo_english(job)

    translator = ScriptedTranslator(answer, delay=1)
    report = translate(translator)
    states = {p.key.rsplit("/", 1)[1]: p.state for p in report.posts}
    assert states == {"2024-01-01-a.md": "failed", "2024-01-02-b.md": "failed", "2024-01-03-c.md": "new"}
    failures = [f for p in report.failed for f in p.failures]
    assert any(f.startswith("content/_posts/2024-01-01-a.md:") and "placeholder <m1/> is missing" in f for f in failures)
    assert any("same text as" in f and "which failed" in f for f in failures)
    assert not english("2024-01-01-a.md").exists() and english("2024-01-03-c.md").exists()
    settings = load_settings()
    with diskcache.Cache(str(settings.path(settings.cache_dir))) as cache:
        for job in translator.sent:
            # Valid replies are kept even when their post failed; the failed one is not cached.
            assert cache.get(job.key) == (None if job.segment.text == "共同的一段。" else pseudo_english(job)), job.where


def test_a_cached_rebuild_needs_no_translator_at_all(blog: Path) -> None:
    translate(ScriptedTranslator())
    for name in POSTS:
        english(name).unlink()
    Path("translate.lock").unlink()
    idle = ScriptedTranslator(lambda job: pytest.fail(f"{job.where} was sent"))  # type: ignore[arg-type,return-value]
    report = translate(idle)
    assert idle.sent == [] and all(p.written and p.cached > 0 for p in report.posts)
