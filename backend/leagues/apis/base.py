"""What every league view shares: the league of the URL, the league's output, and the
wording of the errors league operations document (every body is the one `ApiError`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.leagues.models import League, Membership
from backend.leagues.selectors import league_get_visible, league_max_members

TAGS = ["leagues"]
LEAGUE_ID = OpenApiParameter(
    "public_id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The league's public id."
)
HIDDEN = "Unknown league, or private and not yours."
ROLE = "Your role does not allow it."
STATE = "The league's state refuses it."


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
    max_members = serializers.SerializerMethodField(help_text="The member limit in force.")
    member_count = serializers.IntegerField()
    owner = LeaguePlayerOutput()
    # A plain string (owner, manager or member): one enum per choice set in the schema.
    my_role = serializers.CharField(
        allow_null=True,
        default=None,
        help_text="Your role (owner, manager or member), or null when you are not a member.",
    )
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.INT)
    def get_max_members(self, league: League) -> int:
        return league_max_members(league)


class LeagueApi(APIView):
    """A view of the league of the URL, for signed-in players."""

    permission_classes = (IsAuthenticated,)

    def league(self, request: Request, public_id: str) -> tuple[League, Membership | None]:
        """The league and the user's membership; 404 for a private league not theirs."""
        return league_get_visible(public_id=public_id, user=request_user(request))

    def league_body(self, request: Request, public_id: str) -> dict[str, Any]:
        """The league as the user sees it now (read again after a write)."""
        league, _membership = self.league(request, public_id)
        return dict(LeagueOutput(league).data)


def require_manager(membership: Membership | None) -> None:
    """Only the owner and managers read the league's codes and pending invitations."""
    if membership is None or not membership.can_manage:
        raise ApplicationError(
            _("Only the league's managers."), code="permission_denied", status_code=403
        )
