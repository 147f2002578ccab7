"""Reliability fixtures: a game world built from the models, real services or a clear skip.

The helpers use the models and services directly (not other apps' test factories), so
these tests keep proving the guarantees while the apps' own tests move.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from backend.config.celery import app as celery_app
from backend.game.models import Pick, Round, Season
from backend.racing.models import Dividend, Race, Runner
from tests.factories import race_with_runners


def need_services(*, redis: bool = False, postgres: bool = True) -> None:
    """Skip outside CI when a real service is missing; in CI a missing one is a failure."""
    missing = []
    if postgres and not settings.IS_POSTGRES:
        missing.append("PostgreSQL (DATABASE_URL)")
    if redis and not settings.REDIS_URL:
        missing.append("Redis (REDIS_URL)")
    if not missing:
        return
    reason = f"needs {' and '.join(missing)}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but this test {reason}")
    pytest.skip(f"{reason}; runs in CI")


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Tasks run in-process (settlement and polling called like the embedded default)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def db_now() -> dt.datetime:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT STATEMENT_TIMESTAMP()"
            if connection.vendor == "postgresql"
            else "SELECT STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')"
        )
        value = cursor.fetchone()[0]
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    assert isinstance(value, dt.datetime)
    return value


def open_round(*, runners: int = 8, season: Season | None = None, number: int = 1) -> Round:
    """An open round of an active season on a fresh race whose post time is tomorrow."""
    if season is None:
        today = timezone.localdate()
        season = Season.objects.create(
            name="Reliability season",
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=150),
            status=Season.Status.ACTIVE,
        )
    race = race_with_runners(runners)
    return Round.objects.create(
        season=season,
        race=race,
        number=number,
        opens_at=timezone.now() - dt.timedelta(days=1),
        locks_at=race.post_time,
        status=Round.Status.OPEN,
    )


WIN_CENTS = 590  # runner 1 wins: 5.90 € for 1 €
PLACE_CENTS = {1: 210, 2: 340, 3: 480}


def store_official_result(rnd: Round) -> None:
    """Runner n finishes n-th; official dividends; the round is past its lock.

    Written with queryset updates, so no signal queues a settlement: the test decides
    when and where the round is settled.
    """
    race = Race.objects.get(pk=rnd.race_id)
    for runner in Runner.objects.filter(race=race):
        Runner.objects.filter(pk=runner.pk).update(position=runner.number)
    Dividend.objects.bulk_create(
        [Dividend(race=race, kind=Dividend.Kind.WIN, number=1, cents=WIN_CENTS)]
        + [
            Dividend(race=race, kind=Dividend.Kind.PLACE, number=n, cents=c)
            for n, c in PLACE_CENTS.items()
        ]
    )
    Race.objects.filter(pk=race.pk).update(
        status=Race.Status.OFFICIAL,
        result_version=1,
        post_time=timezone.now() - dt.timedelta(minutes=30),
    )
    Round.objects.filter(pk=rnd.pk).update(
        locks_at=timezone.now() - dt.timedelta(minutes=30), status=Round.Status.LOCKED
    )


def expected_points(pick: Pick | dict[str, Any]) -> int:
    """What a pick scores under store_official_result (2 € stakes, no caps reached)."""
    win, place = (pick["win"], pick["place"]) if isinstance(pick, dict) else (pick.win, pick.place)
    return (2 * WIN_CENTS if win == 1 else 0) + 2 * PLACE_CENTS.get(place, 0)
