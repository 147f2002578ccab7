"""Leagues themselves: mine, the public directory; create, read, edit, delete, transfer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.leagues.models import League
from backend.leagues.selectors import league_directory, leagues_of_player
from backend.leagues.services import league_create, league_delete, league_transfer, league_update

from .base import HIDDEN, LEAGUE_ID, ROLE, STATE, TAGS, LeagueApi, LeagueOutput

LEAGUE_PAGE = paginated(LeagueOutput, name="PaginatedLeagueOutputList")


NAME_TAKEN = "`name_confusable`: a public league's name looks the same as this one."
NAME_HELP = (
    "At most 60 characters once stored in normal form (NFKC, spaces collapsed). A name "
    "holding a control, format, private-use or unassigned character is refused (400 "
    "`invalid_name`); a public league's name that looks like another's, 409."
)
LIMIT_HELP = (
    "At most PADDOCK_LEAGUES' MAX_MEMBERS_PER_LEAGUE (1000 unless set), and not below the "
    "league's member count; null for that cap (400 `invalid_member_limit` otherwise)."
)


class LeagueCreateInput(JsonInput):
    name = serializers.CharField(max_length=60, help_text=NAME_HELP)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=League.Visibility.choices, required=False)
    member_limit = serializers.IntegerField(
        min_value=2, required=False, allow_null=True, help_text=LIMIT_HELP
    )


class LeagueUpdateInput(JsonInput):
    name = serializers.CharField(max_length=60, required=False, help_text=NAME_HELP)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=League.Visibility.choices, required=False)
    member_limit = serializers.IntegerField(
        min_value=2, required=False, allow_null=True, help_text=LIMIT_HELP
    )


class LeagueTransferInput(JsonInput):
    player_id = serializers.IntegerField(help_text="The member who becomes the owner.")


class LeagueListApi(LeagueApi):
    """The leagues you belong to; create a league."""

    @extend_schema(
        tags=TAGS, operation_id="leagues_mine", parameters=PAGE_PARAMETERS, responses=LEAGUE_PAGE
    )
    def get(self, request: Request) -> Response:
        paginator, leagues = page(request, self, leagues_of_player(player=request_user(request)))
        return paged_response(paginator, LeagueOutput(leagues, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_create",
        request=LeagueCreateInput,
        responses={201: LeagueOutput, **error_responses(400, s409=f"{STATE} {NAME_TAKEN}")},
    )
    def post(self, request: Request) -> Response:
        data = LeagueCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        league = league_create(owner=request_user(request), **data.validated_data)
        return Response(self.league_body(request, league.public_id), status=status.HTTP_201_CREATED)


class DirectoryQuery(JsonInput):
    search = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=60,
        help_text="Part of the league's name (at most 60 characters).",
    )


class LeagueDirectoryApi(APIView):
    """Public leagues anyone signed in can see and join, the busiest first."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_directory",
        parameters=[DirectoryQuery, *PAGE_PARAMETERS],
        responses=LEAGUE_PAGE,
    )
    def get(self, request: Request) -> Response:
        search = query_valid(DirectoryQuery, request)["search"]
        leagues = league_directory(user=request_user(request), search=search)
        paginator, rows = page(request, self, leagues)
        return paged_response(paginator, LeagueOutput(rows, many=True).data)


class LeagueDetailApi(LeagueApi):
    """One league: read (members, or anyone for a public one), edit, delete."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_retrieve",
        parameters=[LEAGUE_ID],
        responses={200: LeagueOutput, **error_responses(s404=HIDDEN)},
    )
    def get(self, request: Request, public_id: str) -> Response:
        return Response(self.league_body(request, public_id))

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_update",
        parameters=[LEAGUE_ID],
        request=LeagueUpdateInput,
        responses={
            200: LeagueOutput,
            **error_responses(400, s403=ROLE, s404=HIDDEN, s409=NAME_TAKEN),
        },
    )
    def patch(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        league_update(league=league, actor=request_user(request), data=dict(data.validated_data))
        return Response(self.league_body(request, public_id))

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_delete",
        parameters=[LEAGUE_ID],
        responses={204: None, **error_responses(s403=ROLE, s404=HIDDEN)},
    )
    def delete(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        league_delete(league=league, actor=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeagueTransferApi(LeagueApi):
    """The owner hands the league to a member, and becomes a manager."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_transfer",
        parameters=[LEAGUE_ID],
        request=LeagueTransferInput,
        responses={
            200: LeagueOutput,
            **error_responses(400, s403=ROLE, s404=HIDDEN, s409=NAME_TAKEN),
        },
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueTransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        league_transfer(
            league=league, actor=request_user(request), player_id=data.validated_data["player_id"]
        )
        return Response(self.league_body(request, public_id))
