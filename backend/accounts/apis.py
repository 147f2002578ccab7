from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth import logout
from django.utils.translation import gettext as _
from django_countries.data import COUNTRIES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.errors import ApplicationError
from backend.common.inputs import JsonInput
from backend.common.openapi import error_responses

from .export import user_export
from .models import COUNTRY_CODES, LANGUAGES, User
from .services import user_delete, user_update_profile


class MeOutput(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = (
            "id",
            "email",
            "display_name",
            "date_of_birth",
            "country",
            "language",
            "time_zone",
            "is_staff",
            "date_joined",
        )
        read_only_fields = fields


class MeInput(JsonInput):
    display_name = serializers.CharField(max_length=40, required=False, allow_blank=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    country = serializers.ChoiceField(
        choices=[(code, COUNTRIES[code]) for code in COUNTRY_CODES],
        required=False,
        help_text="An ISO 3166-1 alpha-2 code, in capitals; once declared it can be changed, "
        "not removed.",
    )
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    time_zone = serializers.CharField(max_length=64, required=False)


class DeleteInput(JsonInput):
    # As typed: a password may start or end with spaces.
    password = serializers.CharField(trim_whitespace=False)


class MeApi(APIView):
    """The signed-in player's own profile."""

    permission_classes = (IsAuthenticated,)
    delete_reads_body = True  # DELETE is confirmed with the password (DeleteInput)

    @extend_schema(responses=MeOutput, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        return Response(MeOutput(request_user(request)).data)

    @extend_schema(
        request=MeInput,
        responses={
            200: MeOutput,
            **error_responses(
                s409="`name_confusable`: another player's display name looks the same."
            ),
        },
        operation_id="me_update",
    )
    def patch(self, request: Request) -> Response:
        data = MeInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_update_profile(user=request_user(request), data=dict(data.validated_data))
        return Response(MeOutput(user).data)

    @extend_schema(
        request=DeleteInput,
        responses={
            204: None,
            **error_responses(
                s403="Not signed in, or the password is wrong.",
                s429="Too many wrong passwords: counted with failed logins (`Retry-After`).",
            ),
        },
        operation_id="me_delete",
    )
    def delete(self, request: Request) -> Response:
        data = DeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = request_user(request)
        # A wrong password here counts as a failed login would (allauth's `login_failed`
        # limits: per address, and per account): nobody holding a session or a token
        # gets more guesses at the password through this door than through the login.
        key = f"account:{user.pk}"
        if not ratelimit.consume(request._request, action="login_failed", key=key, dry_run=True):
            raise Throttled(wait=settings.RETRY_AFTER_DEFAULT_SECONDS)
        if not user.check_password(data.validated_data["password"]):
            ratelimit.consume(request._request, action="login_failed", key=key)
            raise ApplicationError(
                _("The password is wrong."), code="wrong_password", status_code=403
            )
        user_delete(user=user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportThrottle(UserRateThrottle):
    """Exports per player (scope `accounts_export`): a whole account is a heavy read."""

    scope = "accounts_export"


class MeExportApi(APIView):
    """Everything Paddock holds about me, as one JSON document to download."""

    permission_classes = (IsAuthenticated,)
    throttle_classes = (*APIView.throttle_classes, ExportThrottle)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        operation_id="me_export",
        description="My profile, picks, scores, standings, league memberships, community "
        "posts, betting hand-off clicks and preferences, email preferences: every row that "
        "is mine, by section. Secrets (password, tokens, authenticators) are never included.",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        response = Response(user_export(user=user))
        response["Content-Disposition"] = f'attachment; filename="paddock-export-{user.pk}.json"'
        response["Cache-Control"] = "no-store"
        return response
