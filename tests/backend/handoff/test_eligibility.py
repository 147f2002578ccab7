"""One rule decides who gets a betting offer: betting_offer_for, and its bulk twin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from backend.game.models import Round
from backend.handoff.selectors.offers import (
    OFFER_SURFACES,
    Reason,
    Surface,
    betting_offer_check,
    betting_offer_for,
    eligible_player_ids,
    offers_for,
)
from backend.racing.models import Race, Runner
from tests.factories import (
    BettingPartnerFactory,
    NoticeFactory,
    PickFactory,
    PreferenceFactory,
    UserFactory,
    born_years_ago,
)


def _minor(player: Any) -> None:
    player.date_of_birth = born_years_ago(18) + dt.timedelta(days=1)  # 18 tomorrow
    player.save()


def _no_birth_date(player: Any) -> None:
    player.date_of_birth = None
    player.save()


def _opted_out(player: Any) -> None:
    PreferenceFactory(player=player, offers_enabled=False)


def _self_excluded(player: Any) -> None:
    PreferenceFactory(player=player, self_excluded_until=timezone.now() + dt.timedelta(days=180))


def _elsewhere(player: Any) -> None:
    player.country = "DE"
    player.save()


def _no_country(player: Any) -> None:
    player.country = ""
    player.save()


def _inactive(player: Any) -> None:
    player.is_active = False
    player.save()


# Each way a player must never get an action, with the reason they are told.
INELIGIBLE: dict[str, tuple[Callable[[Any], None], Reason]] = {
    "minor": (_minor, Reason.UNDERAGE),
    "no_birth_date": (_no_birth_date, Reason.AGE_UNKNOWN),
    "opted_out": (_opted_out, Reason.OPTED_OUT),
    "self_excluded": (_self_excluded, Reason.SELF_EXCLUDED),
    "wrong_country": (_elsewhere, Reason.COUNTRY),
    "no_country": (_no_country, Reason.COUNTRY),
    "inactive": (_inactive, Reason.INACTIVE),
}


def test_it_offers_a_win_and_a_place_action_on_the_players_pick(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    offer = betting_offer_for(player=owner, round=open_round)
    assert offer is not None
    assert offer.partner == partner
    assert offer.page == "pick"
    assert [(a.bet_kind, a.runner_number) for a in offer.actions] == [("win", 7), ("place", 3)]
    assert all(a.path.startswith("/go/bet/") for a in offer.actions)
    assert offer.notice.country == "FR"


@pytest.mark.parametrize("case", sorted(INELIGIBLE))
def test_it_gives_no_offer_to_an_ineligible_player(
    partner: Any, owner: Any, open_round: Any, pick: Any, case: str
) -> None:
    make_ineligible, reason = INELIGIBLE[case]
    make_ineligible(owner)
    owner.refresh_from_db()
    decision = betting_offer_check(player=owner, round=open_round)
    assert decision.offer is None
    assert decision.reason == reason


def test_it_offers_on_the_18th_birthday_and_not_the_day_before(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    owner.date_of_birth = born_years_ago(18)
    owner.save()
    assert betting_offer_for(player=owner, round=open_round) is not None
    owner.date_of_birth = born_years_ago(18) + dt.timedelta(days=1)
    owner.save()
    assert betting_offer_for(player=owner, round=open_round) is None


def test_it_applies_the_partners_minimum_age_of_the_players_country(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    partner.minimum_age_by_country = {"GB": 21}
    partner.save()
    owner.country = "GB"
    owner.date_of_birth = born_years_ago(20)
    owner.save()
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.UNDERAGE
    owner.country = "FR"
    owner.save()
    assert betting_offer_for(player=owner, round=open_round) is not None


def test_it_gives_no_offer_where_no_notice_is_configured(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    partner.countries = ["FR", "GB", "BE"]
    partner.save()
    owner.country = "BE"
    owner.save()
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.COUNTRY


def test_it_gives_no_offer_when_the_partner_is_inactive(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    partner.active = False
    partner.save()
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.COUNTRY


def test_it_shows_the_partner_with_the_lowest_priority_number(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    preferred = BettingPartnerFactory(countries=["FR"], priority=1)
    offer = betting_offer_for(player=owner, round=open_round)
    assert offer is not None
    assert offer.partner == preferred


def test_it_offers_again_once_a_self_exclusion_has_ended_and_offers_are_on(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    PreferenceFactory(player=owner, self_excluded_until=timezone.now() - dt.timedelta(seconds=1))
    assert betting_offer_for(player=owner, round=open_round) is not None


def test_it_offers_on_the_pick_page_only_before_the_lock(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    after_lock = open_round.locks_at + dt.timedelta(seconds=1)
    decision = betting_offer_check(player=owner, round=open_round, now=after_lock)
    assert decision.reason == Reason.ROUND_CLOSED
    open_round.status = Round.Status.LOCKED
    open_round.save()
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.ROUND_CLOSED


def test_it_offers_before_the_post_time_and_not_a_second_after(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    post_time = open_round.race.post_time
    before = betting_offer_check(
        player=owner, round=open_round, now=post_time - dt.timedelta(seconds=1)
    )
    assert before.offer is not None
    assert before.offer.page == "pick"
    at_the_off = betting_offer_check(player=owner, round=open_round, now=post_time)
    assert (at_the_off.offer, at_the_off.reason) == (None, Reason.ROUND_CLOSED)


@pytest.mark.parametrize("status", [Race.Status.RUNNING, Race.Status.PROVISIONAL])
def test_it_gives_no_offer_once_the_race_is_off_even_before_its_post_time(
    partner: Any, owner: Any, open_round: Any, pick: Any, status: str
) -> None:
    Race.objects.filter(pk=open_round.race_id).update(status=status)
    open_round.refresh_from_db()
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.ROUND_CLOSED


def test_it_never_offers_on_a_settled_round_whatever_the_page(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    open_round.status = Round.Status.SETTLED
    open_round.save()
    for page in (None, "pick", "results"):
        decision = betting_offer_check(player=owner, round=open_round, page=page)
        assert (decision.offer, decision.reason) == (None, Reason.ROUND_CLOSED)


@pytest.mark.parametrize(
    "surface",
    [
        Surface.RESULTS_PAGE,
        Surface.RESULTS_EMAIL,
        Surface.REMINDER_EMAIL,
        Surface.ROUND_OPEN_EMAIL,
        Surface.CORRECTION_EMAIL,
        "anything-else",
    ],
)
def test_only_the_pick_page_ever_carries_an_offer(
    partner: Any, owner: Any, open_round: Any, pick: Any, surface: str
) -> None:
    """Even for a race that has not started, a results page or any email gets no offer."""
    assert {Surface.PICK_PAGE} == OFFER_SURFACES
    decision = betting_offer_check(player=owner, round=open_round, page=surface)
    assert (decision.offer, decision.reason) == (None, Reason.ROUND_CLOSED)
    assert offers_for(player_ids=[owner.pk], round=open_round, page=surface) == {}
    assert betting_offer_check(player=owner, round=open_round, page=Surface.PICK_PAGE).offer
    assert set(offers_for(player_ids=[owner.pk], round=open_round, page=Surface.PICK_PAGE)) == {
        owner.pk
    }


@pytest.mark.parametrize("status", [Round.Status.DRAFT, Round.Status.VOID])
def test_it_gives_no_offer_on_a_draft_or_void_round(
    partner: Any, owner: Any, open_round: Any, pick: Any, status: str
) -> None:
    open_round.status = status
    open_round.save()
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.ROUND_CLOSED


def test_it_gives_no_offer_without_a_pick(partner: Any, owner: Any, open_round: Any) -> None:
    assert betting_offer_check(player=owner, round=open_round).reason == Reason.NO_PICK


def test_it_leaves_out_the_action_on_a_non_runner(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    Runner.objects.filter(race=open_round.race, number=7).update(status=Runner.Status.NON_RUNNER)
    offer = betting_offer_for(player=owner, round=open_round)
    assert offer is not None
    assert [(a.bet_kind, a.runner_number) for a in offer.actions] == [("place", 3)]


def _population(round_: Any) -> list[Any]:
    """Players of every kind, all with a pick on the round."""
    today = timezone.localdate()
    now = timezone.now()
    specs: list[dict[str, Any]] = [
        {},
        {"date_of_birth": born_years_ago(18)},
        {"date_of_birth": born_years_ago(18) + dt.timedelta(days=1)},
        {"date_of_birth": born_years_ago(17)},
        {"date_of_birth": None},
        {"country": "GB"},
        {"country": "GB", "date_of_birth": born_years_ago(20)},  # GB is 21 in this test
        {"country": "GB", "date_of_birth": born_years_ago(21)},
        {"country": "DE"},
        {"country": "BE"},  # shown by the partner, but no notice there
        {"country": ""},
        {"is_active": False},
        {"date_of_birth": dt.date(2000, 2, 29)},
    ]
    players = [UserFactory(**spec) for spec in specs]
    prefs: list[dict[str, Any]] = [
        {"offers_enabled": False},
        {"offers_enabled": True},
        {"self_excluded_until": now + dt.timedelta(days=365)},
        {"self_excluded_until": now + dt.timedelta(days=365), "offers_enabled": True},
        {"self_excluded_until": now - dt.timedelta(days=1), "offers_enabled": True},
        {"self_excluded_until": now - dt.timedelta(days=1), "offers_enabled": False},
    ]
    for pref in prefs:
        player = UserFactory()
        PreferenceFactory(player=player, **pref)
        players.append(player)
    minor_excluded = UserFactory(date_of_birth=born_years_ago(16, today=today))
    PreferenceFactory(player=minor_excluded, offers_enabled=False)
    players.append(minor_excluded)
    for player in players:
        PickFactory(player=player, round=round_)
    return players


def test_it_agrees_with_the_bulk_selector_player_for_player(partner: Any, open_round: Any) -> None:
    partner.countries = ["FR", "GB", "BE"]
    partner.minimum_age_by_country = {"GB": 21}
    partner.save()
    players = _population(open_round)
    now = timezone.now()

    single = {
        p.pk for p in players if betting_offer_for(player=p, round=open_round, now=now) is not None
    }
    bulk = eligible_player_ids(
        partner=partner,
        player_ids=[p.pk for p in players],
        today=timezone.localdate(now),
        now=now,
    )
    assert bulk == single
    assert 0 < len(single) < len(players)
    # default, 18 today, GB at 36, GB at 21, offers on, exclusion ended, born 29 February
    assert len(single) == 7


def test_it_leaves_a_partner_out_of_bulk_where_another_partner_is_preferred(
    partner: Any, owner: Any, open_round: Any, pick: Any
) -> None:
    BettingPartnerFactory(countries=["FR"], priority=1)
    ids = eligible_player_ids(partner=partner, player_ids=[owner.pk], today=timezone.localdate())
    assert ids == set()


def test_it_selects_eligible_players_in_bulk_in_two_queries(
    partner: Any, open_round: Any, django_assert_max_num_queries: Any
) -> None:
    players = _population(open_round)
    with django_assert_max_num_queries(2):
        eligible_player_ids(
            partner=partner, player_ids=[p.pk for p in players], today=timezone.localdate()
        )


def test_it_gives_no_bulk_eligibility_for_an_inactive_partner(partner: Any, owner: Any) -> None:
    partner.active = False
    partner.save()
    assert (
        eligible_player_ids(partner=partner, player_ids=[owner.pk], today=timezone.localdate())
        == set()
    )


def test_it_needs_a_notice_in_bulk_too(partner: Any, open_round: Any) -> None:
    player = UserFactory(country="BE")
    partner.countries = ["BE"]
    partner.save()
    assert (
        eligible_player_ids(partner=partner, player_ids=[player.pk], today=timezone.localdate())
        == set()
    )
    NoticeFactory(country="BE")
    assert eligible_player_ids(
        partner=partner, player_ids=[player.pk], today=timezone.localdate()
    ) == {player.pk}
