"""Django serves the built web app for every path that is not the API's, the admin's…"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from backend.web.views import entry_assets
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MANIFEST = {
    "index.html": {
        "file": "assets/index-AAAAAAAA.js",
        "isEntry": True,
        "src": "index.html",
        "imports": ["_react-BBBBBBBB.js"],
        "dynamicImports": ["src/pages/Pick.tsx"],
        "css": ["assets/index-CCCCCCCC.css"],
    },
    "_react-BBBBBBBB.js": {"file": "assets/react-BBBBBBBB.js", "name": "react"},
    "src/pages/Pick.tsx": {
        "file": "assets/Pick-DDDDDDDD.js",
        "isDynamicEntry": True,
        "imports": ["index.html", "_react-BBBBBBBB.js"],
    },
}


@pytest.fixture
def built(tmp_path: Path, settings: Any) -> Path:
    """A fake build of the app: only its manifest matters to Django."""
    (tmp_path / ".vite").mkdir()
    (tmp_path / ".vite" / "manifest.json").write_text(json.dumps(MANIFEST))
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/pick",
        "/results",
        "/rankings",
        "/profile",
        "/leagues",
        "/leagues/3f9x",
        "/leagues/join/Zk3_-aB9",
        "/account/login",
        "/account/verify-email/MQ%3A1tUV9z%3Aabc",
        "/account/password/reset/4-cdk3j4-abcdef",
        "/apiary",
        "/administration",
    ],
)
def test_it_serves_the_app_for_client_routes(built: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<div id="root"></div>' in body
    assert '<script type="module" src="/static/assets/index-AAAAAAAA.js"></script>' in body
    assert '<link rel="modulepreload" href="/static/assets/react-BBBBBBBB.js">' in body
    assert '<link rel="stylesheet" href="/static/assets/index-CCCCCCCC.css">' in body
    # Lazy pages load on demand, not with the first page.
    assert "Pick-" not in body
    assert response["Cache-Control"] == "no-cache"


def test_a_signed_in_page_preloads_its_own_chunk_a_visitors_does_not(built: Path) -> None:
    client = Client()
    assert "Pick-" not in client.get("/pick").content.decode()
    client.force_login(UserFactory.create())
    body = client.get("/pick").content.decode()
    assert '<link rel="modulepreload" href="/static/assets/Pick-DDDDDDDD.js">' in body
    assert body.count("react-BBBBBBBB.js") == 1  # what the entry preloads already, once
    assert "Pick-" not in client.get("/rankings").content.decode()


def test_it_sets_the_csrf_cookie_the_app_sends_back(built: Path) -> None:
    response = Client().get("/pick")
    assert response.cookies["csrftoken"].value


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/no-such-endpoint/", 404),
        ("/api/schema/", 200),
        ("/admin/", 302),
        ("/admin", 301),
        ("/healthz", 200),
        ("/_allauth/browser/v1/config", 200),
        ("/accounts/no-such-page/", 404),
        ("/static/no-such-file.js", 404),
    ],
)
def test_it_leaves_server_paths_alone(built: Path, path: str, status: int) -> None:
    response = Client().get(path)
    assert response.status_code == status
    assert b'<div id="root">' not in response.content


def test_it_answers_503_with_the_fix_when_the_app_is_not_built(
    tmp_path: Path, settings: Any
) -> None:
    settings.FRONTEND_DIST = tmp_path / "missing"
    response = Client().get("/leagues")
    assert response.status_code == 503
    assert b"web app not built: run make frontend" in response.content.lower()


def test_it_refuses_writes_to_app_routes(built: Path) -> None:
    assert Client().post("/pick").status_code in (403, 405)


def test_it_preloads_the_whole_static_import_graph_once() -> None:
    manifest = {
        "index.html": {"file": "a.js", "imports": ["_b", "_c"], "css": ["a.css"]},
        "_b": {"file": "b.js", "imports": ["_c"], "css": ["b.css"]},
        "_c": {"file": "c.js", "imports": ["_b"]},
    }
    assert entry_assets(manifest) == ("a.js", ["b.js", "c.js"], ["a.css", "b.css"])
