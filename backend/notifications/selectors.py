"""Reads: who a fan-out emails, what the digest calls news, what we emailed, a player's
preferences, the operator's delivery report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from backend.accounts.models import User
from backend.community.models import Award, Post, ReputationEvent
from backend.community.models import Topic as CommunityTopic
from backend.community.selectors.unanswered import helpers_with_help_needed
from backend.game.models import Pick, Round, RoundScore

from .models import DEFAULT_PREFERENCES, EmailDelivery, EmailPreference, Kind

Status = EmailDelivery.Status
# A row in one of these states means the email went out, or may have: what a correction
# compares to.
EMAILED = (Status.SENT, Status.SENDING, Status.RETRYING)


def preferences_of(*, player: User) -> EmailPreference:
    """The player's preferences; an unsaved default row when they never changed any."""
    found = EmailPreference.objects.filter(player=player).first()
    return found or EmailPreference(player=player, **DEFAULT_PREFERENCES)


def _not_emailed(users: QuerySet[User], *, kind: str, key: str) -> QuerySet[User]:
    return users.exclude(
        Exists(EmailDelivery.objects.filter(player=OuterRef("pk"), kind=kind, key=key))
    )


def is_first_round(rnd: Round) -> bool:
    """No earlier round of the season has a pick: the season has no players yet."""
    return not Pick.objects.filter(
        round__season_id=rnd.season_id, round__number__lt=rnd.number
    ).exists()


def season_players(rnd: Round) -> QuerySet[User]:
    """The players of the round's season: those who picked in any of its rounds; for its
    first round (no earlier picks), every active player with a verified email address."""
    users = User.objects.filter(is_active=True)
    if is_first_round(rnd):
        verified = EmailAddress.objects.filter(
            user=OuterRef("pk"), email=OuterRef("email"), verified=True
        )
        return users.filter(Exists(verified))
    played = Pick.objects.filter(player=OuterRef("pk"), round__season_id=rnd.season_id)
    return users.filter(Exists(played))


def pre_lock_audience(*, rnd: Round, kind: str, key: str) -> list[int]:
    """Players of the season without a pick on the round and not emailed `key` yet."""
    users = season_players(rnd).exclude(
        Exists(Pick.objects.filter(player=OuterRef("pk"), round_id=rnd.pk))
    )
    return list(_not_emailed(users, kind=kind, key=key).order_by("pk").values_list("pk", flat=True))


def results_audience(*, round_id: int, key: str) -> list[int]:
    """Players with a score in the round who have no results row yet."""
    return list(
        RoundScore.objects.filter(round_id=round_id)
        .exclude(
            Exists(
                EmailDelivery.objects.filter(
                    player=OuterRef("player_id"), kind=Kind.RESULTS, key=key
                )
            )
        )
        .order_by("player_id")
        .values_list("player_id", flat=True)
    )


def correction_audience(*, round_id: int, key: str) -> list[int]:
    """Players we emailed about the round (results or an earlier correction) who have no
    row for this correction yet; the chunk keeps those whose points changed."""
    emailed = (
        EmailDelivery.objects.filter(
            round_id=round_id,
            kind__in=(Kind.RESULTS, Kind.CORRECTION),
            status__in=EMAILED,
        )
        .exclude(
            Exists(
                EmailDelivery.objects.filter(
                    player=OuterRef("player_id"), kind=Kind.CORRECTION, key=key
                )
            )
        )
        .order_by()
        .values_list("player_id", flat=True)
        .distinct()
    )
    return sorted(set(emailed))


def emailed_points(*, round_id: int, player_ids: Sequence[int]) -> dict[int, int]:
    """The points each player was last emailed for the round (results or correction)."""
    last: dict[int, tuple[int, int]] = {}
    for pk, player_id, payload in EmailDelivery.objects.filter(
        round_id=round_id,
        kind__in=(Kind.RESULTS, Kind.CORRECTION),
        status__in=EMAILED,
        player_id__in=list(player_ids),
    ).values_list("pk", "player_id", "payload"):
        known = isinstance(payload, dict) and "points" in payload
        if known and (player_id not in last or pk > last[player_id][0]):
            last[player_id] = (pk, int(payload["points"]))
    return {player_id: points for player_id, (_pk, points) in last.items()}


# --- the community digest ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestNews:
    """What the community digest reports for [since, until): the one definition both the
    fan-out (who has news) and the email (what the news is) read.

    - replies: public replies (published, neither hidden nor deleted) to a question, by
      anyone but the question's author;
    - accepted: answers of the player's accepted in the window, neither a withdrawal nor
      withdrawn since;
    - badges: badges awarded in the window.
    """

    replies: QuerySet[Post]
    accepted: QuerySet[ReputationEvent]
    badges: QuerySet[Award]


def digest_news(*, since: dt.datetime, until: dt.datetime) -> DigestNews:
    window = {"created_at__gte": since, "created_at__lt": until}
    replies = (
        Post.objects.public()
        .filter(kind=Post.Kind.REPLY, topic__kind=CommunityTopic.Kind.QUESTION, **window)
        .exclude(author_id=F("topic__author_id"))
    )
    accepted = ReputationEvent.objects.filter(
        kind=ReputationEvent.Kind.ACCEPTED_ANSWER,
        reversal_of__isnull=True,
        points__gt=0,
        **window,
    ).exclude(reversed_by__isnull=False)
    badges = Award.objects.filter(awarded_at__gte=since, awarded_at__lt=until)
    return DigestNews(replies=replies, accepted=accepted, badges=badges)


def digest_audience(*, since: dt.datetime, until: dt.datetime, key: str) -> list[int]:
    """Players who opted in to the digest, have news in [since, until) and no row for
    `key` yet."""
    news = digest_news(since=since, until=until)
    player = OuterRef("pk")
    users = User.objects.filter(is_active=True, email_preference__community_digest=True).filter(
        Q(Exists(news.replies.filter(topic__author=player)))
        | Q(Exists(news.accepted.filter(player=player)))
        | Q(Exists(news.badges.filter(player=player)))
        | Q(Exists(helpers_with_help_needed().filter(author=player)))
    )
    return list(
        _not_emailed(users, kind=Kind.COMMUNITY_DIGEST, key=key)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- the operator's report -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportLine:
    round_id: int | None
    round_label: str
    kind: str
    key: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ordered(self) -> list[int]:
        """The counts in the order of EmailDelivery.Status."""
        return [self.counts.get(status, 0) for status in Status.values]


def delivery_report(*, limit_rounds: int = 20, days: int = 30) -> list[ReportLine]:
    """Per round (latest first) and kind — then the digests per day and the invitations of
    the last `days` — how many emails are sent, failed, skipped, retrying or sending."""
    round_ids = list(
        EmailDelivery.objects.filter(round__isnull=False)
        .values_list("round_id", flat=True)
        .order_by("-round_id")
        .distinct()[:limit_rounds]
    )
    grouped: dict[tuple[int | None, str, str], dict[str, int]] = {}

    def add(round_id: int | None, kind: str, key: str, status: str, n: int) -> None:
        counts = grouped.setdefault((round_id, kind, key), dict.fromkeys(Status.values, 0))
        counts[status] += n

    for row in (
        EmailDelivery.objects.filter(round_id__in=round_ids)
        .values("round_id", "kind", "key", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        add(row["round_id"], row["kind"], row["key"], row["status"], row["n"])
    since = timezone.now() - dt.timedelta(days=days)
    for other in (
        EmailDelivery.objects.filter(round__isnull=True, created_at__gte=since)
        .values("kind", "key", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        # One line for all invitations: each has a key of its own.
        key = "" if other["kind"] == Kind.LEAGUE_INVITATION else other["key"]
        add(None, other["kind"], key, other["status"], other["n"])
    labels = {
        r.pk: str(r)
        for r in Round.objects.filter(pk__in=round_ids).select_related("season", "race")
    }
    lines = [
        ReportLine(round_id, labels.get(round_id, "") if round_id else "", kind, key, counts)
        for (round_id, kind, key), counts in grouped.items()
    ]
    lines.sort(key=lambda line: (line.round_id is None, -(line.round_id or 0), line.kind, line.key))
    return lines


def delivery_failures(*, limit: int = 200) -> QuerySet[EmailDelivery]:
    return (
        EmailDelivery.objects.filter(status__in=(Status.FAILED, Status.RETRYING))
        .select_related("player")
        .order_by("-updated_at", "-id")[:limit]
    )


def stale_sending_count(*, older_than: dt.timedelta) -> int:
    """Rows still `sending` long after their claim: a worker died mid-send (see
    docs/reliability.md)."""
    return EmailDelivery.objects.filter(
        status=Status.SENDING, updated_at__lt=timezone.now() - older_than
    ).count()
