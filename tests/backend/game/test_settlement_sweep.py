"""The settlement sweep: a round whose final result waited too long unsettled is queued
again, once settled it is left alone, and a settlement at work is never doubled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from pytest_django import Settings

from backend.game.models import Round, RoundScore
from backend.game.services import round_settle, rounds_overdue_for_settlement
from backend.game.tasks import sweep_settlements
from backend.racing.models import Race
from tests.factories import PickFactory, RoundFactory, lock, store_result

pytestmark = pytest.mark.django_db

RESULT = {"finish": {1: 1, 3: 2, 2: 3}, "win": {1: 590}, "place": {1: 150, 3: 210, 2: 400}}
AFTER = 60


def stored_ago(rnd: Round, seconds: float, **result: Any) -> Round:
    """The round's race gets an official result, stored `seconds` ago; nothing settles it
    (the test runs no on-commit callbacks)."""
    store_result(rnd.race, **{**RESULT, **result})
    Race.objects.filter(pk=rnd.race_id).update(
        result_updated_at=timezone.now() - dt.timedelta(seconds=seconds)
    )
    return rnd


@pytest.fixture
def locked_round() -> Round:
    rnd = RoundFactory.create()
    PickFactory.create(round=rnd, win=1, place=3)
    return lock(rnd)


def test_it_finds_a_round_whose_result_waited_too_long(locked_round: Round) -> None:
    stored_ago(locked_round, AFTER + 5)

    assert rounds_overdue_for_settlement(after_seconds=AFTER) == [locked_round.pk]


def test_it_leaves_a_fresh_result_to_the_settlement_it_triggered(locked_round: Round) -> None:
    stored_ago(locked_round, AFTER - 30)

    assert rounds_overdue_for_settlement(after_seconds=AFTER) == []


def test_it_leaves_drafts_and_rounds_before_their_lock_alone() -> None:
    draft = RoundFactory.create(status=Round.Status.DRAFT)
    early = lock(RoundFactory.create(), seconds=3600)
    for rnd in (lock(draft), early):
        stored_ago(rnd, AFTER + 5)

    assert rounds_overdue_for_settlement(after_seconds=AFTER) == []


def test_it_queues_the_round_and_the_settlement_runs_once(
    locked_round: Round, eager_celery: None, settings: Settings
) -> None:
    settings.PADDOCK_GAME = {"SETTLEMENT_SWEEP_AFTER_SECONDS": AFTER}
    stored_ago(locked_round, AFTER + 5)

    assert sweep_settlements.delay().get() == [locked_round.pk]
    assert sweep_settlements.delay().get() == []  # settled: nothing to do any more

    locked_round.refresh_from_db()
    assert (locked_round.status, locked_round.settlement_version) == ("settled", 1)
    assert RoundScore.objects.filter(round=locked_round).count() == 1


def test_it_queues_a_settled_round_again_when_its_result_is_corrected(
    locked_round: Round,
) -> None:
    stored_ago(locked_round, AFTER + 5)
    round_settle(round_id=locked_round.pk)
    assert rounds_overdue_for_settlement(after_seconds=AFTER) == []

    corrected = {"finish": {1: 1, 3: 2, 5: 3}, "place": {1: 150, 3: 210, 5: 300}}
    stored_ago(locked_round, AFTER + 5, **corrected)

    assert rounds_overdue_for_settlement(after_seconds=AFTER) == [locked_round.pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_skips_a_round_a_settlement_is_working_on(locked_round: Round) -> None:
    # Official without a signal: committed here, a stored result would settle at once.
    Race.objects.filter(pk=locked_round.race_id).update(
        status=Race.Status.OFFICIAL,
        result_version=1,
        result_updated_at=timezone.now() - dt.timedelta(seconds=AFTER + 5),
    )
    Round.objects.filter(pk=locked_round.pk).update(status=Round.Status.LOCKED)
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"] or None,
        dbname=connection.settings_dict["NAME"],
    ) as other:  # fmt: skip
        other.execute(
            f"SELECT id FROM {Round._meta.db_table} WHERE id = %s FOR UPDATE",  # noqa: S608 - model metadata
            [locked_round.pk],
        )
        assert rounds_overdue_for_settlement(after_seconds=AFTER) == []
    assert rounds_overdue_for_settlement(after_seconds=AFTER) == [locked_round.pk]
