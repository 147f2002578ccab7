"""Partners are configured by operators; their template can never send a player elsewhere."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from backend.handoff.links import partner_url
from backend.handoff.models import BettingPartner, ResponsibleGamblingNotice
from tests.factories import BettingPartnerFactory


def _url(partner: Any, **overrides: Any) -> str:
    values: dict[str, Any] = {
        "race_day": dt.date(2026, 3, 8),
        "meeting_number": 1,
        "race_number": 4,
        "runner_number": 7,
        "bet_kind": "win",
        "round_id": 12,
        "page": "pick",
        "click_id": "c0ffee00-0000-4000-8000-000000000000",
        **overrides,
    }
    return partner_url(partner=partner, **values)


def test_it_creates_an_inactive_pmu_example_partner_for_france(db: Any) -> None:
    partner = BettingPartner.objects.get(slug="pmu-example")
    assert partner.active is False
    assert partner.countries == ["FR"]
    assert partner.minimum_age == 18
    assert partner.url_template.startswith("https://www.pmu.fr/turf/{date_pmu}/R{meeting}/C{race}")
    assert len(partner.postback_secret) == 64
    partner.full_clean()  # the example passes the validation operators' partners pass


def test_it_creates_the_french_and_british_notices(db: Any) -> None:
    fr = ResponsibleGamblingNotice.objects.get(country="FR")
    assert fr.helpline_name == "Joueurs Info Service"
    assert fr.helpline_phone == "09 74 75 13 13"
    assert fr.helpline_url == "https://www.joueurs-info-service.fr/"
    assert "09 74 75 13 13" in fr.text_fr
    gb = ResponsibleGamblingNotice.objects.get(country="GB")
    assert "National Gambling Helpline" in gb.helpline_name
    assert gb.helpline_url == "https://www.begambleaware.org/"


def test_it_builds_the_pmu_style_link_from_the_example_template(db: Any) -> None:
    partner = BettingPartner.objects.get(slug="pmu-example")
    url = _url(partner, bet_kind="place", runner_number=11)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "www.pmu.fr",
        "/turf/08032026/R1/C4",
    )
    query = parse_qs(parts.query)
    assert query["bet"] == ["E_SIMPLE_PLACE"]
    assert query["runner"] == ["11"]
    assert query["utm_source"] == ["paddock"]
    assert query["utm_medium"] == ["game"]
    assert query["utm_campaign"] == ["round-12"]
    assert query["utm_content"] == ["pick-place"]
    assert query["paddock_click"] == ["c0ffee00-0000-4000-8000-000000000000"]


def test_it_fills_the_iso_date_and_replaces_same_named_query_parameters(db: Any) -> None:
    partner = BettingPartnerFactory(
        url_template="https://bets.example.com/{date}/{meeting}-{race}?utm_source=old&x=1",
        campaign_params={"utm_source": "paddock"},
    )
    parts = urlsplit(_url(partner))
    assert parts.path == "/2026-03-08/1-4"
    assert parse_qs(parts.query) == {"utm_source": ["paddock"], "x": ["1"]}


@pytest.mark.parametrize(
    "template",
    [
        "https://{runner}.evil.example/bet",  # placeholder in the host
        "https://bets.example.com{runner}/bet",  # placeholder glued to the host
        "https://{meeting}/bet",
        "https://bets.example.com:{race}/bet",  # placeholder in the port
        "http://bets.example.com/bet",  # not https
        "//bets.example.com/bet",  # scheme-relative
        "javascript:alert(1)//https://bets.example.com/",
        "https://user@evil.example/bet",  # user info: the host is evil.example
        "https://bets.example.com\\@evil.example/",
        "https://bets.example.com/{host}",  # unknown placeholder
        "https://bets.example.com/{next_url}",
        "https://bets.example.com/{runner.__class__}",  # attribute access
        "https://bets.example.com/{runner!r}",  # conversion
        "https://bets.example.com/{runner:>10}",  # format spec
        "https://bets.example.com/{runner",  # unbalanced
        "https://bets example.com/",
    ],
)
def test_it_refuses_a_template_that_could_leave_the_partners_host(db: Any, template: str) -> None:
    with pytest.raises(ValidationError):
        BettingPartnerFactory(url_template=template)


def test_it_validates_the_template_at_every_save_not_only_in_the_admin(db: Any) -> None:
    partner = BettingPartnerFactory()
    partner.url_template = "https://{runner}.evil.example/"
    with pytest.raises(ValidationError):
        partner.save()
    partner.refresh_from_db()
    assert partner.url_template.startswith("https://bets.example.com/")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("campaign_params", {"utm_campaign": "{next}"}),
        ("campaign_params", {"bad name": "x"}),
        ("campaign_params", {"utm_source": 3}),
        ("bet_kind_codes", {"win": "E_SIMPLE_GAGNANT"}),
        ("bet_kind_codes", {"win": "a/b", "place": "P"}),
        ("bet_kind_codes", {"win": "W", "place": "https://evil.example"}),
        ("countries", ["fr"]),
        ("countries", "FR"),
        ("countries", ["UK"]),  # the United Kingdom is GB: UK would match no player
        ("countries", ["FR", "XX"]),
        ("minimum_age_by_country", {"US": 16}),
        ("minimum_age_by_country", {"UK": 21}),
    ],
)
def test_it_refuses_bad_partner_settings(db: Any, field: str, value: Any) -> None:
    with pytest.raises(ValidationError):
        BettingPartnerFactory(**{field: value})


@pytest.mark.parametrize(
    "value", ["https://evil.example/", "@evil.example", "//evil.example", "a&next=https://evil"]
)
def test_it_keeps_the_host_whatever_a_campaign_parameter_says(db: Any, value: str) -> None:
    partner = BettingPartnerFactory(campaign_params={"utm_term": value})
    parts = urlsplit(_url(partner))
    assert (parts.scheme, parts.netloc) == ("https", "bets.example.com")
    assert parse_qs(parts.query)["utm_term"] == [value]
    assert "next" not in parse_qs(parts.query)


def test_it_percent_encodes_values_so_none_adds_a_path_or_a_query(db: Any) -> None:
    partner = BettingPartnerFactory(
        url_template="https://bets.example.com/{bet_kind}/{runner}",
        bet_kind_codes={"win": "W.~-_", "place": "P"},
        campaign_params={},
    )
    assert _url(partner) == "https://bets.example.com/W.~-_/7"


def test_it_uses_the_per_country_minimum_age_when_set(db: Any) -> None:
    partner = BettingPartnerFactory(minimum_age=18, minimum_age_by_country={"GB": 21})
    assert partner.minimum_age_in("GB") == 21
    assert partner.minimum_age_in("FR") == 18
