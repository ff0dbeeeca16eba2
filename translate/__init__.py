"""translate: keep an English edition of a Chinese Markdown blog current."""

from __future__ import annotations

from .errors import TranslateError
from .post import Post, parse_post, read_post
from .protect import Placeholder, mask, restore
from .segment import Segment, join, segment

__all__ = [
    "Placeholder",
    "Post",
    "Segment",
    "TranslateError",
    "join",
    "mask",
    "parse_post",
    "read_post",
    "restore",
    "segment",
]
__version__ = "0.1.0"
