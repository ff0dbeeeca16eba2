"""Shared fixtures: every test gets its own cache and config directory, and no real credentials."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fidelity import CORPUS_DIR, REPO_ROOT, SEED_POST


@pytest.fixture(autouse=True, scope="session")
def jieba_dictionary_loaded_once() -> Iterator[None]:
    """jieba reads its dictionary once per test session instead of once per glossary.

    Every glossary that matches a Chinese term builds its own ``jieba.Tokenizer`` (its words are
    added to that tokenizer's dictionary), and each one reads jieba's cached dictionary again: about
    0.4 s per test. Here the default dictionary is read once, on first use, and a new tokenizer
    starts from a copy of it, the same ``FREQ`` and ``total`` jieba would have read. Processes the
    tests start still load jieba their own way.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("jieba.Tokenizer.initialize", _initialize_from_shared_copy())
        yield


def _initialize_from_shared_copy() -> Any:
    """A ``jieba.Tokenizer.initialize`` that copies the default dictionary from one tokenizer read once.

    It relies on jieba's private attributes (``FREQ``, ``total``, ``initialized``, ``dictionary``,
    ``tmp_dir``, ``cache_file``); ``test_support.py::test_a_tokenizer_from_the_shared_copy_equals_one_jieba_reads``
    fails if a jieba release changes them.
    """
    import jieba

    read = jieba.Tokenizer.initialize
    shared: list[Any] = []

    def initialize(self: Any, dictionary: Any = None) -> None:
        default = not dictionary and self.dictionary == jieba.DEFAULT_DICT and not (self.tmp_dir or self.cache_file)
        if not default or self.initialized:
            read(self, dictionary)
            return
        with self.lock:
            if self.initialized:
                return
            if not shared:
                original = jieba.Tokenizer()
                read(original)
                shared.append(original)
            self.FREQ, self.total = dict(shared[0].FREQ), shared[0].total
            self.initialized = True

    initialize.read = read  # type: ignore[attr-defined]
    return initialize


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache/config folder under ``tmp_path``; no API key, endpoint or TRANSLATE_* setting leaks in."""
    for name in list(os.environ):
        if name.startswith("TRANSLATE_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(name, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return cache


@pytest.fixture
def repo_root() -> Path:
    """The project folder (where pyproject.toml is)."""
    return REPO_ROOT


@pytest.fixture
def corpus_dir() -> Path:
    """``../shared/corpus`` next to the project; the test is skipped when it is absent."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"corpus folder {CORPUS_DIR} is absent")
    return CORPUS_DIR


@pytest.fixture
def seed_post() -> Path:
    """The seed Jekyll post in ``content/_posts``."""
    return SEED_POST

