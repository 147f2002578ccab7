"""Build the game's world the way the operator does, through the backend's services:
a season, a featured race opened for picks, and later its official result and settlement.

Used by the end-to-end tests, and by `seed_demo()` to fill a database for looking at the app
by hand: `backend/manage.py shell -c "from tests.e2e.world import seed_demo; seed_demo()"`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.community.models import Category
from backend.demo.services import HORSES as DEMO_HORSES
from backend.game import services as game
from backend.game.models import Pick, Round, Season
from backend.handoff.models import BettingPartner, ResponsibleGamblingNotice
from backend.leagues.services import league_create, membership_join_with_code
from backend.racing import services as racing
from backend.racing.models import Meeting, Race, Runner
from importers.model import RaceOutcome

PASSWORD = "correct-horse-battery-42"
HORSES = DEMO_HORSES[:10]


def player(email: str, name: str, *, password: str = PASSWORD, language: str = "en") -> User:
    """A verified player, as after sign-up and the email link."""

    user = User.objects.create_user(email=email, password=password, display_name=name)
    user.language = language
    user.save(update_fields=["language"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def season(name: str = "Season 2026") -> Season:
    today = timezone.localdate()
    return game.season_create(
        name_en=name,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=300),
        status=Season.Status.ACTIVE,
    )


def race(
    *,
    number: int,
    post_time: dt.datetime,
    runners: int = 10,
    non_runners: tuple[int, ...] = (),
    racecourse: str = "Vincennes",
    name: str = "Prix d'Amérique",
) -> Race:
    meeting, _ = Meeting.objects.get_or_create(
        date=timezone.localdate(post_time),
        number=number,
        defaults={"racecourse": racecourse, "country": "FRA"},
    )
    race = Race.objects.create(
        meeting=meeting,
        number=4,
        name=name,
        discipline="ATTELE",
        distance=2700,
        post_time=post_time,
        declared_runners=runners,
    )
    for n in range(1, runners + 1):
        Runner.objects.create(
            race=race,
            number=n,
            name=HORSES[(n - 1) % len(HORSES)],
            jockey=f"J. Driver {n}",
            trainer=f"T. Trainer {n}",
            odds=2 + n * 1.5,
            status=Runner.Status.NON_RUNNER if n in non_runners else Runner.Status.RUNNER,
        )
    return race


def open_round(the_season: Season, the_race: Race) -> Round:
    """Feature the race as the season's next round and open it for picks."""
    rnd = game.round_feature(season=the_season, race=the_race).round
    return game.round_open(round=rnd)


def lock(rnd: Round) -> None:
    """The race has started: move its post time (and the round's lock) into the past."""
    past = timezone.now() - dt.timedelta(minutes=5)
    Race.objects.filter(pk=rnd.race_id).update(post_time=past)
    Round.objects.filter(pk=rnd.pk).update(locks_at=past)


def outcome(
    *,
    finish: dict[int, int],
    win: dict[int, int],
    place: dict[int, int],
    runners: int = 10,
    non_runners: frozenset[int] = frozenset(),
) -> RaceOutcome:
    return RaceOutcome(
        official=True,
        runners=frozenset(range(1, runners + 1)),
        finish=finish,
        non_runners=non_runners,
        disqualified=frozenset(),
        win_dividends=win,
        place_dividends=place,
        favourite=1,
        refunded=False,
    )


def settle(rnd: Round, result: RaceOutcome, *, replay_url: str = "") -> Any:
    """The operator's result import, then the settlement (normally a task on commit)."""
    lock(rnd)
    the_race = Race.objects.get(pk=rnd.race_id)
    racing.race_store_result(race=the_race, outcome=result)
    if replay_url:
        racing.race_set_replay_url(race=the_race, url=replay_url)
    return game.round_settle(round_id=rnd.pk)


def community_categories() -> None:
    """The forum's default categories. A data migration creates them, but transactional
    tests flush the database after each test: put them back the way the migration does."""

    defaults = importlib.import_module(
        "backend.community.migrations.0002_defaults_and_search_index"
    )
    for slug, name_en, name_fr, description_en, description_fr, position in defaults.CATEGORIES:
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "description_en": description_en,
                "description_fr": description_fr,
                "position": position,
            },
        )


def betting_partner(name: str = "Turf Partner", countries: tuple[str, ...] = ("FR",)) -> Any:
    """An active betting partner for these countries, with the notices in force as the
    migrations write them (transactional tests flush them, like the categories)."""

    defaults = importlib.import_module(
        "backend.handoff.migrations.0002_default_partner_and_notices"
    )
    in_force = importlib.import_module(
        "backend.handoff.migrations.0004_notices_in_the_regulators_words"
    )
    for notice in in_force.NOTICES:
        ResponsibleGamblingNotice.objects.get_or_create(
            country=notice["country"],
            defaults={k: v for k, v in notice.items() if k != "country"},
        )
    example = defaults.EXAMPLE_PARTNER
    return BettingPartner.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        active=True,
        priority=1,
        url_template="https://bets.example.com/turf/{date_pmu}/R{meeting}/C{race}?runner={runner}",
        bet_kind_codes=example["bet_kind_codes"],
        campaign_params=example["campaign_params"],
        countries=list(countries),
        minimum_age=18,
        minimum_age_by_country={},
    )


def seed_demo() -> None:  # pragma: no cover - a developer's tool
    """A season with two settled rounds, one open, players and a league (for screenshots)."""

    with transaction.atomic():
        now = timezone.now()
        s = season()
        me = player("me@paddock.local", "Camille", password="paddock-demo", language="fr")
        others = [player(f"p{i}@paddock.local", f"Joueur {i}") for i in range(1, 13)]
        everyone = [me, *others]
        league = league_create(owner=me, name="Les amis du turf")
        code = league.invite_codes.first()
        assert code is not None
        for p in others[:5]:
            membership_join_with_code(code=code.code, player=p)
        rounds = []
        for i in range(2):
            r = race(number=i + 1, post_time=now + dt.timedelta(days=1 + i), non_runners=(7,))
            rounds.append(open_round(s, r))
        for rnd_i, rnd in enumerate(rounds):
            for k, p in enumerate(everyone):
                Pick.objects.create(
                    player=p,
                    round=rnd,
                    win=(k + rnd_i) % 6 + 1,
                    place=(k * 3 + rnd_i) % 6 + 1,
                    created_at=now,
                    updated_at=now,
                )
        settle(
            rounds[0],
            outcome(
                finish={3: 1, 1: 2, 5: 3, 2: 4},
                win={3: 590},
                place={3: 210, 1: 150, 5: 320},
                non_runners=frozenset({7}),
            ),
            replay_url="https://example.org/replay/1",
        )
        settle(
            rounds[1],
            outcome(
                finish={2: 1, 4: 1, 6: 3, 1: 4},
                win={2: 420, 4: 380},
                place={2: 160, 4: 150, 6: 270},
                non_runners=frozenset({7}),
            ),
        )
        open_round(s, race(number=5, post_time=now + dt.timedelta(days=3), non_runners=(4,)))
    print("seeded: log in as me@paddock.local / paddock-demo")  # noqa: T201
