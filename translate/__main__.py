"""``python -m translate``."""

import sys

from .cli.app import run

if __name__ == "__main__":
    sys.exit(run())
