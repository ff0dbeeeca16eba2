"""Which files are read as posts: links out of the content folder, unreadable folders, an output folder among the posts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fakellm import FakeLLM
from test_pipeline import ENGLISH, blog  # noqa: F401  (a fixture)
from translate.cli import run as cli


def test_a_link_out_of_the_content_folder_is_skipped_with_a_warning(blog: Path, fake: FakeLLM, tmp_path: Path,  # noqa: F811
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# 秘密\n\n不该发布的内容。\n", encoding="utf-8")
    os.symlink(secret, "content/_posts/2024-01-02-passwd.md")
    assert cli(["run"]) == 0
    err = capsys.readouterr().err
    warning = (f"Warning: content/_posts/2024-01-02-passwd.md: skipped: it is a symbolic link to {secret}, "
               f"outside the content folder content; copy the post into the folder to translate it\n")
    assert err.count(warning) == 1
    assert ENGLISH.is_file() and not Path("content/en/_posts/2024-01-02-passwd.md").exists()
    assert not any("秘密" in text for body in fake.requests for text in str(body).split())
    assert cli(["check", "--strict"]) == 0
    assert warning in capsys.readouterr().err


def test_a_link_out_of_the_content_folder_given_by_name_is_refused(blog: Path, tmp_path: Path,  # noqa: F811
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("秘密。\n", encoding="utf-8")
    os.symlink(secret, "content/_posts/passwd.md")
    assert cli(["run", "content/_posts/passwd.md"]) == 2
    assert capsys.readouterr().err == (
        f"Error: content/_posts/passwd.md: leads through a symbolic link to {secret}, outside the content folder "
        f"content; translate follows no link out of it: copy the post into the folder\n")


def test_a_link_that_stays_inside_the_content_folder_is_followed(blog: Path, fake: FakeLLM) -> None:  # noqa: F811
    Path("content/.drafts").mkdir()
    Path("content/.drafts/b.md").write_text("草稿变成了文章。\n", encoding="utf-8")
    os.symlink(Path("content/.drafts/b.md").absolute(), "content/_posts/2024-01-02-b.md")
    assert cli(["run"]) == 0
    assert Path("content/en/_posts/2024-01-02-b.md").is_file()


def test_an_unreadable_folder_of_posts_is_an_error_not_an_empty_folder(blog: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    private = Path("content/_posts/private").absolute()
    private.mkdir()
    (private / "2024-01-02-b.md").write_text("看不到的文章。\n", encoding="utf-8")
    scandir = os.scandir

    def unreadable(path: object = ".") -> object:  # as chmod 000 would be for anyone but root
        if Path(str(path)) == private:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", unreadable)
    assert cli(["check"]) == 2
    message = ("Error: content/_posts/private: cannot read this folder (Permission denied); "
               "make it readable, or move it out of the posts\n")
    assert capsys.readouterr().err == message
    assert cli(["run"]) == 2
    assert capsys.readouterr().err == message
    assert not ENGLISH.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_without_read_permission_is_an_error(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    private = Path("content/_posts/private")
    private.mkdir()
    (private / "2024-01-02-b.md").write_text("看不到的文章。\n", encoding="utf-8")
    private.chmod(0)
    try:
        assert cli(["check"]) == 2
        assert "Error: content/_posts/private: cannot read this folder (Permission denied)" in capsys.readouterr().err
    finally:
        private.chmod(0o755)


@pytest.mark.parametrize(("args", "shown"), [
    (["run", "content", "--out", "content"], "is the folder of posts content"),
    (["run", "--out", "content/english"], "content/english (--out or out =) is inside the folder of posts content"),
    (["run", "content/_posts/2024-01-01-a.md", "--out", "content/_posts"], "is inside the folder of posts content"),
    (["run", "content/_posts", "--out", "content/_posts/en"], "is inside the folder of posts content"),
])
def test_an_output_folder_among_the_posts_is_a_usage_error(blog: Path, capsys: pytest.CaptureFixture[str],  # noqa: F811
                                                           args: list[str], shown: str) -> None:
    before = sorted(Path("content").rglob("*"))
    assert cli(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: the output folder ") and shown in err and err.count("\n") == 1
    assert err.endswith("English posts would mix with the Chinese ones; choose an output folder outside it\n")
    assert sorted(Path("content").rglob("*")) == before
