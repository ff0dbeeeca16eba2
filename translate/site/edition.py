"""The English edition as a working site: links between the blog's posts and heading ids, made by the writer.

After the translations are spliced in, the writer (never the model) edits the English post:

- every heading whose text was translated gets an explicit id equal to the one the generator
  derives from the Chinese heading, so that fragment links into the post (``#持久化``, from this
  post or from another) keep working;
- every link to another post of the blog — a relative path to its file, Jekyll's ``post_url`` and
  ``link`` tags, an absolute or root-relative URL of its page — is pointed at that post's English
  edition when it has one, and left as it is otherwise. Every other link stays byte-identical.

What each post linked to, and whether to an English edition, is recorded in the lock, so ``check``
calls a post stale once a post it links to gains or loses its English edition.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..errors import TranslateError
from .edits import Edit
from .link_forms import POST_FILE_RE, below_posts, encoded_like, posts_relative, split_fragment, url_like
from .links import Link, find_links
from .slugs import HeadingIds, explicit_id

if TYPE_CHECKING:
    from ..config import Settings
    from ..run.plan import PostPlan
    from ..store.lock import Lock
    from .model import Site


@dataclass(frozen=True, slots=True)
class BlogPost:
    """One Chinese post of the blog and where its English edition goes."""

    key: str
    """Its lock key (path relative to the project root, forward slashes)."""
    source: Path
    """The Chinese post, absolute."""
    english: Path
    """Where its English edition is (or would be) written, absolute."""


ATTRIBUTE_IDS: dict[str, re.Pattern[str] | None] = {
    "kramdown": re.compile(r"[^\W\d][\w:-]*"),  # kramdown 2.4 reads {#id} when the id starts with a letter or _
    "kramdown-gfm": re.compile(r"[^\W\d][\w:-]*"),
    "github": re.compile(r"[^\s{}]+"),  # goldmark reads any id (Hugo 0.111: {#持久化-statements}, {#section-1})
    "github-ascii": re.compile(r"[^\s{}]+"),
    "blackfriday": re.compile(r"[^\s{}]+"),
    "hexo": None,  # hexo-renderer-marked has no attribute syntax
}
"""Heading-id rule → the ids its renderer reads in ``## Title {#id}``; others get ``## <a id="id"></a>Title``."""


@dataclass(frozen=True, slots=True)
class Anchors:
    """How the English headings are given the ids of the Chinese ones."""

    rule: str
    """The generator's heading-id rule (a ``slugs.SLUG_RULES`` name)."""


class Edition:
    """The blog's posts and their English editions, for the edits one run makes to the English posts it writes."""

    def __init__(self, posts: Sequence[BlogPost], *, english_exists: Callable[[str], bool], site: Site | None = None,
                 site_root: Path | None = None, anchors: Anchors | None = None, rewrite: bool = True,
                 lang_field: str = "lang") -> None:
        self.posts = {post.source: post for post in posts}
        self._by_english = {post.english: post for post in posts}
        self.english_exists = english_exists
        self.site = site
        self.site_root = site_root
        self.anchors = anchors
        self.rewrite = rewrite
        self.lang_field = lang_field
        self._by_url: dict[str, BlogPost] | None = None
        self._by_post_name: dict[str, BlogPost] | None = None
        self._by_slug: dict[str, BlogPost] | None = None
        self._urls: dict[tuple[Path, bool], str | None] = {}
        """(page file, English edition or not) → its URL: each post's front matter is read once per run."""

    # Headings

    def heading_edits(self, plan: PostPlan, text: str, spans: Mapping[str, tuple[int, int]]) -> list[Edit]:
        """An explicit id for each English heading whose text differs from its Chinese heading."""
        if self.anchors is None or plan.post is None:
            return []
        ids = HeadingIds(self.anchors.rule)
        edits = []
        for seg in plan.segments:
            if seg.kind != "heading":
                continue
            source = plan.post.text[seg.start : seg.end]
            bare, given = explicit_id(source, self.anchors.rule)
            heading_id = ids.add(bare, explicit=given)
            start, end = spans[seg.id]
            english = text[start:end]
            if given is not None or english == source or not heading_id:
                continue  # an id of the author's own is kept with the text; an untranslated heading keeps its id
            if explicit_id(english, self.anchors.rule)[1] is not None or f'id="{heading_id}"' in english:
                continue  # kept from an English post that already has it
            attribute = ATTRIBUTE_IDS.get(self.anchors.rule)
            if attribute is not None and attribute.fullmatch(heading_id):
                edits.append(Edit(end, end, f" {{#{heading_id}}}"))
            else:
                edits.append(Edit(start, start, f'<a id="{_html_attribute(heading_id)}"></a>'))
        return edits

    # Links

    def link_edits(self, plan: PostPlan, text: str, *, math: bool = False) -> tuple[list[Edit], dict[str, bool]]:
        """Edits pointing links to other posts at their English editions, and each linked post → whether it was."""
        me = self.posts.get(plan.source)
        if me is None or not self.rewrite or plan.post is None:
            return [], {}
        # What the source links to decides the record, and whether the English text needs edits at all:
        # only then is it searched (a rebuild of a blog whose links all stay as they are parses nothing more).
        linked: dict[str, bool] = {}
        changes = False
        for link in plan.links:
            dest = plan.post.text[link.start : link.end]
            target = self._target(me, link.kind, dest)
            if target is None or target.key == me.key:
                continue
            english = self.english_exists(target.key)
            linked[target.key] = linked.get(target.key, False) or english
            new = self._destination(me, link.kind, dest, target, english=english)
            changes = changes or (new is not None and new != dest) or (link.kind in ("ref", "relref") and not english)
        if not linked or not (changes or plan.kept):
            return [], linked
        edits: list[Edit] = []
        for link in find_links(text, math=math):
            dest = text[link.start : link.end]
            target = self._target(me, link.kind, dest)
            if target is None or target.key == me.key:
                continue
            english = self.english_exists(target.key)
            if link.kind in ("ref", "relref") and not english:
                edit = self._chinese_shortcode(text, link, dest, target)
                if edit is not None:
                    edits.append(edit)
                continue
            new = self._destination(me, link.kind, dest, target, english=english)
            if new is not None and new != dest:
                edits.append(Edit(link.start, link.end, new))
        return edits, linked

    def _chinese_shortcode(self, text: str, link: Link, dest: str, target: BlogPost) -> Edit | None:
        """Hugo's ``ref`` to a post with no English edition fails the English build: put the Chinese page's URL instead."""
        start, end = text.rfind("{{", 0, link.start), text.find("}}", link.end)
        url = self._url_of(target.source)
        if start < 0 or end < 0 or url is None or self.site is None:
            return None
        base = self.site.base_url if link.kind == "ref" and self.site.base_url else self.site.base_path.rstrip("/")
        return Edit(start, end + 2, base + url + split_fragment(dest.strip())[1])

    def _target(self, me: BlogPost, kind: str, dest: str) -> BlogPost | None:
        """The blog post a link of ``kind`` to ``dest`` (in post ``me``) leads to, if any."""
        if kind == "post_url":
            return self._post_named(dest.strip())
        if kind in ("post_link", "post_path"):
            return self._post_slugged(split_fragment(dest.strip())[0])
        if kind == "link":
            return self._post_at(self._site_root() / unquote(dest.strip().lstrip("/")))
        if kind in ("ref", "relref"):
            return self._post_referred(me, split_fragment(dest.strip())[0])
        path, _ = split_fragment(dest)
        if not path:
            return None
        parts = urlsplit(path)
        if not parts.scheme and not parts.netloc and not path.startswith("/") and POST_FILE_RE.search(parts.path):
            return self._post_at(me.source.parent / unquote(parts.path))
        return self._post_at_url(me, path)

    def _post_referred(self, me: BlogPost, path: str) -> BlogPost | None:
        """The post Hugo's ``ref``/``relref`` names: a path below a content folder, relative to the page, or a unique file name."""
        if not path:
            return None
        here = self._post_at(me.source.parent / path)
        if here is not None:
            return here
        tail = "/" + path.lstrip("/")
        found = [post for post in self.posts.values() if post.source.as_posix().endswith(tail)]
        return found[0] if len(found) == 1 else None

    def _post_slugged(self, slug: str) -> BlogPost | None:
        """The post Hexo's ``{% post_link SLUG %}`` names: its path below ``_posts`` without extension."""
        if self._by_slug is None:
            self._by_slug = {}
            for post in self.posts.values():
                below = below_posts(post.source)
                if below is not None:
                    self._by_slug.setdefault(below, post)
        return self._by_slug.get(slug.strip("/"))

    def _post_at(self, path: Path) -> BlogPost | None:
        return self.posts.get(Path(posixpath.normpath(path.as_posix())))

    def _post_named(self, name: str) -> BlogPost | None:
        """The post Jekyll's ``{% post_url NAME %}`` names: its file name without extension, after any folders."""
        if self._by_post_name is None:
            self._by_post_name = {}
            for post in self.posts.values():
                relative = posts_relative(post.source, self._site_root())
                if relative is not None:
                    self._by_post_name.setdefault(relative, post)
                    self._by_post_name.setdefault(relative.rsplit("/", 1)[-1], post)
        return self._by_post_name.get(name.strip("/"))

    def _post_at_url(self, me: BlogPost, href: str) -> BlogPost | None:
        if self.site is None:
            return None
        from .urls import normalise_url

        key = normalise_url(self.site, href, page=self._url_of(me.source))
        return None if key is None else self._url_map().get(key)

    def _url_map(self) -> dict[str, BlogPost]:
        """The comparable URL (``urls.url_key``) of every post's page → the post."""
        if self._by_url is None:
            from .urls import url_key

            self._by_url = {}
            for post in self.posts.values():
                url = self._url_of(post.source)
                if url is not None:
                    self._by_url.setdefault(url_key(url), post)
        return self._by_url

    def _url_of(self, path: Path, *, english: bool = False) -> str | None:
        """The URL path (below the site's base URL) of the page built from ``path``, a Chinese post or an English edition."""
        if (path, english) not in self._urls:
            self._urls[(path, english)] = self._read_url(path, english=english)
        return self._urls[(path, english)]

    def _read_url(self, path: Path, *, english: bool) -> str | None:
        """``_url_of`` worked out: the post's front matter read and the generator's rule applied."""
        if self.site is None:
            return None
        from ..source.post import read_post
        from .generators import page_url

        try:
            relative = path.relative_to(self.site.root.absolute()).as_posix()
        except ValueError:
            return None
        source = path
        if english:  # the English post may not be written yet: its front matter is the Chinese one's, with lang set
            edition = self._by_english.get(path)
            source = edition.source if edition is not None else path
        try:
            post = read_post(source)
        except (TranslateError, OSError):  # a post that cannot be read has no URL we can know; its own run reports it
            return None
        front: dict[str, object] | None = None
        if post.front_matter is not None:
            front = dict(post.front_matter.data)
            if english:
                front[self.lang_field] = "en"
        return page_url(self.site, relative, front)

    def _destination(self, me: BlogPost, kind: str, dest: str, target: BlogPost, *, english: bool) -> str | None:
        """A link's destination in ``me``'s English edition, written the way the original (``dest``) was.

        It leads to ``target``'s English edition when ``english``, else still to the Chinese post:
        a relative link is then re-pointed from the English post's own place.
        """
        page = target.english if english else target.source
        root = self._site_root()
        if not english and kind in ("post_url", "link", "post_link", "post_path"):
            return None  # these name the post from the site's root: they still work from the English post
        if kind == "post_url":
            return posts_relative(page, root)
        if kind in ("post_link", "post_path"):
            below = below_posts(page)
            return None if below is None else below + split_fragment(dest.strip())[1]
        if kind in ("ref", "relref"):
            return None  # Hugo finds the page in the English page's own language: the same path leads to its English edition
        if kind == "link":
            try:
                return page.relative_to(root).as_posix()
            except ValueError:
                return None
        path, fragment = split_fragment(dest)
        parts = urlsplit(path)
        if not parts.scheme and not parts.netloc and not path.startswith("/") and POST_FILE_RE.search(parts.path):
            relative = posixpath.relpath(page.as_posix(), me.english.parent.as_posix())
            return encoded_like(parts.path, relative) + (f"?{parts.query}" if parts.query else "") + fragment
        relative_url = not parts.scheme and not parts.netloc and not path.startswith("/")
        if not english and not relative_url:
            return None  # an absolute or root-relative URL of the Chinese page still leads there
        url = self._url_of(page, english=english)
        if url is None or self.site is None:
            return None
        return url_like(path, url, self.site, own=self._url_of(me.english, english=True)) + fragment

    def _site_root(self) -> Path:
        return self.site_root if self.site_root is not None else Path("/")


def _html_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def blog_edition(settings: Settings, lock: Lock, run_keys: Set[str]) -> Edition:
    """The edition of the whole blog (every post in the configured content folders) for one run.

    A post has an English edition when the lock records one that is on disk, or when it is one of
    ``run_keys``, the posts this run is about to write (a link to a post that then fails to be
    written makes its post stale for ``check``, and the next run puts the link back).
    """
    from ..paths import ProjectKeys, english_path, find_posts
    from ..store.staleness import has_english

    keys = ProjectKeys(settings)
    folders = [settings.path(folder) for folder in settings.content if settings.path(folder).is_dir()]
    posts = [BlogPost(keys(source), source, english_path(settings, source, input_root=root).absolute())
             for source, root in find_posts(settings, folders)]
    site = settings.site
    anchors = None
    rule = settings.anchors if settings.anchors != "auto" else heading_rule(site)
    if rule is not None and rule != "off":
        anchors = Anchors(rule)
    return Edition(posts, english_exists=lambda key: key in run_keys or has_english(settings, lock, key),
                   site=site if settings.rewrite_links else None, site_root=site.root if site is not None else settings.root,
                   anchors=anchors, rewrite=settings.rewrite_links and (site is None or not site.link_plugin),
                   lang_field=settings.lang_field)


def heading_rule(site: Site | None) -> str | None:
    """The heading-id rule of the site's renderer as its configuration sets it (Jekyll's kramdown, Hugo's goldmark, Hexo's marked)."""
    return site.heading_ids or None if site is not None else None
