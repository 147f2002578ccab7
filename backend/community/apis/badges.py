"""Badges in the API: the catalogue, a player's awards, the summary shown beside a name."""

from __future__ import annotations

from typing import Any

import pandas as pd
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.openapi import error_responses
from backend.community.badges import BADGES, BADGES_BY_SLUG
from backend.community.models import Award
from backend.community.selectors.badges import badge_progress, latest_final_round
from backend.community.selectors.reputation import community_counts
from backend.community.services.badges import round_streaks
from backend.game.selectors import season_current

from .base import TAGS


class BadgeSummaryOutput(serializers.Serializer[Any]):
    gold = serializers.IntegerField()
    silver = serializers.IntegerField()
    bronze = serializers.IntegerField()
    slugs = serializers.ListField(
        child=serializers.CharField(), help_text="Badge slugs held, best tier first."
    )


class BadgeOutput(serializers.Serializer[Any]):
    slug = serializers.CharField()
    tier = serializers.ChoiceField(choices=["bronze", "silver", "gold"])
    side = serializers.ChoiceField(choices=["community", "game"])
    name_en = serializers.CharField()
    name_fr = serializers.CharField()
    description_en = serializers.CharField()
    description_fr = serializers.CharField()
    per_season = serializers.BooleanField()


class AwardOutput(BadgeOutput):
    season_id = serializers.IntegerField(allow_null=True)
    season_name = serializers.CharField(allow_null=True)
    awarded_at = serializers.DateTimeField()


def badge_payload(slug: str) -> dict[str, Any]:
    badge = BADGES_BY_SLUG[slug]
    return {
        "slug": badge.slug,
        "tier": badge.tier.value,
        "side": badge.side.value,
        "name_en": badge.name_en,
        "name_fr": badge.name_fr,
        "description_en": badge.description_en,
        "description_fr": badge.description_fr,
        "per_season": badge.per_season,
    }


def award_payload(award: Award) -> dict[str, Any]:
    return {
        **badge_payload(award.badge),
        "season_id": award.season_id,
        "season_name": award.season.name if award.season else None,
        "awarded_at": award.awarded_at,
    }


class BadgeCatalogueApi(APIView):
    """The badges there are to earn."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_badges_list",
        summary="Every badge that can be earned",
        responses={200: BadgeOutput(many=True), **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        return Response(BadgeOutput([badge_payload(b.slug) for b in BADGES], many=True).data)


class BadgeProgressOutput(serializers.Serializer[Any]):
    slug = serializers.CharField()
    held = serializers.BooleanField()
    current = serializers.IntegerField(
        allow_null=True, help_text="Your count towards it (capped at the target)."
    )
    target = serializers.IntegerField(
        allow_null=True, help_text="What it takes; null for a badge won in one go."
    )


class MyBadgeProgressApi(APIView):
    """Every badge, held or not, with what it takes and how far I am."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=TAGS,
        operation_id="community_my_badge_progress",
        summary="My progress towards each badge: my count and the target",
        responses={200: BadgeProgressOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        player = request_user(request)
        counts = community_counts(player_id=player.pk)
        season = season_current()
        last = latest_final_round(season_id=season.pk if season else None)
        streak = round_streaks(last, pd.Series([player.pk])).iloc[0] if last else 0
        rows = badge_progress(player_id=player.pk, counts={**counts, "streak": int(streak)})
        return Response(BadgeProgressOutput(rows, many=True).data)
