"""Segment-and-join throughput over ../shared/corpus/, against a bare markdown-it-py parse of the same files.

Usage: .venv/bin/python bench/segment_bench.py [--repeat N] [--profile] [CORPUS_DIR]

Prints MB/s for both, best of N repeats each (CPU time of this process, so that other load on the
machine matters less), and the ratio of their times (goal: at most 1.5).
Posts are decoded once up front (reading files is not what is measured); the segmenter's own
work includes splitting off and parsing the front matter, segmenting and joining with an
identity translation and with a pseudo-translation-free "translated" copy of every segment.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.source.post import parse_post  # noqa: E402
from translate.source.segment import join, segment  # noqa: E402

GOAL = 1.5


def bare_parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)


def load(corpus: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in sorted(corpus.rglob("*.md"))]


def run_bare(md, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    for text in texts:
        md.parse(text)


def run_segmenter(files: list[tuple[Path, bytes]]) -> None:
    for path, raw in files:
        post = parse_post(raw, path=path)
        segments = segment(post)
        # Identity join (no segment replaced), then every segment "translated" by a copy of its own text.
        joined = join(post.text, segments, {s.id: s.text for s in segments})
        assert len(joined) == len(post.text)


def best_of(fns, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """The best CPU time of each function over ``repeat`` rounds, the functions interleaved in each round."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times):
            start = time.process_time()
            fn()
            spent.append(time.process_time() - start)
    return [min(spent) for spent in times]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=5, help="repeats of each measurement; the best is kept")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one segmenter pass")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent", file=sys.stderr)
        return 2
    files = load(args.corpus)
    size = sum(len(raw) for _, raw in files)
    # The bare parser gets the same text the segmenter parses: the decoded file.
    texts = [parse_post(raw, path=path).text for path, raw in files]
    md = bare_parser()
    run_bare(md, texts)  # warm up both (imports, rule caches)
    run_segmenter(files)
    bare, ours = best_of([lambda: run_bare(md, texts), lambda: run_segmenter(files)], args.repeat)
    mb = size / 1e6
    print(f"corpus: {len(files)} files, {mb:.2f} MB, best of {args.repeat}")
    print(f"markdown-it-py parse:  {bare:7.3f} s  {mb / bare:6.2f} MB/s")
    print(f"segment + join:        {ours:7.3f} s  {mb / ours:6.2f} MB/s")
    ratio = ours / bare
    print(f"ratio (segment+join / parse): {ratio:.2f}  (goal <= {GOAL})  {'OK' if ratio <= GOAL else 'ABOVE GOAL'}")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run_segmenter, files)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
