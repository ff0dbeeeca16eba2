"""Translatable text inside raw HTML blocks: text nodes and the ``alt``/``title`` of images."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

_ATTR_RE = re.compile(r"""\s(alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_RAW_TEXT_TAGS = frozenset({"script", "style", "pre", "code", "textarea", "svg", "math"})


class _TextFinder(HTMLParser):
    """Collects (start, end, kind) of text runs and attribute values in an HTML fragment."""

    def __init__(self, content: str) -> None:
        super().__init__(convert_charrefs=False)
        self.content = content
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", content)]
        self.found: list[tuple[int, int, str]] = []
        self.run_start = -1
        self.skip_depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _flush(self) -> None:
        if self.run_start >= 0:
            self.found.append((self.run_start, self._offset(), "html"))
            self.run_start = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        if tag in _RAW_TEXT_TAGS:
            self.skip_depth += 1
        raw = self.get_starttag_text() or ""
        base = self._offset()
        for match in _ATTR_RE.finditer(raw):
            if match.group(1).lower() == "title" or tag == "img":
                group = 2 if match.group(2) is not None else 3
                style = "attr-double" if group == 2 else "attr-single"
                self.found.append((base + match.start(group), base + match.end(group), style))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _RAW_TEXT_TAGS:
            self.skip_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag in _RAW_TEXT_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def _text(self) -> None:
        if self.run_start < 0 and not self.skip_depth:
            self.run_start = self._offset()

    def handle_data(self, data: str) -> None:
        self._text()

    def handle_entityref(self, name: str) -> None:
        self._text()

    def handle_charref(self, name: str) -> None:
        self._text()

    def handle_comment(self, data: str) -> None:
        self._flush()

    def handle_decl(self, decl: str) -> None:
        self._flush()

    def handle_pi(self, data: str) -> None:
        self._flush()

    def unknown_decl(self, data: str) -> None:
        self._flush()


def html_texts(content: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, style) of each text run and image alt/title in ``content``, whitespace trimmed."""
    finder = _TextFinder(content)
    finder.feed(content)
    finder.close()
    if finder.run_start >= 0:
        finder.found.append((finder.run_start, len(content), "html"))
    for start, end, style in finder.found:
        piece = content[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        start += len(piece) - len(piece.lstrip())
        yield start, start + len(stripped), style
