from django.urls import path

from .apis import PostbackApi, PreferencesApi, RoundOfferApi, SelfExclusionApi

app_name = "handoff"
urlpatterns = [
    path("preferences/", PreferencesApi.as_view(), name="preferences"),
    path("self-exclusion/", SelfExclusionApi.as_view(), name="self-exclusion"),
    path("rounds/<int:round_id>/offer/", RoundOfferApi.as_view(), name="round-offer"),
    path("postback/", PostbackApi.as_view(), name="postback"),
]
