"""The wrong-code throttle counts with the cache's own atomic operations: guesses checked at
the same time each count, and a burst of them cannot pass the limit before any is counted.

The join view checks a request (`allow_request`), then tells the instance that checked it
how the request ended: `record_failure` for a wrong code, `release` always at the end."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from backend.leagues.throttles import WrongCodeThrottle

CLIENT = "203.0.113.20"


class JoinView:
    throttle_scope = "league_join"


@pytest.fixture
def rate(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """rate("2/min"): the wrong-code rate for this test."""

    def set_rate(value: str) -> None:
        for rates in (SimpleRateThrottle.THROTTLE_RATES, api_settings.DEFAULT_THROTTLE_RATES):
            monkeypatch.setitem(rates, "league_join", value)

    return set_rate


def checked(address: str = CLIENT, at: float | None = None) -> tuple[WrongCodeThrottle, bool]:
    """A throttle that has checked one join request from `address` (at `at` if given)."""
    throttle = WrongCodeThrottle()
    if at is not None:
        throttle.timer = lambda: at
    request = Request(RequestFactory().post("/api/v1/leagues/join/x/", REMOTE_ADDR=address))
    return throttle, throttle.allow_request(request, JoinView())


def test_two_guesses_checked_before_either_is_counted_both_count(
    rate: Callable[[str], None],
) -> None:
    rate("2/min")
    first, first_allowed = checked()
    second, second_allowed = checked()
    assert (first_allowed, second_allowed) == (True, True)
    first.record_failure()
    second.record_failure()
    assert cache.get(first.key) == 2
    _, third_allowed = checked()
    assert not third_allowed


def test_a_burst_of_guesses_cannot_pass_the_limit_before_any_is_counted(
    rate: Callable[[str], None],
) -> None:
    rate("3/min")
    burst = [checked() for _ in range(5)]
    assert [allowed for _, allowed in burst] == [True, True, True, False, False]
    for throttle, allowed in burst:  # the allowed ones were wrong codes
        if allowed:
            throttle.record_failure()
        throttle.release()
    assert cache.get(burst[0][0].key) == 3  # the refused requests are no tries
    assert not checked()[1]
    assert checked("203.0.113.21")[1]  # another client is not held back


def test_a_request_that_ends_without_a_wrong_code_gives_its_try_back(
    rate: Callable[[str], None],
) -> None:
    rate("1/min")
    for _ in range(3):  # right codes, or any other answer
        throttle, allowed = checked()
        assert allowed
        throttle.release()
    wrong, allowed = checked()
    assert allowed
    wrong.record_failure()
    wrong.release()  # as the view does at the end of every request: the wrong code stays
    right, allowed = checked()
    assert not allowed  # a right code waits too once the limit is reached
    right.release()  # a refused request holds no try
    assert cache.get(wrong.key) == 1


def test_retry_after_is_the_time_left_of_the_window_opened_by_the_first_try(
    rate: Callable[[str], None],
) -> None:
    rate("2/min")
    for at in (1000.0, 1030.0):
        throttle, allowed = checked(at=at)
        assert allowed
        throttle.record_failure()
    refused, allowed = checked(at=1045.0)
    assert not allowed
    assert refused.wait() == 15.0


@pytest.mark.parametrize("backend", ["default", "locmem"])
def test_concurrent_guesses_in_threads_never_pass_the_limit(
    rate: Callable[[str], None], backend: str
) -> None:
    """Eight guesses checked at once in eight threads, each with its own cache connection,
    before any is recorded: five pass (the limit), all five count."""
    if backend == "default" and not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL): the file cache has no atomic add")
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    rate("5/min")
    barrier = threading.Barrier(8)
    results: list[tuple[WrongCodeThrottle, bool]] = []

    def guess() -> None:
        barrier.wait()
        throttle, allowed = checked()
        results.append((throttle, allowed))
        barrier.wait()  # every guess is checked before any is recorded
        if allowed:
            throttle.record_failure()
        throttle.release()

    with override_settings(CACHES=locmem) if backend == "locmem" else nullcontext():
        threads = [threading.Thread(target=guess) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        try:
            assert sorted(allowed for _, allowed in results) == [False] * 3 + [True] * 5
            assert cache.get(results[0][0].key) == 5
            assert not checked()[1]
        finally:
            if backend == "locmem":
                cache.clear()
