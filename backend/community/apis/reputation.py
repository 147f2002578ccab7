"""Reputation in the API: my profile and my reputation events, a player's public profile,
the top contributors' table."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.accounts.models import User
from backend.common.inputs import JsonInput, query_valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.community.badges import BADGES_BY_SLUG
from backend.community.models import Level, ReputationEvent
from backend.community.permissions import is_moderator, is_queue_watcher
from backend.community.selectors.badges import badges_for_players
from backend.community.selectors.contributors import WINDOWS, top_contributors
from backend.community.selectors.dashboard import solved_share
from backend.community.selectors.reputation import player_get, player_profile, reputation_events
from backend.community.selectors.topics import public_name

from .badges import AwardOutput, BadgeSummaryOutput, award_payload
from .base import TAGS


class ProfileOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    reputation = serializers.IntegerField()
    level = serializers.ChoiceField(choices=Level.choices)
    rounds_played = serializers.IntegerField()
    winners_picked = serializers.IntegerField()
    questions = serializers.IntegerField()
    answers = serializers.IntegerField()
    accepted_answers = serializers.IntegerField()
    helpful_votes_received = serializers.IntegerField()
    solved_share = serializers.FloatField(
        allow_null=True,
        help_text="0 to 1: of their answers to others' questions, the share the asker "
        "accepted as the solution (null before a first answer).",
    )
    badges = AwardOutput(many=True)
    badge_summary = BadgeSummaryOutput()


class MyProfileOutput(ProfileOutput):
    can_moderate = serializers.BooleanField(
        help_text="Whether I moderate: staff and the moderators' group see the moderation "
        "queues (flags, approvals, live reports) and the audit log."
    )
    can_watch_queue = serializers.BooleanField(
        help_text="Whether I see the unanswered queue (advisers and moderators)."
    )


class ReputationEventOutput(serializers.ModelSerializer[ReputationEvent]):
    is_reversal = serializers.SerializerMethodField()

    class Meta:
        model = ReputationEvent
        fields = ("id", "kind", "points", "day", "topic", "post", "is_reversal", "created_at")
        read_only_fields = fields

    def get_is_reversal(self, event: ReputationEvent) -> bool:
        return event.reversal_of_id is not None


class ContributorOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    reputation = serializers.IntegerField(help_text="Reputation gained in the window.")
    accepted_answers = serializers.IntegerField(help_text="Answers accepted in the window.")
    best_day = serializers.IntegerField(help_text="Best single day's gain in the window.")
    level = serializers.ChoiceField(choices=Level.choices)
    badges = BadgeSummaryOutput()


class TopContributorsOutput(serializers.Serializer[Any]):
    window = serializers.ChoiceField(choices=WINDOWS)
    since = serializers.DateField(allow_null=True)
    until = serializers.DateField(allow_null=True)
    results = ContributorOutput(many=True)


class TopContributorsInput(JsonInput):
    window = serializers.ChoiceField(choices=WINDOWS, default="week")
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


def _profile_payload(player: User) -> dict[str, Any]:
    profile = player_profile(player=player)
    return ProfileOutput(
        {
            "id": player.pk,
            "display_name": public_name(player),
            "reputation": profile.reputation,
            "level": profile.level,
            "rounds_played": profile.rounds_played,
            "winners_picked": profile.winners_picked,
            "questions": profile.questions,
            "answers": profile.answers,
            "accepted_answers": profile.accepted_answers,
            "helpful_votes_received": profile.helpful_votes_received,
            "solved_share": solved_share(profile.accepted_answers, profile.answers),
            "badges": [award_payload(a) for a in profile.awards if a.badge in BADGES_BY_SLUG],
            "badge_summary": badges_for_players([player.pk])[player.pk],
        }
    ).data


class MeApi(APIView):
    """The signed-in member's community profile."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_me",
        summary="My reputation, level and badges, and which of the community's running I see",
        responses={200: MyProfileOutput, **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        roles = {"can_moderate": is_moderator(me), "can_watch_queue": is_queue_watcher(me)}
        return Response({**_profile_payload(me), **roles})


class MyReputationApi(APIView):
    """The signed-in member's reputation events."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_me_reputation",
        summary="My reputation events, newest first (reversals included)",
        parameters=PAGE_PARAMETERS,
        responses={
            200: paginated(ReputationEventOutput, name="ReputationPageOutput"),
            **error_responses(403),
        },
    )
    def get(self, request: Request) -> Response:
        events = reputation_events(player=request_user(request))
        paginator, rows = page(request, self, events)
        return paged_response(paginator, ReputationEventOutput(rows, many=True).data)


class PlayerProfileApi(APIView):
    """A player's public community profile."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_players_retrieve",
        summary="A player's public profile: badges, level, reputation",
        responses={200: ProfileOutput, **error_responses(403, 404)},
    )
    def get(self, request: Request, player_id: int) -> Response:
        return Response(_profile_payload(player_get(player_id=player_id)))


class TopContributorsApi(APIView):
    """The top contributors' table."""

    @extend_schema(
        tags=TAGS,
        operation_id="community_top_contributors",
        summary="Top contributors of the week, the season or all time",
        description="Ranked like the game (scoring.rank): reputation gained in the window, "
        "then answers accepted in it, then the best single day; ties share a rank.",
        parameters=[TopContributorsInput],
        responses={200: TopContributorsOutput, **error_responses(400, 403)},
    )
    def get(self, request: Request) -> Response:
        params = query_valid(TopContributorsInput, request)
        table = top_contributors(window=params["window"], limit=params["limit"])
        return Response(TopContributorsOutput(asdict(table)).data)
