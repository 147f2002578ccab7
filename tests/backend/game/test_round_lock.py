"""A round locks at its race's post time, also when a card imported again moves it: a draft
follows it either way, even from a lock already past (featured from a card with a wrong
time, it can open once the card is right); an open round only while its lock is ahead, so
a delay announced after the lock reopens nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from backend.common.errors import ApplicationError
from backend.game import services
from backend.game.models import Round
from backend.racing.models import Race
from tests.backend.racing.conftest import csv_race, eight_runners
from tests.backend.racing.test_card_import import apply_csv
from tests.factories import SeasonFactory

pytestmark = pytest.mark.django_db


def card_at(post: dt.datetime) -> Race:
    """Import R1C4's card (of today, whatever its post time) and return the race."""
    day = timezone.localdate()
    apply_csv(csv_race(eight_runners(), day=f"{day}", post_time=post.isoformat()), day=day)
    return Race.objects.get()


def soon(**delta: float) -> dt.datetime:
    return (timezone.now() + dt.timedelta(**delta)).replace(microsecond=0)


def test_a_draft_featured_with_a_wrong_past_time_opens_once_the_card_is_right() -> None:
    race = card_at(soon(hours=-3))
    featured = services.round_feature(season=SeasonFactory.create(), race=race)
    assert any("in the past" in warning for warning in featured.warnings)
    with pytest.raises(ApplicationError) as refused:
        services.round_open(round=featured.round)
    assert refused.value.code == "round_locked"
    assert "import the race's card again" in refused.value.message.lower()

    right = soon(hours=5)
    card_at(right)

    rnd = Round.objects.get()
    assert rnd.locks_at == right
    assert services.round_open(round=rnd).status == Round.Status.OPEN


def test_a_draft_follows_a_post_time_brought_forward_into_the_past() -> None:
    race = card_at(soon(hours=5))
    services.round_feature(season=SeasonFactory.create(), race=race)
    earlier = soon(minutes=-10)

    card_at(earlier)

    assert Round.objects.get().locks_at == earlier


def test_an_open_round_past_its_lock_keeps_it_when_the_card_moves() -> None:
    race = card_at(soon(hours=5))
    rnd = services.round_feature(season=SeasonFactory.create(status="active"), race=race).round
    services.round_open(round=rnd)
    locked_at = soon(minutes=-10)
    card_at(locked_at)  # the race went off early: the open round locks with it
    assert Round.objects.get().locks_at == locked_at

    card_at(soon(hours=1))  # a delay announced after the lock

    assert Round.objects.get().locks_at == locked_at


def test_an_open_round_follows_a_delay_before_its_lock() -> None:
    race = card_at(soon(hours=5))
    rnd = services.round_feature(season=SeasonFactory.create(status="active"), race=race).round
    services.round_open(round=rnd)
    later = soon(hours=6)

    card_at(later)

    assert Round.objects.get().locks_at == later
