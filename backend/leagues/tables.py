"""League tables: the game's standings of a league's members, ranked inside the league.

Leagues keep no foreign key to the game: these reads join the game's tables by player
id. Ranking is always `scoring.rank_within` over one DataFrame holding every requested
league's rows (league_id is the group), so computing many leagues costs one pass, in the
same order as the global table: points, then winning win-selections, then best round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db.models import Max

import scoring
from backend.accounts.models import User, public_name
from backend.common.db import db_now
from backend.common.errors import ApplicationError
from backend.game.models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding
from backend.game.selectors import season_current, season_get
from backend.racing.models import Runner

from .models import League, Membership

LOCKED_STATUSES = (Round.Status.LOCKED, Round.Status.SETTLED, Round.Status.VOID)


@dataclass(frozen=True, slots=True)
class TableRow:
    player_id: int
    name: str
    role: str
    rank: int
    previous_rank: int | None
    movement: int | None  # previous_rank - rank: positive means up; None before round 2
    points: int
    wins: int
    best: int
    rounds_played: int
    global_rank: int | None


@dataclass(frozen=True, slots=True)
class LeagueTable:
    league: League
    season: Season | None
    last_round: Round | None
    rows: list[TableRow]


def season_for_table(*, season_id: int | None) -> Season | None:
    """The season asked for (404 if unknown or a draft), else the current one (the latest
    active season, or the latest finished one); None before any season."""
    if season_id is not None:
        return season_get(season_id=season_id)
    return (
        season_current()
        or Season.objects.filter(status=Season.Status.FINISHED)
        .order_by("-starts_on", "-id")
        .first()
    )


def last_settled_round(season: Season) -> Round | None:
    return (
        Round.objects.filter(season=season, status=Round.Status.SETTLED)
        .order_by("-number", "-id")
        .first()
    )


def _members_frame(league_ids: Sequence[int]) -> pd.DataFrame:
    rows = list(
        Membership.objects.filter(league_id__in=league_ids).values_list(
            "league_id", "player_id", "role"
        )
    )
    return pd.DataFrame(rows, columns=["league_id", "player_id", "role"]).astype(
        {"league_id": "int64", "player_id": "int64", "role": "object"}
    )


def _names(player_ids: Sequence[int]) -> dict[int, str]:
    """What other players see, as in the game's tables: never an email address."""
    return {
        pk: public_name(display_name, pk)
        for pk, display_name in User.objects.filter(pk__in=player_ids).values_list(
            "pk", "display_name"
        )
    }


def _frame(rows: list[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns, "int64"))


def _totals(season: Season | None, player_ids: list[int]) -> pd.DataFrame:
    columns = ["player_id", "points", "wins", "best", "rounds_played", "global_rank"]
    if season is None or not player_ids:
        return _frame([], columns)
    rows = list(
        Standing.objects.filter(season=season, player_id__in=player_ids).values_list(
            "player_id", "points", "wins", "best", "rounds_played", "rank"
        )
    )
    # An unranked standing (rank NULL) becomes 0, turned back into None on output.
    return _frame([(*row[:5], row[5] or 0) for row in rows], columns)


def _previous_totals(
    season: Season, last: Round, player_ids: list[int], totals: pd.DataFrame
) -> pd.DataFrame:
    """Each player's totals before `last` counted (one row per player with a standing):
    the standing minus that round's score; the best round becomes the best of the season's
    other final rounds."""
    last_scores = _frame(
        [
            (player_id, points, int(win_hit))
            for player_id, points, win_hit in RoundScore.objects.filter(
                round=last, player_id__in=player_ids
            ).values_list("player_id", "points", "win_hit")
        ],
        ["player_id", "last_points", "last_win"],
    )
    earlier_best = _frame(
        list(
            RoundScore.objects.filter(
                round__season=season,
                round__status__in=(Round.Status.SETTLED, Round.Status.VOID),
                player_id__in=player_ids,
            )
            .exclude(round=last)
            .values("player_id")
            .annotate(best=Max("points"))
            .values_list("player_id", "best")
        ),
        ["player_id", "earlier_best"],
    )
    merged = (
        totals[["player_id", "points", "wins"]]
        .merge(last_scores, on="player_id", how="left")
        .merge(earlier_best, on="player_id", how="left")
        .fillna(0)
    )
    return pd.DataFrame(
        {
            "player_id": merged["player_id"].astype("int64"),
            "points": (merged["points"] - merged["last_points"]).astype("int64"),
            "wins": (merged["wins"] - merged["last_win"]).astype("int64"),
            "best": merged["earlier_best"].clip(lower=0).astype("int64"),
        }
    )


def league_tables(*, leagues: Sequence[League], season: Season | None) -> dict[int, LeagueTable]:
    """The season tables of several leagues at once (keyed by league pk).

    Members who never played have 0 points and share the last rank. Movement compares
    the league rank before the season's last settled round with the rank now; it is None
    until a second round is settled (before the first, everyone was level).
    """
    league_ids = [league.pk for league in leagues]
    members = _members_frame(league_ids)
    player_ids = sorted({int(p) for p in members["player_id"].unique()})
    totals = _totals(season, player_ids)
    table = members.merge(totals, on="player_id", how="left").fillna(
        {"points": 0, "wins": 0, "best": 0, "rounds_played": 0, "global_rank": 0}
    )
    for column in ("points", "wins", "best", "rounds_played", "global_rank"):
        table[column] = table[column].astype("int64")
    table["rank"] = scoring.rank_within(table[["points", "wins", "best", "league_id"]])

    last = last_settled_round(season) if season is not None else None
    has_previous = bool(
        last is not None
        and Round.objects.filter(
            season=season, status=Round.Status.SETTLED, number__lt=last.number
        ).exists()
    )
    if season is not None and last is not None and has_previous and len(table):
        previous = _previous_totals(season, last, player_ids, totals)
        before = (
            table[["league_id", "player_id"]]
            .merge(previous, on="player_id", how="left")
            .fillna({"points": 0, "wins": 0, "best": 0})
            .astype({"points": "int64", "wins": "int64", "best": "int64"})
        )
        table["previous_rank"] = scoring.rank_within(
            before[["points", "wins", "best", "league_id"]]
        ).to_numpy()
    else:
        table["previous_rank"] = np.zeros(len(table), dtype=np.int64)

    names = _names(player_ids)
    table = table.assign(name=table["player_id"].map(names).fillna(""))
    table = table.sort_values(["league_id", "rank", "name", "player_id"], kind="stable")
    result = {
        league.pk: LeagueTable(league=league, season=season, last_round=last, rows=[])
        for league in leagues
    }
    columns = {name: table[name].to_numpy().tolist() for name in table.columns}
    for i, league_id in enumerate(columns["league_id"]):
        rank = int(columns["rank"][i])
        previous_rank = int(columns["previous_rank"][i]) if has_previous else None
        result[int(league_id)].rows.append(
            TableRow(
                player_id=int(columns["player_id"][i]),
                name=str(columns["name"][i]),
                role=str(columns["role"][i]),
                rank=rank,
                previous_rank=previous_rank,
                movement=previous_rank - rank if previous_rank is not None else None,
                points=int(columns["points"][i]),
                wins=int(columns["wins"][i]),
                best=int(columns["best"][i]),
                rounds_played=int(columns["rounds_played"][i]),
                global_rank=int(columns["global_rank"][i]) or None,
            )
        )
    return result


def league_table(*, league: League, season: Season | None) -> LeagueTable:
    return league_tables(leagues=[league], season=season)[league.pk]


# --- One round --------------------------------------------------------------------------


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
    found = (
        Round.objects.select_related("season", "race", "race__meeting")
        .exclude(status=Round.Status.DRAFT)
        .exclude(season__status=Season.Status.DRAFT)
        .filter(pk=round_id)
        .first()
    )
    if found is None:
        raise ApplicationError("Round not found.", code="round_not_found", status_code=404)
    return found


def is_locked(game_round: Round, *, now: dt.datetime | None = None) -> bool:
    """Picks show once the round is locked: by its status, or its lock time has passed
    (on the database clock the game takes picks by, before any task flips the status)."""
    if game_round.status in LOCKED_STATUSES:
        return True
    return game_round.locks_at <= (now or db_now())


def league_round_table(
    *, league: League, game_round: Round, viewer: User, now: dt.datetime | None = None
) -> RoundTable:
    """A round seen by a league: before the lock who has picked (not what; your own pick
    shows); after it every pick; once settled the points and the league's round rank."""
    locked = is_locked(game_round, now=now)
    settled = game_round.status == Round.Status.SETTLED
    members = _members_frame([league.pk])
    player_ids = [int(p) for p in members["player_id"]]
    picks = {
        row[0]: row[1:]
        for row in Pick.objects.filter(round=game_round, player_id__in=player_ids).values_list(
            "player_id", "win", "place", "alternate"
        )
    }
    runners = dict(Runner.objects.filter(race_id=game_round.race_id).values_list("number", "name"))
    scores: dict[int, ScoreView] = {}
    weekly: dict[int, int] = {}
    if settled:
        for score in RoundScore.objects.filter(round=game_round, player_id__in=player_ids):
            scores[score.player_id] = ScoreView(
                points=score.points,
                win_points=score.win_points,
                place_points=score.place_points,
                win_hit=score.win_hit,
                place_hit=score.place_hit,
                win_runner=score.win_runner,
                place_runner=score.place_runner,
            )
        weekly = dict(
            WeeklyStanding.objects.filter(round=game_round, player_id__in=player_ids).values_list(
                "player_id", "rank"
            )
        )
    table = members.assign(
        points=[scores[p].points if p in scores else 0 for p in player_ids],
        wins=[int(scores[p].win_hit) if p in scores else 0 for p in player_ids],
    )
    table["best"] = table["points"]  # one round: its best round is itself (as the game ranks)
    table["rank"] = scoring.rank_within(table[["points", "wins", "best", "league_id"]])
    names = _names(player_ids)
    table = table.assign(name=table["player_id"].map(names).fillna(""))
    order = ["rank", "name", "player_id"] if settled else ["name", "player_id"]
    table = table.sort_values(order, kind="stable")
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
