"""Members: join a public league, leave, the member list, roles and removals."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.leagues.models import Membership
from backend.leagues.selectors import league_get_visible, league_members
from backend.leagues.services import (
    membership_join_public,
    membership_leave,
    membership_remove,
    membership_set_role,
)

from .base import HIDDEN, LEAGUE_ID, ROLE, STATE, TAGS, LeagueApi, LeagueOutput, LeaguePlayerOutput


class LeagueMembershipOutput(serializers.Serializer[Any]):
    player = LeaguePlayerOutput()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    joined_at = serializers.DateTimeField()


class LeagueJoinOutput(serializers.Serializer[Any]):
    league = LeagueOutput()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    joined_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="False when you were already a member.")


# The roles a role change may give: the owner changes only by a transfer, so the schema
# does not offer "owner" here (a request naming it is refused as invalid input).
ASSIGNABLE_ROLES = [
    (role.value, role.label) for role in (Membership.Role.MANAGER, Membership.Role.MEMBER)
]


class LeagueRoleInput(JsonInput):
    role = serializers.ChoiceField(
        choices=ASSIGNABLE_ROLES,
        help_text="manager or member (the owner changes only by a transfer).",
    )


def join_response(request: Request, membership: Membership, created: bool) -> Response:
    """201 with the league as the new member sees it, 200 when they already were one."""
    league, _ = league_get_visible(
        public_id=membership.league.public_id, user=request_user(request)
    )
    body = LeagueJoinOutput(
        {
            "league": league,
            "role": membership.role,
            "joined_at": membership.joined_at,
            "created": created,
        }
    ).data
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class LeagueJoinPublicApi(LeagueApi):
    """Join a public league from the directory (a private one needs an invitation)."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_join_public",
        parameters=[LEAGUE_ID],
        request=None,
        responses={
            201: LeagueJoinOutput,
            200: LeagueJoinOutput,
            **error_responses(s404=HIDDEN, s409=STATE),
        },
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        membership, created = membership_join_public(league=league, player=request_user(request))
        return join_response(request, membership, created)


class LeagueLeaveApi(LeagueApi):
    """Leave a league. The owner must transfer it first (or delete it)."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_leave",
        parameters=[LEAGUE_ID],
        request=None,
        responses={204: None, **error_responses(s404=HIDDEN, s409=STATE)},
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        membership_leave(league=league, player=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeagueMembersApi(LeagueApi):
    """The league's members, in the order they joined."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_members",
        parameters=[LEAGUE_ID, *PAGE_PARAMETERS],
        responses={
            200: paginated(LeagueMembershipOutput, name="PaginatedLeagueMembershipOutputList"),
            **error_responses(s404=HIDDEN),
        },
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        paginator, members = page(request, self, league_members(league=league))
        return paged_response(paginator, LeagueMembershipOutput(members, many=True).data)


class LeagueMemberApi(LeagueApi):
    """The owner changes a member's role; owner and managers remove a member."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_member_role",
        parameters=[LEAGUE_ID],
        request=LeagueRoleInput,
        responses={200: LeagueMembershipOutput, **error_responses(400, s403=ROLE, s404=HIDDEN)},
    )
    def patch(self, request: Request, public_id: str, player_id: int) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueRoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = membership_set_role(
            league=league,
            actor=request_user(request),
            player_id=player_id,
            role=data.validated_data["role"],
        )
        return Response(LeagueMembershipOutput(membership).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_member_remove",
        parameters=[LEAGUE_ID],
        responses={204: None, **error_responses(s403=ROLE, s404=HIDDEN)},
    )
    def delete(self, request: Request, public_id: str, player_id: int) -> Response:
        league, _ = self.league(request, public_id)
        membership_remove(league=league, actor=request_user(request), player_id=player_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
