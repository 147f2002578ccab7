"""Found by search engines: robots.txt, a sitemap of the public pages that all answer, and a
title, description and canonical URL per page in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def head(body: str, pattern: str) -> list[str]:
    return re.findall(pattern, body.split("</head>", maxsplit=1)[0])


def test_robots_txt_is_text_that_names_the_sitemap(built: Path) -> None:
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "<html" not in text
    assert text.splitlines()[0] == "User-agent: *"
    assert "Disallow: /api/" in text.splitlines()
    assert "Sitemap: https://paddock.example/sitemap.xml" in text.splitlines()
    # The pages a player opens stay crawlable (Lighthouse and search engines read them).
    for line in text.splitlines():
        if line.startswith("Disallow: "):
            path = line.removeprefix("Disallow: ")
            assert not any(p.startswith(path) for p in ("/", "/pick", "/rankings", "/leagues"))


def test_every_sitemap_url_is_a_public_page_that_answers_200_anonymously(built: Path) -> None:
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", NS)]
    assert "https://paddock.example/" in locs
    assert len(locs) == len(set(locs)) >= 2
    anonymous = Client()
    for loc in locs:
        parts = urlsplit(loc)
        assert (parts.scheme, parts.netloc) == ("https", "paddock.example"), loc
        page = anonymous.get(parts.path)
        assert page.status_code == 200, loc
        assert head(page.content.decode(), r'<link rel="canonical" href="([^"]+)">') == [loc]


@pytest.mark.parametrize(
    ("path", "lang", "title", "description"),
    [
        ("/", "en", "Paddock", "free weekly horse-racing prediction game"),
        ("/", "fr", "Paddock", "jeu gratuit de pronostics hippiques"),
        ("/pick", "en", "Pick · Paddock", "before the lock"),
        ("/pick", "fr", "Pronostic · Paddock", "avant le départ"),
        ("/rankings", "fr", "Classements · Paddock", "classement"),
        ("/leagues/3f9x", "en", "Leagues · Paddock", "leagues"),
        ("/community/topics/4", "fr", "Communauté · Paddock", "fil pour chaque course"),
        ("/no-such-page", "en", "Paddock", "horse-racing"),
    ],
)
def test_each_page_has_its_title_and_description_in_the_readers_language(
    built: Path, path: str, lang: str, title: str, description: str
) -> None:
    body = Client(headers={"accept-language": lang}).get(path).content.decode()
    assert f'<html lang="{lang}">' in body
    assert head(body, r"<title>([^<]*)</title>") == [title]
    [content] = head(body, r'<meta name="description" content="([^"]+)">')
    assert description in content
    assert head(body, r'<link rel="canonical" href="([^"]+)">') == [
        "https://paddock.example" + path.rstrip("/") if path != "/" else "https://paddock.example/"
    ]


def test_a_signed_in_player_reads_the_shell_in_their_own_language(built: Path) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(UserFactory.create(language="fr"))
    body = client.get("/results").content.decode()
    assert head(body, r"<title>([^<]*)</title>") == ["Résultats · Paddock"]


def test_the_shell_inlines_its_stylesheet_and_preloads_its_entry(built: Path) -> None:
    response = Client().get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    body = Client().get("/").content.decode()
    # No render-blocking stylesheet request; its url() now resolve from the page.
    assert '<link rel="stylesheet"' not in body
    assert "<style>body{background:url(/static/assets/bg-DDDDDDDD.png)}</style>" in body
    assert '<link rel="modulepreload" href="/static/assets/index-AAAAAAAA.js">' in body


def test_the_shell_tells_the_app_whether_a_session_came_with_it(built: Path) -> None:
    pattern = r'<meta name="paddock-session" content="([a-z-]+)">'
    assert head(Client().get("/").content.decode(), pattern) == ["anonymous"]
    client = Client()
    client.force_login(UserFactory.create())
    assert head(client.get("/").content.decode(), pattern) == ["signed-in"]
