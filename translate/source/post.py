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


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32", "little-endian"),
    (b"\x00\x00\xfe\xff", "UTF-32", "big-endian"),
    (b"\xff\xfe", "UTF-16", "little-endian"),
    (b"\xfe\xff", "UTF-16", "big-endian"),
)
"""Byte order marks of UTF-32 and UTF-16, longest first: (BOM, name, byte order)."""


def parse_post(raw: bytes, *, path: Path | None = None) -> Post:
    """Decode ``raw`` strictly and split off its front matter."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = _decode(raw[3 if bom else 0 :], path)
    front_matter = _split_front_matter(text, path)
    body_start = 0
    if front_matter is not None:
        close = LINE_RE.match(text, front_matter.end)
        body_start = close.end() if close else len(text)
    return Post(path=path, text=text, bom=bom, front_matter=front_matter, body_start=body_start)


def _decode(raw: bytes, path: Path | None) -> str:
    """``raw`` as UTF-8 text; a PostError saying what it is instead (UTF-16 or UTF-32, binary, other bytes, a NUL)."""
    wide = _wide_bom(raw)
    if wide is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            wide = _wide_guess(raw, ascii_only=False)
            if wide is None and b"\x00" in raw:
                raise PostError("is a binary file, not a Markdown post; remove it from the inputs", path=path) from exc
            if wide is None:
                line = raw[: exc.start].count(b"\n") + 1
                raise PostError(f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); re-save it as UTF-8", path=path, line=line) from exc
        else:
            nul = text.find("\0")
            if nul < 0:
                return text
            wide = _wide_guess(raw, ascii_only=True)
            if wide is None:
                column = nul - max(text.rfind("\n", 0, nul), text.rfind("\r", 0, nul))
                raise PostError(f"contains a NUL byte (column {column}), which a text post cannot hold; delete it",
                                path=path, line=count_lines(text, nul) + 1)
    name, order = wide
    raise PostError(f"is {name} ({order}) text, not UTF-8; re-save it as UTF-8 "
                    f"(for example: iconv -f {name}{order[0].upper()}E -t UTF-8)", path=path)


def _wide_bom(raw: bytes) -> tuple[str, str] | None:
    """(name, byte order) when ``raw`` starts with a UTF-16 or UTF-32 byte order mark."""
    for bom, name, order in _WIDE_BOMS:
        if raw.startswith(bom):
            return name, order
    return None


def _wide_guess(raw: bytes, *, ascii_only: bool) -> tuple[str, str] | None:
    """(name, byte order) when ``raw``, which has no BOM, reads as UTF-32 or UTF-16 text.

    Most characters of a post leave the high byte of their code unit NUL, so the NULs say the byte
    order. ``ascii_only`` is for bytes that are valid UTF-8 as well: wide text is that only when
    every character is ASCII; a NUL byte in other UTF-8 text is a stray byte, not an encoding.
    """
    if b"\x00" not in raw:
        return None
    for width in (4, 2):
        if len(raw) % width:
            continue
        order = "little-endian" if raw[width - 1 :: width].count(0) >= raw[0::width].count(0) else "big-endian"
        try:
            text = raw.decode(f"utf-{8 * width}-{order[0]}e")
        except UnicodeDecodeError:
            continue
        # Text, not bytes that merely decode: no NUL nor other control characters but whitespace.
        if not re.search("[\x00-\x08\x0e-\x1f\ufffe\uffff]", text) and (not ascii_only or text.isascii()):
            return f"UTF-{8 * width}", order
    return None


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
