"""The admin's round forms go through the game's services: no round the poller ignores,
that never opens, or whose lock does not follow its race."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from backend.game.models import Round
from tests.factories import RoundFactory, SeasonFactory, race_with_runners

pytestmark = pytest.mark.django_db

ADD = "/admin/game/round/add/"


def admin_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_adding_a_round_in_the_admin_features_the_race(operator: Any) -> None:
    season = SeasonFactory.create()
    RoundFactory.create(season=season, number=3)
    race = race_with_runners(3)

    response = admin_client(operator).post(ADD, {"season": season.pk, "race": race.pk}, follow=True)

    assert response.status_code == 200
    rnd = Round.objects.get(season=season, race=race)
    race.refresh_from_db()
    assert (rnd.number, rnd.locks_at, rnd.status) == (4, race.post_time, Round.Status.DRAFT)
    assert race.featured  # its result is polled
    assert any("fewer than 4" in str(m) for m in response.context["messages"])


def test_the_admin_refuses_featuring_a_race_twice(operator: Any) -> None:
    rnd = RoundFactory.create()

    response = admin_client(operator).post(ADD, {"season": rnd.season_id, "race": rnd.race_id})

    assert response.status_code == 200  # the form again, with the service's refusal
    assert b"already a round of the season" in response.content
    assert Round.objects.count() == 1


def test_the_change_form_shows_what_the_services_own_read_only(operator: Any) -> None:
    rnd = RoundFactory.create()
    url = f"/admin/game/round/{rnd.pk}/change/"
    client = admin_client(operator)

    form = client.get(url).context["adminform"].form
    client.post(url, {"locks_at_0": "2000-01-01", "locks_at_1": "00:00", "status": "draft"})

    assert set(form.fields) == set()  # an open round: nothing left to edit by hand
    fresh = Round.objects.get(pk=rnd.pk)
    assert (fresh.locks_at, fresh.status) == (rnd.locks_at, rnd.status)


def test_a_drafts_opening_time_may_move(operator: Any) -> None:
    rnd = RoundFactory.create(status=Round.Status.DRAFT, opens_at=None)

    form = (
        admin_client(operator).get(f"/admin/game/round/{rnd.pk}/change/").context["adminform"].form
    )

    assert set(form.fields) == {"opens_at"}


def test_a_round_is_never_deleted_in_the_admin_only_voided(operator: Any) -> None:
    """Its picks, scores and the season's table stand on it: deleting it would leave its
    points in the table with no round behind them."""
    rnd = RoundFactory.create(settled=True)
    client = admin_client(operator)

    assert client.get(f"/admin/game/round/{rnd.pk}/delete/").status_code == 403
    assert client.post(f"/admin/game/round/{rnd.pk}/delete/", {"post": "yes"}).status_code == 403
    listing = client.get("/admin/game/round/")
    assert "delete_selected" not in listing.content.decode()
    assert "void_rounds" in listing.content.decode()
    assert Round.objects.filter(pk=rnd.pk).exists()
