"""A round's settlement split by player-id ranges, for Celery workers to share.

With GAME_SETTLEMENT_PARTITIONS above 1 the `settle_round` task settles in three steps:

1. `settlement_plan` (one short transaction, the round locked): decides the settlement
   version the scores will carry, the picked saddle numbers and the player-id ranges.
2. `settlement_part`, one per range, each its own transaction on any worker (the header of
   a Celery chord): loads the range's picks, scores them and writes the range's
   RoundScores, exactly as the single-process settlement writes them. The round's row is
   held FOR SHARE, so parts run side by side while a finish or another settlement waits.
3. `settlement_finish` (the chord's callback, one transaction, the season and the round
   locked): given the parts' results, checks that every part ran for this plan and that
   every pick has its score, marks the round settled and ranks the season (Standings,
   WeeklyStandings) like `round_settle`.

Every step is idempotent. A part that runs twice writes nothing the second time; a part
or a finish whose plan was overtaken (a newer result version, or a newer settlement
already finished) writes nothing. Until the finish commits, the tables and the round
still show the previous settlement; RoundScores of finished parts already show the new
scores (of a correction), as a correction's do once a single-process settlement commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

import scoring
from backend.common import db as bulk
from backend.common.errors import ApplicationError
from backend.racing.models import Race

from . import selectors, services, settlement
from .models import Pick, Round, RoundScore


@dataclass(frozen=True)
class Plan:
    round_id: int
    version: int  # the settlement version the parts write
    result_version: int
    void: bool
    picked: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


def spans_of(span: tuple[int, int] | None, partitions: int) -> list[tuple[int, int]]:
    """`partitions` consecutive player-id ranges (lo, hi included) covering `span`."""
    if span is None:
        return []
    low, high = span
    size = -(-(high - low + 1) // max(1, partitions))
    return [(start, min(high, start + size - 1)) for start in range(low, high + 1, size)]


@transaction.atomic
def settlement_plan(*, round_id: int, partitions: int, force: bool = False) -> Plan | None:
    """The plan of the round's partitioned settlement, or None when its scores already
    reflect this result (and not `force`). Raises ApplicationError like `round_settle`."""
    rnd, race = services._lock_round(round_id)
    void = rnd.settles_void(race)
    services._refuse_unsettleable(rnd, race, void=void)
    same = selectors.scores_reflect(rnd, race, void=void)
    if same and not force:
        return None
    return Plan(
        round_id=rnd.pk,
        version=rnd.settlement_version + (0 if same else 1),
        result_version=race.result_version,
        void=void,
        picked=sorted(settlement.picked_in_round(rnd.pk)),
        spans=spans_of(settlement.player_span(rnd.pk), partitions),
    )


@transaction.atomic
def settlement_part(
    *, plan: Plan, span: tuple[int, int], timings: dict[str, float] | None = None
) -> int | None:
    """Score and write the RoundScores of the players in `span`: the picks scored, or
    None when the plan was overtaken (nothing written)."""
    clock = services._Clock()
    share = " FOR SHARE" if bulk.is_postgres() else ""  # SQLite: one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT settlement_version FROM {bulk.table_of(Round)} "  # noqa: S608 - identifiers from model metadata
            f"WHERE id = %s{share}",
            [plan.round_id],
        )
        (current,) = cursor.fetchone()
    rnd = Round.objects.select_related("season").get(pk=plan.round_id)
    race = Race.objects.get(pk=rnd.race_id)
    void = rnd.settles_void(race)
    if (
        race.result_version != plan.result_version
        or void != plan.void
        or current not in (plan.version - 1, plan.version)
    ):
        return None
    clock.lap("lock")
    picks = settlement.load_picks(rnd.pk, span)
    clock.lap("load")
    try:
        result = settlement.race_result(race, void=void, picked=set(plan.picked))
        rules = rnd.season.rules_for(has_dividends=settlement.has_dividends(result))
        settled = scoring.settle(picks, result, rules)
    except scoring.ScoringError as exc:
        raise ApplicationError(
            _("The result cannot be scored: %(error)s") % {"error": exc}, code="invalid_result"
        ) from exc
    scores = settlement.score_frame(picks, settled)
    count = len(picks)
    del picks, settled
    clock.lap("score")
    settlement.write_scores(scores, round_id=rnd.pk, version=plan.version, span=span)
    clock.lap("write")
    if timings is not None:
        timings.update(clock.timings)
    return count


@transaction.atomic
def settlement_finish(*, plan: Plan, parts: Sequence[int | None]) -> services.SettlementReport:
    """Mark the round settled and rank the season from the parts' RoundScores.

    `parts`: what each part of the plan returned (the chord hands the finish its parts'
    results). Refuses (settlement_incomplete) unless every part of the plan ran for it
    and the round holds one score per pick."""
    clock = services._Clock()
    rnd, race = services._lock_round(plan.round_id)
    void = rnd.settles_void(race)
    services._refuse_unsettleable(rnd, race, void=void)
    status = Round.Status.VOID if void else Round.Status.SETTLED
    same = selectors.scores_reflect(rnd, race, void=void)
    planned = rnd.settlement_version + (0 if same else 1)
    if race.result_version != plan.result_version or void != plan.void or planned != plan.version:
        return services.SettlementReport(
            round_id=rnd.pk, status=rnd.status, version=rnd.settlement_version, changed=False
        )
    picks = _check_complete(rnd.pk, plan, parts)
    first = rnd.settlement_version == 0
    services._mark_settled(rnd, race, status=status, same=same)
    clock.lap("lock")
    weekly = settlement.weekly_frame(settlement.load_scores(rnd.pk))
    clock.lap("load")
    services._rank_season(rnd, weekly, first=first, clock=clock)
    corrected = not first and not same
    services._announce_on_commit(rnd, changed=not same, corrected=corrected)
    return services.SettlementReport(
        round_id=rnd.pk,
        status=status,
        version=rnd.settlement_version,
        changed=not same,
        corrected=corrected,
        picks=picks,
        timings=clock.timings,
    )


def _check_complete(round_id: int, plan: Plan, parts: Sequence[int | None]) -> int:
    """The round's picks count; refuses unless each of the plan's parts ran for this plan
    (none overtaken) and every pick, and only a pick, has its score.

    The scores' settlement_version cannot tell: a part writes only the rows whose values
    changed, the others keep the version that last changed them."""
    picks = Pick.objects.filter(round_id=round_id).count()
    written = [p for p in parts if p is not None]
    scores = RoundScore.objects.filter(round_id=round_id).count()
    if len(written) != len(plan.spans) or sum(written) != picks or scores != picks:
        raise ApplicationError(
            _(
                "The round's parts are not all written (%(written)d of %(parts)d parts, "
                "%(scores)d scores for %(picks)d picks)."
            )
            % {"written": len(written), "parts": len(plan.spans), "scores": scores, "picks": picks},
            code="settlement_incomplete",
            status_code=409,
        )
    return picks
