"""League tables and the global ranking, read beside a Redis sorted set of the same table.

Builds a season of `--players` ranked players (1,000,000; `--quick`: 20,000) with two
settled rounds, and `--players / 10` leagues: one of 1,000 members, one of 50, the rest
sharing the other players. The same tables go into Redis sorted sets (ZADD, score =
points, then wins, then best), the baseline of the same run. Each read is timed from this
process, Paddock's and the baseline's taking turns so both see the same load:

- a league's season table (what the league table API serves: every member, ranked, with
  names, movement and global rank): `league_table()` against ZREVRANGE of the league's
  set, for the 50- and the 1,000-member league, warm;
- the global table's first page with my row and the rows around me: `season_table()`
  and its first page against ZREVRANGE 0 49, ZREVRANK and the range around me, warm;
- the 1,000-member league cold: the first read after a settlement retired the season's
  cached tables (what a settlement's commit does).

Target: p50 and p99 of each warm read within 3x the baseline's; cold under 100 ms.

    python -m bench.bench_tables [--players N] [--quick] [--reads N] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from bench.common import analyze, bench_database, copy_frame, machine, make_players, table, timed
from bench.common import verdict as print_verdict
from bench.loadgen import percentile

BIG, SMALL = 1_000, 50
RATIO_TARGET = 3.0
COLD_TARGET = 0.100
COLD_READS = 5


def _season(players: int) -> tuple[int, dict[str, float]]:
    """An active season of `players` standings and two settled rounds scored for all."""
    from django.db import transaction
    from django.utils import timezone

    import scoring
    from backend.game.models import Round, Season
    from backend.racing.models import Meeting, Race

    setup: dict[str, float] = {}
    with timed("players (COPY)", setup):
        make_players(players)
    now = timezone.now()
    with transaction.atomic():
        season = Season.objects.create(
            name_en="Bench season",
            name_fr="Saison de mesure",
            starts_on=now.date() - dt.timedelta(days=60),
            ends_on=now.date() + dt.timedelta(days=60),
            status=Season.Status.ACTIVE,
        )
        meeting = Meeting.objects.create(date=now.date(), number=1, racecourse="Longchamp")
        rounds = []
        for number in (1, 2):
            race = Race.objects.create(
                meeting=meeting, number=number, name=f"Race {number}", post_time=now
            )
            rounds.append(
                Round.objects.create(
                    season=season,
                    race=race,
                    number=number,
                    opens_at=now - dt.timedelta(days=9 - number),
                    locks_at=now - dt.timedelta(days=8 - number),
                    status=Round.Status.SETTLED,
                    settlement_version=1,
                )
            )
    rng = np.random.default_rng(11)
    ids = np.arange(1, players + 1, dtype=np.int64)
    with timed("round scores (COPY)", setup):
        scores = []
        for rnd in rounds:
            points = (rng.gamma(0.6, 900, size=players)).astype(np.int64) // 10 * 10
            points[rng.random(players) < 0.3] = 0
            win = (points > 0) & (rng.random(players) < 0.4)
            scores.append((points, win))
            copy_frame(
                "game_roundscore",
                pd.DataFrame(
                    {
                        "player_id": ids,
                        "round_id": rnd.pk,
                        "win_runner": 1,
                        "place_runner": 2,
                        "win_points": points,
                        "place_points": 0,
                        "points": points,
                        "win_hit": np.where(win, "t", "f"),
                        "place_hit": "f",
                        "win_substituted": "f",
                        "place_substituted": "f",
                        "settlement_version": 1,
                    }
                ),
            )
    with timed("standings (COPY)", setup):
        points = scores[0][0] + scores[1][0]
        wins = scores[0][1].astype(np.int64) + scores[1][1].astype(np.int64)
        best = np.maximum(scores[0][0], scores[1][0])
        rank = scoring.rank(pd.DataFrame({"points": points, "wins": wins, "best": best}))
        first_wins = scores[0][1].astype(np.int64)
        before = scoring.rank(
            pd.DataFrame({"points": scores[0][0], "wins": first_wins, "best": scores[0][0]})
        )
        copy_frame(
            "game_standing",
            pd.DataFrame(
                {
                    "player_id": ids,
                    "season_id": season.pk,
                    "points": points,
                    "wins": wins,
                    "best": best,
                    "rounds_played": 2,
                    "rank": rank.to_numpy(),
                    "previous_rank": before.to_numpy(),
                }
            ),
        )
    return season.pk, setup


def _leagues(players: int, setup: dict[str, float]) -> dict[int, np.ndarray]:
    """`players // 10` leagues: league 1 of BIG members, league 2 of SMALL, then the rest
    of the players dealt round-robin. Returns the members of leagues 1 and 2."""
    count = max(3, players // 10)
    rng = np.random.default_rng(5)
    order = rng.permutation(np.arange(1, players + 1, dtype=np.int64))
    league_of = np.empty(players, dtype=np.int64)
    league_of[:BIG] = 1
    league_of[BIG : BIG + SMALL] = 2
    rest = players - BIG - SMALL
    league_of[BIG + SMALL :] = 3 + np.arange(rest) % (count - 2)
    members = pd.DataFrame({"league_id": league_of, "player_id": order})
    owners = members.drop_duplicates("league_id").set_index("league_id")["player_id"]
    now = dt.datetime.now(dt.UTC).isoformat()
    with timed("leagues and memberships (COPY)", setup):
        league_ids = owners.index.to_numpy()
        copy_frame(
            "leagues_league",
            pd.DataFrame(
                {
                    "id": league_ids,
                    "public_id": [f"bench{i:011d}" for i in league_ids],
                    "name": [f"League {i}" for i in league_ids],
                    "name_key": "",
                    "description": "",
                    "visibility": "private",
                    "owner_id": owners.to_numpy(),
                    "created_at": now,
                    "updated_at": now,
                    # COPY sends no signal: the counts the receivers keep, written here.
                    "member_count": members.groupby("league_id")
                    .size()
                    .reindex(league_ids)
                    .to_numpy(),
                }
            ),
        )
        is_owner = members["player_id"].to_numpy() == owners.reindex(league_of).to_numpy()
        copy_frame(
            "leagues_membership",
            members.assign(role=np.where(is_owner, "owner", "member"), joined_at=now),
        )
    with timed("ANALYZE", setup):
        analyze()
    return {1: order[:BIG], 2: order[BIG : BIG + SMALL]}


def _redis_tables(season_id: int, league_members: dict[int, np.ndarray]) -> Any:
    """The same tables as Redis sorted sets, in a key space of this run's own."""
    import redis
    from django.conf import settings

    from backend.game.models import Standing

    client = redis.Redis.from_url(settings.REDIS_URL)
    prefix = f"{settings.CACHES['default']['KEY_PREFIX']}:zset"
    frame = pd.DataFrame(
        list(
            Standing.objects.filter(season_id=season_id).values_list(
                "player_id", "points", "wins", "best"
            )
        ),
        columns=["player_id", "points", "wins", "best"],
    )
    # One float orders as the table does: points, then wins, then best (all bounded).
    score = (frame["points"] * 100 + frame["wins"]) * 10_000 + frame["best"]
    scores = dict(zip(frame["player_id"].astype(str), score.astype(float), strict=True))
    keys = {"global": f"{prefix}:global", 1: f"{prefix}:league:1", 2: f"{prefix}:league:2"}
    client.delete(*keys.values())
    items = list(scores.items())
    for start in range(0, len(items), 20_000):
        client.zadd(keys["global"], dict(items[start : start + 20_000]))
    for league_id, members in league_members.items():
        client.zadd(keys[league_id], {str(p): scores[str(p)] for p in members})
    return client, keys


def _timed_pair(
    reads: int, paddock: Callable[[int], object], baseline: Callable[[int], object]
) -> tuple[list[float], list[float]]:
    """Each read timed `reads` times, Paddock's and the baseline's in turn (after a warm-up)."""
    for i in range(20):
        paddock(i)
        baseline(i)
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(reads):
        start = time.perf_counter()
        paddock(i)
        middle = time.perf_counter()
        baseline(i)
        ours.append(middle - start)
        theirs.append(time.perf_counter() - middle)
    return ours, theirs


def _measure(season_id: int, members: dict[int, np.ndarray], reads: int) -> dict[str, Any]:
    from backend.accounts.models import User
    from backend.game import selectors
    from backend.game.cache import season_tables_changed
    from backend.leagues.models import League
    from backend.leagues.tables import league_table

    client, keys = _redis_tables(season_id, members)
    season = selectors.season_get(season_id=season_id)
    leagues = {pk: League.objects.get(pk=pk) for pk in (1, 2)}
    someone = [User(pk=int(p)) for p in members[1]]
    results: dict[str, Any] = {}
    for league_id, label in ((2, f"league of {SMALL}"), (1, f"league of {BIG}")):
        league, key = leagues[league_id], keys[league_id]

        def ours(_i: int, league: League = league) -> object:
            return league_table(league=league, season=season).rows

        def baseline(_i: int, key: str = key) -> object:
            return client.zrevrange(key, 0, -1, withscores=True)

        results[label] = _timed_pair(reads, ours, baseline)

    def global_page(i: int) -> object:
        ranking = selectors.season_table(season=season, player=someone[i % len(someone)])
        return ranking.rows[0:50], ranking.me, ranking.around_me

    def global_baseline(i: int) -> object:
        me = str(someone[i % len(someone)].pk)
        page = client.zrevrange(keys["global"], 0, 49, withscores=True)
        rank = int(client.zrevrank(keys["global"], me))
        around = client.zrevrange(keys["global"], max(0, rank - 5), rank + 5, withscores=True)
        return page, around

    results["global first page, me, around me"] = _timed_pair(reads, global_page, global_baseline)
    colds = []
    for _ in range(COLD_READS):
        season_tables_changed(season_id)
        start = time.perf_counter()
        league_table(league=leagues[1], season=season)
        colds.append(time.perf_counter() - start)
    results["cold"] = colds
    client.delete(*keys.values())
    return results


def report(results: dict[str, Any], setup: dict[str, float], players: int) -> int:
    print(machine())
    print(table("setup", ["step", "seconds"], [[k, v] for k, v in setup.items()]))
    rows, checks = [], []
    for label, (ours, theirs) in ((k, v) for k, v in results.items() if k != "cold"):
        for name, fraction in (("p50", 0.50), ("p99", 0.99)):
            mine, base = percentile(ours, fraction), percentile(theirs, fraction)
            ratio = mine / base
            rows.append([f"{label} {name}", base * 1000, mine * 1000, ratio])
            checks.append((f"{label} {name} within {RATIO_TARGET:g}x Redis", ratio <= RATIO_TARGET))
    colds = results["cold"]
    worst = max(colds)
    rows.append(
        [
            f"league of {BIG} cold (worst of {len(colds)})",
            COLD_TARGET * 1000,
            worst * 1000,
            worst / COLD_TARGET,
        ]
    )
    checks.append((f"cold league table under {COLD_TARGET * 1000:g} ms", worst < COLD_TARGET))
    print()
    print(
        table(
            f"reads at {players:,} players, {max(3, players // 10):,} leagues (ms)",
            ["read", "baseline", "Paddock", "ratio"],
            rows,
        )
    )
    print("baseline: Redis sorted sets of the same tables; cold: the target in ms")
    return print_verdict(checks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 players: a smoke run")
    parser.add_argument("--reads", type=int, default=400)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    players = 20_000 if args.quick else args.players
    if not os.environ.get("REDIS_URL"):
        print("needs Redis for the baseline: set REDIS_URL (make bench does when it answers)")
        return 2
    with bench_database("tables"):
        season_id, setup = _season(players)
        members = _leagues(players, setup)
        results = _measure(season_id, members, args.reads)
    return report(results, setup, players)


if __name__ == "__main__":
    raise SystemExit(main())
