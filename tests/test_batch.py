"""`translate run --batch`: the Batch API path against the fake server's /v1/files and /v1/batches."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from fakellm import FakeLLM

from translate.cli import run as cli
from translate.cli.batch import age_text
from translate.model.prompt import RETRY_HEADER
from translate.store.batches import BATCHES_FOLDER, BatchStore
from translate.store.parked import ParkedStore

REPO = Path(__file__).resolve().parents[1]
POSTS = {
    "2024-01-01-a.md": "---\ntitle: 第一篇\n---\n\n我在才云工作。\n\n共同的一段。\n\n第一篇的第三段，讲了很多东西。\n",
    "2024-01-02-b.md": "---\ntitle: 第二篇\n---\n\n共同的一段。\n\n只在第二篇里，有 `code` 和 [链接](https://example.com/)。\n",
    "2024-01-03-c.md": "---\ntitle: 第三篇\n---\n\n第三篇自己的话。\n\n> 引用一段。\n\n- 列表一\n- 列表二\n",
}
GLOSSARY = "version: 1\nentries:\n  - term: 才云\n    rendering: Caicloud\n    status: approved\n"
SETTINGS = '[tool.translate]\nlayout = "jekyll"\nbatch_tokens = 50\n'
CACHE = Path(".translate-cache")


def make_blog(root: Path, posts: dict[str, str] = POSTS, settings: str = SETTINGS) -> Path:
    (root / "content" / "_posts").mkdir(parents=True)
    (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for name, text in posts.items():
        (root / "content" / "_posts" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll blog of three posts, as the current folder, its cache in the project (``.translate-cache``)."""
    monkeypatch.delenv("TRANSLATE_CACHE_DIR")
    monkeypatch.setenv("TRANSLATE_BATCH_API_POLL", "0.01")
    root = make_blog(tmp_path / "blog")
    monkeypatch.chdir(root)
    return root


def english(root: Path = Path(".")) -> dict[str, bytes]:
    """The English posts under ``root``, by name."""
    folder = root / "content" / "en" / "_posts"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))} if folder.is_dir() else {}


def chat_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: Path, fake: FakeLLM) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """The English the chat path writes for a copy of ``source`` (without its cache), and the chat requests it sent."""
    copy = tmp_path / "chat-copy"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".translate-cache"))
    before = len(fake.requests)
    with monkeypatch.context() as patch:
        patch.chdir(copy)
        assert cli(["run"]) == 0
    return english(copy), fake.requests[before:]


def input_lines(fake: FakeLLM) -> list[dict[str, Any]]:
    """Every line of every batch created, in order."""
    return [line for batch_id in fake.batch_api.created for line in fake.batch_api.inputs(batch_id)]


def line_texts(lines: list[dict[str, Any]]) -> list[str]:
    """The masked texts the lines ask for."""
    return [s["text"] for line in lines for s in json.loads(line["body"]["messages"][-1]["content"])["segments"]]


def request_bodies(bodies: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(body, ensure_ascii=False, sort_keys=True) for body in bodies)


def test_a_batch_run_submits_and_returns_then_a_later_run_collects_and_writes_the_posts(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "--batch"]) == 0
    err = capsys.readouterr().err
    assert "Submitted 1 batch" in err and "3 posts wait for them" in err
    assert english() == {} and "2024-01-01-a.md" not in Path("translate.lock").read_text(encoding="utf-8")  # nothing written yet
    assert fake.requests == [] and len(fake.batch_api.created) == 1  # not one chat request
    submitted = input_lines(fake)
    assert len(submitted) > 1 and all(line["custom_id"].endswith(f"-{n}") for n, line in enumerate(submitted, start=1))

    assert cli(["status"]) == 0
    out = capsys.readouterr().out
    assert "1 batch" in out and fake.batch_api.created[0] in out and "submitted" in out
    assert out.count("new, waiting for a batch") == 3

    assert cli(["run", "--batch"]) == 0
    err = capsys.readouterr().err
    assert "Collected 1 batch" in err and "Submitted" not in err
    assert len(fake.batch_api.created) == 1 and fake.requests == []  # nothing sent again, on either path
    assert not list((CACHE / BATCHES_FOLDER).glob("*.json"))  # the state is empty once collected
    assert len(english()) == 3 and cli(["check"]) == 0
    assert cli(["run", "--batch"]) == 0 and len(fake.batch_api.created) == 1  # nothing left to do
    # Nothing changed and no batch in flight: no key, no network, no openai SDK.
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")} | {"PYTHONPATH": str(REPO)}
    code = "import sys; from translate.cli import run; rc = run(['run', '--batch']); sys.exit(rc or 3 * ('openai' in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True).returncode == 0


def test_an_endpoint_without_a_batch_api_stops_the_run_with_exit_2(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    fake.batch_api.post = lambda handler, raw: handler._send(404, {"error": {"message": "Not found", "type": "invalid_request_error"}})
    assert cli(["run", "--batch"]) == 2
    err = capsys.readouterr().err
    assert "has no Batch API" in err and "run without --batch" in err
    assert english() == {} and fake.requests == []


def test_the_lines_are_the_chat_paths_requests_and_the_english_is_byte_identical(
        blog: Path, fake: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected, chat_requests = chat_english(tmp_path, monkeypatch, blog, fake)
    assert cli(["run", "--batch", "--wait"]) == 0
    assert english() == expected
    lines = input_lines(fake)
    assert request_bodies([line["body"] for line in lines]) == request_bodies(chat_requests)
    assert len(fake.requests) == len(chat_requests)  # the batch run sent no chat request


def test_a_batch_still_running_is_not_submitted_again_and_wait_collects_it_with_a_progress_line(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    fake.batch_api.delay = 4
    assert cli(["run", "--batch"]) == 0
    lines = len(input_lines(fake))
    assert cli(["run", "--batch"]) == 0  # still in progress: nothing new, nothing again
    assert len(fake.batch_api.created) == 1 and len(input_lines(fake)) == lines and english() == {}
    capsys.readouterr()
    assert cli(["run", "--batch", "--wait"]) == 0
    err = capsys.readouterr().err
    assert "waiting for 1 batch: 0/" in err and "Collected 1 batch" in err
    assert len(english()) == 3 and len(fake.batch_api.created) == 1 and fake.requests == []
    assert len(fake.batch_api.lines) == lines  # every line ran once


def test_failed_lines_climb_the_retry_ladder_in_a_new_batch(blog: Path, fake: FakeLLM) -> None:
    fake.script(["500", "drop-placeholder"])  # the first line fails at the endpoint, the second loses a placeholder
    assert cli(["run", "--batch", "--wait"]) == 0
    assert len(english()) == 3 and fake.requests == []
    assert len(fake.batch_api.created) == 2
    first, retried = (fake.batch_api.inputs(b) for b in fake.batch_api.created)
    assert all(RETRY_HEADER in line["body"]["messages"][0]["content"] for line in retried)
    assert set(line_texts(retried)) <= set(line_texts(first[:2]))  # only what failed goes again
    assert "answered 500" in retried[0]["body"]["messages"][0]["content"]


def test_a_segment_that_fails_every_rung_is_parked_and_its_post_fails(blog: Path, fake: FakeLLM,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    fake.default = "leftover-chinese"  # the first segment of every reply keeps some Chinese
    assert cli(["run", "--batch", "--wait"]) == 1
    assert "parked" in capsys.readouterr().err
    assert len(fake.batch_api.created) == 3  # the first try, then the failing segment alone, twice (stages 2 and 3)
    store = ParkedStore(CACHE)
    try:
        assert len(store) > 0
    finally:
        store.close()
    fake.default = "ok"
    created = len(fake.batch_api.created)
    assert cli(["run", "--batch"]) == 1  # parked: not paid for again
    assert len(fake.batch_api.created) == created


def test_a_record_collected_twice_after_a_kill_sends_its_retries_once(blog: Path, fake: FakeLLM, tmp_path: Path) -> None:
    fake.script(["leftover-chinese"])
    assert cli(["run", "--batch"]) == 0
    kept = tmp_path / "kept"
    shutil.copytree(CACHE / BATCHES_FOLDER, kept)
    assert cli(["run", "--batch"]) == 0  # collects, submits the retry, removes the record
    assert len(fake.batch_api.created) == 2
    for record in kept.iterdir():  # as if killed after submitting the retry and before removing the record
        shutil.copy(record, CACHE / BATCHES_FOLDER / record.name)
    assert cli(["run", "--batch", "--wait"]) == 0
    assert len(fake.batch_api.created) == 2 and len(english()) == 3 and fake.requests == []


def test_failed_lines_go_to_the_chat_path_when_the_setting_says_so(blog: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_BATCH_API_RETRY", "chat")
    fake.script(["leftover-chinese"])
    assert cli(["run", "--batch", "--wait"]) == 0
    assert len(english()) == 3 and len(fake.batch_api.created) == 1
    assert fake.requests and all(RETRY_HEADER in body["messages"][0]["content"] for body in fake.requests)


def test_the_lines_an_expired_batch_never_ran_are_submitted_again_as_they_were(blog: Path, fake: FakeLLM) -> None:
    fake.batch_api.script(["expire:1"])
    assert cli(["run", "--batch"]) == 0
    first = fake.batch_api.inputs(fake.batch_api.created[0])
    assert cli(["run", "--batch"]) == 0  # collects the line that ran, submits the others again
    assert len(fake.batch_api.created) == 2
    again = fake.batch_api.inputs(fake.batch_api.created[1])
    assert [line["body"] for line in again] == [line["body"] for line in first[1:]]
    assert cli(["run", "--batch"]) == 0
    assert len(english()) == 3 and len(fake.batch_api.lines) == len(first) and fake.requests == []


def test_a_cancelled_batch_is_submitted_again(blog: Path, fake: FakeLLM) -> None:
    import openai

    assert cli(["run", "--batch"]) == 0
    first = fake.batch_api.inputs(fake.batch_api.created[0])
    openai.OpenAI(base_url=fake.base_url, api_key="test").batches.cancel(fake.batch_api.created[0])  # by a person, say
    assert cli(["run", "--batch"]) == 0
    assert len(fake.batch_api.created) == 2 and fake.batch_api.batches[fake.batch_api.created[0]]["status"] == "cancelled"
    assert [line["body"] for line in fake.batch_api.inputs(fake.batch_api.created[1])] == [line["body"] for line in first]
    assert cli(["run", "--batch"]) == 0
    assert len(english()) == 3 and len(fake.batch_api.lines) == len(first)


def test_a_batch_refused_as_a_whole_fails_its_posts_and_is_submitted_by_the_next_run(
        blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    fake.batch_api.script(["fail"])
    assert cli(["run", "--batch"]) == 0
    assert cli(["run", "--batch"]) == 1
    assert "refused batch" in capsys.readouterr().err
    assert len(fake.batch_api.created) == 1 and not list((CACHE / BATCHES_FOLDER).glob("*.json"))
    assert cli(["run", "--batch", "--wait"]) == 0
    assert len(english()) == 3 and len(fake.batch_api.created) == 2


def test_batches_are_split_to_the_line_and_byte_limits(blog: Path, fake: FakeLLM, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_BATCH_API_LINES", "2")
    assert cli(["run", "--batch"]) == 0
    sizes = [len(fake.batch_api.inputs(b)) for b in fake.batch_api.created]
    assert len(sizes) > 1 and max(sizes) == 2
    lines = sum(sizes)
    for name in ("content/en", "translate.lock", ".translate-cache"):
        shutil.rmtree(name, ignore_errors=True) if name != "translate.lock" else Path(name).unlink(missing_ok=True)
    monkeypatch.delenv("TRANSLATE_BATCH_API_LINES")
    line_bytes = max(len(line) for b in fake.batch_api.created for line in fake.batch_api.files[fake.batch_api.batches[b]["input_file_id"]].splitlines(True))
    monkeypatch.setenv("TRANSLATE_BATCH_API_BYTES", str(2 * line_bytes + 10))
    created = len(fake.batch_api.created)
    assert cli(["run", "--batch", "--wait"]) == 0
    files = [fake.batch_api.files[fake.batch_api.batches[b]["input_file_id"]] for b in fake.batch_api.created[created:]]
    assert len(files) > 1 and all(len(data) <= 2 * line_bytes + 10 for data in files)
    assert sum(len(data.splitlines()) for data in files) == lines and len(english()) == 3


@pytest.mark.parametrize("moment", ["while creating the batch", "while waiting for it"])
def test_a_run_killed_between_submit_and_collect_is_collected_by_the_next_run_and_nothing_is_submitted_twice(
        blog: Path, fake: FakeLLM, moment: str) -> None:
    env = {**os.environ, "OPENAI_BASE_URL": fake.base_url, "PYTHONPATH": str(REPO)}
    if moment == "while creating the batch":
        fake.batch_api.script(["hold"])  # the batch exists, its id never reaches the run
        command = ["run", "--batch"]
    else:
        fake.batch_api.delay = 10**6
        command = ["run", "--batch", "--wait"]
    process = subprocess.Popen([sys.executable, "-m", "translate", *command], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        if moment == "while creating the batch":
            assert fake.batch_api.held.wait(timeout=60)
        else:
            _wait_for(lambda: any(r.batch_id for r in BatchStore(CACHE).records()) and len(fake.batch_api.lines) == 0)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        fake.batch_api.release.set()
        if process.poll() is None:
            process.kill()
    assert len(fake.batch_api.created) == 1 and english() == {}
    [record] = BatchStore(CACHE).records()
    assert (record.batch_id is None) == (moment == "while creating the batch")  # then only its input file tells which batch it is
    for batch_id in fake.batch_api.created:
        fake.batch_api.ready(batch_id)
    assert cli(["run", "--batch", "--wait"]) == 0
    assert len(fake.batch_api.created) == 1 and len(english()) == 3 and fake.requests == []
    assert len(fake.batch_api.lines) == len(input_lines(fake))  # every line ran once


def test_a_fresh_checkout_with_only_the_cache_folder_restored_collects_and_writes_the_posts(
        blog: Path, fake: FakeLLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An earlier push: two posts translated on the chat path, English posts and lock committed.
    (blog / "content" / "_posts" / "2024-01-03-c.md").unlink()
    assert cli(["run"]) == 0
    # This push: one post changed, one added.
    post_a = blog / "content" / "_posts" / "2024-01-01-a.md"
    post_a.write_text(post_a.read_text(encoding="utf-8").replace("讲了很多东西", "讲了更多的东西"), encoding="utf-8")
    (blog / "content" / "_posts" / "2024-01-03-c.md").write_text(POSTS["2024-01-03-c.md"], encoding="utf-8")
    committed = tmp_path / "committed"
    shutil.copytree(blog, committed, ignore=shutil.ignore_patterns(".translate-cache"))
    chat_requests = len(fake.requests)
    # CI, first job: submit, save the cache folder.
    assert cli(["run", "--batch"]) == 0
    assert len(fake.batch_api.created) == 1 and len(fake.requests) == chat_requests
    saved = tmp_path / "saved-cache"
    shutil.copytree(CACHE, saved)
    # CI, a later job on another machine: the commit checked out, the cache folder restored.
    checkout = tmp_path / "checkout"
    shutil.copytree(committed, checkout)
    shutil.copytree(saved, checkout / ".translate-cache")
    monkeypatch.chdir(checkout)
    assert cli(["check"]) == 1  # the changed and the new post are stale until collected
    assert cli(["run", "--batch"]) == 0
    assert len(fake.batch_api.created) == 1 and len(fake.requests) == chat_requests
    assert cli(["check"]) == 0
    expected, _ = chat_english(tmp_path, monkeypatch, committed, fake)
    assert english() == expected and len(expected) == 3


def test_a_dry_run_with_batch_is_priced_at_half_and_needs_no_network(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open("pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write('prices = { "gpt-4o-mini" = [1.0, 4.0] }\n')
    assert cli(["run", "--dry-run", "--json"]) == 0
    chat = json.loads(capsys.readouterr().out)
    assert cli(["run", "--dry-run", "--batch", "--json"]) == 0
    batch = json.loads(capsys.readouterr().out)
    assert chat["cost"] > 0 and batch["cost"] == pytest.approx(chat["cost"] / 2)
    assert batch["requests"] == chat["requests"]


def test_the_spend_ledger_records_a_collected_batch_at_the_batch_price(blog: Path, fake: FakeLLM) -> None:
    from translate.store.ledger import LEDGER_FILE

    with open("pyproject.toml", "a", encoding="utf-8") as handle:
        handle.write('prices = { "gpt-4o-mini" = [1.0, 4.0] }\n')
    assert cli(["run", "--batch"]) == 0
    assert not (CACHE / LEDGER_FILE).exists()  # nothing answered yet: nothing spent
    assert cli(["run", "--batch"]) == 0
    [line] = [json.loads(raw) for raw in (CACHE / LEDGER_FILE).read_text(encoding="utf-8").splitlines()]
    assert line["requests"] == len(input_lines(fake)) and line["price"]["batch"] is True
    assert line["price"]["input"] == 0.5 and line["price"]["output"] == 2.0
    assert line["cost"] == pytest.approx((line["prompt_tokens"] * 0.5 + line["completion_tokens"] * 2.0) / 1e6)


def test_without_a_key_a_batch_run_stops_with_exit_2_and_records_nothing(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "--batch"]) == 2
    assert "No API key" in capsys.readouterr().err
    assert not (CACHE / BATCHES_FOLDER).exists() or not list((CACHE / BATCHES_FOLDER).iterdir())


def test_usage_errors_and_an_unreadable_record(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "--wait"]) == 2
    assert cli(["run", "--batch", "--offline"]) == 2
    assert cli(["run", "--batch", "--no-cache"]) == 2
    (CACHE / BATCHES_FOLDER).mkdir(parents=True)
    (CACHE / BATCHES_FOLDER / "broken.json").write_text("{", encoding="utf-8")
    capsys.readouterr()
    assert cli(["run", "--batch"]) == 2
    assert "broken.json: unreadable batch record" in capsys.readouterr().err


def test_json_output_names_the_batches(blog: Path, fake: FakeLLM, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["run", "--batch", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["batches"]["submitted"] == fake.batch_api.created and data["batches"]["in_flight"][0]["status"] == "validating"


def test_a_record_keeps_every_job_as_it_was_planned(tmp_path: Path) -> None:
    from translate.glossary.entry import GlossaryEntry
    from translate.model.translator import SegmentJob
    from translate.source.post import parse_post
    from translate.source.segment import segment
    from translate.store.batches import BatchLine, BatchRecord

    text = "---\ntitle: 标题\n---\n\n> 引用里有 `code`、[链接](https://example.com/ \"题\") 和才云。\r\n> 第二行\r\n\n| 表 | 格 |\n|---|---|\n| 单元 | 格子 |\n"
    segments = segment(parse_post(text.encode("utf-8"), path=Path("p.md")))
    entry = GlossaryEntry(term="才云", rendering="Caicloud", keep=False, aliases=("才云科技",), forbidden=("Cai Cloud",),
                          note="a company", status="approved", line=3, ignore_case=True)
    jobs = {f"k{n}": SegmentJob(f"k{n}", seg, (entry,) if "才云" in seg.text else (), "p.md", title="标题", earlier="Old." if n == 1 else None)
            for n, seg in enumerate(segments)}
    record = BatchRecord(record="r1", input_file_id="file-1", model="m", created=1.0, jobs=jobs,
                         lines=(BatchLine("r1-1", tuple(jobs), stage=2, note="segment 1: fix it"),))
    store = BatchStore(tmp_path)
    store.save(record)
    [read] = store.records()
    assert read == record and any(job.segment.placeholders for job in read.jobs.values())
    assert any(job.entries == (entry,) for job in read.jobs.values())
    store.remove("r1")
    assert store.records() == []


def test_ages_read_as_people_say_them() -> None:
    assert [age_text(s) for s in (5, 125, 3 * 3600 + 300, 3 * 86400 + 7200)] == ["5 s", "2 min", "3 h 5 min", "3 d 2 h"]


def _wait_for(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
