"""Waiting for something another process or thread does: the one helper for it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")

POLL_EVERY = 0.02  # seconds between two looks


def wait_for(
    predicate: Callable[[], T],
    *,
    timeout: float,
    what: str,
    details: Callable[[], str] | None = None,
) -> T:
    """Poll `predicate` until it returns something true, and return that.

    Past `timeout` seconds the test fails with "timed out after <timeout> s waiting for
    <what>", followed by `details()` when given (worker logs, the rows seen...). A test
    waits for the state it needs to observe (a row written, a lock taken, a log line, a
    port open), never for a fixed time.
    """
    deadline = time.monotonic() + timeout
    while not (value := predicate()):
        if time.monotonic() > deadline:
            message = f"timed out after {timeout} s waiting for {what}"
            pytest.fail(f"{message}:\n{details()}" if details else message, pytrace=False)
        time.sleep(POLL_EVERY)
    return value
