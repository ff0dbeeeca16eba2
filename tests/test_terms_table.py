"""Tags and categories rendered once for the whole blog through terms.yaml, end to end against the fake server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fakellm import FakeLLM

from translate.cli import run as cli
from translate.config import load_settings
from translate.errors import TermTableError
from translate.model.prompt import TERM_RULES
from translate.source.post import parse_post
from translate.store.lock import Lock, record_from_json
from translate.terms.table import parse_term_table
from translate.terms.usage import post_terms

RENDERINGS = {"记录": "Notes", "随笔": "Essays", "折腾": "Tinkering", "新词": "New Words"}
"""What the fake model answers for each term."""

POSTS = {
    "2024-01-01-a.md": "---\ntitle: 第一篇\ntags: [记录, 随笔]\n---\n\n第一篇的正文。\n",
    "2024-01-02-b.md": "---\ntitle: 第二篇\ncategories: 随笔\ntags:\n  - 折腾\n  - Rust\n---\n\n第二篇的正文。\n",
    "2024-01-03-c.md": "---\ntitle: 第三篇\ntags: [record]\n---\n\n第三篇的正文。\n",
}


def is_term_request(body: dict[str, Any]) -> bool:
    """Whether a request asks for term renderings (its system message is the terms prompt)."""
    return str(body["messages"][0]["content"]).startswith(TERM_RULES)


def term_texts(body: dict[str, Any]) -> list[str]:
    """The terms a term request asks for."""
    return [s["text"] for s in json.loads(body["messages"][-1]["content"])["segments"]]


class Model:
    """The fake model's behaviour: segments translated by rule, terms from ``renderings``."""

    def __init__(self, fake: FakeLLM, renderings: dict[str, str] | None = None) -> None:
        self.fake = fake
        self.renderings = dict(RENDERINGS if renderings is None else renderings)

    def __call__(self, body: dict[str, Any]) -> str:
        if not is_term_request(body):
            return json.dumps(self.fake.translate(body), ensure_ascii=False)
        segments = json.loads(body["messages"][-1]["content"])["segments"]
        return json.dumps({"segments": [{"id": s["id"], "text": self.renderings.get(s["text"], s["text"])} for s in segments]},
                          ensure_ascii=False)


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeLLM) -> Path:
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\n', encoding="utf-8")
    for name, text in POSTS.items():
        (root / "content" / "_posts" / name).write_text(text, encoding="utf-8")
    fake.default = Model(fake)
    monkeypatch.chdir(root)
    return root


def english(name: str) -> str:
    return (Path("content/en/_posts") / name).read_text(encoding="utf-8")


def front_matter(text: str) -> str:
    return text.split("---\n")[1]


def term_requests(fake: FakeLLM) -> list[dict[str, Any]]:
    return [body for body in fake.requests if is_term_request(body)]


def test_one_request_renders_every_new_term_of_every_post_once(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    asked = term_requests(fake)
    assert len(asked) == 1
    assert sorted(term_texts(asked[0])) == sorted(["记录", "随笔", "折腾"])  # each once; Rust and record need nothing
    assert "record" in asked[0]["messages"][0]["content"] or "Rust" in asked[0]["messages"][0]["content"]
    assert "tags: [Notes, Essays]\n" in english("2024-01-01-a.md")
    b = english("2024-01-02-b.md")
    assert "categories: Essays\n" in b and "tags:\n  - Tinkering\n  - Rust\n" in b  # the same term, the same English
    assert "tags: [record]\n" in english("2024-01-03-c.md")
    table = parse_term_table(Path("terms.yaml").read_text(encoding="utf-8"), path=Path("terms.yaml"))
    assert {t: (e.rendering, e.status) for t, e in table.entries.items()} == {
        "记录": ("Notes", "proposed"), "随笔": ("Essays", "proposed"), "折腾": ("Tinkering", "proposed")}
    lock = Lock.load(Path("translate.lock"))
    assert set(lock.posts["content/_posts/2024-01-01-a.md"].terms) == {"记录", "随笔"}
    assert lock.posts["content/_posts/2024-01-03-c.md"].terms == {}
    sent = len(fake.requests)
    assert cli(["run"]) == 0 and cli(["check", "--strict"]) == 0
    assert len(fake.requests) == sent  # pay once: nothing is asked again


def test_a_term_already_in_the_table_is_never_asked(blog: Path, fake: FakeLLM) -> None:
    Path("terms.yaml").write_text("version: 1\nterms:\n  随笔: Journal  # mine\n", encoding="utf-8")
    assert cli(["run"]) == 0
    assert sorted(term_texts(term_requests(fake)[0])) == ["折腾", "记录"]
    assert "Journal" in term_requests(fake)[0]["messages"][0]["content"]  # the blog's style, shown to the model
    assert "tags: [Notes, Journal]\n" in english("2024-01-01-a.md")
    text = Path("terms.yaml").read_text(encoding="utf-8")
    assert text.startswith("version: 1\nterms:\n  随笔: Journal  # mine\n") and "记录: {rendering: Notes, status: proposed}" in text


def test_editing_a_rendering_makes_exactly_its_posts_stale_and_run_rewrites_their_front_matter_offline(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    before = {name: english(name) for name in POSTS}
    sent = len(fake.requests)
    table = Path("terms.yaml")
    table.write_text(table.read_text(encoding="utf-8").replace("{rendering: Tinkering, status: proposed}", "Hacking"), encoding="utf-8")
    capsys.readouterr()
    assert cli(["check", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/_posts/2024-01-02-b.md: term renderings changed in terms.yaml: 折腾" in err
    assert "2024-01-01-a.md" not in err and "2024-01-03-c.md" not in err
    assert cli(["run", "--offline"]) == 0
    assert len(fake.requests) == sent  # nothing sent
    assert english("2024-01-02-b.md") == before["2024-01-02-b.md"].replace("Tinkering", "Hacking")
    assert english("2024-01-01-a.md") == before["2024-01-01-a.md"]
    assert cli(["check", "--strict"]) == 0


LIST_STYLES = (
    "---\n"
    "title: 样式\n"
    "tags: [ 记录,'随笔' , \"折腾\" ]  # three\n"
    "categories:\n"
    "  - 随笔   # first\n"
    "\n"
    "  - 'Rust'\n"
    "category: \"记录\"\n"
    "keywords: [记录]\n"
    "---\n\n正文。\n"
)


def test_list_styles_are_kept_byte_for_byte_except_the_values(blog: Path) -> None:
    Path("content/_posts/2024-01-04-d.md").write_text(LIST_STYLES, encoding="utf-8")
    (blog / "content" / "_posts" / "2024-01-05-e.md").write_bytes(
        "+++\r\ntitle = \"样式\"\r\ntags = [\"记录\", '随笔',\r\n  # c\r\n  \"折腾\",\r\n]\r\ncategories = '随笔'\r\n+++\r\n\r\n正文。\r\n".encode())
    assert cli(["run"]) == 0
    assert front_matter(english("2024-01-04-d.md")) == (
        "title: zh\n"
        "tags: [ Notes,'Essays' , \"Tinkering\" ]  # three\n"
        "categories:\n"
        "  - Essays   # first\n"
        "\n"
        "  - 'Rust'\n"
        "category: \"Notes\"\n"
        "keywords: [记录]\n"  # not a term field
        "lang: en\nsource: _posts/2024-01-04-d.md\n"
    )
    toml = (blog / "content" / "en" / "_posts" / "2024-01-05-e.md").read_bytes().decode()
    assert toml.startswith('+++\r\ntitle = "zh"\r\ntags = ["Notes", "Essays",\r\n  # c\r\n  "Tinkering",\r\n]\r\ncategories = "Essays"\r\n')


def test_a_rendering_needing_quotes_is_quoted_in_the_field_s_style(blog: Path, fake: FakeLLM) -> None:
    fake.default = Model(fake, {**RENDERINGS, "记录": "Notes, misc", "随笔": "true"})
    assert cli(["run"]) == 0
    text = english("2024-01-01-a.md")
    assert 'tags: ["Notes, misc", "true"]\n' in text
    assert parse_post(text.encode()).front_matter.data["tags"] == ["Notes, misc", "true"]  # type: ignore[union-attr]


def test_offline_a_missing_rendering_keeps_the_post_unwritten_and_names_the_term_and_the_table(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    before = english("2024-01-01-a.md")
    table = Path("terms.yaml")
    table.write_text("\n".join(line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("  记录")) + "\n",
                     encoding="utf-8")
    sent = len(fake.requests)
    capsys.readouterr()
    assert cli(["run", "--offline"]) == 1
    err = capsys.readouterr().err
    assert ("Error: content/_posts/2024-01-01-a.md:3: the term 记录 (tags) has no English rendering in terms.yaml and --offline "
            "forbids the network; run without --offline, or add a line '记录: <English>' under 'terms:' in terms.yaml") in err
    assert len(fake.requests) == sent and english("2024-01-01-a.md") == before
    assert cli(["run"]) == 0  # online, the model is asked for it again, and only for it
    assert [term_texts(body) for body in term_requests(fake)[1:]] == [["记录"]]


def test_a_rendering_with_chinese_or_markup_is_asked_again_then_fails_its_posts(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = Model(fake, {**RENDERINGS, "记录": "记录 notes", "折腾": "<b>Tinkering</b>"})
    assert cli(["run"]) == 1
    asked = term_requests(fake)
    assert len(asked) == 2 and sorted(term_texts(asked[1])) == ["折腾", "记录"]
    assert "Chinese is left in it" in asked[1]["messages"][0]["content"]
    err = capsys.readouterr().err
    assert "content/_posts/2024-01-01-a.md:3: the term 记录 (tags) has no usable English rendering" in err
    assert "content/_posts/2024-01-02-b.md:4: the term 折腾 (tags) has no usable English rendering" in err
    assert not Path("content/en/_posts/2024-01-01-a.md").exists()
    assert "tags: [record]" in english("2024-01-03-c.md")
    text = Path("terms.yaml").read_text(encoding="utf-8")
    assert "随笔: {rendering: Essays, status: proposed}" in text and "记录" not in text and "折腾" not in text


def test_a_field_that_cannot_be_translated_is_named_with_its_file_and_line(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (blog / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nfields = ["title", "summary"]\n', encoding="utf-8")
    Path("content/_posts/2024-01-04-d.md").write_text(
        "---\ntitle: 2022\ntags:\n  a: 1\ncategories: [{name: 随笔}]\nsummary: |\n  多行\n  文字\ncategory: 随笔\n---\n\n正文。\n",
        encoding="utf-8")
    assert cli(["run"]) == 0
    err = capsys.readouterr().err
    for line in ("content/_posts/2024-01-04-d.md:2: field title is a number; only text or a list of texts is translated",
                 "content/_posts/2024-01-04-d.md:3: field tags is a mapping; only text or a list of texts is translated",
                 "content/_posts/2024-01-04-d.md:5: field categories is a list of mappings; only text or a list of texts is translated",
                 "content/_posts/2024-01-04-d.md:6: field summary spans several lines; only one-line text is translated"):
        assert f"Warning: {line}" in err
    assert err.count("field tags is a mapping") == 1
    assert "category: Essays\n" in english("2024-01-04-d.md")


def test_a_field_the_site_builds_urls_from_is_kept_and_said_once(blog: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("translate.terms.usage.site_url_fields", lambda settings: frozenset({"categories", "category"}))
    Path("content/_posts/2024-01-04-d.md").write_text("---\ntitle: 第四篇\ncategories: [随笔]\n---\n\n正文。\n", encoding="utf-8")
    assert cli(["run"]) == 0
    err = capsys.readouterr().err
    note = ("Warning: field categories is kept as it is in English posts because the site builds URLs from it; "
            "set translate_url_terms = true to translate it (the English posts' URLs then change)")
    assert err.count(note) == 1  # two posts have it: said once
    assert "categories: 随笔\n" in english("2024-01-02-b.md") and "categories: [随笔]\n" in english("2024-01-04-d.md")
    assert "tags: [Notes, Essays]\n" in english("2024-01-01-a.md")
    assert cli(["check", "--strict"]) == 0
    (blog / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\ntranslate_url_terms = true\n', encoding="utf-8")
    assert cli(["check", "--strict"]) == 1  # the setting changes what the English posts say
    assert cli(["run"]) == 0
    assert "categories: Essays\n" in english("2024-01-02-b.md") and "categories: [Essays]\n" in english("2024-01-04-d.md")


def test_post_terms_keeps_url_fields_unless_told(tmp_path: Path) -> None:
    post = parse_post("---\ntags: [记录]\ncategory: 随笔\n---\n".encode())
    settings = load_settings(cwd=tmp_path, environ={})
    kept = post_terms(settings, post, "a.md", url_fields=frozenset({"category"}))
    assert [f.key for f in kept.fields] == ["tags"] and kept.kept_for_urls == ("category",)
    assert [f.key for f in post_terms(settings, post, "a.md").fields] == ["tags", "category"]


def test_changing_fields_rewrites_the_posts_that_became_stale_and_says_so(blog: Path, fake: FakeLLM,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (blog / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nterm_fields = []\n', encoding="utf-8")
    assert cli(["run"]) == 0
    assert "tags: [记录, 随笔]\n" in english("2024-01-01-a.md")  # neither a text field nor a term field yet
    (blog / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\nterm_fields = []\nfields = ["title", "tags"]\n',
                                         encoding="utf-8")
    capsys.readouterr()
    assert cli(["status"]) == 0
    assert "content/_posts/2024-01-01-a.md  stale  (settings of what is translated changed" in capsys.readouterr().out
    assert cli(["run"]) == 0
    out = capsys.readouterr().out
    assert "3 posts: 0 up to date, 2 written, 1 rechecked (English unchanged), 0 failed" in out
    assert "tags: [Notes, Essays]\n" in english("2024-01-01-a.md")  # a list in fields is a list of terms
    assert "tags:\n  - Tinkering\n  - Rust\n" in english("2024-01-02-b.md")
    assert cli(["check", "--strict"]) == 0


def test_the_lock_reads_entries_written_before_terms_and_writes_terms_only_when_used(tmp_path: Path) -> None:
    old = {"english": "e.md", "source_hash": "a", "english_hash": "b", "options": "c", "glossary": {}, "segments": [["d", ""]]}
    assert record_from_json(old).terms == {}
    lock = Lock(tmp_path / "translate.lock", {"p.md": record_from_json(old)})
    assert '"terms"' not in lock.dumps()
    lock.posts["q.md"] = record_from_json({**old, "terms": {"随笔": "e1"}})
    lock.save()
    assert Lock.load(tmp_path / "translate.lock").posts["q.md"].terms == {"随笔": "e1"}


@pytest.mark.parametrize(("text", "message"), [
    ("terms:\n  随笔: 随笔\n", ":2: the rendering '随笔' of 随笔 cannot be used: Chinese is left in it"),
    ("terms:\n  随笔: {rendering: Essays, status: maybe}\n", ":2: unknown status 'maybe' for 随笔"),
    ("terms:\n  随笔: {rendering: Essays, note: x}\n", ":2: unknown key 'note' for 随笔"),
    ("terms:\n  随笔: Essays\n  随笔: Notes\n", ":3: 随笔 is listed twice (also at line 2)"),
    ("terms: [随笔]\n", ":1: 'terms' must be a mapping"),
    ("entries: []\n", ":1: unknown top-level key 'entries'"),
])
def test_a_bad_table_is_an_error_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(TermTableError) as error:
        parse_term_table(text, path=Path("terms.yaml"))
    assert message in str(error.value) and str(error.value).startswith("terms.yaml:")


def test_review_lists_the_proposed_renderings_and_a_dry_run_counts_new_terms(blog: Path, fake: FakeLLM,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from translate.review.attention import attention
    from translate.review.pages import attention_body

    assert cli(["run", "--dry-run"]) == 0
    assert "6 segments and 3 new terms (tags, categories) to send" in capsys.readouterr().out
    assert fake.requests == [] and not Path("terms.yaml").exists()
    assert cli(["run"]) == 0
    Path("terms.yaml").write_text(Path("terms.yaml").read_text(encoding="utf-8").replace(
        "记录: {rendering: Notes, status: proposed}", "记录: Notes"), encoding="utf-8")
    found = attention(load_settings())
    assert [r.term for r in found.renderings] == ["随笔", "折腾"] and not found.empty
    page = attention_body(found)
    assert "Proposed tag and category renderings" in page and "Tinkering" in page and ">Notes<" not in page


@pytest.mark.parametrize(("source", "expected"), [
    ("---\ntags: [记录,\n  # a comment, with a comma\n  随笔]\nx: 1\n---\n", "---\ntags: [Notes,\n  # a comment, with a comma\n  Essays]\nx: 1\n---\n"),
    ("---\r\ntags:\r\n- 记录\r\n- 随笔 # c\r\n---\r\n", "---\r\ntags:\r\n- Notes\r\n- Essays # c\r\n---\r\n"),
    ("---\ntags: [ '记录' , \"随笔\", ]\n---\n", "---\ntags: [ 'Notes' , \"Essays\", ]\n---\n"),
    ("---\ntags: [[记录], 随笔]\n---\n", None),  # nested: not a list of texts
    ("---\ntags:\n  - 记录\n    continued\n---\n", None),  # an item over two lines cannot be written in place
])
def test_term_values_are_found_and_written_in_place(source: str, expected: str | None) -> None:
    from translate.source.termvalues import term_values, with_term_values

    found = [f for f in term_values(parse_post(source.encode()), ["tags"]) if not isinstance(f, str)]
    if expected is None:
        assert found == []
        return
    assert with_term_values(source, {f.key: [RENDERINGS[v] for v in f.values] for f in found}) == expected


def test_term_settings_are_checked_and_a_field_in_both_lists_is_a_term_field(tmp_path: Path) -> None:
    from translate.errors import ConfigError

    def settings(toml: str):  # type: ignore[no-untyped-def]
        (tmp_path / "translate.toml").write_text(toml, encoding="utf-8")
        return load_settings(cwd=tmp_path, environ={})

    both = settings('fields = ["title", "tags"]\n')
    assert both.fields == ("title",) and both.term_fields == ("tags", "categories", "category") and not both.translate_url_terms
    assert settings('term_fields = []\nfields = ["title", "tags"]\n').fields == ("title", "tags")
    assert load_settings(cwd=tmp_path, environ={"TRANSLATE_TERM_FIELDS": "tags,series"}).term_fields == ("tags", "series")
    for toml, message in (('term_fields = ["my tags"]\n', "invalid setting term_fields"),
                          ('lang_field = "tags"\n', 'it names a translated field (term_fields = ["tags", "categories", "category"]'),
                          ('translate_url_terms = "yes"\n', "invalid setting translate_url_terms")):
        with pytest.raises(ConfigError) as error:
            settings(toml)
        assert message in str(error.value)
