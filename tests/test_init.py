"""``translate init`` on tiny Jekyll, Hugo and Hexo blogs built under tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from translate.cli import cli
from translate.cli import run as run_cli
from translate.config import load_settings
from translate.glossary.model import load_glossary
from translate.paths import english_path
from translate.site.starter import ignored
from translate.source.post import toml_module

POST = "---\ntitle: 新年随笔\n---\n\n今年我在才云工作，后来用 TiDB 和 envd 搭建了服务。\n\n我在交大读书时常去浦东，才云的同事都很好。\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty blog folder, the working folder; the cache folder is the default one inside it."""
    root = tmp_path / "blog"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("TRANSLATE_CACHE_DIR")
    return root


def jekyll(root: Path, config: str = "url: https://example.com\ntimezone: Asia/Shanghai\n") -> Path:
    return write(root, {"_config.yml": config, "_posts/2022-12-31-newyear.md": POST})


def hugo(root: Path, config: str = 'baseURL = "https://example.org/"\n', name: str = "hugo.toml") -> Path:
    return write(root, {name: config, "content/posts/a.md": POST})


def hexo(root: Path) -> Path:
    return write(root, {"_config.yml": "url: https://blog.example.com\nnew_post_name: :title.md\n",
                        "package.json": '{"dependencies": {"hexo": "^7.3.0"}}\n', "source/_posts/a.md": POST})


@dataclass(frozen=True, slots=True)
class Ran:
    """What a command printed (stdout, then stderr) and its exit status."""

    exit_code: int
    """The status ``translate.cli.run`` returned."""
    output: str
    """Its stdout followed by its stderr."""


@pytest.fixture
def init(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """Run ``translate init ARGS`` as the console script does, errors mapped to exit codes."""
    def run(*args: str) -> Ran:
        code = run_cli(["init", *args])
        captured = capsys.readouterr()
        return Ran(code, captured.out + captured.err)

    return run


def snippet(output: str, first: str) -> str:
    """The indented block of ``output`` starting at the line ``first``, unindented."""
    lines = output.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == first)
    block = []
    for line in lines[start:]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    return "\n".join(block).strip() + "\n"


def test_help_ends_with_examples(init: Callable[..., Ran]) -> None:
    result = init("--help")
    assert result.exit_code == 0
    assert "translate init" in result.output.split("Examples:")[1]
    assert "init" in CliRunner().invoke(cli, ["--help"]).output


def test_jekyll_blog(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    settings = load_settings(cwd=blog)
    assert (settings.content, settings.layout, settings.generator) == ((Path("_posts"),), "jekyll", "jekyll")
    assert settings.rewrite_links is True
    text = (blog / "translate.toml").read_text(encoding="utf-8")
    assert '# site_url = "https://example.com"' in text and 'model = "gpt-4o-mini"' in text
    assert "Blog: Jekyll (_config.yml)" in result.output
    assert "Content: _posts (1 post)" in result.output
    assert "_posts/2022-12-31-newyear.md → en/_posts/2022-12-31-newyear.md" in result.output
    for command in ("translate run --dry-run", "translate glossary review", "translate run "):
        assert command in result.output
    assert not (blog / "glossary.yaml").exists()
    # The default permalink (date) has :categories: en/_posts gets /en/… URLs without help.
    assert "defaults:" not in result.output and "Note:" not in result.output


def test_jekyll_collections_are_content(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog, "url: https://example.com\ncollections:\n  notes:\n    output: true\n  data:\n    output: false\n")
    write(blog, {"_notes/a.md": POST, "_data/b.md": POST})
    assert init("--no-glossary").exit_code == 0
    assert load_settings(cwd=blog).content == (Path("_posts"), Path("_notes"))


def test_jekyll_permalink_without_categories_gets_defaults_advice(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog, "url: https://example.com\ntimezone: UTC\npermalink: /:year/:month/:day/:title.html\n")
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    assert "neither :categories nor :path" in result.output
    assert yaml.safe_load(snippet(result.output, "defaults:")) == {
        "defaults": [{"scope": {"path": "en"}, "values": {"permalink": "/en/:year/:month/:day/:title.html", "lang": "en"}}]}


@pytest.mark.parametrize("permalink", ["/:categories/:title/", "/blog/:path/", "pretty"])
def test_jekyll_permalink_that_separates_english_gets_no_advice(blog: Path, permalink: str, init: Callable[..., Ran]) -> None:
    jekyll(blog, f"url: https://example.com\npermalink: {permalink}\n")
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    assert "defaults:" not in result.output


def test_jekyll_polyglot_keeps_links(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog, "url: https://example.com\npermalink: /:title/\nplugins:\n  - jekyll-polyglot\nlanguages: [zh, en]\ndefault_lang: zh\n")
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    assert load_settings(cwd=blog).rewrite_links is False
    assert "jekyll-polyglot: it points links at each language's pages when the site is built" in result.output
    assert "defaults:" not in result.output


def test_site_assumptions_are_notes(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog, "title: no address\n")
    result = init("--no-glossary")
    assert "Note: _config.yml: no url" in result.output
    assert "Site URL: not found" in result.output
    assert '# site_url = "https://example.com"' in (blog / "translate.toml").read_text(encoding="utf-8")


def test_hugo_blog_without_english_gets_languages_advice(blog: Path, init: Callable[..., Ran]) -> None:
    hugo(blog)
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    settings = load_settings(cwd=blog)
    assert (settings.content, settings.layout, settings.generator) == ((Path("content"),), "hugo", "hugo")
    assert "pair with the Chinese ones by path" in result.output
    advised = toml_module().loads(snippet(result.output, 'defaultContentLanguage = "zh"'))
    assert advised == {"defaultContentLanguage": "zh", "languages": {"zh": {"contentDir": "content", "weight": 1},
                                                                   "en": {"contentDir": "content.en", "weight": 2}}}


def test_hugo_yaml_configuration_gets_yaml_advice(blog: Path, init: Callable[..., Ran]) -> None:
    hugo(blog, "baseURL: https://x.org/\ndefaultContentLanguage: zh-cn\nlanguages:\n  zh-cn:\n    contentDir: content.zh\n",
         name="config.yaml")
    write(blog, {"content.zh/posts/b.md": POST})
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    assert load_settings(cwd=blog).content == (Path("content.zh"),)
    assert yaml.safe_load(snippet(result.output, "languages:")) == {"languages": {"en": {"contentDir": "content.en", "weight": 2}}}


def test_hugo_blog_with_english_gets_no_advice(blog: Path, init: Callable[..., Ran]) -> None:
    hugo(blog, 'baseURL = "https://x.org/"\ndefaultContentLanguage = "zh"\n[languages.zh]\nweight = 1\n'
               '[languages.en]\nweight = 2\ncontentDir = "content.en"\n')
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    assert "[languages" not in result.output and "declares no en language" not in result.output
    assert load_settings(cwd=blog).layout == "hugo"


def test_hugo_translations_by_file_name_get_the_suffix_layout(blog: Path, init: Callable[..., Ran]) -> None:
    hugo(blog, 'baseURL = "https://x.org/"\ndefaultContentLanguage = "zh"\n[languages.zh]\nweight = 1\n[languages.en]\nweight = 2\n')
    assert init("--no-glossary").exit_code == 0
    assert load_settings(cwd=blog).layout == "hugo-suffix"


def test_hexo_blog(blog: Path, init: Callable[..., Ran]) -> None:
    hexo(blog)
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    settings = load_settings(cwd=blog)
    assert (settings.content, settings.generator) == ((Path("source/_posts"),), "hexo")
    post = (blog / "source/_posts/a.md").resolve()
    assert english_path(settings, post, input_root=post.parent) == post.parent / "en" / "a.md"
    assert "declares no en language" not in result.output and "defaults:" not in result.output


def test_generator_option_overrides_detection(blog: Path, init: Callable[..., Ran]) -> None:
    hugo(blog)
    result = init("--no-glossary", "--generator", "jekyll")
    assert result.exit_code == 0, result.output
    assert load_settings(cwd=blog).generator == "jekyll"
    assert "Warning: content folder _posts does not exist yet" in result.output


def test_no_blog_found(blog: Path, init: Callable[..., Ran]) -> None:
    result = init()
    assert result.exit_code == 2
    assert "no Jekyll, Hugo or Hexo blog found" in result.output and "--generator" in result.output
    assert not (blog / "translate.toml").exists()


def test_refuses_a_configured_blog(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    (blog / "translate.toml").write_text('model = "mine"\n', encoding="utf-8")
    result = init("--no-glossary")
    assert result.exit_code == 2
    assert "translate.toml: already exists" in result.output and "--force" in result.output
    assert (blog / "translate.toml").read_text(encoding="utf-8") == 'model = "mine"\n'
    assert init("--no-glossary", "--force").exit_code == 0
    assert load_settings(cwd=blog).model == "gpt-4o-mini"


def test_refuses_settings_in_pyproject(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    (blog / "pyproject.toml").write_text('[tool.translate]\nmodel = "mine"\n', encoding="utf-8")
    result = init("--no-glossary", "--force")
    assert result.exit_code == 2
    assert "[tool.translate] in pyproject.toml" in result.output
    assert not (blog / "translate.toml").exists()


def test_pyproject_without_settings_is_fine(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    (blog / "pyproject.toml").write_text('[project]\nname = "blog"\n', encoding="utf-8")
    assert init("--no-glossary").exit_code == 0
    assert load_settings(cwd=blog).generator == "jekyll"


@pytest.mark.parametrize("before, after", [
    (None, b".translate-cache/\n"),
    (b"", b".translate-cache/\n"),
    (b"_site/\n", b"_site/\n.translate-cache/\n"),
    (b"_site/\r\n.jekyll-cache\r\n", b"_site/\r\n.jekyll-cache\r\n.translate-cache/\r\n"),
    (b"_site/\r\nnode_modules", b"_site/\r\nnode_modules\r\n.translate-cache/"),
    (b"_site\n/.translate-cache\n", b"_site\n/.translate-cache\n"),
    (b".translate-*/\n", b".translate-*/\n"),
    (b".translate-cache/\n!.translate-cache/\n", b".translate-cache/\n!.translate-cache/\n.translate-cache/\n"),
])
def test_gitignore(blog: Path, before: bytes | None, after: bytes, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    if before is not None:
        (blog / ".gitignore").write_bytes(before)
    assert init("--no-glossary").exit_code == 0
    assert (blog / ".gitignore").read_bytes() == after


def test_gitignore_left_alone_for_a_cache_outside_the_blog(blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "elsewhere"))
    result = init("--no-glossary")
    assert "outside the blog" in result.output and not (blog / ".gitignore").exists()


@pytest.mark.parametrize("gitignore, folder, expected", [
    ("/.translate-cache/**\n", ".translate-cache", True),
    ("**/.translate-cache\n", ".translate-cache", True),
    ("# .translate-cache\n", ".translate-cache", False),
    ("cache\n", "build/cache", True),
    ("/cache\n", "build/cache", False),
    ("build/\n", "build/cache", True),
    ("*\n!.gitignore\n", ".translate-cache", True),
])
def test_ignored(gitignore: str, folder: str, expected: bool) -> None:
    assert ignored(gitignore, folder) is expected


def test_starter_glossary_of_proposed_entries(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    result = init("--limit", "5")
    assert result.exit_code == 0, result.output
    glossary = load_glossary(blog / "glossary.yaml")
    terms = {entry.term for entry in glossary.entries}
    assert 0 < len(terms) <= 5 and {"TiDB", "envd"} <= terms
    assert {entry.status for entry in glossary.entries} == {"proposed"}
    assert f"Wrote glossary.yaml: {len(terms)} proposed entries" in result.output


def test_existing_glossary_is_kept(blog: Path, init: Callable[..., Ran]) -> None:
    jekyll(blog)
    (blog / "glossary.yaml").write_text("version: 1\nentries: []\n", encoding="utf-8")
    result = init()
    assert result.exit_code == 0, result.output
    assert (blog / "glossary.yaml").read_text(encoding="utf-8") == "version: 1\nentries: []\n"
    assert "Kept glossary.yaml" in result.output


def test_hugo_configuration_folder_gets_advice_for_its_hugo_file(blog: Path, init: Callable[..., Ran]) -> None:
    write(blog, {"config/_default/params.toml": "x = 1\n", "content/posts/a.md": POST})
    result = init("--no-glossary")
    assert result.exit_code == 0, result.output
    assert "Blog: Hugo (config/_default/params.toml)" in result.output
    assert "Add this to config/_default/hugo.toml" in result.output
