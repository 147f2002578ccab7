"""Throttles hold in the shared cache (Redis in CI) and answer 429 with Retry-After:
sign-up, login and password reset (allauth), invite-code joins, picks, posting and the
betting redirect. Each test sets a low rate and goes one request over it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from pytest_django import Settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import User
from tests.factories import PASSWORD
from tests.personas import ApiAs
from tests.reliability.conftest import open_round

pytestmark = pytest.mark.django_db

HEADLESS = "/_allauth/browser/v1"


def test_it_keeps_throttle_counts_in_redis_when_redis_is_configured() -> None:
    """Every process shares the counts: the throttles use the default cache, Redis here."""
    backend = django_settings.CACHES["default"]["BACKEND"]
    if django_settings.REDIS_URL:
        # Django's Redis cache, degraded to misses when Redis is away (common/cache.py).
        assert backend == "backend.common.cache.ResilientRedisCache"
        assert isinstance(caches["default"], RedisCache)
    else:
        pytest.skip("no REDIS_URL: the cache is local memory (embedded default)")


@pytest.fixture
def drf_rate(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], None]:
    """drf_rate(scope, rate): a low DRF throttle rate for this test."""

    def set_rate(scope: str, rate: str) -> None:
        for rates in (SimpleRateThrottle.THROTTLE_RATES, api_settings.DEFAULT_THROTTLE_RATES):
            monkeypatch.setitem(rates, scope, rate)

    return set_rate


@pytest.fixture
def allauth_rate(settings: Settings) -> Callable[[str, str], None]:
    """allauth_rate(action, rate): a low allauth rate limit for this test."""

    def set_rate(action: str, rate: str) -> None:
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, action: rate}

    return set_rate


def assert_throttled(response: Any) -> None:
    assert response.status_code == 429, getattr(response, "content", b"")[:300]
    assert int(response["Retry-After"]) > 0


def post_json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_it_throttles_sign_ups_per_address(allauth_rate: Any) -> None:
    allauth_rate("signup", "2/m/ip")
    client = Client()
    for n in range(2):
        answer = post_json(
            client,
            f"{HEADLESS}/auth/signup",
            {
                "email": f"new{n}@paddock.test",
                "password": "a-Long-passw0rd!",
                "display_name": f"New {n}",
            },
        )
        assert answer.status_code != 429
    assert_throttled(
        post_json(
            client,
            f"{HEADLESS}/auth/signup",
            {"email": "new9@paddock.test", "password": "a-Long-passw0rd!", "display_name": "New 9"},
        )
    )


def test_it_throttles_logins_per_address(allauth_rate: Any, outsider: User) -> None:
    allauth_rate("login", "2/m/ip")
    client = Client()
    body = {"email": outsider.email, "password": "wrong-password"}
    for _ in range(2):
        assert post_json(client, f"{HEADLESS}/auth/login", body).status_code == 400
    assert_throttled(post_json(client, f"{HEADLESS}/auth/login", body))
    # The right password does not get through a throttled address either.
    right = {"email": outsider.email, "password": PASSWORD}
    assert_throttled(post_json(Client(), f"{HEADLESS}/auth/login", right))


def test_it_throttles_password_reset_requests_per_email(allauth_rate: Any, outsider: User) -> None:
    allauth_rate("reset_password", "20/m/ip,2/m/key")
    client = Client()
    for _ in range(2):
        answer = post_json(client, f"{HEADLESS}/auth/password/request", {"email": outsider.email})
        assert answer.status_code == 200
    assert_throttled(
        post_json(client, f"{HEADLESS}/auth/password/request", {"email": outsider.email})
    )


def test_it_throttles_invite_code_guesses(drf_rate: Any, api_as: ApiAs, outsider: User) -> None:
    drf_rate("league_join", "2/min")
    client = api_as(outsider)
    for n in range(2):
        assert client.post(f"/api/v1/leagues/join/wrong-code-{n:07d}/").status_code == 404
    assert_throttled(client.post("/api/v1/leagues/join/wrong-code-9999999/"))


def test_it_throttles_pick_submissions_per_player(
    drf_rate: Any, api_as: ApiAs, outsider: User, member: User
) -> None:
    """Counted per player in a window opened by the first pick (one counter in Redis,
    expiring with the window); the refusal says how long is left of it."""
    drf_rate("game_pick", "2/min")
    rnd = open_round()
    path = f"/api/v1/game/rounds/{rnd.pk}/pick/"
    client = api_as(outsider)
    for win in (1, 2):
        assert client.put(path, {"win": win, "place": 3}, format="json").status_code in (200, 201)
    refused = client.put(path, {"win": 4, "place": 3}, format="json")
    assert_throttled(refused)
    assert int(refused["Retry-After"]) <= 60
    assert client.get(path).json()["win"] == 2  # the throttled write changed nothing
    # Another player is not held back.
    assert api_as(member).put(path, {"win": 1, "place": 2}, format="json").status_code == 201
    cache = caches["default"]
    if hasattr(cache, "count_in_window"):  # Redis (always in CI): the window's counter
        key = f"throttle_game_pick_{outsider.pk}:window"
        redis = cache._cache.get_client(write=True)
        assert int(redis.get(cache.make_key(key))) == 3
        assert 0 < redis.ttl(cache.make_key(key)) <= 60
        assert cache.count_in_window(key, 60)[0] == 4


def test_it_throttles_community_posting_per_member(
    drf_rate: Any, api_as: ApiAs, outsider: User
) -> None:
    drf_rate("community_post", "2/min")
    client = api_as(outsider)
    # Counted before the body is read: two refused questions still use the allowance.
    for _ in range(2):
        assert client.post("/api/v1/community/topics/", {}, format="json").status_code == 400
    assert_throttled(client.post("/api/v1/community/topics/", {}, format="json"))
    assert client.get("/api/v1/community/topics/").status_code == 200  # reading is free


def test_it_throttles_the_betting_redirect_per_player_and_per_address(
    drf_rate: Any, outsider: User
) -> None:
    drf_rate("handoff_go_bet", "2/min")
    signed_in = Client()
    signed_in.force_login(outsider)
    for _ in range(2):
        assert signed_in.get("/go/bet/forged-token").status_code == 404
    assert_throttled(signed_in.get("/go/bet/forged-token"))

    anonymous = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(2):
        assert anonymous.get("/go/bet/forged-token").status_code == 404
    assert_throttled(anonymous.get("/go/bet/forged-token"))
    assert Client(REMOTE_ADDR="203.0.113.8").get("/go/bet/forged-token").status_code == 404


def test_a_login_lockout_answers_429_with_retry_after(allauth_rate: Any, outsider: User) -> None:
    allauth_rate("login_failed", "10/m/ip,3/300s/key")
    body = {"email": outsider.email, "password": "wrong-password"}
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(3):
        assert post_json(client, f"{HEADLESS}/auth/login", body).status_code == 400
    locked = post_json(client, f"{HEADLESS}/auth/login", body)
    assert_throttled(locked)
    assert locked.json()["errors"][0]["code"] == "too_many_login_attempts"


def test_failed_logins_elsewhere_never_lock_the_player_out(
    allauth_rate: Any, outsider: User
) -> None:
    allauth_rate("login_failed", "10/m/ip,3/300s/key")
    wrong = {"email": outsider.email, "password": "wrong-password"}
    attacker = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(4):
        post_json(attacker, f"{HEADLESS}/auth/login", wrong)
    assert_throttled(post_json(attacker, f"{HEADLESS}/auth/login", wrong))
    right = {"email": outsider.email, "password": PASSWORD}
    player = Client(REMOTE_ADDR="203.0.113.9")
    assert post_json(player, f"{HEADLESS}/auth/login", right).status_code == 200


def test_a_forged_forwarded_for_does_not_dodge_a_limit(
    drf_rate: Any, api_as: ApiAs, outsider: User, settings: Settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    drf_rate("league_join", "2/min")
    client = api_as(outsider)
    answers = [
        client.post(
            f"/api/v1/leagues/join/wrong-code-{n:07d}/",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.50",
        ).status_code
        for n in range(5)
    ]
    assert 429 in answers, answers


def test_any_api_request_is_counted_per_address_signed_out_and_per_player_signed_in(
    drf_rate: Any, api_as: ApiAs, outsider: User, member: User
) -> None:
    """docs/api.md, Throttles: `anon` and `user`, the general limits of every request."""
    drf_rate("anon", "3/min")
    drf_rate("user", "5/min")
    anonymous = Client()
    for _ in range(3):
        assert anonymous.get("/api/v1/game/showcase/").status_code == 200
    assert_throttled(anonymous.get("/api/v1/game/showcase/"))
    # Signed in, a player is counted apart from the address and from other players.
    player = api_as(outsider)
    for _ in range(5):
        assert player.get("/api/v1/accounts/me/").status_code == 200
    assert_throttled(player.get("/api/v1/accounts/me/"))
    assert_throttled(player.get("/api/v1/game/rounds/"))
    assert api_as(member).get("/api/v1/accounts/me/").status_code == 200


def test_a_view_with_a_limit_of_its_own_keeps_the_general_one(
    drf_rate: Any, api_as: ApiAs, outsider: User
) -> None:
    drf_rate("user", "2/min")
    client = api_as(outsider)
    assert client.get("/api/v1/accounts/me/").status_code == 200
    assert client.get("/api/v1/accounts/me/export/").status_code == 200  # 10 an hour
    assert_throttled(client.get("/api/v1/accounts/me/export/"))
    assert_throttled(client.post("/api/v1/leagues/join/wrong-code-0000001/"))


def test_a_pick_write_is_counted_by_the_pick_limit_and_a_read_by_the_general_one(
    drf_rate: Any, api_as: ApiAs, outsider: User
) -> None:
    drf_rate("user", "1/min")
    rnd = open_round()
    path = f"/api/v1/game/rounds/{rnd.pk}/pick/"
    client = api_as(outsider)
    for win in (1, 2, 3):  # the general limit is used up by none of them
        assert client.put(path, {"win": win, "place": 4}, format="json").status_code in (200, 201)
    assert client.get(path).json()["win"] == 3
    assert_throttled(client.get(path))


def test_wrong_passwords_on_account_deletion_count_as_failed_logins(
    allauth_rate: Any, api_as: ApiAs, outsider: User
) -> None:
    """Nobody holding a player's session or token gets more guesses at the password by
    deleting the account than by logging in: after the account's failed-login limit even
    the right password waits (and the account stays)."""
    allauth_rate("login_failed", "10/m/ip,2/300s/key")
    client = api_as(outsider)
    for guess in ("guess-1", "guess-2"):
        wrong = client.delete("/api/v1/accounts/me/", {"password": guess}, format="json")
        assert wrong.status_code == 403
        assert wrong.json()["code"] == "wrong_password"
    assert_throttled(client.delete("/api/v1/accounts/me/", {"password": PASSWORD}, format="json"))
    assert User.objects.get(pk=outsider.pk).is_active


def test_a_password_is_checked_as_typed(api_as: ApiAs, outsider: User) -> None:
    """Spaces around a password are part of it: " <password> " is a wrong password, and a
    blank one is a wrong password too, not a malformed request."""
    client = api_as(outsider)
    for typed in (f" {PASSWORD} ", "\t"):
        answer = client.delete("/api/v1/accounts/me/", {"password": typed}, format="json")
        assert answer.status_code == 403, answer.content[:200]
        assert User.objects.get(pk=outsider.pk).is_active
    assert (
        client.delete("/api/v1/accounts/me/", {"password": PASSWORD}, format="json").status_code
        == 204
    )
    assert not User.objects.get(pk=outsider.pk).is_active  # deleted: anonymous, inactive
