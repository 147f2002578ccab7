"""POST /api/v1/handoff/postback/: a partner reports an account opened, signed, once."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from backend.handoff.models import Conversion
from backend.handoff.services import postback_signature
from backend.handoff.tokens import BetLink, make_token
from tests.factories import BettingPartnerFactory, ClickFactory

POSTBACK = "/api/v1/handoff/postback/"
OCCURRED_AT = "2026-03-08T14:05:00+01:00"


def _post(
    body: dict[str, Any] | bytes, *, partner: Any, secret: str | None = None, **headers: Any
) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    key = partner.postback_secret if secret is None else secret
    signature = "sha256=" + hmac.new(key.encode(), raw, hashlib.sha256).hexdigest()
    meta = {
        "HTTP_X_PADDOCK_PARTNER": partner.slug,
        "HTTP_X_PADDOCK_SIGNATURE": signature,
        **headers,
    }
    return APIClient().generic("POST", POSTBACK, raw, content_type="application/json", **meta)


@pytest.fixture
def click(partner: Any, owner: Any, open_round: Any) -> Any:
    return ClickFactory(player=owner, round=open_round, partner=partner)


def _event(click: Any) -> dict[str, Any]:
    return {"click_id": str(click.public_id), "event": "account_opened", "occurred_at": OCCURRED_AT}


def test_it_records_a_signed_conversion(partner: Any, click: Any, owner: Any) -> None:
    response = _post(_event(click), partner=partner)
    assert response.status_code == 201
    conversion = Conversion.objects.get()
    assert (conversion.partner, conversion.player, conversion.click) == (partner, owner, click)
    assert conversion.event == "account_opened"
    assert conversion.occurred_at.isoformat() == "2026-03-08T13:05:00+00:00"
    assert response.json() == {"id": conversion.pk, "event": "account_opened", "created": True}


def test_it_is_idempotent(partner: Any, click: Any, owner: Any, open_round: Any) -> None:
    first = _post(_event(click), partner=partner).json()
    again = _post(_event(click), partner=partner)
    assert again.status_code == 200
    assert again.json() == {**first, "created": False}
    other_click = ClickFactory(player=owner, round=open_round, partner=partner, bet_kind="place")
    assert _post(_event(other_click), partner=partner).status_code == 200
    assert Conversion.objects.count() == 1


def test_it_accepts_the_secret_as_a_bearer_token(partner: Any, click: Any) -> None:
    response = APIClient().post(
        POSTBACK,
        _event(click),
        format="json",
        HTTP_X_PADDOCK_PARTNER=partner.slug,
        HTTP_AUTHORIZATION=f"Bearer {partner.postback_secret}",
    )
    assert response.status_code == 201


def test_it_accepts_the_signed_link_token_instead_of_the_click_id(
    partner: Any, click: Any, owner: Any, open_round: Any
) -> None:
    token = make_token(
        BetLink(
            player_id=owner.pk,
            round_id=open_round.pk,
            runner_number=7,
            bet_kind="win",
            page="pick",
            partner_id=partner.pk,
        )
    )
    body = {"token": token, "event": "account_opened", "occurred_at": OCCURRED_AT}
    assert _post(body, partner=partner).status_code == 201
    assert Conversion.objects.get().click == click


def test_it_matches_the_documented_signature(partner: Any) -> None:
    body = b'{"event":"account_opened"}'
    expected = hmac.new(partner.postback_secret.encode(), body, hashlib.sha256).hexdigest()
    assert postback_signature(secret=partner.postback_secret, body=body) == f"sha256={expected}"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_PADDOCK_SIGNATURE": "sha256=" + "0" * 64},
        {"HTTP_X_PADDOCK_SIGNATURE": ""},
        {"HTTP_X_PADDOCK_PARTNER": "unknown-partner"},
        {"HTTP_X_PADDOCK_PARTNER": ""},
    ],
)
def test_it_refuses_a_bad_signature(partner: Any, click: Any, headers: dict[str, str]) -> None:
    response = _post(_event(click), partner=partner, **headers)
    assert response.status_code == 403
    assert response.json()["code"] == "bad_signature"
    assert not Conversion.objects.exists()


def test_it_refuses_a_body_signed_with_another_partners_secret(partner: Any, click: Any) -> None:
    other = BettingPartnerFactory()
    assert _post(_event(click), partner=partner, secret=other.postback_secret).status_code == 403


def test_it_refuses_a_body_changed_after_signing(partner: Any, click: Any) -> None:
    raw = json.dumps(_event(click)).encode()
    signature = postback_signature(secret=partner.postback_secret, body=raw)
    response = APIClient().generic(
        "POST",
        POSTBACK,
        raw.replace(b"2026-03-08", b"2026-03-09"),
        content_type="application/json",
        HTTP_X_PADDOCK_PARTNER=partner.slug,
        HTTP_X_PADDOCK_SIGNATURE=signature,
    )
    assert response.status_code == 403


def test_it_refuses_a_wrong_bearer_secret(partner: Any, click: Any) -> None:
    response = APIClient().post(
        POSTBACK,
        _event(click),
        format="json",
        HTTP_X_PADDOCK_PARTNER=partner.slug,
        HTTP_AUTHORIZATION="Bearer not-the-secret",
    )
    assert response.status_code == 403


def test_it_answers_404_for_an_unknown_click(partner: Any, click: Any) -> None:
    body = {**_event(click), "click_id": "00000000-0000-4000-8000-000000000000"}
    response = _post(body, partner=partner)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_answers_404_for_another_partners_click(partner: Any, click: Any) -> None:
    other = BettingPartnerFactory()
    assert _post(_event(click), partner=other).status_code == 404
    assert not Conversion.objects.exists()


def test_it_answers_404_for_a_forged_token(partner: Any, click: Any) -> None:
    body = {"token": "forged:token", "event": "account_opened", "occurred_at": OCCURRED_AT}
    assert _post(body, partner=partner).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps({"event": "account_opened", "occurred_at": OCCURRED_AT}).encode(),
        json.dumps({"click_id": "x", "event": "deposit", "occurred_at": OCCURRED_AT}).encode(),
    ],
)
def test_it_refuses_a_malformed_postback(partner: Any, click: Any, body: bytes) -> None:
    assert _post(body, partner=partner).status_code == 400
