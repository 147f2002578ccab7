"""The players' rounds: their cards, my pick until the lock, my history, the crowd after
the lock and the result."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, UserRateThrottle
from rest_framework.views import APIView

from backend.accounts.auth import request_user
from backend.common.errors import not_found
from backend.common.inputs import JsonInput, query_valid, valid
from backend.common.openapi import error_responses
from backend.common.pagination import PAGE_PARAMETERS, page, paged_response, paginated
from backend.common.throttling import WindowThrottle
from backend.game import selectors, services
from backend.game.explain import KINDS, RUNNER_STATES, SUBSTITUTIONS
from backend.game.models import Pick, Round, RoundScore
from backend.racing.models import Dividend, Runner
from backend.racing.selectors import silks_path

# --- output serializers ----------------------------------------------------------------------


class RunnerOutput(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    name = serializers.CharField()
    jockey = serializers.CharField()
    trainer = serializers.CharField()
    odds = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    non_runner = serializers.BooleanField(source="is_non_runner")
    disqualified = serializers.BooleanField(
        help_text="The stewards disqualified it (known once the result is in)."
    )
    coupled = serializers.CharField()
    silks = serializers.SerializerMethodField(
        help_text="Our copy of the silks image the feed gives (a PNG on this site), or null."
    )

    def get_silks(self, runner: Runner) -> str | None:
        return silks_path(runner)


class RaceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    racecourse = serializers.CharField(source="meeting.racecourse")
    date = serializers.DateField(source="meeting.date")
    discipline = serializers.CharField()
    distance = serializers.IntegerField(allow_null=True)
    post_time = serializers.DateTimeField()
    status = serializers.CharField(
        help_text="What the feed said last: scheduled, running, provisional, official, "
        "cancelled or refunded."
    )
    result_updated_at = serializers.DateTimeField(
        allow_null=True, help_text="When the feed last changed the race's result."
    )
    replay_url = serializers.CharField()


class SeasonBriefOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PickOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField(source="round_id")
    win = serializers.IntegerField()
    place = serializers.IntegerField()
    alternate = serializers.IntegerField(allow_null=True)
    updated_at = serializers.DateTimeField()


class ScoreOutput(serializers.Serializer[Any]):
    win_runner = serializers.IntegerField(help_text="After non-runner substitution.")
    place_runner = serializers.IntegerField(help_text="After non-runner substitution.")
    win_substituted = serializers.BooleanField()
    place_substituted = serializers.BooleanField()
    win_points = serializers.IntegerField(help_text="Cents: 1180 is shown 11.80.")
    place_points = serializers.IntegerField()
    points = serializers.IntegerField()
    win_hit = serializers.BooleanField()
    place_hit = serializers.BooleanField()
    settlement_version = serializers.IntegerField()


class RoundOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    season = SeasonBriefOutput()
    status = serializers.SerializerMethodField()
    picks_open = serializers.SerializerMethodField()
    opens_at = serializers.DateTimeField(allow_null=True)
    locks_at = serializers.DateTimeField()
    settled_at = serializers.DateTimeField(allow_null=True)
    settlement_version = serializers.IntegerField()
    void_reason = serializers.CharField()
    result_expected_at = serializers.SerializerMethodField()
    race = RaceOutput()
    runners = RunnerOutput(many=True, source="race.runners.all")
    my_pick = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=Round.Status.choices))
    def get_status(self, rnd: Round) -> str:
        return selectors.round_display_status(rnd)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_picks_open(self, rnd: Round) -> bool:
        return rnd.status == Round.Status.OPEN and not selectors.round_is_locked(rnd)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_result_expected_at(self, rnd: Round) -> str:
        """When the official result usually arrives: post time plus the usual delay."""
        return selectors.result_expected_at(rnd).isoformat()

    @extend_schema_field(PickOutput(allow_null=True))
    def get_my_pick(self, rnd: Round) -> dict[str, Any] | None:
        pick = self.context.get("picks", {}).get(rnd.pk)
        return PickOutput(pick).data if pick else None


class HistoryRoundOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    season = serializers.IntegerField(source="season_id")
    status = serializers.CharField()
    locks_at = serializers.DateTimeField()
    race = serializers.CharField(source="race.code")
    race_name = serializers.CharField(source="race.name")
    replay_url = serializers.CharField(source="race.replay_url")


class HistoryOutput(serializers.Serializer[Any]):
    round = HistoryRoundOutput()
    pick = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()

    @extend_schema_field(PickOutput)
    def get_pick(self, pick: Pick) -> dict[str, Any]:
        return dict(PickOutput(pick).data)

    @extend_schema_field(ScoreOutput(allow_null=True))
    def get_score(self, pick: Pick) -> dict[str, Any] | None:
        score: RoundScore | None = self.context.get("scores", {}).get(pick.round_id)
        return dict(ScoreOutput(score).data) if score else None


class CrowdRunnerOutput(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    name = serializers.CharField()
    win_picks = serializers.IntegerField()
    place_picks = serializers.IntegerField()
    win_percent = serializers.FloatField()
    place_percent = serializers.FloatField()


class CrowdOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    picks = serializers.IntegerField()
    runners = CrowdRunnerOutput(many=True)


class FinishOutput(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    jockey = serializers.CharField()
    silks = serializers.CharField(
        allow_null=True, help_text="Our copy of the runner's silks image, or null."
    )


class DividendOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=KINDS)
    number = serializers.IntegerField()
    cents = serializers.IntegerField(help_text="Cents per 1 €, stake included (590 = 5.90 €).")
    pool = serializers.ChoiceField(
        choices=Dividend.Pool.choices,
        help_text="Where the dividend was read: PMU's internet pool (the usual), its shop pool "
        "(when no internet pool was published), or entered by an operator.",
    )


class ExplanationLegOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=KINDS)
    picked = serializers.IntegerField(help_text="The runner picked.")
    picked_state = serializers.ChoiceField(choices=RUNNER_STATES)
    settled_on = serializers.IntegerField(help_text="The runner scored, after substitution.")
    settled_state = serializers.ChoiceField(choices=RUNNER_STATES)
    substitution = serializers.ChoiceField(
        choices=SUBSTITUTIONS,
        help_text="Why the selection moved off a non-runner: to the alternate, else to the "
        "post-time favourite.",
    )
    dead_heat = serializers.BooleanField()
    dividend_cents = serializers.IntegerField(
        allow_null=True, help_text="The official dividend paid (cents per 1 €); null if none."
    )
    pool = serializers.ChoiceField(choices=Dividend.Pool.choices, allow_null=True)
    paid_runner = serializers.IntegerField(
        allow_null=True, help_text="The runner whose dividend paid (a coupled entry's mate)."
    )
    cap_cents = serializers.IntegerField(allow_null=True, help_text="The season's cap, if any.")
    capped = serializers.BooleanField(help_text="The dividend was above the cap.")
    hit = serializers.BooleanField()
    points = serializers.IntegerField()


class ExplanationOutput(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=["parimutuel", "fixed"])
    stake_cents = serializers.IntegerField()
    non_runner_policy = serializers.ChoiceField(choices=["alternate_then_favourite", "lose"])
    legs = ExplanationLegOutput(many=True)
    points = serializers.IntegerField()


class ResultOutput(serializers.Serializer[Any]):
    round = RoundOutput()
    finish = FinishOutput(many=True)
    dividends = DividendOutput(many=True)
    non_runners = serializers.ListField(child=serializers.IntegerField())
    disqualified = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Runners disqualified by the stewards: they started, so they are neither "
        "non-runners nor in the finish; a pick on one scores 0, like an unplaced horse.",
    )
    my_pick = PickOutput(allow_null=True)
    my_score = ScoreOutput(allow_null=True)
    explanation = ExplanationOutput(
        allow_null=True, help_text="Why my pick scored what it did (settled rounds only)."
    )
    replay_url = serializers.CharField(source="round.race.replay_url")


# --- input serializers -----------------------------------------------------------------------


class PickInput(JsonInput):
    win = serializers.IntegerField(min_value=1, max_value=99)
    place = serializers.IntegerField(min_value=1, max_value=99)
    alternate = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True)


class RoundsInput(JsonInput):
    when = serializers.ChoiceField(choices=["current", "past"], default="current")


# --- views -----------------------------------------------------------------------------------


class PickThrottle(WindowThrottle, UserRateThrottle):
    """Pick writes per player (scope `game_pick`), counted in fixed windows (one round
    trip to Redis: the busiest write of the week)."""

    scope = "game_pick"

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, "60/min")
        return None if rate is None else str(rate)


class RoundsApi(APIView):
    """Current and upcoming rounds (open, or locked awaiting the result) or past ones."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[OpenApiParameter("when", str, enum=["current", "past"]), *PAGE_PARAMETERS],
        responses=paginated(RoundOutput, name="PaginatedRoundList"),
        operation_id="game_rounds_list",
    )
    def get(self, request: Request) -> Response:
        when = query_valid(RoundsInput, request)["when"]
        paginator, rounds = page(request, self, selectors.rounds_list(when=when))
        picks = selectors.picks_of(player=request_user(request), round_ids=[r.pk for r in rounds])
        return paged_response(
            paginator, RoundOutput(rounds, many=True, context={"picks": picks}).data
        )


class RoundApi(APIView):
    """One round with its card and my pick."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=RoundOutput, operation_id="game_round_retrieve")
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        picks = selectors.picks_of(player=request_user(request), round_ids=[rnd.pk])
        return Response(RoundOutput(rnd, context={"picks": picks}).data)


class MyPickApi(APIView):
    """My pick for a round: read it, or make/change it until the lock (database clock)."""

    permission_classes = (IsAuthenticated,)

    def get_throttles(self) -> list[BaseThrottle]:
        # A write is counted once, by the pick limit (60 a minute, far inside the general
        # 1,200): one round trip to Redis on the busiest write. Reads, by the general ones.
        if self.request.method in SAFE_METHODS:
            return super().get_throttles()
        return [PickThrottle()]

    @extend_schema(
        responses={
            200: PickOutput,
            **error_responses(s404="No such round, or no pick for it yet."),
        },
        operation_id="game_my_pick_retrieve",
    )
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        pick = selectors.pick_get(player=request_user(request), rnd=rnd)
        if pick is None:
            raise not_found(_("No such pick for this round."))
        return Response(PickOutput(pick).data)

    @extend_schema(
        request=PickInput,
        responses={
            200: PickOutput,
            201: PickOutput,
            **error_responses(400, 404, s409="The round is locked or not open: `code` says why."),
        },
        operation_id="game_my_pick_update",
        description="Make or change my pick. 201 when made, 200 when changed; 409 once the "
        "round is locked (post time passed by the database clock) or not open; 400 for a "
        "saddle number not in the race, a non-runner, or an alternate equal to the win pick.",
    )
    def put(self, request: Request, round_id: int) -> Response:
        data = valid(PickInput, request.data)
        result = services.pick_submit(
            player=request_user(request),
            round_id=round_id,
            win=data["win"],
            place=data["place"],
            alternate=data.get("alternate"),
        )
        return Response(
            PickOutput(result.pick).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class MyPicksApi(APIView):
    """My picks, latest round first, each with its score once settled."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated(HistoryOutput, name="PaginatedPickHistoryList"),
        operation_id="game_my_picks_list",
    )
    def get(self, request: Request) -> Response:
        player = request_user(request)
        paginator, picks = page(request, self, selectors.picks_history(player=player))
        scores = selectors.scores_of(player=player, round_ids=[p.round_id for p in picks])
        data = HistoryOutput(picks, many=True, context={"scores": scores}).data
        return paged_response(paginator, data)


class CrowdApi(APIView):
    """The crowd's picks: share of picks on each runner, win and place. After the lock."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={
            200: CrowdOutput,
            **error_responses(s403="The crowd's picks are shown once the round locks."),
        },
        operation_id="game_round_crowd",
    )
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        return Response(CrowdOutput(selectors.crowd_distribution(rnd=rnd)).data)


class RoundResultApi(APIView):
    """The settled round: finish order, dividends, my pick and score, replay link."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        responses={200: ResultOutput, **error_responses(s409="The round is not settled yet.")},
        operation_id="game_round_result",
    )
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        result = selectors.round_result(rnd=rnd, player=request_user(request))
        picks = {rnd.pk: result.my_pick} if result.my_pick else {}
        return Response(ResultOutput(result, context={"picks": picks}).data)
