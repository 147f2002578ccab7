"""The game's writes: seasons, rounds, picks and the settlement of a round."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

import scoring
from backend.accounts.models import User
from backend.common import db as bulk
from backend.common.errors import ApplicationError
from backend.racing.models import Race
from backend.racing.services import race_set_featured

from . import selectors, settlement
from .cache import season_tables_changed
from .models import Pick, Round, Season
from .picks import as_datetime, refuse_pick, upsert_pick
from .signals import pick_written, round_settled, rounds_advanced

logger = logging.getLogger(__name__)


# --- seasons ---------------------------------------------------------------------------------


@transaction.atomic
def season_create(
    *,
    name_en: str,
    name_fr: str = "",
    starts_on: dt.date,
    ends_on: dt.date,
    rules: Mapping[str, Any] | None = None,
    status: str = Season.Status.DRAFT,
    reminder_hours: int = 2,
) -> Season:
    """A season scored with `rules` (scoring.Rules JSON; missing keys take the defaults),
    named in English and French (the French name defaults to the English one)."""
    if ends_on < starts_on:
        raise ApplicationError(_("The season ends before it starts."), code="invalid_dates")
    if status not in Season.Status.values:
        raise ApplicationError(
            _("Unknown season status %(status)s.") % {"status": repr(status)}, code="invalid_status"
        )
    season = Season(
        name_en=name_en,
        name_fr=name_fr or name_en,
        starts_on=starts_on,
        ends_on=ends_on,
        rules=rules_validated(rules or {}).to_dict(),
        status=status,
        reminder_hours=reminder_hours,
    )
    _save_season(season)
    return season


def rules_validated(rules: Mapping[str, Any]) -> scoring.Rules:
    try:
        return scoring.Rules.from_dict(rules)
    except (scoring.ScoringError, TypeError) as exc:
        raise ApplicationError(
            _("Invalid rules: %(error)s") % {"error": exc}, code="invalid_rules"
        ) from exc


@transaction.atomic
def season_set_status(*, season: Season, status: str) -> Season:
    if status not in Season.Status.values:
        raise ApplicationError(
            _("Unknown season status %(status)s.") % {"status": repr(status)}, code="invalid_status"
        )
    season = Season.objects.select_for_update().get(pk=season.pk)
    season.status = status
    _save_season(season, update_fields=["status"])
    return season


def _save_season(season: Season, update_fields: list[str] | None = None) -> None:
    """Save `season`, refusing a second active season (409 `season_already_active`).

    The game has one featured race a week and one current season: the players' table,
    the season missions and the rounds the operator features all follow "the" active
    season, so another one is activated only once the operator has finished the first
    (finishing is theirs to decide: a finished season's standings earn its badges). The
    database's partial unique constraint `season_one_active` settles two activations
    racing each other; either way the refusal is the same.
    """
    if season.status == Season.Status.ACTIVE:
        _refuse_second_active(season)
    try:
        with transaction.atomic():
            season.save(update_fields=update_fields)
    except IntegrityError:
        if season.status == Season.Status.ACTIVE:
            _refuse_second_active(season)
        raise


def _refuse_second_active(season: Season) -> None:
    active = Season.objects.filter(status=Season.Status.ACTIVE).exclude(pk=season.pk).first()
    if active is not None:
        raise ApplicationError(
            _("The season %(name)s (id %(id)d) is active: finish it before activating another.")
            % {"name": repr(active.name_en), "id": active.pk},
            code="season_already_active",
            status_code=409,
        )


# --- rounds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureResult:
    round: Round
    warnings: list[str]


@transaction.atomic
def round_feature(
    *, season: Season, race: Race, opens_at: dt.datetime | None = None
) -> FeatureResult:
    """Feature `race` as the season's next round (a draft until opened).

    Refuses a finished season, a race already one of its rounds, and a race that already
    has a result (409 `race_has_result`). Warns, without refusing, when the card has fewer
    than 4 starters or the race's post time is already past by the database clock: the
    operator may know better.
    """
    season = Season.objects.select_for_update().get(pk=season.pk)
    if season.status == Season.Status.FINISHED:
        raise ApplicationError(
            _("The season is finished."), code="season_finished", status_code=409
        )
    if Round.objects.filter(season=season, race=race).exists():
        raise ApplicationError(
            _("This race is already a round of the season."),
            code="already_featured",
            status_code=409,
        )
    _refuse_race_with_result(race)
    warnings = selectors.feature_warnings(race=race, now=bulk.db_now())
    number = (Round.objects.filter(season=season).aggregate(top=Max("number"))["top"] or 0) + 1
    rnd = Round.objects.create(
        season=season, race=race, number=number, opens_at=opens_at, locks_at=race.post_time
    )
    race_set_featured(race=race, featured=True)  # racing polls the results of featured races
    return FeatureResult(round=rnd, warnings=warnings)


def _refuse_race_with_result(race: Race) -> None:
    """A race whose arrival is known (provisional or official) or that was called off
    (cancelled, refunded) is over: featuring it would let players pick knowing the
    result, or make a round with nothing to play. Unlike a past post time, which a
    late card may show, a stored result leaves no doubt.

    The race's row is read again and locked, as storing a result locks it: a result
    stored first is seen here, and one stored after finds the round and settles it."""
    status = Race.objects.select_for_update().values_list("status", flat=True).get(pk=race.pk)
    over = (
        Race.Status.PROVISIONAL,
        Race.Status.OFFICIAL,
        Race.Status.CANCELLED,
        Race.Status.REFUNDED,
    )
    if status in over:
        raise ApplicationError(
            _("The race already has a result (%(status)s): it cannot be featured.")
            % {"status": status},
            code="race_has_result",
            status_code=409,
        )


@transaction.atomic
def round_open(*, round: Round) -> Round:
    """Open a draft round for picks now. Opening an open round changes nothing."""
    rnd = Round.objects.select_for_update().select_related("season").get(pk=round.pk)
    if rnd.status == Round.Status.OPEN:
        return rnd
    if rnd.status != Round.Status.DRAFT:
        raise ApplicationError(
            _("Only a draft round opens; this one is %(status)s.") % {"status": rnd.status},
            code="not_draft",
            status_code=409,
        )
    if rnd.season.status != Season.Status.ACTIVE:
        raise ApplicationError(
            _("Activate the season before opening its rounds."),
            code="season_not_active",
            status_code=409,
        )
    now = bulk.db_now()
    if rnd.locks_at <= now:
        raise ApplicationError(
            _(
                "The race's post time has passed: the round cannot open. Import the race's card "
                "again if its post time moved (a draft follows it), or void the round."
            ),
            code="round_locked",
            status_code=409,
        )
    rnd.status = Round.Status.OPEN
    if rnd.opens_at is None or rnd.opens_at > now:
        rnd.opens_at = now
    rnd.save(update_fields=["status", "opens_at"])
    return rnd


@transaction.atomic
def round_void(*, round: Round, reason: str = "") -> SettlementReport:
    """Void a round: 0 points for every pick, standings recomputed, picks closed.

    The round stays void whatever result the race gets later.
    """
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    rnd.operator_void = True
    rnd.void_reason = reason or "Voided by the operator."
    rnd.save(update_fields=["operator_void", "void_reason"])
    return round_settle(round_id=rnd.pk)


@dataclass
class RoundsAdvanced:
    opened: int = 0
    locked: int = 0


@transaction.atomic
def rounds_advance() -> RoundsAdvanced:
    """Open the draft rounds whose opening time came, mark the passed ones locked.

    Bookkeeping only: picks are refused after `locks_at` by the database clock whatever
    the status says, so a late run of this task never lets a pick in.
    """
    opening = Round.objects.select_for_update().filter(
        status=Round.Status.DRAFT,
        opens_at__lte=Now(),
        locks_at__gt=Now(),
        season__status=Season.Status.ACTIVE,
    )
    opened = list(opening.values_list("pk", flat=True))
    Round.objects.filter(pk__in=opened).update(status=Round.Status.OPEN)
    locking = Round.objects.select_for_update().filter(
        status=Round.Status.OPEN, locks_at__lte=Now()
    )
    locked = list(locking.values_list("pk", flat=True))
    Round.objects.filter(pk__in=locked).update(status=Round.Status.LOCKED)
    if opened or locked:
        transaction.on_commit(
            partial(rounds_advanced.send, sender=Round, opened=opened, locked=locked)
        )
    return RoundsAdvanced(opened=len(opened), locked=len(locked))


@transaction.atomic
def rounds_overdue_for_settlement(*, after_seconds: int) -> list[int]:
    """Rounds past their lock whose race's final result (official, cancelled, refunded)
    was stored `after_seconds` ago or more and is not what their scores reflect.

    A round a settlement is working on holds its row lock: skipped (SKIP LOCKED), so the
    sweep never queues a second settlement behind a slow one.
    """
    cutoff = bulk.db_now() - dt.timedelta(seconds=after_seconds)
    final = (Race.Status.OFFICIAL, Race.Status.CANCELLED, Race.Status.REFUNDED)
    overdue = (
        Round.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status__in=(Round.Status.OPEN, Round.Status.LOCKED, Round.Status.SETTLED),
            locks_at__lte=Now(),
            race__status__in=final,
        )
        .filter(Q(race__result_updated_at__lte=cutoff) | Q(race__result_updated_at__isnull=True))
        .exclude(status=Round.Status.SETTLED, settled_result_version=F("race__result_version"))
        .order_by("locks_at", "pk")
    )
    return list(overdue.values_list("pk", flat=True))


def rounds_follow_post_time(*, race: Race) -> int:
    """Move the lock of the race's rounds to its post time (when the card moves it).

    A draft follows it either way, even from a lock already past (featured from a card
    with a wrong time, it opens once the card is right): it never took a pick. An open
    round follows only while its lock is ahead: a delay after the lock must not reopen
    the picks.
    """
    ahead = Q(status=Round.Status.OPEN, locks_at__gt=Now())
    return (
        Round.objects.filter(Q(status=Round.Status.DRAFT) | ahead, race=race)
        .exclude(locks_at=race.post_time)
        .update(locks_at=race.post_time)
    )


# --- picks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PickResult:
    pick: Pick
    created: bool


def pick_submit(
    *, player: User, round_id: int, win: int, place: int, alternate: int | None = None
) -> PickResult:
    """Make or change the player's pick, only while the round is open before its lock.

    The lock is decided by the database clock in the very statement that writes: one
    INSERT ... SELECT ... ON CONFLICT DO UPDATE inserts or updates the pick only if the
    round is open, `locks_at > statement time`, and every named runner is a starter of the
    race. Two sessions of one player racing end with one row (the unique constraint). When
    nothing was written, the reason is looked up and raised; nothing has changed.

    That one statement is the whole write, and a transaction of its own: no BEGIN and
    COMMIT around it (two round trips to PostgreSQL out of three, on the busiest write of
    the week). Inside a caller's transaction it joins that one.
    """
    if alternate is not None and alternate == win:
        raise ApplicationError(
            _("The alternate must be another runner than the win selection."),
            code="alternate_is_win",
        )
    named = sorted({win, place} | ({alternate} if alternate is not None else set()))
    now = timezone.now()
    row = upsert_pick(
        player_id=player.pk,
        round_id=round_id,
        selections=(win, place, alternate),
        named=named,
        now=now,
    )
    if row is None:
        refuse_pick(round_id=round_id, named=named)
    pick = Pick(
        id=row[0],
        player=player,
        round_id=round_id,
        win=win,
        place=place,
        alternate=alternate,
        created_at=as_datetime(row[1]),
        updated_at=now,
    )
    if row[2]:
        pick_written.send(sender=Pick, player_id=player.pk, round_id=round_id)
    return PickResult(pick=pick, created=bool(row[2]))


# --- settlement ------------------------------------------------------------------------------


@dataclass
class SettlementReport:
    round_id: int
    status: str
    version: int
    changed: bool
    corrected: bool = False
    picks: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = self.timings.get(phase, 0.0) + now - self._last
        self._last = now


@transaction.atomic
def round_settle(*, round_id: int, force: bool = False) -> SettlementReport:
    """Score every pick of the round at once and recompute the season's tables.

    One transaction: the season and round rows are locked (settlements of one season
    queue up), the picks load as one DataFrame, `scoring.settle` scores them, RoundScores
    are upserted in bulk, every Standing is recomputed from the RoundScores (SQL
    aggregation + `scoring.rank`), the round's WeeklyStandings are rewritten, the version
    is bumped and, on commit, cached tables are retired and `round_settled` is sent.

    Idempotent: settling the same result again writes nothing (or, with `force`, the very
    same rows). A corrected result (a new race result_version) or a void re-settles with a
    new settlement version. Preconditions: the round is past its lock by the database
    clock and its race has an official result, or the round or race is void.
    """
    clock = _Clock()
    rnd, race = _lock_round(round_id)
    void = rnd.settles_void(race)
    _refuse_unsettleable(rnd, race, void=void)
    status = Round.Status.VOID if void else Round.Status.SETTLED
    same = selectors.scores_reflect(rnd, race, void=void)
    if same and not force:
        return SettlementReport(
            round_id=rnd.pk, status=rnd.status, version=rnd.settlement_version, changed=False
        )
    first = rnd.settlement_version == 0
    _mark_settled(rnd, race, status=status, same=same)
    clock.lap("lock")

    picks, weekly = _score_picks(rnd, race, void=void, clock=clock)
    _rank_season(rnd, weekly, first=first, clock=clock)

    corrected = not first and not same
    _announce_on_commit(rnd, changed=not same, corrected=corrected)
    logger.info(
        "settled round %s v%s (%s picks): %s",
        rnd.pk,
        rnd.settlement_version,
        picks,
        ", ".join(f"{k} {v:.2f}s" for k, v in clock.timings.items()),
    )
    return SettlementReport(
        round_id=rnd.pk,
        status=status,
        version=rnd.settlement_version,
        changed=not same,
        corrected=corrected,
        picks=picks,
        timings=clock.timings,
    )


def _lock_round(round_id: int) -> tuple[Round, Race]:
    """The round and its race, the season's row locked first and then the round's."""
    season_id = Round.objects.values_list("season_id", flat=True).get(pk=round_id)
    Season.objects.select_for_update().get(pk=season_id)
    rnd = Round.objects.select_for_update().select_related("season").get(pk=round_id)
    return rnd, Race.objects.get(pk=rnd.race_id)


def _refuse_unsettleable(rnd: Round, race: Race, *, void: bool) -> None:
    """`selectors.settle_refusal`, past the lock by the database clock."""
    refusal = selectors.settle_refusal(rnd, race, void=void, now=bulk.db_now())
    if refusal is not None:
        raise refusal


def _mark_settled(rnd: Round, race: Race, *, status: str, same: bool) -> None:
    """Write the round's new status and settlement version (kept when `same`)."""
    if not same:
        rnd.settlement_version += 1
    rnd.status = status
    rnd.settled_result_version = race.result_version
    if not same or rnd.settled_at is None:
        rnd.settled_at = bulk.db_now()
    if race.is_void and not rnd.operator_void:
        rnd.void_reason = f"The race was {race.get_status_display().lower()}."
    rnd.save(
        update_fields=[
            "status",
            "settlement_version",
            "settled_result_version",
            "settled_at",
            "void_reason",
        ]
    )


def _score_picks(rnd: Round, race: Race, *, void: bool, clock: _Clock) -> tuple[int, pd.DataFrame]:
    """Load the round's picks, score them and write the RoundScores by difference:
    (picks, the round's weekly table)."""
    picks = settlement.load_picks(rnd.pk)
    clock.lap("load")
    try:
        result = settlement.race_result(race, void=void, picked=settlement.picked_numbers(picks))
        rules = rnd.season.rules_for(has_dividends=settlement.has_dividends(result))
        settled = scoring.settle(picks, result, rules)
    except scoring.ScoringError as exc:
        raise ApplicationError(
            _("The result cannot be scored: %(error)s") % {"error": exc}, code="invalid_result"
        ) from exc
    scores = settlement.score_frame(picks, settled)
    count = len(picks)
    del picks, settled  # a million rows each: only the scores go on
    clock.lap("score")
    settlement.write_scores(scores, round_id=rnd.pk, version=rnd.settlement_version)
    clock.lap("write")
    return count, settlement.weekly_frame(scores)


def _rank_season(rnd: Round, weekly: pd.DataFrame, *, first: bool, clock: _Clock) -> None:
    """Recompute every Standing of the season, then the weekly tables (`weekly`: this
    round's, from `settlement.weekly_frame`)."""
    totals = settlement.season_totals(rnd.season_id)
    clock.lap("standings")
    season_table = settlement.ranked(totals)
    del totals
    # A void round scores nobody: the arrows keep the movement of the last round scored,
    # as the league tables do, instead of showing everyone unmoved.
    void = rnd.status == Round.Status.VOID
    settlement.write_standings(
        rnd.season_id,
        season_table,
        first_settlement=first and not void,
        before=_before_last_scored(rnd, first=first, void=void),
    )
    _write_weekly_tables(rnd, weekly, season_table)
    clock.lap("ranks")


def _before_last_scored(rnd: Round, *, first: bool, void: bool) -> pd.DataFrame | None:
    """The season ranked without its last round scored, when this settlement changed an
    earlier round (a late or corrected result) or voided a round that had scores: the
    stored ranks then no longer tell where everyone stood before that round. None when
    they still do (the last round scored settled, a round voided before it scored)."""
    last = settlement.last_scored_number(rnd.season_id)
    if (not void and rnd.number == last) or (void and first):
        return None
    before = 0 if last is None else last - 1  # round 0: nobody had a rank yet
    return settlement.ranked(settlement.season_totals(rnd.season_id, before))


def _announce_on_commit(rnd: Round, *, changed: bool, corrected: bool) -> None:
    """On commit: retire the season's cached tables, and send `round_settled` when the
    scores changed."""
    transaction.on_commit(partial(season_tables_changed, rnd.season_id))
    if changed:
        transaction.on_commit(
            partial(
                round_settled.send,
                sender=Round,
                round=rnd,
                version=rnd.settlement_version,
                corrected=corrected,
            )
        )


def _write_weekly_tables(rnd: Round, weekly: pd.DataFrame, season_table: pd.DataFrame) -> None:
    """This round's weekly table, and the season snapshot of every later final round.

    A WeeklyStanding carries the season total and rank right after its round (the rank
    history). When an older round is corrected, the later rounds' snapshots move too.
    """
    later = list(
        Round.objects.filter(
            season_id=rnd.season_id, number__gt=rnd.number, status__in=settlement.FINAL
        )
        .order_by("number")
        .values_list("pk", "number")
    )

    def snapshot(number: int) -> pd.DataFrame:
        if not later or number == later[-1][1]:
            return season_table
        return settlement.ranked(settlement.season_totals(rnd.season_id, number))

    settlement.write_weekly(rnd.pk, weekly, snapshot(rnd.number))
    for pk, number in later:
        stored = settlement.load_weekly(pk)
        settlement.write_weekly(pk, stored, snapshot(number), current=stored)
