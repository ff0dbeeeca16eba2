"""The package type-checks (strict, as configured in pyproject.toml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Started


def test_mypy_passes(mypy_run: Started | None) -> None:
    # mypy runs with an empty cache; conftest.py starts it with the session's first test.
    if mypy_run is None:
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    returncode, output = mypy_run.result()
    assert returncode == 0, output
