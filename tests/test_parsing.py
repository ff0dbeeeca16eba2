"""Parsing ahead: worker processes give exactly what parsing here gives, in the order of the posts."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from translate.config import load_settings
from translate.errors import ConfigError
from translate.parsing import PARALLEL_FROM, parse_ahead, worker_count
from translate.plan import parse_source
from translate.segment import DEFAULT_FIELDS


def _jobs(corpus_dir: Path) -> list[tuple[int, bytes | None, Path]]:
    files = sorted(p for p in corpus_dir.rglob("*.md") if p.name != "README.md")[: PARALLEL_FROM + 16]
    jobs: list[tuple[int, bytes | None, Path]] = []
    for n, path in enumerate(files):
        jobs.append((n, None if n % 5 == 0 else path.read_bytes(), path))  # every fifth needs no parsing
    jobs.append((len(jobs), "第一段。\n".encode("utf-16"), Path("broken.md")))  # not UTF-8: an error, not an exception
    return jobs


@pytest.mark.skipif(worker_count() == 0, reason="parsing in workers needs Linux and more than one core")
def test_workers_parse_like_this_process_and_keep_the_order(corpus_dir: Path) -> None:
    jobs = _jobs(corpus_dir)
    ahead = list(parse_ahead(iter(jobs), fields=DEFAULT_FIELDS, math=False, count=len(jobs)))
    assert [item for item, _ in ahead] == [item for item, _, _ in jobs]
    for (item, parsed), (_, raw, path) in zip(ahead, jobs):
        assert parsed == (None if raw is None else parse_source(raw, path, DEFAULT_FIELDS, False)), path
    broken = ahead[-1][1]
    assert broken is not None and broken.post is None and broken.error and "binary" in broken.error
    assert not multiprocessing.active_children()  # the workers are gone once every post is parsed


def test_a_few_posts_are_parsed_here(corpus_dir: Path) -> None:
    jobs = _jobs(corpus_dir)[: PARALLEL_FROM - 1]
    seen = []
    for item, parsed in parse_ahead(iter(jobs), fields=DEFAULT_FIELDS, math=False, count=len(jobs)):
        assert not multiprocessing.active_children()
        seen.append(item)
        assert (parsed is None) == (item % 5 == 0)
    assert seen == list(range(len(jobs)))


def test_zero_workers_parse_here_however_many_posts(corpus_dir: Path) -> None:
    jobs = _jobs(corpus_dir)
    for _ in parse_ahead(iter(jobs), fields=DEFAULT_FIELDS, math=False, count=len(jobs), workers=0):
        assert not multiprocessing.active_children()


def test_parse_workers_setting(tmp_path: Path) -> None:
    assert load_settings(cwd=tmp_path, environ={}).parse_workers is None
    assert load_settings(cwd=tmp_path, environ={"TRANSLATE_PARSE_WORKERS": "0"}).parse_workers == 0
    assert load_settings(cwd=tmp_path, environ={"TRANSLATE_PARSE_WORKERS": "auto"}).parse_workers is None
    with pytest.raises(ConfigError, match="parse_workers"):
        load_settings(cwd=tmp_path, environ={"TRANSLATE_PARSE_WORKERS": "-1"})
