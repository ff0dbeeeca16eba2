"""The English edition as a site: links between posts point at English editions, headings keep their ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakellm import FakeLLM
from translate.cli import run as cli
from translate.store.lock import Lock

POSTS = {
    "2022-01-01-a.md": (
        "---\ntitle: 第一篇\n---\n\n## 持久化 statements summary\n\n正文，见[第二篇](2022-01-02-b.md)和[它的小节](2022-01-02-b.md#背景)。\n\n"
        "还有[本文小节](#持久化-statements-summary)、[外部链接](https://example.org/a.md)和[不存在](2021-01-01-gone.md)。\n\n"
        "[ref]: 2022-01-02-b.md \"第二篇\"\n\n```\n[代码](2022-01-02-b.md)\n```\n\n"
    ),
    "2022-01-02-b.md": (
        "---\ntitle: 第二篇\n---\n\n## 背景\n\n回到[第一篇]({% post_url 2022-01-01-a %})，或者看 `[代码](2022-01-01-a.md)`。\n\n"
        "## 背景\n\n第二个同名小节。\n\n## API\n\n没有翻译的标题。\n"
    ),
}


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll blog of two posts that link to each other, with a translate.toml."""
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    for name, text in POSTS.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    (root / "translate.toml").write_text('content = ["_posts"]\ngenerator = "jekyll"\nanchors = "kramdown-gfm"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def english(blog: Path, name: str) -> str:
    return (blog / "en" / "_posts" / name).read_text(encoding="utf-8")


def test_links_between_posts_lead_to_english_editions_and_everything_else_stays(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    a, b = english(blog, "2022-01-01-a.md"), english(blog, "2022-01-02-b.md")
    # Both English editions sit side by side in en/_posts: a relative link between them keeps its path.
    assert "(2022-01-02-b.md)" in a and "(2022-01-02-b.md#背景)" in a
    assert "[ref]: 2022-01-02-b.md \"" in a
    assert "{% post_url en/2022-01-01-a %}" in b
    # Every other link is byte-identical: in-page fragments, external links, posts that do not exist, code.
    for kept in ("(#持久化-statements-summary)", "(https://example.org/a.md)", "(2021-01-01-gone.md)", "[代码](2022-01-02-b.md)\n```"):
        assert kept in a
    assert "`[代码](2022-01-01-a.md)`" in b
    lock = Lock.load(blog / "translate.lock")
    assert dict(lock.posts["_posts/2022-01-01-a.md"].links) == {"_posts/2022-01-02-b.md": True}
    assert dict(lock.posts["_posts/2022-01-02-b.md"].links) == {"_posts/2022-01-01-a.md": True}
    assert cli(["check", "--strict"]) == 0


def test_translated_headings_keep_the_ids_of_the_chinese_ones(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    a, b = english(blog, "2022-01-01-a.md"), english(blog, "2022-01-02-b.md")
    assert "{#持久化-statements-summary}\n" in a
    # Duplicates are numbered as kramdown numbers them; an untranslated heading keeps its own id.
    assert b.count("{#背景}") == 1 and b.count("{#背景-1}") == 1
    assert "## API\n" in b
    requests = len(fake.requests)
    assert cli(["run"]) == 0  # a second run changes nothing and sends nothing
    assert len(fake.requests) == requests
    assert english(blog, "2022-01-01-a.md") == a


def test_a_post_is_stale_once_a_post_it_links_to_loses_or_gains_its_english_edition(blog: Path, fake: FakeLLM,
                                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "_posts/2022-01-01-a.md"]) == 0
    a = english(blog, "2022-01-01-a.md")
    assert "(../../_posts/2022-01-02-b.md)" in a  # b has no English edition yet: the link still leads to the Chinese post
    capsys.readouterr()
    assert cli(["status"]) == 0
    assert "links to posts with no English edition: _posts/2022-01-02-b.md" in capsys.readouterr().out
    requests = len(fake.requests)
    assert cli(["run"]) == 0  # b is written, and a's links are pointed at it without asking the model again for a
    assert "(2022-01-02-b.md)" in english(blog, "2022-01-01-a.md")
    assert cli(["check", "--strict"]) == 0
    (blog / "en" / "_posts" / "2022-01-02-b.md").unlink()
    capsys.readouterr()
    assert cli(["check", "--strict"]) == 1
    assert "posts it links to gained or lost their English edition: _posts/2022-01-02-b.md" in capsys.readouterr().err
    assert cli(["run", "--offline"]) == 0  # b comes back from the cache; nothing is sent
    assert len(fake.requests) == requests + 1  # the one request of the run that wrote b
    assert "(2022-01-02-b.md)" in english(blog, "2022-01-01-a.md")
    assert cli(["check", "--strict"]) == 0


def test_urls_of_the_blogs_own_posts_lead_to_their_english_pages_in_the_form_they_were_written(
        tmp_path: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # A real blog's configuration, url and baseurl swapped; its posts' URLs are built from their category.
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("url: /Blog\nbaseurl: http://gaocegege.com\npermalink: /:categories/:title\n", encoding="utf-8")
    (root / "_posts" / "2022-04-10-goodbye-tencent.md").write_text("---\ntitle: 告别腾讯\ncategory: 随笔\n---\n\n告别。\n",
                                                                  encoding="utf-8")
    links = [
        "http://gaocegege.com/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent",  # percent-encoded, as the real post has it
        "https://gaocegege.com/Blog/随笔/goodbye-tencent/",  # https, not encoded, with a trailing slash
        "/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent#告别",  # root-relative, with a fragment
        "{{ site.url }}/%E9%9A%8F%E7%AC%94/goodbye-tencent",  # through the site's own variable
        "http://gaocegege.com/Blog/%E9%9A%8F%E7%AC%94/other",  # a page that is no post: kept
        "http://example.org/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent",  # another site: kept
    ]
    body = "".join(f"见[第 {n} 个]({link})。\n\n" for n, link in enumerate(links))
    (root / "_posts" / "2022-12-31-newyear.md").write_text(f"---\ntitle: 年终总结\ncategory: 随笔\n---\n\n{body}", encoding="utf-8")
    monkeypatch.chdir(root)
    (root / "translate.toml").write_text("", encoding="utf-8")
    assert cli(["run"]) == 0
    english = (root / "en" / "_posts" / "2022-12-31-newyear.md").read_text(encoding="utf-8")
    for expected in ["(http://gaocegege.com/Blog/en/%E9%9A%8F%E7%AC%94/goodbye-tencent)",
                     "(https://gaocegege.com/Blog/en/随笔/goodbye-tencent/)",
                     "(/Blog/en/%E9%9A%8F%E7%AC%94/goodbye-tencent#告别)",
                     "({{ site.url }}/en/%E9%9A%8F%E7%AC%94/goodbye-tencent)",
                     f"({links[4]})", f"({links[5]})"]:
        assert expected in english, english
    assert cli(["check", "--strict"]) == 0
    capsys.readouterr()
    assert cli(["status"]) == 0  # what was guessed is said, with the setting that corrects it
    assert "Note: _config.yml: url and baseurl look swapped" in capsys.readouterr().err


def test_status_says_when_english_posts_would_get_the_chinese_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("url: https://example.org\npermalink: /:year/:title/\n", encoding="utf-8")
    (root / "_posts" / "2024-01-01-a.md").write_text("---\ntitle: 标题\n---\n\n正文。\n", encoding="utf-8")
    (root / "translate.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(root)
    assert cli(["status"]) == 0
    err = capsys.readouterr().err
    assert "would get the same URLs as the Chinese ones" in err and "permalink: /en/:year/:title/" in err
