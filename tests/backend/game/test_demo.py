"""The demo season: settled rounds to look at, an open round to play, loaded idempotently."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from backend.accounts.models import User
from backend.demo.cards import DRIVERS, FLAT_HORSES, FLAT_JOCKEYS, RACES, TROTTERS
from backend.demo.services import demo_load
from backend.game.models import Pick, Round, RoundScore, Season, Standing
from backend.racing.models import Race

pytestmark = pytest.mark.django_db


def test_it_loads_a_season_of_settled_rounds_and_an_open_one_once() -> None:
    demo_load()
    counts = (Round.objects.count(), Pick.objects.count(), RoundScore.objects.count())
    demo_load()
    assert (Round.objects.count(), Pick.objects.count(), RoundScore.objects.count()) == counts

    season = Season.objects.get(status=Season.Status.ACTIVE)
    rounds = list(season.rounds.order_by("number"))
    assert [r.status for r in rounds] == ["settled"] * 6 + ["open"]
    assert all(r.settlement_version == 1 for r in rounds[:6])
    upcoming = rounds[-1]
    post = upcoming.locks_at.astimezone(timezone.get_current_timezone())
    assert (post.weekday(), post.time()) == (6, dt.time(15, 15))
    assert upcoming.locks_at > timezone.now()

    players = User.objects.filter(email__endswith="@paddock.local", is_staff=False)
    assert players.count() == 200
    assert set(players.values_list("language", flat=True)) == {"fr", "en"}
    assert EmailAddress.objects.filter(user__in=players, verified=True).count() == 200
    assert players.get(email="player1@paddock.local").check_password("paddock-demo")

    assert RoundScore.objects.filter(round__in=rounds[:6], win_substituted=True).exists()
    assert Standing.objects.filter(season=season, rank=1).exists()
    assert not Pick.objects.filter(round=upcoming, player__email="player200@paddock.local").exists()


def test_its_races_look_real_with_people_of_their_discipline() -> None:
    demo_load()
    races = list(Race.objects.prefetch_related("runners").select_related("meeting"))
    assert len(races) == 7
    for race in races:
        racecourse, discipline, _, distance = next(r for r in RACES if r[2] == race.name)
        assert (race.meeting.racecourse, race.discipline, race.distance) == (
            racecourse,
            discipline,
            distance,
        )
        people = {runner.jockey for runner in race.runners.all()}
        horses = {runner.name for runner in race.runners.all()}
        if discipline == "ATTELE":
            assert people <= set(DRIVERS)
            assert horses <= set(TROTTERS)
        if discipline == "PLAT":
            assert people <= set(FLAT_JOCKEYS)
            assert not people & set(DRIVERS)
            assert horses <= set(FLAT_HORSES)
    assert len({race.name for race in races}) > 3
    assert "Saison" not in Season.objects.get().name


def test_a_new_years_demo_finishes_last_years_season() -> None:
    """The demo's season is named after this week's Sunday's year: when that is a new year
    on a database holding last year's demo, last year's season is finished, as at most one
    season is active at a time."""
    today = timezone.localdate()
    last_year = Season.objects.create(
        name_en=f"Paddock Cup {today.year - 1}",
        name_fr=f"Coupe Paddock {today.year - 1}",
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=200),
        status=Season.Status.ACTIVE,
    )
    demo_load()
    last_year.refresh_from_db()
    assert last_year.status == Season.Status.FINISHED
    assert Season.objects.get(status=Season.Status.ACTIVE).name_en.startswith("Paddock Cup ")
    assert Season.objects.get(status=Season.Status.ACTIVE) != last_year
