"""Segments, masking and joining: placeholders come back exactly once, containers keep their prefixes."""

from __future__ import annotations

import pytest

from translate.errors import PlaceholderError
from translate.source.post import parse_post
from translate.source.protect import Span, mask, placeholder_problems, restore
from translate.source.segment import join, render, segment


def _segments(text: str):  # type: ignore[no-untyped-def]
    post = parse_post(text.encode())
    return post, segment(post)


def test_mask_and_restore_round_trip() -> None:
    content = "看 `code` 和 [链接](https://a.b/c) 以及 https://x.y/z 结束"
    spans = [Span(2, 8), Span(11, 30, 12, 14)]
    masked, placeholders = mask(content, spans)
    assert masked == "看 <m1/> 和 <l1>链接</l1> 以及 <m2/> 结束"
    assert restore(masked, placeholders) == content
    moved = "<l1>Link</l1> and <m2/> then <m1/>"
    assert restore(moved, placeholders) == "[Link](https://a.b/c) and https://x.y/z then `code`"


@pytest.fixture
def masked():  # type: ignore[no-untyped-def]
    return mask("用 `a` 和 [链接](/x)", [Span(2, 5), Span(8, 16, 9, 11)])


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Use <l1>link</l1>", "missing placeholder <m1/>"),
        ("Use <m1/> <m1/> and <l1>link</l1>", "placeholder <m1/> appears 2 times"),
        ("Use <m1/> <m2/> and <l1>link</l1>", "invented placeholder <m2/>"),
        ("Use <m1/> and <l3>link</l3>", "invented placeholder <l3>"),
        ("Use <m1/> and </l1>link<l1>", "placeholder </l1> comes before <l1>"),
        ("Use <m1/> and link", "missing placeholder <l1>"),
    ],
)
def test_restore_fails_loudly(masked, translation: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    text, placeholders = masked
    assert text == "用 <m1/> 和 <l1>链接</l1>"
    assert problem in placeholder_problems(translation, placeholders)
    with pytest.raises(PlaceholderError, match=problem):
        restore(translation, placeholders)


def test_restore_tolerates_spacing_inside_a_placeholder(masked) -> None:  # type: ignore[no-untyped-def]
    _, placeholders = masked
    assert restore("Use <m1 /> and <l1>link</l1>", placeholders) == "Use `a` and [link](/x)"


def test_placeholder_lookalikes_in_the_source_are_protected() -> None:
    post, segs = _segments("文本里有 <m1/> 这样的字样。\n")
    assert segs[0].text == "文本里有 <m1/> 这样的字样。"
    assert segs[0].placeholders[0].original == "<m1/>"


def test_english_blocks_are_not_segments() -> None:
    _, segs = _segments("English only.\n\n中文段落。\n\n```\n代码\n```\n")
    assert [s.text for s in segs] == ["中文段落。"]


def test_identity_translation_is_refused_by_render() -> None:
    _, segs = _segments("中文。\n")
    with pytest.raises(ValueError):
        render(segs[0], segs[0].text)


def test_multi_line_list_paragraph_becomes_one_line_inside_the_item() -> None:
    post, segs = _segments("- 第一行\n  第二行\n- 第二项\n")
    out = join(post.text, segs, {segs[0].id: "First line\nsecond line"})
    assert out == "- First line second line\n- 第二项\n"


def test_translation_keeps_blockquote_prefix_for_a_restored_multi_line_placeholder() -> None:
    post, segs = _segments("> 看 `a\n> b` 这里\n> 结束\n")
    (seg,) = segs
    assert seg.text == "看 <m1/> 这里结束"
    out = join(post.text, segs, {seg.id: "See <m1/> here,\nthe end"})
    assert out == "> See `a\n> b` here, the end\n"


@pytest.mark.parametrize(
    ("translation", "written"),
    [("- not a list", "\\- not a list"), ("# not a heading", "\\# not a heading"), ("1. not a list", "1\\. not a list"), ("> no quote", "\\> no quote")],
)
def test_translation_cannot_change_the_block_type(translation: str, written: str) -> None:
    post, segs = _segments("中文段落。\n")
    assert join(post.text, segs, {segs[0].id: translation}) == written + "\n"


def test_table_cell_translation_escapes_pipes() -> None:
    post, segs = _segments("| 名称 | 说明 |\n|---|---|\n| a | 包含 \\| 竖线 |\n")
    cell = next(s for s in segs if "竖线" in s.text)
    assert cell.text == "包含 | 竖线"
    out = join(post.text, segs, {cell.id: "has | pipe"})
    assert out.endswith("| a | has \\| pipe |\n")


def test_html_attribute_translation_is_escaped() -> None:
    post, segs = _segments('<img src="/a.png" alt="示意图">\n')
    (seg,) = segs
    assert seg.kind == "attr"
    assert join(post.text, segs, {seg.id: 'a "diagram"'}) == '<img src="/a.png" alt="a &quot;diagram&quot;">\n'


def test_shortcut_reference_link_keeps_its_label() -> None:
    post, segs = _segments("见[文档]。\n\n[文档]: https://example.com/doc\n")
    (seg,) = segs
    assert seg.text == "见<l1>文档</l1>。"
    out = join(post.text, segs, {seg.id: "See <l1>the docs</l1>."})
    assert out.startswith("See [the docs][文档].\n")


def test_segment_ids_are_unique_and_in_source_order() -> None:
    post, segs = _segments("---\ntitle: 标题\n---\n# 标题一\n\n段落。\n\n| 表头 |\n|---|\n| 单元 |\n")
    assert [s.id for s in segs] == [str(n) for n in range(1, len(segs) + 1)]
    assert [s.start for s in segs] == sorted(s.start for s in segs)
    assert [s.kind for s in segs] == ["field", "heading", "paragraph", "cell", "cell"]
    assert [s.line for s in segs] == [2, 4, 6, 8, 10]


def test_unclosed_fence_is_kept_verbatim() -> None:
    from fidelity import check_identity, check_pseudo

    raw = "段落。\n\n```\n未闭合的代码\n\n# 不是标题\n".encode()
    check_identity(raw)
    assert "未闭合的代码\n\n# 不是标题\n" in check_pseudo(raw)


def test_footnote_definitions_are_translated_whether_or_not_they_are_referenced() -> None:
    from translate.source.post import parse_post
    from translate.source.segment import join, segment

    raw = "正文[^a]。\n\n[^a]: 被引用的脚注。\n[^b]: 没有被引用的脚注。\n".encode()
    post = parse_post(raw)
    texts = [s.text for s in segment(post)]
    assert "被引用的脚注。" in texts and "没有被引用的脚注。" in texts
    english = join(post.text, segment(post), {s.id: "Note." for s in segment(post) if "脚注" in s.text})
    assert english == "正文[^a]。\n\n[^a]: Note.\n[^b]: Note.\n"
