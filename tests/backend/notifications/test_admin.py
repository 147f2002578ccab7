"""The operator's admin: a preview of every kind in both languages, the delivery report."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.previews import PREVIEW_KINDS
from tests.factories import EmailDeliveryFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(operator: Any) -> Client:
    client = Client()
    client.force_login(operator)
    return client


@pytest.mark.parametrize("kind", PREVIEW_KINDS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_it_previews_every_kind_in_both_languages(staff: Client, kind: str, lang: str) -> None:
    response = staff.get(f"/admin/notifications/preview/{kind}/?lang={lang}")
    assert response.status_code == 200
    message = response.context["message"]
    assert message.language == lang
    assert f'<html lang="{lang}">' in message.html
    assert message.text.strip()
    non_transactional = kind not in (Kind.LEAGUE_INVITATION, Kind.ACCOUNT)
    assert ("List-Unsubscribe" in message.headers) is non_transactional


def test_it_serves_the_raw_html_part(staff: Client) -> None:
    response = staff.get("/admin/notifications/preview/results/?lang=fr&format=html")
    assert response["Content-Type"].startswith("text/html")
    assert "Arrivée officielle" in response.content.decode()


def test_it_lists_the_previews(staff: Client) -> None:
    body = staff.get("/admin/notifications/preview/").content.decode()
    for kind in PREVIEW_KINDS:
        assert f"/admin/notifications/preview/{kind}/?lang=fr" in body


def test_it_answers_404_for_an_unknown_kind(staff: Client) -> None:
    assert staff.get("/admin/notifications/preview/spam/").status_code == 404


def test_it_keeps_previews_for_staff(client: Client, member: Any) -> None:
    client.force_login(member)
    response = client.get("/admin/notifications/preview/results/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_it_reports_counts_and_failures_per_round_and_kind(staff: Client) -> None:
    rnd = RoundFactory()
    key = f"results:{rnd.pk}"
    for _ in range(3):
        EmailDeliveryFactory(round=rnd, key=key, status=EmailDelivery.Status.SENT)
    EmailDeliveryFactory(round=rnd, key=key, status=EmailDelivery.Status.SKIPPED)
    EmailDeliveryFactory(
        round=rnd,
        key=key,
        status=EmailDelivery.Status.FAILED,
        detail="SMTPRecipientsRefused: 550 No such mailbox",
    )
    response = staff.get("/admin/notifications/emaildelivery/report/")
    assert response.status_code == 200
    (line,) = response.context["lines"]
    assert (line.round_id, line.kind, line.key) == (rnd.pk, Kind.RESULTS, key)
    assert line.counts["sent"] == 3
    assert line.counts["skipped"] == 1
    assert line.counts["failed"] == 1
    assert "550 No such mailbox" in response.content.decode()


def test_it_keeps_the_report_for_staff(client: Client, member: Any) -> None:
    client.force_login(member)
    assert client.get("/admin/notifications/emaildelivery/report/").status_code == 302
