"""Round trips over hypothesis-generated Markdown mixing Chinese text with every construct the segmenter meets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from fidelity import check_identity, fidelity_problems, pseudo_round_trip

from translate.source.post import parse_post

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

ZH = st.sampled_from(["中文", "你好世界", "这是一段说明", "翻译测试", "日本語のテキスト", "数据库", "的", "配置文件"])
PUNCT = st.sampled_from(["", "，", "。", "：", "、", "（注）", "！", "？", " "])
WORD = st.sampled_from(["envd", "TiDB", "Rust", "a|b", "x_y", "1.5", "*", "#", "-"])
BOOL = st.booleans()
DIGIT = st.integers(0, 9)
INLINE_MAKERS = (
    lambda draw: draw(ZH),
    lambda draw: draw(ZH) + draw(PUNCT),
    lambda draw: f"`{draw(WORD)} 代码`",
    lambda draw: f"[{draw(ZH)}](https://example.com/{draw(DIGIT)} \"标题\")",
    lambda draw: f"![{draw(ZH)}](/img/{draw(DIGIT)}.png)",
    lambda draw: f"**{draw(ZH)}**",
    lambda draw: f"*{draw(ZH)}*",
    lambda draw: f"<span class=\"x\">{draw(ZH)}</span>",
    lambda draw: "{{ site.url }}",
    lambda draw: "{{< ref \"中文.md\" >}}",
    lambda draw: "{{{ .starter }}}",
    lambda draw: "[^1]",
    lambda draw: "https://example.com/路径",
    lambda draw: f"[{draw(ZH)}][ref]",
    lambda draw: "{% include 中文.html %}",
    lambda draw: draw(WORD),
    lambda draw: f"~~{draw(ZH)}~~",
)
"""One inline construct each; only the values a construct uses are drawn (each draw costs time)."""
INLINE_KIND = st.integers(0, len(INLINE_MAKERS) - 1)


@st.composite
def inline(draw: st.DrawFn) -> str:
    return INLINE_MAKERS[draw(INLINE_KIND)](draw)


INLINES = st.lists(inline(), min_size=1, max_size=5)


@st.composite
def text_line(draw: st.DrawFn) -> str:
    return "".join(draw(INLINES)) + draw(ZH)


TEXT_LINE = text_line()
BREAK = st.sampled_from(["\n", "  \n", "\\\n"])
LINES = st.lists(TEXT_LINE, min_size=1, max_size=3)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(LINES)
    return "".join(line + draw(BREAK) for line in lines).rstrip("\n\\ ")


PARAGRAPH = paragraph()


def indent(block: str, prefix: str, first: str | None = None) -> str:
    lines = block.split("\n")
    out = [(first if first is not None else prefix) + lines[0]]
    out += [(prefix + line) if line else prefix.rstrip() for line in lines[1:]]
    return "\n".join(out)


FENCE_MARKER = st.sampled_from(["```", "~~~"])
FENCE_BODY = st.sampled_from(["print(\"你好\")", "echo 中文 | grep x", "# 注释\nx = 1"])
FENCE_INFO = st.sampled_from(["", "bash", "python {.x}"])


@st.composite
def fence(draw: st.DrawFn) -> str:
    marker = draw(FENCE_MARKER)
    body = draw(FENCE_BODY)
    if draw(BOOL):  # a fence nested in a longer fence
        return f"````markdown\n{draw(ZH)}\n\n```python\n{body}\n```\n````"
    return f"{marker}{draw(FENCE_INFO)}\n{body}\n{marker}"


FENCE = fence()
COLUMNS = st.integers(1, 3)
CELL = st.sampled_from(["中文", "`a\\|b`", "x \\| 中", "[+]", "[链接](/a)", "数据库 " * 20, "-"])
ALIGN = st.sampled_from([":---", "---:", ":-:", "---"])
ROWS = st.integers(1, 3)


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(COLUMNS)
    row = lambda: "| " + " | ".join(draw(CELL) for _ in range(cols)) + " |"  # noqa: E731
    align = "|" + "|".join(draw(ALIGN) for _ in range(cols)) + "|"
    return "\n".join([row(), align] + [row() for _ in range(draw(ROWS))])


TABLE = table()
HEADING_LEVEL = st.integers(1, 4)
HEADING_ANCHOR = st.sampled_from(["", " {#anchor}"])
SIMPLE_BLOCK_MAKERS = (
    lambda draw: f"{'#' * draw(HEADING_LEVEL)} {draw(TEXT_LINE)}{draw(HEADING_ANCHOR)}",
    lambda draw: draw(FENCE),
    lambda draw: draw(TABLE),
    lambda draw: (
        "<figure>\n\t<img src=\"{{ site.url }}/images/a.png\" alt=\"" + (zh := draw(ZH)) + "\" width=\"80\">\n"
        "    <figcaption>" + zh + " caption</figcaption>\n</figure>"
    ),
    lambda draw: "{% raw %}\n" + draw(ZH) + " {{ x }}\n{% endraw %}",
    lambda draw: "{% highlight python %}\nprint(\"" + draw(ZH) + "\")\n{% endhighlight %}",
    lambda draw: f"[^1]: {draw(ZH)}的脚注",
    lambda draw: "[ref]: https://example.com/ref \"参考\"",
    lambda draw: "---",
    lambda draw: f"<!-- {draw(ZH)} 注释 -->",
    lambda draw: "    indented code 中文\n    more",
    lambda draw: "{{< notice >}}\n" + draw(ZH) + "\n{{< /notice >}}",
    lambda draw: draw(PARAGRAPH),
)
"""One block construct each; only the values a construct uses are drawn."""
SIMPLE_BLOCK_KIND = st.integers(0, len(SIMPLE_BLOCK_MAKERS) - 1)


@st.composite
def simple_block(draw: st.DrawFn) -> str:
    return SIMPLE_BLOCK_MAKERS[draw(SIMPLE_BLOCK_KIND)](draw)


SIMPLE_BLOCK = simple_block()
ITEMS = st.integers(1, 3)
BULLET = st.sampled_from(["- ", "* ", "+ "])
ITEM_EXTRA = st.integers(0, 3)


@st.composite
def list_block(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(BOOL)
    items = []
    for n in range(draw(ITEMS)):
        marker = f"{n + 1}. " if ordered else draw(BULLET)
        parts = [draw(PARAGRAPH)]
        extra = draw(ITEM_EXTRA)
        if extra == 1:
            parts.append(draw(FENCE))
        elif extra == 2 and depth < 1:
            parts.append(draw(NESTED_LIST))
        elif extra == 3:
            parts.append(draw(PARAGRAPH))
        body = "\n\n".join(parts)
        items.append(indent(body, " " * len(marker), marker))
    return "\n".join(items)


LIST_BLOCK = list_block()
NESTED_LIST = list_block(depth=1)
BLOCK_KIND = st.integers(0, 5)
QUOTED = st.one_of(PARAGRAPH, LIST_BLOCK, FENCE)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(BLOCK_KIND)
    if kind == 0:
        return draw(LIST_BLOCK)
    if kind == 1:
        return indent(draw(QUOTED), "> ")
    return draw(SIMPLE_BLOCK)


BLOCKS = st.lists(block(), max_size=6)
FRONT_MATTER = st.sampled_from(["", "yaml", "toml"])
EOL = st.sampled_from(["\n", "\r\n", "mixed", "\r"])
LINE_END = st.sampled_from(["\n", "\r\n"])


@st.composite
def document(draw: st.DrawFn) -> bytes:
    # A post opening with a ``---`` line and no closing one is an unclosed front matter (an error), not a rule.
    body = "\n\n".join([draw(PARAGRAPH), *draw(BLOCKS)])
    front = draw(FRONT_MATTER)
    if front == "yaml":
        body = f"---\ntitle: \"{draw(ZH)}\"\ndescription: \ntags: [record]\nsummary: {draw(ZH)} # 注释\n---\n\n" + body
    elif front == "toml":
        body = f"+++\ntitle = \"{draw(ZH)}\"\ndraft = false\n+++\n" + body
    if draw(BOOL):
        body += "\n"
    eol = draw(EOL)
    if eol == "mixed":
        lines = body.split("\n")
        body = "".join(line + draw(LINE_END) for line in lines[:-1]) + lines[-1]
    elif eol != "\n":
        body = body.replace("\n", eol)
    raw = body.encode("utf-8")
    return b"\xef\xbb\xbf" + raw if draw(BOOL) else raw


@SETTINGS
@given(document())
def test_identity_round_trip(raw: bytes) -> None:
    check_identity(raw)


@SETTINGS
@given(document())
def test_pseudo_translation(raw: bytes) -> None:
    post = parse_post(raw)
    output = pseudo_round_trip(post)
    problems = fidelity_problems(post.text, output)
    assert not problems, "\n".join(problems) + "\n--- source:\n" + post.text + "\n--- output:\n" + output
