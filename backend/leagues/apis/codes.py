"""Invite links: the link members share, the codes behind it, and the join page's calls.

A join link carries an invite code or an email invitation's token; `JoinApi` serves both.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.common.inputs import JsonInput
from backend.common.openapi import error_responses
from backend.leagues.models import InviteCode
from backend.leagues.selectors import (
    invite_code_current,
    invite_codes_active,
    invite_link,
    invite_preview,
    share_targets,
)
from backend.leagues.services import (
    invite_code_create,
    invite_code_regenerate,
    invite_code_revoke,
    membership_join_with_code,
)
from backend.leagues.throttles import WrongCodeThrottle

from .base import HIDDEN, LEAGUE_ID, ROLE, STATE, TAGS, LeagueApi, require_manager
from .members import LeagueJoinOutput, join_response

INVALID_CODE = "Unknown, revoked, expired or used-up code: always the same body."
THROTTLED = "Too many wrong codes from this client; see Retry-After."
# The largest use limit the column stores (a positive 32-bit integer): stated, so a larger
# one is a 400 naming the field rather than a database error.
MAX_USES = 2**31 - 1


class InviteShareOutput(serializers.Serializer[Any]):
    link = serializers.CharField(help_text="The join link to copy.")
    whatsapp = serializers.CharField()
    telegram = serializers.CharField()
    facebook = serializers.CharField()
    x = serializers.CharField(help_text="X (Twitter).")
    email = serializers.CharField(help_text="A mailto: link.")
    sms = serializers.CharField(help_text="An sms: link.")


class LeagueInviteCodeOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    share = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    max_uses = serializers.IntegerField(allow_null=True)
    uses = serializers.IntegerField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    is_usable = serializers.SerializerMethodField()

    @extend_schema_field(InviteShareOutput)
    def get_share(self, obj: InviteCode) -> dict[str, str]:
        link = invite_link(obj.code)
        language = getattr(self.context["request"].user, "language", "en")
        targets = share_targets(link=link, league_name=obj.league.name, language=language)
        return {"link": link, **targets}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_usable(self, obj: InviteCode) -> bool:
        return obj.is_usable()


class LeagueInviteCodeInput(JsonInput):
    expires_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="A moment in the future (400 `invalid_expiry` otherwise); null: never.",
    )
    max_uses = serializers.IntegerField(
        min_value=1, max_value=MAX_USES, required=False, allow_null=True
    )


class LeagueInvitePreviewOutput(serializers.Serializer[Any]):
    id = serializers.CharField(source="public_id")
    name = serializers.CharField()
    description = serializers.CharField()
    owner_name = serializers.CharField()
    member_count = serializers.IntegerField()
    is_full = serializers.BooleanField()
    is_member = serializers.BooleanField(help_text="Always false when not signed in.")
    requires_login = serializers.BooleanField(help_text="Sign in (or sign up) before joining.")


def _code_response(request: Request, code: InviteCode, status_code: int = 200) -> Response:
    return Response(LeagueInviteCodeOutput(code, context={"request": request}).data, status_code)


class LeagueInviteApi(LeagueApi):
    """The league's current invite link with share URLs, for any member to pass on."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invite",
        parameters=[LEAGUE_ID],
        responses={
            200: LeagueInviteCodeOutput,
            **error_responses(s403=ROLE, s404="No league, or no usable code."),
        },
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        if membership is None:
            raise ApplicationError(
                _("Only members can share the league's invitation."),
                code="permission_denied",
                status_code=403,
            )
        code = invite_code_current(league=league)
        if code is None:
            raise ApplicationError(
                _("The league has no active invite code; a manager can create one."),
                code="no_invite_code",
                status_code=404,
            )
        return _code_response(request, code)


class InviteCodeListApi(LeagueApi):
    """Owner and managers: the league's usable codes; add one (optionally expiring or
    limited in uses)."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_list",
        parameters=[LEAGUE_ID],
        responses={
            200: LeagueInviteCodeOutput(many=True),
            **error_responses(s403=ROLE, s404=HIDDEN),
        },
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        require_manager(membership)
        codes = invite_codes_active(league=league)
        return Response(LeagueInviteCodeOutput(codes, many=True, context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_create",
        parameters=[LEAGUE_ID],
        request=LeagueInviteCodeInput,
        responses={201: LeagueInviteCodeOutput, **error_responses(400, s403=ROLE, s404=HIDDEN)},
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        require_manager(membership)  # the role before the body: a member hears 403 first
        data = LeagueInviteCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        code = invite_code_create(league=league, actor=request_user(request), **data.validated_data)
        return _code_response(request, code, status.HTTP_201_CREATED)


class InviteCodeRegenerateApi(LeagueApi):
    """Owner and managers: revoke every code and issue a fresh one."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_regenerate",
        parameters=[LEAGUE_ID],
        request=LeagueInviteCodeInput,
        responses={201: LeagueInviteCodeOutput, **error_responses(400, s403=ROLE, s404=HIDDEN)},
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        require_manager(membership)  # the role before the body: a member hears 403 first
        data = LeagueInviteCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        code = invite_code_regenerate(
            league=league, actor=request_user(request), **data.validated_data
        )
        return _code_response(request, code, status.HTTP_201_CREATED)


class InviteCodeApi(LeagueApi):
    """Owner and managers: revoke one code (kept, marked revoked)."""

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_revoke",
        parameters=[LEAGUE_ID],
        responses={204: None, **error_responses(s403=ROLE, s404=HIDDEN)},
    )
    def delete(self, request: Request, public_id: str, code_id: int) -> Response:
        league, _membership = self.league(request, public_id)
        invite_code_revoke(league=league, actor=request_user(request), code_id=code_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class JoinApi(APIView):
    """A join link's page: preview the league (no sign-in needed), then join it.

    The web app's /leagues/join/<code> page calls GET to show the league, sends a visitor
    without an account through sign-up, then calls POST. Wrong codes are counted per
    client; too many answer 429 with Retry-After.
    """

    throttle_classes = (*APIView.throttle_classes, WrongCodeThrottle)
    throttle_scope = "league_join"

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def get_throttles(self) -> list[BaseThrottle]:
        # Kept: the instance that took the request's try is told how the request ended.
        if not hasattr(self, "_throttles"):
            self._throttles = super().get_throttles()
        return self._throttles

    def wrong_code_throttles(self) -> list[WrongCodeThrottle]:
        return [t for t in self.get_throttles() if isinstance(t, WrongCodeThrottle)]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ApplicationError) and exc.code == "invalid_invite":
            for throttle in self.wrong_code_throttles():
                throttle.record_failure()
        return super().handle_exception(exc)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # However the request ends (a right code, a refusal, an error), only a wrong code
        # keeps its try counted.
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            for throttle in self.wrong_code_throttles():
                throttle.release()

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_join_preview",
        responses={
            200: LeagueInvitePreviewOutput,
            **error_responses(s404=INVALID_CODE, s429=THROTTLED),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        user = request.user if request.user.is_authenticated else None
        preview = invite_preview(code=code, user=user if isinstance(user, User) else None)
        body = {**asdict(preview), "requires_login": user is None}
        return Response(LeagueInvitePreviewOutput(body).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_join",
        request=None,
        responses={
            201: LeagueJoinOutput,
            200: LeagueJoinOutput,
            **error_responses(s404=INVALID_CODE, s409=STATE, s429=THROTTLED),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        membership, created = membership_join_with_code(code=code, player=request_user(request))
        return join_response(request, membership, created)
