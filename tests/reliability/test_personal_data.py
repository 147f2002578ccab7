"""Personal data: deleting an account erases the player's personal data and credentials,
anonymises their posts and table rows, and moves nobody else's rank; a player can download
everything that is theirs as JSON."""

from __future__ import annotations

import json
from typing import Any, TypedDict

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.test import Client
from rest_framework.authtoken.models import Token

from backend.accounts.models import User
from backend.accounts.services import user_delete
from backend.community.models import Category, Topic
from backend.community.services import post_create, topic_create, vote_cast
from backend.game import services as game
from backend.game.models import Round, Season, Standing, WeeklyStanding
from backend.handoff.models import BettingPreference, HandoffClick
from backend.leagues.models import EmailInvitation, League
from backend.leagues.services import league_create, membership_join_with_code
from backend.notifications.models import EmailDelivery
from tests.factories import PASSWORD, ClickFactory, LeagueFactory, UserFactory
from tests.reliability.conftest import open_round, store_official_result

pytestmark = pytest.mark.django_db


class World(TypedDict):
    season: Season
    rounds: tuple[Round, Round]
    league: League
    topic: Topic


@pytest.fixture
def world(owner: User, member: User, outsider: User, eager_celery: None) -> World:
    """Two settled rounds of a season; a league of owner, member and outsider; outsider's
    question and reply; outsider's betting preference, token and TOTP authenticator."""
    others = [UserFactory.create() for _ in range(6)]
    players = [owner, member, outsider, *others]
    first = open_round()
    second = open_round(season=first.season, number=2)
    for rnd in (first, second):
        for n, player in enumerate(players):
            game.pick_submit(
                player=player, round_id=rnd.pk, win=1 + (n + rnd.number) % 4, place=1 + n % 5
            )
        store_official_result(rnd)
        game.round_settle(round_id=rnd.pk)

    league = league_create(owner=owner, name="Friends")
    code = apps.get_model("leagues", "InviteCode").objects.get(league=league).code
    for player in (member, outsider):
        membership_join_with_code(code=code, player=player)

    topic = topic_create(
        author=outsider,
        category=Category.objects.order_by("pk").first(),  # type: ignore[arg-type]
        title="How do dead heats pay?",
        body="When two horses tie, what does a place pick earn?",
    )
    post_create(topic=topic, author=outsider, body="Answering myself: official dividends.")
    BettingPreference.objects.create(player=outsider, offers_enabled=False)
    Token.objects.create(user=outsider)
    TOTP.activate(outsider, generate_totp_secret())
    return {"season": first.season, "rounds": (first, second), "league": league, "topic": topic}


def ranks(season_id: int, rounds: Any) -> dict[str, Any]:
    return {
        "season": dict(
            Standing.objects.filter(season_id=season_id).values_list("player_id", "rank")
        ),
        "weekly": sorted(
            WeeklyStanding.objects.filter(round__in=rounds).values_list(
                "round_id", "player_id", "rank", "season_rank", "points"
            )
        ),
    }


def table_rows(client: Client, league: Any) -> list[tuple[Any, ...]]:
    body = client.get(f"/api/v1/leagues/{league.public_id}/table/").json()
    rows = body.get("results", body.get("rows", body)) if isinstance(body, dict) else body
    return sorted(
        (r.get("player_id"), r.get("rank"), r.get("points"))
        for r in rows
        if isinstance(r, dict) and "rank" in r
    )


def delete_account(user: Any) -> Any:
    client = Client()
    client.force_login(user)
    return client.delete(
        "/api/v1/accounts/me/", {"password": PASSWORD}, content_type="application/json"
    )


def test_it_erases_the_player_and_moves_no_one_else(
    world: World, owner: User, outsider: User
) -> None:
    season, rounds, league = world["season"], world["rounds"], world["league"]
    owner_client = Client()
    owner_client.force_login(owner)
    before_ranks = ranks(season.pk, rounds)
    before_table = table_rows(owner_client, league)
    assert len(before_table) == 3
    old_email, old_name = outsider.email, outsider.display_name

    assert delete_account(outsider).status_code == 204

    gone = User.objects.get(pk=outsider.pk)
    assert gone.email != old_email
    assert old_name not in gone.display_name
    assert (gone.date_of_birth, gone.country, gone.is_active) == (None, "", False)
    assert not gone.has_usable_password()
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert not Token.objects.filter(user=gone).exists()
    assert not Authenticator.objects.filter(user=gone).exists()  # TOTP secret, recovery codes
    login = Client().post(
        "/_allauth/browser/v1/auth/login",
        {"email": old_email, "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 400

    # Every rank of every table is what it was, the deleted player's included.
    assert ranks(season.pk, rounds) == before_ranks
    assert table_rows(owner_client, league) == before_table

    # Posts stay, under the anonymous name; nothing of the old identity shows.
    reader = Client()
    reader.force_login(owner)
    topic = reader.get(f"/api/v1/community/topics/{world['topic'].pk}/")
    assert topic.status_code == 200
    text = topic.content.decode()
    assert old_email not in text
    assert old_name not in text
    assert gone.display_name in text
    assert reader.get(f"/api/v1/community/players/{gone.pk}/").status_code == 404


def test_it_exports_everything_that_is_mine_and_no_secret(
    world: World, outsider: User, owner: User
) -> None:
    client = Client()
    client.force_login(outsider)
    response = client.get("/api/v1/accounts/me/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = response.json()

    assert data["profile"]["email"] == outsider.email
    assert data["profile"]["display_name"] == outsider.display_name
    assert len(data["picks"]) == 2
    assert len(data["scores"]) == 2
    assert [s["season_id"] for s in data["standings"]] == [world["season"].pk]
    assert len(data["weekly_standings"]) == 2
    assert [m["league__name"] for m in data["league_memberships"]] == ["Friends"]
    assert [t["title"] for t in data["community_topics"]] == ["How do dead heats pay?"]
    assert len(data["community_posts.author"]) == 1  # posts also name a checking adviser
    assert data["handoff_preferences"]["offers_enabled"] is False
    assert data["email_addresses"][0]["email"] == outsider.email
    if apps.is_installed("backend.notifications") and "email_preferences" in data:
        assert data["email_preferences"] is None or isinstance(data["email_preferences"], dict)

    # Only mine: nobody else's picks, scores or posts; no credentials of any kind.
    for section in ("picks", "scores", "standings", "weekly_standings"):
        assert {row["player_id"] for row in data[section]} == {outsider.pk}
    text = json.dumps(data)
    assert owner.email not in text
    for secret in ("password", "secret", "token", "authenticator"):
        assert secret not in text.lower().replace("mfa", ""), secret
    assert Token.objects.get(user=outsider).key not in text


def test_it_exports_only_for_the_signed_in_player() -> None:
    assert Client().get("/api/v1/accounts/me/export/").status_code in (401, 403)


@pytest.mark.django_db
def test_it_erases_the_addresses_and_user_agents_other_apps_kept() -> None:
    player = UserFactory.create(email="leaving@paddock.test")
    ClickFactory.create(player=player, user_agent="Mozilla/5.0 (Leaving's phone)")
    EmailDelivery.objects.create(
        player=player, to_email=player.email, kind="results", key="results:1"
    )
    invitation = EmailInvitation.objects.create(
        league=LeagueFactory.create(), email="Leaving@paddock.test", invited_by=UserFactory.create()
    )
    user_delete(user=player)
    assert HandoffClick.objects.get(player=player).user_agent == ""
    assert EmailDelivery.objects.get(player=player).to_email == ""
    invitation.refresh_from_db()
    assert "leaving" not in invitation.email.lower()


def test_my_export_never_names_another_player(world: World, outsider: User, owner: User) -> None:
    """Rows that are mine may point at other players too (who voted my question helpful):
    those fields stay out of my export, so it tells nothing the app itself never shows."""
    topic = Topic.objects.get(author=outsider, title="How do dead heats pay?")
    voter = UserFactory.create()
    vote_cast(voter=voter, topic=topic)
    client = Client()
    client.force_login(outsider)
    data = client.get("/api/v1/accounts/me/export/").json()
    events = data["community_reputation_events.player"]
    assert [e["kind"] for e in events] == ["question_helpful"]
    assert "actor_id" not in events[0]
    # Every column that points at a player, in every section, points at me.
    player_columns = {
        field.attname
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    }
    for section, rows in data.items():
        listed = rows if isinstance(rows, list) else [rows] if isinstance(rows, dict) else []
        for row in listed:
            for column in player_columns & set(row):
                assert row[column] == outsider.pk, (section, column)
