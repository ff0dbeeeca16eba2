"""Short, stable digests: what the lock, the cache keys and glossary fingerprints are made of."""

from __future__ import annotations

import hashlib


def digest(data: bytes | str, *, size: int = 16) -> str:
    """A short, stable hex digest of ``data``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:size]
