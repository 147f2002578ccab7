from django.urls import path

from .apis import MeApi

app_name = "accounts"
urlpatterns = [path("me/", MeApi.as_view(), name="me")]
