"""What a result would do to the game before it is stored: the operator's preview of a
corrected (or first) result.

The result is applied and every round on its race settled by the real services (the
scoring engine, the season's ranking) inside a transaction that is always rolled back:
nothing is written, no task is queued (on-commit hooks of a rolled-back transaction never
run), and the figures are exactly what applying would give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from backend.accounts.models import User, public_name
from backend.common.errors import ApplicationError
from backend.racing.models import Race

from .models import Round, RoundScore, Standing
from .services import round_settle

TOP = 10
BIGGEST = 5


@dataclass(frozen=True)
class Move:
    player_id: int
    name: str
    before: int  # points in the round, cents
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass
class RoundImpact:
    round_id: int
    number: int
    settled: bool  # the round had scores before: a correction
    scored: bool  # the result can be scored now (official, round locked)
    reason: str = ""  # why not, when it cannot
    picks: int = 0
    moved: int = 0
    biggest: list[Move] = field(default_factory=list)
    top_before: list[dict[str, Any]] = field(default_factory=list)
    top_after: list[dict[str, Any]] = field(default_factory=list)


class _RollBackError(Exception):
    pass


def _round_points(round_id: int) -> dict[int, int]:
    return dict(RoundScore.objects.filter(round_id=round_id).values_list("player_id", "points"))


def _top(season_id: int) -> list[dict[str, Any]]:
    rows = (
        Standing.objects.filter(season_id=season_id, rank__isnull=False)
        .order_by("rank", "player_id")
        .values("player_id", "rank", "points", "player__display_name")[:TOP]
    )
    return [
        {
            "rank": row["rank"],
            "player_id": row["player_id"],
            "name": public_name(row["player__display_name"], row["player_id"]),
            "points": row["points"],
        }
        for row in rows
    ]


def _moves(before: dict[int, int], after: dict[int, int]) -> list[Move]:
    moved = {p for p in before.keys() | after.keys() if before.get(p, 0) != after.get(p, 0)}
    names = dict(User.objects.filter(pk__in=moved).values_list("pk", "display_name"))
    moves = [
        Move(p, public_name(names.get(p, ""), p), before.get(p, 0), after.get(p, 0)) for p in moved
    ]
    return sorted(moves, key=lambda m: (-abs(m.delta), m.player_id))


def _trial(rnd: Round, impact: RoundImpact) -> None:
    """Settle the round inside the (doomed) transaction and fill in what moved."""
    before = _round_points(rnd.pk)
    try:
        report = round_settle(round_id=rnd.pk)
    except ApplicationError as exc:
        impact.reason = exc.message
        return
    after = _round_points(rnd.pk)
    moves = _moves(before, after)
    impact.scored, impact.picks, impact.moved = True, report.picks, len(moves)
    impact.biggest = moves[:BIGGEST]
    impact.top_after = _top(rnd.season_id)


def result_impact(*, race: Race, apply: Callable[[], Any]) -> list[RoundImpact]:
    """What `apply()` (storing a result for `race`) would change in each of its rounds:
    the players whose round points move, the biggest moves, the season's top 10 before and
    after. Nothing is written: everything happens in a transaction rolled back at the end.
    Errors `apply()` raises propagate (a refused result is refused here too).
    """
    rounds = list(Round.objects.filter(race=race).exclude(status=Round.Status.DRAFT))
    impacts = [
        RoundImpact(
            round_id=r.pk,
            number=r.number,
            settled=r.settlement_version > 0,
            scored=False,
            top_before=_top(r.season_id),
        )
        for r in rounds
    ]
    try:
        with transaction.atomic():
            apply()
            for rnd, impact in zip(rounds, impacts, strict=True):
                _trial(rnd, impact)
            raise _RollBackError
    except _RollBackError:
        pass
    return impacts
