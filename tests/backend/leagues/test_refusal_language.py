"""The leagues' refusals come in the reader's language (Accept-Language)."""

from __future__ import annotations

from typing import Any

import pytest

from backend.accounts.models import User
from backend.leagues.models import InviteCode, League, Membership
from tests.factories import LeagueFactory, UserFactory

pytestmark = pytest.mark.django_db


def _code(league: League) -> str:
    return InviteCode.objects.filter(league=league, revoked_at__isnull=True).latest("id").code


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Cette ligue est complète."), ("en", "This league is full.")],
)
def test_a_full_league_is_refused_in_the_readers_language(
    api_as: Any, owner: User, outsider: User, language: str, expected: str
) -> None:
    league = LeagueFactory(owner=owner, member_limit=2)
    Membership.objects.create(league=league, player=UserFactory())
    response = api_as(outsider).post(
        f"/api/v1/leagues/join/{_code(league)}/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 409
    assert response.json() == {"detail": expected, "code": "league_full"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Ce lien d\u2019invitation n\u2019est plus valide."),
        ("en", "This invitation link is not valid any more."),
    ],
)
def test_a_bad_invite_is_refused_in_the_readers_language(
    api_as: Any, outsider: User, language: str, expected: str
) -> None:
    response = api_as(outsider).post(
        "/api/v1/leagues/join/NOSUCHCODE/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 404
    assert response.json() == {"detail": expected, "code": "invalid_invite"}
