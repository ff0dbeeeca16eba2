"""Benchmark `translate run` and `translate check` over ../shared/corpus/ against the fake server.

Prints, each measured in this one run:
  (a) requests per post, and prompt tokens / tokens of the segments themselves, batched vs. one
      request per segment (goal: batched ratio <= 1.3);
  (b) wall time at concurrency 8 / ideal (requests x latency / 8) (goal <= 1.3);
  (c) a fully cached run (no lock, no English posts: every segment from the cache) / segment-and-join
      of the same posts (goal <= 2), also with every post parsed in the run's own process
      (parse_workers = 0), and a run where nothing changed;
  (d) `translate check` over the corpus, interpreter start included (goal < 1 s).

Usage: .venv/bin/python bench/run_bench.py [--latency 1.0] [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SERVE = (
    "import sys, time; sys.path.insert(0, sys.argv[1]); from fakellm import FakeLLM; "
    "fake = FakeLLM(latency=float(sys.argv[2])).start(); print(fake.base_url, flush=True); time.sleep(10**6)"
)
from translate.cli import run as cli  # noqa: E402
from translate.source.post import parse_post  # noqa: E402
from translate.source.segment import join, segment  # noqa: E402
from translate.config import load_settings  # noqa: E402
from translate.glossary.model import load_glossary  # noqa: E402
from translate.run.pipeline import RunOptions, run  # noqa: E402
from translate.model.prompt import BatchItem, build_messages  # noqa: E402
from translate.model.estimate import estimate_messages, estimate_tokens  # noqa: E402


def make_project(corpus: Path, folder: Path, limit: int | None) -> list[Path]:
    (folder / "posts").mkdir(parents=True)
    files = sorted(p for p in corpus.rglob("*.md") if p.name != "README.md")[:limit]
    for n, path in enumerate(files):
        target = folder / "posts" / f"{n:03d}-{path.name}"
        shutil.copyfile(path, target)
    shutil.copyfile(ROOT / "glossary.yaml", folder / "glossary.yaml")
    (folder / "pyproject.toml").write_text('[tool.translate]\nlayout = "mirror"\nout = "english"\ncontent = ["posts"]\n', encoding="utf-8")
    return sorted((folder / "posts").iterdir())


def timed(argv: list[str]) -> tuple[float, int]:
    """Seconds and exit status of one in-process command; its per-post lines go to /dev/null."""
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stderr(sink):
        started = time.perf_counter()
        rc = cli(argv)
        return time.perf_counter() - started, rc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpus"
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "blog"
        posts = make_project(corpus, folder, args.limit)
        os.chdir(folder)
        for name in [n for n in os.environ if n.startswith(("TRANSLATE_", "OPENAI_"))]:
            del os.environ[name]
        # The server runs in its own process, as a real endpoint would: in-process it would compete
        # with the client for the interpreter lock and the measured wall time would be the server's.
        server = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(ROOT / "tests"), str(args.latency)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            os.environ["OPENAI_BASE_URL"] = server.stdout.readline().strip()
            # Segment tokens: what the segments themselves weigh.
            segs = [s for path in posts for s in segment(parse_post(path.read_bytes(), path=path))]
            segment_tokens = sum(estimate_tokens(s.text) for s in segs)

            # One request per segment, for comparison: the same prompts, each with a single segment.
            glossary = load_glossary(Path("glossary.yaml"))
            single_prompt = sum(
                estimate_messages(build_messages([BatchItem(id=s.id, text=s.text)], entries=glossary.entries_in(s.text)))
                for s in segs
            )

            settings = load_settings(flags={"concurrency": 8, "cache_dir": "cache"})
            started = time.perf_counter()
            report = run(settings, [Path("posts")], RunOptions())
            seconds = time.perf_counter() - started
            requests = report.usage.requests
            print(f"posts: {len(posts)}, segments to translate: {len(segs)}, segment tokens: {segment_tokens}, failed posts: {len(report.failed)}")
            unique = {(s.kind, s.text): s for s in segs}
            unique_tokens = sum(estimate_tokens(s.text) for s in unique.values())
            print(f"(a) batched: {requests} requests, {requests / len(posts):.2f} per post, prompt tokens / segment tokens "
                  f"{report.usage.prompt_tokens / segment_tokens:.3f} (per unique segment sent: {report.usage.prompt_tokens / unique_tokens:.3f}; "
                  f"{len(segs) - len(unique)} repeated segments were sent once); one request per segment: {len(segs)} requests, "
                  f"{len(segs) / len(posts):.2f} per post, ratio {single_prompt / segment_tokens:.3f}")
            ideal = requests * args.latency / 8
            print(f"(b) wall {seconds:.2f}s at concurrency 8, ideal {ideal:.2f}s, ratio {seconds / ideal:.2f}")

            del report, segs, unique  # measure the next runs without this run's data in memory
            unchanged, rc2 = timed(["run", "--cache-dir", "cache"])
            pairs = _rebuilds_in_turns(posts)
            segment_seconds = min(s for s, _ in pairs)
            cached = min(c for _, c in pairs)
            print(f"(c) segment-and-join {segment_seconds:.2f}s, fully cached run {cached:.2f}s (best of 3 each, timed in turns), "
                  f"ratio {cached / segment_seconds:.2f} (per turn: {_per_turn(pairs)}); nothing changed {unchanged:.2f}s (exit {rc2})")
            # The same rebuild with every post parsed in the run's own process, for comparison.
            os.environ["TRANSLATE_PARSE_WORKERS"] = "0"
            single = _rebuilds_in_turns(posts)
            del os.environ["TRANSLATE_PARSE_WORKERS"]
            print(f"    with parse_workers = 0: {min(c for _, c in single):.2f}s, ratio "
                  f"{min(c for _, c in single) / min(s for s, _ in single):.2f} (per turn: {_per_turn(single)})")
        finally:
            server.kill()
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
        best = min(_check_seconds(env) for _ in range(3))
        print(f"(d) translate check over {len(posts)} posts, interpreter start included: {best:.3f}s")


def _rebuilds_in_turns(posts: list[Path], turns: int = 3) -> list[tuple[float, float]]:
    """(segment-and-join seconds, fully cached rebuild seconds) per turn.

    The two are timed in turns, so a machine whose speed drifts during the benchmark slows both alike.
    """
    pairs = []
    for _ in range(turns):
        shutil.rmtree("english")
        Path("translate.lock").unlink()
        seconds, rc = timed(["run", "--offline", "--cache-dir", "cache"])
        assert rc == 0, "a cached run must succeed offline"
        pairs.append((_segment_and_join(posts), seconds))
    return pairs


def _per_turn(pairs: list[tuple[float, float]]) -> str:
    return ", ".join(f"{c / s:.2f}" for s, c in pairs)


def _segment_and_join(posts: list[Path]) -> float:
    """Seconds to read, segment (all text) and join every post with identity translations."""
    started = time.perf_counter()
    for path in posts:
        post = parse_post(path.read_bytes(), path=path)
        found = segment(post, all_text=True)
        join(post.text, found, {s.id: s.text for s in found})
    return time.perf_counter() - started


def _check_seconds(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "translate", "check"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
