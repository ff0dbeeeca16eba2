"""Shared fixtures: every test gets its own cache and config directory, and no real credentials."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fidelity import CORPUS_DIR, REPO_ROOT, SEED_POST


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

