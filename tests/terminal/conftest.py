"""Tests of the terminal front-end share the history helpers of tests/core."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "core"))
