"""Web Push beside email: sent once each, per-kind preferences, refused subscriptions removed.

Every push goes to a push service on 127.0.0.1 that records it; the test decrypts it with
the subscribing browser's keys (RFC 8291, aes128gcm) to read what the player would see.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import http_ece
import pytest

from backend.community.services.topics import post_create
from backend.notifications import push
from backend.notifications.management.commands.push_vapid_keys import new_vapid_keys
from backend.notifications.models import EmailDelivery, Kind, PushPreference, PushSubscription
from tests.factories import PickFactory, RoundFactory, RoundScoreFactory, TopicFactory, UserFactory

from .pushsink import Browser, PushSink, browser, push_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink() -> Iterator[PushSink]:
    with push_service() as service:
        yield service


@pytest.fixture
def vapid(settings: Any) -> str:
    public, private = new_vapid_keys()
    settings.PUSH_VAPID_PUBLIC_KEY = public
    settings.PUSH_VAPID_PRIVATE_KEY = private
    return public


def subscribed(player: Any, sink: PushSink, name: str) -> Browser:
    device = browser(f"{sink.base}/push/{name}")
    push.subscribe(player=player, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth)
    return device


def opened(device: Browser, body: bytes) -> dict[str, str]:
    plain = http_ece.decrypt(
        body, private_key=device.private_key, auth_secret=device.auth_secret, version="aes128gcm"
    )
    return dict(json.loads(plain))


def test_round_open_goes_once_to_each_browser_with_its_ttl_and_vapid(
    sink: PushSink, vapid: str
) -> None:
    player = UserFactory.create(language="fr")
    phone, laptop = subscribed(player, sink, "phone"), subscribed(player, sink, "laptop")
    rnd = RoundFactory.create()
    report = push.round_push(kind=Kind.PUSH_ROUND_OPEN, round_id=rnd.pk)
    assert report.as_dict()["sent"] == 1
    assert sorted(sink.paths()) == ["/push/laptop", "/push/phone"]
    first = next(r for r in sink.received if r.path == "/push/phone")
    assert first.headers["ttl"] == "3600"
    assert first.headers["content-encoding"] == "aes128gcm"
    assert first.headers["authorization"].startswith("vapid t=")
    assert f"k={vapid}" in first.headers["authorization"]
    message = opened(phone, first.body)
    assert message["title"] == "La course de la semaine est ouverte"
    assert rnd.race.name in message["body"]
    assert message["url"] == "/pick"
    second = next(r for r in sink.received if r.path == "/push/laptop")
    assert opened(laptop, second.body) == message

    # Sent once: the next scan finds its row in the delivery log and sends nothing.
    push.round_push(kind=Kind.PUSH_ROUND_OPEN, round_id=rnd.pk)
    assert len(sink.received) == 2
    row = EmailDelivery.objects.get(kind=Kind.PUSH_ROUND_OPEN, player=player)
    assert (row.key, row.status) == (f"push_round_open:{rnd.pk}", "sent")


def test_the_reminder_skips_who_picked_and_who_turned_it_off(sink: PushSink, vapid: str) -> None:
    rnd = RoundFactory.create()
    picked, off, due = UserFactory.create_batch(3)
    for player, name in ((picked, "picked"), (off, "off"), (due, "due")):
        subscribed(player, sink, name)
    PickFactory.create(player=picked, round=rnd)
    push.preferences_update(player=off, changes={"reminders": False})
    push.round_push(kind=Kind.PUSH_REMINDER, round_id=rnd.pk)
    assert sink.paths() == ["/push/due"]


def test_results_go_to_the_players_scored_in_the_round(sink: PushSink, vapid: str) -> None:
    rnd = RoundFactory.create(settled=True)
    scored, idle = UserFactory.create_batch(2)
    device = subscribed(scored, sink, "scored")
    subscribed(idle, sink, "idle")
    RoundScoreFactory.create(player=scored, round=rnd)
    push.round_push(kind=Kind.PUSH_RESULTS, round_id=rnd.pk)
    [received] = sink.received
    assert opened(device, received.body)["url"] == f"/results/{rnd.pk}"


def test_a_subscription_the_service_says_is_gone_is_removed_not_retried(
    sink: PushSink, vapid: str
) -> None:
    player = UserFactory.create()
    subscribed(player, sink, "gone")
    subscribed(player, sink, "alive")
    sink.status["/push/gone"] = 410
    rnd = RoundFactory.create()
    assert push.round_push(kind=Kind.PUSH_ROUND_OPEN, round_id=rnd.pk).sent == 1
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        f"{sink.base}/push/alive"
    ]
    sink.status["/push/alive"] = 404
    other = RoundFactory.create()
    assert push.round_push(kind=Kind.PUSH_ROUND_OPEN, round_id=other.pk).failed == 1
    assert not PushSubscription.objects.exists()
    row = EmailDelivery.objects.get(kind=Kind.PUSH_ROUND_OPEN, key=f"push_round_open:{other.pk}")
    assert row.status == "failed"
    assert "gone (404)" in row.detail


def test_a_failing_subscription_is_dropped_after_the_limit(
    sink: PushSink, vapid: str, settings: Any
) -> None:
    settings.PADDOCK_NOTIFICATIONS = {"PUSH_MAX_FAILURES": 3}
    player = UserFactory.create()
    subscribed(player, sink, "broken")
    sink.status["/push/broken"] = 500
    for _ in range(3):
        push.notify_help_request(
            request_key=str(len(sink.received)), helper_ids=[player.pk], summary="?", url="/help"
        )
    assert len(sink.received) == 3
    assert not PushSubscription.objects.exists()
    push.notify_help_request(request_key="late", helper_ids=[player.pk], summary="?", url="/help")
    assert len(sink.received) == 3  # nothing left to retry


def test_without_vapid_keys_push_is_off(sink: PushSink, settings: Any) -> None:
    settings.PUSH_VAPID_PRIVATE_KEY = ""
    player = UserFactory.create()
    subscribed(player, sink, "p")
    assert push.round_push(kind=Kind.PUSH_ROUND_OPEN, round_id=RoundFactory.create().pk).sent == 0
    assert sink.received == []
    assert not EmailDelivery.objects.exists()


def test_a_reply_pushes_the_asker_once_and_never_for_their_own(
    sink: PushSink, vapid: str, eager_celery: None, django_capture_on_commit_callbacks: Any
) -> None:
    asker, helper = UserFactory.create_batch(2)
    device = subscribed(asker, sink, "asker")
    subscribed(helper, sink, "helper")
    topic = TopicFactory.create(author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        post_create(topic=topic, author=asker, body="Any idea, anyone? I am still wondering.")
    assert sink.received == []
    with django_capture_on_commit_callbacks(execute=True):
        post_create(topic=topic, author=helper, body="Heavy ground suits a proven stayer.")
    [received] = sink.received
    message = opened(device, received.body)
    assert message["url"] == f"/community/topics/{topic.pk}"
    assert topic.title in message["body"]


def test_a_help_request_reaches_each_helper_once(sink: PushSink, vapid: str) -> None:
    helpers = UserFactory.create_batch(2)
    muted = UserFactory.create()
    for index, player in enumerate([*helpers, muted]):
        subscribed(player, sink, f"h{index}")
    PushPreference.objects.create(player=muted, help_requests=False)
    ids = [p.pk for p in [*helpers, muted]]
    assert (
        push.notify_help_request(
            request_key="7", helper_ids=ids, summary="Reading the odds", url="/help/7"
        ).sent
        == 2
    )
    push.notify_help_request(request_key="7", helper_ids=ids, summary="again", url="/help/7")
    assert sorted(sink.paths()) == ["/push/h0", "/push/h1"]
    with pytest.raises(ValueError):
        push.notify_help_request(request_key="8", helper_ids=ids, summary="x", url="//evil")
