"""Crash and concurrency safety: the lock journal and the run guard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from translate.store.digest import digest
from translate.store.guard import RunActive, RunGuard, guard_path
from translate.store.journal import Journal, journal_path, load_lock
from translate.store.lock import Lock, PostRecord


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
