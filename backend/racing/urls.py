from django.urls import path

from .apis import RaceDetailApi

app_name = "racing"
urlpatterns = [path("races/<int:race_id>/", RaceDetailApi.as_view(), name="race-detail")]
