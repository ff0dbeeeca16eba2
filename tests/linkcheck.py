"""Check the links of a built static site: every internal ``<a href>`` leads to a page, and its fragment to an id there.

A built site is a folder of files served under a base path (``/`` or ``/blog/``) and, for absolute links,
a site URL (``https://example.org/blog/``). A link is internal when it is relative, root-relative, or
absolute under the site URL; other links (other hosts, ``mailto:``, ``javascript:`` …) are not checked.
A link to a folder leads to its ``index.html``; a link without an extension may also lead to ``NAME.html``
or ``NAME/index.html``, as the usual hosts serve them. A fragment is percent-decoded and must be the
``id`` of an element (or the ``name`` of an ``<a>``) in the target page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ORIGIN = "https://site.invalid"
"""The origin pages are placed at to resolve their links when the site has no URL of its own."""


@dataclass(frozen=True, slots=True)
class Link:
    """One ``<a href>`` of a page."""

    href: str
    """The attribute as written (entities decoded)."""
    line: int
    """Its line in the page, from 1."""


@dataclass(slots=True)
class PageScan:
    """What the checker needs from one built page."""

    links: list[Link] = field(default_factory=list)
    """The ``<a href>`` inside the scope (the whole page when no scope is given)."""
    ids: set[str] = field(default_factory=set)
    """Every ``id`` in the whole page, and the ``name`` of every ``<a>``."""
    base: str | None = None
    """The ``<base href>``, if the page has one."""


class _PageParser(HTMLParser):
    """Collects a page's ids, its ``<base href>`` and the links inside ``scope``."""

    def __init__(self, scope: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.scope = scope
        self.depth = 0 if scope else 1
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.scan.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.scan.ids.add(values["name"])
        if tag == "base" and "href" in values and self.scan.base is None:
            self.scan.base = values["href"]
        if self.scope and tag == self.scope:
            self.depth += 1
        if tag == "a" and "href" in values and self.depth > 0:
            self.scan.links.append(Link(values["href"], self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.scope and tag == self.scope:
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if self.scope and tag == self.scope and self.depth > 0:
            self.depth -= 1


def scan_page(path: Path, *, scope: str | None = None) -> PageScan:
    """The links (inside the ``scope`` element, e.g. ``"article"``), ids and base of the HTML page at ``path``."""
    parser = _PageParser(scope)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.scan


@dataclass(frozen=True, slots=True)
class Under:
    """A target rule: the target file lies under a folder of the built site (``Under("en/")``)."""

    prefix: str
    """The folder, relative to the built site, with a final slash."""

    def __call__(self, target: str) -> bool:
        return target.startswith(self.prefix)

    def __str__(self) -> str:
        return f"not under {self.prefix}"


def html_pages(public: Path, under: str = "") -> list[Path]:
    """The ``.html`` files of the built site ``public`` (only those under the folder ``under``), sorted."""
    return sorted((public / under).rglob("*.html"))


def link_problems(public: Path, pages: Iterable[Path], *, base_path: str = "/", site_url: str | None = None,
                  targets: Callable[[str], bool] | None = None, scope: str | None = None) -> list[str]:
    """Every internal link of ``pages`` (files of the built site ``public``) that leads nowhere, one readable line each.

    ``base_path`` is the path the site is served under; ``site_url`` (``https://example.org/blog/``) makes
    absolute links to it internal too. ``targets``, given the target file relative to ``public``
    (``en/2023/01/02/b/index.html``), says whether a link may lead there (``Under("en/")``: English pages
    link only to English pages). ``scope`` checks only the links inside that element (``"article"``).
    """
    checker = _Checker(public.resolve(), _with_slashes(base_path), site_url, targets, scope)
    problems: list[str] = []
    for page in pages:
        problems.extend(checker.page_problems(page.resolve()))
    return problems


def _with_slashes(path: str) -> str:
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


@dataclass(slots=True)
class _Checker:
    """Checks the links of pages one by one, reading each target page's ids once."""

    public: Path
    base_path: str
    site_url: str | None
    targets: Callable[[str], bool] | None
    scope: str | None
    ids: dict[Path, set[str]] = field(default_factory=dict)

    def page_problems(self, page: Path) -> list[str]:
        """The problems of every link of one page."""
        name = page.relative_to(self.public).as_posix()
        scan = scan_page(page, scope=self.scope)
        self.ids[page] = scan.ids
        page_url = ORIGIN + self.base_path + name
        if scan.base is not None:
            page_url = urljoin(page_url, scan.base)
        problems = []
        for link in scan.links:
            problem = self.link_problem(page_url, link.href)
            if problem:
                problems.append(f'{name}:{link.line}: link "{link.href}" → {problem}')
        return problems

    def link_problem(self, page_url: str, href: str) -> str | None:
        """What is wrong with one link of the page at ``page_url``; None also for a link that leaves the site."""
        if not href.strip():
            return "empty link"
        url = urlsplit(urljoin(page_url, href.strip()))
        if url.scheme not in ("http", "https"):
            return None
        if f"{url.scheme}://{url.netloc}" != ORIGIN and not self._on_site(url.scheme, url.netloc):
            return None
        try:
            path = unquote(url.path, errors="strict")
            fragment = unquote(url.fragment, errors="strict")
        except UnicodeDecodeError:
            return "a percent-encoded part that is not UTF-8"
        if not (path + "/").startswith(self.base_path):
            return f"outside the site's base path {self.base_path}"
        relative = path[len(self.base_path):]
        target = self.target_file(relative)
        if target is None:
            return f"no page {relative + 'index.html' if relative.endswith('/') or not relative else relative}"
        target_name = target.relative_to(self.public).as_posix()
        if self.targets is not None and not self.targets(target_name):
            rule = self.targets if isinstance(self.targets, Under) else \
                f"not an allowed target ({getattr(self.targets, '__name__', self.targets)})"
            return f"{target_name} is {rule}"
        if not fragment or target.suffix != ".html" or fragment == "top":
            return None
        if fragment not in self._ids(target):
            return f'no heading id "{fragment}" in {target_name}'
        return None

    def _on_site(self, scheme: str, netloc: str) -> bool:
        if self.site_url is None:
            return False
        site = urlsplit(self.site_url)
        return scheme == site.scheme and netloc.lower() == site.netloc.lower()

    def target_file(self, relative: str) -> Path | None:
        """The file that a site path (relative to the base path, decoded) is served from, or None."""
        candidate = self.public / relative
        if relative == "" or relative.endswith("/"):
            candidates = [candidate / "index.html"]
        else:
            candidates = [candidate, candidate.with_name(candidate.name + ".html"), candidate / "index.html"]
        for path in candidates:
            resolved = path.resolve()
            if resolved.is_file() and resolved.is_relative_to(self.public):
                return resolved
        return None

    def _ids(self, target: Path) -> set[str]:
        if target not in self.ids:
            self.ids[target] = scan_page(target).ids
        return self.ids[target]
