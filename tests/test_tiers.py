"""When the model stumbles: fixed by rule, a warning, or parked — never paid for again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fakellm import FakeLLM

from translate.cli import run as cli
from translate.store.lock import Lock
from translate.store.parked import ParkedStore

GLOSSARY = "version: 1\nentries:\n  - term: 才云\n    rendering: Caicloud\n    status: approved\n"
SOURCE = Path("content/_posts/2024-01-01-a.md")
ENGLISH = Path("content/en/_posts/2024-01-01-a.md")


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "blog"
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\n', encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / SOURCE).write_text("---\ntitle: 标题\n---\n\n第一段，我在才云工作。第二句。\n\n第二段：一些话。\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root



def test_chinese_punctuation_in_good_english_is_fixed_by_rule_with_no_extra_request(blog: Path, fake: FakeLLM) -> None:
    fake.default = "full-width"
    assert cli(["run"]) == 0
    assert len(fake.requests) == 1
    english = ENGLISH.read_text(encoding="utf-8")
    assert "，" not in english and "。" not in english and "Caicloud" in english


def test_a_persistent_error_is_parked_reported_and_not_paid_for_again(blog: Path, fake: FakeLLM,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = "invent-placeholder"  # the first segment of every reply gets a placeholder its source lacks
    assert cli(["run"]) == 1
    paid = len(fake.requests)
    assert paid > 1 and not ENGLISH.exists()
    out, err = capsys.readouterr()
    assert "1 segments parked" in out
    assert "Error: content/_posts/2024-01-01-a.md:" in err and "<m99/>" in err and "parked: not sent again" in err
    parked = ParkedStore(Path(os.environ["TRANSLATE_CACHE_DIR"]))
    try:
        records = parked.all()
    finally:
        parked.close()
    assert len(records) == 1 and records[0].reply is not None and "<m99/>" in records[0].reply and records[0].problems
    assert cli(["status", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert "1 parked" in row["state"]
    # The next run sends nothing for it, and says so.
    assert cli(["run", "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert len(fake.requests) == paid and summary["parked"] == 1 and summary["requests"] == 0
    assert "parked since an earlier run" in summary["posts"][0]["failures"][0]
    # --retry-failed sends it again; a model that now answers well resolves it, and the post is written.
    fake.default = "ok"
    assert cli(["run", "--retry-failed"]) == 0
    assert len(fake.requests) == paid + 1 and ENGLISH.exists()
    parked = ParkedStore(Path(os.environ["TRANSLATE_CACHE_DIR"]))
    try:
        assert parked.all() == []
    finally:
        parked.close()


def test_a_glossary_the_model_ignores_is_named_once_then_written_with_a_warning(blog: Path, fake: FakeLLM,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = "wrong-glossary"
    assert cli(["run"]) == 0
    assert len(fake.requests) <= 3  # the request, then its halves once with the rule named; never the whole ladder
    assert "Caicloud" not in ENGLISH.read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "Warning: content/_posts/2024-01-01-a.md:" in err and "Caicloud" in err
    assert Lock.load(Path("translate.lock")).posts["content/_posts/2024-01-01-a.md"].warnings == 1
    assert cli(["check"]) == 0 and cli(["check", "--strict"]) == 1
    capsys.readouterr()
    # Rebuilt from the cache, the post keeps its warning.
    ENGLISH.unlink()
    Path("translate.lock").unlink()
    assert cli(["run", "--offline"]) == 0
    assert "Warning: content/_posts/2024-01-01-a.md:" in capsys.readouterr().err
    assert cli(["check", "--strict"]) == 1


def test_japanese_the_source_quotes_is_kept_with_a_warning(blog: Path, fake: FakeLLM) -> None:
    SOURCE.write_text("这首歌叫「さくらさくら」，很好听。\n", encoding="utf-8")

    def keeps_the_quote(body: dict[str, object]) -> str:
        reply = fake.translate(body)  # type: ignore[arg-type]
        for item in reply["segments"]:
            item["text"] = 'The song is called "さくらさくら", and it sounds lovely.'
        return json.dumps(reply, ensure_ascii=False)

    fake.default = keeps_the_quote
    assert cli(["run"]) == 0
    assert len(fake.requests) == 1 and "さくらさくら" in ENGLISH.read_text(encoding="utf-8")
    assert Lock.load(Path("translate.lock")).posts["content/_posts/2024-01-01-a.md"].warnings == 1


def test_a_lost_lock_never_costs_a_hand_edit(blog: Path, fake: FakeLLM) -> None:
    assert cli(["run"]) == 0
    text = ENGLISH.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    edited_line = next(n for n, line in enumerate(lines) if "Caicloud" in line)
    lines[edited_line] = "The first paragraph, which I polished by hand at Caicloud.\n"
    ENGLISH.write_text("".join(lines), encoding="utf-8")
    Path("translate.lock").unlink()
    paid = len(fake.requests)
    assert cli(["run"]) == 0
    assert len(fake.requests) == paid
    assert "polished by hand" in ENGLISH.read_text(encoding="utf-8")
    assert cli(["check", "--strict"]) == 0


def test_a_changed_source_under_a_hand_edit_sends_the_edit_as_context_and_keeps_it_for_review(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    text = ENGLISH.read_text(encoding="utf-8")
    old_line = next(line for line in text.splitlines() if "Caicloud" in line)
    ENGLISH.write_text(text.replace(old_line, "At Caicloud, where I worked, I wrote this by hand."), encoding="utf-8")
    assert cli(["run"]) == 0  # nothing changed in the source: the hand edit stays, nothing is sent
    paid = len(fake.requests)
    assert paid == 1 and "wrote this by hand" in ENGLISH.read_text(encoding="utf-8")
    SOURCE.write_text(SOURCE.read_text(encoding="utf-8").replace("第二句。", "第二句改了。"), encoding="utf-8")
    capsys.readouterr()
    assert cli(["run"]) == 0
    request = fake.requests[paid]
    user = json.loads(request["messages"][-1]["content"])
    assert list(user["earlier"].values()) == ["At Caicloud, where I worked, I wrote this by hand."]
    assert "author's own English" in request["messages"][0]["content"]
    err = capsys.readouterr().err
    assert "Warning: content/_posts/2024-01-01-a.md:" in err and "wrote this by hand" in err
    assert cli(["check", "--strict"]) == 1  # reviewable until dismissed
    # Other segments, never edited by hand, were sent without it.
    assert all("earlier" not in json.loads(b["messages"][-1]["content"]) for b in fake.requests[:paid])
    # Dismissed on the review page: the warning goes, and the lock counts it no more.
    from translate.config import load_settings
    from translate.review.actions import dismiss_warnings
    from translate.review.findings import segment_warnings
    from translate.review.catalog import post_files

    settings = load_settings()
    post = post_files(settings, [settings.path(p) for p in settings.content])["content/_posts/2024-01-01-a.md"]
    (warning,) = segment_warnings(settings, [post])
    assert dismiss_warnings(settings, post, warning.key).ok
    assert segment_warnings(settings, [post]) == [] and cli(["check", "--strict"]) == 0
    assert cli(["run"]) == 0 and len(fake.requests) == paid + 1  # nothing sent again


def test_an_english_post_edited_outside_its_segments_is_not_overwritten(blog: Path, fake: FakeLLM,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run"]) == 0
    edited = ENGLISH.read_text(encoding="utf-8").replace("lang: en\n", "lang: en\nimage: /img/cover.png\n")
    ENGLISH.write_text(edited, encoding="utf-8")
    SOURCE.write_text(SOURCE.read_text(encoding="utf-8").replace("一些话", "另一些话"), encoding="utf-8")
    assert cli(["run"]) == 1
    assert "edited by hand outside its translated text" in capsys.readouterr().err
    assert ENGLISH.read_text(encoding="utf-8") == edited  # nothing lost
    assert cli(["run", "--force"]) == 0 and "image:" not in ENGLISH.read_text(encoding="utf-8")
