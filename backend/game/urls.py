from django.urls import path

from .apis import operator, rankings, rounds, showcase

app_name = "game"
urlpatterns = [
    path("showcase/", showcase.ShowcaseApi.as_view(), name="showcase"),
    path("rounds/", rounds.RoundsApi.as_view(), name="rounds"),
    path("rounds/<int:round_id>/", rounds.RoundApi.as_view(), name="round"),
    path("rounds/<int:round_id>/pick/", rounds.MyPickApi.as_view(), name="my-pick"),
    path("rounds/<int:round_id>/crowd/", rounds.CrowdApi.as_view(), name="crowd"),
    path("rounds/<int:round_id>/result/", rounds.RoundResultApi.as_view(), name="result"),
    path("rounds/<int:round_id>/rankings/", rankings.WeeklyTableApi.as_view(), name="weekly-table"),
    path("me/picks/", rounds.MyPicksApi.as_view(), name="my-picks"),
    path("seasons/", rankings.SeasonsApi.as_view(), name="seasons"),
    path("seasons/current/", rankings.CurrentSeasonApi.as_view(), name="season-current"),
    path(
        "seasons/<int:season_id>/rankings/", rankings.SeasonTableApi.as_view(), name="season-table"
    ),
    path(
        "seasons/<int:season_id>/rankings/search/",
        rankings.SeasonSearchApi.as_view(),
        name="season-search",
    ),
    path(
        "seasons/<int:season_id>/history/", rankings.RankHistoryApi.as_view(), name="rank-history"
    ),
    path("operator/seasons/", operator.OperatorSeasonsApi.as_view(), name="operator-seasons"),
    path(
        "operator/seasons/<int:season_id>/status/",
        operator.OperatorSeasonStatusApi.as_view(),
        name="operator-season-status",
    ),
    path("operator/rounds/", operator.OperatorRoundsApi.as_view(), name="operator-rounds"),
    path(
        "operator/rounds/<int:round_id>/",
        operator.OperatorRoundApi.as_view(),
        name="operator-round",
    ),
    path(
        "operator/rounds/<int:round_id>/open/",
        operator.OperatorRoundOpenApi.as_view(),
        name="operator-round-open",
    ),
    path(
        "operator/rounds/<int:round_id>/void/",
        operator.OperatorRoundVoidApi.as_view(),
        name="operator-round-void",
    ),
    path(
        "operator/rounds/<int:round_id>/settle/",
        operator.OperatorRoundSettleApi.as_view(),
        name="operator-round-settle",
    ),
]
