"""Serve the built single-page app (frontend/dist) for every path that is not the API's.

Vite builds the app with `base: "/static/"` and a manifest (`dist/.vite/manifest.json`); the
page below loads its entry chunk and preloads the chunks it imports. Asset URLs are Vite's
own content-hashed names under STATIC_URL, never re-hashed by Django's storage: chunks import
each other by those names, and one module under two URLs would run twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import resolve, reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from backend.web import share
from backend.web.meta import LANGS, PageMeta, absolute, page_meta

ENTRY = "index.html"

log = logging.getLogger(__name__)

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


def _inline_css(dist: Path, name: str) -> str | None:
    """A built stylesheet's text to inline in the page (no render-blocking request), if built."""
    try:
        text = (dist / name).read_text(encoding="utf-8")
    except OSError:
        return None
    # Relative url() in the sheet resolve against its own folder, not the page's.
    folder = f"{settings.STATIC_URL}{name.rsplit('/', 1)[0]}/" if "/" in name else ""
    return text.replace("url(./", f"url({folder}").replace("</style", "<\\/style")


def _meta_tags(meta: PageMeta) -> list[str]:
    tags = [
        f"<title>{escape(meta.title)}</title>",
        f'<meta name="description" content="{escape(meta.description)}">',
        f'<link rel="canonical" href="{escape(meta.canonical)}">',
    ]
    if meta.image:
        pairs = [
            ("og:type", "website"),
            ("og:site_name", "Paddock"),
            ("og:title", meta.title),
            ("og:description", meta.description),
            ("og:url", meta.canonical),
            ("og:image", meta.image),
            ("og:image:width", str(share.WIDTH)),
            ("og:image:height", str(share.HEIGHT)),
            ("og:image:alt", meta.image_alt),
            ("og:locale", "fr_FR" if meta.lang == "fr" else "en_GB"),
        ]
        tags += [f'<meta property="{k}" content="{escape(v)}">' for k, v in pairs]
        cards = [
            ("twitter:card", "summary_large_image"),
            ("twitter:title", meta.title),
            ("twitter:description", meta.description),
            ("twitter:image", meta.image),
            ("twitter:image:alt", meta.image_alt),
        ]
        tags += [f'<meta name="{k}" content="{escape(v)}">' for k, v in cards]
    return tags


# A signed-in player's page loads its own chunk on demand; the page names it at once instead,
# so it downloads beside the entry, not after it (one round trip less before the content).
ROUTE_CHUNKS = {
    "/pick": "src/pages/Pick.tsx",
    "/results": "src/pages/Results.tsx",
    "/rankings": "src/pages/Rankings.tsx",
    "/profile": "src/pages/Profile.tsx",
    "/leagues": "src/pages/Leagues.tsx",
    "/community": "src/pages/community/Community.tsx",
}


def route_chunks(manifest: dict[str, Any], path: str) -> list[str]:
    """The route's lazy chunk and what it imports beyond the entry, in load order."""
    key = ROUTE_CHUNKS.get("/" + path.strip("/"))
    if key is None or key not in manifest:
        return []
    files: list[str] = []
    pending = [key]
    while pending:
        name = pending.pop(0)
        chunk = manifest.get(name)
        if chunk is None or name == ENTRY or chunk["file"] in files:
            continue
        files.append(chunk["file"])
        pending.extend(chunk.get("imports", []))
    return files


# The first answers a signed-in page asks for, sent inside the page (a JSON data block, never
# run: the CSP holds; src/api/client.ts uses each once), so its content waits for the script
# only, not for the script and then one round trip after another.
ME = "/api/v1/accounts/me/"
ROUTE_ANSWERS = {
    "/pick": ["/api/v1/game/rounds/?when=current"],
    "/results": ["/api/v1/game/rounds/?when=past"],
    "/rankings": ["/api/v1/game/seasons/current/"],
    # The missions' card sits above the figures: it comes with them, or they would move.
    "/profile": [
        "/api/v1/game/seasons/current/",
        "/api/v1/game/me/picks/",
        "/api/v1/community/missions/",
    ],
    "/leagues": ["/api/v1/leagues/"],
}


def _api_answer(request: HttpRequest, url: str) -> Any | None:
    """The API's answer to a GET of `url` as this player, or None unless it is a 200."""
    path, _, query = url.partition("?")
    match = resolve(path)
    inner = HttpRequest()
    inner.method = "GET"
    inner.path = inner.path_info = path
    # JSON, whatever the browser accepted for the page (else the browsable API's HTML).
    inner.META = {
        **request.META,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_ACCEPT": "application/json",
    }
    inner.GET = QueryDict(query)
    inner.COOKIES = request.COOKIES
    inner.user = request.user
    inner.session = request.session
    try:
        response = match.func(inner, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200:
            return None
        return json.loads(response.content)
    except Exception:  # a page must never fail for an answer it can ask again itself
        log.exception("page answer %s failed", url)
        return None


def page_answers(request: HttpRequest, path: str) -> dict[str, Any]:
    """The signed-in player's first API answers for this route, by URL (path and query)."""
    answers = {}
    for url in [ME, *ROUTE_ANSWERS.get("/" + path.strip("/"), [])]:
        body = _api_answer(request, url)
        if body is not None:
            answers[url] = body
    return answers


def render_index(
    manifest: dict[str, Any],
    meta: PageMeta,
    dist: Path | None = None,
    *,
    signed_in: bool = True,
    path: str = "",
    answers: dict[str, Any] | None = None,
) -> str:
    script, preloads, styles = entry_assets(manifest)
    if signed_in:
        preloads += [f for f in route_chunks(manifest, path) if f not in preloads]
    static = settings.STATIC_URL

    def url(name: str) -> str:
        return escape(f"{static}{name}")

    head = _meta_tags(meta)
    # The app asks who is signed in only when a session came with the page (src/auth.tsx).
    head.append(
        f'<meta name="paddock-session" content="{"signed-in" if signed_in else "anonymous"}">'
    )
    for css in styles:
        inline = _inline_css(dist, css) if dist is not None else None
        head.append(
            f"<style>{inline}</style>"
            if inline is not None
            else f'<link rel="stylesheet" href="{url(css)}">'
        )
    head.append(f'<link rel="modulepreload" href="{url(script)}">')
    head += [f'<link rel="modulepreload" href="{url(chunk)}">' for chunk in preloads]
    return (
        "<!doctype html>\n"
        f'<html lang="{meta.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="theme-color" content="#0b5d3b">\n'
        f'<link rel="icon" href="{url("favicon.svg")}" type="image/svg+xml">\n'
        f'<link rel="manifest" href="/manifest.webmanifest">\n'
        f'<link rel="apple-touch-icon" href="{url("icons/apple-touch-icon.png")}">\n'
        + "\n".join(head)
        + f'\n<script type="module" src="{url(script)}"></script>\n'
        "</head>\n<body>\n"
        '<div id="root"></div>\n'
        + (
            '<script type="application/json" id="paddock-answers">'
            + json.dumps(answers, separators=(",", ":")).replace("<", "\\u003c")
            + "</script>\n"
            if answers
            else ""
        )
        + "<noscript>Paddock needs JavaScript. / Paddock a besoin de JavaScript.</noscript>\n"
        "</body>\n</html>\n"
    )


def shell_meta(request: HttpRequest, path: str) -> PageMeta:
    """The route's title and description, with a preview card for invites and rounds."""
    meta = page_meta(request, path)
    parts = [p for p in path.split("/") if p]
    card, kind = None, ""
    if len(parts) == 3 and parts[:2] == ["leagues", "join"]:
        card, kind = share.invite_card(parts[2], meta.lang), "invite"
    elif len(parts) == 2 and parts[0] == "rounds":
        card, kind = share.round_card(parts[1], meta.lang), "round"
    if card is None:
        return meta
    image = absolute(
        reverse("og-card", kwargs={"lang": meta.lang, "kind": kind, "key": parts[-1]})
        + f"?v={card.version}"
    )
    return replace(
        meta,
        title=card.title,
        description=card.description,
        image=image,
        image_alt=share.TEXT[meta.lang]["alt"].format(title=card.heading, line=card.line),
    )


@require_safe
@ensure_csrf_cookie
@gzip_page
def spa_index(request: HttpRequest, path: str = "") -> HttpResponse:
    """The app's page for any client-side route; 503 with the fix when it is not built."""
    dist = _dist_dir()
    manifest = read_manifest(dist)
    if manifest is None:
        return HttpResponse(NOT_BUILT, status=503, content_type="text/html; charset=utf-8")
    signed_in = bool(request.user.is_authenticated)
    meta = shell_meta(request, path)
    answers = page_answers(request, path) if signed_in else None
    page = render_index(manifest, meta, dist, signed_in=signed_in, path=path, answers=answers)
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    # The page names the current chunks: it must never outlive a deploy in a cache.
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@require_safe
def og_card(request: HttpRequest, lang: str, kind: str, key: str) -> HttpResponse:
    """The preview PNG of an invite or a round (404 for a dead code or an unknown round)."""
    make = share.invite_card if kind == "invite" else share.round_card
    card = make(key, lang) if lang in LANGS else None
    if card is None:
        raise Http404("No preview for this link.")
    response = HttpResponse(share.card_png(card), content_type="image/png")
    # The URL carries the content version (?v=): a new week or a new name is a new URL.
    response["Cache-Control"] = "public, max-age=86400"
    return response
