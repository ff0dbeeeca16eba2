"""The exceptions library code raises; only ``cli.py`` turns them into messages and exit codes."""

from __future__ import annotations


class TranslateError(Exception):
    """A problem the user can fix; the message says what to do."""

    exit_code = 1

    def __init__(self, message: str, *, path: object = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class PostError(TranslateError):
    """A post cannot be read, parsed or written."""


class PlaceholderError(TranslateError):
    """A translation lost, duplicated or invented a placeholder."""


class GlossaryError(TranslateError):
    """The glossary file is invalid."""

    exit_code = 2


class ConfigError(TranslateError):
    """Settings or command-line usage are invalid."""

    exit_code = 2


class LLMError(TranslateError):
    """The model endpoint failed or replied with something unusable."""


class LockError(TranslateError):
    """The lock file is invalid or a post cannot be matched to its lock entry."""


class TermTableError(TranslateError):
    """The table of term renderings (terms.yaml) is invalid."""

    exit_code = 2


class InputWarning(UserWarning):
    """An input left out for a reason the user should see (the command line prints it as ``Warning: …``)."""
