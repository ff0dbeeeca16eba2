"""Hugo: the URL of the page built from a content file, as Hugo 0.111 makes it (``CreateTargetPaths``).

Checked against ``hugo`` 0.111.3 (see tests/test_site.py). What decides it: the file's language
(the content folder it is in, else a ``name.en.md`` suffix naming a declared language); a
``/lang/`` prefix for every language but the default (the default too with
``defaultContentLanguageInSubdir``); the section's permalink pattern, else the folder and the slug
or file name (a leaf bundle's folder name); ``uglyURLs``; and lower-casing, which Hugo applies to
every URL but one set by front matter ``url``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote_plus

from .dates import DAYS, MONTHS, READINGS, parse_text_date, wall_clock
from .hugo import CONTENT_SUFFIXES, HugoOptions
from .model import PageURL, Site
from .url_text import go_escape, hugo_sanitize

_ATTRIBUTE = re.compile(r":[0-9A-Za-z_]+(\[.+?\])?")
_ZERO_TIME = dt.datetime(1, 1, 1)


def hugo_page_url(site: Site, path: str, front_matter: Mapping[str, object] | None) -> PageURL:
    """The URL Hugo gives the content file at ``path`` (relative to the blog root)."""
    options = site.options
    assert isinstance(options, HugoOptions)
    found = _content_folder(site, options, path.lstrip("/"))
    if found is None:
        return PageURL(None, "not in a content folder of the Hugo site")
    rel, lang = found
    file = PurePosixPath(rel)
    if file.suffix.lower() not in CONTENT_SUFFIXES:
        return PageURL(None, f"Hugo builds no page from {file.suffix or 'a file without an extension'} files")
    if any(part.startswith(".") for part in file.parts):
        return PageURL(None, "Hugo skips files and folders whose names start with .")
    stem = file.stem
    declared = {language.code for language in site.languages} or {site.default_language}
    if "." in stem and stem.rsplit(".", 1)[1].lower() in declared:
        stem, lang = stem.rsplit(".", 1)[0], stem.rsplit(".", 1)[1].lower()
    lang = lang or site.default_language
    folder = "" if str(file.parent) == "." else str(file.parent)
    data = {str(key).lower(): value for key, value in (front_matter or {}).items()}
    skipped = _not_built(data)
    if skipped:
        return PageURL(None, skipped)
    if stem == "_index":
        return _list_page(site, options, folder, lang, data)
    if stem == "index" and folder:
        folder, base_name = posixpath.split(folder)
    elif any(folder == bundle or folder.startswith(bundle + "/") for bundle in options.bundles):
        return PageURL(None, "a file in a leaf bundle (a folder with an index file): a resource of that page, not a page")
    else:
        base_name = stem
    slug = str(data["slug"]).strip("-") if data.get("slug") not in (None, "") else ""
    section = folder.split("/", 1)[0]
    pattern = site.permalinks.get(section.lower())
    needs_date = pattern is not None and any(
        found.group(0)[1:] in _DATE_PARTS for found in _ATTRIBUTE.finditer(pattern))
    date, problem = _date(options, data, base_name, needs_date=needs_date)
    if problem:
        return PageURL(None, problem)
    if date is not None and date[1] and not slug:
        slug = date[1]  # [frontmatter] date = [":filename", …]: the rest of the file name is the slug
    prefix = _prefix(site, options, lang)
    url = data.get("url")
    if url not in (None, ""):
        return _front_matter_url(str(url), prefix)
    expanded = ""
    if pattern is not None:
        title = str(data.get("title") or "")
        values: dict[str, Callable[[], str]] = {
            "section": lambda: section,
            "sections": lambda: _current_section(options, folder),
            "title": lambda: _urlize(options, title),
            "slug": lambda: _urlize(options, slug or title),
            "slugorfilename": lambda: _urlize(options, slug) if slug else _urlize(options, base_name),
            "filename": lambda: _urlize(options, base_name),
        }
        expanded, problem = _expand(pattern, values, date[0] if date else _ZERO_TIME, options, folder)
        if problem:
            return PageURL(None, problem)
        expanded = unquote_plus(expanded)
    page_path = _join("/", expanded) if expanded else _join("/", folder, slug or base_name)
    ugly = options.ugly_sections.get(section, options.ugly_urls)
    link = page_path.strip("/") + ".html" if ugly else page_path + "/"
    return PageURL(_finish(options, _join(prefix, link) if prefix else link, sanitize=True))


def _list_page(site: Site, options: HugoOptions, folder: str, lang: str, data: Mapping[str, object]) -> PageURL:
    """The home page or a section's list page (an ``_index`` file)."""
    prefix = _prefix(site, options, lang)
    url = data.get("url")
    if url not in (None, "") and folder:
        return _front_matter_url(str(url), prefix, sanitize=True, options=options)
    ugly = bool(folder) and options.ugly_sections.get(folder.split("/", 1)[0], options.ugly_urls)
    link = "/" + folder.strip("/") + (".html" if ugly else "/") if folder else "/"
    return PageURL(_finish(options, _join(prefix, link) if prefix else link, sanitize=True))


def _front_matter_url(url: str, prefix: str, *, sanitize: bool = False, options: HugoOptions | None = None) -> PageURL:
    """A page whose front matter sets ``url``: a relative one goes under the language prefix; a page's is not lower-cased."""
    if url.startswith(("http://", "https://")):
        return PageURL(None, f"url {url} has a scheme, which Hugo refuses (the build fails); give a path")
    page_path = _join("/", url)
    has_slash, has_dot = url.endswith("/"), "." in url
    link = page_path + "/" if (has_slash or not has_dot) and not page_path.endswith("/") else page_path
    if prefix and not url.startswith("/"):
        link = _join(prefix, link)
    return PageURL(_finish(options or HugoOptions(), link, sanitize=sanitize))


def _finish(options: HugoOptions, link: str, *, sanitize: bool) -> str:
    """The end of ``CreateTargetPaths``: one leading slash, the trailing one kept, lower-cased and escaped."""
    trailing = link.endswith("/")
    link = "/" + link.strip("/") + ("/" if trailing and link.strip("/") else "")
    if sanitize:
        link = hugo_sanitize(link, lower=options.lower_paths)
    return go_escape(link) or "/"


def _join(*parts: str) -> str:
    """Hugo's ``pjoin``: Go's ``path.Join`` (empty parts dropped, then cleaned), keeping the last part's trailing slash."""
    kept = [part for part in parts if part]
    joined = posixpath.normpath("/".join(kept)) if kept else ""
    joined = "" if joined == "." else "/" + joined.lstrip("/") if joined.startswith("/") else joined
    return joined + "/" if parts and parts[-1].endswith("/") and not joined.endswith("/") else joined


def _prefix(site: Site, options: HugoOptions, lang: str) -> str:
    if len(site.languages) < 2 or options.multihost:
        return ""
    return lang if lang != site.default_language or options.default_in_subdir else ""


def _content_folder(site: Site, options: HugoOptions, path: str) -> tuple[str, str] | None:
    """``(path below its content folder, the folder's language or "")`` for the most specific content folder holding ``path``."""
    folders = [(lang.content_dir, lang.code) for lang in site.languages if lang.content_dir] + [(options.content_dir, "")]
    for folder, lang in sorted(folders, key=lambda pair: -len(pair[0])):
        if not folder or path.startswith(folder + "/"):
            return path[len(folder) + 1 :] if folder else path, lang
    return None


def _not_built(data: Mapping[str, object]) -> str:
    """Why Hugo builds no page from a file with this front matter (a plain ``hugo`` build), "" when it does."""
    build = data.get("_build")
    render = build.get("render", build.get("Render")) if isinstance(build, Mapping) else None
    if data.get("draft") is True:
        return "a draft: Hugo builds it only with --buildDrafts"
    if data.get("headless") is True or render in (False, "never", "false"):
        return "headless: Hugo renders no page for it"
    return ""


def _date(options: HugoOptions, data: Mapping[str, object], base_name: str, *,
          needs_date: bool) -> tuple[tuple[dt.datetime, str] | None, str]:
    """``((date, slug from the file name), "")``, ``(None, "")`` when no date is given, or ``(None, why)``."""
    for key in options.date_keys:
        if key in (":filemodtime", ":git") and needs_date:
            return None, f"the permalink needs the date, which comes from {key} ([frontmatter] date), known only to the build"
        if key == ":filename":
            found = parse_text_date(base_name[:10])
            if isinstance(found, dt.date) and not isinstance(found, dt.datetime):
                return (dt.datetime(found.year, found.month, found.day), base_name[10:].strip(" -_")), ""
        elif not key.startswith(":") and data.get(key) not in (None, ""):
            found_time = wall_clock(data[key], READINGS["hugo"], dt.timezone.utc)
            if found_time is None:
                return None, f"{key} {data[key]!r} cannot be read as a date; fix it"
            return (found_time, ""), ""
    return None, ""


def _current_section(options: HugoOptions, folder: str) -> str:
    """The deepest section holding ``folder``: its top folder, or a deeper one with an ``_index`` file."""
    parts = folder.split("/") if folder else []
    for depth in range(len(parts), 1, -1):
        if "/".join(parts[:depth]) in options.sections:
            return "/".join(parts[:depth])
    return parts[0] if parts else ""


def _urlize(options: HugoOptions, value: str) -> str:
    return go_escape(hugo_sanitize(value, lower=options.lower_paths))


def _expand(pattern: str, values: Mapping[str, Callable[[], str]], date: dt.datetime, options: HugoOptions,
            folder: str) -> tuple[str, str]:
    """``PermalinkExpander``: each ``:attribute`` of ``pattern`` replaced once, in order."""
    expanded = pattern
    for found in _ATTRIBUTE.finditer(pattern):
        attribute = found.group(0)[1:]
        if attribute in values:
            value = values[attribute]()
        elif attribute in _DATE_PARTS:
            value = _DATE_PARTS[attribute](date)
        elif attribute.startswith("sections["):
            value = "/".join(_slice(_current_section(options, folder).split("/"), attribute[len("sections"):]))
        else:
            return "", f"the permalink {pattern} has :{attribute}, which is not modelled here (Hugo date layouts) or unknown to Hugo"
        expanded = expanded.replace(found.group(0), value, 1)
    return expanded, ""


def _slice(sections: list[str], cut: str) -> list[str]:
    """``:sections[1:]``, ``[last]``, ``[0]``: Hugo's lenient slice of the section path."""
    inner = cut.strip()[1:-1].strip().lower()
    sections = [s for s in sections if s]

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(sections)
        if text == "last":
            return len(sections) - 1
        return min(max(int(text) if text.lstrip("-").isdigit() else 0, 0), len(sections))

    if not sections:
        return []
    if ":" not in inner:
        at = index(inner, True)
        return [sections[at]] if at < len(sections) else []
    low, high = inner.split(":", 1)
    return sections[index(low, True) : index(high, False)]


_DATE_PARTS: dict[str, Callable[[dt.datetime], str]] = {
    "year": lambda d: str(d.year),
    "month": lambda d: f"{d.month:02d}",
    "monthname": lambda d: MONTHS[d.month - 1],
    "day": lambda d: f"{d.day:02d}",
    "weekday": lambda d: str(d.isoweekday() % 7),
    "weekdayname": lambda d: DAYS[d.weekday()],
    "yearday": lambda d: str(d.timetuple().tm_yday),
}
"""Date attribute → how Hugo prints it (a page without a date prints Go's zero time, year 1)."""
