"""``translate segment POST [--json]``: what would be sent, and one-line errors for bad posts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate.cli import run


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_one_line_error(capsys: pytest.CaptureFixture[str], code: int, path: Path, line: int | None) -> str:
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "Traceback" not in err and err.count("\n") == 1
    where = f"{path}:{line}: " if line else f"{path}"
    assert err.startswith(f"Error: {where}"), err
    return err


def test_segment_lists_segments_and_placeholders(seed_post: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["segment", str(seed_post)]) == 0
    out, err = capsys.readouterr()
    assert f"{seed_post}:3  [1] field" in out
    assert "<m1/> = [`envd`]((https://github.com/tensorchord/envd)" in out
    assert err.strip().endswith("segments")


def test_segment_json(seed_post: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["segment", "--json", str(seed_post)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["post"] == str(seed_post)
    first = payload["segments"][0]
    assert first == {"id": "1", "line": 3, "kind": "field", "text": "2022 年终总结", "placeholders": {}}
    ids = [s["id"] for s in payload["segments"]]
    assert len(ids) == len(set(ids)) > 10
    figcaption = [s for s in payload["segments"] if "Pitch deck" in s["text"]]
    assert figcaption == []  # English text is not sent


def test_non_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "gbk.md", "# 标题\n\n".encode() + "正文".encode("gbk") + b"\n")
    err = _assert_one_line_error(capsys, run(["segment", str(path)]), path, 3)
    assert "UTF-8" in err


def test_binary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "bin.md", bytes(range(256)))
    err = _assert_one_line_error(capsys, run(["segment", str(path)]), path, None)
    assert "binary" in err


def test_broken_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "bad.md", "---\ntitle: \"未闭合\nlayout: post\n---\n正文\n".encode())
    err = _assert_one_line_error(capsys, run(["segment", str(path)]), path, None)
    assert "YAML" in err and f"{path}:" in err


def test_unclosed_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "open.md", "---\ntitle: 标题\n\n正文\n".encode())
    err = _assert_one_line_error(capsys, run(["segment", str(path)]), path, 1)
    assert "never closed" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.md"
    _assert_one_line_error(capsys, run(["segment", str(path)]), path, None)


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "empty.md", b"")
    assert run(["segment", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["segments"] == []
    assert run(["segment", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and err.strip() == "0 segments"


def test_unclosed_fence_passes_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = "开头的段落。\n\n```python\nprint('代码')\n\n这行在未闭合的代码块里\n".encode()
    path = _write(tmp_path, "fence.md", raw)
    assert run(["segment", "--json", str(path)]) == 0
    texts = [s["text"] for s in json.loads(capsys.readouterr().out)["segments"]]
    assert texts == ["开头的段落。"]  # everything after the fence is code, kept verbatim


def test_usage_error_is_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["segment"]) == 2
    assert "Traceback" not in capsys.readouterr().err
