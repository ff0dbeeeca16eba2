"""Fixture files for the nasty cases: ``NAME.md`` input, ``NAME.json`` expected segments.

Optionally ``NAME.translations.json`` ({id: translated masked text}) and ``NAME.expected.md``: the
exact output of ``join`` with those translations.

To (re)write the expected files after a deliberate change, run with ``UPDATE_FIXTURES=1`` and
review the diff: every expected file is a claim about correct behaviour, not a snapshot to bless.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fidelity import check_identity, fidelity_problems, pseudo_translations

from translate.source.post import parse_post
from translate.source.segment import join, segment

FIXTURES = Path(__file__).parent / "fixtures" / "segment"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md") if not p.name.endswith(".expected.md"))
UPDATE = bool(os.environ.get("UPDATE_FIXTURES"))


def _segments_as_json(raw: bytes, path: Path) -> list[dict[str, object]]:
    post = parse_post(raw, path=path)
    return [
        {
            "id": s.id,
            "line": s.line,
            "kind": s.kind,
            "text": s.text,
            "placeholders": {p.token: p.original for p in s.placeholders},
        }
        for s in segment(post)
    ]


@pytest.mark.parametrize("name", CASES)
def test_expected_segments(name: str) -> None:
    source = FIXTURES / f"{name}.md"
    expected_file = FIXTURES / f"{name}.json"
    actual = _segments_as_json(source.read_bytes(), source)
    if UPDATE:
        expected_file.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_identity_round_trip(name: str) -> None:
    source = FIXTURES / f"{name}.md"
    check_identity(source.read_bytes(), path=source)


@pytest.mark.parametrize("name", CASES)
def test_pseudo_translation_is_faithful(name: str) -> None:
    source = FIXTURES / f"{name}.md"
    post = parse_post(source.read_bytes(), path=source)
    segments = segment(post)
    output = join(post.text, segments, pseudo_translations(segments))
    assert fidelity_problems(post.text, output) == []


JOIN_CASES = sorted(p.name[: -len(".translations.json")] for p in FIXTURES.glob("*.translations.json"))


@pytest.mark.parametrize("name", JOIN_CASES)
def test_join_with_translation(name: str) -> None:
    source = FIXTURES / f"{name}.md"
    post = parse_post(source.read_bytes(), path=source)
    translations = json.loads((FIXTURES / f"{name}.translations.json").read_text(encoding="utf-8"))
    output = post.to_bytes(join(post.text, segment(post), translations))
    expected_file = FIXTURES / f"{name}.expected.md"
    if UPDATE:
        expected_file.write_bytes(output)
    assert output == expected_file.read_bytes()
    assert fidelity_problems(post.text, output.decode("utf-8").removeprefix("\ufeff")) == []
