"""GET /api/v1/handoff/rounds/<id>/offer/: the actions, only for eligible players."""

from __future__ import annotations

from typing import Any

import pytest

from backend.community.services import round_thread_ensure
from backend.game.models import Round
from backend.handoff.models import HandoffClick, OfferImpression
from tests.backend.handoff.test_eligibility import INELIGIBLE
from tests.backend.handoff.test_notices import FR_NOTICE
from tests.factories import RoundFactory


def _offer_url(round_: Any, page: str | None = None) -> str:
    url = f"/api/v1/handoff/rounds/{round_.pk}/offer/"
    return f"{url}?page={page}" if page else url


def test_it_returns_the_actions_notice_and_community_link(
    api_as: Any, partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    response = api_as(owner).get(_offer_url(open_round, "pick"))
    assert response.status_code == 200
    body = response.json()
    assert body["reason"] is None
    assert body["community_url"] == f"/community/rounds/{open_round.pk}"
    offer = body["offer"]
    assert offer["partner"] == {"name": "Turf Partner", "slug": "turf-partner"}
    assert offer["page"] == "pick"
    assert offer["round"] == open_round.pk
    assert [(a["bet_kind"], a["runner"]) for a in offer["actions"]] == [("win", 7), ("place", 3)]
    assert all(a["url"].startswith("/go/bet/") for a in offer["actions"])
    assert offer["actions"][0]["runner_name"] == f"Horse {open_round.race.pk}-7"
    notice = offer["responsible_gambling"]
    assert notice["country"] == "FR"
    # France's mandatory message is shown as the arrêté writes it, whatever the language.
    assert notice["text"] == FR_NOTICE
    assert notice["source_reference"].startswith("Arrêté du 29 juillet 2022")
    assert notice["helpline_name"] == "Joueurs Info Service"
    assert notice["helpline_phone"] == "09 74 75 13 13"
    assert notice["helpline_url"] == "https://www.joueurs-info-service.fr/"
    assert not HandoffClick.objects.exists()  # showing links records nothing


def test_it_shows_the_notice_in_the_players_language(
    api_as: Any, partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    owner.language = "fr"
    owner.country = "GB"
    owner.save()
    notice = api_as(owner).get(_offer_url(open_round)).json()["offer"]["responsible_gambling"]
    assert notice["country"] == "GB"
    assert notice["text"].startswith("18+. Le jeu peut créer une dépendance")


@pytest.mark.usefixtures("partner", "pick")
@pytest.mark.parametrize("case", sorted(INELIGIBLE))
@pytest.mark.parametrize("page", ["pick", "results"])
def test_it_answers_no_offer_and_the_players_own_reason(
    api_as: Any, owner: Any, open_round: Any, case: str, page: str
) -> None:
    if page == "results":
        open_round.status = Round.Status.SETTLED
        open_round.save()
    make_ineligible, reason = INELIGIBLE[case]
    make_ineligible(owner)
    owner.refresh_from_db()
    response = api_as(owner).get(_offer_url(open_round, page))
    assert response.status_code == 200
    assert response.json()["offer"] is None
    assert response.json()["reason"] == reason.value
    assert "/go/bet/" not in response.content.decode()


@pytest.mark.parametrize("page", ["pick", "results", None])
@pytest.mark.usefixtures("partner", "pick")
def test_it_answers_no_offer_once_settled_on_any_page(
    api_as: Any, owner: Any, open_round: Any, page: str | None
) -> None:
    open_round.status = Round.Status.SETTLED
    open_round.save()
    body = api_as(owner).get(_offer_url(open_round, page)).json()
    assert body == {
        "offer": None,
        "reason": "round_closed",
        "reality_check": None,
        "community_url": f"/community/rounds/{open_round.pk}",
    }
    assert not OfferImpression.objects.exists()


def test_it_answers_no_offer_on_the_results_page_even_before_the_race(
    api_as: Any, partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    body = api_as(owner).get(_offer_url(open_round, "results")).json()
    assert (body["offer"], body["reason"]) == (None, "round_closed")


def test_it_answers_no_offer_to_a_player_without_a_pick(
    api_as: Any, partner: Any, outsider: Any, open_round: Any, pick: Any
) -> None:
    body = api_as(outsider).get(_offer_url(open_round)).json()
    assert body["offer"] is None
    assert body["reason"] == "no_pick"


def test_it_refuses_anonymous_players(api: Any, partner: Any, open_round: Any, pick: Any) -> None:
    assert api.get(_offer_url(open_round)).status_code in (401, 403)


def test_it_hides_unknown_and_draft_rounds(api_as: Any, partner: Any, owner: Any) -> None:
    draft = RoundFactory(status=Round.Status.DRAFT)
    assert api_as(owner).get(_offer_url(draft)).status_code == 404
    assert api_as(owner).get("/api/v1/handoff/rounds/999999/offer/").status_code == 404


def test_it_refuses_an_unknown_page(
    api_as: Any, partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    assert api_as(owner).get(_offer_url(open_round, "home")).status_code == 400


def test_it_links_to_the_rounds_thread_once_it_exists(
    api_as: Any, partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:

    thread = round_thread_ensure(round=open_round)
    body = api_as(owner).get(_offer_url(open_round, "pick")).json()
    assert body["community_url"] == f"/community/topics/{thread.pk}"
