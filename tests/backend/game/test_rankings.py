"""Rankings: the season table with me and around me, weekly tables, history, search, cache."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from backend.game import selectors
from backend.game.apis.rankings import SeasonRowOutput
from backend.game.models import Round, Season, Standing
from backend.game.services import round_settle
from backend.racing.models import Race
from tests.factories import (
    DividendFactory,
    PickFactory,
    RoundFactory,
    SeasonFactory,
    StandingFactory,
    UserFactory,
    lock,
)

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def season() -> Season:
    return SeasonFactory()


def ladder(season: Season, size: int) -> list[Any]:
    """`size` players ranked 1..size, except 10 and 11 sharing rank 10."""
    # "!" is an unusable password: no hashing for players who never sign in.
    players = [UserFactory(display_name=f"Rider {n:02d}", password="!") for n in range(1, size + 1)]
    for n, player in enumerate(players, start=1):
        rank = 10 if n == 11 else n
        StandingFactory(
            season=season, player=player, rank=rank, points=10_000 - rank, previous_rank=n + 1
        )
    return players


def test_it_pages_the_season_table_with_me_and_around_me(season: Season, api_as: Any) -> None:
    players = ladder(season, 40)
    me = players[19]  # rank 20
    body = (
        api_as(me).get(url(f"seasons/{season.pk}/rankings/"), {"page": 2, "page_size": 10}).json()
    )
    assert body["count"] == 40
    assert body["next"].endswith(f"/seasons/{season.pk}/rankings/?page=3&page_size=10")
    assert body["previous"].endswith(f"/seasons/{season.pk}/rankings/?page_size=10")
    assert [r["rank"] for r in body["results"]] == [10, 12, 13, 14, 15, 16, 17, 18, 19, 20]
    assert body["results"][0]["display_name"] == "Rider 11"
    assert body["me"]["rank"] == 20
    assert body["me"]["previous_rank"] == 21
    assert [r["rank"] for r in body["around_me"]] == [15, 16, 17, 18, 19, 21, 22, 23, 24, 25]


def test_it_orders_ties_inside_around_me(season: Season, api_as: Any) -> None:
    players = ladder(season, 20)
    body = api_as(players[9]).get(url(f"seasons/{season.pk}/rankings/")).json()
    assert body["me"]["rank"] == 10
    around = [(r["rank"], r["display_name"]) for r in body["around_me"]]
    assert around[4] == (9, "Rider 09")
    assert around[5] == (10, "Rider 11")


def test_it_has_no_me_for_a_player_without_a_standing(
    season: Season, outsider: Any, api_as: Any
) -> None:
    ladder(season, 3)
    body = api_as(outsider).get(url(f"seasons/{season.pk}/rankings/")).json()
    assert (body["me"], body["around_me"], body["count"]) == (None, [], 3)
    assert (body["next"], body["previous"]) == (None, None)


def test_it_never_shows_emails(season: Season, api_as: Any) -> None:
    anonymous_name = UserFactory(display_name="", email="secret.person@paddock.test")
    StandingFactory(season=season, player=anonymous_name, rank=1, points=5)
    body = api_as(anonymous_name).get(url(f"seasons/{season.pk}/rankings/")).json()
    assert "secret" not in str(body)
    assert "@" not in str(body)
    assert body["results"][0]["display_name"] == f"Player {anonymous_name.pk}"


def test_it_searches_the_table_by_display_name(season: Season, owner: Any, api_as: Any) -> None:
    ladder(season, 12)
    body = api_as(owner).get(url(f"seasons/{season.pk}/rankings/search/"), {"q": "rider 1"}).json()
    assert [r["display_name"] for r in body] == ["Rider 10", "Rider 11", "Rider 12"]
    assert (
        api_as(owner).get(url(f"seasons/{season.pk}/rankings/search/"), {"q": "r"}).status_code
        == 400
    )


@pytest.mark.postgres  # the index is PostgreSQL's (accounts migration 0004)
def test_the_search_finds_names_by_an_index_not_by_reading_the_table(season: Season) -> None:
    """A name nobody has must not walk the whole season's table: the search's condition
    on the display name is the one the prefix index holds, so the planner can start from
    the few users whose name begins so (forced here: the table is too small to need it)."""
    ladder(season, 12)
    query = Standing.objects.filter(
        season=season, rank__isnull=False, player__display_name__istartswith="nobody"
    ).order_by("rank", "player_id")[:20]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "accounts_user_display_name_prefix" in plan, plan
    assert selectors.table_search(season=season, query="nobody") == []


def test_a_deep_page_seeks_its_first_row_and_reads_the_same_rows(
    season: Season, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the cached top of the table, a page finds its first row on the index and reads
    on from it: the same rows as an OFFSET, ties included, without joining every row it
    skips to its player."""
    players = [UserFactory(display_name=f"Tied {n:02d}", password="!") for n in range(30)]
    for n, player in enumerate(players):
        rank = 1 + (n // 7) * 7  # groups of 7 tied players: ranks 1, 8, 15, 22, 29
        StandingFactory(season=season, player=player, rank=rank, points=100 - rank)
    rows = Standing.objects.filter(season=season, rank__isnull=False)
    fields = selectors.SEASON_ROW + selectors.SEASON_ROW_MORE

    def pages() -> list[list[dict[str, Any]]]:
        table = selectors.TableRows(rows, fields, key=f"test:seek:{id(rows)}")
        return [table[start : start + 4] for start in range(0, 32, 3)] + [table[26:None]]

    monkeypatch.setattr(selectors, "SEEK_FROM", 10**9)
    by_offset = pages()
    monkeypatch.setattr(selectors, "SEEK_FROM", 1)
    with CaptureQueriesContext(connection) as captured:
        by_seek = pages()
    assert by_seek == by_offset
    assert by_offset[-1][-1]["rank"] == 29
    assert any("OFFSET" in q["sql"] and "JOIN" not in q["sql"] for q in captured.captured_queries)


def test_it_hides_draft_seasons(owner: Any, api_as: Any) -> None:
    draft = SeasonFactory(status=Season.Status.DRAFT)
    assert api_as(owner).get(url(f"seasons/{draft.pk}/rankings/")).status_code == 404
    assert api_as(owner).get(url("seasons/")).json() == []


def test_it_shows_the_current_season(season: Season, owner: Any, api_as: Any) -> None:
    body = api_as(owner).get(url("seasons/current/")).json()
    assert body["id"] == season.pk
    assert body["rules"]["stake_cents"] == 200


def _settle(rnd: Round, winner: int, cents: int = 400) -> None:
    """Settle with `winner` first (win `cents`, place 1.50), committing like production."""
    Race.objects.filter(pk=rnd.race_id).update(status=Race.Status.OFFICIAL, result_version=1)
    DividendFactory(race=rnd.race, kind="win", number=winner, cents=cents)
    DividendFactory(race=rnd.race, kind="place", number=winner, cents=150)
    lock(rnd)
    with TestCase.captureOnCommitCallbacks(execute=True):
        round_settle(round_id=rnd.pk)


def test_it_serves_weekly_tables_and_rank_history(
    season: Season, owner: Any, member: Any, outsider: Any, api_as: Any
) -> None:
    first, second = RoundFactory(season=season), RoundFactory(season=season)
    for player, pick in ((owner, 1), (member, 2), (outsider, 3)):
        PickFactory(round=first, player=player, win=pick, place=pick)
    for player, pick in ((owner, 3), (member, 2)):
        PickFactory(round=second, player=player, win=pick, place=pick)
    _settle(first, winner=1)
    _settle(second, winner=2)

    weekly = api_as(outsider).get(url(f"rounds/{second.pk}/rankings/")).json()
    assert [(r["display_name"], r["rank"], r["points"]) for r in weekly["results"]] == [
        ("Bob", 1, 1100),
        ("Alice", 2, 0),
    ]
    assert weekly["me"] is None
    history = api_as(owner).get(url(f"seasons/{season.pk}/history/")).json()
    assert [(h["number"], h["rank"], h["season_rank"]) for h in history] == [
        (first.number, 1, 1),
        (second.number, 2, 1),
    ]
    theirs = api_as(owner).get(url(f"seasons/{season.pk}/history/"), {"player": member.pk}).json()
    # Level with Alice after round 2 on points, wins and best: they share the lead.
    assert [h["season_rank"] for h in theirs] == [2, 1]


def test_it_serves_the_cached_table_until_a_settlement(
    season: Season, owner: Any, member: Any, api_as: Any
) -> None:
    first, second = RoundFactory(season=season), RoundFactory(season=season)
    PickFactory(round=first, player=owner, win=1, place=1)
    PickFactory(round=first, player=member, win=2, place=2)
    _settle(first, winner=1)
    path = url(f"seasons/{season.pk}/rankings/")
    assert api_as(owner).get(path).json()["results"][0]["display_name"] == "Alice"

    # Written behind the cache's back: the cached page does not see it...
    Standing.objects.filter(player=owner).update(points=1)
    assert api_as(member).get(path).json()["results"][0]["points"] == 1100

    # ...a settlement retires the cached tables.
    PickFactory(round=second, player=member, win=2, place=2)
    _settle(second, winner=2, cents=900)
    top = api_as(member).get(path).json()["results"][0]
    assert (top["display_name"], top["points"]) == ("Bob", 1800 + 300)


def test_it_refuses_anonymous_players_the_tables(season: Season, api: Any) -> None:
    rnd = RoundFactory(season=season, settled=True)
    for path in (
        "seasons/",
        "seasons/current/",
        f"seasons/{season.pk}/rankings/",
        f"seasons/{season.pk}/rankings/search/?q=ab",
        f"seasons/{season.pk}/history/",
        f"rounds/{rnd.pk}/rankings/",
    ):
        assert api.get(url(path)).status_code in (401, 403), path


def test_it_serves_cached_rows_with_exactly_the_documented_fields(
    season: Season, api_as: Any
) -> None:
    players = ladder(season, 3)
    client = api_as(players[1])
    path = url(f"seasons/{season.pk}/rankings/")
    for _ in range(2):  # cold, then warm from the cache
        body = client.get(path).json()
        expected = set(SeasonRowOutput().fields)
        assert all(set(row) == expected for row in body["results"])
        assert set(body["me"]) == expected
        assert body["results"] == [SeasonRowOutput(row).data for row in body["results"]]


def test_no_client_can_grow_the_cache_beyond_the_usual_pages(
    season: Season, owner: Any, api_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ladder(season, 30)
    path = url(f"seasons/{season.pk}/rankings/")
    client = api_as(owner)
    keys: set[str] = set()
    real_cached = selectors.cached

    def recording(key: str, compute: Any, timeout: int | None = None) -> Any:
        keys.add(key)
        return real_cached(key, compute, timeout)

    monkeypatch.setattr(selectors, "cached", recording)
    for size in range(1, 60):
        for page in (1, 2, 3):
            response = client.get(path, {"page": page, "page_size": size})
            assert response.status_code in (200, 404)
    row_keys = sorted(k.rsplit(":rows:", 1)[1] for k in keys if ":rows:" in k)
    assert row_keys, "the usual pages are cached"
    assert len(row_keys) <= 116
    for key in row_keys:
        start, stop = map(int, key.split(":"))
        if stop == 30:  # the last page, cut short by the paginator
            assert start % 25 == 0, key
        else:
            assert stop - start in selectors.CACHED_PAGE_SIZES, key
            assert start % (stop - start) == 0, key
    # Beyond the cached pages, a page is still served, from PostgreSQL.
    odd = client.get(path, {"page": 2, "page_size": 7}).json()
    assert [row["rank"] for row in odd["results"]] == [8, 9, 10, 10, 12, 13, 14]
