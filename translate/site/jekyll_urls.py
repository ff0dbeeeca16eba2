"""Jekyll: the URL of the page built from a content file, as Jekyll 4.3 makes it.

Checked against ``jekyll build`` 4.3.1 (see tests/test_site.py). The points that surprise:
folders above ``_posts`` are categories (``en/_posts/…`` puts ``en`` first in ``:categories``);
``:categories`` is lower-cased but not slugified (``随笔`` is percent-encoded, ``Foo Bar`` becomes
``foo%20bar``); ``:title`` keeps the case and ``!()`` of the file name; a page's URL has no
``.html`` when ``permalink`` is a template without ``:output_ext``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Any

from .dates import DAYS, MONTHS, PADDED_DATE_PARTS, READINGS, time_zone, wall_clock
from .jekyll import Collection, JekyllOptions, add_permalink_suffix
from .model import PageURL, Site
from .url_text import jekyll_escape, jekyll_slugify

_DATED_NAME = re.compile(r"(\d{2,4})-(\d{1,2})-(\d{1,2})-(.*)(\.[^.]+)")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_HTML = (".html", ".htm", ".xhtml")


def jekyll_page_url(site: Site, path: str, front_matter: Mapping[str, object] | None) -> PageURL:
    """The URL Jekyll gives the file at ``path`` (relative to the blog root); ``front_matter`` None: the file has none."""
    options = site.options
    assert isinstance(options, JekyllOptions)
    rel = _below(path, options.source)
    if rel is None:
        return PageURL(None, f"outside the source folder {options.source}")
    if _excluded(rel, options):
        return PageURL(None, "left out by exclude in the Jekyll configuration")
    in_collections = _below(rel, options.collections_dir)
    parts = PurePosixPath(in_collections or rel).parts
    if in_collections is not None and "_drafts" in parts and "_posts" not in parts:
        return PageURL(None, "a draft: Jekyll publishes _drafts only when built with --drafts")
    if in_collections is not None and "_posts" in parts:
        return _document(options, options.collections[0], in_collections, front_matter, parts.index("_posts"))
    for collection in options.collections[1:]:
        if in_collections is not None and parts and parts[0] == f"_{collection.label}":
            if not collection.output:
                return PageURL(None, f"collection {collection.label} is not written out (output is not true)")
            return _document(options, collection, in_collections, front_matter, 0)
    if _special(rel, options):
        return PageURL(None, "Jekyll skips files and folders whose names start with _ or .")
    if front_matter is None:
        return PageURL(None, "no front matter: Jekyll copies the file as it is instead of building a page")
    return _page(options, rel, _with_defaults(options, rel, "pages", front_matter))


def _document(options: JekyllOptions, collection: Collection, rel: str,
              front_matter: Mapping[str, object] | None, special: int) -> PageURL:
    """A post (``special`` is the index of its ``_posts`` folder) or another collection's document."""
    parts = PurePosixPath(rel).parts
    above = parts[:special]
    if any(part.startswith(("_", ".")) for part in above) or parts[-1].startswith(("_", ".", "#")) \
            or (len(parts) > special + 2 and parts[special + 1].startswith(("_", "."))):
        return PageURL(None, "Jekyll skips files and folders whose names start with _ or .")
    name = parts[-1]
    dated = _DATED_NAME.fullmatch(name)
    if collection.label == "posts" and not dated:
        return PageURL(None, "not a post: Jekyll reads only files in _posts named YYYY-MM-DD-title.ext")
    data = _with_defaults(options, rel, collection.label, front_matter or {})
    if data.get("published") is False:
        return PageURL(None, "published: false")
    stem, ext = (dated.group(4), dated.group(5)) if dated else (PurePosixPath(name).stem, PurePosixPath(name).suffix)
    slug_value = data.get("slug")
    slug = _ruby_text(slug_value) if slug_value not in (None, False) else stem.rstrip(".")
    date, problem = _date(options, data, dated)
    if problem:
        return PageURL(None, problem)
    categories = _categories(list(above) if collection.label == "posts" else [], data)
    basename = PurePosixPath(name).stem if "." in name else name
    cleaned = rel[: len(rel) - len(ext)] if ext else rel
    values: dict[str, Callable[[], str]] = {
        "title": lambda: jekyll_slugify(slug, mode="pretty", cased=True),
        "slug": lambda: jekyll_slugify(slug),
        "name": lambda: jekyll_slugify(basename),
        "path": lambda: cleaned.replace(f"_{collection.label}", "", 1).rstrip("."),
        "categories": lambda: "/".join(dict.fromkeys(c.lower() for c in categories)),
        "slugified_categories": lambda: "/".join(dict.fromkeys(jekyll_slugify(c) for c in categories)),
        "output_ext": lambda: _output_ext(options, ext),
        "collection": lambda: collection.label,
    }
    permalink = data.get("permalink")
    template = permalink if isinstance(permalink, str) and permalink else collection.permalink
    return _expand(template, values, date)


def _expand(template: str, values: Mapping[str, Callable[[], str]], date: dt.datetime | None) -> PageURL:
    """Jekyll's ``URL#generate_url_from_drop`` and ``sanitize_url``."""
    problem = ""

    def replace(found: re.Match[str]) -> str:
        nonlocal problem
        name = found.group(1)
        for key in (name, name[:-1]) if name.endswith("_") else (name,):
            if key in values:
                return found.group(0).replace(f":{key}", jekyll_escape(values[key]()), 1)
            if key in _DATE_PARTS:
                if date is None:
                    problem = problem or f"the URL needs the date (:{key}) and the file gives none"
                    return ""
                return found.group(0).replace(f":{key}", _DATE_PARTS[key](date), 1)
        problem = problem or f"the permalink {template} has :{name}, which Jekyll does not know (the build fails)"
        return ""

    url = _PLACEHOLDER.sub(replace, template)
    return PageURL(None, problem) if problem else PageURL(_sanitize(url))


def _page(options: JekyllOptions, rel: str, data: Mapping[str, object]) -> PageURL:
    """A page: ``Page#url`` from ``:path``, ``:basename`` and ``:output_ext``."""
    if data.get("published") is False:
        return PageURL(None, "published: false")
    file = PurePosixPath(rel)
    ext = file.suffix
    basename = (file.name[: -len(ext)] if ext else file.name).rstrip(".")
    output_ext = _output_ext(options, ext)
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink:
        template = permalink
    elif output_ext not in _HTML:
        template = "/:path/:basename:output_ext"
    elif basename == "index":
        template = "/:path/"
    else:
        template = add_permalink_suffix("/:path/:basename", options.style)
    folder = str(file.parent) if str(file.parent) != "." else ""
    for key, value in (("path", folder), ("basename", basename), ("output_ext", output_ext)):
        if ":" not in template:
            break
        template = template.replace(f":{key}", jekyll_escape(value))
    return PageURL(_sanitize(template))


def _sanitize(url: str) -> str:
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def _date(options: JekyllOptions, data: Mapping[str, object], dated: re.Match[str] | None) -> tuple[dt.datetime | None, str]:
    """The post's date (front matter first, then the file name) as its URL prints it, or why it cannot be read."""
    value = data.get("date")
    if value is not None:
        zone = time_zone(options.timezone) or dt.timezone.utc
        found = wall_clock(value, READINGS["jekyll"], zone)
        if found is None:
            return None, f"date {value!r} cannot be read as a date (Jekyll stops the build); fix the date"
        return found, ""
    if dated is None:
        return None, ""
    try:
        return dt.datetime(int(dated.group(1)), int(dated.group(2)), int(dated.group(3))), ""
    except ValueError:
        return None, f"the file name's date {dated.group(1)}-{dated.group(2)}-{dated.group(3)} is not a date"


def _categories(folders: list[str], data: Mapping[str, object]) -> list[str]:
    """``Document#populate_categories``: folders above ``_posts``, front matter ``categories``, then ``category``."""
    written = data.get("categories")
    listed = written.split() if isinstance(written, str) else _flat(written)
    found = folders + [c for c in listed if c not in folders]
    if data.get("category") is not None:
        found += _flat(data.get("category"))
    else:
        found += listed
    return list(dict.fromkeys(c for c in found if c))


def _flat(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _flat(item)]
    return [] if value is None else [_ruby_text(value)]


def _ruby_text(value: object) -> str:
    """``value.to_s`` as Ruby writes it (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _with_defaults(options: JekyllOptions, rel: str, kind: str, front_matter: Mapping[str, object]) -> dict[str, object]:
    """Front matter over the ``defaults`` whose scope matches (``FrontmatterDefaults#all`` precedence)."""
    merged: dict[str, Any] = {}
    winner: tuple[str, str | None] | None = None
    for default in options.defaults:
        if default.type not in (None, kind) or not _in_scope(rel, default.path):
            continue
        if winner is None or len(default.path) > len(winner[0]) or (
                len(default.path) == len(winner[0]) and (default.type is not None or winner[1] is None)):
            merged.update(default.values)
            winner = (default.path, default.type)
        else:
            merged = {**default.values, **merged}
    return {**merged, **front_matter}


def _in_scope(rel: str, scope: str) -> bool:
    if not scope:
        return True
    if "*" in scope:  # a glob: "*" stays within one folder, as in Ruby's Dir.glob
        pattern = re.compile("[^/]*".join(re.escape(piece) for piece in scope.split("*")))
        parts = PurePosixPath(rel).parts
        return any(pattern.fullmatch("/".join(parts[: i + 1])) for i in range(len(parts)))
    return rel == scope or rel.startswith(scope + "/")


def _special(rel: str, options: JekyllOptions) -> bool:
    """Whether a folder or file name in ``rel`` starts with ``_`` or ``.`` and ``include`` does not name it."""
    parts = PurePosixPath(rel).parts
    included = {pattern.strip("/") for pattern in options.include}
    return any(part.startswith(("_", ".")) and "/".join(parts[: i + 1]) not in included and part not in included
               for i, part in enumerate(parts))


def _excluded(rel: str, options: JekyllOptions) -> bool:
    def matches(pattern: str) -> bool:
        pattern = pattern.strip("/")
        return rel == pattern or rel.startswith(pattern + "/") or fnmatch.fnmatchcase(rel, pattern)

    return any(matches(p) for p in options.exclude) and not any(matches(p) for p in options.include)


def _output_ext(options: JekyllOptions, ext: str) -> str:
    return ".html" if ext.lower().lstrip(".") in options.markdown_ext or ext.lower() in _HTML else ext


def _below(path: str, folder: str) -> str | None:
    path = path.lstrip("/")
    if not folder:
        return path
    return path[len(folder) + 1 :] if path.startswith(folder + "/") else None


_DATE_PARTS: dict[str, Callable[[dt.datetime], str]] = {
    **PADDED_DATE_PARTS,
    "short_month": lambda d: MONTHS[d.month - 1][:3],
    "long_month": lambda d: MONTHS[d.month - 1],
    "short_year": lambda d: f"{d.year % 100:02d}",
    "w_year": lambda d: str(d.isocalendar()[0]),
    "week": lambda d: f"{d.isocalendar()[1]:02d}",
    "w_day": lambda d: str(d.isoweekday()),
    "short_day": lambda d: DAYS[d.weekday()][:3],
    "long_day": lambda d: DAYS[d.weekday()],
    "y_day": lambda d: f"{d.timetuple().tm_yday:03d}",
}
"""Date placeholder → how Jekyll's ``UrlDrop`` prints it (``strftime`` in English)."""
