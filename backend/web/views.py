"""Serve the built single-page app (frontend/dist) for every path that is not the API's.

Vite builds the app with `base: "/static/"` and a manifest (`dist/.vite/manifest.json`); the
page below loads its entry chunk and preloads the chunks it imports. Asset URLs are Vite's
own content-hashed names under STATIC_URL, never re-hashed by Django's storage: chunks import
each other by those names, and one module under two URLs would run twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

ENTRY = "index.html"

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Paddock: web app not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.5">
<h1>Web app not built: run make frontend</h1>
<p>The player web app has not been built into <code>frontend/dist</code> yet.
Run <code>make frontend</code> (or <code>make run</code>), then reload this page.
The API is up: <a href="/api/docs/">/api/docs/</a>.</p>
</body></html>
"""


def _dist_dir() -> Path:
    return Path(settings.FRONTEND_DIST)


def read_manifest(dist: Path) -> dict[str, Any] | None:
    """The Vite manifest, or None when the app has not been built."""
    path = dist / ".vite" / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and ENTRY in data else None


def entry_assets(manifest: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """The entry script, the chunks it imports (to preload), and every stylesheet."""
    entry = manifest[ENTRY]
    preloads: list[str] = []
    styles: list[str] = list(entry.get("css", []))
    seen: set[str] = set()
    pending = list(entry.get("imports", []))
    while pending:
        key = pending.pop(0)
        if key in seen or key not in manifest:
            continue
        seen.add(key)
        chunk = manifest[key]
        preloads.append(chunk["file"])
        styles.extend(css for css in chunk.get("css", []) if css not in styles)
        pending.extend(chunk.get("imports", []))
    return entry["file"], preloads, styles


def render_index(manifest: dict[str, Any]) -> str:
    script, preloads, styles = entry_assets(manifest)
    static = settings.STATIC_URL

    def url(name: str) -> str:
        return escape(f"{static}{name}")

    head = [f'<link rel="stylesheet" href="{url(css)}">' for css in styles]
    head += [f'<link rel="modulepreload" href="{url(chunk)}">' for chunk in preloads]
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="theme-color" content="#0b5d3b">\n'
        "<title>Paddock</title>\n"
        f'<link rel="icon" href="{url("favicon.svg")}" type="image/svg+xml">\n'
        + "\n".join(head)
        + f'\n<script type="module" src="{url(script)}"></script>\n'
        "</head>\n<body>\n"
        '<div id="root"></div>\n'
        "<noscript>Paddock needs JavaScript. / Paddock a besoin de JavaScript.</noscript>\n"
        "</body>\n</html>\n"
    )


@require_safe
@ensure_csrf_cookie
def spa_index(request: HttpRequest, path: str = "") -> HttpResponse:
    """The app's page for any client-side route; 503 with the fix when it is not built."""
    manifest = read_manifest(_dist_dir())
    if manifest is None:
        return HttpResponse(NOT_BUILT, status=503, content_type="text/html; charset=utf-8")
    response = HttpResponse(render_index(manifest), content_type="text/html; charset=utf-8")
    # The page names the current chunks: it must never outlive a deploy in a cache.
    response["Cache-Control"] = "no-cache"
    return response
