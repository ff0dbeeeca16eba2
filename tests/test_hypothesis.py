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


@st.composite
def inline(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 16))
    zh = draw(ZH)
    return [
        zh,
        zh + draw(PUNCT),
        f"`{draw(WORD)} 代码`",
        f"[{zh}](https://example.com/{draw(st.integers(0, 9))} \"标题\")",
        f"![{zh}](/img/{draw(st.integers(0, 9))}.png)",
        f"**{zh}**",
        f"*{zh}*",
        f"<span class=\"x\">{zh}</span>",
        "{{ site.url }}",
        "{{< ref \"中文.md\" >}}",
        "{{{ .starter }}}",
        "[^1]",
        "https://example.com/路径",
        f"[{zh}][ref]",
        "{% include 中文.html %}",
        draw(WORD),
        f"~~{zh}~~",
    ][kind]


@st.composite
def text_line(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(inline(), min_size=1, max_size=5))) + draw(ZH)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(st.lists(text_line(), min_size=1, max_size=3))
    breaks = draw(st.lists(st.sampled_from(["\n", "  \n", "\\\n"]), min_size=len(lines), max_size=len(lines)))
    return "".join(line + brk for line, brk in zip(lines, breaks)).rstrip("\n\\ ")


def indent(block: str, prefix: str, first: str | None = None) -> str:
    lines = block.split("\n")
    out = [(first if first is not None else prefix) + lines[0]]
    out += [(prefix + line) if line else prefix.rstrip() for line in lines[1:]]
    return "\n".join(out)


@st.composite
def fence(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["```", "~~~"]))
    body = draw(st.sampled_from(["print(\"你好\")", "echo 中文 | grep x", "# 注释\nx = 1"]))
    if draw(st.booleans()):  # a fence nested in a longer fence
        return f"````markdown\n{draw(ZH)}\n\n```python\n{body}\n```\n````"
    return f"{marker}{draw(st.sampled_from(['', 'bash', 'python {.x}']))}\n{body}\n{marker}"


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 3))
    row = lambda: "| " + " | ".join(draw(st.sampled_from(["中文", "`a\\|b`", "x \\| 中", "[+]", "[链接](/a)", "数据库 " * 20, "-"])) for _ in range(cols)) + " |"  # noqa: E731
    align = "|" + "|".join(draw(st.sampled_from([":---", "---:", ":-:", "---"])) for _ in range(cols)) + "|"
    return "\n".join([row(), align] + [row() for _ in range(draw(st.integers(1, 3)))])


@st.composite
def simple_block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 12))
    zh = draw(ZH)
    if kind == 0:
        return f"{'#' * draw(st.integers(1, 4))} {draw(text_line())}{draw(st.sampled_from(['', ' {#anchor}']))}"
    if kind == 1:
        return draw(fence())
    if kind == 2:
        return draw(table())
    if kind == 3:
        return (
            "<figure>\n\t<img src=\"{{ site.url }}/images/a.png\" alt=\"" + zh + "\" width=\"80\">\n"
            "    <figcaption>" + zh + " caption</figcaption>\n</figure>"
        )
    if kind == 4:
        return "{% raw %}\n" + zh + " {{ x }}\n{% endraw %}"
    if kind == 5:
        return "{% highlight python %}\nprint(\"" + zh + "\")\n{% endhighlight %}"
    if kind == 6:
        return f"[^1]: {zh}的脚注"
    if kind == 7:
        return "[ref]: https://example.com/ref \"参考\""
    if kind == 8:
        return "---"
    if kind == 9:
        return f"<!-- {zh} 注释 -->"
    if kind == 10:
        return "    indented code 中文\n    more"
    if kind == 11:
        return "{{< notice >}}\n" + zh + "\n{{< /notice >}}"
    return draw(paragraph())


@st.composite
def list_block(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    items = []
    for n in range(draw(st.integers(1, 3))):
        marker = f"{n + 1}. " if ordered else draw(st.sampled_from(["- ", "* ", "+ "]))
        parts = [draw(paragraph())]
        extra = draw(st.integers(0, 3))
        if extra == 1:
            parts.append(draw(fence()))
        elif extra == 2 and depth < 1:
            parts.append(draw(list_block(depth=depth + 1)))
        elif extra == 3:
            parts.append(draw(paragraph()))
        body = "\n\n".join(parts)
        items.append(indent(body, " " * len(marker), marker))
    return "\n".join(items)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(list_block())
    if kind == 1:
        inner = draw(st.one_of(paragraph(), list_block(), fence()))
        return indent(inner, "> ")
    return draw(simple_block())


@st.composite
def document(draw: st.DrawFn) -> bytes:
    # A post opening with a ``---`` line and no closing one is an unclosed front matter (an error), not a rule.
    body = "\n\n".join([draw(paragraph()), *draw(st.lists(block(), max_size=6))])
    front = draw(st.sampled_from(["", "yaml", "toml"]))
    if front == "yaml":
        body = f"---\ntitle: \"{draw(ZH)}\"\ndescription: \ntags: [record]\nsummary: {draw(ZH)} # 注释\n---\n\n" + body
    elif front == "toml":
        body = f"+++\ntitle = \"{draw(ZH)}\"\ndraft = false\n+++\n" + body
    if draw(st.booleans()):
        body += "\n"
    eol = draw(st.sampled_from(["\n", "\r\n", "mixed", "\r"]))
    if eol == "mixed":
        lines = body.split("\n")
        ends = draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(lines), max_size=len(lines)))
        body = "".join(line + end for line, end in zip(lines[:-1], ends)) + lines[-1]
    elif eol != "\n":
        body = body.replace("\n", eol)
    raw = body.encode("utf-8")
    return b"\xef\xbb\xbf" + raw if draw(st.booleans()) else raw


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
