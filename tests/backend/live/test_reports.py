"""The moderators' queue of reported live messages: through the API (list, hide, dismiss)
and through the admin (the same decisions, through the same services)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backend.accounts.models import User
from backend.live.models import Report, RoomMessage
from backend.live.services.moderation import report_create
from backend.live.services.rooms import room_post
from tests.personas import ApiAs

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/live/moderation/reports/"


def reported(message: RoomMessage, by: User, reason: str = "rude") -> Report:
    return report_create(reporter=by, kind="room", message_id=message.pk, reason=reason)


def test_moderators_see_open_reports_newest_first_with_the_message(
    api_as: ApiAs, moderator: User, owner: User, member: User, said: RoomMessage
) -> None:
    first = reported(said, member, "rude")
    second = reported(said, owner, "regret")
    answer = api_as(moderator).get(QUEUE)
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
    row = body["results"][1]
    assert row["kind"] == "room"
    assert row["reason"] == "rude"
    assert row["resolved_at"] is None
    assert (row["decision"], row["resolved_by_name"]) == (None, None)
    assert row["reporter"] == member.pk
    assert row["reporter_name"] == member.public_name
    assert "bob@paddock.test" not in answer.content.decode()
    message = row["message"]
    assert (message["id"], message["text"], message["author"]) == (said.pk, "you lot!", owner.pk)
    assert message["where"] == f"room:{said.league.public_id}/{said.round_id}"
    assert message["is_hidden"] is False


def test_players_are_refused_the_queue_and_the_decisions(
    api_as: ApiAs, member: User, said: RoomMessage
) -> None:
    report = reported(said, member)
    assert api_as(member).get(QUEUE).status_code == 403
    refused = api_as(member).post(f"{QUEUE}{report.pk}/", {"action": "hide"}, format="json")
    assert refused.status_code == 403
    assert api_as(None).get(QUEUE).status_code in (401, 403)
    assert Report.objects.get(pk=report.pk).resolved_at is None


def test_hiding_hides_the_message_and_resolves_its_reports(
    api_as: ApiAs, moderator: User, owner: User, member: User, said: RoomMessage
) -> None:
    report, other = reported(said, member), reported(said, owner)
    answer = api_as(moderator).post(f"{QUEUE}{report.pk}/", {"action": "hide"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["resolved_at"] is not None
    assert answer.json()["message"]["is_hidden"] is True
    said.refresh_from_db()
    assert said.is_hidden
    assert said.hidden_by == moderator
    assert Report.objects.get(pk=other.pk).resolved_at is not None
    # Both reports say who decided and how, in the queue's history too.
    assert (answer.json()["decision"], answer.json()["resolved_by_name"]) == (
        "hidden",
        moderator.public_name,
    )
    decided = Report.objects.get(pk=other.pk)
    assert (decided.decision, decided.resolved_by) == ("hidden", moderator)
    assert api_as(moderator).get(QUEUE).json()["count"] == 0


def test_dismissing_resolves_the_messages_reports_without_hiding_it(
    api_as: ApiAs, moderator: User, owner: User, member: User, said: RoomMessage
) -> None:
    report, other = reported(said, member), reported(said, owner)
    elsewhere = room_post(
        user=member, league_public_id=said.league.public_id, round_id=said.round_id, text="hm"
    )
    untouched = reported(elsewhere, owner)
    answer = api_as(moderator).post(f"{QUEUE}{report.pk}/", {"action": "dismiss"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["message"]["is_hidden"] is False
    said.refresh_from_db()
    assert not said.is_hidden
    assert Report.objects.get(pk=report.pk).resolved_at is not None
    assert Report.objects.get(pk=other.pk).resolved_at is not None
    assert [r["id"] for r in api_as(moderator).get(QUEUE).json()["results"]] == [untouched.pk]
    history = api_as(moderator).get(QUEUE, {"resolved": "true"}).json()["results"]
    assert {(r["id"], r["decision"], r["resolved_by_name"]) for r in history} == {
        (report.pk, "dismissed", moderator.public_name),
        (other.pk, "dismissed", moderator.public_name),
    }


def test_a_resolved_report_answers_409(
    api_as: ApiAs, moderator: User, member: User, said: RoomMessage
) -> None:
    report = reported(said, member)
    api_as(moderator).post(f"{QUEUE}{report.pk}/", {"action": "dismiss"}, format="json")
    again = api_as(moderator).post(f"{QUEUE}{report.pk}/", {"action": "hide"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_resolved"
    said.refresh_from_db()
    assert not said.is_hidden
    missing = api_as(moderator).post(f"{QUEUE}999999/", {"action": "hide"}, format="json")
    assert missing.status_code == 404


def test_resolved_reports_are_listed_on_request(
    api_as: ApiAs, moderator: User, owner: User, member: User, said: RoomMessage
) -> None:
    done, still_open = reported(said, member), reported(said, owner)
    Report.objects.filter(pk=done.pk).update(resolved_at=said.created_at)
    resolved = api_as(moderator).get(QUEUE, {"resolved": "true"}).json()
    assert [r["id"] for r in resolved["results"]] == [done.pk]
    opened = api_as(moderator).get(QUEUE, {"resolved": "false"}).json()
    assert [r["id"] for r in opened["results"]] == [still_open.pk]
    assert api_as(moderator).get(QUEUE, {"resolved": "maybe"}).status_code == 400


def _staff(operator: User) -> Client:
    client = Client()
    client.force_login(operator)
    return client


def test_the_admin_lists_reports_and_filters_open_ones(
    operator: User, member: User, said: RoomMessage
) -> None:
    reported(said, member, "rude words")
    page = _staff(operator).get(reverse("admin:live_report_changelist"), {"open": "yes"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "rude words" in text
    assert "you lot!" in text
    assert _staff(operator).get(reverse("admin:live_mute_changelist")).status_code == 200


@pytest.mark.parametrize(("action", "hidden"), [("hide_messages", True), ("dismiss", False)])
def test_the_admin_actions_resolve_through_the_services(
    operator: User, member: User, said: RoomMessage, action: str, hidden: bool
) -> None:
    report = reported(said, member)
    answer = _staff(operator).post(
        reverse("admin:live_report_changelist"),
        {"action": action, "_selected_action": [report.pk]},
    )
    assert answer.status_code == 302
    said.refresh_from_db()
    assert said.is_hidden is hidden
    assert Report.objects.get(pk=report.pk).resolved_at is not None


def test_the_admin_queue_is_for_staff_only(moderator: User) -> None:
    """Moderators who are not staff work through the API's queue."""
    client = Client()
    client.force_login(moderator)
    answer = client.get(reverse("admin:live_report_changelist"))
    assert answer.status_code == 302
    assert "/admin/login/" in answer["Location"]
