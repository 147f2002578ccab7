"""Sample emails of every kind for the admin's previews: the real composing code, fake data.

Nothing here reads or writes the database except the account email, which allauth renders
from its own templates. Unsubscribe links in a preview point at the viewing operator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from . import emails, links
from .models import Kind
from .rendering import Pair
from .sending import Outgoing

PREVIEW_KINDS = (
    Kind.ROUND_OPEN,
    Kind.REMINDER,
    Kind.RESULTS,
    Kind.CORRECTION,
    Kind.COMMUNITY_DIGEST,
    Kind.LEAGUE_INVITATION,
    Kind.ACCOUNT,
)


def _person(viewer_id: int, language: str) -> emails.Recipient:
    return emails.Recipient(
        id=viewer_id,
        email="camille@example.com",
        language=language,
        time_zone="Europe/Paris" if language == "fr" else "Europe/London",
        name="Camille",
    )


def _race(now: dt.datetime) -> emails.RaceInfo:
    return emails.RaceInfo(
        name="Prix d'Amérique Legend Race",
        racecourse="Vincennes",
        code="R1C4",
        distance_m=2700,
        discipline="ATTELE",
        runners=16,
        post_time=now.replace(hour=15, minute=15, second=0, microsecond=0) + dt.timedelta(days=1),
        replay_url="https://replay.example.com/r1c4",
    )


def _results() -> emails.RoundResults:
    now = timezone.now()
    return emails.RoundResults(
        round_id=42,
        version=1,
        race=_race(now),
        void=False,
        void_reason="",
        finish=[
            emails.FinishRow(1, 7, "Idao de Tillard", 590, 210),
            emails.FinishRow(2, 3, "Hokkaido Jiel", None, 340),
            emails.FinishRow(3, 11, "Go On Boy", None, 480),
            emails.FinishRow(4, 1, "Hooker Berry"),
            emails.FinishRow(5, 14, "Ampia Mede Sm"),
        ],
        non_runners=[9],
        top=[
            emails.TopRow(1, "Léa", 2140),
            emails.TopRow(2, "TurfMaster", 1600),
            emails.TopRow(2, "Bob", 1600),
        ],
        players=12840,
        thread_url=links.round_thread_url(42),
        runner_names={
            7: "Idao de Tillard",
            3: "Hokkaido Jiel",
            11: "Go On Boy",
            1: "Hooker Berry",
            14: "Ampia Mede Sm",
        },
    )


def _mine() -> emails.PlayerResults:
    return emails.PlayerResults(
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
            emails.LeagueLine("Les Turfistes", links.league_url("demo-league"), 1, 8, 3),
            emails.LeagueLine("Office sweepstake", links.league_url("demo-office"), 4, 23, 4),
        ],
        offer=emails.OfferBlock(
            partner="PMU",
            links=(
                emails.OfferLink("win", 7, "Idao de Tillard", links.site("/go/bet/preview")),
                emails.OfferLink("place", 3, "Hokkaido Jiel", links.site("/go/bet/preview")),
            ),
            notice=(
                "Jouer comporte des risques : endettement, dépendance… Appelez le 09 74 75 13 13."
            ),
            helpline="Joueurs Info Service 09 74 75 13 13",
        ),
    )


def sample(kind: str, *, language: str, viewer_id: int, request: Any = None) -> Outgoing:
    """One sample email of `kind` in `language`."""
    now = timezone.now()
    person = _person(viewer_id, language)
    with translation.override(language):
        if kind in (Kind.ROUND_OPEN, Kind.REMINDER):
            race = _race(now)
            cards = emails.CardRenderer(race)
            pair = Pair(str(kind))
            if kind == Kind.ROUND_OPEN:
                return emails.compose_round_open(person, race, cards, pair)
            return emails.compose_reminder(
                person,
                race,
                cards,
                pair,
                now=race.post_time - dt.timedelta(hours=2),
                locks_at=race.post_time,
            )
        if kind == Kind.RESULTS:
            return emails.compose_results(person, _mine(), emails.ResultsRenderer(_results()))
        if kind == Kind.CORRECTION:
            return emails.compose_correction(
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
        if kind == Kind.COMMUNITY_DIGEST:
            found = emails.DigestItems(
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
            return emails.compose_digest(person, found, Pair("community_digest"), day=now.date())
        if kind == Kind.LEAGUE_INVITATION:
            return emails.compose_invitation(
                to=person.email,
                language=language,
                inviter_name="Alice",
                league_name="Les Turfistes",
                league_description="Every Sunday, one race, bragging rights.",
                link=links.site("/leagues/join/preview-token"),
                expires_at=now + dt.timedelta(days=30),
            )
        if kind == Kind.ACCOUNT:
            return _account_sample(person, request)
    raise KeyError(kind)


def _account_sample(person: emails.Recipient, request: Any) -> Outgoing:
    """allauth's sign-up verification email, through the account adapter."""
    from allauth.account.adapter import get_adapter

    from backend.accounts.models import User

    from .account import paddock_site

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
