"""First picks reach `pick_made` in batches, within seconds, at least once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache

from backend.config.celery import app as celery_app
from backend.game import announcements, tasks
from backend.game.models import Round
from backend.game.signals import pick_made
from tests.factories import RoundFactory, UserFactory

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[tuple[int, int]]]:
    """The (player id, round id) of every `pick_made` sent during the test."""
    calls: list[tuple[int, int]] = []

    def listen(sender: Any, player_id: int, round_id: int, **kwargs: Any) -> None:
        calls.append((player_id, round_id))

    pick_made.connect(listen, dispatch_uid="test.heard")
    yield calls
    pick_made.disconnect(dispatch_uid="test.heard")


@pytest.fixture
def with_worker() -> Iterator[None]:
    """Tasks go to a broker, as in production: picks are queued in Redis."""
    if not settings.REDIS_URL:
        reason = "needs Redis (REDIS_URL): the embedded cache cannot hold the pending set"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but this test {reason}")
        pytest.skip(reason)
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


def pick(api_as: Any, player: Any, rnd: Round, capture: Any, win: int = 1) -> int:
    with capture(execute=True):
        response = api_as(player).put(
            url(f"rounds/{rnd.pk}/pick/"), {"win": win, "place": 2}, format="json"
        )
    assert response.status_code in (200, 201), response.content
    return int(response.status_code)


def test_a_first_pick_is_queued_then_announced_once_by_the_beat_task(
    with_worker: None,
    heard: list[tuple[int, int]],
    rnd: Round,
    api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    players = UserFactory.create_batch(3)
    for player in players:
        assert pick(api_as, player, rnd, django_capture_on_commit_callbacks) == 201
    assert pick(api_as, players[0], rnd, django_capture_on_commit_callbacks, win=5) == 200
    assert heard == []  # nothing in the requests: they only queued the first picks
    assert sorted(cache.set_sample(announcements.PENDING_KEY, 10)) == sorted(
        f"{p.pk}:{rnd.pk}" for p in players
    )

    assert tasks.announce_picks_made() == 3
    assert sorted(heard) == sorted((p.pk, rnd.pk) for p in players)
    assert cache.set_sample(announcements.PENDING_KEY, 10) == []
    assert tasks.announce_picks_made() == 0  # announced once
    assert len(heard) == 3


def test_it_takes_the_queue_in_batches(
    with_worker: None,
    heard: list[tuple[int, int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(announcements, "BATCH", 2)
    members = [(player, 100 + player % 2) for player in range(1, 8)]
    cache.set_add(announcements.PENDING_KEY, *(f"{p}:{r}" for p, r in members))
    assert announcements.announce_pending() == 7
    assert sorted(heard) == sorted(members)


def test_a_batch_whose_receiver_fails_is_announced_again_on_the_next_run(
    with_worker: None,
    heard: list[tuple[int, int]],
) -> None:
    failures = []

    def flaky(sender: Any, player_id: int, **kwargs: Any) -> None:
        if not failures:
            failures.append(player_id)
            raise RuntimeError("the database went away")

    cache.set_add(announcements.PENDING_KEY, "7:1")
    pick_made.connect(flaky, dispatch_uid="test.flaky")
    try:
        with pytest.raises(RuntimeError):
            announcements.announce_pending()
        assert cache.set_sample(announcements.PENDING_KEY, 10) == ["7:1"]  # still queued
        assert announcements.announce_pending() == 1
    finally:
        pick_made.disconnect(dispatch_uid="test.flaky")
    assert heard.count((7, 1)) == 2  # at least once: the receivers are idempotent


def test_without_redis_the_pick_enqueues_its_own_announcement(
    with_worker: None,
    monkeypatch: pytest.MonkeyPatch,
    rnd: Round,
    api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(cache, "set_add", lambda *args: False)  # Redis did not answer
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(tasks.announce_pick_made, "delay", lambda *args: sent.append(args))
    player = UserFactory.create()
    pick(api_as, player, rnd, django_capture_on_commit_callbacks)
    assert sent == [(player.pk, rnd.pk)]


def test_with_tasks_in_process_a_first_pick_is_announced_at_once(
    heard: list[tuple[int, int]],
    api_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    rnd = RoundFactory.create()
    player = UserFactory.create()
    pick(api_as, player, rnd, django_capture_on_commit_callbacks)
    pick(api_as, player, rnd, django_capture_on_commit_callbacks, win=4)  # a change: silent
    assert heard == [(player.pk, rnd.pk)]
