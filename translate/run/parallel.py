"""Parse source posts a few posts ahead of planning, on the other cores when there are many.

Parsing and segmenting is most of what a run over many changed posts (or a rebuild from the cache)
spends. From ``PARALLEL_FROM`` posts on, worker processes parse them while this process matches,
looks up the cache and writes; results still come back in the order of the posts. Each worker gets
the bytes read here, so a post is parsed exactly as it was hashed.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..errors import TranslateError
from ..source.post import Post, parse_post
from ..source.segment import Segment, segment
from ..site.links import Link, links_in
from ..workers import start_worker, usable_cores

Item = TypeVar("Item")

PARALLEL_FROM = 64
"""With fewer posts than this, posts are parsed in this process: starting workers would cost more."""
AHEAD_PER_WORKER = 4
"""Posts each worker may be given ahead of the one being planned (bounds the memory held)."""
MAX_WORKERS = 8
IDLE_SECONDS = 0.02
"""While waiting for a worker's parse, how often the caller's ``idle`` runs."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """A source post parsed and segmented, or the reason it could not be."""

    post: Post | None = None
    """The parsed post (None on error)."""
    segments: tuple[Segment, ...] = ()
    """All its text segments, in source order."""
    error: str | None = None
    """Why the post could not be parsed."""
    line: int | None = None
    """Where, when known."""
    links: tuple[Link, ...] = ()
    """Its link destinations (offsets in ``post.text``)."""


def parse_source(raw: bytes, path: Path, fields: Sequence[str], math: bool) -> Parsed:
    """Parse and segment a source post; needs nothing but its arguments, so worker processes can run it."""
    try:
        post = parse_post(raw, path=path)
        parsed: dict[str, Any] = {}
        segments = tuple(segment(post, fields=fields, math=math, all_text=True, parsed=parsed))
        links = links_in(post.text, post.body_start, parsed["tokens"], parsed["env"])  # from the same parse
        return Parsed(post=post, segments=segments, links=tuple(links))
    except TranslateError as exc:  # returned, not raised: an exception may not survive the trip between processes
        return Parsed(error=exc.message, line=exc.line)


def parse_ahead(jobs: Iterable[tuple[Item, bytes | None, Path]], *, fields: Sequence[str], math: bool,
                count: int, workers: int | None = None,
                idle: Callable[[], None] | None = None) -> Generator[tuple[Item, Parsed | None], None, None]:
    """(item, parsed source) for each (item, bytes, path) job, in order; None for jobs without bytes.

    ``count`` is how many jobs there are: with many, the parsing happens in ``workers`` processes
    (None: ``worker_count()``); otherwise, or with 0 workers, here, in turn. While it waits for a
    worker, ``idle`` is called every ``IDLE_SECONDS`` (the run caches the replies that came in).
    """
    if count < PARALLEL_FROM or not sys.platform.startswith("linux"):
        workers = 0
    elif workers is None:
        workers = worker_count()
    if workers == 0:
        for item, raw, path in jobs:
            yield item, None if raw is None else parse_source(raw, path, fields, math)
        return
    pool: ProcessPoolExecutor | None = None
    window: deque[tuple[Item, Future[Parsed] | None]] = deque()
    try:
        for item, raw, path in jobs:
            future: Future[Parsed] | None = None
            if raw is not None:
                if pool is None:  # only once a post needs parsing: an up-to-date blog starts no process
                    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                               initializer=start_worker, initargs=(os.getpid(),))
                future = pool.submit(parse_source, raw, path, tuple(fields), math)
            window.append((item, future))
            while window and (window[0][1] is None or len(window) > workers * AHEAD_PER_WORKER):
                yield _first_done(window, idle)
        while window:
            yield _first_done(window, idle)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _first_done(window: deque[tuple[Item, Future[Parsed] | None]], idle: Callable[[], None] | None) -> tuple[Item, Parsed | None]:
    """Take the oldest job off ``window``, waiting for its parse if it has one."""
    item, pending = window[0]
    if pending is not None and idle is not None:
        while not wait([pending], timeout=IDLE_SECONDS).done:
            idle()
    window.popleft()
    return item, None if pending is None else pending.result()


def worker_count() -> int:
    """Worker processes for parsing by default: one per core this process may use; none on one core or off Linux.

    Workers are forked: they start at once, already holding the parser, and need not import the
    caller's main module (which a script without a ``__main__`` guard would run again). They only
    parse: they touch no lock, file or connection another thread of the run may hold. Elsewhere
    fork is unsafe or missing, and posts are parsed in this process.
    """
    if not sys.platform.startswith("linux"):
        return 0
    cores = usable_cores()
    return min(cores, MAX_WORKERS) if cores > 1 else 0
