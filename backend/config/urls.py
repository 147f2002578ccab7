from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from backend.common.health import healthz
from backend.handoff.views import go_bet
from backend.live.views import websocket_only
from backend.racing.views import runner_silks
from backend.web import seo
from backend.web.views import og_card, spa_index

api_v1 = [
    path("accounts/", include("backend.accounts.urls")),
    path("racing/", include("backend.racing.urls")),
    path("game/", include("backend.game.urls")),
    path("leagues/", include("backend.leagues.urls")),
    path("notifications/", include("backend.notifications.urls")),
    path("community/", include("backend.community.urls")),
    path("handoff/", include("backend.handoff.urls")),
    path("operator/", include("backend.ops.urls")),
    path("live/", include("backend.live.urls")),
]

# Paths the web app must never answer: the API, the admin, allauth, health, static files,
# the websockets.
SPA_PATHS = r"^(?!(?:api|admin|_allauth|static|accounts|healthz|ws)(?:/|$))(?P<path>.*)$"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", seo.robots_txt, name="robots-txt"),
    path("sitemap.xml", seo.sitemap_xml, name="sitemap-xml"),
    path("manifest.webmanifest", seo.web_manifest, name="web-manifest"),
    path("sw.js", seo.service_worker, name="service-worker"),
    path("offline", seo.offline, name="offline"),
    # Link previews: the card drawn for an invite or a round (backend/web/share.py).
    re_path(
        r"^og/(?P<lang>en|fr)/(?P<kind>invite|round)/(?P<key>[A-Za-z0-9_-]{1,64})\.png$",
        og_card,
        name="og-card",
    ),
    # The runners' silks: our copy of the feed's image (the CSP allows no third-party image).
    path("silks/<int:runner_id>.png", runner_silks, name="runner-silks"),
    # "Bet it for real" links: a signed token, never a URL (docs/rules.md, "Betting offers").
    path("go/bet/<str:token>", go_bet, name="handoff-go-bet"),
    re_path(r"^ws/", websocket_only, name="websocket-only"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script from a URL: no inline script, the strict CSP holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("_allauth/", include("allauth.headless.urls")),
    path("accounts/", include("allauth.urls")),
    # Keep last: every other path is a route of the web app, which renders it in the browser.
    re_path(SPA_PATHS, spa_index, name="spa"),
]

# Unknown URLs under /api/ answer JSON like every API error (backend/common/errors.py).
handler404 = "backend.common.errors.page_not_found"
