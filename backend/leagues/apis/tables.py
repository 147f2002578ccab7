"""League tables: the season table and one round as the league sees it.

Both answer their context (the league, the season or round) beside the one list shape,
`{count, next, previous, results}`. A page may hold as many rows as a league may have
members, so a client asking `page_size` at that cap gets the whole table at once.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, page_size_parameter, paged_body
from backend.community.selectors import badges_for_players
from backend.leagues.conf import limits
from backend.leagues.models import Membership
from backend.leagues.tables import (
    league_round_table,
    league_table,
    round_for_table,
    season_for_table,
)

from .base import HIDDEN, LEAGUE_ID, TAGS, LeagueApi, LeagueOutput

TABLE_PAGE_PARAMETERS = [
    *(parameter for parameter in PAGE_PARAMETERS if parameter.name != "page_size"),
    page_size_parameter(
        limits().max_members_per_league,
        "Rows per page, at most the league member cap (1,000 unless configured otherwise): "
        "asked at the cap, page 1 holds the whole table.",
    ),
]


class LeagueBadgesOutput(serializers.Serializer[Any]):
    """A member's community badges, counted by tier."""

    gold = serializers.IntegerField()
    silver = serializers.IntegerField()
    bronze = serializers.IntegerField()
    slugs = serializers.ListField(
        child=serializers.CharField(), help_text="Badge slugs held, best tier first."
    )


class LeagueSeasonOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()


class LeagueRoundRefOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    locks_at = serializers.DateTimeField()
    race_name = serializers.CharField(source="race.name")


class LeagueTableRowOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    rank = serializers.IntegerField(help_text="Rank in the league (1, 2, 2, 4 on ties).")
    previous_rank = serializers.IntegerField(
        allow_null=True, help_text="League rank before the last settled round."
    )
    movement = serializers.IntegerField(
        allow_null=True,
        help_text="previous_rank - rank: positive moved up. Null until two settled rounds.",
    )
    points = serializers.IntegerField(help_text="Season points, in cents (1180 = 11.80).")
    wins = serializers.IntegerField(help_text="Winning win-selections.")
    best = serializers.IntegerField(help_text="Best single-round points.")
    rounds_played = serializers.IntegerField()
    global_rank = serializers.IntegerField(
        allow_null=True, help_text="Rank in the global season table; null before playing."
    )
    badges = serializers.SerializerMethodField(help_text="The member's community badges.")

    @extend_schema_field(LeagueBadgesOutput)
    def get_badges(self, row: Any) -> dict[str, Any]:
        summaries = self.context.get("badges", {})
        return summaries.get(row.player_id) or {"gold": 0, "silver": 0, "bronze": 0, "slugs": []}


class LeagueTableOutput(serializers.Serializer[Any]):
    league = LeagueOutput()
    season = LeagueSeasonOutput(allow_null=True)
    last_round = LeagueRoundRefOutput(allow_null=True, help_text="The last settled round.")
    count = serializers.IntegerField(help_text="Members in the table.")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = LeagueTableRowOutput(many=True)


class LeaguePickOutput(serializers.Serializer[Any]):
    win = serializers.IntegerField(help_text="Saddle number.")
    win_name = serializers.CharField()
    place = serializers.IntegerField()
    place_name = serializers.CharField()
    alternate = serializers.IntegerField(allow_null=True)
    alternate_name = serializers.CharField(allow_null=True)


class LeagueScoreOutput(serializers.Serializer[Any]):
    points = serializers.IntegerField()
    win_points = serializers.IntegerField()
    place_points = serializers.IntegerField()
    win_hit = serializers.BooleanField()
    place_hit = serializers.BooleanField()
    win_runner = serializers.IntegerField(help_text="After non-runner substitution.")
    place_runner = serializers.IntegerField(help_text="After non-runner substitution.")


class LeagueRoundRowOutput(serializers.Serializer[Any]):
    player_id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    has_picked = serializers.BooleanField()
    pick = LeaguePickOutput(allow_null=True, help_text="Null before the lock (except your own).")
    score = LeagueScoreOutput(allow_null=True, help_text="Null until the round is settled.")
    rank = serializers.IntegerField(allow_null=True, help_text="League rank in this round.")
    global_rank = serializers.IntegerField(allow_null=True, help_text="Global weekly rank.")


class LeagueRoundTableOutput(serializers.Serializer[Any]):
    league = LeagueOutput()
    round = LeagueRoundRefOutput()
    locked = serializers.BooleanField()
    settled = serializers.BooleanField()
    count = serializers.IntegerField(help_text="Members in the table.")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = LeagueRoundRowOutput(many=True)


class LeagueTableQuery(JsonInput):
    season = serializers.IntegerField(required=False, min_value=1)


class LeagueTableApi(LeagueApi):
    """The league's season table, cumulative: late joiners count their whole season."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_table",
        parameters=[
            LEAGUE_ID,
            OpenApiParameter(
                "season", OpenApiTypes.INT, description="A season id; default: the current one."
            ),
            *TABLE_PAGE_PARAMETERS,
        ],
        responses={200: LeagueTableOutput, **error_responses(s404=HIDDEN)},
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        query = query_valid(LeagueTableQuery, request)
        season = season_for_table(season_id=query.get("season"))
        table = league_table(league=league, season=season)
        paginator, rows = page(
            request, self, table.rows, max_page_size=limits().max_members_per_league
        )
        badges = badges_for_players(row.player_id for row in rows)
        body = {
            "league": table.league,
            "season": table.season,
            "last_round": table.last_round,
            **paged_body(paginator, rows),
        }
        return Response(LeagueTableOutput(body, context={"badges": badges}).data)


class LeagueRoundApi(LeagueApi):
    """One round seen by the league: who picked (then what, after the lock), and points."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_round",
        parameters=[LEAGUE_ID, *TABLE_PAGE_PARAMETERS],
        responses={200: LeagueRoundTableOutput, **error_responses(s404=HIDDEN)},
    )
    def get(self, request: Request, public_id: str, round_id: int) -> Response:
        league, _ = self.league(request, public_id)
        game_round = round_for_table(round_id=round_id)
        table = league_round_table(
            league=league, game_round=game_round, viewer=request_user(request)
        )
        paginator, rows = page(
            request, self, table.rows, max_page_size=limits().max_members_per_league
        )
        body = {
            "league": table.league,
            "round": table.round,
            "locked": table.locked,
            "settled": table.settled,
            **paged_body(paginator, rows),
        }
        return Response(LeagueRoundTableOutput(body).data)
