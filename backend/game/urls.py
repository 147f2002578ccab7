from django.urls import path

from . import apis

app_name = "game"
urlpatterns = [
    path("rounds/", apis.RoundsApi.as_view(), name="rounds"),
    path("rounds/<int:round_id>/", apis.RoundApi.as_view(), name="round"),
    path("rounds/<int:round_id>/pick/", apis.MyPickApi.as_view(), name="my-pick"),
    path("rounds/<int:round_id>/crowd/", apis.CrowdApi.as_view(), name="crowd"),
    path("rounds/<int:round_id>/result/", apis.RoundResultApi.as_view(), name="result"),
    path("rounds/<int:round_id>/rankings/", apis.WeeklyTableApi.as_view(), name="weekly-table"),
    path("me/picks/", apis.MyPicksApi.as_view(), name="my-picks"),
    path("seasons/", apis.SeasonsApi.as_view(), name="seasons"),
    path("seasons/current/", apis.CurrentSeasonApi.as_view(), name="season-current"),
    path("seasons/<int:season_id>/rankings/", apis.SeasonTableApi.as_view(), name="season-table"),
    path(
        "seasons/<int:season_id>/rankings/search/",
        apis.SeasonSearchApi.as_view(),
        name="season-search",
    ),
    path("seasons/<int:season_id>/history/", apis.RankHistoryApi.as_view(), name="rank-history"),
    path("operator/seasons/", apis.OperatorSeasonsApi.as_view(), name="operator-seasons"),
    path(
        "operator/seasons/<int:season_id>/status/",
        apis.OperatorSeasonStatusApi.as_view(),
        name="operator-season-status",
    ),
    path("operator/rounds/", apis.OperatorRoundsApi.as_view(), name="operator-rounds"),
    path("operator/rounds/<int:round_id>/", apis.OperatorRoundApi.as_view(), name="operator-round"),
    path(
        "operator/rounds/<int:round_id>/open/",
        apis.OperatorRoundOpenApi.as_view(),
        name="operator-round-open",
    ),
    path(
        "operator/rounds/<int:round_id>/void/",
        apis.OperatorRoundVoidApi.as_view(),
        name="operator-round-void",
    ),
    path(
        "operator/rounds/<int:round_id>/settle/",
        apis.OperatorRoundSettleApi.as_view(),
        name="operator-round-settle",
    ),
]
