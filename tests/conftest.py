"""Shared test fixtures: where ../shared is, and skipping when it is absent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when the folder is not beside the clone."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared sits beside the clone in CI, not in a user's fresh clone)")
    return path
