"""The site model: the generator and its configuration, page URLs as real builds give them, links to the blog's own pages.

Every URL below was produced by a real build of the fixture configuration under
``tests/fixtures/site_configs/`` with files holding the front matter shown; the comment above each
table names the generator and version. The tests do not run the generators.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from fidelity import CORPUS_DIR

from translate.errors import ConfigError
from translate.site.generators import locate_page, page_url, read_site, with_overrides
from translate.site.urls import normalise_url, url_key

SITES = Path(__file__).parent / "fixtures" / "site_configs"


def front(text: str | None) -> dict[str, object] | None:
    """Front matter as the post reader gives it (PyYAML's safe loader); None for a file without any."""
    return None if text is None else dict(yaml.safe_load(text) or {})


# jekyll 4.3.1, `jekyll build` of jekyll-vectors (TZ=UTC); URLs from each document's `url`.
JEKYLL = [
    ("_posts/2022-12-31-goodbye-tencent.md", "title: t\ncategory: 随笔\n", "/%E9%9A%8F%E7%AC%94/goodbye-tencent"),
    ("en/_posts/2022-12-31-goodbye-tencent.md", "title: t\ncategory: 随笔\n", "/en/%E9%9A%8F%E7%AC%94/goodbye-tencent"),
    ("en/_posts/2022-12-30-plain.md", "title: t\n", "/en/plain"),
    ("cat/_posts/2021-01-02-foo.md", "title: t\n", "/cat/foo"),
    ("cat/sub2/_posts/2021-01-03-nested.md", "title: t\n", "/cat/sub2/nested"),
    ("_posts/sub/2021-03-04-bar.md", "title: t\n", "/bar"),  # a folder below _posts is no category
    ("_posts/2021-03-05-list.md", "categories: [Foo Bar, 中文]\n", "/foo%20bar/%E4%B8%AD%E6%96%87/list"),
    ("_posts/2021-03-06-strcats.md", "categories: Alpha Beta\n", "/alpha/beta/strcats"),
    ("_posts/2021-03-07-both.md", "category: One\ncategories: [Two]\n", "/two/one/both"),
    ("_posts/2022-01-09-numcat.md", "category: 2022\n", "/2022/numcat"),
    ("_posts/2021-03-08-slugged.md", "slug: My Slug! (v2)\n", "/My-Slug!-(v2)"),
    ("_posts/2022-01-03-Upper_Case.md", "title: t\n", "/Upper_Case"),
    ("_posts/2022-01-01-你好 世界.md", "title: t\n", "/%E4%BD%A0%E5%A5%BD-%E4%B8%96%E7%95%8C"),
    ("_posts/2022-01-02-v1.2.md", "title: t\n", "/v1.2"),
    ("_posts/2022-01-10-trail...md", "title: t\n", "/trail"),
    ("_posts/2022-1-7-short.md", "title: t\n", "/short"),
    ("_posts/2022-01-08-nofm.md", None, "/nofm"),
    ("_posts/2022-01-04-fm-perma.md", "permalink: /custom/:year/:title/\n", "/custom/2022/fm-perma/"),
    ("_posts/2022-01-05-fm-perma2.md", "permalink: /fixed.html\n", "/fixed.html"),
    ("about.md", "title: a\n", "/about"),
    ("docs/guide.md", "title: g\n", "/docs/guide"),
    ("docs/index.md", "title: i\n", "/docs/"),
    ("中文页.md", "title: z\n", "/%E4%B8%AD%E6%96%87%E9%A1%B5"),
    ("pperm.md", "permalink: /p/:path/:basename/\n", "/p/pperm/"),
    ("_notes/a.md", "title: n\n", "/notes/a/"),
    ("_notes/deep/b.md", "title: n\n", "/notes/deep/b/"),
]

# jekyll 4.3.1, jekyll-placeholders built with TZ=UTC (no timezone set: the zone GitHub Pages builds in).
JEKYLL_PLACEHOLDERS = [
    ("en/_posts/2022-12-31-goodbye-tencent.md", "title: t\ncategory: 随笔\n",
     ("/2022/22/12/12/31/31/365/00/00/00/goodbye-tencent/2022-12-31-goodbye-tencent/goodbye-tencent/en/%E9%9A%8F%E7%AC%94"
     "/en/%E9%9A%8F%E7%AC%94/en/2022-12-31-goodbye-tencent/52/Sat/2022/6/December/Dec/Saturday/posts/x.html")),
    ("_posts/2022-01-03-Upper_Case.md", "title: t\n",
     ("/2022/22/01/1/03/3/003/00/00/00/upper-case/2022-01-03-upper-case/Upper_Case/2022-01-03-Upper_Case/01/Mon/2022/1"
     "/January/Jan/Monday/posts/x.html")),
    ("_posts/2022-01-01-你好 世界.md", "title: t\n",
     ("/2022/22/01/1/01/1/001/00/00/00/%E4%BD%A0%E5%A5%BD-%E4%B8%96%E7%95%8C/2022-01-01-%E4%BD%A0%E5%A5%BD-%E4%B8%96%E7%95%8C"
     "/%E4%BD%A0%E5%A5%BD-%E4%B8%96%E7%95%8C/2022-01-01-%E4%BD%A0%E5%A5%BD%20%E4%B8%96%E7%95%8C/52/Sat/2021/6/January/Jan"
     "/Saturday/posts/x.html")),
    ("_posts/2021-03-08-slugged.md", "slug: My Slug! (v2)\n",
     ("/2021/21/03/3/08/8/067/00/00/00/my-slug-v2/2021-03-08-slugged/My-Slug!-(v2)/2021-03-08-slugged/10/Mon/2021/1/March"
     "/Mar/Monday/posts/x.html")),
    ("_posts/2021-03-05-list.md", "categories: [Foo Bar, 中文]\n",
     ("/2021/21/03/3/05/5/064/00/00/00/list/2021-03-05-list/list/foo%20bar/%E4%B8%AD%E6%96%87/foo-bar/%E4%B8%AD%E6%96%87"
     "/2021-03-05-list/09/Fri/2021/5/March/Mar/Friday/posts/x.html")),
    ("_posts/2021-03-09-dated.md", "date: 2020-05-06\n",
     "/2020/20/05/5/06/6/127/00/00/00/dated/2021-03-09-dated/dated/2021-03-09-dated/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
    ("_posts/2021-03-10-naive.md", "date: 2020-05-06 23:30:00\n",
     "/2020/20/05/5/06/6/127/23/30/00/naive/2021-03-10-naive/naive/2021-03-10-naive/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
    ("_posts/2021-03-11-offset.md", "date: 2020-05-06 23:30:00 +0800\n",
     "/2020/20/05/5/06/6/127/15/30/00/offset/2021-03-11-offset/offset/2021-03-11-offset/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
    ("_posts/2021-03-12-quoted.md", 'date: "2020-05-06 23:30:00"\n',
     "/2020/20/05/5/06/6/127/23/30/00/quoted/2021-03-12-quoted/quoted/2021-03-12-quoted/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
]

# jekyll 4.3.1, jekyll-placeholders-zone (timezone: Asia/Shanghai) built with TZ=America/New_York: the
# setting wins over the machine's zone; a timestamp without offset is UTC, a quoted one is wall time.
JEKYLL_ZONE = [
    ("_posts/2021-03-10-naive.md", "date: 2020-05-06 23:30:00\n",
     "/2020/20/05/5/07/7/128/07/30/00/naive/2021-03-10-naive/naive/2021-03-10-naive/19/Thu/2020/4/May/May/Thursday/posts/x.html"),
    ("_posts/2021-03-11-offset.md", "date: 2020-05-06 23:30:00 +0800\n",
     "/2020/20/05/5/06/6/127/23/30/00/offset/2021-03-11-offset/offset/2021-03-11-offset/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
    ("_posts/2021-03-12-quoted.md", 'date: "2020-05-06 23:30:00"\n',
     "/2020/20/05/5/06/6/127/23/30/00/quoted/2021-03-12-quoted/quoted/2021-03-12-quoted/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
    ("_posts/2021-03-09-dated.md", "date: 2020-05-06\n",
     "/2020/20/05/5/06/6/127/00/00/00/dated/2021-03-09-dated/dated/2021-03-09-dated/19/Wed/2020/3/May/May/Wednesday/posts/x.html"),
]

# jekyll 4.3.1, jekyll-defaults (TZ=UTC): front matter defaults by path, glob and type; front matter beats them.
JEKYLL_DEFAULTS = [
    ("en/_posts/2022-12-31-goodbye-tencent.md", "title: t\ncategory: 随笔\n", "/en/2022/goodbye-tencent/"),
    ("_posts/2022-12-31-goodbye-tencent.md", "title: t\ncategory: 随笔\n", "/%E9%9A%8F%E7%AC%94/goodbye-tencent"),
    ("_posts/2022-01-08-nofm.md", None, "/general/nofm"),
    ("_posts/2021-03-06-strcats.md", "categories: Alpha Beta\n", "/alpha/beta/general/strcats"),
    ("_posts/2021-03-07-both.md", "category: One\ncategories: [Two]\n", "/two/one/both"),
    ("cat/_posts/2021-01-02-foo.md", "title: t\n", "/cat/general/from-default"),
    ("cat/sub2/_posts/2021-01-03-nested.md", "title: t\n", "/cat/sub2/general/from-default"),
    ("_posts/2022-01-04-fm-perma.md", "permalink: /custom/:year/:title/\n", "/custom/2022/fm-perma/"),
    ("docs/guide.md", "title: g\n", "/documentation/guide/"),
    ("docs/index.md", "title: i\n", "/documentation/index/"),
    ("about.md", "title: a\n", "/about"),
]

# jekyll 4.3.1, jekyll-gaocegege (the real blog's url, baseurl, timezone and permalink) with the seed
# post's front matter; TZ=UTC.
_SEED_FRONT = ("layout: post\ntitle: \"2022 年终总结\"\ndescription: \nheadline:\nmodified: 2022-12-31\ncategory: 随笔\n"
               "tags: [record]\nimagefeature:\nmathjax: false\nchart:\ncomments: true\nfeatured: true\n")
_TENCENT_FRONT = 'layout: post\ntitle: "在疫情封闭的上海，告别腾讯"\ncategory: 随笔\ndate: 2022-04-09 23:30:00\n'
JEKYLL_GAOCEGEGE = [
    ("_posts/2022-12-31-2022-summary.md", _SEED_FRONT, "/%E9%9A%8F%E7%AC%94/2022-summary"),
    ("en/_posts/2022-12-31-2022-summary.md", _SEED_FRONT, "/en/%E9%9A%8F%E7%AC%94/2022-summary"),
    ("_posts/2022-04-09-goodbye-tencent.md", _TENCENT_FRONT, "/%E9%9A%8F%E7%AC%94/goodbye-tencent"),
    ("en/_posts/2022-04-09-goodbye-tencent.md", _TENCENT_FRONT, "/en/%E9%9A%8F%E7%AC%94/goodbye-tencent"),
    ("_posts/2015-01-01-multi.md", "title: x\ncategories: [Engineering, Web-Development]\n", "/engineering/web-development/multi"),
    ("about.md", "layout: page\ntitle: 关于我\n", "/about"),
]

JEKYLL_TABLES: list[tuple[str, Sequence[tuple[str, str | None, str]]]] = [("jekyll-vectors", JEKYLL), ("jekyll-placeholders", JEKYLL_PLACEHOLDERS), ("jekyll-placeholders-zone", JEKYLL_ZONE),
                 ("jekyll-defaults", JEKYLL_DEFAULTS), ("jekyll-gaocegege", JEKYLL_GAOCEGEGE)]


@pytest.mark.parametrize(("fixture", "path", "front_matter", "url"),
                         [(fixture, *vector) for fixture, table in JEKYLL_TABLES for vector in table])
def test_jekyll_page_urls_match_a_real_build(fixture: str, path: str, front_matter: str | None, url: str) -> None:
    assert page_url(read_site(SITES / fixture), path, front(front_matter)) == url


# jekyll 4.3.1: jekyll-vectors with each built-in permalink style (TZ=UTC).
JEKYLL_STYLES = [
    ("pretty", "_posts/2022-12-31-goodbye-tencent.md", "/%E9%9A%8F%E7%AC%94/2022/12/31/goodbye-tencent/"),
    ("pretty", "en/_posts/2022-12-30-plain.md", "/en/2022/12/30/plain/"),
    ("pretty", "about.md", "/about/"),
    ("date", "_posts/2022-12-31-goodbye-tencent.md", "/%E9%9A%8F%E7%AC%94/2022/12/31/goodbye-tencent.html"),
    ("date", "about.md", "/about.html"),
    ("ordinal", "en/_posts/2022-12-30-plain.md", "/en/2022/364/plain.html"),
    ("ordinal", "about.md", "/about.html"),
    ("weekdate", "_posts/2022-12-31-goodbye-tencent.md", "/%E9%9A%8F%E7%AC%94/2022/W52/Sat/goodbye-tencent.html"),
    ("weekdate", "about.md", "/about"),
    ("none", "en/_posts/2022-12-30-plain.md", "/en/plain.html"),
    ("none", "about.md", "/about.html"),
    ("none", "docs/index.md", "/docs/"),
]


@pytest.mark.parametrize(("style", "path", "url"), JEKYLL_STYLES)
def test_jekyll_permalink_styles(tmp_path: Path, style: str, path: str, url: str) -> None:
    (tmp_path / "_config.yml").write_text(f"url: http://example.com\nbaseurl: /Blog\npermalink: {style}\n", encoding="utf-8")
    matter = "title: t\ncategory: 随笔\n" if "goodbye" in path else "title: t\n"
    assert page_url(read_site(tmp_path, generator="jekyll"), path, front(matter)) == url


def test_jekyll_reads_folders_that_include_names(tmp_path: Path) -> None:
    """jekyll 4.3.1 with ``include: [_pages]``: /_pages/about.html and, with a permalink, /b/."""
    (tmp_path / "_config.yml").write_text("url: http://example.com\ninclude: [_pages]\n", encoding="utf-8")
    site = read_site(tmp_path, generator="jekyll")
    assert page_url(site, "_pages/about.md", {"title": "a"}) == "/_pages/about.html"
    assert page_url(site, "_pages/b.md", {"title": "b", "permalink": "/b/"}) == "/b/"
    assert page_url(site, "_other/c.md", {"title": "c"}) is None


# Files the jekyll 4.3.1 build of jekyll-vectors wrote no page for.
JEKYLL_NO_PAGE = [
    ("_drafts/draft-one.md", "title: d\n", "draft"),
    ("_posts/2022-01-06-unpub.md", "published: false\n", "published: false"),
    ("_posts/nodate.md", "title: t\n", "YYYY-MM-DD"),
    ("plain.md", None, "no front matter"),
    ("_secret/s.md", "title: s\n", "output"),
    ("_hidden/x.md", "title: h\n", "start with _"),
    ("../outside.md", "title: o\n", "not a path inside"),
]


@pytest.mark.parametrize(("path", "front_matter", "reason"), JEKYLL_NO_PAGE)
def test_jekyll_files_without_a_page_say_why(path: str, front_matter: str | None, reason: str) -> None:
    found = locate_page(read_site(SITES / "jekyll-vectors"), path, front(front_matter))
    assert found.url is None
    assert reason in found.reason


# hugo 0.111.3, `hugo` builds of each fixture; URLs are `.RelPermalink` without the base path.
HUGO = [
    # hugo-multilingual: languages by content folder, zh the default at the root, baseURL with a path.
    ("hugo-multilingual", "content/zh/posts/first.md", "title: First Post\ndate: 2021-09-05T10:00:00+08:00\n", "/2021/09/first-post/"),
    ("hugo-multilingual", "content/en/posts/first.md", "title: First Post\ndate: 2021-09-05T10:00:00+08:00\n", "/en/2021/09/first-post/"),
    ("hugo-multilingual", "content/en/posts/Second-Post.md", "title: 第二\ndate: 2021-09-30T23:30:00+08:00\nslug: My Slug\n",
     "/en/2021/09/my-slug/"),
    ("hugo-multilingual", "content/zh/posts/bundle/index.md", "title: Bundle\ndate: 2021-01-02\n", "/2021/01/bundle/"),
    ("hugo-multilingual", "content/zh/about.md", "title: About\n", "/about/"),
    ("hugo-multilingual", "content/en/notes/Deep/关于.md", "title: 关于 我\n", "/en/notes/deep/%E5%85%B3%E4%BA%8E/"),
    ("hugo-multilingual", "content/en/notes/withurl.md", "title: u\nurl: /custom/Path/\n", "/custom/Path/"),
    ("hugo-multilingual", "content/en/notes/relurl.md", "title: u\nurl: rel/x.html\n", "/en/rel/x.html"),
    ("hugo-multilingual", "content/zh/notes/relurl.md", "title: u\nurl: rel/x.html\n", "/rel/x.html"),
    # hugo-suffix: languages by file name (a.en.md), defaultContentLanguageInSubdir, every permalink attribute.
    ("hugo-suffix", "content/posts/a.md", "title: Hello World!\ndate: 2021-10-01T01:00:00+08:00\n",
     "/zh/2021/10/october/01/5/friday/274/posts/posts/hello-world/hello-world/a/a/"),
    ("hugo-suffix", "content/posts/a.en.md", "title: Hello World EN\ndate: 2021-10-01T01:00:00+08:00\n",
     "/en/2021/10/october/01/5/friday/274/posts/posts/hello-world-en/hello-world-en/a/a/"),
    ("hugo-suffix", "content/posts/b.zh.md", "title: B\ndate: 2021-10-01 01:00:00\nslug: Sl ug\n",
     "/zh/2021/10/october/01/5/friday/274/posts/posts/b/sl-ug/b/sl-ug/"),
    ("hugo-suffix", "content/posts/bun/index.en.md", "title: Bun EN\ndate: 2021-10-01\n",
     "/en/2021/10/october/01/5/friday/274/posts/posts/bun-en/bun-en/bun/bun/"),
    ("hugo-suffix", "content/posts/nodate.md", "title: nd\n", "/zh/1/01/january/01/1/monday/1/posts/posts/nd/nd/nodate/nodate/"),
    ("hugo-suffix", "content/posts/notitle.md", "date: 2021-10-01\n",
     "/zh/2021/10/october/01/5/friday/274/posts/posts/notitle/notitle/"),
    ("hugo-suffix", "content/posts/sec/_index.md", "title: Sec\n", "/zh/posts/sec/"),
    ("hugo-suffix", "content/posts/sec/d.md", "title: D\ndate: 2021-10-01\n",
     "/zh/2021/10/october/01/5/friday/274/posts/posts/sec/d/d/d/d/"),
    ("hugo-suffix", "content/posts/sec/deeper/e.md", "title: E\ndate: 2021-10-01\n",
     "/zh/2021/10/october/01/5/friday/274/posts/posts/sec/e/e/e/e/"),
    ("hugo-suffix", "content/posts/sub/c.md", "title: C\ndate: 2021-10-01\n",
     "/zh/2021/10/october/01/5/friday/274/posts/posts/c/c/c/c/"),
    ("hugo-suffix", "content/posts/x.fr.md", "title: fr\n", "/zh/1/01/january/01/1/monday/1/posts/posts/fr/fr/x.fr/x.fr/"),
    ("hugo-suffix", "content/root.md", "title: Root\n", "/zh/top/root/"),
    # hugo-ugly: uglyURLs, contentDir src, dates from file names, :sections[1:].
    ("hugo-ugly", "src/about.md", "title: A\n", "/about.html"),
    ("hugo-ugly", "src/blog/sub/_index.md", "title: S\n", "/blog/sub.html"),
    ("hugo-ugly", "src/blog/sub/x.md", "title: X\n", "/sub/x.html"),
    ("hugo-ugly", "src/blog/y.md", "title: Y\n", "/y.html"),
    ("hugo-ugly", "src/posts/2021-10-01-dated-file.md", "title: T\n", "/posts/dated-file.html"),
    ("hugo-ugly", "src/posts/Hello_World.md", "title: T\n", "/posts/hello_world.html"),
    ("hugo-ugly", "src/posts/bundle/index.md", "title: T\n", "/posts/bundle.html"),
    ("hugo-ugly", "src/posts/slugged.md", "title: T\nslug: 'Qué Pasa? A+B & C'\n", "/posts/qu%C3%A9-pasa-a+b-c.html"),
    ("hugo-ugly", "src/posts/withurl.md", "title: T\nurl: /中文/Page\n", "/%E4%B8%AD%E6%96%87/Page/"),
    ("hugo-ugly", "src/posts/中文 标题 (1).md", "title: T\n", "/posts/%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98-1.html"),
    # hugo-lower-off: disablePathToLower keeps the case.
    ("hugo-lower-off", "src/posts/Hello_World.md", "title: T\n", "/posts/Hello_World/"),
    ("hugo-lower-off", "src/posts/slugged.md", "title: T\nslug: 'Qué Pasa? A+B & C'\n", "/posts/Qu%C3%A9-Pasa-A+B-C/"),
    ("hugo-lower-off", "src/posts/2021-10-01-dated-file.md", "title: T\n", "/posts/2021-10-01-dated-file/"),
    ("hugo-lower-off", "src/blog/sub/_index.md", "title: S\n", "/blog/sub/"),
    # hugo-configdir: config/_default/{hugo,languages}.toml, a zh-CN default in its subfolder, uglyURLs for one section.
    ("hugo-configdir", "content/zh/posts/a.md", "title: C++ & A+B 中文\ndate: 2022-03-04\n", "/zh-cn/2022/c-a-b-%E4%B8%AD%E6%96%87/"),
    ("hugo-configdir", "content/english/posts/a.md", "title: C++ & A+B\ndate: 2022-03-04\n", "/en/2022/c-a-b/"),
    ("hugo-configdir", "content/zh/notes/n.md", "title: n\n", "/zh-cn/notes/n.html"),
    ("hugo-configdir", "content/zh/notes/_index.md", "title: notes\n", "/zh-cn/notes.html"),
    ("hugo-configdir", "content/zh/_index.md", "title: home\n", "/zh-cn/"),
    ("hugo-configdir", "content/english/_index.md", "title: home\n", "/en/"),
    # hugo-one-language: no languages table, so the only language is "en" and no URL has a prefix.
    ("hugo-one-language", "content/posts/a.md", "title: A\n", "/posts/a/"),
    ("hugo-one-language", "content/en/posts/a.md", "title: A en\n", "/en/posts/a/"),
    ("hugo-one-language", "content/posts/b.en.md", "title: B en\n", "/posts/b/"),
    # hugo-shared-content: en has content/en, zh shares the root content folder.
    ("hugo-shared-content", "content/posts/a.md", "title: A\n", "/posts/a/"),
    ("hugo-shared-content", "content/en/posts/a.md", "title: A en\n", "/en/posts/a/"),
    ("hugo-shared-content", "content/posts/b.en.md", "title: B en\n", "/en/posts/b/"),
    # hugo-bundles: laid out like xuanwo.io.
    ("hugo-bundles", "content/2021/09-gg/index.md", "title: 二零二一年九月 GG\ndate: 2021-09-30\n", "/2021/09-gg/"),
    ("hugo-bundles", "content/2021/09-gg/index.en.md", "title: September 2021 GG\ndate: 2021-09-30\n", "/en/2021/09-gg/"),
    ("hugo-bundles", "content/2021/plain.md", "title: p\n", "/2021/plain/"),
]


@pytest.mark.parametrize(("fixture", "path", "front_matter", "url"), HUGO)
def test_hugo_page_urls_match_a_real_build(fixture: str, path: str, front_matter: str, url: str) -> None:
    assert page_url(read_site(SITES / fixture), path, front(front_matter)) == url


# Files the hugo 0.111.3 build of hugo-bundles made no page of.
HUGO_NO_PAGE = [
    ("content/2021/09-gg/notes.md", "title: a resource\n", "leaf bundle"),
    ("content/2021/draft.md", "title: d\ndraft: true\n", "draft"),
    ("content/2021/headless/index.md", "title: h\nheadless: true\n", "headless"),
    ("content/2021/never.md", "title: n\n_build:\n  render: never\n", "headless"),
    ("static/a.md", "title: s\n", "content folder"),
]


@pytest.mark.parametrize(("path", "front_matter", "reason"), HUGO_NO_PAGE)
def test_hugo_files_without_a_page_say_why(path: str, front_matter: str, reason: str) -> None:
    found = locate_page(read_site(SITES / "hugo-bundles"), path, front(front_matter))
    assert found.url is None
    assert reason in found.reason


def test_hugo_dates_only_the_build_knows_give_no_url(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n[frontmatter]\ndate = [":fileModTime"]\n'
                                        '[permalinks]\nposts = "/:year/:slug/"\n', encoding="utf-8")
    site = read_site(tmp_path)
    found = locate_page(site, "content/posts/a.md", {"title": "A"})
    assert found.url is None and ":filemodtime" in found.reason
    assert page_url(site, "content/notes/a.md", {"title": "A"}) == "/notes/a/"


# hexo 7.3.0 (hexo-front-matter 4.2.1, hexo-util 3.3.0), `url_for(post.path)` without the root, TZ=Asia/Shanghai.
HEXO = [
    # hexo-root: root /blog/, default permalink and new_post_name, timezone Asia/Shanghai.
    ("hexo-root", "source/_posts/hello-world.md", "title: Hello World\ndate: 2021-09-05 10:00:00\n", "/2021/09/05/hello-world/"),
    ("hexo-root", "source/_posts/sub/dir/nested.md", "title: N\ndate: 2021-09-05\ncategories: [Tech, Go Lang]\n",
     "/2021/09/05/sub/dir/nested/"),
    ("hexo-root", "source/_posts/中文 标题.md", "title: 中文\ndate: 2021-09-05 23:30:00\n",
     "/2021/09/05/%E4%B8%AD%E6%96%87%20%E6%A0%87%E9%A2%98/"),
    ("hexo-root", "source/_posts/2021-01-02-dated.md", "title: D\ndate: 2021-01-02\n", "/2021/01/02/2021-01-02-dated/"),
    ("hexo-root", "source/_posts/Upper.Case.md", "title: U\ndate: 2021-01-02\n", "/2021/01/02/Upper.Case/"),
    ("hexo-root", "source/_posts/offset.md", "title: O\ndate: 2021-09-30T23:30:00+08:00\n", "/2021/09/30/offset/"),
    ("hexo-root", "source/_posts/offset2.md", "title: O\ndate: 2021-09-30T20:30:00Z\n", "/2021/09/30/offset2/"),
    ("hexo-root", "source/_posts/fmperma.md", "title: P\ndate: 2021-01-02\npermalink: custom/path\n", "/custom/path"),
    ("hexo-root", "source/about/index.md", "title: About\n", "/about/index.html"),
    ("hexo-root", "source/en/about.md", "title: L\n", "/en/about.html"),
    ("hexo-root", "source/links.md", "title: L\n", "/links.html"),
    ("hexo-root", "source/pp.md", "title: L\npermalink: /pretty/\n", "/pretty/index.html"),
    # hexo-custom: every permalink parameter, dated new_post_name, category_map, pretty_urls off.
    ("hexo-custom", "source/_posts/2021-03-04-hello.md", "title: Hello World!\n",
     "/%E6%9C%AA%E5%88%86%E7%B1%BB/2021-3-4/hello/hello-world/hello"),
    ("hexo-custom", "source/_posts/2021-03-06-cats.md", "title: 中文 标题\ncategories: [[技术, A B], [Life]]\n",
     "/Life/2021-3-6/cats/%E4%B8%AD%E6%96%87-%E6%A0%87%E9%A2%98/cats"),
    ("hexo-custom", "source/_posts/2021-03-07-cat.md", "title: c\ncategory: 技术\n", "/tech/2021-3-7/cat/c/cat"),
    ("hexo-custom", "source/_posts/2021-03-08-fmdate.md", "title: c\ndate: 2020-02-02\n",
     "/%E6%9C%AA%E5%88%86%E7%B1%BB/2020-2-2/fmdate/c/fmdate"),
    ("hexo-custom", "source/_posts/nodate-name.md", "title: c\ndate: 2021-01-01\n",
     "/%E6%9C%AA%E5%88%86%E7%B1%BB/2021-1-1/nodate-name/c/nodate-name"),
    ("hexo-custom", "source/about/index.md", "title: About\n", "/about/"),
    ("hexo-custom", "source/links.md", "title: L\n", "/links"),
]


@pytest.mark.parametrize(("fixture", "path", "front_matter", "url"), HEXO)
def test_hexo_page_urls_match_a_real_build(fixture: str, path: str, front_matter: str, url: str) -> None:
    assert page_url(read_site(SITES / fixture), path, front(front_matter)) == url


# Files the hexo 7.3.0 build made no post or page of.
HEXO_NO_PAGE = [
    ("hexo-root", "source/en/_posts/2021-01-01-x.md", "title: L\n", "start with _"),
    ("hexo-root", "source/_hidden/x.md", "title: L\n", "start with _"),
    ("hexo-root", "source/_drafts/draft.md", "title: D\n", "draft"),
    ("hexo-root", "source/_posts/unpub.md", "title: U\ndate: 2021-01-02\npublished: false\n", "published: false"),
    # Its date was the file's creation time: the name does not match :year-:month-:day-:title.md.
    ("hexo-custom", "source/_posts/sub/2021-03-05-nested.md", "title: N\ncategories: [Tech, Go Lang]\n", "creation time"),
]


@pytest.mark.parametrize(("fixture", "path", "front_matter", "reason"), HEXO_NO_PAGE)
def test_hexo_files_without_a_page_say_why(fixture: str, path: str, front_matter: str, reason: str) -> None:
    found = locate_page(read_site(SITES / fixture), path, front(front_matter))
    assert found.url is None
    assert reason in found.reason


def test_hexo_urls_of_a_real_blog() -> None:
    """Every post and page of the Hexo corpus, at the URL hexo 7.3.0 gave it with that blog's settings (urls.tsv)."""
    from translate.source.post import read_post

    corpus = CORPUS_DIR / "zheaoli"
    if not corpus.is_dir():
        pytest.skip(f"the corpus is not at {corpus}")
    site = read_site(SITES / "hexo-zheaoli")
    assert site.generator == "hexo"
    lines = (SITES / "hexo-zheaoli" / "urls.tsv").read_text(encoding="utf-8").splitlines()
    wrong = []
    for line in lines:
        path, url = line.split("\t")
        post = read_post(corpus / path)
        found = page_url(site, path, post.front_matter.data if post.front_matter else None)
        if found != url:
            wrong.append((path, url, found))
    assert len(lines) == 328 and not wrong


def test_read_site_gives_address_languages_and_permalinks() -> None:
    jekyll = read_site(SITES / "jekyll-gaocegege")
    assert (jekyll.generator, jekyll.base_url, jekyll.base_path) == ("jekyll", "http://gaocegege.com/Blog", "/Blog")
    assert jekyll.config_file == SITES / "jekyll-gaocegege" / "_config.yml"
    assert jekyll.permalinks["posts"] == "/:categories/:title"
    assert jekyll.assumptions == (("_config.yml: url and baseurl look swapped (url: /Blog, baseurl: http://gaocegege.com); "
                                  "read the site URL as http://gaocegege.com/Blog — set site_url to correct it"),)
    hugo = read_site(SITES / "hugo-configdir")
    assert (hugo.generator, hugo.base_url, hugo.default_language) == ("hugo", "https://example.org/sub", "zh-cn")
    assert [(lang.code, lang.content_dir, lang.weight) for lang in hugo.languages] == [
        ("zh-cn", "content/zh", 1), ("en", "content/english", 2)]
    assert hugo.permalinks == {"posts": "/:year/:title/"}
    hexo = read_site(SITES / "hexo-zheaoli")
    assert (hexo.base_url, hexo.base_path, hexo.permalinks["post"]) == (
        "https://www.manjusaka.blog", "", "/posts/:year/:month/:day/:title/")


def test_hugo_one_language_site_says_english_posts_share_urls() -> None:
    site = read_site(SITES / "hugo-one-language")
    assert site.languages == () and site.default_language == "en"
    assert any("no languages table" in note and "name.en.md" in note for note in site.assumptions)


def test_messy_settings_are_read_with_what_was_assumed() -> None:
    site = read_site(SITES / "jekyll-messy")
    assert (site.generator, site.base_url, site.permalinks["posts"]) == (
        "jekyll", None, "/:categories/:year/:month/:day/:title:output_ext")
    notes = "\n".join(site.assumptions)
    for expected in ("baseurl is not text", "url 12345 is not an http(s) address", "permalink is not text",
                     "timezone Mars/Olympus is not a known time zone"):
        assert expected in notes
    assert page_url(site, "_posts/2022-12-31-x.md", {"date": "2022-12-31 23:00:00 +0800"}) == "/2022/12/31/x.html"


@pytest.mark.parametrize(("fixture", "generator", "line"), [
    ("broken-yaml", "jekyll", 5),
    ("broken-toml", "hugo", 4),
    ("broken-json", "hugo", 3),
])
def test_a_configuration_that_cannot_be_parsed_names_file_and_line(fixture: str, generator: str, line: int) -> None:
    with pytest.raises(ConfigError) as raised:
        read_site(SITES / fixture, generator=generator)
    assert raised.value.line == line
    assert str(raised.value).startswith(str(next((SITES / fixture).iterdir())) + f":{line}: ")
    assert "fix the" in str(raised.value)


@pytest.mark.parametrize(("files", "generator"), [
    ({"_config.yml": "url: https://example.com\n", "Gemfile": 'gem "jekyll"\n'}, "jekyll"),
    ({"_config.yml": "url: https://example.com\n", "_posts/2022-01-01-a.md": "a\n"}, "jekyll"),
    ({"_config.yml": "url: https://example.com\n", "package.json": '{"dependencies": {"hexo": "^7.0.0"}}'}, "hexo"),
    ({"_config.yml": "url: https://example.com\n", "source/_posts/a.md": "a\n"}, "hexo"),
    ({"hugo.toml": 'baseURL = "https://example.com/"\n'}, "hugo"),
    ({"config.toml": 'baseURL = "https://example.com/"\n', "archetypes/default.md": "a\n"}, "hugo"),
    ({"config/_default/hugo.yaml": "baseURL: https://example.com/\n"}, "hugo"),
    ({"README.md": "a\n"}, ""),
])
def test_the_generator_is_recognised_by_what_it_leaves(tmp_path: Path, files: dict[str, str], generator: str) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    site = read_site(tmp_path)
    assert site.generator == generator
    if not generator:
        assert page_url(site, "a.md", {}) is None
        assert "set generator" in site.assumptions[0]


def test_settings_beat_what_is_detected() -> None:
    detected = read_site(SITES / "jekyll-gaocegege")
    site = with_overrides(detected, site_url="https://gaocegege.com/Blog/")
    assert (site.base_url, site.base_path) == ("https://gaocegege.com/Blog", "/Blog")
    assert site.assumptions == ("site URL https://gaocegege.com/Blog set by the site_url setting",)
    assert read_site(SITES / "jekyll-gaocegege", site_url="https://gaocegege.com/Blog") == site
    as_hexo = read_site(SITES / "jekyll-gaocegege", generator="hexo")
    assert as_hexo.generator == "hexo" and as_hexo.permalinks == {"post": "/:categories/:title"}
    assert with_overrides(detected, generator="hexo") == as_hexo
    with pytest.raises(ConfigError, match="set generator to one of jekyll, hugo, hexo"):
        read_site(SITES / "jekyll-gaocegege", generator="gatsby")
    with pytest.raises(ConfigError, match="site_url"):
        with_overrides(detected, site_url="gaocegege.com/Blog")


def test_a_generator_without_a_configuration_file_uses_its_defaults(tmp_path: Path) -> None:
    site = read_site(tmp_path, generator="hexo")
    assert site.config_file is None and site.base_url is None
    assert "no hexo configuration file" in site.assumptions[0]
    assert page_url(site, "source/_posts/a.md", {"date": "2021-09-05"}) == "/2021/09/05/a/"


GAOCEGEGE_LINKS = [
    "http://gaocegege.com/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent",  # as written in the seed post
    "https://gaocegege.com/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent/",
    "http://www.gaocegege.com/Blog/随笔/goodbye-tencent.html#fn:1",
    "//gaocegege.com/Blog/%e9%9a%8f%e7%ac%94/goodbye-tencent?from=rss",
    "/Blog/随笔/goodbye-tencent/index.html",
    "{{ site.baseurl }}{{ site.url }}/随笔/goodbye-tencent",
    "{{site.url}}/随笔/goodbye-tencent",
    "HTTP://GAOCEGEGE.COM:80/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent",
]


@pytest.mark.parametrize("href", GAOCEGEGE_LINKS)
def test_links_to_a_post_all_lead_to_its_url(href: str) -> None:
    site = read_site(SITES / "jekyll-gaocegege")
    url = page_url(site, "_posts/2022-04-09-goodbye-tencent.md", front(_TENCENT_FRONT))
    assert url is not None
    assert normalise_url(site, href) == url_key(url) == "/随笔/goodbye-tencent"


@pytest.mark.parametrize("href", [
    "http://gaocegege.com/other/page",  # same host, outside the base path
    "/随笔/goodbye-tencent",  # root-relative without the base path
    "https://gaocegege.cn/Blog/x",
    "https://blog.gaocegege.com/Blog/x",
    "http://gaocegege.com:8080/Blog/x",
    "mailto:gaocegege@hotmail.com",
    "#top",
    "goodbye-tencent",  # relative, and no page to resolve it against
    "{{ site.cdn }}/Blog/x",
    "",
])
def test_links_outside_the_site_give_none(href: str) -> None:
    assert normalise_url(read_site(SITES / "jekyll-gaocegege"), href) is None


def test_relative_links_resolve_against_the_page_holding_them() -> None:
    site = read_site(SITES / "hugo-bundles")
    page = page_url(site, "content/2021/plain.md", {"title": "p"})
    assert page == "/2021/plain/"
    assert normalise_url(site, "../09-gg/", page=page) == "/2021/09-gg"
    assert normalise_url(site, "https://xuanwo.io/2021/09-gg/", page=page) == url_key("/2021/09-gg/")
    assert normalise_url(site, "/", page=page) == "/"
    assert normalise_url(site, "#top", page=page) is None


def test_url_keys_compare_the_forms_a_page_is_linked_by() -> None:
    forms = ["/a/b/", "/a/b", "/a/b.html", "/a/b/index.html", "/a//b/", "/a/./c/../b/", "/%61/b"]
    assert {url_key(form) for form in forms} == {"/a/b"}
    assert url_key("/") == url_key("/index.html") == url_key("") == "/"
    assert url_key("/%E9%9A%8F%E7%AC%94/x") == url_key("/随笔/x") == "/随笔/x"
    assert url_key("/A/b") != url_key("/a/b")  # servers tell the case apart


@pytest.mark.parametrize(("files", "rule"), [
    ({"_config.yml": "title: t\n", "_posts/2024-01-01-a.md": ""}, "kramdown-gfm"),  # Jekyll's default input is GFM
    ({"_config.yml": "kramdown:\n  input: kramdown\n", "_posts/2024-01-01-a.md": ""}, "kramdown"),
    ({"_config.yml": "markdown: CommonMarkGhPages\n", "_posts/2024-01-01-a.md": ""}, ""),  # a renderer whose ids are not modelled
    ({"hugo.toml": 'baseURL = "https://example.org/"\n'}, "github"),
    ({"hugo.toml": '[markup.goldmark.parser]\nautoHeadingIDType = "github-ascii"\n'}, "github-ascii"),
    ({"hugo.toml": "[markup.goldmark.parser]\nautoHeadingID = false\n"}, ""),
    ({"_config.yml": "url: https://example.org\nnew_post_name: :title.md\n", "source/_posts/a.md": "",
      "package.json": '{"dependencies": {"hexo": "^7.0.0"}}'}, "hexo"),
])
def test_the_heading_id_rule_is_read_from_the_renderers_configuration(tmp_path: Path, files: dict[str, str], rule: str) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert read_site(tmp_path).heading_ids == rule
