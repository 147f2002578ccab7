from django.urls import path

from .apis import MeApi, MeExportApi

app_name = "accounts"
urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("me/export/", MeExportApi.as_view(), name="me-export"),
]
