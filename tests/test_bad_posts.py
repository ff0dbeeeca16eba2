"""Posts that cannot be translated as they are fail alone, with ``path:line`` and what to do; the others are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakellm import FakeLLM
from test_pipeline import ENGLISH, blog  # noqa: F401  (a fixture)
from translate.cli import run as cli
from translate.errors import PostError
from translate.source.post import parse_post

POSTS = Path("content/_posts")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("# 标题\n\n正文。\n".encode("utf-16"), "is UTF-16 (little-endian) text, not UTF-8; re-save it as UTF-8 (for example: iconv -f UTF-16LE -t UTF-8)"),
        ("\ufeff# 标题\n".encode("utf-16-be"), "is UTF-16 (big-endian) text, not UTF-8"),
        ("# 标题\n\n正文。\n".encode("utf-16-le"), "is UTF-16 (little-endian) text"),  # no BOM
        ("# title\n\ntext.\n".encode("utf-16-be"), "is UTF-16 (big-endian) text"),  # no BOM, and valid UTF-8 too
        ("# 标题\n".encode("utf-32"), "is UTF-32 (little-endian) text, not UTF-8; re-save it as UTF-8 (for example: iconv -f UTF-32LE -t UTF-8)"),
        ("# 标题\n".encode("utf-32-be"), "is UTF-32 (big-endian) text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not a Markdown post; remove it from the inputs"),
    ],
)
def test_wide_unicode_and_binary_files_are_named_for_what_they_are(raw: bytes, message: str) -> None:
    with pytest.raises(PostError) as caught:
        parse_post(raw, path=Path("post.md"))
    assert str(caught.value).startswith(f"post.md: {message}")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("正文。\n\n" * 5000 + "后面\x00有一个。\n", 10001, 3),  # far past the first 8 KiB
        ("a\r\nbc\x00d\r\n", 2, 3),
        ("正文\x00。\n", 1, 3),  # an even number of bytes: still UTF-8 with a stray NUL, not UTF-16
    ],
)
def test_a_nul_byte_anywhere_is_reported_at_its_line(text: str, line: int, column: int) -> None:
    with pytest.raises(PostError) as caught:
        parse_post(text.encode("utf-8"), path=Path("post.md"))
    assert str(caught.value) == f"post.md:{line}: contains a NUL byte (column {column}), which a text post cannot hold; delete it"


def test_encoding_problems_fail_their_posts_alone(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    (POSTS / "2024-01-02-nul.md").write_bytes(("正文。\n\n" * 5000 + "后面\x00有一个。\n").encode("utf-8"))
    (POSTS / "2024-01-03-utf16.md").write_bytes("# 标题\n\n正文。\n".encode("utf-16"))
    (POSTS / "2024-01-04-utf32.md").write_bytes("# 标题\n\n正文。\n".encode("utf-32-be"))
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert "Error: content/_posts/2024-01-02-nul.md:10001: contains a NUL byte (column 3), which a text post cannot hold; delete it\n" in err
    assert ("Error: content/_posts/2024-01-03-utf16.md: is UTF-16 (little-endian) text, not UTF-8; "
            "re-save it as UTF-8 (for example: iconv -f UTF-16LE -t UTF-8)\n") in err
    assert "Error: content/_posts/2024-01-04-utf32.md: is UTF-32 (big-endian) text, not UTF-8" in err
    assert "content/en/" not in "".join(line for line in err.splitlines() if line.startswith("Error"))
    assert ENGLISH.is_file()
    assert sorted(p.name for p in Path("content/en/_posts").iterdir()) == [ENGLISH.name]
    assert cli(["check"]) == 1 and cli(["check", "--allow-pending"]) == 0  # pending: a person fixes the posts, the next run translates them
    assert cli(["check", "--strict"]) == 1


NESTING_MESSAGE = ("lists or blockquotes nested too deep for the parser (20 levels, a list counting 2): "
                   "this text would stay untranslated; flatten the nesting")


def _quotes(depth: int) -> str:
    return "开头。\n\n" + "".join("> " * level + f"第{level}层引用。\n" for level in range(1, depth + 1)) + "\n结尾。\n"


def _lists(depth: int) -> str:
    return "开头。\n\n" + "".join("  " * level + f"- 第{level + 1}层列表。\n" for level in range(depth)) + "\n结尾。\n"


@pytest.mark.parametrize(("text", "line"), [(_quotes(20), 22), (_quotes(60), 22), (_lists(10), 12), (_lists(30), 12),
                                            ("---\ntitle: 标题\n---\n" + ">" * 20 + " 深处。\n", 4)])
def test_blocks_nested_past_the_parser_limit_fail_at_the_first_line_it_cannot_read(text: str, line: int) -> None:
    from translate.source.segment import segment

    with pytest.raises(PostError) as caught:
        segment(parse_post(text.encode("utf-8"), path=Path("post.md")), all_text=True)
    assert str(caught.value) == f"post.md:{line}: {NESTING_MESSAGE}"


@pytest.mark.parametrize("text", [_quotes(19), _lists(9)])
def test_blocks_nested_up_to_the_limit_are_all_translated(text: str) -> None:
    from translate.source.segment import join, segment

    post = parse_post(text.encode("utf-8"))
    segments = segment(post, all_text=True)
    assert [s.text for s in segments][-2:] != [] and segments[-1].text == "结尾。"
    assert len(segments) == 1 + (19 if "引用" in text else 9) + 1  # every level's text is a segment
    assert join(post.text, segments, {s.id: s.text for s in segments}) == post.text


def test_a_post_nested_too_deep_fails_alone(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    (POSTS / "2024-01-02-deep.md").write_text(_quotes(25), encoding="utf-8")
    (POSTS / "2024-01-03-lists.md").write_text(_lists(12), encoding="utf-8")
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert f"Error: content/_posts/2024-01-02-deep.md:22: {NESTING_MESSAGE}\n" in err
    assert f"Error: content/_posts/2024-01-03-lists.md:12: {NESTING_MESSAGE}\n" in err
    assert sorted(p.name for p in Path("content/en/_posts").iterdir()) == [ENGLISH.name]
    assert cli(["glossary", "extract"]) == 0  # term extraction skips the post with a warning
    assert f"Warning: content/_posts/2024-01-02-deep.md:22: {NESTING_MESSAGE}; skipped" in capsys.readouterr().err


def test_an_oversized_paragraph_fails_its_post_before_anything_is_sent(blog: Path, fake: FakeLLM,  # noqa: F811
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (POSTS / "2024-01-02-huge.md").write_text("开头。\n\n" + "很长的一句话。\n" * 10000 + "\n结尾。\n", encoding="utf-8")
    assert cli(["run", "--dry-run"]) == 1
    assert len(fake.requests) == 0
    message = ("Error: content/_posts/2024-01-02-huge.md:3: this paragraph is about 82000 tokens, more than "
               "max_segment_tokens (4000), and would be cut off; split it into shorter paragraphs, or raise max_segment_tokens\n")
    assert message in capsys.readouterr().err
    assert cli(["run"]) == 1
    assert message in capsys.readouterr().err
    sent = "".join(str(body) for body in fake.requests)
    assert "很长的一句话" not in sent and "开头" not in sent and "结尾" not in sent  # nothing of that post was sent
    assert sorted(p.name for p in Path("content/en/_posts").iterdir()) == [ENGLISH.name]


def test_the_segment_limit_is_a_setting(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    (POSTS / "2024-01-02-long.md").write_text("# 标题\n\n" + "一句话。" * 30 + "\n", encoding="utf-8")
    Path("pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nmax_segment_tokens = 100\n', encoding="utf-8")
    assert cli(["run"]) == 1
    err = capsys.readouterr().err
    assert ("Error: content/_posts/2024-01-02-long.md:3: this paragraph is about 138 tokens, more than "
            "max_segment_tokens (100)") in err
    assert ENGLISH.is_file()
    assert cli(["run"]) == 1 and not Path("content/en/_posts/2024-01-02-long.md").exists()
    capsys.readouterr()
    assert cli(["run", "--dry-run"]) == 1  # still failing, still nothing sent for it
    Path("pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nmax_segment_tokens = "auto"\n', encoding="utf-8")
    assert cli(["run"]) == 0
    assert Path("content/en/_posts/2024-01-02-long.md").is_file()
