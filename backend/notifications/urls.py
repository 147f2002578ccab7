from django.urls import path

from .apis import PreferencesApi
from .push_apis import (
    PushPreferencesApi,
    PushStateApi,
    PushSubscriptionsApi,
    PushUnsubscribeApi,
)
from .views import unsubscribe_view

app_name = "notifications"
urlpatterns = [
    path("preferences/", PreferencesApi.as_view(), name="preferences"),
    path("push/", PushStateApi.as_view(), name="push"),
    path("push/subscriptions/", PushSubscriptionsApi.as_view(), name="push-subscriptions"),
    path("push/unsubscribe/", PushUnsubscribeApi.as_view(), name="push-unsubscribe"),
    path("push/preferences/", PushPreferencesApi.as_view(), name="push-preferences"),
    # An HTML page, not JSON: the target of every email's List-Unsubscribe header.
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
]
