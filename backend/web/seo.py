"""Files crawlers, browsers and home screens ask for at the site's root.

robots.txt and sitemap.xml (the public pages only), the web app manifest (installable app), the
service worker at /sw.js (its scope is the whole site, so it cannot live under /static/) and the
offline page it shows when the network is gone.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from backend.web.meta import PUBLIC_PAGES, ROBOTS_DISALLOW, absolute, reader_language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

MANIFEST_TEXT = {
    "en": ("Paddock: the free horse-racing prediction game", "Pick a horse every week, free."),
    "fr": (
        "Paddock : le jeu gratuit de pronostics hippiques",
        "Un cheval chaque semaine, gratuit.",
    ),
}
ICON_SIZES = (192, 512)

OFFLINE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#0b5d3b">
<title>Offline · Paddock</title>
<meta name="description" content="Paddock needs the network: you are offline.">
<style>
body{margin:0;min-height:100vh;display:grid;place-items:center;font:1rem/1.5 system-ui,sans-serif;
background:#f7f4ec;color:#17211c}
main{max-width:32rem;padding:1.5rem}h1{color:#0b5d3b;font-size:1.6rem;margin:0 0 .5rem}
@media (prefers-color-scheme:dark){body{background:#0f1a15;color:#e8efe9}h1{color:#7fd3a8}}
</style></head>
<body><main>
<h1>You are offline</h1>
<p>Paddock needs the network to show this week's race, your pick and the rankings.
Reconnect, then reload the page: nothing you saw here is out of date data.</p>
<h1 lang="fr">Vous êtes hors ligne</h1>
<p lang="fr">Paddock a besoin du réseau pour afficher la course, votre pronostic et les
classements. Reconnectez-vous puis rechargez la page.</p>
</main></body></html>
"""


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {absolute('/sitemap.xml')}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    urls = "".join(f"<url><loc>{xml_escape(absolute(path))}</loc></url>" for path in PUBLIC_PAGES)
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">{urls}</urlset>\n'
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def manifest_data(lang: str) -> dict[str, object]:
    name, description = MANIFEST_TEXT[lang]
    static = settings.STATIC_URL
    icons: list[dict[str, str]] = [
        {"src": f"{static}icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
        for size in ICON_SIZES
    ]
    icons.append(
        {
            "src": f"{static}icons/maskable-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    return {
        "id": "/",
        "name": name,
        "short_name": "Paddock",
        "description": description,
        "lang": lang,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#f7f4ec",
        "theme_color": "#0b5d3b",
        "icons": icons,
    }


@require_safe
def web_manifest(request: HttpRequest) -> HttpResponse:
    body = json.dumps(manifest_data(reader_language(request)), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The built service worker (frontend/public/sw.js), revalidated on every visit."""
    path = settings.FRONTEND_DIST / "sw.js"
    try:
        body = path.read_text(encoding="utf-8")
    except OSError:
        body = "// The web app is not built: no service worker.\n"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(OFFLINE_PAGE, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
