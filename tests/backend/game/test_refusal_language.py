"""The game's refusals come in the reader's language (Accept-Language): a French player is
told in French why a pick, a round or an operator's season was refused."""

from __future__ import annotations

from typing import Any

import pytest

from backend.game.models import Round
from backend.racing.models import Runner

from .conftest import url

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Le n° 4 est non-partant."), ("en", "Runner 4 is a non-runner.")],
)
def test_a_non_runner_is_refused_in_the_readers_language(
    rnd: Round, owner: Any, api_as: Any, language: str, expected: str
) -> None:
    Runner.objects.filter(race=rnd.race, number=4).update(status=Runner.Status.NON_RUNNER)
    response = api_as(owner).put(
        url(f"rounds/{rnd.pk}/pick/"),
        {"win": 4, "place": 1},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json() == {"detail": expected, "code": "non_runner"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Pas de partants n° 11, 12 dans cette course."),
        ("en", "No runner 11, 12 in this race."),
    ],
)
def test_unknown_runners_are_refused_in_the_readers_language(
    rnd: Round, owner: Any, api_as: Any, language: str, expected: str
) -> None:
    response = api_as(owner).put(
        url(f"rounds/{rnd.pk}/pick/"),
        {"win": 11, "place": 12},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    assert response.json() == {"detail": expected, "code": "unknown_runner"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Aucune manche de ce numéro."), ("en", "No such round.")],
)
def test_a_missing_round_is_answered_in_the_readers_language(
    owner: Any, api_as: Any, language: str, expected: str
) -> None:
    response = api_as(owner).get(url("rounds/999999/"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {"detail": expected, "code": "not_found"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "La saison se termine avant de commencer."),
        ("en", "The season ends before it starts."),
    ],
)
def test_an_operators_refusal_comes_in_the_readers_language(
    operator: Any, api_as: Any, language: str, expected: str
) -> None:
    body = {"name_en": "Summer", "starts_on": "2026-06-01", "ends_on": "2026-05-01"}
    response = api_as(operator).post(
        url("operator/seasons/"), body, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert response.json() == {"detail": expected, "code": "invalid_dates"}


def test_a_french_refusal_keeps_french_typography(rnd: Round, owner: Any, api_as: Any) -> None:
    rnd.status = Round.Status.VOID
    rnd.save(update_fields=["status"])
    response = api_as(owner).put(
        url(f"rounds/{rnd.pk}/pick/"),
        {"win": 1, "place": 2},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Les pronostics de cette manche sont fermés{NBSP}: la manche est annulée."
    )
