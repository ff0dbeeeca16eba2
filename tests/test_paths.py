"""Project keys: the path relative to the project root, exactly as a full resolve gives it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translate.config import Settings
from translate.paths import ProjectKeys


def test_keys_match_a_full_resolve_through_symbolic_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "drafts").mkdir()
    (root / "drafts" / "b.md").write_text("草稿\n", encoding="utf-8")
    (root / "content" / "_posts" / "a.md").write_text("文章\n", encoding="utf-8")
    os.symlink(root / "drafts" / "b.md", root / "content" / "_posts" / "b.md")  # a linked post
    os.symlink(root / "content", root / "linked")  # a linked folder
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(root)
    keys = ProjectKeys(Settings(root=root))
    cases = [
        root / "content" / "_posts" / "a.md",
        root / "content" / "_posts" / "b.md",
        root / "linked" / "_posts" / "a.md",
        root / "content" / "en" / "_posts" / "a.md",  # not written yet
        Path("content/_posts/a.md"),
        root / "content" / "_posts" / ".." / "_posts" / "a.md",
        tmp_path / "elsewhere" / "c.md",
    ]
    for path in cases:
        assert keys.resolve(path) == path.resolve(), path
    assert [keys(p) for p in cases] == [
        "content/_posts/a.md", "drafts/b.md", "content/_posts/a.md", "content/en/_posts/a.md",
        "content/_posts/a.md", "content/_posts/a.md", (tmp_path / "elsewhere" / "c.md").resolve().as_posix(),
    ]
