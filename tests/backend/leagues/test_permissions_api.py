"""The permission matrix: every league endpoint for anonymous, outsider, operator, member,
manager and owner. An outsider learns nothing of a private league (404, never 403)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.accounts.models import User
from backend.leagues.models import EmailInvitation, League
from tests.factories import MembershipFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

ANON = (401, 403)
PERSONAS = ("anonymous", "outsider", "operator", "member", "manager", "owner")

# (method, path under the league, body, expected status per persona in PERSONAS order)
PRIVATE_MATRIX = [
    ("get", "", None, (ANON, 404, 404, 200, 200, 200)),
    ("patch", "", {"description": "x"}, (ANON, 404, 404, 403, 200, 200)),
    ("delete", "", None, (ANON, 404, 404, 403, 403, 204)),
    ("get", "members/", None, (ANON, 404, 404, 200, 200, 200)),
    ("patch", "members/{victim}/", {"role": "manager"}, (ANON, 404, 404, 403, 403, 200)),
    ("delete", "members/{victim}/", None, (ANON, 404, 404, 403, 204, 204)),
    ("delete", "members/{owner}/", None, (ANON, 404, 404, 403, 403, 400)),
    ("post", "transfer/", {"player_id": "{victim}"}, (ANON, 404, 404, 403, 403, 200)),
    ("post", "leave/", None, (ANON, 404, 404, 204, 204, 409)),
    ("post", "join/", None, (ANON, 404, 404, 200, 200, 200)),
    ("get", "invite/", None, (ANON, 404, 404, 200, 200, 200)),
    ("get", "codes/", None, (ANON, 404, 404, 403, 200, 200)),
    ("post", "codes/", {"max_uses": 3}, (ANON, 404, 404, 403, 201, 201)),
    ("post", "codes/regenerate/", {}, (ANON, 404, 404, 403, 201, 201)),
    ("delete", "codes/{code}/", None, (ANON, 404, 404, 403, 204, 204)),
    ("get", "invitations/", None, (ANON, 404, 404, 403, 200, 200)),
    ("post", "invitations/", {"email": "f@example.com"}, (ANON, 404, 404, 403, 201, 201)),
    ("delete", "invitations/{invitation}/", None, (ANON, 404, 404, 403, 204, 204)),
    ("get", "table/", None, (ANON, 404, 404, 200, 200, 200)),
    ("get", "rounds/{round}/", None, (ANON, 404, 404, 200, 200, 200)),
]

# A public league: everyone signed in sees it and may join; managing still needs the role.
PUBLIC_MATRIX = [
    ("get", "", None, (ANON, 200, 200, 200, 200, 200)),
    ("patch", "", {"description": "x"}, (ANON, 403, 403, 403, 200, 200)),
    ("delete", "", None, (ANON, 403, 403, 403, 403, 204)),
    ("get", "members/", None, (ANON, 200, 200, 200, 200, 200)),
    ("delete", "members/{victim}/", None, (ANON, 403, 403, 403, 204, 204)),
    ("post", "transfer/", {"player_id": "{victim}"}, (ANON, 403, 403, 403, 403, 200)),
    ("post", "join/", None, (ANON, 201, 201, 200, 200, 200)),
    ("get", "invite/", None, (ANON, 403, 403, 200, 200, 200)),
    ("get", "codes/", None, (ANON, 403, 403, 403, 200, 200)),
    ("post", "codes/regenerate/", {}, (ANON, 403, 403, 403, 201, 201)),
    ("post", "invitations/", {"email": "f@example.com"}, (ANON, 403, 403, 403, 201, 201)),
    ("get", "table/", None, (ANON, 200, 200, 200, 200, 200)),
    ("get", "rounds/{round}/", None, (ANON, 200, 200, 200, 200, 200)),
]


def _cases(matrix: list[Any]) -> list[Any]:
    return [
        pytest.param(method, path, body, persona, expected[i], id=f"{method} {path} {persona}")
        for method, path, body, expected in matrix
        for i, persona in enumerate(PERSONAS)
    ]


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _call(
    *,
    api_as: Any,
    personas: dict[str, Any],
    league: League,
    method: str,
    path: str,
    body: Any,
    persona: str,
) -> Any:
    victim = MembershipFactory(league=league, player=UserFactory(display_name="Victim")).player
    ids = {
        "victim": victim.pk,
        "owner": league.owner_id,
        "code": league.invite_codes.get().pk,
        "invitation": EmailInvitation.objects.create(
            league=league, email="p@example.com", expires_at=timezone.now() + dt.timedelta(days=1)
        ).pk,
        "round": RoundFactory(status="open", locks_at=timezone.now() + dt.timedelta(hours=2)).pk,
    }
    client = api_as(personas[persona])
    url = f"/api/v1/leagues/{league.public_id}/{_fill(path, ids)}"
    return getattr(client, method)(url, _fill(body, ids), format="json")


def _check(response: Any, expected: Any) -> None:
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in allowed, (response.status_code, getattr(response, "data", ""))


@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), _cases(PRIVATE_MATRIX))
def test_it_enforces_the_private_league_matrix(
    *,
    api_as: Any,
    personas: Any,
    league: League,
    method: str,
    path: str,
    body: Any,
    persona: str,
    expected: Any,
    eager_celery: None,
) -> None:
    response = _call(
        api_as=api_as,
        personas=personas,
        league=league,
        method=method,
        path=path,
        body=body,
        persona=persona,
    )
    _check(response, expected)


@pytest.mark.parametrize(("method", "path", "body", "persona", "expected"), _cases(PUBLIC_MATRIX))
def test_it_enforces_the_public_league_matrix(
    *,
    api_as: Any,
    personas: Any,
    public_league: League,
    manager: Any,
    member: Any,
    method: str,
    path: str,
    body: Any,
    persona: str,
    expected: Any,
    eager_celery: None,
) -> None:
    MembershipFactory(league=public_league, player=manager, role="manager")
    MembershipFactory(league=public_league, player=member)
    response = _call(
        api_as=api_as,
        personas=personas,
        league=public_league,
        method=method,
        path=path,
        body=body,
        persona=persona,
    )
    _check(response, expected)


def test_it_answers_the_same_404_for_a_private_league_as_for_none(
    api_as: Any, league: League, outsider: Any
) -> None:
    hidden = api_as(outsider).get(f"/api/v1/leagues/{league.public_id}/")
    missing = api_as(outsider).get("/api/v1/leagues/zzzzzzzzzz/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize(
    ("path", "body"),
    [("invitations/", {}), ("codes/", {"max_uses": 0}), ("codes/regenerate/", {"max_uses": -1})],
)
def test_a_member_hears_403_before_any_word_on_the_body(
    api_as: Any, league: League, member: User, path: str, body: dict[str, Any]
) -> None:
    """Only managers invite or make codes: a plain member is refused for the role, not
    told what is wrong with a body they may not send at all."""
    response = api_as(member).post(
        f"/api/v1/leagues/{league.public_id}/{path}", body, format="json"
    )
    assert response.status_code == 403, response.content[:200]
    assert response.json()["code"] == "permission_denied"
