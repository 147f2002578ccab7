"""Badges: community milestones, game results of a settled round, season finishes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.community import services
from backend.community.badges import BADGES, Tier
from backend.community.models import Award, Post, Topic, Vote
from backend.community.selectors import badges_for_players
from backend.community.services import badges as badges_module
from backend.community.services.badges import Earned, _awards_insert
from backend.community.tasks import award_community_badges, award_game_badges
from backend.game.models import Round, RoundScore, Season
from tests.factories import (
    DividendFactory,
    PostFactory,
    RoundFactory,
    RoundScoreFactory,
    SeasonFactory,
    StandingFactory,
    TopicFactory,
    UserFactory,
)

from .conftest import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_write_paths")]


def badges(user: Any) -> set[str]:
    return set(Award.objects.filter(player=user).values_list("badge", flat=True))


# --- definitions ------------------------------------------------------------------------


def test_it_defines_every_badge_in_both_languages_with_unique_slugs() -> None:
    assert len({b.slug for b in BADGES}) == len(BADGES)
    for badge in BADGES:
        assert all((badge.name_en, badge.name_fr, badge.description_en, badge.description_fr))
    assert {b.tier for b in BADGES} == set(Tier)


def test_it_serves_the_badge_catalogue(api_as: Any, member: Any) -> None:
    response = api_as(member).get(url("badges/"))
    assert response.status_code == 200
    assert {b["slug"] for b in response.json()} == {b.slug for b in BADGES}


# --- community badges -------------------------------------------------------------------


def test_it_awards_the_first_answer_badge_on_replying(
    api_as: Any, member: Any, question: Topic, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        api_as(member).post(url(f"topics/{question.pk}/replies/"), {"body": "Try the sire."})
    assert badges(member) == {"first-answer"}


def test_it_gives_no_first_answer_badge_for_replying_to_oneself(
    owner: Any, question: Topic
) -> None:
    PostFactory(topic=question, author=owner)
    assert services.community_badges_award(player_id=owner.pk) == []


def test_it_awards_helpful_vote_milestones_once(member: Any, question: Topic) -> None:
    posts = [PostFactory(topic=question, author=member) for _ in range(10)]
    for voter, post in zip(UserFactory.create_batch(10), posts, strict=True):
        Vote.objects.create(voter=voter, post=post)
    assert set(services.community_badges_award(player_id=member.pk)) == {
        "first-answer",
        "helpful-10",
    }
    assert services.community_badges_award(player_id=member.pk) == []
    assert award_community_badges.delay(member.pk).get() == []
    assert Award.objects.filter(player=member).count() == 2


def test_it_awards_the_accepted_answer_milestone(owner: Any, member: Any) -> None:
    for _ in range(10):
        topic = TopicFactory(author=owner)
        Topic.objects.filter(pk=topic.pk).update(
            accepted_answer=PostFactory(topic=topic, author=member)
        )
    assert "accepted-10" in services.community_badges_award(player_id=member.pk)
    assert "accepted-50" not in badges(member)


def test_it_awards_badges_after_votes_through_the_task(
    api_as: Any, member: Any, answer: Post, django_capture_on_commit_callbacks: Any
) -> None:
    voters = UserFactory.create_batch(10)
    posts = [answer, *(PostFactory(topic=answer.topic, author=member) for _ in range(9))]
    for voter, post in zip(voters, posts, strict=True):
        with django_capture_on_commit_callbacks(execute=True):
            assert api_as(voter).post(url(f"posts/{post.pk}/vote/")).status_code == 201
    assert "helpful-10" in badges(member)


def test_it_never_awards_a_badge_twice_even_when_inserted_again(member: Any) -> None:
    _awards_insert([Earned(member.pk, "first-answer")])
    _awards_insert([Earned(member.pk, "first-answer")])
    assert Award.objects.filter(player=member, badge="first-answer").count() == 1


# --- game badges ------------------------------------------------------------------------


def test_it_awards_game_badges_from_a_settled_rounds_scores(db: Any) -> None:
    rnd = RoundFactory(settled=True)
    DividendFactory(race=rnd.race, kind="win", number=3, cents=2450)
    DividendFactory(race=rnd.race, kind="win", number=1, cents=590)
    winner = RoundScoreFactory(round=rnd, win_runner=1, win_points=1180).player
    perfect = RoundScoreFactory(round=rnd, win_runner=1, win_points=1180, place_points=360).player
    longshot = RoundScoreFactory(round=rnd, win_runner=3, win_points=4200).player
    loser = RoundScoreFactory(round=rnd, win_runner=5).player
    assert services.game_badges_award(round=rnd) == 5
    assert badges(winner) == {"picked-winner"}
    assert badges(perfect) == {"picked-winner", "perfect-week"}
    assert badges(longshot) == {"picked-winner", "longshot"}
    assert badges(loser) == set()
    assert Award.objects.filter(round=rnd).count() == 5


def test_it_awards_game_badges_only_once_per_player(db: Any) -> None:
    first, second = RoundFactory(settled=True), RoundFactory(settled=True)
    player = UserFactory()
    RoundScoreFactory(round=first, player=player, win_points=1180)
    RoundScoreFactory(round=second, player=player, win_points=900)
    assert award_game_badges.delay(first.pk).get() == 1
    assert award_game_badges.delay(first.pk).get() == 0
    assert services.game_badges_award(round=second) == 0
    assert Award.objects.filter(player=player, badge="picked-winner").count() == 1


def test_a_corrected_result_withdraws_the_badges_its_round_no_longer_earns(db: Any) -> None:
    rnd = RoundFactory(settled=True)
    was_perfect = RoundScoreFactory(round=rnd, win_runner=1, win_points=1180, place_points=360)
    now_winner = RoundScoreFactory(round=rnd, win_runner=2, win_points=0)
    services.game_badges_award(round=rnd)
    assert badges(was_perfect.player) == {"picked-winner", "perfect-week"}
    # The correction: 2 won, not 1.
    RoundScore.objects.filter(pk=was_perfect.pk).update(win_hit=False, win_points=0)
    RoundScore.objects.filter(pk=now_winner.pk).update(win_hit=True, win_points=950)
    assert services.game_badges_award(round=rnd) == 1
    assert badges(was_perfect.player) == set()
    assert badges(now_winner.player) == {"picked-winner"}


def test_a_withdrawn_badge_comes_back_from_the_players_next_round_that_earns_it(
    db: Any,
) -> None:
    first, later = RoundFactory(settled=True), RoundFactory(settled=True)
    player = UserFactory()
    corrected = RoundScoreFactory(round=first, player=player, win_points=1180)
    RoundScoreFactory(round=later, player=player, win_points=900)
    services.game_badges_award(round=first)
    services.game_badges_award(round=later)  # held already: the later round's claim skipped
    RoundScore.objects.filter(pk=corrected.pk).update(win_hit=False, win_points=0)
    services.game_badges_award(round=first)
    held = Award.objects.get(player=player, badge="picked-winner")
    assert held.round_id == later.pk


def test_a_round_voided_after_its_settlement_gives_no_result_badge(db: Any) -> None:
    rnd = RoundFactory(settled=True)
    player = RoundScoreFactory(round=rnd, win_points=1180).player
    services.game_badges_award(round=rnd)
    assert badges(player) == {"picked-winner"}
    Round.objects.filter(pk=rnd.pk).update(status=Round.Status.VOID)
    services.game_badges_award(round=rnd)
    assert badges(player) == set()


def test_it_reads_the_longshot_from_the_points_without_a_dividend(db: Any) -> None:
    rnd = RoundFactory(settled=True)
    player = RoundScoreFactory(round=rnd, win_runner=4, win_points=4020).player
    just_under = RoundScoreFactory(round=rnd, win_runner=4, win_points=4000).player
    services.game_badges_award(round=rnd)
    assert "longshot" in badges(player)
    assert "longshot" not in badges(just_under)


def test_it_awards_no_hit_badges_for_a_void_or_open_round(db: Any) -> None:
    void = RoundFactory(void=True)
    player = RoundScoreFactory(round=void, win_hit=True, place_hit=True).player
    services.game_badges_award(round=void)
    assert badges(player) == set()
    still_open = RoundFactory(status=Round.Status.OPEN)
    RoundScoreFactory(round=still_open, player=player, win_points=1180)
    assert services.game_badges_award(round=still_open) == 0


def test_it_awards_streaks_of_consecutive_season_rounds(db: Any) -> None:
    season = SeasonFactory()
    rounds = [RoundFactory(season=season, number=n, settled=True) for n in range(1, 5)]
    steady, gap, late = UserFactory.create_batch(3)
    for rnd in rounds[1:]:  # rounds 2, 3, 4
        RoundScoreFactory(round=rnd, player=steady)
        RoundScoreFactory(round=rnd, player=late)
    for rnd in (rounds[0], rounds[1], rounds[3]):  # 1, 2, then missed 3
        RoundScoreFactory(round=rnd, player=gap)
    Round.objects.filter(pk=rounds[2].pk).update(status=Round.Status.SETTLED)
    services.game_badges_award(round=rounds[3])
    assert "streak-3" in badges(steady)
    assert "streak-3" not in badges(gap)
    streaks = services.round_streaks(rounds[3], pd.Series([steady.pk, gap.pk]))
    assert streaks.tolist() == [3, 1]


def test_a_page_reads_only_its_players_streak_rows_unjoined(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """My badges page asks one player's streak: it reads that player's scores, not every
    score of the season's last rounds joined to the rounds and users to be sorted; and it
    counts the same as the settlement's read of the rounds whole."""
    season = SeasonFactory()
    rounds = [RoundFactory(season=season, number=n, settled=True) for n in range(1, 4)]
    me, other = UserFactory.create_batch(2)
    for rnd in rounds:
        RoundScoreFactory(round=rnd, player=me)
        RoundScoreFactory(round=rnd, player=other)
    with CaptureQueriesContext(connection) as captured:
        mine = services.round_streaks(rounds[2], pd.Series([me.pk]))
    assert mine.tolist() == [3]
    (read,) = [q["sql"] for q in captured.captured_queries if "roundscore" in q["sql"]]
    assert " JOIN " not in read
    assert "ORDER BY" not in read
    assert "player_id" in read.split("WHERE", 1)[1]
    monkeypatch.setattr(badges_module, "FEW_PLAYERS", 0)  # read the rounds whole
    whole = services.round_streaks(rounds[2], pd.Series([me.pk, other.pk]))
    assert whole.tolist() == [3, 3]


def test_it_skips_unsettled_rounds_in_a_streak(db: Any) -> None:
    season = SeasonFactory()
    first = RoundFactory(season=season, number=1, settled=True)
    RoundFactory(season=season, number=2, status=Round.Status.DRAFT)  # never played
    second = RoundFactory(season=season, number=3, settled=True)
    third = RoundFactory(season=season, number=4, settled=True)
    player = UserFactory()
    for rnd in (first, second, third):
        RoundScoreFactory(round=rnd, player=player)
    services.game_badges_award(round=third)
    assert "streak-3" in badges(player)


def test_it_awards_season_badges_from_the_final_standings(db: Any) -> None:
    season = SeasonFactory(status=Season.Status.FINISHED)
    players = UserFactory.create_batch(12)
    ranks = [1, 2, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    for player, rank in zip(players, ranks, strict=True):
        StandingFactory(season=season, player=player, rank=rank)
    StandingFactory(season=season, rank=None, rounds_played=0)
    created = services.season_badges_award(season=season)
    # top 10 % of 12 ranked players = ranks 1..2 (ceil(1.2)); all 12 are in the top 100.
    assert badges(players[0]) == {"season-champion", "season-top-10-percent", "season-top-100"}
    assert badges(players[1]) == badges(players[2]) == {"season-top-10-percent", "season-top-100"}
    assert badges(players[3]) == {"season-top-100"}
    assert created == 3 + 1 + 12
    assert services.season_badges_award(season=season) == 0


def test_it_awards_season_badges_once_per_season(db: Any) -> None:
    player = UserFactory()
    for _ in range(2):
        season = SeasonFactory(status=Season.Status.FINISHED)
        StandingFactory(season=season, player=player, rank=1)
        services.season_badges_award(season=season)
    assert Award.objects.filter(player=player, badge="season-champion").count() == 2


def test_it_waits_for_the_season_to_finish(db: Any) -> None:
    season = SeasonFactory(status=Season.Status.ACTIVE)
    StandingFactory(season=season, rank=1)
    assert services.season_badges_award(season=season) == 0


def test_it_awards_season_badges_when_the_last_round_settles(db: Any) -> None:
    season = SeasonFactory(status=Season.Status.FINISHED)
    rnd = RoundFactory(season=season, settled=True)
    score = RoundScoreFactory(round=rnd, win_points=500)
    StandingFactory(season=season, player=score.player, rank=1)
    services.game_badges_award(round=rnd)
    assert "season-champion" in badges(score.player)


# --- showing them -----------------------------------------------------------------------


def test_it_summarises_badges_for_many_players_in_one_query(
    member: Any, owner: Any, django_assert_num_queries: Any
) -> None:
    Award.objects.create(player=member, badge="first-answer")
    Award.objects.create(player=member, badge="longshot")
    Award.objects.create(player=member, badge="perfect-week")
    with django_assert_num_queries(1):
        summary = badges_for_players([member.pk, owner.pk])
    assert summary[member.pk] == {
        "gold": 1,
        "silver": 1,
        "bronze": 1,
        "slugs": ["longshot", "perfect-week", "first-answer"],
    }
    assert summary[owner.pk] == {"gold": 0, "silver": 0, "bronze": 0, "slugs": []}
    assert badges_for_players([]) == {}


def test_it_shows_the_authors_badges_on_posts(
    api_as: Any, owner: Any, member: Any, answer: Post
) -> None:
    Award.objects.create(player=member, badge="first-answer")
    data = api_as(owner).get(url(f"topics/{answer.topic_id}/")).json()
    assert data["replies"]["results"][0]["author"]["badges"]["bronze"] == 1
