"""Demo data for `make run`: a whole game a newcomer can look at and play in.

Each capability adds its part in `demo_load`; every part is idempotent, so loading twice
leaves one copy.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.community.demo import demo_load as community_demo
from backend.demo.cards import TROTTERS, card
from backend.game.models import Pick, Round, Season
from backend.game.services import round_feature, round_open, round_settle
from backend.leagues.demo import demo_load as leagues_demo
from backend.racing.models import Dividend, Meeting, Race, Runner

OPERATOR_EMAIL = "operator@paddock.local"
OPERATOR_PASSWORD = "paddock-demo"  # noqa: S105 - documented demo credential, local only
PLAYER_PASSWORD = "paddock-demo"  # noqa: S105

HORSES = TROTTERS  # the trotters' names, which the browser tests borrow


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, count: int) -> None:
        self.created[what] = self.created.get(what, 0) + count


def demo_operator() -> User:
    user, created = User.objects.get_or_create(
        email=OPERATOR_EMAIL,
        defaults={"display_name": "Paddock operator", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(OPERATOR_PASSWORD)
        user.save()
    _verify(user)
    return user


def _verify(user: User) -> None:

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def demo_race(
    *,
    rng: random.Random,
    day: dt.date,
    meeting_number: int,
    race_number: int,
    post_time: dt.datetime,
    runners: int = 14,
) -> Race:
    """A realistic race card: a course and a race it holds, a field of horses named as
    their discipline names them, driven or ridden by people of that discipline."""
    chosen = card(meeting_number + day.toordinal())
    meeting, _ = Meeting.objects.get_or_create(
        date=day,
        number=meeting_number,
        defaults={"racecourse": chosen.racecourse, "country": "FRA"},
    )
    race, created = Race.objects.get_or_create(
        meeting=meeting,
        number=race_number,
        defaults={
            "name": chosen.name,
            "discipline": chosen.discipline,
            "distance": chosen.distance,
            "post_time": post_time,
            "declared_runners": runners,
        },
    )
    if created:
        names = rng.sample(chosen.horses, k=min(runners, len(chosen.horses)))
        Runner.objects.bulk_create(
            Runner(
                race=race,
                number=n,
                name=names[n - 1],
                jockey=rng.choice(chosen.riders),
                trainer=rng.choice(chosen.trainers),
                odds=round(rng.uniform(1.8, 45.0), 1),
            )
            for n in range(1, len(names) + 1)
        )
    return race


@transaction.atomic
def demo_load(*, seed: int = 2026) -> DemoReport:
    """Load (or complete) the demo: the operator and this week's races."""
    rng = random.Random(seed)
    report = DemoReport()
    demo_operator()
    next_sunday = timezone.localdate() + dt.timedelta(
        days=(6 - timezone.localdate().weekday()) or 7
    )
    post = timezone.make_aware(dt.datetime.combine(next_sunday, dt.time(15, 15)))
    before = Race.objects.count()
    upcoming = demo_race(
        rng=rng, day=next_sunday, meeting_number=1, race_number=4, post_time=post, runners=16
    )
    report.add("races", Race.objects.count() - before)
    demo_season(rng=random.Random(seed + 1), report=report, upcoming=upcoming)

    for part, load in (("leagues", leagues_demo), ("community", community_demo)):
        for what, count in load(rng=random.Random(f"{seed}-{part}")).items():
            report.add(what, count)
    return report


# --- The game: players, a season of settled rounds, this week's open round ------------------

FIRST_NAMES = [
    ("Camille", "fr"),
    ("Louis", "fr"),
    ("Léa", "fr"),
    ("Hugo", "fr"),
    ("Chloé", "fr"),
    ("Jules", "fr"),
    ("Manon", "fr"),
    ("Gabriel", "fr"),
    ("Inès", "fr"),
    ("Arthur", "fr"),
    ("Zoé", "fr"),
    ("Raphaël", "fr"),
    ("Emma", "en"),
    ("Oliver", "en"),
    ("Amelia", "en"),
    ("Harry", "en"),
    ("Isla", "en"),
    ("George", "en"),
    ("Sophie", "en"),
    ("Jack", "en"),
]
SURNAMES = "BCDFGHJLMNPRSTV"
DEMO_PLAYERS = 200
DEMO_PAST_ROUNDS = 6


def demo_players(*, count: int = DEMO_PLAYERS) -> list[User]:
    """player1@paddock.local … (password paddock-demo), verified, half French, half English.

    The password is hashed once for all of them: hashing is slow on purpose.
    """

    emails = [f"player{n}@paddock.local" for n in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [(n, e) for n, e in enumerate(emails, start=1) if e not in existing]
    if missing:
        password = make_password(PLAYER_PASSWORD)
        users = []
        for n, email in missing:
            first, language = FIRST_NAMES[(n - 1) % len(FIRST_NAMES)]
            initial = SURNAMES[(n - 1) // len(FIRST_NAMES) % len(SURNAMES)]
            users.append(
                User(
                    email=email,
                    password=password,
                    display_name=f"{first} {initial}.",
                    date_of_birth=dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                    country="FR" if language == "fr" else "GB",
                    language=language,
                    time_zone="Europe/Paris" if language == "fr" else "Europe/London",
                )
            )
        User.objects.bulk_create(users)
    players = list(User.objects.filter(email__in=emails).order_by("id"))
    verified = set(EmailAddress.objects.filter(user__in=players).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=p, email=p.email, verified=True, primary=True)
        for p in players
        if p.pk not in verified
    )
    return players


def _weighted(rng: random.Random, numbers: list[int], odds: dict[int, float], power: float) -> int:
    return rng.choices(numbers, weights=[1 / odds[n] ** power for n in numbers])[0]


def _demo_picks(rng: random.Random, rnd: Any, players: list[User], share: float) -> int:
    """Picks from a share of the players, favouring short odds like real players do."""

    if Pick.objects.filter(round=rnd).exists():
        return 0
    runners = list(rnd.race.runners.exclude(status=Runner.Status.NON_RUNNER))
    odds = {r.number: float(r.odds or 10) for r in runners}
    numbers = sorted(odds)
    picks = []
    for player in players:
        if rng.random() > share:
            continue
        win = _weighted(rng, numbers, odds, 1.1)
        place = win if rng.random() < 0.3 else _weighted(rng, numbers, odds, 0.7)
        others = [n for n in numbers if n != win]
        alternate = _weighted(rng, others, odds, 1.0) if rng.random() < 0.25 else None
        picks.append(Pick(player=player, round=rnd, win=win, place=place, alternate=alternate))
    Pick.objects.bulk_create(picks)
    return len(picks)


def _demo_result(rng: random.Random, race: Race, *, non_runner: bool, dead_heat: bool) -> None:
    """An official result: the arrival drawn from the odds, dividends that fit them."""

    if race.status == Race.Status.OFFICIAL:
        return
    runners = list(race.runners.order_by("number"))
    if non_runner:
        # A late withdrawal: some players picked it, their selections move.
        withdrawn = sorted(runners, key=lambda r: float(r.odds or 10))[2]
        withdrawn.status = Runner.Status.NON_RUNNER
        withdrawn.save(update_fields=["status"])
    starters = [r for r in runners if r.status == Runner.Status.RUNNER]
    order: list[Runner] = []
    pool = list(starters)
    while pool:
        pick = rng.choices(pool, weights=[1 / float(r.odds or 10) for r in pool])[0]
        order.append(pick)
        pool.remove(pick)
    positions = {r.number: i for i, r in enumerate(order, start=1)}
    if dead_heat:
        positions[order[3].number] = 3  # a dead heat for third: two place dividends
    for runner in starters:
        runner.position = positions[runner.number]
        runner.save(update_fields=["position"])
    placed = 3 if len(starters) >= 8 else 2
    payouts = []
    winner = order[0]
    win_cents = max(110, round(float(winner.odds or 10) * 85) // 10 * 10)
    payouts.append(
        Dividend(race=race, kind=Dividend.Kind.WIN, number=winner.number, cents=win_cents)
    )
    for runner in order[: placed + (1 if dead_heat else 0)]:
        cents = max(110, round((1 + (float(runner.odds or 10) - 1) / 4) * 90) // 10 * 10)
        payouts.append(
            Dividend(race=race, kind=Dividend.Kind.PLACE, number=runner.number, cents=cents)
        )
    Dividend.objects.bulk_create(payouts, ignore_conflicts=True)
    race.status = Race.Status.OFFICIAL
    race.result_version += 1
    race.result_updated_at = timezone.now()
    race.replay_url = f"https://replay.paddock.local/{race.meeting.date:%Y-%m-%d}/{race.code}"
    race.save(update_fields=["status", "result_version", "result_updated_at", "replay_url"])


def _demo_season_of(sunday: dt.date, report: DemoReport) -> Season:
    """The demo's season of `sunday`'s year, active. One season is active at a time: last
    year's demo season, when this week's Sunday falls in a new year, is finished first."""
    name = f"Paddock Cup {sunday.year}"
    Season.objects.filter(status=Season.Status.ACTIVE).exclude(name_en=name).update(
        status=Season.Status.FINISHED
    )
    season, created = Season.objects.get_or_create(
        name_en=name,
        defaults={
            "name_fr": f"Coupe Paddock {sunday.year}",
            "starts_on": sunday - dt.timedelta(weeks=DEMO_PAST_ROUNDS + 1),
            "ends_on": sunday + dt.timedelta(weeks=20),
            "status": Season.Status.ACTIVE,
        },
    )
    report.add("seasons", int(created))
    return season


def demo_season(*, rng: random.Random, report: DemoReport, upcoming: Race) -> None:
    """A season with six settled Sunday rounds and this week's round open for picks.

    Results are stored through racing's models, then settled by the game's own service,
    exactly as a real week would be (without waiting for the polling).
    """

    before = User.objects.count()
    players = demo_players()
    report.add("players", User.objects.count() - before)
    sunday = upcoming.post_time.astimezone(timezone.get_current_timezone()).date()
    season = _demo_season_of(sunday, report)
    now = timezone.now()
    past_days = [
        day
        for day in (sunday - dt.timedelta(weeks=k) for k in range(DEMO_PAST_ROUNDS + 1, 0, -1))
        if timezone.make_aware(dt.datetime.combine(day, dt.time(15, 15))) < now
    ][-DEMO_PAST_ROUNDS:]
    races_before = Race.objects.count()
    for index, day in enumerate(past_days):
        post = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 15)))
        race = demo_race(
            rng=rng,
            day=day,
            meeting_number=1,
            race_number=4,
            post_time=post,
            runners=rng.choice([10, 12, 14, 16]),
        )
        rnd = Round.objects.filter(season=season, race=race).first()
        if rnd is None:
            rnd = round_feature(season=season, race=race).round
            Round.objects.filter(pk=rnd.pk).update(
                status=Round.Status.LOCKED, opens_at=post - dt.timedelta(days=6)
            )
            rnd.refresh_from_db()
            report.add("rounds", 1)
        report.add("picks", _demo_picks(rng, rnd, players, share=0.75 + 0.03 * index))
        _demo_result(rng, race, non_runner=index == 2, dead_heat=index == 4)
        if not rnd.is_final:
            round_settle(round_id=rnd.pk)
    report.add("races", Race.objects.count() - races_before)
    current = Round.objects.filter(season=season, race=upcoming).first()
    if current is None:
        current = round_feature(season=season, race=upcoming).round
        report.add("rounds", 1)
    if current.status == Round.Status.DRAFT and upcoming.post_time > now:
        round_open(round=current)
    # Half the players have already picked; the newcomer (and the others) still can.
    current.refresh_from_db()
    report.add("picks", _demo_picks(rng, current, players[: len(players) // 2], share=0.9))
