"""The game's HTTP API: thin views, input serializer -> service/selector -> output serializer.

Players: rounds and their cards, my pick (PUT until the lock), my history, the crowd after
the lock, results, rankings. Operators (staff): seasons, featuring, opening, voiding and
watching the settlement, under /operator/.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import SAFE_METHODS, IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from backend.common.auth import request_user
from backend.common.errors import ApplicationError
from backend.common.pagination import PAGE_PARAMETERS, PagePagination, paginated
from backend.racing.models import Race

from . import selectors, services
from .models import Pick, Round, RoundScore, Season

# --- output serializers ----------------------------------------------------------------------


class RunnerOutput(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    name = serializers.CharField()
    jockey = serializers.CharField()
    trainer = serializers.CharField()
    odds = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    non_runner = serializers.BooleanField(source="is_non_runner")
    coupled = serializers.CharField()


class RaceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    racecourse = serializers.CharField(source="meeting.racecourse")
    date = serializers.DateField(source="meeting.date")
    discipline = serializers.CharField()
    distance = serializers.IntegerField(allow_null=True)
    post_time = serializers.DateTimeField()
    status = serializers.CharField()
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
    race = RaceOutput()
    runners = RunnerOutput(many=True, source="race.runners.all")
    my_pick = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=Round.Status.choices))
    def get_status(self, rnd: Round) -> str:
        return selectors.round_display_status(rnd)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_picks_open(self, rnd: Round) -> bool:
        return rnd.status == Round.Status.OPEN and not selectors.round_is_locked(rnd)

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


class DividendOutput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["win", "place"])
    number = serializers.IntegerField()
    cents = serializers.IntegerField(help_text="Cents per 1 €, stake included (590 = 5.90 €).")


class ResultOutput(serializers.Serializer[Any]):
    round = RoundOutput()
    finish = FinishOutput(many=True)
    dividends = DividendOutput(many=True)
    non_runners = serializers.ListField(child=serializers.IntegerField())
    my_pick = PickOutput(allow_null=True)
    my_score = ScoreOutput(allow_null=True)
    replay_url = serializers.CharField(source="round.race.replay_url")


class SeasonOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Season.Status.choices)
    rules = serializers.DictField()
    reminder_hours = serializers.IntegerField()


class SeasonRowOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    previous_rank = serializers.IntegerField(allow_null=True, help_text="Before the latest round.")
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    points = serializers.IntegerField(help_text="Cents: 1180 is shown 11.80.")
    wins = serializers.IntegerField()
    best = serializers.IntegerField()
    rounds_played = serializers.IntegerField()


class SeasonTableOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = SeasonRowOutput(many=True)
    me = SeasonRowOutput(allow_null=True)
    around_me = SeasonRowOutput(many=True)


class WeeklyRowOutput(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    player_id = serializers.IntegerField()
    display_name = serializers.CharField()
    points = serializers.IntegerField()
    season_points = serializers.IntegerField()
    season_rank = serializers.IntegerField(allow_null=True)


class WeeklyTableOutput(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = WeeklyRowOutput(many=True)
    me = WeeklyRowOutput(allow_null=True)
    around_me = WeeklyRowOutput(many=True)


class HistoryPointOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField(source="round_id")
    number = serializers.IntegerField(source="round__number")
    points = serializers.IntegerField()
    rank = serializers.IntegerField(help_text="Rank in that round.")
    season_points = serializers.IntegerField()
    season_rank = serializers.IntegerField(allow_null=True, help_text="Season rank after it.")


# --- input serializers -----------------------------------------------------------------------


class PickInput(serializers.Serializer[Any]):
    win = serializers.IntegerField(min_value=1, max_value=99)
    place = serializers.IntegerField(min_value=1, max_value=99)
    alternate = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True)


class TableInput(serializers.Serializer[Any]):
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=200, default=50)


class RoundsInput(serializers.Serializer[Any]):
    when = serializers.ChoiceField(choices=["current", "past"], default="current")


class SearchInput(serializers.Serializer[Any]):
    q = serializers.CharField(min_length=2, max_length=40)


class HistoryInput(serializers.Serializer[Any]):
    player = serializers.IntegerField(min_value=1, required=False)


TABLE_PARAMS = [
    OpenApiParameter("page", int, description="1-based page of the table."),
    OpenApiParameter("page_size", int, description="Rows per page (at most 200)."),
]


def _valid(serializer_class: type[serializers.Serializer[Any]], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _table_body(table: selectors.Table, row: type[serializers.Serializer[Any]]) -> dict[str, Any]:
    """A ranking table as its output serializer documents it.

    The page's rows come from the cache already in their serialized form (the selector
    builds each row with exactly the row serializer's fields: a test holds them equal), so
    a warm page costs no serialization; only the player's own rows go through `row`.
    """
    return {
        "count": table.count,
        "page": table.page,
        "page_size": table.page_size,
        "results": table.results,
        "me": row(table.me).data if table.me else None,
        "around_me": row(table.around_me, many=True).data,
    }


# --- player views ----------------------------------------------------------------------------


class PickThrottle(UserRateThrottle):
    """Pick writes per player (scope `game_pick`); reads are not throttled here."""

    scope = "game_pick"

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope, "60/min")
        return None if rate is None else str(rate)

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class RoundsApi(APIView):
    """Current and upcoming rounds (open, or locked awaiting the result) or past ones."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[OpenApiParameter("when", str, enum=["current", "past"]), *PAGE_PARAMETERS],
        responses=paginated(RoundOutput, name="PaginatedRoundList"),
        operation_id="game_rounds_list",
    )
    def get(self, request: Request) -> Response:
        when = _valid(RoundsInput, request.query_params)["when"]
        paginator = PagePagination()
        rounds = paginator.paginate_queryset(selectors.rounds_list(when=when), request, view=self)
        assert rounds is not None
        picks = selectors.picks_of(player=request_user(request), round_ids=[r.pk for r in rounds])
        data = RoundOutput(rounds, many=True, context={"picks": picks}).data
        return paginator.get_paginated_response(data)


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
    throttle_classes = (PickThrottle,)

    @extend_schema(responses={200: PickOutput, 404: None}, operation_id="game_my_pick_retrieve")
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        pick = selectors.pick_get(player=request_user(request), rnd=rnd)
        if pick is None:
            raise ApplicationError("No pick for this round yet.", code="no_pick", status_code=404)
        return Response(PickOutput(pick).data)

    @extend_schema(
        request=PickInput,
        responses={200: PickOutput, 201: PickOutput, 400: None, 404: None, 409: None},
        operation_id="game_my_pick_update",
        description="Make or change my pick. 201 when made, 200 when changed; 409 once the "
        "round is locked (post time passed by the database clock) or not open; 400 for a "
        "saddle number not in the race, a non-runner, or an alternate equal to the win pick.",
    )
    def put(self, request: Request, round_id: int) -> Response:
        data = _valid(PickInput, request.data)
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
        paginator = PagePagination()
        picks = paginator.paginate_queryset(
            selectors.picks_history(player=player), request, view=self
        )
        assert picks is not None
        scores = selectors.scores_of(player=player, round_ids=[p.round_id for p in picks])
        data = HistoryOutput(picks, many=True, context={"scores": scores}).data
        return paginator.get_paginated_response(data)


class CrowdApi(APIView):
    """The crowd's picks: share of picks on each runner, win and place. After the lock."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: CrowdOutput, 403: None}, operation_id="game_round_crowd")
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        return Response(CrowdOutput(selectors.crowd_distribution(rnd=rnd)).data)


class RoundResultApi(APIView):
    """The settled round: finish order, dividends, my pick and score, replay link."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: ResultOutput, 409: None}, operation_id="game_round_result")
    def get(self, request: Request, round_id: int) -> Response:
        rnd = selectors.round_get(round_id=round_id)
        result = selectors.round_result(rnd=rnd, player=request_user(request))
        picks = {rnd.pk: result.my_pick} if result.my_pick else {}
        return Response(ResultOutput(result, context={"picks": picks}).data)


class WeeklyTableApi(APIView):
    """One settled round's table, with my row and the rows around it."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=TABLE_PARAMS, responses=WeeklyTableOutput, operation_id="game_round_rankings"
    )
    def get(self, request: Request, round_id: int) -> Response:
        data = _valid(TableInput, request.query_params)
        rnd = selectors.round_get(round_id=round_id)
        table = selectors.weekly_table(rnd=rnd, player=request_user(request), **data)
        return Response(_table_body(table, WeeklyRowOutput))


class SeasonsApi(APIView):
    """Seasons players can see (active and finished), latest first."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses=SeasonOutput(many=True), operation_id="game_seasons_list")
    def get(self, request: Request) -> Response:
        seasons = Season.objects.exclude(status=Season.Status.DRAFT)
        return Response(SeasonOutput(seasons, many=True).data)


class CurrentSeasonApi(APIView):
    """The active season."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: SeasonOutput, 404: None}, operation_id="game_season_current")
    def get(self, request: Request) -> Response:
        season = selectors.season_current()
        if season is None:
            raise ApplicationError("No season is running.", code="not_found", status_code=404)
        return Response(SeasonOutput(season).data)


class SeasonTableApi(APIView):
    """The season's global table (paged), my row and the rows around me."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=TABLE_PARAMS, responses=SeasonTableOutput, operation_id="game_season_rankings"
    )
    def get(self, request: Request, season_id: int) -> Response:
        data = _valid(TableInput, request.query_params)
        season = selectors.season_get(season_id=season_id)
        table = selectors.season_table(season=season, player=request_user(request), **data)
        return Response(_table_body(table, SeasonRowOutput))


class SeasonSearchApi(APIView):
    """Players of the season's table by display name (prefix, case-insensitive)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)],
        responses=SeasonRowOutput(many=True),
        operation_id="game_season_rankings_search",
    )
    def get(self, request: Request, season_id: int) -> Response:
        query = _valid(SearchInput, request.query_params)["q"]
        season = selectors.season_get(season_id=season_id)
        rows = selectors.table_search(season=season, query=query)
        return Response(SeasonRowOutput(rows, many=True).data)


class RankHistoryApi(APIView):
    """A player's rank over the season, round by round (mine unless `player` is given)."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        parameters=[OpenApiParameter("player", int)],
        responses=HistoryPointOutput(many=True),
        operation_id="game_season_rank_history",
    )
    def get(self, request: Request, season_id: int) -> Response:
        player_id = _valid(HistoryInput, request.query_params).get(
            "player", request_user(request).pk
        )
        season = selectors.season_get(season_id=season_id)
        rows = selectors.rank_history(season=season, player_id=player_id)
        return Response(HistoryPointOutput(rows, many=True).data)


# --- operator views (staff only) -------------------------------------------------------------


class SeasonInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    rules = serializers.DictField(required=False, default=dict)
    status = serializers.ChoiceField(choices=Season.Status.choices, default=Season.Status.DRAFT)
    reminder_hours = serializers.IntegerField(min_value=0, max_value=72, default=2)


class SeasonStatusInput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Season.Status.choices)


class FeatureInput(serializers.Serializer[Any]):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    race = serializers.PrimaryKeyRelatedField(queryset=Race.objects.all())
    opens_at = serializers.DateTimeField(required=False, allow_null=True)


class VoidInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SettleInput(serializers.Serializer[Any]):
    force = serializers.BooleanField(default=False)


class OperatorRoundOutput(serializers.Serializer[Any]):
    """A round as the operator watches it, settlement included."""

    id = serializers.IntegerField()
    season = serializers.IntegerField(source="season_id")
    number = serializers.IntegerField()
    race = serializers.IntegerField(source="race_id")
    race_code = serializers.CharField(source="race.code")
    race_name = serializers.CharField(source="race.name")
    race_status = serializers.CharField(source="race.status")
    race_result_version = serializers.IntegerField(source="race.result_version")
    status = serializers.ChoiceField(choices=Round.Status.choices)
    opens_at = serializers.DateTimeField(allow_null=True)
    locks_at = serializers.DateTimeField()
    settlement_version = serializers.IntegerField()
    settled_result_version = serializers.IntegerField()
    settled_at = serializers.DateTimeField(allow_null=True)
    operator_void = serializers.BooleanField()
    void_reason = serializers.CharField()
    picks = serializers.IntegerField(source="picks_count", default=None, allow_null=True)
    scores = serializers.IntegerField(source="scores_count", default=None, allow_null=True)
    needs_settlement = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_needs_settlement(self, rnd: Round) -> bool:
        """The race has a result the round's scores do not reflect yet."""
        race = rnd.race
        if rnd.status == Round.Status.DRAFT or not race.has_official_result:
            return False
        return not rnd.is_final or rnd.settled_result_version != race.result_version


class FeatureOutput(serializers.Serializer[Any]):
    round = OperatorRoundOutput()
    warnings = serializers.ListField(child=serializers.CharField())


class SettleOutput(serializers.Serializer[Any]):
    round = serializers.IntegerField()
    queued = serializers.BooleanField()


def _operator_rounds() -> Any:
    return Round.objects.select_related("race__meeting")


def _operator_round(round_id: int) -> Round:
    """One round with its pick and score counts (counted here only, not in the list)."""
    count = Count("*")
    rnd = (
        _operator_rounds()
        .annotate(
            picks_count=Coalesce(
                Subquery(
                    Pick.objects.filter(round=OuterRef("pk"))
                    .values("round")
                    .annotate(n=count)
                    .values("n")
                ),
                0,
            ),
            scores_count=Coalesce(
                Subquery(
                    RoundScore.objects.filter(round=OuterRef("pk"))
                    .values("round")
                    .annotate(n=count)
                    .values("n")
                ),
                0,
            ),
        )
        .filter(pk=round_id)
        .first()
    )
    if rnd is None:
        raise ApplicationError("No such round.", code="not_found", status_code=404)
    return rnd


class OperatorSeasonsApi(APIView):
    """Seasons, all statuses (GET) and creating one with its rules (POST)."""

    permission_classes = (IsAdminUser,)

    @extend_schema(responses=SeasonOutput(many=True), operation_id="game_operator_seasons_list")
    def get(self, request: Request) -> Response:
        return Response(SeasonOutput(Season.objects.all(), many=True).data)

    @extend_schema(
        request=SeasonInput,
        responses={201: SeasonOutput, 400: None},
        operation_id="game_operator_season_create",
        description="`rules` is scoring.Rules as JSON (missing keys take the defaults); "
        "unknown keys or bad values answer 400 invalid_rules.",
    )
    def post(self, request: Request) -> Response:
        season = services.season_create(**_valid(SeasonInput, request.data))
        return Response(SeasonOutput(season).data, status=status.HTTP_201_CREATED)


class OperatorSeasonStatusApi(APIView):
    """Activate or finish a season."""

    permission_classes = (IsAdminUser,)

    @extend_schema(
        request=SeasonStatusInput,
        responses=SeasonOutput,
        operation_id="game_operator_season_status",
    )
    def post(self, request: Request, season_id: int) -> Response:
        data = _valid(SeasonStatusInput, request.data)
        season = Season.objects.filter(pk=season_id).first()
        if season is None:
            raise ApplicationError("No such season.", code="not_found", status_code=404)
        season = services.season_set_status(season=season, status=data["status"])
        return Response(SeasonOutput(season).data)


class OperatorRoundsApi(APIView):
    """Rounds with their settlement status (GET); feature a race as a round (POST)."""

    permission_classes = (IsAdminUser,)

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=paginated(OperatorRoundOutput, name="PaginatedOperatorRoundList"),
        operation_id="game_operator_rounds_list",
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        rounds: list[Round] | None = paginator.paginate_queryset(
            _operator_rounds(), request, view=self
        )
        return paginator.get_paginated_response(OperatorRoundOutput(rounds, many=True).data)

    @extend_schema(
        request=FeatureInput,
        responses={201: FeatureOutput, 409: None},
        operation_id="game_operator_round_feature",
        description="Feature a race as the season's next round (a draft until opened). "
        "`warnings` lists what deserves a second look: fewer than 4 runners, a past race.",
    )
    def post(self, request: Request) -> Response:
        result = services.round_feature(**_valid(FeatureInput, request.data))
        out = {"round": _operator_round(result.round.pk), "warnings": result.warnings}
        return Response(FeatureOutput(out).data, status=status.HTTP_201_CREATED)


class OperatorRoundApi(APIView):
    """One round's settlement status."""

    permission_classes = (IsAdminUser,)

    @extend_schema(responses=OperatorRoundOutput, operation_id="game_operator_round_retrieve")
    def get(self, request: Request, round_id: int) -> Response:
        return Response(OperatorRoundOutput(_operator_round(round_id)).data)


class OperatorRoundOpenApi(APIView):
    """Open a draft round for picks now."""

    permission_classes = (IsAdminUser,)

    @extend_schema(
        request=None,
        responses={200: OperatorRoundOutput, 409: None},
        operation_id="game_operator_round_open",
    )
    def post(self, request: Request, round_id: int) -> Response:
        services.round_open(round=_operator_round(round_id))
        return Response(OperatorRoundOutput(_operator_round(round_id)).data)


class OperatorRoundVoidApi(APIView):
    """Void a round: 0 points for everyone, standings recomputed."""

    permission_classes = (IsAdminUser,)

    @extend_schema(
        request=VoidInput, responses=OperatorRoundOutput, operation_id="game_operator_round_void"
    )
    def post(self, request: Request, round_id: int) -> Response:
        data = _valid(VoidInput, request.data)
        services.round_void(round=_operator_round(round_id), reason=data["reason"])
        return Response(OperatorRoundOutput(_operator_round(round_id)).data)


class OperatorRoundSettleApi(APIView):
    """Queue the round's settlement (normally automatic when the result is stored)."""

    permission_classes = (IsAdminUser,)

    @extend_schema(
        request=SettleInput,
        responses={202: SettleOutput},
        operation_id="game_operator_round_settle",
    )
    def post(self, request: Request, round_id: int) -> Response:
        from .tasks import settle_round

        force = _valid(SettleInput, request.data)["force"]
        rnd = _operator_round(round_id)
        transaction.on_commit(lambda: settle_round.delay(rnd.pk, force))
        return Response({"round": rnd.pk, "queued": True}, status=status.HTTP_202_ACCEPTED)
