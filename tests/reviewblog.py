"""A small blog with something to review: a parked segment, a proposed glossary entry, a stale post.

Used by the review tests, the browser test and ``docs/screenshots.py``. The blog is translated
through the fake server, which always leaves Chinese in the paragraph holding ``FAILING``, so its
post fails; that segment is then parked with the reply that was rejected, as a run parks it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fakellm import FakeLLM

from translate.config import Settings, load_settings
from translate.glossary.model import load_glossary
from translate.model.qa import reply_problems
from translate.run.pipeline import RunOptions, plan_posts, run
from translate.store.journal import load_lock
from translate.store.parked import Parked, ParkedStore, parked_record

FAILING = "这一段总是被模型拒绝"
"""The fake server leaves Chinese in every reply for the segment containing this text."""
PARKED_POST = "content/_posts/2024-03-01-a-year.md"
OTHER_POST = "content/_posts/2024-03-02-school.md"
POSTS = {
    "2024-03-01-a-year.md": (
        "---\ntitle: 在才云的一年\n---\n\n"
        "我在[才云](https://caicloud.io)工作了一年，主要写 `envd` 的代码。\n\n"
        "## 学到了什么\n\n"
        "- 写测试\n- 读 `kubectl` 的源码\n\n"
        f"{FAILING}：它会留下中文，见[文档](https://example.com/docs)。\n\n"
        "```go\nfmt.Println(\"你好\")\n```\n"
    ),
    "2024-03-02-school.md": "---\ntitle: 回到学校\n---\n\n我在交大读书的时候，第一次用 `git`。\n\n交大的图书馆很大。\n",
}
GLOSSARY = (
    "# The blog's glossary.\n"
    "version: 1\n"
    "entries:\n"
    "  - term: 才云\n    rendering: Caicloud\n    status: approved\n"
    "  - term: envd\n    keep: true\n    status: approved\n"
    "  - term: 交大  # proper noun, 2x in 1 posts\n    status: proposed\n"
)


def make_blog(root: Path) -> Path:
    """Write the blog's posts, configuration and glossary under ``root``."""
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nmax_tries = 1\n', encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for name, text in POSTS.items():
        (root / "content" / "_posts" / name).write_text(text, encoding="utf-8")
    return root


def failing_reply(fake: FakeLLM) -> Any:
    """A FakeLLM behaviour: the usual translation, but Chinese left in the segment holding ``FAILING``."""
    def reply(body: dict[str, Any]) -> str:
        user = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
        sources = {s["id"]: s["text"] for s in json.loads(user)["segments"]}
        answer = fake.translate(body)
        for segment in answer["segments"]:
            if FAILING in sources.get(segment["id"], ""):
                segment["text"] += " 中文"
        return json.dumps(answer, ensure_ascii=False)

    return reply


def translate_and_park(root: Path, fake: FakeLLM) -> list[Parked]:
    """Translate the blog through ``fake`` (the failing segment fails its post), then park what failed."""
    settings = load_settings(cwd=root)
    fake.default = failing_reply(fake)
    try:
        report = run(settings, [settings.path(p) for p in settings.content], RunOptions())
    finally:
        fake.default = "ok"
    assert [p.key for p in report.failed] == [PARKED_POST], report
    return park_unanswered(settings)


def park_unanswered(settings: Settings) -> list[Parked]:
    """Park every segment that still needs a translation, with the reply the fake server keeps giving it."""
    from fakellm import pseudo_translate

    from translate.store.cache import TranslationCache

    lock = load_lock(settings.path(settings.lock_file), root=settings.root)
    glossary = load_glossary(settings.path(settings.glossary))
    cache = TranslationCache(settings.path(settings.cache_dir))
    records = []
    try:
        for plan in plan_posts(settings, [settings.path(p) for p in settings.content], lock, glossary, RunOptions()):
            found = cache.get_many([job.key for job in plan.jobs])
            for job in plan.jobs:
                if job.key in found:
                    continue
                reply = pseudo_translate(job.segment.text, [(e.term, e.rendering) for e in job.entries]) + " 中文"
                records.append(parked_record(job.key, plan.key, job.segment.id, job.segment.line, job.segment.kind, job.segment.text,
                                             [(p.token, p.original) for p in job.segment.placeholders], reply,
                                             reply_problems(job.segment, reply, job.entries)))
    finally:
        cache.close()
    store = ParkedStore(settings.path(settings.cache_dir))
    try:
        store.park(records)
    finally:
        store.close()
    return records
