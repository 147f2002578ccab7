"""Live help through the API and the websocket: asking reaches available helpers, the first
helper takes it, the others see it taken; the conversation; a rating earns reputation once;
an untaken question becomes a forum question; publishing needs both consents; operators'
figures; moderation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import ADVISERS_GROUP, CommunityProfile, Level, ReputationEvent, Topic
from backend.live.models import HelperProfile, HelpMessage, HelpRequest
from backend.live.services.help import help_ask, help_expire, help_send
from backend.live.tasks import help_expire_scan
from backend.notifications import push
from backend.notifications.management.commands.push_vapid_keys import new_vapid_keys
from tests.backend.notifications.pushsink import browser, push_service
from tests.personas import ApiAs

from .conftest import cookie_of, receive_type, send, signed_in


def make_helper(user: User, *, level: str = Level.REGULAR) -> User:
    CommunityProfile.objects.update_or_create(player=user, defaults={"level": level})
    HelperProfile.objects.update_or_create(
        player=user, defaults={"opted_in": True, "available": True}
    )
    return user


@pytest.mark.django_db
def test_a_novice_cannot_opt_in_but_an_adviser_can(api_as: ApiAs, outsider: User) -> None:
    answer = api_as(outsider).put(
        "/api/v1/live/helper/", {"opted_in": True, "available": True}, format="json"
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "helper_level"
    outsider.groups.add(Group.objects.get_or_create(name=ADVISERS_GROUP)[0])
    answer = api_as(outsider).put(
        "/api/v1/live/helper/", {"opted_in": True, "available": True}, format="json"
    )
    assert answer.json() == {"opted_in": True, "available": True, "eligible": True}


@pytest.mark.django_db
def test_first_helper_takes_it_second_is_refused(
    api_as: ApiAs, owner: User, member: User, manager: User
) -> None:
    make_helper(member)
    make_helper(manager)
    asked = api_as(owner).post(
        "/api/v1/live/help/", {"question": "How do alternates work?"}, format="json"
    )
    assert asked.status_code == 201, asked.json()
    request_id = asked.json()["id"]
    inbox = api_as(manager).get("/api/v1/live/help/inbox/").json()
    assert [q["id"] for q in inbox] == [request_id]
    assert api_as(owner).get("/api/v1/live/help/inbox/").json() == []
    assert api_as(member).post(f"/api/v1/live/help/{request_id}/take/").status_code == 200
    second = api_as(manager).post(f"/api/v1/live/help/{request_id}/take/")
    assert (second.status_code, second.json()["code"]) == (409, "already_taken")
    again = api_as(owner).post("/api/v1/live/help/", {"question": "Another one?"}, format="json")
    assert again.json()["code"] == "already_asking"


@pytest.mark.django_db
def test_a_high_rating_earns_reputation_once(api_as: ApiAs, owner: User, member: User) -> None:
    make_helper(member)
    request_id = (
        api_as(owner)
        .post("/api/v1/live/help/", {"question": "Dead heats?"}, format="json")
        .json()["id"]
    )
    api_as(member).post(f"/api/v1/live/help/{request_id}/take/")
    help_send(user=member, request_id=request_id, text="Both share the dividend.")
    assert (
        api_as(member)
        .post(f"/api/v1/live/help/{request_id}/rate/", {"rating": 5}, format="json")
        .status_code
        == 404
    )
    rated = api_as(owner).post(
        f"/api/v1/live/help/{request_id}/rate/", {"rating": 5}, format="json"
    )
    assert rated.json()["status"] == "closed"
    again = api_as(owner).post(
        f"/api/v1/live/help/{request_id}/rate/", {"rating": 4}, format="json"
    )
    assert again.json()["code"] == "already_rated"
    events = ReputationEvent.objects.filter(player=member, kind=ReputationEvent.Kind.LIVE_HELP)
    assert [e.points for e in events] == [10]
    assert CommunityProfile.objects.get(player=member).reputation == 10
    bad = api_as(owner).post(f"/api/v1/live/help/{request_id}/rate/", {"rating": 9}, format="json")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_a_low_rating_earns_nothing(api_as: ApiAs, owner: User, member: User) -> None:
    make_helper(member)
    request_id = (
        api_as(owner).post("/api/v1/live/help/", {"question": "Odds?"}, format="json").json()["id"]
    )
    api_as(member).post(f"/api/v1/live/help/{request_id}/take/")
    api_as(owner).post(f"/api/v1/live/help/{request_id}/rate/", {"rating": 2}, format="json")
    assert not ReputationEvent.objects.filter(player=member).exists()


@pytest.mark.django_db
@override_settings(PADDOCK_LIVE={"HELP_WAIT_SECONDS": 60})
def test_an_untaken_question_moves_to_the_forum(owner: User) -> None:
    request = help_ask(asker=owner, question="Can I change my pick after the lock?")
    assert help_expire_scan() == 0
    HelpRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert help_expire_scan() == 1
    request.refresh_from_db()
    assert request.status == HelpRequest.Status.EXPIRED
    topic = Topic.objects.get(pk=request.forum_topic_id)
    assert (topic.author, topic.body) == (owner, "Can I change my pick after the lock?")
    assert help_expire(request_id=request.pk) is None  # idempotent


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_celery")
def test_a_new_question_is_pushed_to_available_helpers_once(
    owner: User, member: User, manager: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PUSH_VAPID_PUBLIC_KEY, settings.PUSH_VAPID_PRIVATE_KEY = new_vapid_keys()
    make_helper(member)
    with push_service() as sink:
        for name, player in (("helper", member), ("asker", owner), ("bystander", manager)):
            device = browser(f"{sink.base}/push/{name}")
            push.subscribe(
                player=player, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
            )
        with django_capture_on_commit_callbacks(execute=True):
            help_ask(asker=owner, question="Is a dead heat paid in full?")
        assert sink.paths() == ["/push/helper"]


@pytest.mark.django_db
def test_publishing_needs_both_consents(api_as: ApiAs, owner: User, member: User) -> None:
    make_helper(member)
    request_id = (
        api_as(owner)
        .post("/api/v1/live/help/", {"question": "What is a coupled entry?"}, format="json")
        .json()["id"]
    )
    api_as(member).post(f"/api/v1/live/help/{request_id}/take/")
    help_send(user=member, request_id=request_id, text="Two horses run as one bet.")
    api_as(owner).post(f"/api/v1/live/help/{request_id}/close/")
    first = api_as(owner).post(f"/api/v1/live/help/{request_id}/publish/").json()
    assert first["published_topic"] is None
    done = api_as(member).post(f"/api/v1/live/help/{request_id}/publish/").json()
    topic = Topic.objects.get(pk=done["published_topic"])
    assert topic.author == owner
    assert [p.body for p in topic.posts.all()] == ["Two horses run as one bet."]


@pytest.mark.django_db
def test_operators_see_response_times_and_ratings(
    api_as: ApiAs, operator: User, owner: User, member: User, outsider: User
) -> None:
    now = timezone.now()
    for asker, wait, rating in ((owner, 30, 5), (outsider, 90, 3)):
        HelpRequest.objects.create(
            asker=asker,
            question="q",
            helper=member,
            status=HelpRequest.Status.CLOSED,
            created_at=now - dt.timedelta(hours=1),
            expires_at=now,
            first_response_at=now - dt.timedelta(hours=1) + dt.timedelta(seconds=wait),
            rating=rating,
        )
    HelpRequest.objects.create(
        asker=member, question="q", status=HelpRequest.Status.EXPIRED, expires_at=now
    )
    assert api_as(owner).get("/api/v1/live/operator/help-metrics/").status_code == 403
    body = api_as(operator).get("/api/v1/live/operator/help-metrics/?weeks=2").json()
    overall = body["overall"]
    assert (overall["asked"], overall["answered"], overall["answered_share"]) == (3, 2, 0.667)
    assert overall["first_response_seconds"] == {"median": 60.0, "p90": 90.0}
    assert overall["rating_average"] == 4.0
    assert [(h["name"], h["answered"]) for h in body["helpers"]] == [("Bob", 2)]
    assert sum(w["asked"] for w in body["weeks"]) == 3


@pytest.mark.django_db
def test_moderators_search_hide_and_mute(
    api_as: ApiAs, moderator: User, owner: User, member: User
) -> None:
    make_helper(member)
    request_id = (
        api_as(owner).post("/api/v1/live/help/", {"question": "Hello?"}, format="json").json()["id"]
    )
    api_as(member).post(f"/api/v1/live/help/{request_id}/take/")
    message = help_send(user=owner, request_id=request_id, text="you are all idiots")
    report = api_as(member).post(
        "/api/v1/live/reports/",
        {"kind": "help", "message": message.pk, "reason": "rude"},
        format="json",
    )
    assert report.status_code == 201
    assert api_as(owner).get("/api/v1/live/moderation/messages/?kind=help").status_code == 403
    found = api_as(moderator).get("/api/v1/live/moderation/messages/?kind=help&q=idiots").json()
    assert [m["id"] for m in found["results"]] == [message.pk]
    api_as(moderator).post(
        f"/api/v1/live/moderation/messages/help/{message.pk}/", {"hidden": True}, format="json"
    )
    assert HelpMessage.objects.get(pk=message.pk).is_hidden
    detail = api_as(owner).get(f"/api/v1/live/help/{request_id}/").json()
    assert detail["messages"] == []
    mute = api_as(moderator).post(
        "/api/v1/live/moderation/mutes/", {"player": owner.pk, "minutes": 10}, format="json"
    )
    assert mute.status_code == 201
    with pytest.raises(ApplicationError) as refused:
        help_send(user=owner, request_id=request_id, text="hello?")
    assert refused.value.code == "muted"


@pytest.mark.django_db(transaction=True)
def test_the_question_reaches_helpers_live_and_the_chat_is_one_to_one(
    api_as: ApiAs, owner: User, member: User, manager: User
) -> None:
    make_helper(member)
    make_helper(manager)
    cookies = {u.pk: cookie_of(u) for u in (owner, member, manager)}

    async def body() -> None:
        alice, bob, dana = [await signed_in(cookies[u.pk]) for u in (owner, member, manager)]
        asked: dict[str, Any] = await sync_to_async(
            lambda: (
                api_as(owner)
                .post("/api/v1/live/help/", {"question": "Live?"}, format="json")
                .json()
            )
        )()
        for helper in (bob, dana):
            offered = await receive_type(helper, "help.request")
            assert offered["request"]["id"] == asked["id"]
        await sync_to_async(lambda: api_as(member).post(f"/api/v1/live/help/{asked['id']}/take/"))()
        assert (await receive_type(dana, "help.taken"))["request"]["helper"] == "Bob"
        assert (await receive_type(alice, "help.taken"))["request"]["helper"] == "Bob"
        await send(bob, {"type": "help.send", "request": asked["id"], "text": "Yes!", "ref": 1})
        ack = await receive_type(bob, "ack")
        got = await receive_type(alice, "help.message")
        assert (got["message"]["id"], got["message"]["text"]) == (ack["id"], "Yes!")
        await send(dana, {"type": "help.send", "request": asked["id"], "text": "me too"})
        assert (await receive_type(dana, "error"))["code"] == "not_found"
        for socket in (alice, bob, dana):
            await socket.disconnect()

    async_to_sync(body)()
    request = HelpRequest.objects.get(pk=asked_id(owner))
    assert request.first_response_at is not None


def asked_id(user: User) -> int:
    return HelpRequest.objects.get(asker=user).pk
