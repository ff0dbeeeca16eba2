"""Settings: every value checked by its own typed rule; errors name the key, its source and what is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.cli import run as cli
from translate.config import Settings, load_settings
from translate.errors import ConfigError


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one post and no settings, as the current directory."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.translate]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def settings_from(project: Path, toml: str = "", environ: dict[str, str] | None = None, **flags: object) -> Settings:
    (project / "pyproject.toml").write_text(f"[tool.translate]\n{toml}\n", encoding="utf-8")
    return load_settings(cwd=project, environ=environ or {}, flags=flags)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("timeout = -5", "invalid setting timeout = -5 ([tool.translate] in pyproject.toml); set it to a number of seconds greater than 0"),
        ("timeout = nan", "set it to a number of seconds greater than 0"),
        ("model = [1, 2]", "invalid setting model = [1, 2] ([tool.translate] in pyproject.toml); set it to a model name"),
        ('model = ""', "invalid setting model"),
        ("fields = 5", 'invalid setting fields = 5 ([tool.translate] in pyproject.toml); set it to a list of front matter field names'),
        ('fields = ["title", 3]', "invalid setting fields"),
        ('math = "maybe"', 'invalid setting math = "maybe" ([tool.translate] in pyproject.toml); set it to true or false'),
        ("json_mode = 1", "invalid setting json_mode = 1"),
        ("max_tries = 2.7", "invalid setting max_tries = 2.7 ([tool.translate] in pyproject.toml); set it to a whole number, at least 1"),
        ("max_tries = 0", "set it to a whole number, at least 1"),
        ("concurrency = true", "invalid setting concurrency = true"),
        ("batch_tokens = 10", "invalid setting batch_tokens = 10 ([tool.translate] in pyproject.toml); set it to a whole number, at least 50"),
        ("max_segment_tokens = 1.5", 'set it to a whole number, at least 50, or "auto"'),
        ("parse_workers = -1", "invalid setting parse_workers = -1"),
        ('layout = "wordpress"', "invalid setting layout = \"wordpress\" ([tool.translate] in pyproject.toml); set it to one of auto, jekyll, hugo, hugo-suffix, hexo, mirror"),
        ("glossary = 3", "invalid setting glossary = 3 ([tool.translate] in pyproject.toml); set it to a file path"),
        ("cache_dir = []", "invalid setting cache_dir"),
        ("content = 4", 'invalid setting content = 4 ([tool.translate] in pyproject.toml); set it to a list of folders'),
        ("content = []", "invalid setting content = []"),
        ('prices = { "m" = [0.15] }', 'invalid setting prices = {"m": [0.15]}'),
        ('prices = { "m" = [-1, 2] }', "invalid setting prices"),
        ('lang_field = "my lang"', 'invalid setting lang_field = "my lang" ([tool.translate] in pyproject.toml); set it to a front matter field name'),
        ('lang_field = "title"', 'invalid setting lang_field = "title" ([tool.translate] in pyproject.toml): it names a translated field'),
        ('source_field = "lang"', "invalid settings lang_field and source_field: both are \"lang\""),
        ('base_url = "ftp://example.com"', "set it to an http:// or https:// URL"),
    ],
)
def test_a_bad_value_in_pyproject_is_exit_2_naming_key_source_and_valid_values(
        project: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str) -> None:
    (project / "pyproject.toml").write_text(f"[tool.translate]\n{setting}\n", encoding="utf-8")
    assert cli(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and message in err, err
    assert err.count("\n") == 1 and "internal error" not in err


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRANSLATE_MAX_TRIES", "2.7", 'invalid setting max_tries = "2.7" (environment TRANSLATE_MAX_TRIES); set it to a whole number, at least 1'),
        ("TRANSLATE_TIMEOUT", "-5", 'invalid setting timeout = "-5" (environment TRANSLATE_TIMEOUT)'),
        ("TRANSLATE_MATH", "maybe", 'invalid setting math = "maybe" (environment TRANSLATE_MATH); set it to true or false (or 1/0, yes/no, on/off)'),
        ("TRANSLATE_PRICES", "3", "(environment TRANSLATE_PRICES); set it to a JSON object"),
        ("TRANSLATE_LAYOUT", "blogger", "(environment TRANSLATE_LAYOUT); set it to one of auto, jekyll"),
        ("TRANSLATE_FIELDS", "title,lang", 'invalid setting lang_field = "lang" (the default): it names a translated field '
                                           '(fields = ["title", "lang"], environment TRANSLATE_FIELDS)'),
        ("TRANSLATE_COLOUR", "1", "unknown setting colour (environment TRANSLATE_COLOUR); valid settings:"),
    ],
)
def test_a_bad_environment_value_names_the_variable(project: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=project, environ={name: value})
    assert message in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_bad_flag_names_the_flag(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "--concurrency", "0"]) == 2
    assert "Error: invalid setting concurrency = 0 (command line --concurrency); set it to a whole number, at least 1" in capsys.readouterr().err


def test_environment_text_is_parsed_and_toml_values_are_taken_as_they_are(project: Path) -> None:
    settings = settings_from(project, 'content = "posts"\nparse_workers = "auto"\nmax_segment_tokens = 800', environ={
        "TRANSLATE_MATH": "yes", "TRANSLATE_JSON_MODE": "0", "TRANSLATE_TIMEOUT": "2.5", "TRANSLATE_FIELDS": "title, summary",
        "TRANSLATE_PRICES": '{"m": [1, 2]}', "TRANSLATE_CONCURRENCY": "8", "TRANSLATE_MODEL": "", "OPENAI_BASE_URL": "http://127.0.0.1:1/v1",
    })
    assert settings.math is True and settings.json_mode is False and settings.timeout == 2.5
    assert settings.fields == ("title", "summary") and settings.prices == {"m": (1.0, 2.0)} and settings.concurrency == 8
    assert settings.model == "gpt-4o-mini"  # an empty variable counts as unset
    assert settings.content == (Path("posts"),) and settings.parse_workers is None and settings.max_segment_tokens == 800
    assert settings.base_url == "http://127.0.0.1:1/v1"
    assert settings_from(project, "timeout = 7").timeout == 7.0
    assert settings_from(project, concurrency=3, out=Path("english")).out == Path("english")


def test_a_base_url_is_never_shown_in_a_message(project: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=project, environ={"OPENAI_BASE_URL": "ftp://user:s3cret@example.com"})
    assert "s3cret" not in str(caught.value) and "environment OPENAI_BASE_URL" in str(caught.value)


def test_root_is_found_not_set(project: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown setting root \(\[tool.translate\] in pyproject.toml\)"):
        settings_from(project, 'root = "elsewhere"')


def test_tool_translate_that_is_not_a_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool]\ntranslate = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a table"):
        load_settings(cwd=project, environ={})


def test_the_segment_limit_defaults_to_a_batch_of_at_least_4000_tokens(project: Path) -> None:
    assert settings_from(project).segment_token_limit() == 4000
    assert settings_from(project, "batch_tokens = 60").segment_token_limit() == 4000
    assert settings_from(project, "batch_tokens = 9000").segment_token_limit() == 9000
    assert settings_from(project, "batch_tokens = 9000\nmax_segment_tokens = 100").segment_token_limit() == 100


def test_a_lock_file_in_a_folder_that_is_a_file_is_a_configuration_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text('[tool.translate]\nlock_file = "content/a.md/locks/translate.lock"\n', encoding="utf-8")
    assert cli(["run"]) == 2
    assert ("Error: cannot write the lock file in content/a.md/locks: content/a.md is a file, not a folder; "
            "set lock_file to a file in a writable folder") in capsys.readouterr().err


def test_a_cache_that_cannot_be_written_is_a_configuration_error(project: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRANSLATE_CACHE_DIR")
    (project / "pyproject.toml").write_text('[tool.translate]\ncache_dir = "content/a.md"\n', encoding="utf-8")
    assert cli(["run"]) == 2
    assert "Error: cannot write the cache in content/a.md: it is a file, not a folder; set cache_dir" in capsys.readouterr().err
    assert cli(["cache", "stats"]) == 2
    assert "internal error" not in capsys.readouterr().err


def test_a_read_only_project_folder_is_a_configuration_error(project: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_access = os.access
    # As if the project folder were read-only (chmod cannot say so to root, who runs some CI).
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == project else real_access(path, mode))
    assert cli(["run"]) == 2
    err = capsys.readouterr().err
    assert f"Error: cannot write the lock file in {project}: it is not writable; make it writable, or set lock_file" in err
    assert not (project / "content" / "en").exists()


def test_an_os_error_is_one_line_naming_the_file(project: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.store.staleness

    def broken(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "translate.lock")

    monkeypatch.setattr(translate.store.staleness, "load_lock", broken)
    assert cli(["check"]) == 1
    err = capsys.readouterr().err
    assert err == "Error: translate.lock: Permission denied; check that it can be read and written and that the disk has room\n"


def test_the_cache_commands_need_only_the_cache_writable(project: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path_factory.mktemp("elsewhere") / "cache"))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == project else real_access(path, mode))
    assert cli(["cache", "stats"]) == 0
    assert cli(["run"]) == 2
    assert "cannot write the lock file" in capsys.readouterr().err


def test_a_standalone_translate_toml_is_read_and_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('model = "deepseek-chat"\nlayout = "hugo"\ncontent = ["content"]\n', encoding="utf-8")
    (tmp_path / "content" / "posts").mkdir(parents=True)
    settings = load_settings(cwd=tmp_path / "content" / "posts", environ={})
    assert settings.root == tmp_path.resolve() and settings.model == "deepseek-chat" and settings.layout == "hugo"


def test_settings_in_both_translate_toml_and_pyproject_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('model = "a"\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.translate]\nmodel = "b"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="both translate.toml and \\[tool.translate\\]") as caught:
        load_settings(cwd=tmp_path, environ={})
    assert caught.value.exit_code == 2
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "blog-tools"\n', encoding="utf-8")  # no [tool.translate]: fine
    assert load_settings(cwd=tmp_path, environ={}).model == "a"


def test_an_unknown_key_in_translate_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('modle = "a"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="modle \\(translate.toml\\)"):
        load_settings(cwd=tmp_path, environ={})
