"""The command line: click commands and printing only (see ``app.run``)."""

from __future__ import annotations

from .app import cli, main, run

__all__ = ["cli", "main", "run"]
