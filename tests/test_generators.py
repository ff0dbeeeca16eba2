"""Real Jekyll, Hugo and Hexo builds of small bilingual sites, and the link checker run over their HTML.

The sites are ``tests/fixtures/sites/<kind>``: three Chinese posts linking to each other and to their
headings in each generator's own way, and their English editions, which keep the Chinese heading ids
and link only to English pages. The checker's own cases run on hand-written HTML, without a generator.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from generators import GENERATORS, HEXO_RUNTIME_VARIABLE, BuildError, Generator, copy_site, hexo, hugo, jekyll  # noqa: F401
from linkcheck import Under, html_pages, link_problems


@pytest.fixture(params=sorted(GENERATORS))
def generator(request: pytest.FixtureRequest) -> Generator:
    """Each generator in turn (through its fixture, so a missing one skips)."""
    found: Generator = request.getfixturevalue(request.param)
    return found


SERVED_AT = {"jekyll": ("/", None), "hugo": ("/", "https://example.org/"), "hexo": ("/blog/", "https://example.org/")}
"""Where each test site is served: its base path, and its URL when links to it may be absolute."""

ENGLISH_PAGES = {
    "jekyll": ["en/2022/12/31/a/index.html", "en/2023/01/02/b/index.html", "en/2023/01/05/c/index.html"],
    "hugo": ["en/posts/a/index.html", "en/posts/b/index.html", "en/posts/c/index.html"],
    "hexo": ["en/2022/12/31/a/index.html", "en/2023/01/02/b/index.html", "en/2023/01/05/c/index.html"],
}
"""The English posts' pages in each built site (their URLs are findings: see fixtures/sites/README.md)."""

ENGLISH_POST = {
    "jekyll": "en/_posts/2022-12-31-a.md",
    "hugo": "content/en/posts/a.md",
    "hexo": "source/_posts/en/a.md",
}
"""The English post that the tests break."""

BROKEN_LINKS = {
    "jekyll": "[x]({% post_url en/2023-01-02-b %}#没有这一节) [y](../../../../2023/01/02/d/) [z]({% post_url 2023-01-02-b %})",
    "hugo": '[x]({{< ref "posts/b.md#没有这一节" >}}) [y](../d/) [z]({{< relref path="posts/b.md" lang="zh" >}})',
    "hexo": "Broken: {% post_link en/b#没有这一节 x %} [y](../../../../2023/01/02/d/) {% post_link b z %}",
}
"""Links to add to the English post: a missing heading, a missing page, and a Chinese page (Jekyll's
``post_url`` and Hexo's ``post_link`` without ``en/`` lead to the Chinese post; Hugo's ``ref`` needs ``lang``)."""

BROKEN_PROBLEMS = {
    "jekyll": ['en/2022/12/31/a/index.html: link "/en/2023/01/02/b/#没有这一节" → no heading id "没有这一节" in en/2023/01/02/b/index.html',
               'en/2022/12/31/a/index.html: link "../../../../2023/01/02/d/" → no page en/2023/01/02/d/index.html',
               'en/2022/12/31/a/index.html: link "/2023/01/02/b/" → 2023/01/02/b/index.html is not under en/'],
    "hugo": ['en/posts/a/index.html: link "https://example.org/en/posts/b/#没有这一节" → no heading id "没有这一节" in en/posts/b/index.html',
             'en/posts/a/index.html: link "../d/" → no page en/posts/d/index.html',
             'en/posts/a/index.html: link "/posts/b/" → posts/b/index.html is not under en/'],
    "hexo": ['en/2022/12/31/a/index.html: link "/blog/en/2023/01/02/b/#%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%80%E8%8A%82" '
             '→ no heading id "没有这一节" in en/2023/01/02/b/index.html',
             'en/2022/12/31/a/index.html: link "../../../../2023/01/02/d/" → no page en/2023/01/02/d/index.html',
             'en/2022/12/31/a/index.html: link "/blog/2023/01/02/b/" → 2023/01/02/b/index.html is not under en/'],
}
"""What the checker says about those links (line numbers left out)."""

MISSING_POST = {
    "jekyll": "{% post_url en/2023-01-09-missing %}",
    "hugo": '{{< ref "posts/missing.md" >}}',
    "hexo": "{% post_link en/missing %}",
}
"""A reference to a post that does not exist, in each generator's syntax: its build must fail."""


def problems_of(kind: str, public: Path, pages: list[Path], *, english_only: bool = False) -> list[str]:
    """The link problems of ``pages``; with ``english_only``, of their articles, whose links must lead to English pages."""
    base_path, site_url = SERVED_AT[kind]
    if english_only:
        return link_problems(public, pages, base_path=base_path, site_url=site_url, targets=Under("en/"), scope="article")
    return link_problems(public, pages, base_path=base_path, site_url=site_url)


def without_lines(problems: list[str]) -> list[str]:
    """The problems with their ``:line`` left out."""
    return [re.sub(r"^([^:]+):\d+: ", r"\1: ", problem) for problem in problems]


def add_to_post(post: Path, text: str) -> None:
    """Append a paragraph to ``post``."""
    post.write_text(post.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


# The sites, built for real.

def test_every_link_of_the_built_site_resolves(generator: Generator, tmp_path: Path) -> None:
    site = copy_site(generator.kind, tmp_path)
    public = generator.build(site)
    english = [public / name for name in ENGLISH_PAGES[generator.kind]]
    assert all(page.is_file() for page in english), sorted(p.relative_to(public).as_posix() for p in html_pages(public))
    assert problems_of(generator.kind, public, html_pages(public)) == []
    assert problems_of(generator.kind, public, html_pages(public, "en"), english_only=True) == []


def test_the_english_posts_keep_the_chinese_heading_ids(generator: Generator, tmp_path: Path) -> None:
    public = generator.build(copy_site(generator.kind, tmp_path))
    for english in ENGLISH_PAGES[generator.kind]:
        chinese_ids = heading_ids(public / english.removeprefix("en/"))
        english_html = (public / english).read_text(encoding="utf-8")
        assert chinese_ids
        assert [heading_id for heading_id in chinese_ids if f'id="{heading_id}"' not in english_html] == [], english


def heading_ids(page: Path) -> list[str]:
    """The ids of the ``<h2>`` headings of a built page."""
    return re.findall(r'<h2 id="([^"]+)"', page.read_text(encoding="utf-8"))


def test_the_checker_names_a_missing_heading_a_missing_page_and_a_chinese_page(generator: Generator, tmp_path: Path) -> None:
    site = copy_site(generator.kind, tmp_path)
    add_to_post(site / ENGLISH_POST[generator.kind], BROKEN_LINKS[generator.kind])
    public = generator.build(site)
    english = [public / name for name in ENGLISH_PAGES[generator.kind]]
    problems = problems_of(generator.kind, public, english, english_only=True)
    assert without_lines(problems) == BROKEN_PROBLEMS[generator.kind]
    assert all(re.match(r"^[^:]+:\d+: ", problem) for problem in problems)


def test_a_reference_to_a_missing_post_fails_the_build(generator: Generator, tmp_path: Path) -> None:
    site = copy_site(generator.kind, tmp_path)
    add_to_post(site / ENGLISH_POST[generator.kind], MISSING_POST[generator.kind])
    with pytest.raises(BuildError, match=f"(?s){generator.kind} failed building .*missing"):
        generator.build(site)


def test_a_jekyll_warning_fails_the_build(jekyll: Generator, tmp_path: Path) -> None:
    # A permalink without :categories gives the English posts the Chinese posts' URLs.
    site = copy_site("jekyll", tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("permalink: pretty", "permalink: /:year/:title/"), encoding="utf-8")
    with pytest.raises(BuildError, match="(?s)jekyll warned.*Conflict.*2022/a/index.html"):
        jekyll.build(site)
    assert (jekyll.build(site, allow_warnings=True) / "2022/a/index.html").is_file()


# Without the generators.

@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_a_missing_generator_is_one_line_saying_how_to_install_it(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    reason = GENERATORS[kind].missing()
    assert reason is not None and "\n" not in reason
    assert reason.startswith(f"{kind} not installed") and "apt-get install" in reason and ".ci/run" in reason


def test_hexo_without_its_runtime_folder_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HEXO_RUNTIME_VARIABLE, str(tmp_path / "nowhere"))
    reason = GENERATORS["hexo"].missing()
    assert reason is not None and "\n" not in reason
    assert reason.startswith("hexo not installed") and ".ci/run" in reason


# The checker on hand-written pages.

def write_pages(public: Path, pages: dict[str, str]) -> list[Path]:
    """Write ``pages`` (path under ``public`` → HTML body) and return their paths."""
    paths = []
    for name, body in pages.items():
        path = public / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>\n{body}\n</body></html>\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_links_of_every_form_resolve(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, {
        "blog/en/a/index.html": (
            '<h2 id="第一节">One</h2><a name="old-anchor"></a>\n'
            '<a href="../b/">relative folder</a> <a href="../b/index.html#%E7%AC%AC%E4%BA%8C%E8%8A%82">encoded fragment</a>\n'
            '<a href="/blog/en/b/#第二节">root-relative</a> <a href="https://example.org/blog/en/b/#x&amp;y">absolute, entity</a>\n'
            '<a href="#第一节">in page</a> <a href="#old-anchor">a name</a> <a href="#">top</a> <a href="?q=1#top">query</a>\n'
            '<a href="/blog/en/c">NAME.html</a> <a href="/blog/en/b">NAME/index.html</a> <a href="/blog/feed.xml#x">not HTML</a>\n'
            '<a href="https://other.example/x#y">other host</a> <a href="mailto:a@example.org">mail</a> <a href="javascript:void(0)">js</a>'),
        "blog/en/b/index.html": '<section id="第二节"></section><p id="x&y"></p>',
        "blog/en/c.html": "",
        "blog/feed.xml": "",
    })
    assert link_problems(tmp_path / "blog", pages[:1], base_path="/blog/", site_url="https://example.org/") == []


def test_each_problem_is_one_line_naming_the_page_the_link_and_what_is_wrong(tmp_path: Path) -> None:
    public = tmp_path / "public"
    pages = write_pages(public, {
        "en/a/index.html": ('<a href="../b/#第三节">fragment</a>\n<a href="../missing/">page</a>\n<a href="">empty</a>\n'
                            '<a href="/c/#x">Chinese page</a>\n<a href="/../../etc/passwd">outside</a>\n<a href="#nowhere">in page</a>'),
        "en/b/index.html": '<h2 id="第二节"></h2>',
        "c/index.html": '<h2 id="x"></h2>',
    })
    assert link_problems(public, pages[:1], targets=Under("en/")) == [
        'en/a/index.html:2: link "../b/#第三节" → no heading id "第三节" in en/b/index.html',
        'en/a/index.html:3: link "../missing/" → no page en/missing/index.html',
        'en/a/index.html:4: link "" → empty link',
        'en/a/index.html:5: link "/c/#x" → c/index.html is not under en/',
        'en/a/index.html:6: link "/../../etc/passwd" → no page etc/passwd',
        'en/a/index.html:7: link "#nowhere" → no heading id "nowhere" in en/a/index.html',
    ]


def test_a_site_under_a_base_path_sees_root_links_outside_it(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, {"a/index.html": '<a href="/a/">root</a> <a href="/blog/a/">base</a> <a href="/blog">home</a>',
                                   "index.html": ""})
    assert link_problems(tmp_path, pages[:1], base_path="/blog") == [
        'a/index.html:2: link "/a/" → outside the site\'s base path /blog/']


def test_a_scope_checks_only_the_links_inside_it_and_a_rule_can_be_any_function(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, {
        "en/a/index.html": '<nav><a href="/missing/">nav</a></nav><article><a href="/zh/b/">b</a><article></article><a href="/x/">x</a></article>',
        "zh/b/index.html": "",
    })

    def english(target: str) -> bool:
        return target.startswith("en/")

    assert link_problems(tmp_path, pages[:1], scope="article", targets=english) == [
        'en/a/index.html:2: link "/zh/b/" → zh/b/index.html is not an allowed target (english)',
        'en/a/index.html:2: link "/x/" → no page x/index.html',
    ]
