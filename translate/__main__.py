"""``python -m translate``."""

import sys

from .cli import run

sys.exit(run())
