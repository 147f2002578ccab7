"""Round threads: created on opening, debriefed after settlement, looked up by round."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from backend.community import services
from backend.community.models import Award, Post, Topic
from backend.community.paddock_posts import html_in
from backend.community.search import search_topics, topic_reindex
from backend.community.tasks import round_threads_sync
from backend.game.models import Pick, Round, RoundScore
from backend.game.services import round_settle
from backend.game.signals import round_settled
from backend.racing.models import Race, Runner
from tests.factories import (
    DividendFactory,
    RoundFactory,
    RoundScoreFactory,
    TopicFactory,
    UserFactory,
)

from .conftest import url

pytestmark = pytest.mark.django_db


def threads(rnd: Round) -> Any:
    return Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round=rnd)


def settled_round(**kwargs: Any) -> Round:
    """A settled round: 7 beat 3 and 1; three players, one found the winner."""
    rnd = RoundFactory(settled=True, **kwargs)
    for number, position in ((7, 1), (3, 2), (1, 3), (9, 4), (2, 5), (5, 6)):
        Runner.objects.filter(race=rnd.race, number=number).update(position=position)
    DividendFactory(race=rnd.race, kind="win", number=7, cents=1250)
    for number, cents in ((7, 310), (3, 180), (1, 140)):
        DividendFactory(race=rnd.race, kind="place", number=number, cents=cents)
    ace = UserFactory(display_name="Ace *bold* [x](https://spam.example)")
    RoundScoreFactory(round=rnd, player=ace, win_runner=7, win_points=2500, place_points=620)
    RoundScoreFactory(round=rnd, place_runner=3, place_points=360)
    RoundScoreFactory(round=rnd)
    return rnd


def test_it_creates_the_thread_once(db: Any) -> None:
    rnd = RoundFactory(status=Round.Status.OPEN)
    Race.objects.filter(pk=rnd.race_id).update(distance=2850)
    first = services.round_thread_ensure(round=rnd)
    again = services.round_thread_ensure(round=rnd)
    assert first.pk == again.pk
    assert threads(rnd).count() == 1
    assert first.category.slug == "race-of-the-week"
    assert first.author is None
    assert rnd.race.name in first.title
    assert rnd.season.name_en not in first.title  # read in every language
    assert rnd.race.meeting.racecourse in first.body_html
    # Written in one language at a time: English stored, French rendered from the facts.
    assert f"Round {rnd.number} of" in first.body_html
    assert "Manche" not in first.body_html
    french = html_in(first, "fr")
    assert f"Manche {rnd.number} de {rnd.season.name_fr}" in french
    assert f"Round {rnd.number} of {rnd.season.name_en}" in first.body_html
    assert rnd.season.name_fr not in first.body_html
    assert "2,850&nbsp;m" in first.body_html  # grouped as each language groups, unbroken
    assert "2&nbsp;850&nbsp;m" in french
    assert "Share your analysis" not in french


def test_old_thread_titles_lose_the_english_season_name(db: Any) -> None:
    """Migration 0011: titles written with " · <season> #<number>" keep the race alone."""
    migration = importlib.import_module(
        "backend.community.migrations.0011_round_thread_titles_in_every_language"
    )
    rnd = RoundFactory(status=Round.Status.OPEN)
    topic = services.round_thread_ensure(round=rnd)
    new_title = topic.title
    Topic.objects.filter(pk=topic.pk).update(title=f"{new_title} · Winter Cup #3")
    topic_reindex([topic.pk])  # indexed as it was written
    found = Topic.objects.filter(pk=topic.pk)
    assert search_topics(found, "Winter Cup").count() == 1
    question = TopicFactory(title="Who wins #3")  # not a round thread: left alone

    migration.forward(django_apps, SimpleNamespace(connection=connection))

    assert Topic.objects.get(pk=topic.pk).title == new_title
    assert Topic.objects.get(pk=question.pk).title == "Who wins #3"
    # Search finds it by its title, not by the season name it lost.
    assert search_topics(found, "Winter Cup").count() == 0


def test_the_thread_says_the_post_time_anew_when_the_card_moves_it(db: Any) -> None:
    rnd = RoundFactory(status=Round.Status.OPEN)
    Race.objects.filter(pk=rnd.race_id).update(featured=True)
    race = Race.objects.get(pk=rnd.race_id)
    moved = timezone.localtime(race.post_time).replace(hour=14, minute=21) + dt.timedelta(days=1)
    topic = services.round_thread_ensure(round=rnd)
    assert f"{timezone.localtime(race.post_time):%H:%M %Z}" in topic.body_html
    assert "14:21" not in topic.body_html

    race.post_time = moved
    race.save()  # as a card imported again saves it

    topic.refresh_from_db()
    assert f"{moved:%d/%m/%Y} 14:21 {moved:%Z}" in topic.body_html
    assert f"{moved:%d/%m/%Y} 14:21" in html_in(topic, "fr")
    written_at = topic.paddock_data
    race.save()  # nothing moved: nothing written again
    assert services.round_threads_follow_card(race=race) == 0
    topic.refresh_from_db()
    assert topic.paddock_data == written_at


def test_it_creates_the_thread_when_a_round_opens(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd = RoundFactory(status=Round.Status.DRAFT)
    assert not threads(rnd).exists()
    with django_capture_on_commit_callbacks(execute=True):
        rnd.status = Round.Status.OPEN
        rnd.save()
    assert threads(rnd).count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rnd.save()
    assert callbacks == []  # already has its thread: nothing enqueued


def test_it_creates_the_threads_of_rounds_opened_in_bulk(db: Any) -> None:
    opened = RoundFactory(status=Round.Status.DRAFT)
    Round.objects.filter(pk=opened.pk).update(status=Round.Status.OPEN)
    draft = RoundFactory(status=Round.Status.DRAFT)
    assert round_threads_sync.delay().get() == 1
    assert threads(opened).count() == 1
    assert not threads(draft).exists()
    assert round_threads_sync.delay().get() == 0


def test_it_posts_the_debrief_after_settlement(db: Any) -> None:
    rnd = settled_round()
    rnd.race.runners.filter(number=7).update(name="ETOILE DE LA MER")  # as PMU writes it
    debrief = services.round_debrief_ensure(round=rnd)
    assert debrief is not None
    assert debrief.kind == Post.Kind.DEBRIEF
    assert debrief.settlement_version == 1
    html = debrief.body_html
    # The finishing order, as a table of position, saddle number, name.
    rows = ["<td>1</td>\n<td>7</td>", "<td>2</td>\n<td>3</td>", "<td>3</td>\n<td>1</td>"]
    assert "<td>Etoile de la Mer</td>" in html
    assert all(row in html for row in rows)
    assert [html.index(row) for row in rows] == sorted(html.index(row) for row in rows)
    assert "12.50&nbsp;€" in html
    assert all(euros in html for euros in ("3.10&nbsp;€", "1.80&nbsp;€", "1.40&nbsp;€"))
    assert "33.3 % found the winner" in html
    assert "66.7 % a placed horse" in html
    # The week's best, ranked like the game; a display name cannot inject markup.
    assert "1. Ace *bold* [x](https://spam.example) — 31.20" in html
    assert "<a " not in html.split("Best of the week")[1]
    topic = threads(rnd).get()
    assert topic.reply_count == 1


def test_it_posts_the_debrief_once_per_settlement_version(db: Any) -> None:
    rnd = settled_round()
    first = services.round_debrief_ensure(round=rnd)
    again = services.round_debrief_ensure(round=rnd)
    assert first is not None
    assert again == first
    assert Post.objects.filter(topic__round=rnd).count() == 1


def test_it_corrects_the_debrief_after_a_corrected_settlement(db: Any) -> None:
    rnd = settled_round()
    debrief = services.round_debrief_ensure(round=rnd)
    assert debrief is not None
    Runner.objects.filter(race=rnd.race, number=7).update(position=2, disqualified=True)
    Runner.objects.filter(race=rnd.race, number=3).update(position=1)
    Round.objects.filter(pk=rnd.pk).update(settlement_version=2)
    corrected = services.round_debrief_ensure(round=rnd)
    assert corrected is not None
    assert corrected.pk == debrief.pk
    assert corrected.settlement_version == 2
    assert corrected.edited_at is not None
    assert "<td>1</td>\n<td>3</td>" in corrected.body_html
    assert "<td>7</td>" not in corrected.body_html
    correction = Post.objects.get(topic__round=rnd, kind=Post.Kind.CORRECTION)
    assert "Result corrected" in correction.body_html
    assert correction.settlement_version == 2
    services.round_debrief_ensure(round=rnd)
    assert Post.objects.filter(topic__round=rnd).count() == 2


def test_it_debriefs_a_void_round(db: Any) -> None:
    rnd = RoundFactory(void=True, void_reason="Course annulée")
    debrief = services.round_debrief_ensure(round=rnd)
    assert debrief is not None
    assert "Round void" in debrief.body_html
    assert "Course annulée" in debrief.body_html
    assert "Manche annulée" in html_in(debrief, "fr")


def test_it_waits_for_the_round_to_be_final(db: Any) -> None:
    rnd = RoundFactory(locked=True)
    assert services.round_debrief_ensure(round=rnd) is None
    assert not Post.objects.exists()


def test_it_debriefs_and_awards_badges_when_the_game_settles(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd = settled_round()
    with django_capture_on_commit_callbacks(execute=True):
        round_settled.send(sender=Round, round=rnd, version=1, corrected=False)
    assert Post.objects.filter(topic__round=rnd, kind=Post.Kind.DEBRIEF).count() == 1
    assert Award.objects.filter(round=rnd, badge="picked-winner").count() == 1


def test_each_reader_reads_the_debrief_in_their_language(
    api_as: Any, member: Any, owner: Any
) -> None:
    rnd = settled_round()
    services.round_debrief_ensure(round=rnd)
    topic = threads(rnd).get()
    owner.language = "fr"
    owner.save(update_fields=["language"])
    english = api_as(member).get(url(f"topics/{topic.pk}/")).json()
    french = api_as(owner).get(url(f"topics/{topic.pk}/")).json()
    english_debrief = english["replies"]["results"][0]["body_html"]
    french_debrief = french["replies"]["results"][0]["body_html"]
    assert "Official result" in english_debrief
    assert "Arrivée officielle" not in english_debrief
    assert "Arrivée officielle" in french_debrief
    assert "Official result" not in french_debrief
    assert "Rapports pour 1 €" in french_debrief
    # Numbers as each language writes them: a decimal comma in French.
    assert "33,3 % ont trouvé le gagnant" in french_debrief
    assert "33.3 % found the winner" in english_debrief
    assert "12,50&nbsp;€" in french_debrief
    assert "12.50" not in french_debrief
    assert "12.50&nbsp;€" in english_debrief
    assert "— 31,20" in french_debrief
    assert "— 31.20" in english_debrief
    assert "Trot attelé" in french["body_html"]
    assert "Harness trot" in english["body_html"]
    visitor = api_as(None).get(url(f"topics/{topic.pk}/"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Arrivée officielle" in visitor.json()["replies"]["results"][0]["body_html"]


def test_it_gives_the_round_thread_to_the_round_pages(
    api_as: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rnd = settled_round()
    services.round_debrief_ensure(round=rnd)
    response = api_as(member).get(url(f"rounds/{rnd.pk}/thread/"))
    assert response.status_code == 200
    topic = threads(rnd).get()
    assert response.json() == {
        "round_id": rnd.pk,
        "topic_id": topic.pk,
        "title": topic.title,
        "url": f"/community/topics/{topic.pk}",
        "api_url": f"/api/v1/community/topics/{topic.pk}/",
        "reply_count": 1,
        "has_debrief": True,
    }
    detail = api_as(member).get(url(f"topics/{topic.pk}/")).json()
    assert detail["round_id"] == rnd.pk
    assert detail["author"] is None
    assert api_as(member).get(url("topics/"), {"round": rnd.pk}).json()["count"] == 1


def test_it_creates_a_missing_thread_on_lookup_for_an_opened_round(
    api_as: Any, member: Any
) -> None:
    rnd = RoundFactory(status=Round.Status.OPEN)
    response = api_as(member).get(url(f"rounds/{rnd.pk}/thread/"))
    assert response.status_code == 200
    assert response.json()["has_debrief"] is False
    assert threads(rnd).count() == 1


def test_it_has_no_thread_for_a_draft_or_unknown_round(api_as: Any, member: Any, api: Any) -> None:
    draft = RoundFactory(status=Round.Status.DRAFT)
    assert api_as(member).get(url(f"rounds/{draft.pk}/thread/")).status_code == 404
    assert api_as(member).get(url("rounds/999999/thread/")).status_code == 404
    assert api.get(url(f"rounds/{draft.pk}/thread/")).status_code == 403
    assert not Topic.objects.exists()


def test_it_lets_members_discuss_in_the_round_thread(api_as: Any, member: Any) -> None:
    rnd = RoundFactory(status=Round.Status.OPEN)
    topic = services.round_thread_ensure(round=rnd)
    response = api_as(member).post(
        url(f"topics/{topic.pk}/replies/"), {"body": "Number 7 for me."}, format="json"
    )
    assert response.status_code == 201
    # No accepting in a discussion thread.
    accept = api_as(member).post(
        url(f"topics/{topic.pk}/accept/"), {"post_id": response.json()["id"]}, format="json"
    )
    assert accept.status_code == 409
    assert accept.json()["code"] == "not_a_question"
    assert Topic.objects.get(pk=topic.pk).accepted_answer_id is None


def test_it_links_a_question_to_a_round(api_as: Any, member: Any) -> None:
    rnd = RoundFactory(status=Round.Status.OPEN, opens_at=timezone.now())
    response = api_as(member).post(
        url("topics/"),
        {
            "category": "race-of-the-week",
            "title": "Is the favourite fit after the break?",
            "body": "Three months off the track.",
            "round_id": rnd.pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["round_id"] == rnd.pk
    draft = RoundFactory(status=Round.Status.DRAFT)
    refused = api_as(member).post(
        url("topics/"),
        {
            "category": "race-of-the-week",
            "title": "A draft round?",
            "body": "x",
            "round_id": draft.pk,
        },
        format="json",
    )
    assert refused.status_code == 400


def test_it_follows_a_real_settlement_of_the_game(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The game's own settlement, end to end: its signal brings the debrief and badges."""
    rnd = settled_round(status=Round.Status.LOCKED, settlement_version=0)
    RoundScore.objects.filter(round=rnd).delete()  # the game writes its own
    Race.objects.filter(pk=rnd.race_id).update(status=Race.Status.OFFICIAL, result_version=1)
    Round.objects.filter(pk=rnd.pk).update(locks_at=timezone.now() - dt.timedelta(minutes=5))
    finder, other = UserFactory.create_batch(2)
    Pick.objects.create(round=rnd, player=finder, win=7, place=3)
    Pick.objects.create(round=rnd, player=other, win=2, place=2)
    with django_capture_on_commit_callbacks(execute=True):
        round_settle(round_id=rnd.pk)
    debrief = Post.objects.get(topic__round=rnd, kind=Post.Kind.DEBRIEF)
    assert debrief.settlement_version == 1
    assert "50.0 % found the winner" in debrief.body_html
    assert {"picked-winner", "perfect-week"} <= set(
        Award.objects.filter(player=finder).values_list("badge", flat=True)
    )
    assert not Award.objects.filter(player=other).exists()
