"""The translation cache: lookups many keys at a time agree with diskcache's own reads."""

from __future__ import annotations

from pathlib import Path

import diskcache

from translate.store.cache import TranslationCache, cache_key


def _key(n: int) -> str:
    return cache_key(text=f"第{n}段", kind="paragraph", model="m", prompt_version="1", fingerprints=[])


def test_get_many_returns_what_was_stored_and_counts_hits_and_misses(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "cache")
    stored = {_key(n): f"Paragraph {n}" for n in range(0, 1200, 2)}  # more keys than one query takes
    cache.put_many(list(stored.items()))
    asked = [_key(n) for n in range(1200)] + [_key(0)]  # a repeated key counts each time
    found = cache.get_many(asked)
    assert found == stored
    assert (cache.hits, cache.misses) == (601, 600)
    cache.close()


def test_get_many_reads_values_diskcache_keeps_in_files(tmp_path: Path) -> None:
    long_text = "A sentence that repeats. " * 4000  # beyond diskcache's inline limit: stored in a file
    cache = TranslationCache(tmp_path / "cache")
    cache.put(_key(1), long_text)
    cache.close()
    with diskcache.Cache(str(tmp_path / "cache")) as raw:
        assert raw.get(_key(1)) == long_text
        assert list((tmp_path / "cache").rglob("*.val"))
    cache = TranslationCache(tmp_path / "cache")
    assert cache.get_many([_key(1), _key(2)]) == {_key(1): long_text}
    cache.close()


def test_get_many_skips_expired_and_non_text_entries(tmp_path: Path) -> None:
    with diskcache.Cache(str(tmp_path / "cache")) as raw:
        raw.set(_key(1), "fresh")
        raw.set(_key(2), "gone", expire=-1)
        raw.set(_key(3), b"bytes are not a translation")
    cache = TranslationCache(tmp_path / "cache")
    assert cache.get_many([_key(1), _key(2), _key(3)]) == {_key(1): "fresh"}
    cache.close()


def test_get_many_sets_aside_translations_older_checks_passed(tmp_path: Path) -> None:
    with diskcache.Cache(str(tmp_path / "cache")) as raw:
        raw.set(_key(1), "stored before versions were")  # no tag: version 0
    cache = TranslationCache(tmp_path / "cache")
    cache.put(_key(2), "checked by version 1", version=1)
    cache.put_many([(_key(3), "checked by version 2"), (_key(4), "also")], version=2)
    keys = [_key(n) for n in range(1, 6)]
    older: dict[str, str] = {}
    assert cache.get_many(keys, version=2, older=older) == {_key(3): "checked by version 2", _key(4): "also"}
    assert older == {_key(1): "stored before versions were", _key(2): "checked by version 1"}
    assert cache.get_many(keys, version=3) == {}  # without ``older``, older ones are simply left out
    assert len(cache.get_many(keys)) == 4  # version 0: every translation
    cache.close()
    with diskcache.Cache(str(tmp_path / "cache")) as raw:
        assert raw.get(_key(3), tag=True) == ("checked by version 2", 2)
