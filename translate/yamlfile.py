"""The project's own YAML files (the glossary, the term table): their text and node tree, errors naming the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import TranslateError


def read_yaml_text(path: Path, error: type[TranslateError]) -> str | None:
    """The text of ``path``; None when the file does not exist; ``error`` naming the file when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise error("is not valid UTF-8; re-save it as UTF-8", path=path) from exc
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=path) from exc


def compose_yaml(text: str, *, path: Path | None, error: type[TranslateError]) -> Any:
    """The YAML node tree of ``text`` (None for an empty document); ``error`` naming the line when it is not YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise error(f"not valid YAML ({problem}); fix the syntax", path=path, line=mark.line + 1 if mark else None) from exc
