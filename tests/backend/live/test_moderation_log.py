"""The live layer's decisions (hiding or showing a message, dismissing a report, muting a
member) are in the community's moderation log beside the forum's: one log for moderators,
naming the member as they are called now, keeping no text of the message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backend.accounts.models import User
from backend.accounts.services import user_delete
from backend.community.models import ModerationAction
from backend.live.models import RoomMessage
from tests.personas import ApiAs

from .test_reports import QUEUE, reported

pytestmark = pytest.mark.django_db

LOG = "/api/v1/community/moderation/log/"
MESSAGES = "/api/v1/live/moderation/messages/"


def log_of(api_as: ApiAs, moderator: User, **params: Any) -> list[dict[str, Any]]:
    answer = api_as(moderator).get(LOG, params)
    assert answer.status_code == 200
    return list(answer.json()["results"])


def test_hiding_a_reported_message_is_logged_with_the_report(
    api_as: ApiAs, moderator: User, owner: User, member: User, said: RoomMessage
) -> None:
    report = reported(said, member, "insults the league")
    api_as(moderator).post(f"{QUEUE}{report.pk}/", {"action": "hide"}, format="json")

    [entry] = log_of(api_as, moderator)

    assert entry["action"] == "live_hide"
    assert entry["actor"] == moderator.public_name
    assert entry["target"] == f"room:{said.pk}"
    assert entry["member_name"] == owner.public_name
    assert entry["details"] == {
        "kind": "room",
        "message": said.pk,
        "author": owner.pk,
        "report": report.pk,
        "reported": "insults the league",
    }
    assert "you lot" not in str(entry)  # the log keeps no text of the message


def test_showing_again_and_dismissing_are_logged(
    api_as: ApiAs, moderator: User, owner: User, member: User, said: RoomMessage
) -> None:
    hide = api_as(moderator).post(f"{MESSAGES}room/{said.pk}/", {"hidden": True}, format="json")
    show = api_as(moderator).post(f"{MESSAGES}room/{said.pk}/", {"hidden": False}, format="json")
    assert (hide.status_code, show.status_code) == (200, 200)
    report = reported(said, member, "spam")
    api_as(moderator).post(f"{QUEUE}{report.pk}/", {"action": "dismiss"}, format="json")

    entries = log_of(api_as, moderator)

    assert [e["action"] for e in entries] == ["live_dismiss", "live_show", "live_hide"]
    assert entries[0]["details"]["reported"] == "spam"
    assert "report" not in entries[2]["details"]  # hidden from the search, not on a report
    only = log_of(api_as, moderator, action="live_dismiss")
    assert [e["id"] for e in only] == [entries[0]["id"]]


def test_a_mute_is_logged_with_its_reason_and_end(
    api_as: ApiAs, moderator: User, owner: User
) -> None:
    muted = api_as(moderator).post(
        "/api/v1/live/moderation/mutes/",
        {"player": owner.pk, "minutes": 30, "reason": "Spamming the room"},
        format="json",
    )
    assert muted.status_code == 201

    [entry] = log_of(api_as, moderator, action="mute")

    assert (entry["target"], entry["reason"]) == (f"player:{owner.pk}", "Spamming the room")
    assert entry["member_name"] == owner.public_name
    until = dt.datetime.fromisoformat(entry["details"]["until"])
    assert until == dt.datetime.fromisoformat(muted.json()["until"])


def test_the_log_names_a_deleted_member_as_deleted(
    api_as: ApiAs, moderator: User, owner: User
) -> None:
    api_as(moderator).post("/api/v1/live/moderation/mutes/", {"player": owner.pk}, format="json")
    user_delete(user=owner)

    [entry] = log_of(api_as, moderator)

    assert entry["member_name"] == f"Deleted player {owner.pk}"


def test_a_refused_decision_logs_nothing(
    api_as: ApiAs, member: User, owner: User, said: RoomMessage
) -> None:
    refused = api_as(member).post(f"{MESSAGES}room/{said.pk}/", {"hidden": True}, format="json")
    assert refused.status_code == 403
    assert not ModerationAction.objects.exists()
