"""The authorization matrix: every /api/v1/ endpoint and method, for every persona, answers
as the table below says. The endpoints are generated from the URL conf, so an endpoint
added without its row fails `test_it_has_a_row_for_every_endpoint`.

Personas: anonymous; outsider (no relation to anything); member (of the league, picked,
asked the question); owner (owns the league, replied); moderator (community moderators
group); operator (staff). Each request runs in a savepoint rolled back afterwards, so a
DELETE or a join changes nothing for the next one. Writes send an empty JSON body: a
persona that is let in gets its refusal from validation (400/409), not from authorization.

Outcomes: ok = 2xx/3xx; in = let in (any status but 401/403/404 and 5xx);
no = 401/403; nf = 404 (hidden, or nothing to show this persona); x = 401/403/404.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from typing import Any, TypedDict

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from backend.accounts.models import User
from backend.community.models import Category
from backend.community.services import (
    event_schedule,
    flag_create,
    mission_create,
    post_create,
    topic_create,
)
from backend.game import services as game
from backend.leagues.services import (
    email_invitation_create,
    league_create,
    membership_join_with_code,
)
from backend.live.services.help import help_ask, help_send, help_take
from backend.live.services.moderation import report_create
from tests.reliability.conftest import open_round, store_official_result

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "outsider", "member", "owner", "moderator", "operator")
METHODS = ("get", "post", "put", "patch", "delete")
# Plain Django views under /api/v1/ (no APIView class to read the methods from).
FUNCTION_VIEW_METHODS = {"notifications:unsubscribe": ("get", "post")}

# Valid bodies where validation would otherwise answer before the permission check does.
BODIES: dict[tuple[str, str], Any] = {
    ("leagues:list", "post"): lambda k: {"name": "Another league"},
    ("leagues:transfer", "post"): lambda k: {"player_id": k["player_id"]},
    ("leagues:member", "patch"): lambda k: {"role": "manager"},
    ("leagues:invitations", "post"): lambda k: {"email": "new-friend@paddock.test"},
    ("community:topics", "post"): lambda k: {
        "category": k["category"],
        "title": "A fresh question about odds?",
        "body": "What are final odds?",
    },
    ("community:topic", "patch"): lambda k: {"title": "Which runner is the favourite, then?"},
    ("community:topic-replies", "post"): lambda k: {"body": "Another reply."},
    ("community:topic-accept", "post"): lambda k: {"post_id": k["post_id"]},
    ("community:topic-flag", "post"): lambda k: {"reason": "spam"},
    ("community:post", "patch"): lambda k: {"body": "An edited reply."},
    ("community:post-flag", "post"): lambda k: {"reason": "spam"},
    ("community:moderate-topic", "post"): lambda k: {"action": "lock"},
    ("community:moderate-post", "post"): lambda k: {"action": "hide"},
    ("community:flag-resolve", "post"): lambda k: {"decision": "dismiss"},
    ("handoff:preferences", "patch"): lambda k: {"offers_enabled": False},
    ("handoff:self-exclusion", "post"): lambda k: {"period": "6m"},
    ("handoff:break", "post"): lambda k: {"period": "24h"},
    ("handoff:reality-check-seen", "post"): lambda k: {"season": k["season_id"]},
    ("game:my-pick", "put"): lambda k: {"win": 1, "place": 2},
    ("live:help-rate", "post"): lambda k: {"rating": 5},
    ("live:moderation-report-resolve", "post"): lambda k: {"action": "dismiss"},
}

# (url name, method): outcomes for anonymous, outsider, member, owner, moderator, operator.
EXPECTED: dict[tuple[str, str], str] = {
    # Anonymous visitors get nothing but an invite's preview and the public community (read
    # only); staff see no private league; league management is the owner's; moderation is
    # moderators' and staff's.
    ("accounts:me", "get"): "no ok ok ok ok ok",
    ("accounts:me", "patch"): "no ok ok ok ok ok",
    ("accounts:me", "delete"): "no in in in in in",
    ("accounts:me-export", "get"): "no ok ok ok ok ok",
    ("racing:race-detail", "get"): "no ok ok ok ok ok",
    ("game:showcase", "get"): "ok ok ok ok ok ok",
    ("game:rounds", "get"): "no ok ok ok ok ok",
    ("game:round", "get"): "no ok ok ok ok ok",
    ("game:my-pick", "get"): "no ok ok ok ok ok",
    ("game:my-pick", "put"): "no in in in in in",
    ("game:crowd", "get"): "no ok ok ok ok ok",
    ("game:result", "get"): "no ok ok ok ok ok",
    ("game:weekly-table", "get"): "no ok ok ok ok ok",
    ("game:my-picks", "get"): "no ok ok ok ok ok",
    ("game:seasons", "get"): "no ok ok ok ok ok",
    ("game:season-current", "get"): "no ok ok ok ok ok",
    ("game:season-table", "get"): "no ok ok ok ok ok",
    ("game:season-search", "get"): "no in in in in in",
    ("game:rank-history", "get"): "no ok ok ok ok ok",
    ("game:operator-seasons", "get"): "no no no no no ok",
    ("game:operator-seasons", "post"): "no no no no no in",
    ("game:operator-season-status", "post"): "no no no no no in",
    ("game:operator-rounds", "get"): "no no no no no ok",
    ("game:operator-rounds", "post"): "no no no no no in",
    ("game:operator-round", "get"): "no no no no no ok",
    ("game:operator-round-open", "post"): "no no no no no in",
    ("game:operator-round-void", "post"): "no no no no no ok",
    ("ops:calendar", "get"): "no no no no no ok",
    ("ops:import-preview", "post"): "no no no no no in",
    ("ops:import-apply", "post"): "no no no no no in",
    ("ops:round-board", "get"): "no no no no no ok",
    ("game:operator-round-settle", "post"): "no no no no no ok",
    ("leagues:list", "get"): "no ok ok ok ok ok",
    ("leagues:list", "post"): "no ok ok ok ok ok",
    ("leagues:directory", "get"): "no ok ok ok ok ok",
    ("leagues:join", "get"): "ok ok ok ok ok ok",
    ("leagues:join", "post"): "no ok ok ok ok ok",
    ("leagues:detail", "get"): "no nf ok ok nf nf",
    ("leagues:detail", "patch"): "no nf no ok nf nf",
    ("leagues:detail", "delete"): "no nf no ok nf nf",
    ("leagues:join-public", "post"): "no nf ok ok nf nf",
    ("leagues:leave", "post"): "no nf ok in nf nf",
    ("leagues:transfer", "post"): "no nf no ok nf nf",
    ("leagues:members", "get"): "no nf ok ok nf nf",
    ("leagues:member", "patch"): "no nf no ok nf nf",
    ("leagues:member", "delete"): "no nf no ok nf nf",
    ("leagues:invite", "get"): "no nf ok ok nf nf",
    ("leagues:codes", "get"): "no nf no ok nf nf",
    ("leagues:codes", "post"): "no nf no ok nf nf",
    ("leagues:codes-regenerate", "post"): "no nf no ok nf nf",
    ("leagues:code", "delete"): "no nf no ok nf nf",
    ("leagues:invitations", "get"): "no nf no ok nf nf",
    ("leagues:invitations", "post"): "no nf no ok nf nf",
    ("leagues:invitation", "delete"): "no nf no ok nf nf",
    ("leagues:table", "get"): "no nf ok ok nf nf",
    ("leagues:round", "get"): "no nf ok ok nf nf",
    ("notifications:preferences", "get"): "no ok ok ok ok ok",
    ("notifications:preferences", "patch"): "no ok ok ok ok ok",
    ("notifications:unsubscribe", "get"): "nf nf nf nf nf nf",
    ("notifications:unsubscribe", "post"): "nf nf nf nf nf nf",
    ("community:categories", "get"): "ok ok ok ok ok ok",
    ("community:recent-answers", "get"): "ok ok ok ok ok ok",
    ("community:topics", "get"): "ok ok ok ok ok ok",
    ("community:topics", "post"): "no ok ok ok ok ok",
    ("community:topic", "get"): "ok ok ok ok ok ok",
    ("community:topic", "patch"): "no no ok no no no",
    ("community:topic", "delete"): "no no in no no no",
    ("community:topic-replies", "post"): "no ok ok ok ok ok",
    ("community:topic-accept", "post"): "no no ok no ok ok",
    ("community:topic-accept", "delete"): "no no in no in in",
    ("community:topic-vote", "post"): "no ok no ok ok ok",
    ("community:topic-vote", "delete"): "no in in in in in",
    ("community:topic-flag", "post"): "no ok no ok ok ok",
    ("community:post", "get"): "ok ok ok ok ok ok",
    ("community:post-check", "post"): "no no no no no ok",
    ("community:post-check", "delete"): "no no no no no ok",
    ("community:staff-posts", "get"): "ok ok ok ok ok ok",
    ("community:staff-posts", "post"): "no no no no no in",
    ("community:unanswered", "get"): "no no no no ok ok",
    ("community:ops-answer-times", "get"): "no no no no no ok",
    ("community:my-missions", "get"): "no ok ok ok ok ok",
    ("community:ops-missions", "get"): "no no no no no ok",
    ("community:ops-missions", "post"): "no no no no no in",
    ("community:ops-mission-retire", "post"): "no no no no no ok",
    ("community:events", "get"): "ok ok ok ok ok ok",
    ("community:events", "post"): "no no no no no in",
    ("community:event-follow", "post"): "no ok ok ok ok ok",
    ("community:event-follow", "delete"): "no ok ok ok ok ok",
    ("community:ops-dashboard", "get"): "no no no no no ok",
    ("community:ops-dashboard-export", "get"): "no no no no no ok",
    ("community:ops-ambassadors", "get"): "no no no no no ok",
    ("community:ops-ambassador", "post"): "no no no no no ok",
    ("community:ops-ambassador", "delete"): "no no no no no ok",
    ("community:post", "patch"): "no no no ok no no",
    ("community:post", "delete"): "no no no ok no no",
    ("community:post-vote", "post"): "no ok ok no ok ok",
    ("community:post-vote", "delete"): "no in in in in in",
    ("community:post-flag", "post"): "no in ok no ok ok",
    ("community:moderate-topic", "post"): "no no no no ok ok",
    ("community:moderate-post", "post"): "no no no no ok ok",
    ("community:flags", "get"): "no no no no ok ok",
    ("community:flag-resolve", "post"): "no no no no ok ok",
    ("community:pending", "get"): "no no no no ok ok",
    ("community:audit-log", "get"): "no no no no ok ok",
    ("community:me", "get"): "no ok ok ok ok ok",
    ("community:me-reputation", "get"): "no ok ok ok ok ok",
    ("community:player", "get"): "no ok ok ok ok ok",
    ("community:badges", "get"): "no ok ok ok ok ok",
    ("community:top-contributors", "get"): "no ok ok ok ok ok",
    ("community:me-badges", "get"): "no ok ok ok ok ok",
    ("community:round-thread", "get"): "no ok ok ok ok ok",
    ("handoff:preferences", "get"): "no ok ok ok ok ok",
    ("handoff:preferences", "patch"): "no ok ok ok ok ok",
    ("handoff:self-exclusion", "post"): "no ok ok ok ok ok",
    ("handoff:round-offer", "get"): "no ok ok ok ok ok",
    ("handoff:break", "post"): "no ok ok ok ok ok",
    ("handoff:reality-check", "get"): "no ok ok ok ok ok",
    ("handoff:reality-check-seen", "post"): "no ok ok ok ok ok",
    ("handoff:postback", "post"): "no no no no no no",
    ("notifications:push", "get"): "no ok ok ok ok ok",
    ("notifications:push-subscriptions", "post"): "no in in in in in",
    ("notifications:push-unsubscribe", "post"): "no ok ok ok ok ok",
    ("notifications:push-preferences", "patch"): "no ok ok ok ok ok",
    ("live:helper", "get"): "no ok ok ok ok ok",
    ("live:helper", "put"): "no in in in in in",
    ("live:help", "get"): "no ok ok ok ok ok",
    ("live:help", "post"): "no in in in in in",
    ("live:help-inbox", "get"): "no ok ok ok ok ok",
    ("live:help-detail", "get"): "no nf ok nf ok ok",
    ("live:help-take", "post"): "no nf nf nf nf in",
    ("live:help-close", "post"): "no nf ok nf nf ok",
    ("live:help-publish", "post"): "no nf in nf nf in",
    ("live:help-rate", "post"): "no nf ok nf nf nf",
    ("live:reports", "post"): "no in in in in in",
    ("live:moderation-messages", "get"): "no no no no ok ok",
    ("live:moderation-hide", "post"): "no no no no in in",
    ("live:moderation-mutes", "post"): "no no no no in in",
    ("live:moderation-reports", "get"): "no no no no ok ok",
    ("live:moderation-report-resolve", "post"): "no no no no ok ok",
    ("live:help-metrics", "get"): "no no no no no ok",
}


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name, pattern.callback


def api_endpoints() -> list[tuple[str, str, str]]:
    """(url name, route, method) for every /api/v1/ endpoint, from the URL conf."""
    found = []
    for route, name, callback in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view is None:
            methods = FUNCTION_VIEW_METHODS.get(name, ())
            if not methods:
                found.append((name, route, "?"))
        else:
            methods = tuple(m for m in METHODS if hasattr(view, m))
        found.extend((name, route, method) for method in methods)
    return found


ENDPOINTS = api_endpoints()


class World(TypedDict):
    people: dict[str, User]  # persona -> user, anonymous left out
    kwargs: dict[str, Any]  # URL keyword -> the value that names one thing of the world


@pytest.fixture
def world(
    *,
    owner: User,
    member: User,
    outsider: User,
    moderator: User,
    operator: User,
    eager_celery: None,
) -> World:
    """Every persona, a settled round they all picked, the owner's league with the member
    in it and an invitation out, the member's question with the owner's reply, flagged by
    the outsider, the member's live question taken by the operator with a message of the
    member's the operator reported: one thing of each kind for the endpoints' ids."""
    people = {
        "outsider": outsider,
        "member": member,
        "owner": owner,
        "moderator": moderator,
        "operator": operator,
    }
    rnd = open_round()
    for n, player in enumerate(people.values()):
        game.pick_submit(player=player, round_id=rnd.pk, win=1 + n, place=2 + n)
    store_official_result(rnd)
    game.round_settle(round_id=rnd.pk)

    league = league_create(owner=owner, name="Owners and members")
    code = league.invite_codes.get()
    membership_join_with_code(code=code.code, player=member)
    invitation = email_invitation_create(league=league, actor=owner, email="friend@paddock.test")

    topic = topic_create(
        author=member,
        category=Category.objects.order_by("pk").first(),  # type: ignore[arg-type]
        title="Which runner is the favourite?",
        body="How is the post-time favourite chosen when odds tie?",
    )
    post = post_create(topic=topic, author=owner, body="The lower saddle number wins the tie.")
    flag = flag_create(reporter=outsider, topic=topic, post=post, reason="spam")
    mission = mission_create(
        slug="answer-1",
        kind="answer_questions",
        period="weekly",
        target=1,
        points=5,
        name_en="Helper",
        name_fr="Aide",
    )
    event = event_schedule(
        author=operator,
        kind="live_qa",
        title="Live Q&A with a trainer",
        description="",
        starts_at=timezone.now() + dt.timedelta(days=1),
        category=topic.category,
    )
    help_request = help_ask(asker=member, question="How does the place pool pay out?")
    help_take(helper=operator, request_id=help_request.pk)
    help_message = help_send(user=member, request_id=help_request.pk, text="Anyone there?")
    report = report_create(
        reporter=operator, kind="help", message_id=help_message.pk, reason="off topic"
    )
    return {
        "people": people,
        "kwargs": {
            "request_id": help_request.pk,
            "kind": "help",
            "message_id": help_message.pk,
            "race_id": rnd.race_id,
            "round_id": rnd.pk,
            "season_id": rnd.season_id,
            "public_id": league.public_id,
            "code": code.code,
            "code_id": code.pk,
            "invitation_id": invitation.pk,
            "player_id": member.pk,
            "topic_id": topic.pk,
            "post_id": post.pk,
            "flag_id": flag.pk,
            "report_id": report.pk,
            "mission_id": mission.pk,
            "event_id": event.pk,
            "token": "not-a-token",
            "category": topic.category.slug,
        },
    }


@pytest.fixture
def no_throttles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every throttle rate out of reach: the matrix sends many requests per persona."""
    for rates in (SimpleRateThrottle.THROTTLE_RATES, api_settings.DEFAULT_THROTTLE_RATES):
        for scope in list(rates):
            monkeypatch.setitem(rates, scope, "100000/min")


def fill(route: str, kwargs: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        return str(kwargs[match.group(1)])

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


def outcome(status: int) -> str:
    if status >= 500:
        return "5xx"
    if status in (401, 403):
        return "no"
    if status == 404:
        return "nf"
    return "ok" if status < 400 else "in"


def matches(expected: str, status: int) -> bool:
    got = outcome(status)
    if expected == "in":
        return got in ("ok", "in")
    if expected == "x":
        return got in ("no", "nf")
    return got == expected


def test_it_has_a_row_for_every_endpoint() -> None:
    missing = [
        f"{name} {method.upper()} ({route})"
        for name, route, method in ENDPOINTS
        if (name, method) not in EXPECTED
    ]
    assert not missing, "endpoints without a row in EXPECTED:\n  " + "\n  ".join(missing)
    stale = sorted(set(EXPECTED) - {(name, method) for name, _, method in ENDPOINTS})
    assert not stale, f"rows for endpoints that no longer exist: {stale}"


def test_it_answers_every_endpoint_as_the_matrix_says(world: World, no_throttles: None) -> None:
    record = os.environ.get("AUTHZ_RECORD")
    wrong = []
    lines = []
    for name, route, method in ENDPOINTS:
        path = fill(route, world["kwargs"])
        body = BODIES.get((name, method), lambda k: {})(world["kwargs"])
        got = []
        for persona in PERSONAS:
            client = APIClient()
            if persona != "anonymous":
                client.force_authenticate(world["people"][persona])
            with transaction.atomic():
                response = getattr(client, method)(path, body, format="json")
                transaction.set_rollback(True)
            got.append(response.status_code)
        expected = EXPECTED.get((name, method), "").split()
        lines.append(f'    ("{name}", "{method}"): "{" ".join(outcome(s) for s in got)}",  # {got}')
        for persona, status, want in zip(PERSONAS, got, expected or ["?"] * 6, strict=True):
            if want == "?" or not matches(want, status):
                wrong.append(f"{method.upper()} {path} as {persona}: {status}, expected {want}")
    if record:  # AUTHZ_RECORD=1: show the table as it stands, to review and paste
        pytest.fail("\n".join(lines))
    assert not wrong, "\n".join(wrong)
