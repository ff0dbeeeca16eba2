"""Real Jekyll, Hugo and Hexo builds of blogs translated by ``translate run``: the English pages work as a site.

Each test site (``tests/fixtures/sites/<kind>``) is copied without its hand-written English edition;
``translate`` writes one through the fake server; the generator builds the site; and every internal
link and fragment in the English pages must lead to an English page and one of its headings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from generators import Generator, copy_site, hexo, hugo, jekyll  # noqa: F401
from linkcheck import Under, html_pages, link_problems

from fakellm import FakeLLM
from translate.cli import run as cli

ENGLISH_FOLDER = {"jekyll": "en/_posts", "hugo": "content/en", "hexo": "source/_posts/en"}
"""Where each site keeps its English posts (removed before the run, which writes them again)."""

SERVED_AT = {"jekyll": ("/", None), "hugo": ("/", "https://example.org/"), "hexo": ("/blog/", "https://example.org/")}
"""Where each test site is served: its base path, and its URL when links to it may be absolute."""


@pytest.fixture(params=["jekyll", "hugo", "hexo"])
def generator(request: pytest.FixtureRequest) -> Generator:
    """Each generator in turn (through its fixture, so a missing one skips)."""
    found: Generator = request.getfixturevalue(request.param)
    return found


def test_a_translated_blog_builds_into_an_english_site_whose_links_and_fragments_all_work(
        generator: Generator, tmp_path: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    kind = generator.kind
    site = copy_site(kind, tmp_path)
    shutil.rmtree(site / ENGLISH_FOLDER[kind])
    (site / "translate.toml").write_text("", encoding="utf-8")  # everything else comes from the generator's configuration
    monkeypatch.chdir(site)
    assert cli(["run"]) == 0
    assert cli(["check", "--strict"]) == 0
    english_posts = sorted((site / ENGLISH_FOLDER[kind]).rglob("*.md"))
    assert len(english_posts) == 3
    # Link texts are translated in every syntax, Hexo's {% post_link slug 乙文 %} titles included.
    assert not any("乙文" in post.read_text(encoding="utf-8") for post in english_posts)
    public = generator.build(site)
    base_path, site_url = SERVED_AT[kind]
    english_pages = html_pages(public, under="en/")
    assert len([p for p in english_pages if p.name == "index.html" and p.parent.name in ("a", "b", "c")]) == 3
    assert link_problems(public, english_pages, base_path=base_path, site_url=site_url, targets=Under("en/"), scope="article") == []
    assert link_problems(public, html_pages(public), base_path=base_path, site_url=site_url) == []


def test_hugo_pairs_each_english_page_with_its_chinese_page(hugo: Generator, tmp_path: Path, fake: FakeLLM,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    site = copy_site("hugo", tmp_path)
    shutil.rmtree(site / ENGLISH_FOLDER["hugo"])
    (site / "translate.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(site)
    assert cli(["run"]) == 0
    public = hugo.build(site)
    for name in ("a", "b", "c"):  # the theme lists .Translations: the same path in each language's folder pairs them
        english = (public / "en" / "posts" / name / "index.html").read_text(encoding="utf-8")
        chinese = (public / "posts" / name / "index.html").read_text(encoding="utf-8")
        assert f'<a href="/posts/{name}/" hreflang="zh">' in english
        assert f'<a href="/en/posts/{name}/" hreflang="en">' in chinese
