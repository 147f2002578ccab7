from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import User
from backend.leagues.models import InviteCode, League, Membership
from tests.factories import InviteCodeFactory, LeagueFactory, UserFactory

pytestmark = pytest.mark.django_db

INVALID = {"detail": "This invitation link is not valid any more.", "code": "invalid_invite"}


def _code(league: League) -> str:
    return InviteCode.objects.filter(league=league, revoked_at__isnull=True).latest("id").code


# --- leagues ---------------------------------------------------------------------------------


def test_it_creates_a_league(api_as: Any, outsider: User) -> None:
    response = api_as(outsider).post(
        "/api/v1/leagues/",
        {"name": "Mes Potes", "description": "Du turf", "visibility": "public", "member_limit": 20},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Mes Potes"
    assert body["visibility"] == "public"
    assert (body["member_limit"], body["max_members"], body["member_count"]) == (20, 20, 1)
    assert body["my_role"] == "owner"
    assert body["owner"] == {"id": outsider.pk, "name": "Charlie"}
    assert len(body["id"]) == 10


def test_it_validates_a_new_league(api_as: Any, outsider: User) -> None:
    response = api_as(outsider).post("/api/v1/leagues/", {"name": ""}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["fields"]


def test_it_counts_a_name_as_sent_spaces_included(api_as: Any, outsider: User) -> None:
    """The schema's maxLength (60) bounds the string sent, before the server trims it."""
    client = api_as(outsider)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    name = schema["components"]["schemas"]["LeagueCreateInputRequest"]["properties"]["name"]
    assert name["maxLength"] == 60
    refused = client.post("/api/v1/leagues/", {"name": "a" + " " * 70}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {"name": ["Ensure this field has no more than 60 characters."]},
    }
    assert not League.objects.filter(owner=outsider).exists()
    created = client.post("/api/v1/leagues/", {"name": "  " + "b" * 56 + "  "}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["name"] == "b" * 56
    # A query parameter is text held to its maxLength as sent too.
    search = client.get("/api/v1/leagues/directory/", {"search": "b" + " " * 60})
    assert search.status_code == 400
    assert search.json()["fields"] == {
        "search": ["Ensure this field has no more than 60 characters."]
    }


def test_it_lists_my_leagues_with_my_role(
    api_as: Any, league: League, public_league: League, member: User
) -> None:
    response = api_as(member).get("/api/v1/leagues/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == league.public_id
    assert body["results"][0]["my_role"] == "member"
    assert body["results"][0]["member_count"] == 3


def test_it_shows_a_league_to_a_member(api_as: Any, league: League, manager: User) -> None:
    body = api_as(manager).get(f"/api/v1/leagues/{league.public_id}/").json()
    assert body["name"] == "Les Turfistes"
    assert body["my_role"] == "manager"
    assert body["max_members"] == 1000


def test_it_edits_a_league(api_as: Any, league: League, manager: User) -> None:
    response = api_as(manager).patch(
        f"/api/v1/leagues/{league.public_id}/", {"name": "Nouveau nom"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Nouveau nom"


def test_it_searches_the_public_directory_by_name_paged(api_as: Any, outsider: User) -> None:
    for n in range(3):
        LeagueFactory(name=f"Turf Club {n}", visibility="public")
    LeagueFactory(name="Turf Secret", visibility="private")
    LeagueFactory(name="Other", visibility="public")
    client = api_as(outsider)
    body = client.get("/api/v1/leagues/directory/", {"search": "turf", "page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert all(row["name"].startswith("Turf Club") for row in body["results"])
    assert all(row["my_role"] is None for row in body["results"])
    second = client.get("/api/v1/leagues/directory/", {"search": "turf", "page_size": 2, "page": 2})
    assert len(second.json()["results"]) == 1


def test_it_lists_the_busiest_public_leagues_first(api_as: Any, outsider: User) -> None:
    quiet = LeagueFactory(name="A quiet one", visibility="public")
    busy = LeagueFactory(name="Z busy one", visibility="public")
    Membership.objects.create(league=busy, player=UserFactory())
    names = [r["id"] for r in api_as(outsider).get("/api/v1/leagues/directory/").json()["results"]]
    assert names == [busy.public_id, quiet.public_id]


def test_the_directory_sorts_and_counts_leagues_without_reading_owners_or_members(
    api_as: Any, outsider: User
) -> None:
    """The page sorts on the leagues' stored member counts, with no count of every public
    league's members; the owners of the page's leagues come after, by one query (joined
    into the sort, every public league's owner was read: 1 s a request at 100,000
    leagues); the page count counts the leagues alone."""
    for n in range(3):
        league = LeagueFactory(name=f"Club {n}", visibility="public")
        Membership.objects.create(league=league, player=UserFactory())
    with CaptureQueriesContext(connection) as captured:
        body = api_as(outsider).get("/api/v1/leagues/directory/").json()
    assert len(body["results"]) == 3
    assert all(row["owner"] and row["member_count"] == 2 for row in body["results"])
    queries = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in queries if "GROUP BY" in sql], queries
    (paged,) = [
        sql
        for sql in queries
        if "ORDER BY" in sql and '"leagues_league"."member_count" DESC' in sql
    ]
    assert '"accounts_user"' not in paged, paged
    assert body["count"] == 3
    (counting,) = [sql for sql in queries if "COUNT(*)" in sql]
    assert "leagues_membership" not in counting, counting


def test_it_lists_members_in_joining_order(api_as: Any, league: League, member: User) -> None:
    body = api_as(member).get(f"/api/v1/leagues/{league.public_id}/members/").json()
    assert [(r["player"]["name"], r["role"]) for r in body["results"]] == [
        ("Alice", "owner"),
        ("Dana", "manager"),
        ("Bob", "member"),
    ]


def test_it_never_shows_an_email_as_a_name(api_as: Any, league: League, member: User) -> None:
    Membership.objects.create(
        league=league, player=UserFactory(email="secret.person@example.com", display_name="")
    )
    body = api_as(member).get(f"/api/v1/leagues/{league.public_id}/members/").json()
    assert "secret" not in str(body)


def test_it_transfers_and_the_old_owner_becomes_manager(
    api_as: Any, league: League, owner: User, member: User
) -> None:
    response = api_as(owner).post(
        f"/api/v1/leagues/{league.public_id}/transfer/", {"player_id": member.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["owner"]["id"] == member.pk
    assert response.json()["my_role"] == "manager"


def test_it_promotes_a_member(api_as: Any, league: League, owner: User, member: User) -> None:
    response = api_as(owner).patch(
        f"/api/v1/leagues/{league.public_id}/members/{member.pk}/",
        {"role": "manager"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["role"] == "manager"


def test_it_tells_the_owner_to_transfer_before_leaving(
    api_as: Any, league: League, owner: User
) -> None:
    response = api_as(owner).post(f"/api/v1/leagues/{league.public_id}/leave/")
    assert response.status_code == 409
    assert response.json()["code"] == "owner_must_transfer"


# --- invites and sharing ------------------------------------------------------------------------


def test_it_gives_members_the_invite_link_and_share_urls(
    api_as: Any, league: League, member: User, settings: Any
) -> None:
    settings.SITE_URL = "https://paddock.example"
    body = api_as(member).get(f"/api/v1/leagues/{league.public_id}/invite/").json()
    link = f"https://paddock.example/leagues/join/{_code(league)}"
    assert body["code"] == _code(league)
    assert body["share"]["link"] == link
    for target in ("whatsapp", "telegram", "facebook", "x", "email", "sms"):
        assert quote(link, safe="") in body["share"][target]


def test_it_regenerates_the_code_and_kills_the_old_link(
    api_as: Any, league: League, manager: User, outsider: User
) -> None:
    old = _code(league)
    response = api_as(manager).post(f"/api/v1/leagues/{league.public_id}/codes/regenerate/")
    assert response.status_code == 201
    new = response.json()["code"]
    assert new != old
    assert api_as(outsider).post(f"/api/v1/leagues/join/{old}/").status_code == 404
    assert api_as(outsider).post(f"/api/v1/leagues/join/{new}/").status_code == 201


def test_it_creates_a_limited_expiring_code(api_as: Any, league: League, owner: User) -> None:
    expires = (timezone.now() + dt.timedelta(days=2)).isoformat()
    response = api_as(owner).post(
        f"/api/v1/leagues/{league.public_id}/codes/",
        {"expires_at": expires, "max_uses": 5},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["max_uses"], body["uses"], body["is_usable"]) == (5, 0, True)
    codes = api_as(owner).get(f"/api/v1/leagues/{league.public_id}/codes/").json()
    assert len(codes) == 2


@pytest.mark.parametrize("path", ["codes/", "codes/regenerate/"])
def test_it_refuses_a_use_limit_beyond_what_a_code_can_store(
    api_as: Any, league: League, owner: User, path: str
) -> None:
    url = f"/api/v1/leagues/{league.public_id}/{path}"
    response = api_as(owner).post(url, {"max_uses": 2**31}, format="json")
    assert response.status_code == 400
    assert "max_uses" in response.json()["fields"]
    assert api_as(owner).post(url, {"max_uses": 2**31 - 1}, format="json").status_code == 201


def test_it_revokes_a_code(api_as: Any, league: League, owner: User, outsider: User) -> None:
    code = InviteCode.objects.get(league=league)
    response = api_as(owner).delete(f"/api/v1/leagues/{league.public_id}/codes/{code.pk}/")
    assert response.status_code == 204
    assert api_as(outsider).get(f"/api/v1/leagues/join/{code.code}/").status_code == 404
    invite = api_as(owner).get(f"/api/v1/leagues/{league.public_id}/invite/")
    assert invite.status_code == 404
    assert invite.json()["code"] == "no_invite_code"


def test_it_sends_an_email_invitation_on_commit(
    api_as: Any,
    league: League,
    manager: User,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(manager).post(
            f"/api/v1/leagues/{league.public_id}/invitations/",
            {"email": "pal@example.com", "language": "fr"},
            format="json",
        )
    assert response.status_code == 201, response.json()
    assert len(mail.outbox) == 1
    token = league.email_invitations.get().token
    assert f"/leagues/join/{token}" in mail.outbox[0].body
    assert "Rejoindre la ligue" in mail.outbox[0].body
    pending = api_as(manager).get(f"/api/v1/leagues/{league.public_id}/invitations/").json()
    assert [row["email"] for row in pending] == ["pal@example.com"]


def test_it_throttles_email_invitations(
    api_as: Any, league: League, owner: User, settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, "league_invite": "2/hour"},
    )
    client = api_as(owner)
    url = f"/api/v1/leagues/{league.public_id}/invitations/"
    statuses = [
        client.post(url, {"email": f"p{n}@example.com"}, format="json").status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert client.get(url).status_code == 200


# --- join links ----------------------------------------------------------------------------------


def test_it_previews_a_join_link_anonymously(api: Any, league: League) -> None:
    response = api.get(f"/api/v1/leagues/join/{_code(league)}/")
    assert response.status_code == 200
    assert response.json() == {
        "id": league.public_id,
        "name": "Les Turfistes",
        "description": "Friends who pick together.",
        "owner_name": "Alice",
        "member_count": 3,
        "is_full": False,
        "is_member": False,
        "requires_login": True,
    }


def test_it_previews_for_a_member_that_they_are_in(
    api_as: Any, league: League, member: User
) -> None:
    body = api_as(member).get(f"/api/v1/leagues/join/{_code(league)}/").json()
    assert body["is_member"] is True
    assert body["requires_login"] is False


def test_it_requires_sign_in_to_join(api: Any, league: League) -> None:
    assert api.post(f"/api/v1/leagues/join/{_code(league)}/").status_code in (401, 403)


def test_it_joins_then_answers_the_same_membership(
    api_as: Any, league: League, outsider: User
) -> None:
    client = api_as(outsider)
    first = client.post(f"/api/v1/leagues/join/{_code(league)}/")
    assert first.status_code == 201
    assert first.json()["created"] is True
    assert first.json()["league"]["my_role"] == "member"
    again = client.post(f"/api/v1/leagues/join/{_code(league)}/")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["joined_at"] == first.json()["joined_at"]
    assert league.memberships.filter(player=outsider).count() == 1


def test_it_refuses_a_full_league_cleanly(api_as: Any, owner: User, outsider: User) -> None:
    league = LeagueFactory(owner=owner, member_limit=2)
    Membership.objects.create(league=league, player=UserFactory())
    response = api_as(outsider).post(f"/api/v1/leagues/join/{_code(league)}/")
    assert response.status_code == 409
    assert response.json()["code"] == "league_full"
    preview = api_as(outsider).get(f"/api/v1/leagues/join/{_code(league)}/").json()
    assert preview["is_full"] is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_answers_one_body_for_every_unusable_code(
    api_as: Any, league: League, outsider: User, method: str
) -> None:
    revoked = InviteCodeFactory(league=league, revoked_at=timezone.now())
    expired = InviteCodeFactory(league=league, expires_at=timezone.now() - dt.timedelta(hours=1))
    used_up = InviteCodeFactory(league=league, max_uses=2, uses=2)
    client = api_as(outsider)
    codes = ["Zq9-unknown_code1", revoked.code, expired.code, used_up.code]
    responses = [getattr(client, method)(f"/api/v1/leagues/join/{code}/") for code in codes]
    assert [r.status_code for r in responses] == [404] * 4
    assert all(r.json() == INVALID for r in responses)
    assert not league.memberships.filter(player=outsider).exists()


def test_it_throttles_repeated_wrong_codes_with_retry_after(
    api: Any, api_as: Any, league: League, outsider: User
) -> None:
    client = api_as(outsider)
    for n in range(10):
        assert client.post(f"/api/v1/leagues/join/wrong-code-{n:07d}/").status_code == 404
    throttled = client.post("/api/v1/leagues/join/wrong-code-xxxxxxx/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    # Even a right code waits: otherwise a guesser would learn which guess hit.
    assert client.post(f"/api/v1/leagues/join/{_code(league)}/").status_code == 429
    # Another client is not held back.
    assert api_as(UserFactory()).post(f"/api/v1/leagues/join/{_code(league)}/").status_code == 201


def test_it_throttles_anonymous_previews_of_wrong_codes(api: Any, league: League) -> None:
    for n in range(10):
        assert api.get(f"/api/v1/leagues/join/wrong-code-{n:07d}/").status_code == 404
    response = api.get(f"/api/v1/leagues/join/{_code(league)}/")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_it_does_not_count_right_codes_against_the_throttle(api: Any, league: League) -> None:
    for _ in range(15):
        assert api.get(f"/api/v1/leagues/join/{_code(league)}/").status_code == 200


def test_it_joins_a_public_league_from_the_directory(
    api_as: Any, public_league: League, outsider: User
) -> None:
    response = api_as(outsider).post(f"/api/v1/leagues/{public_league.public_id}/join/")
    assert response.status_code == 201
    assert response.json()["league"]["member_count"] == 2


def test_it_documents_every_league_endpoint_in_the_schema(api: Any) -> None:
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    for path in (
        "/api/v1/leagues/",
        "/api/v1/leagues/directory/",
        "/api/v1/leagues/join/{code}/",
        "/api/v1/leagues/{public_id}/table/",
        "/api/v1/leagues/{public_id}/rounds/{round_id}/",
        "/api/v1/leagues/{public_id}/invitations/",
    ):
        assert path in paths, path


def test_the_schema_states_the_role_and_use_limit_a_request_may_give(api: Any) -> None:
    """Inputs the API refuses whatever the data are stated in the schema: a role set to
    owner (only a transfer makes one) and a use limit beyond what a code stores."""
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]

    def resolved(prop: dict[str, Any]) -> dict[str, Any]:
        ref = prop.get("$ref") or prop.get("allOf", [{}])[0].get("$ref")
        return components[ref.rsplit("/", 1)[1]] if ref else prop

    role = resolved(components["LeagueRoleInputRequest"]["properties"]["role"])
    assert role["enum"] == ["manager", "member"]
    assert components["LeagueInviteCodeInputRequest"]["properties"]["max_uses"]["maximum"] == (
        2**31 - 1
    )


def test_a_member_joining_again_through_a_used_up_link_gets_the_same_membership(
    api_as: Any, league: League, outsider: User
) -> None:
    """docs/api.md: joining answers 201 the first time, 200 with the same membership
    after, also once the link's last use was one's own; nobody else gets in through it,
    and the member's repeated clicks never count as wrong codes."""
    code = InviteCodeFactory(league=league, max_uses=1)
    client = api_as(outsider)
    first = client.post(f"/api/v1/leagues/join/{code.code}/")
    assert first.status_code == 201
    for _ in range(12):  # more than the wrong-code limit (10 a minute)
        again = client.post(f"/api/v1/leagues/join/{code.code}/")
        assert again.status_code == 200, again.content[:200]
        assert again.json()["created"] is False
        assert again.json()["joined_at"] == first.json()["joined_at"]
    preview = client.get(f"/api/v1/leagues/join/{code.code}/")
    assert preview.status_code == 200
    assert preview.json()["is_member"] is True
    code.refresh_from_db()
    assert code.uses == 1
    stranger = api_as(UserFactory())
    refused = stranger.post(f"/api/v1/leagues/join/{code.code}/")
    assert refused.status_code == 404
    assert refused.json()["code"] == "invalid_invite"
    assert stranger.get(f"/api/v1/leagues/join/{code.code}/").status_code == 404
