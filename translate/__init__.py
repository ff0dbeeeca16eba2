"""translate: keep an English edition of a Chinese Markdown blog current.

The public API is loaded on first use, so ``translate check`` starts without the Markdown parser.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "TranslateError": "translate.errors",
    "Post": "translate.source.post",
    "parse_post": "translate.source.post",
    "read_post": "translate.source.post",
    "Placeholder": "translate.source.protect",
    "mask": "translate.source.protect",
    "restore": "translate.source.protect",
    "Segment": "translate.source.segment",
    "join": "translate.source.segment",
    "segment": "translate.source.segment",
}
__all__ = sorted(_API)
__version__ = "0.2.0"
"""The release; the one place it is written (pyproject reads it from here)."""


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'translate' has no attribute {name!r}")
