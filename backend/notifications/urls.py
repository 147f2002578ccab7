from django.urls import path

from .apis import PreferencesApi
from .views import unsubscribe_view

app_name = "notifications"
urlpatterns = [
    path("preferences/", PreferencesApi.as_view(), name="preferences"),
    # An HTML page, not JSON: the target of every email's List-Unsubscribe header.
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
]
