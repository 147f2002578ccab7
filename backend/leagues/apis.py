"""Thin DRF views for friend leagues: input serializer -> service -> output serializer.

League URLs use the league's random public id. Every view resolves the league through
`league_get_visible`, so an outsider gets the same 404 for a private league as for none.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.common.auth import request_user
from backend.common.errors import ApplicationError
from backend.community.apis import BadgeSummaryOutput
from backend.community.selectors import badges_for_players

from .models import InviteCode, League, Membership
from .selectors import (
    email_invitations_pending,
    invite_code_current,
    invite_codes_active,
    invite_link,
    invite_preview,
    league_directory,
    league_get_visible,
    league_members,
    leagues_of_player,
    share_targets,
)
from .services import (
    email_invitation_create,
    email_invitation_revoke,
    invite_code_create,
    invite_code_regenerate,
    invite_code_revoke,
    league_create,
    league_delete,
    league_transfer,
    league_update,
    membership_join_public,
    membership_join_with_code,
    membership_leave,
    membership_remove,
    membership_set_role,
)
from .tables import league_round_table, league_table, round_for_table, season_for_table
from .throttles import WrongCodeThrottle

TAGS = ["leagues"]


# --- Serializers ------------------------------------------------------------------------


class LeagueErrorOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField()


class LeaguePlayerOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, obj: User) -> str:
        return obj.public_name


class LeagueOutput(serializers.Serializer[Any]):
    id = serializers.CharField(source="public_id", help_text="The league's public id.")
    name = serializers.CharField()
    description = serializers.CharField()
    visibility = serializers.ChoiceField(choices=League.Visibility.choices)
    member_limit = serializers.IntegerField(allow_null=True)
    max_members = serializers.IntegerField(help_text="The member limit in force.")
    member_count = serializers.IntegerField()
    owner = LeaguePlayerOutput()
    # A plain string (owner, manager or member): one enum per choice set in the schema.
    my_role = serializers.CharField(
        allow_null=True,
        default=None,
        help_text="Your role (owner, manager or member), or null when you are not a member.",
    )
    created_at = serializers.DateTimeField()


class LeagueCreateInput(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=League.Visibility.choices, required=False)
    member_limit = serializers.IntegerField(min_value=2, required=False, allow_null=True)


class LeagueUpdateInput(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=60, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=League.Visibility.choices, required=False)
    member_limit = serializers.IntegerField(min_value=2, required=False, allow_null=True)


class LeagueMembershipOutput(serializers.Serializer[Any]):
    player = LeaguePlayerOutput()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    joined_at = serializers.DateTimeField()


class LeagueJoinOutput(serializers.Serializer[Any]):
    league = LeagueOutput()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    joined_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="False when you were already a member.")


class LeagueTransferInput(serializers.Serializer[dict[str, Any]]):
    player_id = serializers.IntegerField(help_text="The member who becomes the owner.")


class LeagueRoleInput(serializers.Serializer[dict[str, Any]]):
    role = serializers.ChoiceField(
        choices=Membership.Role.choices,
        help_text="manager or member (the owner changes only by a transfer).",
    )


class InviteShareOutput(serializers.Serializer[Any]):
    link = serializers.CharField(help_text="The join link to copy.")
    whatsapp = serializers.CharField()
    telegram = serializers.CharField()
    facebook = serializers.CharField()
    x = serializers.CharField(help_text="X (Twitter).")
    email = serializers.CharField(help_text="A mailto: link.")
    sms = serializers.CharField(help_text="An sms: link.")


def _share(request: Request, code: str, league_name: str) -> dict[str, str]:
    link = invite_link(code)
    language = getattr(request.user, "language", "en")
    return {"link": link, **share_targets(link=link, league_name=league_name, language=language)}


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
        return _share(self.context["request"], obj.code, obj.league.name)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_usable(self, obj: InviteCode) -> bool:
        return obj.is_usable()


class LeagueInviteCodeInput(serializers.Serializer[dict[str, Any]]):
    expires_at = serializers.DateTimeField(required=False, allow_null=True)
    max_uses = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class LeagueEmailInvitationInput(serializers.Serializer[dict[str, Any]]):
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


class LeagueInvitePreviewOutput(serializers.Serializer[Any]):
    id = serializers.CharField(source="public_id")
    name = serializers.CharField()
    description = serializers.CharField()
    owner_name = serializers.CharField()
    member_count = serializers.IntegerField()
    is_full = serializers.BooleanField()
    is_member = serializers.BooleanField(help_text="Always false when not signed in.")
    requires_login = serializers.BooleanField(help_text="Sign in (or sign up) before joining.")


NOT_FOUND = OpenApiResponse(
    LeagueErrorOutput, description="Unknown league, or private and not yours."
)
FORBIDDEN = OpenApiResponse(LeagueErrorOutput, description="Your role does not allow it.")
CONFLICT = OpenApiResponse(LeagueErrorOutput, description="The league's state refuses it.")
LEAGUE_ID = OpenApiParameter(
    "public_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The league's public id."
)


# --- Views ------------------------------------------------------------------------------


class LeagueViewMixin:
    """Resolves the league of the URL, 404 for a private league the user is not in."""

    def league(self, request: Request, public_id: str) -> tuple[League, Membership | None]:
        return league_get_visible(public_id=public_id, user=request_user(request))

    def league_output(self, request: Request, public_id: str) -> dict[str, Any]:
        league, _ = league_get_visible(public_id=public_id, user=request_user(request))
        return dict(LeagueOutput(league).data)


class LeagueListApi(LeagueViewMixin, GenericAPIView):
    """The leagues you belong to; create a league."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=TAGS, operation_id="leagues_mine", responses=LeagueOutput(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(leagues_of_player(player=request_user(request)))
        return self.get_paginated_response(LeagueOutput(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_create",
        request=LeagueCreateInput,
        responses={201: LeagueOutput, 400: LeagueErrorOutput, 409: CONFLICT},
    )
    def post(self, request: Request) -> Response:
        data = LeagueCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        league = league_create(owner=request_user(request), **data.validated_data)
        return Response(
            self.league_output(request, league.public_id), status=status.HTTP_201_CREATED
        )


class LeagueDirectoryApi(GenericAPIView):
    """Public leagues anyone signed in can see and join, the busiest first."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_directory",
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Part of the league's name.")
        ],
        responses=LeagueOutput(many=True),
    )
    def get(self, request: Request) -> Response:
        search = str(request.query_params.get("search", ""))[:60]
        page = self.paginate_queryset(league_directory(user=request_user(request), search=search))
        return self.get_paginated_response(LeagueOutput(page, many=True).data)


class LeagueDetailApi(LeagueViewMixin, APIView):
    """One league: read (members, or anyone for a public one), edit, delete."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_retrieve",
        parameters=[LEAGUE_ID],
        responses={200: LeagueOutput, 404: NOT_FOUND},
    )
    def get(self, request: Request, public_id: str) -> Response:
        return Response(self.league_output(request, public_id))

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_update",
        parameters=[LEAGUE_ID],
        request=LeagueUpdateInput,
        responses={200: LeagueOutput, 400: LeagueErrorOutput, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        league_update(league=league, actor=request_user(request), data=dict(data.validated_data))
        return Response(self.league_output(request, public_id))

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_delete",
        parameters=[LEAGUE_ID],
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        league_delete(league=league, actor=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _join_response(request: Request, membership: Membership, created: bool) -> Response:
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


class LeagueJoinPublicApi(LeagueViewMixin, APIView):
    """Join a public league from the directory (a private one needs an invitation)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_join_public",
        parameters=[LEAGUE_ID],
        request=None,
        responses={201: LeagueJoinOutput, 200: LeagueJoinOutput, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        membership, created = membership_join_public(league=league, player=request_user(request))
        return _join_response(request, membership, created)


class LeagueLeaveApi(LeagueViewMixin, APIView):
    """Leave a league. The owner must transfer it first (or delete it)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_leave",
        parameters=[LEAGUE_ID],
        request=None,
        responses={204: None, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        membership_leave(league=league, player=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeagueTransferApi(LeagueViewMixin, APIView):
    """The owner hands the league to a member, and becomes a manager."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_transfer",
        parameters=[LEAGUE_ID],
        request=LeagueTransferInput,
        responses={200: LeagueOutput, 400: LeagueErrorOutput, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueTransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        league_transfer(
            league=league, actor=request_user(request), player_id=data.validated_data["player_id"]
        )
        return Response(self.league_output(request, public_id))


class LeagueMembersApi(LeagueViewMixin, GenericAPIView):
    """The league's members, in the order they joined."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_members",
        parameters=[LEAGUE_ID],
        responses={200: LeagueMembershipOutput(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        page = self.paginate_queryset(league_members(league=league))
        return self.get_paginated_response(LeagueMembershipOutput(page, many=True).data)


class LeagueMemberApi(LeagueViewMixin, APIView):
    """The owner changes a member's role; owner and managers remove a member."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_member_role",
        parameters=[LEAGUE_ID],
        request=LeagueRoleInput,
        responses={
            200: LeagueMembershipOutput,
            400: LeagueErrorOutput,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
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
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, public_id: str, player_id: int) -> Response:
        league, _ = self.league(request, public_id)
        membership_remove(league=league, actor=request_user(request), player_id=player_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeagueInviteApi(LeagueViewMixin, APIView):
    """The league's current invite link with share URLs, for any member to pass on."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invite",
        parameters=[LEAGUE_ID],
        responses={
            200: LeagueInviteCodeOutput,
            403: FORBIDDEN,
            404: OpenApiResponse(LeagueErrorOutput, description="No league, or no usable code."),
        },
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        if membership is None:
            raise ApplicationError(
                "Only members can share the league's invitation.",
                code="permission_denied",
                status_code=403,
            )
        code = invite_code_current(league=league)
        if code is None:
            raise ApplicationError(
                "The league has no active invite code; a manager can create one.",
                code="no_invite_code",
                status_code=404,
            )
        return Response(LeagueInviteCodeOutput(code, context={"request": request}).data)


def _require_manager(league: League, membership: Membership | None) -> None:
    if membership is None or not membership.can_manage:
        raise ApplicationError(
            "Only the league's managers.", code="permission_denied", status_code=403
        )


class InviteCodeListApi(LeagueViewMixin, APIView):
    """Owner and managers: the league's usable codes; add one (optionally expiring or
    limited in uses)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_list",
        parameters=[LEAGUE_ID],
        responses={200: LeagueInviteCodeOutput(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        _require_manager(league, membership)
        codes = invite_codes_active(league=league)
        return Response(LeagueInviteCodeOutput(codes, many=True, context={"request": request}).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_create",
        parameters=[LEAGUE_ID],
        request=LeagueInviteCodeInput,
        responses={
            201: LeagueInviteCodeOutput,
            400: LeagueErrorOutput,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueInviteCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        code = invite_code_create(league=league, actor=request_user(request), **data.validated_data)
        return Response(
            LeagueInviteCodeOutput(code, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class InviteCodeRegenerateApi(LeagueViewMixin, APIView):
    """Owner and managers: revoke every code and issue a fresh one."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_regenerate",
        parameters=[LEAGUE_ID],
        request=LeagueInviteCodeInput,
        responses={
            201: LeagueInviteCodeOutput,
            400: LeagueErrorOutput,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueInviteCodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        code = invite_code_regenerate(
            league=league, actor=request_user(request), **data.validated_data
        )
        return Response(
            LeagueInviteCodeOutput(code, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class InviteCodeApi(LeagueViewMixin, APIView):
    """Owner and managers: revoke one code (kept, marked revoked)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_codes_revoke",
        parameters=[LEAGUE_ID],
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, public_id: str, code_id: int) -> Response:
        league, _ = self.league(request, public_id)
        invite_code_revoke(league=league, actor=request_user(request), code_id=code_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailInvitationListApi(LeagueViewMixin, APIView):
    """Owner and managers: pending email invitations; invite an address by email."""

    permission_classes = (IsAuthenticated,)
    throttle_scope = "league_invite"

    def get_throttles(self) -> list[BaseThrottle]:
        # Only sending is limited; listing is free.
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invitations_list",
        parameters=[LEAGUE_ID],
        responses={200: LeagueEmailInvitationOutput(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, membership = self.league(request, public_id)
        _require_manager(league, membership)
        invitations = email_invitations_pending(league=league)
        return Response(LeagueEmailInvitationOutput(invitations, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invitations_create",
        parameters=[LEAGUE_ID],
        request=LeagueEmailInvitationInput,
        responses={
            201: LeagueEmailInvitationOutput,
            400: LeagueErrorOutput,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        data = LeagueEmailInvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = email_invitation_create(
            league=league, actor=request_user(request), **data.validated_data
        )
        return Response(
            LeagueEmailInvitationOutput(invitation).data, status=status.HTTP_201_CREATED
        )


class EmailInvitationApi(LeagueViewMixin, APIView):
    """Owner and managers: revoke a pending email invitation."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_invitations_revoke",
        parameters=[LEAGUE_ID],
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, public_id: str, invitation_id: int) -> Response:
        league, _ = self.league(request, public_id)
        email_invitation_revoke(
            league=league, actor=request_user(request), invitation_id=invitation_id
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


INVALID_CODE = OpenApiResponse(
    LeagueErrorOutput,
    description="Unknown, revoked, expired or used-up code: always the same body.",
)
THROTTLED = OpenApiResponse(
    LeagueErrorOutput, description="Too many wrong codes from this client; see Retry-After."
)


class JoinApi(APIView):
    """A join link's page: preview the league (no sign-in needed), then join it.

    The web app's /leagues/join/<code> page calls GET to show the league, sends a visitor
    without an account through sign-up, then calls POST. Wrong codes are counted per
    client; too many answer 429 with Retry-After.
    """

    throttle_classes = (WrongCodeThrottle,)
    throttle_scope = "league_join"

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    def get_throttles(self) -> list[BaseThrottle]:
        # Kept: handle_exception reports a wrong code to the instance that checked it.
        if not hasattr(self, "_throttles"):
            self._throttles = super().get_throttles()
        return self._throttles

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ApplicationError) and exc.code == "invalid_invite":
            for throttle in self.get_throttles():
                if isinstance(throttle, WrongCodeThrottle):
                    throttle.record_failure()
        return super().handle_exception(exc)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_join_preview",
        responses={200: LeagueInvitePreviewOutput, 404: INVALID_CODE, 429: THROTTLED},
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
            404: INVALID_CODE,
            409: CONFLICT,
            429: THROTTLED,
        },
    )
    def post(self, request: Request, code: str) -> Response:
        membership, created = membership_join_with_code(code=code, player=request_user(request))
        return _join_response(request, membership, created)


# --- Tables -----------------------------------------------------------------------------


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

    @extend_schema_field(BadgeSummaryOutput)
    def get_badges(self, row: Any) -> dict[str, Any]:
        summaries = self.context.get("badges", {})
        return summaries.get(row.player_id) or {"gold": 0, "silver": 0, "bronze": 0, "slugs": []}


class LeagueTableOutput(serializers.Serializer[Any]):
    league = LeagueOutput()
    season = LeagueSeasonOutput(allow_null=True)
    last_round = LeagueRoundRefOutput(allow_null=True, help_text="The last settled round.")
    rows = LeagueTableRowOutput(many=True)


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
    rows = LeagueRoundRowOutput(many=True)


class LeagueTableQuery(serializers.Serializer[dict[str, Any]]):
    season = serializers.IntegerField(required=False, min_value=1)


class LeagueTableApi(LeagueViewMixin, APIView):
    """The league's season table, cumulative: late joiners count their whole season."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_table",
        parameters=[
            LEAGUE_ID,
            OpenApiParameter(
                "season", OpenApiTypes.INT, description="A season id; default: the current one."
            ),
        ],
        responses={200: LeagueTableOutput, 404: NOT_FOUND},
    )
    def get(self, request: Request, public_id: str) -> Response:
        league, _ = self.league(request, public_id)
        query = LeagueTableQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        season = season_for_table(season_id=query.validated_data.get("season"))
        table = league_table(league=league, season=season)
        badges = badges_for_players(row.player_id for row in table.rows)
        return Response(LeagueTableOutput(table, context={"badges": badges}).data)


class LeagueRoundApi(LeagueViewMixin, APIView):
    """One round seen by the league: who picked (then what, after the lock), and points."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="leagues_round",
        parameters=[LEAGUE_ID],
        responses={200: LeagueRoundTableOutput, 404: NOT_FOUND},
    )
    def get(self, request: Request, public_id: str, round_id: int) -> Response:
        league, _ = self.league(request, public_id)
        game_round = round_for_table(round_id=round_id)
        table = league_round_table(
            league=league, game_round=game_round, viewer=request_user(request)
        )
        return Response(LeagueRoundTableOutput(table).data)
