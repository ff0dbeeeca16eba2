"""Read and write posts: strict UTF-8, BOM and newlines kept, front matter kept as raw text."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PostError

BOM = "\ufeff"
TEMP_SUFFIX = ".translate.tmp"
"""How temporary files of atomic writes end (a leftover is ``.<name>.<random>.translate.tmp``)."""
LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
"""One line with its line ending; markdown-it also treats a lone CR as a line break."""

LINE_START = r"(?:\A|(?<=\n)|(?<=\r)(?!\n))"
"""Where a line starts: the start of the text, or after LF, CRLF or a lone CR (``^`` with re.M knows only LF)."""

_YAML_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_YAML_CLOSE = re.compile(LINE_START + r"(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\r|\n)")
_TOML_CLOSE = re.compile(LINE_START + r"\+\+\+[ \t]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The raw front matter block of a post."""

    kind: str
    """``yaml`` or ``toml``."""
    start: int
    """Offset of the first line after the opening fence."""
    end: int
    """Offset of the closing fence line."""
    data: dict[str, object]
    """The parsed fields, used to read values; never dumped back."""


@dataclass(frozen=True, slots=True)
class Post:
    """A post's decoded text, split into front matter and body."""

    path: Path | None
    """Where it was read from, for messages."""
    text: str
    """The whole file without its BOM."""
    bom: bool
    """Whether the file started with a UTF-8 BOM."""
    front_matter: FrontMatter | None
    """The front matter, if any."""
    body_start: int
    """Offset where the Markdown body starts."""

    @property
    def body_line(self) -> int:
        """0-based line number of the first body line."""
        return count_lines(self.text, self.body_start)

    def to_bytes(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: this post's text) with this post's BOM."""
        return ((BOM if self.bom else "") + (self.text if text is None else text)).encode("utf-8")


def count_lines(text: str, offset: int) -> int:
    """Number of line breaks before ``offset`` (CRLF counted once, lone CR counted)."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n")


def read_post(path: Path) -> Post:
    """Read a post from disk; raise PostError naming the file and line for bad input."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PostError(f"cannot read: {exc.strerror}", path=path) from exc
    return parse_post(raw, path=path)


def parse_post(raw: bytes, *, path: Path | None = None) -> Post:
    """Decode ``raw`` strictly and split off its front matter."""
    if b"\x00" in raw[:8192]:
        raise PostError("is a binary file, not a Markdown post; remove it from the inputs", path=path)
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PostError(
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); re-save it as UTF-8",
            path=path,
            line=line,
        ) from exc
    front_matter = _split_front_matter(text, path)
    body_start = 0
    if front_matter is not None:
        close = LINE_RE.match(text, front_matter.end)
        body_start = close.end() if close else len(text)
    return Post(path=path, text=text, bom=bom, front_matter=front_matter, body_start=body_start)


def _split_front_matter(text: str, path: Path | None) -> FrontMatter | None:
    for kind, opener, closer in (("yaml", _YAML_OPEN, _YAML_CLOSE), ("toml", _TOML_OPEN, _TOML_CLOSE)):
        opened = opener.match(text)
        if not opened:
            continue
        closed = closer.search(text, opened.end())
        if not closed:
            raise PostError(
                f"front matter opened on line 1 is never closed; add a closing '{text[:3]}' line",
                path=path,
                line=1,
            )
        raw = text[opened.end() : closed.start()]
        data = _load_yaml(raw, path) if kind == "yaml" else _load_toml(raw, path)
        return FrontMatter(kind=kind, start=opened.end(), end=closed.start(), data=data)
    return None


def _load_yaml(raw: str, path: Path | None) -> dict[str, object]:
    # python-frontmatter's handler reads the values (with libyaml's safe loader when present); its
    # dump is never used: it would reorder keys and rewrite values, so the raw text is kept instead.
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
        data = YAMLHandler().load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PostError(f"front matter is not valid YAML ({problem}); fix or quote the value", path=path, line=line) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PostError("front matter is not a YAML mapping of fields", path=path, line=2)
    return {str(k): v for k, v in data.items()}


def toml_module() -> Any:
    """``tomllib``, or ``tomli`` on Python 3.10."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    return tomllib


def _load_toml(raw: str, path: Path | None) -> dict[str, object]:
    tomllib = toml_module()
    try:
        return dict(tomllib.loads(raw.replace("\r\n", "\n").replace("\r", "\n")))
    except tomllib.TOMLDecodeError as exc:
        raise PostError(f"front matter is not valid TOML ({exc}); fix it", path=path, line=2) from exc


def write_atomic(path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None) -> bool:
    """Write ``data`` to ``path`` through a temporary file and a rename; False if unchanged.

    The temporary file is hidden (site generators skip dotfiles) and named for this process, so
    two processes writing the same file never share one (``TEMP_SUFFIX`` marks the leftovers of a
    killed run). ``before_replace`` runs once the bytes are on disk, just before the rename.
    """
    try:
        if path.read_bytes() == data:
            if before_replace is not None:
                before_replace()
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def remove_stale_temporaries(folder: Path) -> None:
    """Remove what killed runs left behind in ``folder`` (call only while no other run can be writing there)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            Path(entry.path).unlink(missing_ok=True)
