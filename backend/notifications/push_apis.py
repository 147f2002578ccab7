"""Web Push for the signed-in player: the VAPID key, subscriptions, per-kind preferences.

GET   /api/v1/notifications/push/                 is push on, my subscriptions, preferences
POST  /api/v1/notifications/push/subscriptions/   subscribe this browser
POST  /api/v1/notifications/push/unsubscribe/     one browser, or all of them (one-click off)
PATCH /api/v1/notifications/push/preferences/     per kind on/off
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.inputs import JsonInput, valid

from . import push
from .models import PushPreference, PushSubscription


def _b64url_bytes(value: str, size: int, what: str) -> None:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise serializers.ValidationError(_("%(what)s is not base64url.") % {"what": what}) from exc
    if len(raw) != size or (size == 65 and raw[0] != 4):
        raise serializers.ValidationError(_("%(what)s is not a valid key.") % {"what": what})


class KeysInput(JsonInput):
    p256dh = serializers.CharField(max_length=200, help_text="base64url P-256 public key.")
    auth = serializers.CharField(max_length=100, help_text="base64url 16-byte auth secret.")

    def validate_p256dh(self, value: str) -> str:
        _b64url_bytes(value, 65, "p256dh")
        return value

    def validate_auth(self, value: str) -> str:
        _b64url_bytes(value, 16, "auth")
        return value


class SubscriptionInput(JsonInput):
    endpoint = serializers.URLField(max_length=1000, help_text="The push service's URL.")
    keys = KeysInput()

    def validate_endpoint(self, value: str) -> str:
        if urlsplit(value).scheme != "https":
            raise serializers.ValidationError(_("A push endpoint is an https URL."))
        return value


class UnsubscribeInput(JsonInput):
    endpoint = serializers.URLField(
        max_length=1000, required=False, help_text="Leave out to stop every push at once."
    )


class PushPreferencesSerializer(serializers.Serializer[PushPreference]):
    round_open = serializers.BooleanField(help_text="The race of the week is open.")
    reminders = serializers.BooleanField(help_text="An hour before the lock, if no pick yet.")
    results = serializers.BooleanField(help_text="My results after settlement.")
    replies = serializers.BooleanField(help_text="A reply to my question.")
    help_requests = serializers.BooleanField(help_text="Live help requests (helpers).")


class PushPreferencesInput(JsonInput):
    round_open = serializers.BooleanField(required=False)
    reminders = serializers.BooleanField(required=False)
    results = serializers.BooleanField(required=False)
    replies = serializers.BooleanField(required=False)
    help_requests = serializers.BooleanField(required=False)


class PushStateOutput(serializers.Serializer[Any]):
    enabled = serializers.BooleanField(help_text="False when the server has no VAPID keys.")
    public_key = serializers.CharField(help_text="applicationServerKey (base64url), or empty.")
    subscriptions = serializers.IntegerField(help_text="How many of my browsers subscribed.")
    preferences = PushPreferencesSerializer()


class SubscriptionOutput(serializers.Serializer[PushSubscription]):
    id = serializers.IntegerField()
    endpoint = serializers.URLField()
    created_at = serializers.DateTimeField()


class UnsubscribeOutput(serializers.Serializer[Any]):
    removed = serializers.IntegerField(help_text="Subscriptions forgotten.")


class PushStateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PushStateOutput, summary="Web Push: is it on, and my settings")
    def get(self, request: Request) -> Response:
        player = request_user(request)
        state = {
            "enabled": push.enabled(),
            "public_key": settings.PUSH_VAPID_PUBLIC_KEY if push.enabled() else "",
            "subscriptions": PushSubscription.objects.filter(player=player).count(),
            "preferences": push.preferences_of(player=player),
        }
        return Response(PushStateOutput(state).data)


class PushSubscriptionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SubscriptionInput,
        responses={201: SubscriptionOutput},
        summary="Subscribe this browser to pushes",
    )
    def post(self, request: Request) -> Response:
        data = valid(SubscriptionInput, request.data)
        subscription = push.subscribe(
            player=request_user(request),
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
        )
        return Response(SubscriptionOutput(subscription).data, status=status.HTTP_201_CREATED)


class PushUnsubscribeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=UnsubscribeInput,
        responses=UnsubscribeOutput,
        summary="Stop pushes to one browser, or to all (no endpoint)",
    )
    def post(self, request: Request) -> Response:
        data = valid(UnsubscribeInput, request.data)
        removed = push.unsubscribe(player=request_user(request), endpoint=data.get("endpoint", ""))
        return Response({"removed": removed})


class PushPreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=PushPreferencesInput,
        responses=PushPreferencesSerializer,
        summary="Turn each kind of push on or off",
    )
    def patch(self, request: Request) -> Response:
        data = valid(PushPreferencesInput, request.data)
        preference = push.preferences_update(player=request_user(request), changes=data)
        return Response(PushPreferencesSerializer(preference).data)
