"""Parsing ahead: worker processes give exactly what parsing here gives, in the order of the posts."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from translate.config import load_settings
from translate.errors import ConfigError
from translate.run.parallel import PARALLEL_FROM, parse_ahead, worker_count
from translate.run.parallel import parse_source
from translate.source.segment import DEFAULT_FIELDS


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
    assert broken is not None and broken.post is None and broken.error and "is UTF-16 (little-endian) text" in broken.error
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


KILLED_MID_PARSE = """
import os, signal, sys
from pathlib import Path
import multiprocessing
from translate.run.parallel import parse_ahead
from translate.source.segment import DEFAULT_FIELDS
files = sorted(p for p in Path(sys.argv[1]).rglob("*.md") if p.name != "README.md")[:80]
jobs = ((n, p.read_bytes(), p) for n, p in enumerate(files))
parsed = parse_ahead(jobs, fields=DEFAULT_FIELDS, math=False, count=len(files))
next(parsed)
print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(worker_count() == 0, reason="parsing in workers needs Linux and more than one core")
def test_workers_do_not_outlive_a_killed_run(corpus_dir: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_PARSE, str(corpus_dir)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    pids = [int(pid) for pid in proc.stdout.split()]
    assert pids
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in pids)
