"""The posts under review, by lock key: a page or a form names a post by its key, never by a path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..paths import ProjectKeys, english_path, find_posts


@dataclass(frozen=True, slots=True)
class PostFile:
    """One Chinese post and where its English edition goes."""

    key: str
    """Its lock key (path relative to the project root, forward slashes)."""
    source: Path
    """The Chinese post."""
    english: Path
    """Its English edition (which may not exist yet)."""
    english_key: str
    """The English post's path relative to the project root, forward slashes."""


def post_files(settings: Settings, inputs: Sequence[Path]) -> dict[str, PostFile]:
    """Every post under ``inputs`` by lock key, in the order found.

    Only these posts can be shown or changed: a key that is not here is refused, so a request can
    never name a file elsewhere on the disk.
    """
    keys = ProjectKeys(settings)
    found: dict[str, PostFile] = {}
    for source, root in find_posts(settings, inputs):
        english = english_path(settings, source, input_root=root)
        key = keys(source)
        found[key] = PostFile(key, source, english, keys(english))
    return found
