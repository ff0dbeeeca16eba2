"""`translate run` over a copy of a real blog (the corpus's zheaoli/) through the fake server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fakellm import FakeLLM
from fidelity import fidelity_problems
from translate.cli import run as cli


def test_run_on_a_real_blog_produces_faithful_english_posts(corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blog = tmp_path / "blog"
    shutil.copytree(corpus_dir / "zheaoli", blog / "posts", ignore=shutil.ignore_patterns("LICENSE"))
    (blog / "pyproject.toml").write_text('[tool.translate]\nlayout = "mirror"\nout = "english"\ncontent = ["posts"]\n', encoding="utf-8")
    monkeypatch.chdir(blog)
    sources = sorted(p for p in Path("posts").rglob("*.md"))
    assert len(sources) > 300
    with FakeLLM() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        assert cli(["run", "--concurrency", "8"]) == 0
        requests = len(fake.requests)
        assert requests < len(sources)  # batched: far fewer requests than posts
        assert cli(["run"]) == 0
        assert len(fake.requests) == requests  # the second run sends nothing
    assert cli(["check", "--strict"]) == 0
    problems = {}
    for source in sources:
        english = Path("english") / source.relative_to("posts")
        text = source.read_bytes().decode("utf-8").removeprefix("\ufeff")
        output = english.read_bytes().decode("utf-8").removeprefix("\ufeff")
        found = fidelity_problems(text, output, added_fields=("lang", "source"), term_fields=("tags", "categories", "category"))
        if found:
            problems[str(source)] = found
    assert not problems, dict(list(problems.items())[:5])
