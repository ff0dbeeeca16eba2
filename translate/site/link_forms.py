"""How a link to a blog post is written: the names ``post_url`` and ``post_link`` take, and a URL in the form of the original."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:
    from .model import Site

POST_FILE_RE = re.compile(r"\.(?:md|markdown)$", re.IGNORECASE)
"""A post's file: Markdown by its extension."""


def split_fragment(dest: str) -> tuple[str, str]:
    """(the destination before its fragment, ``#fragment`` or "")."""
    path, hash_, fragment = dest.partition("#")
    return path, hash_ + fragment


def posts_relative(path: Path, root: Path) -> str | None:
    """A post's name as ``post_url`` takes it: its path below the site root, ``_posts`` and extension dropped."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if "_posts" not in parts:
        return None
    kept = [p for p in parts if p != "_posts"]
    kept[-1] = POST_FILE_RE.sub("", kept[-1])
    return "/".join(kept)


def below_posts(path: Path) -> str | None:
    """A post's path below its ``_posts`` folder, without extension (Hexo's slug for it)."""
    parts = path.parts
    if "_posts" not in parts:
        return None
    below = list(parts[len(parts) - parts[::-1].index("_posts") :])
    below[-1] = POST_FILE_RE.sub("", below[-1])
    return "/".join(below)


def encoded_like(original: str, new: str) -> str:
    """``new`` percent-encoded if ``original`` was."""
    return quote(new, safe="/:@!$&'()*+,;=-._~") if "%" in original else new


_TEMPLATE_PREFIX_RE = re.compile(r"(?:\{\{[^{}]*\}\}[ \t]*)+")


def url_like(original: str, url_path: str, site: Site, *, own: str | None) -> str:
    """The URL of ``url_path`` (below the base URL) in the form ``original`` had: absolute, root-relative or relative.

    A link that starts with site variables (``{{ site.baseurl }}/…``) keeps them.
    """
    from .urls import expand_variables

    parts = urlsplit(original)
    base = urlsplit(site.base_url or "")
    base_path = site.base_path.rstrip("/") if site.base_path else base.path.rstrip("/")
    full_path = base_path + url_path
    # Written as the original was: percent-encoded or not, with a trailing slash or not.
    if "%" in original:
        full_path = quote(full_path, safe="/:@!$&'()*+,;=-._~%")
    elif not re.search(r"[\s()<>]", unquote(full_path)):  # a space or parenthesis would end the destination
        full_path = unquote(full_path)
    written_path = _TEMPLATE_PREFIX_RE.sub("", parts.path)
    if written_path.endswith("/") and not full_path.endswith("/") and not full_path.endswith(".html"):
        full_path += "/"
    elif written_path and not written_path.endswith("/") and full_path.endswith("/") and len(full_path) > 1:
        full_path = full_path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    template = _TEMPLATE_PREFIX_RE.match(original)
    if template:
        expanded = (expand_variables(template.group(0), site.variables) or "").rstrip("/")
        full = f"{base.scheme}://{base.netloc}{full_path}" if expanded.startswith(("http:", "https:", "//")) else full_path
        if expanded and full.startswith(expanded):
            return template.group(0) + full[len(expanded) :] + query
        return template.group(0).rstrip() + full_path[len(base_path):] + query
    if parts.scheme or original.startswith("//"):
        prefix = f"{parts.scheme}:" if parts.scheme else ""
        return f"{prefix}//{parts.netloc}{full_path}{query}"
    if original.startswith("/"):
        return full_path + query
    if own is None:
        return full_path + query
    own_path = base_path + own
    own_folder = own_path if own_path.endswith("/") else posixpath.dirname(own_path)
    relative = posixpath.relpath(full_path, own_folder or "/")
    if full_path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + query
