"""The baseline a settlement is measured against: the same round settled in plain SQL.

A first settlement written set-based, as a database developer would: the scores with one
INSERT ... SELECT (substitution by CASE, dividends capped with LEAST()), the season table
with SUM() and RANK() OVER, the weekly table with RANK() OVER joined to it. It writes into
copies of RoundScore, Standing and WeeklyStanding made with LIKE ... INCLUDING ALL (same
columns, same indexes), in one transaction, and drops them afterwards: the game's own
tables are left untouched. Parimutuel scoring, no coupled entries (the bench's race).
"""

from __future__ import annotations

import time

from django.db import connection, models, transaction

TABLES = ("roundscore", "standing", "weeklystanding")


def _name(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _clone(model: type[models.Model], short: str) -> str:
    copy = f"_baseline_{short}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {copy}")
        cursor.execute(f"CREATE TABLE {copy} (LIKE {_name(model)} INCLUDING ALL)")
    return copy


def _scores_sql(scores: str) -> str:
    from backend.game.models import Pick
    from backend.racing.models import Dividend, Runner

    picks, runners, dividends = _name(Pick), _name(Runner), _name(Dividend)
    return f"""
        WITH out AS (SELECT number FROM {runners} WHERE race_id = %(race)s
                     AND status = 'non_runner'),
        fav AS (SELECT number FROM {runners} WHERE race_id = %(race)s
                AND status <> 'non_runner' AND odds IS NOT NULL
                ORDER BY odds, number LIMIT 1),
        moved AS (
          SELECT p.player_id, p.win, p.place,
            CASE WHEN p.win IN (SELECT number FROM out) THEN COALESCE(
              CASE WHEN p.alternate NOT IN (SELECT number FROM out) THEN p.alternate END,
              (SELECT number FROM fav), p.win) ELSE p.win END AS w,
            CASE WHEN p.place IN (SELECT number FROM out) THEN COALESCE(
              CASE WHEN p.alternate NOT IN (SELECT number FROM out) THEN p.alternate END,
              (SELECT number FROM fav), p.place) ELSE p.place END AS pl
          FROM {picks} p WHERE p.round_id = %(round)s)
        INSERT INTO {scores} (player_id, round_id, win_runner, place_runner, win_points,
          place_points, points, win_hit, place_hit, win_substituted, place_substituted,
          settlement_version)
        SELECT m.player_id, %(round)s, m.w, m.pl,
          COALESCE(%(stake)s * LEAST(wd.cents, %(win_cap)s) / 100, 0),
          COALESCE(%(stake)s * LEAST(pd.cents, %(place_cap)s) / 100, 0),
          COALESCE(%(stake)s * LEAST(wd.cents, %(win_cap)s) / 100, 0)
            + COALESCE(%(stake)s * LEAST(pd.cents, %(place_cap)s) / 100, 0),
          wd.cents IS NOT NULL, pd.cents IS NOT NULL, m.w <> m.win, m.pl <> m.place, 1
        FROM moved m
        LEFT JOIN {dividends} wd ON wd.race_id = %(race)s AND wd.kind = 'win'
          AND wd.number = m.w
        LEFT JOIN {dividends} pd ON pd.race_id = %(race)s AND pd.kind = 'place'
          AND pd.number = m.pl
    """  # noqa: S608 - identifiers from model metadata


def _tables_sql(scores: str, standings: str, weekly: str) -> list[str]:
    return [
        f"""INSERT INTO {standings} (player_id, season_id, points, wins, best, rounds_played,
              rank, previous_rank)
            SELECT player_id, %(season)s, SUM(points), SUM(win_hit::int), MAX(points),
              COUNT(*), RANK() OVER (ORDER BY SUM(points) DESC, SUM(win_hit::int) DESC,
              MAX(points) DESC), NULL
            FROM {scores} GROUP BY player_id""",  # noqa: S608
        f"""INSERT INTO {weekly} (player_id, round_id, points, rank, season_points,
              season_rank)
            SELECT s.player_id, %(round)s, s.points,
              RANK() OVER (ORDER BY s.points DESC, s.win_hit DESC), t.points, t.rank
            FROM {scores} s JOIN {standings} t ON t.player_id = s.player_id""",  # noqa: S608
    ]


def settle_in_sql(round_id: int) -> float:
    """Seconds to settle the round set-based into copies of the tables (dropped after)."""
    from backend.game.models import Round, RoundScore, Standing, WeeklyStanding

    rnd = Round.objects.select_related("season").get(pk=round_id)
    rules = rnd.season.get_rules()
    copies = [
        _clone(model, short)
        for model, short in zip((RoundScore, Standing, WeeklyStanding), TABLES, strict=True)
    ]
    params = {
        "race": rnd.race_id,
        "round": rnd.pk,
        "season": rnd.season_id,
        "stake": rules.stake_cents,
        "win_cap": rules.win_cap_cents,
        "place_cap": rules.place_cap_cents,
    }
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_scores_sql(copies[0]), params)
        for sql in _tables_sql(*copies):
            cursor.execute(sql, params)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        for copy in copies:
            cursor.execute(f"DROP TABLE {copy}")
    return elapsed
