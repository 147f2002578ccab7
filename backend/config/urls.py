from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from backend.common.health import healthz

api_v1 = [
    path("accounts/", include("backend.accounts.urls")),
    path("racing/", include("backend.racing.urls")),
    path("game/", include("backend.game.urls")),
    path("leagues/", include("backend.leagues.urls")),
    path("notifications/", include("backend.notifications.urls")),
    path("community/", include("backend.community.urls")),
    path("handoff/", include("backend.handoff.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("_allauth/", include("allauth.headless.urls")),
    path("accounts/", include("allauth.urls")),
]
