"""Benchmark the Batch API path: a backfill of ../shared/corpus/ through `translate run --batch`, against the chat path.

Both runs go to the deterministic fake server (in this process: what is measured is counts and
bytes, not wall time), each over its own copy of the corpus with an empty cache. Prints, measured in
this one run:
  (a) chat requests the batch backfill sent for segments (goal: 0), and for the blog's tags and
      categories (their renderings are asked on the chat path whichever path the segments take);
  (b) batch lines / the chat path's segment requests (goal: close to 1), batches and input bytes;
  (c) whether the English posts are byte-identical to the chat path's (goal: yes), and the lock;
  (d) prompt and completion tokens of both paths, and what the batch state weighed in the cache folder.

Usage: .venv/bin/python bench/batch_bench.py [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from fakellm import FakeLLM  # noqa: E402
from run_bench import make_project  # noqa: E402

from translate.cli import run as cli  # noqa: E402
from translate.model.prompt import TERM_RULES  # noqa: E402
from translate.store.batches import BATCHES_FOLDER  # noqa: E402


def english_tree(folder: Path) -> dict[str, bytes]:
    """Every English post under ``folder/english``, by relative path."""
    out = folder / "english"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.md"))}


def is_term_request(body: dict[str, Any]) -> bool:
    """Whether a chat request asks for tag and category renderings rather than segments."""
    return str(body["messages"][0]["content"]).startswith(TERM_RULES[:40])


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Exit status and stdout of one in-process command (its stderr lines are dropped)."""
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stderr(sink), \
            contextlib.redirect_stdout(buffer := _Buffer()):
        rc = cli(argv)
    return rc, buffer.text


class _Buffer:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}")
    for name in [n for n in os.environ if n.startswith(("TRANSLATE_", "OPENAI_"))]:
        del os.environ[name]
    home = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp, FakeLLM() as fake:
        os.environ["OPENAI_BASE_URL"] = fake.base_url
        chat_dir, batch_dir = Path(tmp) / "chat", Path(tmp) / "batch"
        posts = make_project(corpus, chat_dir, args.limit)
        make_project(corpus, batch_dir, args.limit)
        try:
            os.chdir(chat_dir)
            started = time.perf_counter()
            rc, out = run_cli(["run", "--json", "--cache-dir", "cache"])
            chat_seconds = time.perf_counter() - started
            chat = json.loads(out)
            chat_bodies = list(fake.requests)
            chat_segment_requests = sum(not is_term_request(b) for b in chat_bodies)
            print(f"posts: {len(posts)}; chat path: exit {rc}, {len(chat_bodies)} chat requests ({chat_segment_requests} for segments, "
                  f"{len(chat_bodies) - chat_segment_requests} for tags and categories), {chat['prompt_tokens']} prompt + "
                  f"{chat['completion_tokens']} completion tokens, {chat['failed']} failed posts, {chat_seconds:.1f}s")

            os.chdir(batch_dir)
            before = len(fake.requests)
            started = time.perf_counter()
            rc1, out1 = run_cli(["run", "--batch", "--json", "--cache-dir", "cache"])
            submit_seconds = time.perf_counter() - started
            state_bytes = sum(p.stat().st_size for p in (batch_dir / "cache" / BATCHES_FOLDER).glob("*.json"))
            started = time.perf_counter()
            rc2, out2 = run_cli(["run", "--batch", "--json", "--cache-dir", "cache"])
            collect_seconds = time.perf_counter() - started
            submitted, collected = json.loads(out1), json.loads(out2)
            batch_bodies = fake.requests[before:]
            segment_chat = sum(not is_term_request(b) for b in batch_bodies)
            api = fake.batch_api
            lines = sum(len(api.inputs(b)) for b in api.created)
            input_bytes = sum(len(api.files[api.batches[b]["input_file_id"]]) for b in api.created)
            left = list((batch_dir / "cache" / BATCHES_FOLDER).glob("*.json"))
            print(f"batch path: submit exit {rc1} in {submit_seconds:.1f}s, collect exit {rc2} in {collect_seconds:.1f}s, "
                  f"{collected['failed']} failed posts, {len(left)} records left in the state")
            print(f"(a) chat requests of the batch backfill: {segment_chat} for segments (goal 0), "
                  f"{len(batch_bodies) - segment_chat} for tags and categories")
            print(f"(b) batch lines {lines} / chat segment requests {chat_segment_requests} = {lines / max(chat_segment_requests, 1):.3f}; "
                  f"{len(api.created)} batches, {input_bytes / 1e6:.2f} MB of input files, "
                  f"{submitted['batches']['in_flight'][0]['segments'] if submitted['batches']['in_flight'] else 0} segments in the first")
            chat_english, batch_english = english_tree(chat_dir), english_tree(batch_dir)
            same = chat_english == batch_english
            differing = sorted(k for k in chat_english.keys() | batch_english.keys() if chat_english.get(k) != batch_english.get(k))
            lock_same = (chat_dir / "translate.lock").read_bytes() == (batch_dir / "translate.lock").read_bytes()
            print(f"(c) English posts byte-identical to the chat path's: {same} ({len(batch_english)} posts"
                  f"{', differing: ' + ', '.join(differing[:5]) if differing else ''}); lock identical: {lock_same}")
            batch_prompt = submitted["prompt_tokens"] + collected["prompt_tokens"]
            batch_completion = submitted["completion_tokens"] + collected["completion_tokens"]
            print(f"(d) tokens (tags and categories included), chat path {chat['prompt_tokens']} + {chat['completion_tokens']}, "
                  f"batch path {batch_prompt} + {batch_completion} (the segments' billed at half the price); "
                  f"batch state while in flight: {state_bytes / 1e6:.2f} MB")
        finally:
            os.chdir(home)
            if not os.environ.get("KEEP"):
                shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
