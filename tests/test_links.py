"""Link destinations found with exact offsets: fixtures, generated posts and the corpus."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fidelity import corpus_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.common.utils import unescapeAll

from translate.site.links import KINDS, Link, find_links, replace_links
from translate.source.markdown import parser
from translate.source.post import parse_post
from translate.source.segment import LineIndex

FIXTURES = Path(__file__).parent / "fixtures" / "links"
CASES = sorted(FIXTURES.glob("*.md"))
REPLACEMENTS = {"autolink": "https://x.example/X", "bare": "https://x.example/X"}
"""Kind → a destination that still parses as that kind; every other kind takes ``X``."""


def _expected(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def _found(text: str, links: list[Link]) -> list[list[Any]]:
    return [[link.kind, text[link.start : link.end], link.line] for link in links]


def _check_replacing(text: str, links: list[Link], *, math: bool = False) -> None:
    """Replacing nothing changes nothing; replacing every destination leaves as many, each the new one."""
    assert replace_links(text, {}) == text
    new = {link: REPLACEMENTS.get(link.kind, "X") for link in links}
    replaced = replace_links(text, new)
    again = find_links(replaced, math=math)
    assert [(link.kind, link.line) for link in again] == [(link.kind, link.line) for link in links]
    assert [replaced[link.start : link.end] for link in again] == [new[link] for link in links]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_fixture(case: Path) -> None:
    text = case.read_bytes().decode("utf-8")  # bytes, so CRLF, lone CR and the BOM reach find_links
    expected = _expected(case)
    links = find_links(text, math=expected.get("math", False))
    assert _found(text, links) == expected["links"]
    _check_replacing(text, links, math=expected.get("math", False))


def test_fixtures_cover_every_kind() -> None:
    kinds = {kind for case in CASES for kind, _, _ in _expected(case)["links"]}
    assert kinds == set(KINDS)


def test_math_off_finds_links_in_dollars() -> None:
    text = (FIXTURES / "math.md").read_text(encoding="utf-8")
    assert "/in-math" in [text[link.start : link.end] for link in find_links(text)]


def test_offsets_are_into_the_whole_text() -> None:
    text = "\ufeff---\r\ntitle: x\r\n---\r\n[a](/b)\r\n"
    (link,) = find_links(text)
    assert (link.start, link.end, link.kind, link.line) == (text.index("/b"), text.index("/b") + 2, "inline", 4)


def test_replace_links_keeps_every_other_byte() -> None:
    text = "[a](/one) and <a href='/two'>b</a>\r\n"
    first, second = find_links(text)
    assert replace_links(text, {second: "/en/two", first: "/en/one"}) == "[a](/en/one) and <a href='/en/two'>b</a>\r\n"


def test_replace_links_refuses_overlaps() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        replace_links("[a](/one)", {Link(4, 8, "inline", 1): "x", Link(5, 6, "inline", 1): "y"})


# --- generated posts --------------------------------------------------------------------------

DESTINATIONS = st.from_regex(r"/[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8}){0,2}(?:/[a-z0-9]{1,6}){0,2}", fullmatch=True)
SNIPPETS: list[Callable[[str], tuple[str, str, str]]] = [
    lambda d: (f"[链接]({d})", "inline", d),
    lambda d: (f'![图]({d} "标题")', "inline", d),
    lambda d: (f"[链接](<{d} x>)", "inline", f"{d} x"),
    lambda d: (f"[链接]({{{{ site.url }}}}{d})", "inline", f"{{{{ site.url }}}}{d}"),
    lambda d: (f"<https://x.org{d}>", "autolink", f"https://x.org{d}"),
    lambda d: (f"见 https://x.org{d} 。", "bare", f"https://x.org{d}"),
    lambda d: (f'<a href="{d}">这</a>', "html", d),
    lambda d: (f"<a href={d}>这</a>", "html", d),
    lambda d: (f"{{% post_url {d} %}}", "post_url", d),
    lambda d: (f'{{{{< relref "{d}" >}}}}', "relref", d),
    lambda d: (f"{{{{% ref path='{d}' %}}}}", "ref", d),
    lambda d: (f'{{% post_link {d} "标题" %}}', "post_link", d),
]
"""Destination → (inline Markdown, kind, destination as found)."""
CONTAINERS = ["", "# ", "> ", "- ", "1. ", "> - "]
CODE = ["```\n{}\n```", "`{}`", "<!-- {} -->", "{{% raw %}}{}{{% endraw %}}", "~~~\n{}\n~~~"]


@st.composite
def posts(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    """A post of random blocks holding links, and the (kind, destination) of each link outside code."""
    blocks: list[str] = []
    expected: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(1, 6))):
        shape = draw(st.sampled_from(["inline", "table", "definition", "html", "code"]))
        destination = draw(DESTINATIONS)
        markdown, kind, found = draw(st.sampled_from(SNIPPETS))(destination)
        if shape == "code":
            blocks.append(draw(st.sampled_from(CODE)).format(markdown))
            continue
        container = draw(st.sampled_from(CONTAINERS))
        if shape == "definition":
            container = container.replace("# ", "")  # a heading holds no definition
            gap = draw(st.sampled_from([" ", "\n" + re.sub("[^>]", " ", container) + "  "]))
            blocks.append(f"{container}[标签]:{gap}{destination} '标题'")
            expected.append(("reference", destination))
            continue
        if shape == "html":
            indent = re.sub("[^>]", " ", container)
            blocks.append(f'{container}<div>\n{indent}<a href="{destination}">这</a>\n{indent}</div>')
            expected.append(("html", destination))
            continue
        blocks.append(f"| 表 |\n|---|\n| {markdown} |" if shape == "table" else f"{container}文字 {markdown} 文字")
        expected.append((kind, found))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    front = draw(st.sampled_from(["", "---\ntitle: '[x](/front)'\n---\n"]))
    return (front + "\n\n".join(blocks) + "\n").replace("\n", eol), expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts())
def test_generated_posts(post: tuple[str, list[tuple[str, str]]]) -> None:
    text, expected = post
    links = find_links(text)
    assert [(link.kind, text[link.start : link.end]) for link in links] == expected
    _check_replacing(text, links)


# --- corpus -----------------------------------------------------------------------------------

COMMONMARK = frozenset({"inline", "reference", "autolink"})
"""Kinds of link markdown-it itself makes."""
CODE_BLOCKS = frozenset({"fence", "code_block", "math_block", "liquid_block"})
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def _hrefs(tokens: list[Any]) -> Iterator[str]:
    """Every link and image destination markdown-it reports, normalised as it does."""
    for token in tokens:
        if token.type in ("link_open", "image"):
            yield str(token.attrGet("href" if token.type == "link_open" else "src"))
        if token.children:
            yield from _hrefs(token.children)


def _normalised(destination: str, kind: str) -> str:
    """``destination`` as markdown-it writes it in ``href``."""
    md = parser(every_link=True)
    if kind == "autolink":
        return md.normalizeLink(destination if ":" in destination else "mailto:" + destination)
    return md.normalizeLink(unescapeAll(destination))


def _code_lines(tokens: list[Any], base: int) -> set[int]:
    """0-based post lines inside code blocks, math blocks, Liquid pairs and HTML comment blocks."""
    lines: set[int] = set()
    for token in tokens:
        code = token.type in CODE_BLOCKS or (token.type == "html_block" and token.content.startswith("<!--"))
        if code and token.map and (token.type != "liquid_block" or token.map[1] - token.map[0] > 1):
            lines.update(range(base + token.map[0], base + token.map[1]))
    return lines


def test_corpus_misses_no_link_and_finds_none_in_code(corpus_dir: Path) -> None:
    md = parser(every_link=True)
    for n, path in enumerate(corpus_files()):
        post = parse_post(path.read_bytes(), path=path)
        text, base = post.text, post.body_line
        links = find_links(text)
        env: dict[str, Any] = {"spans": {}}
        tokens = md.parse(text[post.body_start :], env)
        wanted = {href for href in _hrefs(tokens) if href}
        found = {_normalised(text[link.start : link.end], link.kind) for link in links if link.kind in COMMONMARK}
        assert wanted <= found, f"{path}: missed {sorted(wanted - found)[:5]}"
        # Each destination found is one markdown-it reads, so its offsets hold the destination.
        wanted |= {ref["href"] for ref in [*env.get("references", {}).values(), *env.get("duplicate_refs", [])]}
        found = {destination for destination in found if destination and not destination.startswith("%7B%7B")}
        assert found <= wanted, f"{path}: not destinations {sorted(found - wanted)[:5]}"
        code_lines = _code_lines(tokens, base)
        comments = [m.span() for m in _COMMENT_RE.finditer(text, post.body_start)]
        lines = LineIndex(text)
        for link in links:
            assert link.start >= post.body_start, f"{path}:{link.line}: link in the front matter"
            assert link.line - 1 not in code_lines, f"{path}:{link.line}: link in a code block"
            assert not any(start <= link.start < end for start, end in comments), f"{path}:{link.line}: link in a comment"
            line = link.line - 1
            spans = _CODE_SPAN_RE.finditer(text, lines.starts[line], lines.ends[line])
            assert not any(m.start() < link.start < m.end() for m in spans), f"{path}:{link.line}: link in inline code"
        if n % 8 == 0:  # one post in eight: parsing every one again would add half the time
            _check_replacing(text, links)
