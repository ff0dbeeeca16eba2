"""Edits to the term table that keep the file as its author wrote it: comments, order, quoting.

As with the glossary (``glossary.editing``), the file goes through ruamel.yaml's round trip and the
edited text is validated as a table before it replaces the file. A new line is written in flow
style, ``term: {rendering: English, status: proposed}``, so each term stays one line of the diff.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..source.post import write_atomic
from .table import TermTable, parse_term_table

HEADER = (
    "# Term renderings: the English of each tag and category, one line per term, for the whole blog.\n"
    "# `translate run` adds the terms it meets as `status: proposed` (the model's rendering, used at once);\n"
    "# change a rendering, or write `term: English` (approved), as you review them. The posts using a\n"
    "# changed rendering are rewritten by the next run; nothing is sent for them.\n"
)
"""The first lines of a table file this tool creates."""


def add_proposed(path: Path, renderings: Mapping[str, str]) -> TermTable:
    """Append ``renderings`` (term → English) to the table file as proposed lines; the table as written."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc: Any = yaml.load(text)
    if doc is None:  # empty, or comments only: keep them
        text = text + ("" if text.endswith("\n") or not text else "\n") + "version: 1\nterms:\n"
        doc = yaml.load(text)
    if doc.get("terms") is None:
        doc["terms"] = CommentedMap()
    for term, rendering in renderings.items():
        if term in doc["terms"]:
            continue
        line = CommentedMap()
        line["rendering"] = rendering
        line["status"] = "proposed"
        line.fa.set_flow_style()
        doc["terms"][term] = line
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    written = buffer.getvalue()
    table = parse_term_table(written, path=path)  # never leave an invalid file
    write_atomic(path, written.encode("utf-8"))
    return table
