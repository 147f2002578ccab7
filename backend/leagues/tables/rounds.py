"""One round seen by a league: who picked (then what, after the lock), and once settled
the points and the league's round rank beside the global one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.db import db_now
from backend.common.errors import get_or_404
from backend.game.models import Pick, Round, RoundScore, Season, WeeklyStanding
from backend.leagues.models import League
from backend.racing.models import Runner

from .frames import league_ranks, members_frame, with_names

LOCKED_STATUSES = (Round.Status.LOCKED, Round.Status.SETTLED, Round.Status.VOID)


@dataclass(frozen=True, slots=True)
class PickView:
    win: int
    win_name: str
    place: int
    place_name: str
    alternate: int | None
    alternate_name: str | None


@dataclass(frozen=True, slots=True)
class ScoreView:
    points: int
    win_points: int
    place_points: int
    win_hit: bool
    place_hit: bool
    win_runner: int
    place_runner: int


@dataclass(frozen=True, slots=True)
class RoundRow:
    player_id: int
    name: str
    role: str
    has_picked: bool
    pick: PickView | None  # hidden before the lock, except your own
    score: ScoreView | None  # once settled (void: none)
    rank: int | None  # league rank in the round, once settled
    global_rank: int | None  # the round's global (weekly) rank


@dataclass(frozen=True, slots=True)
class RoundTable:
    league: League
    round: Round
    locked: bool
    settled: bool
    rows: list[RoundRow]


def round_for_table(*, round_id: int) -> Round:
    """A round players can see (not a draft, nor in a draft season), else 404."""
    visible = (
        Round.objects.select_related("season", "race", "race__meeting")
        .exclude(status=Round.Status.DRAFT)
        .exclude(season__status=Season.Status.DRAFT)
    )
    return get_or_404(visible, _("No such round."), pk=round_id)


def is_locked(game_round: Round, *, now: dt.datetime | None = None) -> bool:
    """Picks show once the round is locked: by its status, or its lock time has passed
    (on the database clock the game takes picks by, before any task flips the status)."""
    if game_round.status in LOCKED_STATUSES:
        return True
    return game_round.locks_at <= (now or db_now())


def _picks(game_round: Round, player_ids: Sequence[int]) -> dict[int, tuple[int, int, int | None]]:
    """player id -> (win, place, alternate) of their pick in the round."""
    return {
        row[0]: row[1:]
        for row in Pick.objects.filter(round=game_round, player_id__in=player_ids)
        .order_by()  # into a dict: the default ordering would join the rounds to sort
        .values_list("player_id", "win", "place", "alternate")
    }


def _scores(game_round: Round, player_ids: Sequence[int]) -> dict[int, ScoreView]:
    return {
        score.player_id: ScoreView(
            points=score.points,
            win_points=score.win_points,
            place_points=score.place_points,
            win_hit=score.win_hit,
            place_hit=score.place_hit,
            win_runner=score.win_runner,
            place_runner=score.place_runner,
        )
        for score in RoundScore.objects.filter(
            round=game_round, player_id__in=player_ids
        ).order_by()
    }


def _weekly_ranks(game_round: Round, player_ids: Sequence[int]) -> dict[int, int]:
    return dict(
        WeeklyStanding.objects.filter(round=game_round, player_id__in=player_ids)
        .order_by()
        .values_list("player_id", "rank")
    )


def _ranked(members: pd.DataFrame, scores: dict[int, ScoreView], *, settled: bool) -> pd.DataFrame:
    """The members ranked by the round's points (as the game ranks a round: its best round
    is itself), in the order the table shows: by rank once settled, else by name."""
    player_ids = [int(p) for p in members["player_id"]]
    table = members.assign(
        points=[scores[p].points if p in scores else 0 for p in player_ids],
        wins=[int(scores[p].win_hit) if p in scores else 0 for p in player_ids],
    )
    table["best"] = table["points"]
    table["rank"] = league_ranks(table)
    table = with_names(table, player_ids)
    order = ["rank", "name", "player_id"] if settled else ["name", "player_id"]
    return table.sort_values(order, kind="stable")


def league_round_table(
    *, league: League, game_round: Round, viewer: User, now: dt.datetime | None = None
) -> RoundTable:
    """A round seen by a league: before the lock who has picked (not what; your own pick
    shows); after it every pick; once settled the points and the league's round rank."""
    locked = is_locked(game_round, now=now)
    settled = game_round.status == Round.Status.SETTLED
    members = members_frame([league.pk])
    player_ids = [int(p) for p in members["player_id"]]
    picks = _picks(game_round, player_ids)
    runners = dict(Runner.objects.filter(race_id=game_round.race_id).values_list("number", "name"))
    scores = _scores(game_round, player_ids) if settled else {}
    weekly = _weekly_ranks(game_round, player_ids) if settled else {}
    table = _ranked(members, scores, settled=settled)
    rows = []
    for player_id, name, role, rank in zip(
        table["player_id"].to_numpy().tolist(),
        table["name"].to_numpy().tolist(),
        table["role"].to_numpy().tolist(),
        table["rank"].to_numpy().tolist(),
        strict=True,
    ):
        pick = picks.get(player_id)
        show = pick is not None and (locked or player_id == viewer.pk)
        rows.append(
            RoundRow(
                player_id=int(player_id),
                name=str(name),
                role=str(role),
                has_picked=pick is not None,
                pick=_pick_view(pick, runners) if show and pick is not None else None,
                score=scores.get(player_id),
                rank=int(rank) if settled else None,
                global_rank=weekly.get(player_id),
            )
        )
    return RoundTable(league=league, round=game_round, locked=locked, settled=settled, rows=rows)


def _pick_view(pick: tuple[int, int, int | None], runners: dict[int, str]) -> PickView:
    win, place, alternate = pick
    return PickView(
        win=win,
        win_name=runners.get(win, ""),
        place=place,
        place_name=runners.get(place, ""),
        alternate=alternate,
        alternate_name=runners.get(alternate, "") if alternate is not None else None,
    )
