"""Reusable round-trip checks: identity and pseudo-translation of a post, judged independently of the segmenter.

The checks parse the source and the output with a bare markdown-it-py parser (not the segmenter's
extended one) and compare what must never change: code, link destinations, raw HTML tags, Liquid
tags and shortcodes, and the sequence of block tokens. A pseudo-translation replaces every run of
Chinese (or Japanese) characters by ASCII words and full-width punctuation by ASCII, keeping the
placeholders, so that "no Chinese left" can be checked on the rendered output.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from translate.source.post import Post, parse_post
from translate.source.protect import split_placeholders
from translate.source.segment import Segment, join, segment

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"
SEED_POST = REPO_ROOT / "content" / "_posts" / "2022-12-31-newyear2022.md"

HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u31f0-\u31ff\U00020000-\U0002fa1f]+")
"""Han ideographs and kana: what a translation must not leave behind."""

_WORDS = ("lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do")
_PUNCT = {
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?", "（": "(", "）": ")",
    "“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"', "〈": '"', "〉": '"', "「": '"',
    "」": '"', "『": '"', "』": '"', "【": "(", "】": ")", "〔": "(", "〕": ")", "…": "...", "—": "-",
    "～": "~", "·": "-", "・": "-", "\u3000": " ",
}
# Other full-width ASCII variants (letters, digits, ``#``, ``*``, ``|``, ``%`` …) map to ASCII; the
# brackets, angle brackets, backslash and backtick are left out: a model would not turn prose into markup.
_PUNCT.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0) not in "<>[]\\`" and chr(c) not in _PUNCT})
_PUNCT_RE = re.compile("|".join(re.escape(k) for k in sorted(_PUNCT, key=len, reverse=True)))

_NO_BLANK = r"(?:(?!\n[ \t]*\n).)*?"
LIQUID_RE = re.compile(rf"\{{\{{\{{{_NO_BLANK}\}}\}}\}}|\{{\{{{_NO_BLANK}\}}\}}|\{{%{_NO_BLANK}%\}}", re.S)
"""Liquid output and tags, Hugo shortcodes and ``{{{ .var }}}``, possibly over several lines of one block."""
_LIQUID_CODE_BLOCK_RE = re.compile(
    r"\{%-?\s*(raw|highlight|codeblock|comment|mermaid|plantuml|math|katex)\b.*?%\}.*?\{%-?\s*end\1\s*-?%\}"
    r"|\{\{[<%]\s*(highlight|code|mermaid|math|katex)\b.*?[>%]\}\}.*?\{\{[<%]\s*/\s*\2\s*[>%]\}\}",
    re.S,
)
"""Liquid/Hugo blocks whose content is code, not prose."""
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_TRANSLATED_ATTR_RE = re.compile(r"""(\s(?:alt|title)\s*=\s*)(?:"[^"]*"|'[^']*')""", re.I)
_NON_TEXT_TAGS = frozenset({"code", "pre", "script", "style", "textarea", "svg", "math", "kbd", "samp"})


def corpus_files() -> list[Path]:
    """Every Markdown file of the corpus, sorted; empty when the corpus is absent."""
    if not CORPUS_DIR.is_dir():
        return []
    return sorted(CORPUS_DIR.rglob("*.md"))


@lru_cache(maxsize=1)
def bare_parser() -> Any:
    """markdown-it-py as the segmenter configures it, without its Liquid rules or span recorders."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)


# --- round trips ------------------------------------------------------------------------------


def identity_round_trip(raw: bytes, *, path: Path | None = None) -> bytes:
    """Segment ``raw`` and join it with every segment's own text as its translation."""
    post = parse_post(raw, path=path)
    segments = segment(post)
    joined = join(post.text, segments, {s.id: s.text for s in segments})
    return post.to_bytes(joined)


def pseudo_translate_text(masked: str) -> str:
    """``masked`` with Chinese runs replaced by ASCII words and full-width punctuation by ASCII."""
    return "".join(piece if is_token else _pseudo_plain(piece) for is_token, piece in split_placeholders(masked))


def _pseudo_plain(text: str) -> str:
    def words(match: re.Match[str]) -> str:
        run = match.group()
        count = max(1, (len(run) + 1) // 2)
        out = " ".join(_WORDS[(ord(run[0]) + i) % len(_WORDS)] for i in range(count))
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before.isalnum():
            out = " " + out
        if after.isalnum():
            out += " "
        return out

    return _PUNCT_RE.sub(lambda m: _PUNCT[m.group()], HAN_RUN_RE.sub(words, text))


def pseudo_translations(segments: Iterable[Segment]) -> dict[str, str]:
    """A pseudo-translation of every segment, keyed by segment id."""
    return {s.id: pseudo_translate_text(s.text) for s in segments}


def pseudo_round_trip(post: Post, segments: Sequence[Segment] | None = None) -> str:
    """The post's text with every segment pseudo-translated."""
    segments = segment(post) if segments is None else segments
    return join(post.text, segments, pseudo_translations(segments))


# --- what must survive ------------------------------------------------------------------------


def _walk(tokens: Sequence[Any]) -> Iterable[Any]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def protected_inventory(body: str) -> dict[str, Counter[str]]:
    """The multisets of things a translation must carry over unchanged, found by the bare parser."""
    tokens = bare_parser().parse(body)
    found: dict[str, Counter[str]] = {name: Counter() for name in ("code", "inline code", "link", "html", "liquid")}
    for token in _walk(tokens):
        if token.type in ("fence", "code_block"):
            found["code"][token.info + "\0" + token.content] += 1
        elif token.type == "code_inline":
            found["inline code"][token.content] += 1
        elif token.type == "link_open":
            found["link"][str(token.attrGet("href"))] += 1
        elif token.type == "image":
            found["link"][str(token.attrGet("src"))] += 1
        elif token.type == "html_inline":
            found["html"][token.content] += 1
        elif token.type == "html_block":
            for tag in _HTML_TAG_RE.findall(token.content):
                found["html"][_TRANSLATED_ATTR_RE.sub(r'\1""', tag)] += 1
    found["liquid"].update(LIQUID_RE.findall(body))
    return found


def block_types(body: str) -> list[tuple[str, int]]:
    """The sequence of block tokens (type and nesting) the bare parser finds in ``body``."""
    return [(t.type, t.nesting) for t in bare_parser().parse(body) if t.type != "inline"]


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _NON_TEXT_TAGS:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in _NON_TEXT_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.texts.append(data)


def leftover_chinese(body: str) -> list[str]:
    """Chinese text the rendered ``body`` still shows outside code, Liquid tags, comments and attributes."""
    stripped = _COMMENT_RE.sub("", _LIQUID_CODE_BLOCK_RE.sub("", body))
    stripped = LIQUID_RE.sub("", stripped)
    nodes = _TextNodes()
    nodes.feed(bare_parser().render(stripped))
    nodes.close()
    return [text.strip()[:80] for text in nodes.texts if HAN_RUN_RE.search(text)]


def _body(text: str) -> tuple[str, Post]:
    post = parse_post(text.encode("utf-8"))
    return text[post.body_start :], post


def fidelity_problems(source: str, output: str, *, translated_fields: Sequence[str] = ("title", "description", "excerpt", "summary"),
                      added_fields: Sequence[str] = (), term_fields: Sequence[str] = ()) -> list[str]:
    """Everything ``output`` (a translation of ``source``) breaks; empty when it is faithful."""
    problems: list[str] = []
    source_body, source_post = _body(source)
    try:
        output_body, output_post = _body(output)
    except Exception as exc:  # the output must still be a readable post
        return [f"output cannot be read back: {exc}"]
    before, after = protected_inventory(source_body), protected_inventory(output_body)
    for name in before:
        lost, gained = before[name] - after[name], after[name] - before[name]
        if lost or gained:
            problems.append(f"{name} changed: lost {sorted(lost)[:3]!r}, gained {sorted(gained)[:3]!r}")
    if block_types(source_body) != block_types(output_body):
        problems.append("block token sequence changed")
    left = leftover_chinese(output_body)
    if left:
        problems.append(f"Chinese left in the output: {left[:3]!r}")
    problems.extend(_front_matter_problems(source_post, output_post, translated_fields, added_fields, term_fields))
    return problems


def _front_matter_problems(source: Post, output: Post, translated: Sequence[str], added: Sequence[str] = (),
                           terms: Sequence[str] = ()) -> list[str]:
    a, b = source.front_matter, output.front_matter
    if (a is None) != (b is None):
        return ["front matter appeared or disappeared"]
    if a is None or b is None:
        return []
    problems = []
    if set(a.data) | set(added) != set(b.data):
        problems.append(f"front matter keys changed: {sorted((set(a.data) | set(added)) ^ set(b.data))}")
    for key, value in a.data.items():
        if key in added:
            continue
        new = b.data.get(key)
        if key in terms and (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
            problems.extend(_term_problems(key, value, new))
        elif key in translated and isinstance(value, str):
            if not isinstance(new, str) or (HAN_RUN_RE.search(new) and "{" not in new):
                problems.append(f"front matter field {key!r} not translated: {new!r}")
        elif new != value:
            problems.append(f"front matter field {key!r} changed: {value!r} -> {new!r}")
    return problems


def _term_problems(key: str, value: str | list[str], new: object) -> list[str]:
    """A term field must keep its shape; each term with Chinese is rendered, each without is kept."""
    old_items, new_items = (value, new) if isinstance(value, list) else ([value], [new])
    if type(new) is not type(value) or not isinstance(new_items, list) or len(new_items) != len(old_items):
        return [f"front matter term field {key!r} changed shape: {value!r} -> {new!r}"]
    bad = [(a, b) for a, b in zip(old_items, new_items)
           if not isinstance(b, str) or HAN_RUN_RE.search(b) or (not HAN_RUN_RE.search(a) and a != b)]
    return [f"front matter term field {key!r}: {a!r} became {b!r}" for a, b in bad]


def check_identity(raw: bytes, *, path: Path | None = None) -> None:
    """Assert that the identity round trip of ``raw`` is byte-identical."""
    out = identity_round_trip(raw, path=path)
    assert out == raw, f"{path}: identity round trip changed the file"


def check_pseudo(raw: bytes, *, path: Path | None = None) -> str:
    """Assert the pseudo-translation of ``raw`` is faithful; return the output text."""
    post = parse_post(raw, path=path)
    output = pseudo_round_trip(post)
    problems = fidelity_problems(post.text, output)
    assert not problems, f"{path}: " + "\n".join(problems)
    return output


def masked_sources(post: Post, segments: Sequence[Segment]) -> Mapping[str, str]:
    """Each segment's source span, for messages."""
    return {s.id: post.text[s.start : s.end] for s in segments}
