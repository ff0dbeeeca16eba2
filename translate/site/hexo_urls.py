"""Hexo: the URL of the page built from a file under ``source/``, as Hexo 7.3 makes it.

Checked against Hexo 7.3.0 (see tests/test_site.py). A post's ``:title`` is what the
``new_post_name`` pattern reads from its path below ``_posts`` without the extension: with the
default ``:title.md`` the whole path, folders included (``sub/dir/nested``), not slugified; when
the pattern does not match (``:year-:month-:day-:title.md`` against ``sub/2021-03-05-x.md``) the
slugified path (``sub-2021-03-05-x``), and the post's date then comes from the file's creation
time, which no configuration gives. ``:category`` is the last category's slug path, else
``default_category`` as written. Nothing in ``en/_posts`` is a post: Hexo skips every path with a
folder whose name starts with ``_`` other than ``source/_posts``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import posixpath
import re
from collections.abc import Callable, Mapping
from functools import partial

from .dates import PADDED_DATE_PARTS, READINGS, time_zone, wall_clock
from .hexo import DATE_PARAMS, HexoOptions, hidden
from .model import PageURL, Site
from .url_text import encode_uri, hexo_slugize

_PARAM = re.compile(r":(\w*[^_\W])", re.ASCII)
_SEGMENTS = {"year": r"(\d{4})", "month": r"(\d{2})", "day": r"(\d{2})", "i_month": r"(\d{1,2})",
             "i_day": r"(\d{1,2})", "hash": r"([0-9a-f]{12})"}
_RENDERED = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt", ".mdtext", ".html", ".htm"})


def hexo_page_url(site: Site, path: str, front_matter: Mapping[str, object] | None) -> PageURL:
    """The URL Hexo gives the file at ``path`` (relative to the blog root)."""
    options = site.options
    assert isinstance(options, HexoOptions)
    source = options.source_dir
    path = path.lstrip("/")
    if source and not path.startswith(source + "/"):
        return PageURL(None, f"outside Hexo's source folder {source}")
    rel = path[len(source) + 1 :] if source else path
    data = dict(front_matter or {})
    for folder in ("_posts/", "_drafts/"):
        if rel.startswith(folder):
            if folder == "_drafts/" and not options.render_drafts:
                return PageURL(None, "a draft: Hexo publishes _drafts only with render_drafts")
            return _post(site, options, rel[len(folder) :], data)
    if hidden(rel):
        return PageURL(None, "Hexo skips files and folders whose names start with _ or . (only source/_posts is read)")
    if posixpath.splitext(rel)[1].lower() not in _RENDERED or any(fnmatch.fnmatchcase(rel, g) for g in options.skip_render):
        return PageURL(None, "Hexo copies this file as it is (not rendered as a page)")
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink:
        page = permalink + ("index" if permalink.endswith("/") else "")
        page += "" if posixpath.splitext(page)[1] else ".html"
    else:
        page = posixpath.splitext(rel)[0] + ".html"
    return PageURL(_link(site, options, page))


def _post(site: Site, options: HexoOptions, below: str, data: Mapping[str, object]) -> PageURL:
    """A post, ``below`` being its path under ``_posts`` (or ``_drafts``)."""
    if hidden(below):
        return PageURL(None, "Hexo skips files and folders whose names start with _ or .")
    extension = posixpath.splitext(below)[1]
    if extension.lower() not in _RENDERED:
        return PageURL(None, "not a post: Hexo renders no page from this kind of file")
    if options.post_asset_folder and extension != posixpath.splitext(options.new_post_name)[1]:
        return PageURL(None, "an asset of a post (post_asset_folder): only files named like new_post_name are posts")
    if data.get("published") is False:
        return PageURL(None, "published: false")
    info = parse_post_name(options.new_post_name, below)
    slug = info["title"]
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink:
        if options.post_asset_folder and not permalink.endswith(("/", ".html")):
            permalink += "/"
        return PageURL(_link(site, options, permalink if permalink.startswith("/") else "/" + permalink))
    rule = site.permalinks.get("post", ":year/:month/:day/:title/")
    needs_date = any(name in DATE_PARAMS for name in _PARAM.findall(rule))
    date = _date(options, data, info) if needs_date else None
    if needs_date and date is None:
        return PageURL(None, "the permalink needs the post's date, and without a date in the front matter or the file "
                             "name Hexo takes the file's creation time; add a date")
    meta: dict[str, Callable[[], str]] = {
        "title": lambda: slug,
        "name": lambda: posixpath.basename(slug),
        "post_title": lambda: hexo_slugize(str(data.get("title") or ""), transform=1),
        "category": lambda: _category(options, data),
    }
    if date is not None:
        meta.update({name: partial(show, date) for name, show in PADDED_DATE_PARTS.items()})  # as Hexo (moment) prints them
    problem = ""

    def value(found: re.Match[str]) -> str:
        nonlocal problem
        name = found.group(1)
        if name in meta:
            return meta[name]()
        if name in ("id", "hash", "timestamp"):
            problem = problem or f"the permalink has :{name}, which only the build knows"
            return ""
        if name in data:
            return _js_text(data[name])
        return options.permalink_defaults.get(name, "undefined")

    path = _PARAM.sub(value, rule)
    if problem:
        return PageURL(None, problem)
    if options.post_asset_folder and not path.endswith(("/", ".html")):
        path += "/"
    return PageURL(_link(site, options, path))


def parse_post_name(new_post_name: str, below: str) -> dict[str, str]:
    """What Hexo's ``parseFilename`` reads from a post's path below ``_posts``: ``title`` always, date parts when named."""
    rule = new_post_name[: len(new_post_name) - len(posixpath.splitext(new_post_name)[1])]
    name = below[: len(below) - len(posixpath.splitext(below)[1])]
    params = _PARAM.findall(rule)
    pieces = _PARAM.split(rule)  # literal, name, literal, name, …, literal
    pattern = "".join(re.escape(piece) if i % 2 == 0 else _SEGMENTS.get(piece, "(.+?)") for i, piece in enumerate(pieces))
    found = re.fullmatch(pattern, name)
    if not found:
        return {"title": hexo_slugize(name)}
    info = dict(zip(params, found.groups()))
    info.setdefault("title", hexo_slugize(name))
    return info


def _date(options: HexoOptions, data: Mapping[str, object], info: Mapping[str, str]) -> dt.datetime | None:
    """The post's date as Hexo prints it: front matter ``date``, else the date in the file name."""
    if data.get("date") not in (None, ""):
        return wall_clock(data["date"], READINGS["hexo"], time_zone(options.timezone) or dt.timezone.utc)
    month, day = info.get("month") or info.get("i_month"), info.get("day") or info.get("i_day")
    if info.get("year") and month and day:
        try:
            return dt.datetime(int(info["year"]), int(month), int(day))
        except ValueError:
            return None
    return None


def _category(options: HexoOptions, data: Mapping[str, object]) -> str:
    """``:category``: the slug path of the last category (its parents first), else ``default_category``."""
    written = data.get("categories") if data.get("categories") not in (None, "", []) else data.get("category")
    items = written if isinstance(written, list) else [written] if written not in (None, "") else []
    items = [item for item in items if isinstance(item, list) or item not in (None, "")]
    if not items:
        return options.default_category
    chains = [item if isinstance(item, list) else [item] for item in items] if any(isinstance(i, list) for i in items) else [items]
    chain = [_js_text(name) for name in chains[-1] if name not in (None, "")]
    return "/".join(hexo_slugize(options.category_map.get(name, name), transform=options.filename_case) for name in chain)


def _link(site: Site, options: HexoOptions, path: str) -> str:
    """``url_for(path)`` below the site's root: ``root`` prepended, encoded, pretty_urls applied, ``root`` taken off again."""
    url = encode_uri(re.sub(r"/{2,}", "/", site.base_path + "/" + path))
    if not options.trailing_index:
        url = re.sub(r"index\.html$", "", url)
    if not options.trailing_html and not url.endswith("index.html"):
        url = re.sub(r"\.html$", "", url)
    return url[len(encode_uri(site.base_path)) :] or "/"


def _js_text(value: object) -> str:
    """``String(value)`` as JavaScript writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_js_text(item) for item in value)
    return str(value)


