"""Installable: a valid web app manifest with its icons, a service worker and an offline page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

pytestmark = pytest.mark.django_db

REQUIRED = ("id", "name", "short_name", "start_url", "scope", "display", "icons", "theme_color")


def validate_manifest(data: dict[str, Any], public: Path) -> list[str]:
    """What a browser would refuse to install, as messages (empty: valid)."""
    errors = [f"missing {key}" for key in REQUIRED if not data.get(key)]
    if data.get("display") not in ("standalone", "fullscreen", "minimal-ui"):
        errors.append("display must make it an app")
    if len(str(data.get("short_name", ""))) > 12:
        errors.append("short_name longer than 12")
    sizes = set()
    for icon in data.get("icons", []):
        path = public / str(icon["src"]).removeprefix("/static/")
        if not path.is_file():
            errors.append(f"icon {icon['src']} missing")
            continue
        with Image.open(path) as image:
            width, height = image.size
            if image.format != "PNG" or f"{width}x{height}" != icon["sizes"]:
                errors.append(f"icon {icon['src']} is not a {icon['sizes']} PNG")
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    needed = (("192x192", "any"), ("512x512", "any"), ("512x512", "maskable"))
    errors += [
        f"no {purpose} icon of {size}" for size, purpose in needed if (size, purpose) not in sizes
    ]
    return errors


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_manifest_is_valid_and_its_icons_exist(built: Path, settings: Any, lang: str) -> None:
    response = Client(headers={"accept-language": lang}).get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["lang"] == lang
    assert validate_manifest(data, Path(settings.REPO_DIR) / "frontend" / "public") == []


def test_the_validator_refuses_a_broken_manifest(settings: Any) -> None:
    public = Path(settings.REPO_DIR) / "frontend" / "public"
    broken = {
        "name": "Paddock",
        "display": "browser",
        "icons": [
            {"src": "/static/icons/none.png", "sizes": "192x192"},
            {"src": "/static/icons/icon-512.png", "sizes": "192x192"},
        ],
    }
    errors = validate_manifest(broken, public)
    assert "missing start_url" in errors
    assert "display must make it an app" in errors
    assert "icon /static/icons/none.png missing" in errors
    assert "icon /static/icons/icon-512.png is not a 192x192 PNG" in errors


def test_the_shell_links_the_manifest(built: Path) -> None:
    assert (
        '<link rel="manifest" href="/manifest.webmanifest">' in Client().get("/").content.decode()
    )


def test_the_service_worker_is_served_for_the_whole_site_and_revalidated(built: Path) -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert b'url.pathname.startsWith("/api/")' in response.content


def test_the_offline_page_says_so_in_both_languages(built: Path) -> None:
    body = Client().get("/offline").content.decode()
    assert "You are offline" in body
    assert "Vous êtes hors ligne" in body
