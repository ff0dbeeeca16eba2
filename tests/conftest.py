"""Shared fixtures: every test gets its own cache and config directory, and no real credentials."""

from __future__ import annotations

import importlib.util
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fakellm import FakeLLM
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
    initialize.shared = shared  # type: ignore[attr-defined]
    return initialize


@dataclass(frozen=True, slots=True)
class Started:
    """A command started in the background, its output going to a file."""

    process: subprocess.Popen[bytes]
    """The running command."""
    output: Path
    """Where its stdout and stderr go."""

    def result(self) -> tuple[int, str]:
        """Wait for the command; its exit status and output."""
        returncode = self.process.wait()
        return returncode, self.output.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def mypy_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Started | None]:
    """mypy over the package with an empty cache, running in the background; None if mypy is not installed.

    Such a check takes 7-10 s of one core, most of it in the openai SDK's types. A test that uses
    this fixture gets it started with the session's first test (see ``background_commands_started_first``),
    so it runs on another core while the other tests run.
    """
    if importlib.util.find_spec("mypy") is None:
        yield None
        return
    folder = tmp_path_factory.mktemp("mypy")
    with open(folder / "output", "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "mypy", "--cache-dir", str(folder / "cache")], cwd=REPO_ROOT,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield Started(process, folder / "output")
    finally:
        if process.poll() is None:  # the session ended before a test waited for it (e.g. -x)
            process.kill()
        process.wait()


BACKGROUND_FIXTURES = ("mypy_run",)
"""Session fixtures that start a slow command in the background."""


@pytest.fixture(autouse=True, scope="session")
def background_commands_started_first(request: pytest.FixtureRequest) -> None:
    """Start each background fixture that a selected test uses, before the first test runs.

    Not with several workers (pytest-xdist): each collects every test but runs only some, and the
    command would run once per worker; there, the test that needs it starts it.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    for name in BACKGROUND_FIXTURES:
        if any(name in getattr(item, "fixturenames", ()) for item in request.session.items):
            request.getfixturevalue(name)


_ISOLATED = itertools.count()


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache/config folder for each test; no API key, endpoint or TRANSLATE_* setting leaks in.

    The folders are only named here, not made (the code makes them on first use): most tests never
    use them, and making a temporary folder for each of two thousand tests costs seconds.
    """
    for name in list(os.environ):
        if name.startswith("TRANSLATE_") or name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(name, raising=False)
    private = tmp_path_factory.getbasetemp() / "isolated" / str(next(_ISOLATED))
    cache = private / "cache"
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(private / "config"))
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



@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLLM]:
    """A running fake endpoint on 127.0.0.1, with OPENAI_BASE_URL pointing at it (the key is unset by the autouse fixture)."""
    with FakeLLM() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        yield server
