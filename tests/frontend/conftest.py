"""Helpers for the tests of the web app's build, serving and tool chain."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"


def need_node() -> str:
    """The npm executable; outside CI a machine without Node skips, in CI it is a failure."""
    npm = shutil.which("npm")
    if npm and (FRONTEND / "node_modules").is_dir():
        return npm
    reason = (
        "npm is not installed" if not npm else "frontend/node_modules is missing (run make setup)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the web app's checks")
    pytest.skip(f"{reason}; CI runs these checks")
