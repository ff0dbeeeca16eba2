"""Links to the blog's own pages: the site's base URL, and links reduced to a form that compares equal.

A post links to another as ``http://gaocegege.com/Blog/%E9%9A%8F%E7%AC%94/goodbye-tencent``,
``//gaocegege.com/Blog/随笔/goodbye-tencent/``, ``/Blog/随笔/goodbye-tencent.html#top`` or
``{{ site.url }}/随笔/goodbye-tencent``: all of them are the page whose key is
``/随笔/goodbye-tencent``. ``url_key`` gives that key for a URL path (``page_url``'s result),
``normalise_url`` for a link found in a post.

Hosts: ``http`` and ``https``, and a host with or without ``www.``, are taken as the same site. A
blog served under both is one blog, and a link written with the other scheme or prefix still means
its page; no blog serves different pages at ``www.host`` and ``host``. Any other subdomain, and
an explicit port that differs, is another site.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from .model import Site

_LIQUID = re.compile(r"\{\{-?\s*(site\.[A-Za-z_]+)\s*-?\}\}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def split_site_url(url: str) -> tuple[str, str] | None:
    """``(base URL without a trailing slash, its path)`` for an http(s) URL with a host, else None."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or any(c.isspace() for c in url.strip()):
        return None
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc}{path}", path


def url_key(path: str) -> str:
    """The comparable form of a URL path: percent-decoded, dot segments resolved, no ``index.html``, ``.html`` or trailing slash."""
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError:
        pass  # an escape that is not UTF-8: compared as written
    path = posixpath.normpath("/" + path.lstrip("/")) if path else "/"
    path = "/" + path.lstrip("/")  # normpath keeps a leading "//"
    for ending in ("/index.html", "/index.htm"):
        if path.endswith(ending):
            path = path[: -len(ending)] or "/"
    for suffix in (".html", ".htm"):
        if path.endswith(suffix) and len(path) > len(suffix) + 1:
            path = path[: -len(suffix)]
    return path.rstrip("/") or "/"


def normalise_url(site: Site, href: str, *, page: str | None = None) -> str | None:
    """The ``url_key`` of the page ``href`` (a link in a post) points at on this site; None when it leads elsewhere.

    ``page`` is the URL path (below the base URL) of the page holding the link; relative links
    (``../x/``) are resolved against it, and without it they give None. Query and fragment are
    left off: the caller keeps them from ``href``.
    """
    expanded = expand_variables(href.strip(), site.variables)
    if not expanded or expanded.startswith(("#", "?")):
        return None
    try:
        parts = urlsplit(expanded)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme and scheme not in _DEFAULT_PORTS:
        return None
    if parts.netloc:
        if site.base_url is None or not _same_host(site.base_url, parts.hostname or "", port):
            return None
        path = parts.path or "/"
    elif scheme:
        return None  # "http:foo": no host
    elif parts.path.startswith("/"):
        path = parts.path
    elif page is None:
        return None
    else:
        path = posixpath.join(site.base_path + posixpath.dirname("/" + page.lstrip("/")), parts.path)
    return _below(site.base_path, path)


def expand_variables(href: str, variables: Mapping[str, str]) -> str | None:
    """``href`` with the site variables it uses filled in; None when it uses one the site does not give."""
    unknown = False

    def value(found: re.Match[str]) -> str:
        nonlocal unknown
        if found.group(1) not in variables:
            unknown = True
            return ""
        return variables[found.group(1)]

    expanded = _LIQUID.sub(value, href)
    return None if unknown or "{{" in expanded or "{%" in expanded else expanded


def _below(base_path: str, path: str) -> str | None:
    """The key of ``path`` below ``base_path`` (compared decoded, segment by segment); None when outside it."""
    key = url_key(path)
    base = url_key(base_path) if base_path else "/"
    if base == "/":
        return key
    if key == base:
        return "/"
    if key.startswith(base + "/"):
        return key[len(base) :]
    return None


def _same_host(base_url: str, host: str, port: int | None) -> bool:
    """Whether ``host`` (and ``port``) name the host of ``base_url``, ``www.`` and the scheme aside."""
    base = urlsplit(base_url)
    base_host = (base.hostname or "").lower()
    if _bare(base_host) != _bare(host.lower().rstrip(".")):
        return False
    return _explicit(base.port) == _explicit(port)


def _explicit(port: int | None) -> int | None:
    """A port that names another server: not none, and not the default of http or https."""
    return None if port in (None, *_DEFAULT_PORTS.values()) else port


def _bare(host: str) -> str:
    return host.removeprefix("www.")
