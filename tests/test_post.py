"""Reading posts: strict UTF-8, BOM, line endings, front matter kept raw; bad input is a clear PostError."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import PostError
from translate.source.fields import field_values
from translate.source.post import count_lines, parse_post, read_post
from translate.source.segment import join, segment


def test_yaml_front_matter_is_parsed_and_kept_raw() -> None:
    raw = "---\ntitle: \"标题\"\ntags: [record]\ndescription: \n---\n\n正文。\n".encode()
    post = parse_post(raw)
    assert post.front_matter is not None and post.front_matter.kind == "yaml"
    assert post.front_matter.data == {"title": "标题", "tags": ["record"], "description": None}
    assert post.text[post.body_start :] == "\n正文。\n"
    assert post.body_line == 5
    assert post.to_bytes() == raw


def test_toml_front_matter() -> None:
    post = parse_post("+++\r\ntitle = \"标题\"\r\ndraft = false\r\n+++\r\n正文\r\n".encode())
    assert post.front_matter is not None and post.front_matter.kind == "toml"
    assert post.front_matter.data == {"title": "标题", "draft": False}
    assert post.text[post.body_start :] == "正文\r\n"


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_front_matter_closes_with_any_line_ending(eol: str) -> None:
    post = parse_post(f"---{eol}title: 标题{eol}---{eol}正文".encode())
    assert post.front_matter is not None and post.front_matter.data == {"title": "标题"}
    assert post.text[post.body_start :] == "正文"
    assert [v.value for v in field_values(post, ["title"])] == ["标题"]


def test_bom_is_kept() -> None:
    raw = b"\xef\xbb\xbf# \xe6\xa0\x87\xe9\xa2\x98\n"
    post = parse_post(raw)
    assert post.bom and not post.text.startswith("\ufeff")
    assert post.to_bytes() == raw
    assert post.to_bytes("x") == b"\xef\xbb\xbfx"


def test_no_front_matter_and_no_final_newline() -> None:
    post = parse_post("正文没有换行".encode())
    assert post.front_matter is None and post.body_start == 0
    assert post.to_bytes() == "正文没有换行".encode()


def test_empty_file_has_no_segments() -> None:
    post = parse_post(b"")
    assert post.text == "" and segment(post) == []


def test_count_lines_counts_crlf_once_and_lone_cr() -> None:
    assert count_lines("a\r\nb\rc\nd", 8) == 3


def test_non_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.md"
    path.write_bytes("第一行\n".encode() + "第二行".encode("gbk") + b"\n")
    with pytest.raises(PostError) as info:
        read_post(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2: ") and "UTF-8" in message and "\n" not in message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(PostError, match="binary"):
        read_post(path)


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: ok\ntags: [a, b\nlayout: post\n---\n正文\n", encoding="utf-8")
    with pytest.raises(PostError) as info:
        read_post(path)
    message = str(info.value)
    assert message.startswith(f"{path}:") and "YAML" in message and "\n" not in message
    assert info.value.line is not None and 2 <= info.value.line <= 5


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(PostError, match="mapping"):
        parse_post("---\n- a\n- b\n---\n正文\n".encode())


def test_broken_toml() -> None:
    with pytest.raises(PostError, match="TOML"):
        parse_post("+++\ntitle = \n+++\n正文\n".encode())


def test_unclosed_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "open.md"
    path.write_text("---\ntitle: 标题\n\n正文\n", encoding="utf-8")
    with pytest.raises(PostError, match="never closed") as info:
        read_post(path)
    assert str(info.value).startswith(f"{path}:1: ")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PostError, match="cannot read"):
        read_post(tmp_path / "nope.md")


def test_translated_field_is_replaced_in_place_and_other_lines_are_untouched() -> None:
    source = "---\nlayout: post\ntitle: \"2022 年终总结\"\ndescription: \nsummary: 总结 # 注释\ntags: [record]\n---\n正文\n"
    post = parse_post(source.encode())
    segments = [s for s in segment(post) if s.kind == "field"]
    assert [s.text for s in segments] == ["2022 年终总结", "总结"]
    out = join(post.text, segments, {segments[0].id: "2022: a year in review", segments[1].id: "Summary"})
    assert out == "---\nlayout: post\ntitle: \"2022: a year in review\"\ndescription: \nsummary: Summary # 注释\ntags: [record]\n---\n正文\n"
    assert parse_post(out.encode()).front_matter.data["tags"] == ["record"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "value"),
    [("'它''s 标题'", "它's 标题"), ('"转义 \\" 引号"', '转义 " 引号'), ("纯文本#不是注释", "纯文本#不是注释")],
)
def test_field_spans_cover_the_whole_scalar(line: str, value: str) -> None:
    post = parse_post(f"---\ntitle: {line}  # 注释\n---\n".encode())
    (found,) = field_values(post, ["title"])
    assert found.value == value and post.text[found.start : found.end] == line


def test_write_atomic_uses_its_own_temporary_file_and_leftovers_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    from translate.source.post import remove_stale_temporaries, write_atomic

    target = tmp_path / "post.md"
    stale = tmp_path / ".post.md.k1ll3d.translate.tmp"
    stale.write_bytes(b"half a po")
    during: list[str] = []
    assert write_atomic(target, b"whole post\n", before_replace=lambda: during.extend(p.name for p in tmp_path.glob(".post.md.*")))
    # Its own temporary file, fully written before the rename; the leftover is not reused.
    assert len(during) == 2 and stale.name in during and target.read_bytes() == b"whole post\n"
    assert [p.name for p in tmp_path.glob(".post.md.*")] == [stale.name]
    remove_stale_temporaries(tmp_path)
    assert not stale.exists() and target.exists()
    assert not write_atomic(target, b"whole post\n")  # unchanged: not rewritten
