"""Crash and concurrency safety: the lock journal and the run guard."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakellm import FakeLLM

from translate.store.digest import digest
from translate.store.guard import RunActive, RunGuard, guard_path
from translate.store.journal import Journal, journal_path, load_lock
from translate.store.lock import Lock, PostRecord

ARRIVAL_MARGIN = 0.5
"""Seconds between a reply fully sent and a kill for the reply to count as having arrived.

A reply is cached as soon as it is validated; validating a full batch (about 150 segments, each
parsed) takes 0.1-0.3 s on a loaded 2-core machine. A reply still being validated when the run is
killed has not arrived in that sense, and is paid again."""


def record(english: str, data: bytes) -> PostRecord:
    return PostRecord(english=english, source_hash="s", english_hash=digest(data), options="o")


def test_the_journal_restores_every_post_whose_file_is_in_place(tmp_path: Path) -> None:
    lock_file = tmp_path / "translate.lock"
    Lock(lock_file, {"old.md": record("en/old.md", b"old")}).save()
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.md").write_bytes(b"A")
    (tmp_path / "en" / "b.md").write_bytes(b"previous B")  # killed before its rename: the old file is there
    journal = Journal(lock_file)
    journal.append("a.md", record("en/a.md", b"A"))
    journal.append("b.md", record("en/b.md", b"new B"))
    journal.close()
    with open(journal_path(lock_file), "a", encoding="utf-8") as handle:
        handle.write('{"key": "c.md", "rec')  # a line cut short by the kill
    lock = load_lock(lock_file, root=tmp_path)
    assert set(lock.posts) == {"old.md", "a.md"} and lock.posts["a.md"].english == "en/a.md"
    assert Lock.load(lock_file).posts.keys() == {"old.md"}  # the lock file itself is untouched until saved


def test_a_second_run_is_refused_naming_the_first_and_a_dead_runs_guard_is_taken_over(tmp_path: Path) -> None:
    lock_file = tmp_path / "translate.lock"
    with RunGuard(lock_file):
        with pytest.raises(RunActive) as caught, RunGuard(lock_file):
            pass
        assert f"pid {os.getpid()}" in str(caught.value) and caught.value.exit_code == 2
    assert not guard_path(lock_file).exists()
    # A process killed while holding it leaves the file, but not the lock: the next run takes over.
    subprocess.run([sys.executable, "-c", "import os, sys; sys.path.insert(0, sys.argv[2]); from translate.store.guard import RunGuard; "
                    "from pathlib import Path; RunGuard(Path(sys.argv[1])).__enter__(); os._exit(9)",
                    str(lock_file), str(Path(__file__).parents[1])], check=False)
    assert json.loads(guard_path(lock_file).read_text())["pid"] != os.getpid()
    with RunGuard(lock_file):
        assert json.loads(guard_path(lock_file).read_text())["pid"] == os.getpid()


def _project(root: Path, posts: dict[str, str]) -> Path:
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.translate]\nlayout = "jekyll"\n', encoding="utf-8")
    for name, text in posts.items():
        (root / "content" / "_posts" / name).write_text(text, encoding="utf-8")
    return root


def _env(fake: FakeLLM, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    return {**env, "OPENAI_BASE_URL": fake.base_url, **extra}


def test_two_runs_started_together_one_works_the_other_says_who(tmp_path: Path) -> None:
    root = _project(tmp_path / "blog", {f"2024-05-{n:02d}-p.md": f"第{n}篇的一段话，" + "内容" * 25 + "。\n" for n in range(1, 5)})
    with FakeLLM(latency=0.35) as fake:
        command = [sys.executable, "-m", "translate", "run", "--concurrency", "1"]
        env = _env(fake, TRANSLATE_BATCH_TOKENS="50")  # one post per request: the first run lasts 1.4 s or more
        runs = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    refused = next(err for code, err in results if code == 2)
    assert "another translate run is working on this project (pid " in refused and len(refused.strip().splitlines()) == 1
    assert len(fake.requests) == 4  # nothing paid twice
    check = subprocess.run([sys.executable, "-m", "translate", "check", "--strict"], cwd=root, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_kill_9_at_random_points_of_a_run_over_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    from translate.source.post import read_post
    from translate.source.segment import segment

    files = sorted(p for p in corpus_dir.rglob("*.md") if p.name != "README.md")[:150]
    root = _project(tmp_path / "blog", {f"2020-01-01-{n:03d}.md": p.read_text(encoding="utf-8") for n, p in enumerate(files)})
    kinds: dict[str, set[str]] = {}
    for path in (root / "content" / "_posts").iterdir():
        for seg in segment(read_post(path)):
            kinds.setdefault(seg.text, set()).add(seg.kind)
    rng = random.Random(2026)
    kills: list[tuple[int, set[str]]] = []
    with FakeLLM(latency=0.2) as fake:
        env = _env(fake)
        for _ in range(4):
            replied_before = len(fake.replied)
            proc = subprocess.Popen([sys.executable, "-m", "translate", "run"], cwd=root, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            target = replied_before + rng.randint(1, 8)
            deadline = time.monotonic() + 60
            while len(fake.replied) < target and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.25))  # anywhere: mid-request, mid-write, mid-cache
            proc.kill()
            proc.wait()
            killed_at = time.monotonic()
            # Replies this run had fully received well before the kill had time to be validated and cached.
            arrived = {text for when, texts in fake.replied[replied_before:] if when < killed_at - ARRIVAL_MARGIN for text in texts}
            kills.append((len(fake.requests), arrived))
        done = subprocess.run([sys.executable, "-m", "translate", "run"], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]  # no post stuck, no --adopt needed
        bodies = list(fake.requests)
    for first, arrived in kills:
        later = [s["text"] for body in bodies[first:] for s in json.loads(body["messages"][-1]["content"])["segments"]]
        paid_twice = {text for text in later if text in arrived and len(kinds.get(text, ())) == 1}
        assert not paid_twice, sorted(paid_twice)[:5]
    check = subprocess.run([sys.executable, "-m", "translate", "check", "--strict"], cwd=root, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr[-2000:]
    lock = Lock.load(root / "translate.lock")
    on_disk = {p.relative_to(root).as_posix() for p in (root / "content" / "en").rglob("*.md")}
    assert on_disk == {record.english for record in lock.posts.values()} and len(on_disk) == len(files)
    assert not list((root / "content" / "en").rglob(".*.tmp")) and not journal_path(root / "translate.lock").exists()
