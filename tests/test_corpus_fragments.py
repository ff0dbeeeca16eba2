"""Over the corpus: every fragment link that resolved in a Chinese post resolves in its English edition.

The documents link to each other's headings (``[配置](tidb-configuration.md#持久化)``) and to their own.
Each folder is translated through the fake server with the heading-id rule of a generator; the ids of
every heading are then worked out as that generator gives them, on both sides: a link that found its
heading in the Chinese edition must find one in the English edition.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from fakellm import FakeLLM
from translate.cli import run as cli
from translate.source.post import parse_post
from translate.source.segment import segment
from translate.site.links import find_links
from translate.site.slugs import HeadingIds, explicit_id

HTML_ID_RE = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")


def heading_ids(text: str, rule: str) -> set[str]:
    """Every id a fragment can reach in a post: its headings' ids under ``rule``, and ids in its raw HTML."""
    post = parse_post(text.encode("utf-8"), path=None)
    ids = HeadingIds(rule)
    found = set(HTML_ID_RE.findall(post.text))
    for seg in segment(post, all_text=True):
        if seg.kind == "heading":
            bare, given = explicit_id(post.text[seg.start : seg.end], rule)
            found.add(ids.add(bare, explicit=given))
    return found - {""}


def fragment_links(folder: Path, rule: str) -> dict[tuple[str, str], bool]:
    """(post, destination) → whether it reaches a heading, for every fragment link between the posts under ``folder``."""
    texts = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8-sig") for p in folder.rglob("*.md")}
    ids: dict[str, set[str]] = {}
    found = {}
    for name, text in texts.items():
        for link in find_links(text):
            dest = text[link.start : link.end]
            path, hash_, fragment = dest.partition("#")
            if link.kind not in ("inline", "reference") or not hash_ or ":" in path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(path))) if path else name
            if target not in texts:
                continue
            if target not in ids:
                ids[target] = heading_ids(texts[target], rule)
            found[(name, dest)] = unquote(fragment) in ids[target]
    return found


@pytest.mark.parametrize(("folder", "rule"), [("pingcap-docs-cn", "github"), ("zheaoli", "hexo")])
def test_every_fragment_link_that_resolved_in_the_source_resolves_in_the_english_output(
        corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, rule: str) -> None:
    blog = tmp_path / "blog"
    shutil.copytree(corpus_dir / folder, blog / "posts", ignore=shutil.ignore_patterns("LICENSE"))
    (blog / "translate.toml").write_text(
        f'content = ["posts"]\nlayout = "mirror"\nout = "english"\ngenerator = "none"\nanchors = "{rule}"\n', encoding="utf-8")
    monkeypatch.chdir(blog)
    source = fragment_links(blog / "posts", rule)
    with FakeLLM() as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
        assert cli(["run", "--concurrency", "8"]) in (0, 1)  # a post the fake cannot translate stays unwritten
    english = fragment_links(blog / "english", rule)
    resolved = [key for key, ok in source.items() if ok]
    assert len(resolved) > (50 if folder == "pingcap-docs-cn" else 0)
    written = {p.relative_to(blog / "english").as_posix() for p in (blog / "english").rglob("*.md")}
    broken = [key for key in resolved if key[0] in written and not english.get(key, False)]
    assert broken == [], broken[:10]
