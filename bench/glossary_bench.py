"""Quality of `translate glossary extract`'s ranking over ../shared/corpus/, against a labelled list.

The list (bench/glossary_labels.tsv, see its header for how it was made) says, for terms found in
the corpus, whether each needs a glossary entry (`entry`: names, domain terms whose rendering is a
choice) or not (`generic`). Spellings of one thing share a line and count once.

Prints, for the code under test and, with --before REV, for the code of a git revision:
  precision at 30: labelled `entry` things among the first 30 candidates / 30 (a second candidate
                   for a thing already counted counts as a miss: unmerged variants cost);
  recall at 50:    `entry` things among the first 50 candidates / all `entry` things in the list;
  unlabelled:      candidates in the first 50 the list does not know (judged as misses).

Usage: .venv/bin/python bench/glossary_bench.py [--before main] [--show N] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "glossary_labels.tsv"
CORPUS = ROOT.parent / "shared" / "corpus"
PRECISION_AT, RECALL_AT = 30, 50


def load_labels(path: Path) -> dict[str, tuple[str, int]]:
    """Casefolded spelling → (label, number of the thing it names)."""
    labels: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        label, spellings = line.split("\t")[:2]
        if label not in ("entry", "generic"):
            raise SystemExit(f"{path}:{number + 1}: label {label!r} is neither entry nor generic")
        for spelling in spellings.split("|"):
            key = spelling.strip().casefold()
            if key in labels:
                raise SystemExit(f"{path}:{number + 1}: {spelling!r} is labelled twice")
            labels[key] = (label, number)
    return labels


def ranked(corpus: Path, limit: int) -> list[list[str]]:
    """The first ``limit`` candidates over ``corpus``, each as its spellings (term first)."""
    sys.path.insert(0, os.environ.get("BENCH_CODE", str(ROOT)))
    from translate.glossary.mining import extract_terms_from

    paths = sorted(p for p in corpus.rglob("*.md") if p.name != "README.md")
    found = extract_terms_from(paths, _Reader(corpus), warn=lambda message: None, jobs=2)
    return [[c.term, *getattr(c, "aliases", ())] for c in found[:limit]]


class _Reader:
    """A picklable reader of one corpus post: its relative name and segments."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus

    def __call__(self, path: Path) -> tuple[str, list[object]] | str:
        from translate.errors import PostError
        from translate.source.post import read_post
        from translate.source.segment import segment

        try:
            return str(path.relative_to(self.corpus)), list(segment(read_post(path)))
        except PostError as exc:
            return f"{path}: {exc}"


def measure(candidates: list[list[str]], labels: dict[str, tuple[str, int]]) -> dict[str, float]:
    """Precision at 30, recall at 50 and unlabelled candidates among the first 50."""
    entries = {number for label, number in labels.values() if label == "entry"}
    seen: set[int] = set()
    precise = unlabelled = 0
    for n, spellings in enumerate(candidates[:RECALL_AT], start=1):
        things = {labels[s.casefold()] for s in spellings if s.casefold() in labels}
        unlabelled += not things
        new = {number for label, number in things if label == "entry"} - seen
        seen |= new
        precise += bool(new) and n <= PRECISION_AT
    return {"precision": precise / PRECISION_AT, "recall": len(seen) / len(entries), "unlabelled": unlabelled,
            "ceiling": min(RECALL_AT, len(entries)) / len(entries)}


def run_revision(revision: str, corpus: Path, show: int) -> dict[str, object]:
    """This benchmark's numbers for the code of ``revision``, exported to a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "translate"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        result = subprocess.run([sys.executable, __file__, "--json", "--show", str(show), str(corpus)], check=True, capture_output=True,
                                env={**os.environ, "BENCH_CODE": folder, "PYTHONPATH": folder}, text=True)
    return dict(json.loads(result.stdout))


def report(name: str, numbers: dict[str, object]) -> None:
    """Print one line of figures and the first candidates with their labels."""
    print(f"{name}: precision@{PRECISION_AT} {numbers['precision']:.2f}, recall@{RECALL_AT} {numbers['recall']:.2f} "
          f"(at most {numbers['ceiling']:.2f}), unlabelled in the first {RECALL_AT}: {numbers['unlabelled']}")
    for line in numbers.get("top", []):  # type: ignore[union-attr]
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--before", metavar="REV", help="also measure the code of this git revision (e.g. main)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list the first N candidates with their labels")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"corpus folder {args.corpus} is absent")
    labels = load_labels(LABELS)
    candidates = ranked(args.corpus, max(RECALL_AT, args.show))
    numbers: dict[str, object] = {**measure(candidates, labels)}
    numbers["top"] = [f"{n:3d}. {labels.get(c[0].casefold(), ('?', 0))[0]:7s} {' | '.join(c)}"
                      for n, c in enumerate(candidates[: args.show], start=1)]
    if args.json:
        print(json.dumps(numbers, ensure_ascii=False))
        return
    entries = sum(1 for label, _n in set(labels.values()) if label == "entry")
    print(f"{len(set(labels.values()))} labelled things ({entries} need an entry), {len(labels)} spellings, corpus {args.corpus}")
    if args.before:
        report(f"before ({args.before})", run_revision(args.before, args.corpus, args.show))
    report("after", numbers)


if __name__ == "__main__":
    main()
