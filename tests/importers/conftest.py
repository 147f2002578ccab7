"""Where the importer tests find their files: hand-written fixtures and the shared real data."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_BESIDE_CHECKOUT = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-data"


def real_data_dir() -> Path | None:
    """PADDOCK_REAL_DATA when it names a folder, else ../shared/real-data beside the checkout."""
    candidates = (
        [Path(os.environ["PADDOCK_REAL_DATA"])] if os.environ.get("PADDOCK_REAL_DATA") else []
    )
    candidates.append(_BESIDE_CHECKOUT)
    return next((path.resolve() for path in candidates if path.is_dir()), None)


@pytest.fixture
def fixture_bytes() -> Callable[[str], bytes]:
    """fixture_bytes(name) -> the bytes of tests/importers/fixtures/<name>."""
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def real() -> Callable[[str, str], bytes]:
    """real(folder, file) -> the bytes of a real capture; skips when the real data is absent."""
    root = real_data_dir()
    if root is None:
        pytest.skip(
            "real race data not found: set PADDOCK_REAL_DATA or put it at "
            f"{_BESIDE_CHECKOUT.resolve()}"
        )

    def read(folder: str, name: str) -> bytes:
        return (root / folder / name).read_bytes()

    return read
