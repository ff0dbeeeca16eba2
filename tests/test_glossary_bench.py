"""The labelled list of bench/glossary_bench.py parses, and its measures count what they say."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("glossary_bench", REPO_ROOT / "bench" / "glossary_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labels_parse_without_repeats() -> None:
    labels = bench().load_labels(REPO_ROOT / "bench" / "glossary_labels.tsv")
    kinds = {label for label, _thing in labels.values()}
    assert kinds == {"entry", "generic"} and len(set(labels.values())) >= 300
    assert labels["tidb"][0] == "entry" and labels["api"][0] == "generic"
    assert labels["北大"] == labels["北京大学"]  # spellings of one thing share a line


def test_a_repeated_thing_counts_once() -> None:
    module = bench()
    labels = {"tidb": ("entry", 1), "tikv": ("entry", 2), "api": ("generic", 3), "奥特曼": ("entry", 4), "奥特": ("entry", 4)}
    numbers = module.measure([["TiDB", "tidb"], ["奥特曼"], ["奥特"], ["API"], ["unknown"]], labels)
    assert numbers["precision"] == 2 / module.PRECISION_AT
    assert numbers["recall"] == 2 / 3 and numbers["unlabelled"] == 1
