"""Seasons and their rankings: the season table with my row and the rows around me, the
weekly tables, a player's rank history and the search by name."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.errors import not_found
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_body
from backend.game import selectors

from .base import SeasonOutput

# --- output serializers ----------------------------------------------------------------------


class SeasonRowOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    previous_rank = serializers.IntegerField(allow_null=True, help_text="Before the latest round.")
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    points = serializers.IntegerField(help_text="Cents: 1180 is shown 11.80.")
    wins = serializers.IntegerField()
    best = serializers.IntegerField()
    rounds_played = serializers.IntegerField()


class SeasonTableOutput(serializers.Serializer[Any]):
    """A page of the season's table (the common list shape), my row and the rows around it."""

    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SeasonRowOutput(many=True)
    me = SeasonRowOutput(allow_null=True)
    around_me = SeasonRowOutput(many=True)


class WeeklyRowOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    points = serializers.IntegerField()
    season_points = serializers.IntegerField()
    season_rank = serializers.IntegerField(allow_null=True)


class WeeklyTableOutput(serializers.Serializer[Any]):
    """A page of a round's table (the common list shape), my row and the rows around it."""

    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = WeeklyRowOutput(many=True)
    me = WeeklyRowOutput(allow_null=True)
    around_me = WeeklyRowOutput(many=True)


class HistoryPointOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField(source="round_id")
    number = serializers.IntegerField(source="round__number")
    points = serializers.IntegerField()
    rank = serializers.IntegerField(help_text="Rank in that round.")
    season_points = serializers.IntegerField()
    season_rank = serializers.IntegerField(allow_null=True, help_text="Season rank after it.")


# --- input serializers -----------------------------------------------------------------------


class SearchInput(JsonInput):
    q = serializers.CharField(
        min_length=2, max_length=40, help_text="The start of a display name (2 to 40 characters)."
    )


class HistoryInput(JsonInput):
    player = serializers.IntegerField(
        min_value=1, required=False, help_text="A player's id; default: yours."
    )


def table_body(
    request: Request,
    view: APIView,
    table: selectors.Table,
    row: type[serializers.Serializer[Any]],
) -> dict[str, Any]:
    """A ranking table as its output serializer documents it: the requested page, `me`
    and `around_me`.

    The page's rows come from the cache already in their serialized form (the selector
    builds each row with exactly the row serializer's fields: a test holds them equal), so
    a warm page costs no serialization; only the player's own rows go through `row`.
    """
    paginator, results = page(request, view, table.rows)
    return {
        **paged_body(paginator, results),
        "me": row(table.me).data if table.me else None,
        "around_me": row(table.around_me, many=True).data,
    }


# --- views -----------------------------------------------------------------------------------


class SeasonsApi(APIView):
    """Seasons players can see (active and finished), latest first."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=SeasonOutput(many=True), operation_id="game_seasons_list")
    def get(self, request: Request) -> Response:
        return Response(SeasonOutput(selectors.seasons_visible(), many=True).data)


class CurrentSeasonApi(APIView):
    """The active season."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={200: SeasonOutput, **error_responses(s404="No season is running.")},
        operation_id="game_season_current",
    )
    def get(self, request: Request) -> Response:
        season = selectors.season_current()
        if season is None:
            raise not_found(_("No such running season."))
        return Response(SeasonOutput(season).data)


class SeasonTableApi(APIView):
    """The season's global table (paged), my row and the rows around me."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=SeasonTableOutput,
        operation_id="game_season_rankings",
    )
    def get(self, request: Request, season_id: int) -> Response:
        season = selectors.season_get(season_id=season_id)
        table = selectors.season_table(season=season, player=request_user(request))
        return Response(table_body(request, self, table, SeasonRowOutput))


class WeeklyTableApi(APIView):
    """One settled round's table (paged), with my row and the rows around it."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={
            200: WeeklyTableOutput,
            **error_responses(s409="The round is not settled yet."),
        },
        operation_id="game_round_rankings",
    )
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        table = selectors.weekly_table(rnd=rnd, player=request_user(request))
        return Response(table_body(request, self, table, WeeklyRowOutput))


class SeasonSearchApi(APIView):
    """Players of the season's table by display name (prefix, case-insensitive)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[SearchInput],
        responses=SeasonRowOutput(many=True),
        operation_id="game_season_rankings_search",
    )
    def get(self, request: Request, season_id: int) -> Response:
        query = query_valid(SearchInput, request)["q"]
        season = selectors.season_get(season_id=season_id)
        rows = selectors.table_search(season=season, query=query)
        return Response(SeasonRowOutput(rows, many=True).data)


class RankHistoryApi(APIView):
    """A player's rank over the season, round by round (mine unless `player` is given)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[HistoryInput],
        responses=HistoryPointOutput(many=True),
        operation_id="game_season_rank_history",
    )
    def get(self, request: Request, season_id: int) -> Response:
        player_id = query_valid(HistoryInput, request).get("player", request_user(request).pk)
        season = selectors.season_get(season_id=season_id)
        rows = selectors.rank_history(season=season, player_id=player_id)
        return Response(HistoryPointOutput(rows, many=True).data)
