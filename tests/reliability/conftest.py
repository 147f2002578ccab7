"""Reliability helpers: real services or a clear skip, a round built from the shared
factories, and an official result written without signals, so each test decides when and
where the round is settled."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from backend.game.models import Pick, Round, Season
from backend.racing.models import Dividend, Race, Runner
from tests.factories import RoundFactory, SeasonFactory, race_with_runners


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


def open_round(*, runners: int = 8, season: Season | None = None, number: int = 1) -> Round:
    """An open round (number `number`) of an active season, new unless given, on a fresh
    race of `runners` runners whose post time is tomorrow."""
    return RoundFactory.create(
        season=season or SeasonFactory.create(name_en="Reliability season"),
        race=race_with_runners(runners),
        number=number,
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
