"""Link destinations inside tags: ``href`` attributes of raw HTML, and the generators' link tags.

The tags are Jekyll's ``post_url``/``link``, Hugo's ``ref``/``relref`` and Hexo's ``post_link``/``post_path``,
and the Liquid output that starts a destination (``[text]({{ site.url }}/path)``). HTML comments,
``<script>``/``<style>`` and Liquid/Hugo code pairs (``{% raw %}``, ``{{< highlight >}}`` …) are never searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from ..source.markdown import LIQUID_INLINE_RE

TAG_LINKS: Mapping[tuple[str, str], str] = {
    ("liquid", "post_url"): "post_url",
    ("liquid", "link"): "link",
    ("liquid", "post_link"): "post_link",
    ("liquid", "post_path"): "post_path",
    ("hugo", "ref"): "ref",
    ("hugo", "relref"): "relref",
}
"""(tag family, tag name) → kind of the link its first argument (or ``path=``) names."""

CODE_TAGS: Mapping[str, frozenset[str]] = {
    "liquid": frozenset({"raw", "comment", "highlight", "codeblock", "code", "math", "katex", "mermaid", "plantuml"}),
    "hugo": frozenset({"highlight", "code", "mermaid", "math", "katex"}),
}
"""Tag family → tags whose body, up to the closing tag, is code or a comment: never searched."""

CLOSING: Mapping[str, Callable[[str], str]] = {"liquid": lambda name: "end" + name, "hugo": lambda name: name}
"""Tag family → the name of the tag that closes a tag of the given name (Hugo's is written ``/name``)."""

_TAG_RE = re.compile(
    r"\{%-?\s*(?P<liquid>\w+)(?P<liquid_args>(?:[^%]|%(?!\}))*?)-?%\}"
    r"|\{\{[<%]\s*(?P<close>/)?\s*(?P<hugo>\w+)(?P<hugo_args>(?:[^>%]|[>%](?!\}\}))*?)[>%]\}\}",
    re.DOTALL,
)
_ARG_RE = re.compile(r"""\s*(?:(?P<key>\w+)\s*=\s*)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`]+))""")
_HTML_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<(?P<raw>script|style|textarea)(?=[\s/>])[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"
    r"""|<[A-Za-z][A-Za-z0-9-]*(?P<attrs>(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*)\s*/?>""",
    re.DOTALL | re.IGNORECASE,
)
_ATTR_RE = re.compile(r"""\s+([A-Za-z_:][\w.:-]*)(?:\s*=\s*(?:([^\s"'=<>`]+)|'([^']*)'|"([^"]*)"))?""")

Found = tuple[int, int, str]
"""(start, end, kind) of a destination in the text being searched."""


def html_links(html: str) -> Iterator[Found]:
    """``href`` values and link tags in raw HTML, outside comments, ``<script>``/``<style>`` and code pairs."""
    tags = [(m.start(), m.end()) for m in LIQUID_INLINE_RE.finditer(html)]
    # Liquid/Hugo tags may hold quotes and ``>``: blank them out so they cannot end a value or a tag.
    masked = "".join(html[s:e] if k % 2 == 0 else "x" * (e - s) for k, (s, e) in enumerate(_alternate(tags, len(html))))
    code = code_regions(html, tags)
    skipped: list[tuple[int, int]] = []
    found: list[Found] = []
    for match in _HTML_RE.finditer(masked):
        if match.start("attrs") < 0:
            skipped.append(match.span())
            continue
        for attr in _ATTR_RE.finditer(masked, match.start("attrs"), match.end("attrs")):
            group = next((g for g in (2, 3, 4) if attr.start(g) >= 0), 0)
            if attr.group(1).lower() == "href" and group:
                found.append((attr.start(group), attr.end(group), "html"))
    found += tag_links(html, [tag for tag in tags if not inside(tag[0], skipped)])
    yield from (link for link in found if not inside(link[0], code))


def _alternate(regions: Sequence[tuple[int, int]], length: int) -> Iterator[tuple[int, int]]:
    """The gaps between ``regions`` and the regions themselves, alternating, from 0 to ``length``."""
    pos = 0
    for start, end in regions:
        yield pos, start
        yield start, end
        pos = end
    yield pos, length


def tag_end(src: str, start: int, end: int) -> int:
    """Where the tag at ``start`` of a recorded span ending at ``end`` ends."""
    match = _TAG_RE.match(src, start, end)
    return match.end() if match else end


def tag_links(src: str, tags: Sequence[tuple[int, int]]) -> Iterator[Found]:
    """The link each Liquid/Hugo tag among ``tags`` (spans of ``src``) names, outside code pairs."""
    code = code_regions(src, tags)
    for start, end in tags:
        match = _TAG_RE.fullmatch(src, start, end)
        if match is None or inside(start, code):
            continue
        family = "liquid" if match.group("liquid") else "hugo"
        kind = TAG_LINKS.get((family, match.group(family)))
        if kind is None or match.group("close"):
            continue
        args = family + "_args"
        for arg in _ARG_RE.finditer(src, match.start(args), match.end(args)):
            if arg.group("key") in (None, "path"):
                group = next(g for g in ("dq", "sq", "bq", "bare") if arg.start(g) >= 0)
                if group != "bare" or "{" not in arg.group(group):
                    yield arg.start(group), arg.end(group), kind
                break


def code_regions(src: str, tags: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of ``src`` from a code tag among ``tags`` (``{% raw %}``, ``{{< highlight >}}`` …) to its closing tag."""
    regions: list[tuple[int, int]] = []
    opened: tuple[str, str, int] | None = None
    for start, end in tags:
        match = _TAG_RE.fullmatch(src, start, end)
        if match is None:
            continue
        family = "liquid" if match.group("liquid") else "hugo"
        name = match.group(family)
        if opened is None:
            if name in CODE_TAGS[family] and not match.group("close"):
                opened = (family, name, start)
        elif family == opened[0] and name == CLOSING[family](opened[1]) and (family == "liquid" or match.group("close")):
            regions.append((opened[2], end))
            opened = None
    return regions  # an opening tag never closed opens nothing, as the parser reads it


def inside(pos: int, regions: Sequence[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in one of ``regions``."""
    return any(start <= pos < end for start, end in regions)


def liquid_led_destinations(src: str, tags: Sequence[tuple[int, int]]) -> Iterator[Found]:
    """Destinations that start with Liquid output: ``[text]({{ site.url }}/path)``.

    CommonMark ends a destination at the space inside ``{{ }}``, but Jekyll renders Liquid before
    Markdown, so on a Jekyll site this is a link all the same.
    """
    ends = dict(tags)
    for start, end in tags:
        if start >= 2 and src.startswith("](", start - 2) and src[start + 1] == "{" and src[start + 2] not in "<%{":
            pos = end
            while pos < len(src) and src[pos] not in " \t\n)":
                pos = ends.get(pos, pos + 1)
            if src.startswith((")", ' "', " '"), pos):
                yield start, pos, "inline"

