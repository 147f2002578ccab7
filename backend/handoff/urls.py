from django.urls import path

from .apis import (
    BreakApi,
    PostbackApi,
    PreferencesApi,
    RealityCheckApi,
    RealityCheckSeenApi,
    RoundOfferApi,
    SelfExclusionApi,
)

app_name = "handoff"
urlpatterns = [
    path("preferences/", PreferencesApi.as_view(), name="preferences"),
    path("self-exclusion/", SelfExclusionApi.as_view(), name="self-exclusion"),
    path("break/", BreakApi.as_view(), name="break"),
    path("reality-check/", RealityCheckApi.as_view(), name="reality-check"),
    path("reality-check/seen/", RealityCheckSeenApi.as_view(), name="reality-check-seen"),
    path("rounds/<int:round_id>/offer/", RoundOfferApi.as_view(), name="round-offer"),
    path("postback/", PostbackApi.as_view(), name="postback"),
]
