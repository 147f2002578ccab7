"""Awarding badges: community milestones, a final round's game results, a season's finish.

Awards are inserted in bulk and skip what a player already holds (the unique constraints
decide), so every award service may run again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from django.db import connection, transaction
from django.db.models import Q

from backend.common import db
from backend.community.badges import (
    ACCEPTED_ANSWER_BADGES,
    HELPFUL_VOTE_BADGES,
    LONGSHOT_MIN_WIN_DIVIDEND_CENTS,
    SEASON_TOP_COUNT,
    SEASON_TOP_SHARE,
    STREAK_BADGES,
)
from backend.community.models import Award
from backend.community.selectors.reputation import FINAL_ROUND_STATUSES, community_counts
from backend.game.models import Round, RoundScore, Season, Standing
from backend.racing.models import Dividend

from .frames import as_int, read_rows
from .reputation import levels_refresh

SCORE_COLUMNS = {
    "player_id": "int64",
    "win_hit": "int64",
    "place_hit": "int64",
    "win_runner": "int64",
    "win_points": "int64",
}


# More awards than this at once (a settled round's, for every player of it) go in through
# COPY and one INSERT on PostgreSQL: bulk_create's statements of a thousand rows took 25 s
# for the half million awards of a round of a million players.
BULK_AWARDS = 1000


@dataclass(frozen=True, slots=True)
class Earned:
    """A badge to give: to whom, which, and the round or the season that earned it (a
    settled round earns hundreds of thousands: no model instance for each)."""

    player_id: int
    badge: str
    round_id: int | None = None
    season_id: int | None = None


def _awards_insert(awards: list[Earned]) -> None:
    """Insert, skipping what a player already has (the unique constraints decide)."""
    if len(awards) <= BULK_AWARDS or not db.is_postgres():
        Award.objects.bulk_create(
            [
                Award(
                    player_id=a.player_id, badge=a.badge, round_id=a.round_id, season_id=a.season_id
                )
                for a in awards
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        return
    rows = pd.DataFrame(
        {
            "player_id": pd.array([a.player_id for a in awards], dtype="int64"),
            "badge": [a.badge for a in awards],
            "season_id": pd.array([a.season_id for a in awards], dtype="Int64"),
            "round_id": pd.array([a.round_id for a in awards], dtype="Int64"),
        }
    )
    # The temporary table lives until the transaction's end: one transaction, whoever calls.
    with transaction.atomic():
        temp = db.stage_rows(Award, rows, name="_awards_new")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {db.table_of(Award)} (player_id, badge, season_id, round_id, "  # noqa: S608 - quoted identifiers
                f"awarded_at) SELECT player_id, badge, season_id, round_id, STATEMENT_TIMESTAMP() "
                f"FROM {temp} ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"DROP TABLE {temp}")


@transaction.atomic
def community_badges_award(*, player_id: int) -> list[str]:
    """Award the community badges `player_id` has reached; returns the new slugs."""
    counts = community_counts(player_id=player_id)
    reached = ["first-answer"] if counts["answers"] else []
    reached += [slug for n, slug in ACCEPTED_ANSWER_BADGES if counts["accepted"] >= n]
    reached += [slug for n, slug in HELPFUL_VOTE_BADGES if counts["helpful"] >= n]
    held = set(
        Award.objects.filter(player_id=player_id, badge__in=reached).values_list("badge", flat=True)
    )
    new = [slug for slug in reached if slug not in held]
    _awards_insert([Earned(player_id, slug) for slug in new])
    return new


# Up to this many players, a streak reads only their scores (by the round and player
# index); more, as after a settlement (every player of the round), it reads the rounds whole.
FEW_PLAYERS = 1000


def round_streaks(round: Round, player_ids: pd.Series) -> pd.Series:
    """How many season rounds in a row, ending with `round`, each player has played.

    The season's rounds are taken in number order, settled or void ones plus `round`
    itself; "played" means the player has a score in it (a pick was settled). Only the
    last max-threshold rounds are read: a longer streak earns nothing more.
    """
    longest = max(n for n, _ in STREAK_BADGES)
    numbers = list(
        Round.objects.filter(season_id=round.season_id, number__lte=round.number)
        .filter(Q(status__in=FINAL_ROUND_STATUSES) | Q(pk=round.pk))
        .order_by("-number")
        .values_list("id", flat=True)[:longest]
    )
    # Position 0 is `round`, 1 the round before it, and so on.
    back = {round_id: position for position, round_id in enumerate(numbers)}
    scores = RoundScore.objects.filter(round_id__in=numbers)
    if len(player_ids) <= FEW_PLAYERS:  # a page's players: their rows, not the rounds'
        scores = scores.filter(player_id__in=[int(p) for p in player_ids.unique()])
    rows = read_rows(
        scores.values_list("player_id", "round_id"), {"player_id": "int64", "round_id": "int64"}
    )
    rows = rows[rows["player_id"].isin(player_ids)]
    rows = rows.assign(back=rows["round_id"].map(back)).sort_values(["player_id", "back"])
    # Sorted by how far back, a player's k-th row continues the run iff it is k rounds back.
    in_run = rows["back"].to_numpy() == rows.groupby("player_id").cumcount().to_numpy()
    streaks = pd.Series(in_run, index=rows["player_id"].to_numpy()).groupby(level=0).sum()
    return streaks.reindex(player_ids.to_numpy(), fill_value=0).astype("int64")


def _result_awards(round: Round, scores: pd.DataFrame) -> list[Earned]:
    """Picked the winner (WIN hit), perfect week (WIN and PLACE hit), and longshot (WIN hit
    on a dividend above 20.00 € for 1 €, read from the official dividend or, failing that,
    from the points at the season's stake)."""
    win = scores["win_hit"].astype(bool)
    dividends = dict(
        Dividend.objects.filter(race_id=round.race_id, kind=Dividend.Kind.WIN).values_list(
            "number", "cents"
        )
    )
    stake = round.season.get_rules().stake_cents
    dividend = scores["win_runner"].map(dividends).fillna(0)
    longshot = win & (
        (dividend > LONGSHOT_MIN_WIN_DIVIDEND_CENTS)
        | (scores["win_points"] * 100 > LONGSHOT_MIN_WIN_DIVIDEND_CENTS * stake)
    )
    players = scores["player_id"]
    return [
        Earned(pid, slug, round.pk)
        for slug, mask in (
            ("picked-winner", win),
            ("perfect-week", win & scores["place_hit"].astype(bool)),
            ("longshot", longshot),
        )
        for pid in players[mask].tolist()
    ]


def _streak_awards(round: Round, players: pd.Series) -> list[Earned]:
    """3, 10 and 25 rounds of the season in a row."""
    streaks = round_streaks(round, players)
    return [
        Earned(pid, slug, round.pk)
        for threshold, slug in STREAK_BADGES
        for pid in streaks.index[streaks.to_numpy() >= threshold].tolist()
    ]


RESULT_BADGES = ("picked-winner", "perfect-week", "longshot")


def _withdraw_unearned(round: Round, earned: list[Earned]) -> set[int]:
    """After a corrected (or voided) result: the result badges this round gave that its
    scores no longer earn are withdrawn, and given again from the player's earliest other
    settled round that earns them (a badge is held once, from the first round that earned
    it, so a later round's claim was skipped). Returns the players who lost one."""
    keep = {(a.player_id, a.badge) for a in earned}
    stale = [
        (pk, player_id, badge)
        for pk, player_id, badge in Award.objects.filter(
            round=round, badge__in=RESULT_BADGES
        ).values_list("pk", "player_id", "badge")
        if (player_id, badge) not in keep
    ]
    if not stale:
        return set()
    Award.objects.filter(pk__in=[pk for pk, _, _ in stale]).delete()
    lost = {(player_id, badge) for _, player_id, badge in stale}
    players = sorted({player_id for player_id, _ in lost})
    # Every result badge needs a winning WIN: only rounds where one of them hit are read.
    hit = RoundScore.objects.filter(
        player_id__in=players, win_hit=True, round__status=Round.Status.SETTLED
    ).exclude(round=round)
    others = Round.objects.filter(pk__in=hit.values("round_id")).select_related("season")
    for other in others.order_by("race__post_time", "pk"):
        scores = read_rows(
            RoundScore.objects.filter(round=other, player_id__in=players).values_list(
                "player_id", as_int("win_hit"), as_int("place_hit"), "win_runner", "win_points"
            ),
            SCORE_COLUMNS,
        )
        again = [a for a in _result_awards(other, scores) if (a.player_id, a.badge) in lost]
        _awards_insert(again)
    return set(players)


@transaction.atomic
def game_badges_award(*, round: Round) -> int:
    """Award a settled (or void) round's game badges in bulk; returns how many are new.

    One query over the round's scores; the rules run on columns (`_result_awards`, only
    for a settled round, and `_streak_awards`, void rounds counting too). Run again after
    a correction, it also withdraws the result badges the round no longer earns
    (`_withdraw_unearned`). Then the players' levels, and the season badges if the season
    has finished.
    """
    round = Round.objects.select_related("season").get(pk=round.pk)
    if not round.is_final:
        return 0
    scores = read_rows(
        RoundScore.objects.filter(round=round).values_list(
            "player_id", as_int("win_hit"), as_int("place_hit"), "win_runner", "win_points"
        ),
        SCORE_COLUMNS,
    )
    awards = []
    if not scores.empty and round.status == Round.Status.SETTLED:
        awards = _result_awards(round, scores)
    withdrawn = _withdraw_unearned(round, awards)
    before = Award.objects.filter(round=round).count()
    if not scores.empty:
        players = scores["player_id"]
        _awards_insert(awards + _streak_awards(round, players))
        levels_refresh(player_ids=sorted({int(pid) for pid in players} | withdrawn))
    created = Award.objects.filter(round=round).count() - before
    if round.season.status == Season.Status.FINISHED:
        created += season_badges_award(season=round.season)
    return created


@transaction.atomic
def season_badges_award(*, season: Season) -> int:
    """Award a finished season's badges from its final standings; returns how many are new.

    Top 10 % (rank within the best tenth of the ranked players, rounded up), top 100 and
    champion (rank 1); tied players share the rank, so ties at a boundary all get it.
    """
    if season.status != Season.Status.FINISHED:
        return 0
    standings = read_rows(
        Standing.objects.filter(season=season, rank__isnull=False, rounds_played__gt=0).values_list(
            "player_id", "rank"
        ),
        {"player_id": "int64", "rank": "int64"},
    )
    if standings.empty:
        return 0
    top_share = max(1, math.ceil(len(standings) * SEASON_TOP_SHARE))
    before = Award.objects.filter(season=season).count()
    _awards_insert(
        [
            Earned(pid, slug, season_id=season.pk)
            for slug, limit in (
                ("season-top-10-percent", top_share),
                ("season-top-100", SEASON_TOP_COUNT),
                ("season-champion", 1),
            )
            for pid in standings["player_id"][standings["rank"] <= limit].tolist()
        ]
    )
    return Award.objects.filter(season=season).count() - before
