"""Sample emails of every kind for the admin's previews: the real composing code, fake data.

Nothing here reads or writes the database except the account email, which allauth renders
from its own templates. Unsubscribe links in a preview point at the viewing operator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from allauth.account.adapter import get_adapter
from django.utils import timezone, translation

from backend.accounts.models import User
from backend.game.models import Season

from . import links
from .compose.account import paddock_site
from .compose.correction import compose_correction
from .compose.digest import DigestItems, compose_digest
from .compose.invitation import compose_invitation
from .compose.race import CardRenderer, RaceInfo
from .compose.recipients import Recipient
from .compose.reminder import compose_reminder
from .compose.results import ResultsRenderer, compose_results
from .compose.results_data import (
    FinishRow,
    LeagueLine,
    PlayerResults,
    RoundResults,
    TopRow,
)
from .compose.round_open import compose_round_open
from .models import Kind
from .rendering import Pair
from .sending import Outgoing


def _person(viewer_id: int, language: str) -> Recipient:
    return Recipient(
        id=viewer_id,
        email="camille@example.com",
        language=language,
        time_zone="Europe/Paris" if language == "fr" else "Europe/London",
        name="Camille",
    )


def _race(now: dt.datetime) -> RaceInfo:
    return RaceInfo(
        name="Prix d'Amérique Legend Race",
        racecourse="Vincennes",
        code="R1C4",
        distance_m=2700,
        discipline="ATTELE",
        runners=16,
        post_time=now.replace(hour=15, minute=15, second=0, microsecond=0) + dt.timedelta(days=1),
        replay_url="https://replay.example.com/r1c4",
    )


def _results() -> RoundResults:
    now = timezone.now()
    return RoundResults(
        round_id=42,
        version=1,
        race=_race(now),
        void=False,
        void_reason="",
        finish=[
            FinishRow(1, 7, "Idao de Tillard", 590, 210),
            FinishRow(2, 3, "Hokkaido Jiel", None, 340),
            FinishRow(3, 11, "Go On Boy", None, 480),
            FinishRow(4, 1, "Hooker Berry"),
            FinishRow(5, 14, "Ampia Mede Sm"),
        ],
        non_runners=[9],
        pools=["internet"],
        top=[
            TopRow(1, "Léa", 2140),
            TopRow(2, "TurfMaster", 1600),
            TopRow(2, "Bob", 1600),
        ],
        players=12840,
        # Unsaved: a preview writes nothing.
        season=Season(name_en="Paddock Cup 2026", name_fr="Coupe Paddock 2026"),
        thread_url=links.round_thread_url(42),
        runner_names={
            7: "Idao de Tillard",
            3: "Hokkaido Jiel",
            11: "Go On Boy",
            1: "Hooker Berry",
            14: "Ampia Mede Sm",
        },
    )


def _mine() -> PlayerResults:
    return PlayerResults(
        points=1600,
        win_runner=7,
        place_runner=3,
        win_points=1180,
        place_points=680,
        win_hit=True,
        place_hit=True,
        rank=152,
        previous_rank=410,
        week_rank=2,
        leagues=[
            LeagueLine("Les Turfistes", links.league_url("demo-league"), 1, 8, 3),
            LeagueLine("Office sweepstake", links.league_url("demo-office"), 4, 23, 4),
        ],
    )


def _round_open_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    race = _race(now)
    return compose_round_open(person, race, CardRenderer(race), Pair(str(Kind.ROUND_OPEN)))


def _reminder_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    race = _race(now)
    return compose_reminder(
        person,
        race,
        CardRenderer(race),
        Pair(str(Kind.REMINDER)),
        now=race.post_time - dt.timedelta(hours=2),
        locks_at=race.post_time,
    )


def _results_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    return compose_results(person, _mine(), ResultsRenderer(_results()))


def _correction_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    return compose_correction(
        person,
        race=_race(now),
        round_id=42,
        version=2,
        void=False,
        before=1600,
        after=420,
        rank=1210,
        pair=Pair("correction"),
    )


def _digest_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    found = DigestItems(
        replies=[
            {
                "topic_id": 12,
                "title": "Which trainer for a heavy track at Vincennes?",
                "names": ["Léa", "TurfMaster"],
                "count": 3,
            }
        ],
        accepted=[{"topic_id": 9, "title": "How do dead heats split the points?"}],
        badges=["accepted-10"],
    )
    return compose_digest(person, found, Pair("community_digest"), day=now.date())


def _invitation_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    return compose_invitation(
        to=person.email,
        language=person.language,
        inviter_name="Alice",
        league_name="Les Turfistes",
        league_description="Every Sunday, one race, bragging rights.",
        link=links.site("/leagues/join/preview-token"),
        expires_at=now + dt.timedelta(days=30),
    )


def _account_sample(person: Recipient, now: dt.datetime, request: Any) -> Outgoing:
    """allauth's sign-up verification email, through the account adapter."""
    user = User(email=person.email, display_name=person.name, language=person.language)
    context = {
        "user": user,
        "activate_url": links.site("/account/verify-email/preview-key"),
        "key": "preview-key",
        "current_site": paddock_site(),
        "email": person.email,
        "request": request,
    }
    message = get_adapter(request).render_mail(
        "account/email/email_confirmation_signup", person.email, context
    )
    html = next(
        (body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), ""
    )
    return Outgoing(
        to=person.email,
        subject=str(message.subject),
        text=str(message.body),
        html=str(html),
        language=person.language,
        headers=dict(message.extra_headers),
    )


# What a sample of each kind is built from: (the viewer as a player, now, the request).
SAMPLES: dict[str, Callable[[Recipient, dt.datetime, Any], Outgoing]] = {
    Kind.ROUND_OPEN: _round_open_sample,
    Kind.REMINDER: _reminder_sample,
    Kind.RESULTS: _results_sample,
    Kind.CORRECTION: _correction_sample,
    Kind.COMMUNITY_DIGEST: _digest_sample,
    Kind.LEAGUE_INVITATION: _invitation_sample,
    Kind.ACCOUNT: _account_sample,
}
PREVIEW_KINDS = tuple(SAMPLES)


def sample(kind: str, *, language: str, viewer_id: int, request: Any = None) -> Outgoing:
    """One sample email of `kind` in `language` (KeyError for a kind without a sample)."""
    build = SAMPLES[kind]
    with translation.override(language):
        return build(_person(viewer_id, language), timezone.now(), request)
