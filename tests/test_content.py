"""The project's own blog: its English edition is complete, faithful, current and obeys the glossary."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fidelity import fidelity_problems
from translate.source.align import align
from translate.cli import run as cli
from translate.glossary.model import load_glossary, violations
from translate.source.post import read_post
from translate.source.protect import needs_translation

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "content" / "_posts" / "2022-12-31-newyear2022.md"
ENGLISH = ROOT / "content" / "en" / "_posts" / "2022-12-31-newyear2022.md"
SEED = ROOT.parent / "shared" / "seeds" / "000_97e624c4f939556c.txt"
WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_seed_post_is_in_content_byte_for_byte() -> None:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is absent")
    assert SOURCE.read_bytes() == SEED.read_bytes()


def test_english_edition_is_faithful() -> None:
    source, english = SOURCE.read_text(encoding="utf-8"), ENGLISH.read_text(encoding="utf-8")
    assert fidelity_problems(source, english, added_fields=("lang", "source")) == []


def test_every_translated_segment_keeps_its_markup_and_obeys_the_glossary() -> None:
    source, english = read_post(SOURCE), read_post(ENGLISH)
    pairs = align(source, english, fields=("title", "description", "excerpt", "summary"))
    assert pairs is not None
    glossary = load_glossary(ROOT / "glossary.yaml")
    translated = 0
    for pair in pairs:
        text = english.text[pair.english.start : pair.english.end]
        if not needs_translation(pair.source.text):
            assert text == source.text[pair.source.start : pair.source.end]
            continue
        translated += 1
        assert not WIDE.search(text), (pair.source.line, text)
        for placeholder in pair.source.placeholders:
            if not placeholder.token.startswith("<l"):
                assert placeholder.original in text, (pair.source.line, placeholder.original)
            elif placeholder.token.startswith("</l"):
                assert placeholder.original in text, (pair.source.line, placeholder.original)
        assert violations(glossary.entries_in(pair.source.text), text) == [], (pair.source.line, text)
    assert translated == 18


def test_main_job_finds_everything_up_to_date_offline(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    assert cli(["check", "--strict"]) == 0  # current: nothing pending, no warning
    assert cli(["glossary", "check"]) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    code = (
        "import sys; from translate.cli import run; rc = run(['run']); assert rc == 0, rc; "
        "bad = [m for m in ('openai', 'jieba') if m in sys.modules]; assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "All 1 posts are up to date" in done.stdout
