"""Round trips over the seed post and every Markdown file of ../shared/corpus/ (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fidelity import CORPUS_DIR, check_identity, check_pseudo, corpus_files

KNOWN_LIMITATIONS: dict[str, str] = {}
"""Corpus file (relative to the corpus folder) → why its pseudo-translation check cannot pass yet."""

FILES = corpus_files()
PARAMS = [pytest.param(p, id=str(p.relative_to(CORPUS_DIR))) for p in FILES] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"corpus folder {CORPUS_DIR} is absent"), id="no-corpus")
]


def test_seed_identity_round_trip(seed_post: Path) -> None:
    check_identity(seed_post.read_bytes(), path=seed_post)


def test_seed_pseudo_translation(seed_post: Path) -> None:
    output = check_pseudo(seed_post.read_bytes(), path=seed_post)
    assert "[`envd`]((https://github.com/tensorchord/envd)" in output  # the broken link survives verbatim
    assert '<img src="{{ site.url }}/images/2022-newyear/midi.png" height="800" width="800">' in output


def test_corpus_is_complete(corpus_dir: Path) -> None:
    assert len(FILES) >= 481


@pytest.mark.parametrize("path", PARAMS)
def test_identity_round_trip(path: Path) -> None:
    check_identity(path.read_bytes(), path=path)


@pytest.mark.parametrize("path", PARAMS)
def test_pseudo_translation(path: Path) -> None:
    reason = KNOWN_LIMITATIONS.get(str(path.relative_to(CORPUS_DIR)))
    if reason:
        pytest.xfail(reason)
    check_pseudo(path.read_bytes(), path=path)
