"""translate: keep an English edition of a Chinese Markdown blog current.

The public API is loaded on first use, so ``translate check`` starts without the Markdown parser.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "TranslateError": "translate.errors",
    "Post": "translate.post",
    "parse_post": "translate.post",
    "read_post": "translate.post",
    "Placeholder": "translate.protect",
    "mask": "translate.protect",
    "restore": "translate.protect",
    "Segment": "translate.segment",
    "join": "translate.segment",
    "segment": "translate.segment",
}
__all__ = sorted(_API)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'translate' has no attribute {name!r}")
