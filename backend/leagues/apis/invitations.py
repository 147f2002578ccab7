"""Email invitations: owner and managers invite an address, list and revoke pending ones."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput
from backend.common.openapi import error_responses
from backend.leagues.selectors import email_invitations_pending
from backend.leagues.services import email_invitation_create, email_invitation_revoke

from .base import (
    HIDDEN,
    LEAGUE_ID,
    ROLE,
    STATE,
    TAGS,
    LeagueApi,
    LeaguePlayerOutput,
    require_manager,
)


class LeagueEmailInvitationInput(JsonInput):
    email = serializers.EmailField()
    language = serializers.ChoiceField(
        choices=[("en", "English"), ("fr", "Français")],
        required=False,
        help_text="The email's language; default: the invitee's if they play, else yours.",
    )


class LeagueEmailInvitationOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    invited_by = LeaguePlayerOutput(allow_null=True)
    language = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class EmailInvitationListApi(LeagueApi):
    """Owner and managers: pending email invitations; invite an address by email."""

    throttle_scope = "league_invite"

    def get_throttles(self) -> list[BaseThrottle]:
        # Sending has a limit of its own, beside the general ones.
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(ScopedRateThrottle())
        return throttles

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invitations_list",
        parameters=[LEAGUE_ID],
        responses={
            200: LeagueEmailInvitationOutput(many=True),
            **error_responses(s403=ROLE, s404=HIDDEN),
        },
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        require_manager(membership)
        invitations = email_invitations_pending(league=league)
        return Response(LeagueEmailInvitationOutput(invitations, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invitations_create",
        parameters=[LEAGUE_ID],
        request=LeagueEmailInvitationInput,
        responses={
            201: LeagueEmailInvitationOutput,
            **error_responses(400, s403=ROLE, s404=HIDDEN, s409=STATE),
        },
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        require_manager(membership)  # the role before the body: a member hears 403 first
        data = LeagueEmailInvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = email_invitation_create(
            league=league, actor=request_user(request), **data.validated_data
        )
        return Response(
            LeagueEmailInvitationOutput(invitation).data, status=status.HTTP_201_CREATED
        )


class EmailInvitationApi(LeagueApi):
    """Owner and managers: revoke a pending email invitation."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invitations_revoke",
        parameters=[LEAGUE_ID],
        responses={204: None, **error_responses(s403=ROLE, s404=HIDDEN)},
    )
    def delete(self, request: Request, public_id: str, invitation_id: int) -> Response:
        league, _ = self.league(request, public_id)
        email_invitation_revoke(
            league=league, actor=request_user(request), invitation_id=invitation_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
