"""The community digest: replies, accepted answers and badges, one email a day at most."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backend.accounts.models import User
from backend.community.models import Award, ReputationEvent
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.services import community_digest_scan
from tests.factories import EmailPreferenceFactory, PostFactory, TopicFactory, UserFactory

from .smtp import Sink

pytestmark = pytest.mark.django_db

# The digest closing at 17:00 UTC on 10 March covers 9 March 17:00 to 10 March 17:00.
CLOSE = dt.datetime(2026, 3, 10, 17, 0, tzinfo=dt.UTC)
DURING = CLOSE - dt.timedelta(hours=3)
AFTER = CLOSE + dt.timedelta(hours=1)


@pytest.fixture
def asker(db: Any) -> User:
    player = UserFactory(email="asker@example.com", display_name="Asker")
    EmailPreferenceFactory(player=player, community_digest=True)
    return player


def reply(to: User, *, by: User, at: dt.datetime = DURING, title: str = "Heavy ground?") -> Any:
    topic = TopicFactory(author=to, title=title, created_at=at - dt.timedelta(hours=1))
    return PostFactory(topic=topic, author=by, created_at=at)


def accepted(player: User, *, at: dt.datetime = DURING) -> ReputationEvent:
    topic = TopicFactory(title="How do dead heats split the points?")
    post = PostFactory(topic=topic, author=player)
    return ReputationEvent.objects.create(
        player=player,
        kind=ReputationEvent.Kind.ACCEPTED_ANSWER,
        points=15,
        day=at.date(),
        topic=topic,
        post=post,
        actor=topic.author,
        created_at=at,
    )


def test_it_groups_replies_an_accepted_answer_and_a_badge_into_one_email(
    smtp: Sink, asker: User
) -> None:
    reply(asker, by=UserFactory(display_name="Léa"))
    reply(asker, by=UserFactory(display_name="Max"), title="Which sire for the mud?")
    accepted(asker)
    Award.objects.create(player=asker, badge="accepted-10", awarded_at=DURING)
    community_digest_scan(now=AFTER)
    (mail,) = smtp.received
    assert mail.header("X-Paddock-Kind") == "community_digest"
    assert "Heavy ground?" in mail.text
    assert "A new reply from Léa" in mail.text
    assert "Which sire for the mud?" in mail.text
    assert "How do dead heats split the points?" in mail.text
    assert "Badges earned" in mail.text
    assert mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_it_sends_at_most_one_digest_a_day(smtp: Sink, asker: User) -> None:
    reply(asker, by=UserFactory())
    community_digest_scan(now=AFTER)
    reply(asker, by=UserFactory(), at=AFTER)  # later the same day: tomorrow's digest
    community_digest_scan(now=AFTER + dt.timedelta(hours=2))
    assert len(smtp.received) == 1
    assert EmailDelivery.objects.filter(kind=Kind.COMMUNITY_DIGEST).count() == 1
    community_digest_scan(now=AFTER + dt.timedelta(days=1))
    assert len(smtp.received) == 2


def test_it_is_opt_in(smtp: Sink) -> None:
    quiet = UserFactory(email="quiet@example.com")
    reply(quiet, by=UserFactory())
    community_digest_scan(now=AFTER)
    assert smtp.received == []


def test_it_skips_a_day_without_news(smtp: Sink, asker: User) -> None:
    reply(asker, by=UserFactory(), at=CLOSE - dt.timedelta(days=2))
    community_digest_scan(now=AFTER)
    assert smtp.received == []


def test_it_does_not_count_my_own_replies(smtp: Sink, asker: User) -> None:
    reply(asker, by=asker)
    community_digest_scan(now=AFTER)
    assert smtp.received == []


def test_the_fan_out_and_the_email_agree_on_what_is_news(smtp: Sink, asker: User) -> None:
    """A hidden reply and a withdrawn acceptance are no news: nobody is even enqueued for
    them (an audience wider than the email would re-enqueue them every hour)."""
    hidden = reply(asker, by=UserFactory())
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    event = accepted(asker)
    ReputationEvent.objects.create(
        player=asker,
        kind=ReputationEvent.Kind.ACCEPTED_ANSWER,
        points=-event.points,
        day=event.day,
        topic=event.topic,
        post=event.post,
        actor=event.actor,
        reversal_of=event,
        created_at=DURING + dt.timedelta(minutes=5),
    )
    assert community_digest_scan(now=AFTER) == 0
    assert smtp.received == []
    reply(asker, by=UserFactory(display_name="Léa"), title="Still news?")
    assert community_digest_scan(now=AFTER) == 1
    (mail,) = smtp.received
    assert "Still news?" in mail.text
    assert "Heavy ground?" not in mail.text
    assert "How do dead heats split the points?" not in mail.text
