"""Writes: preferences and unsubscribes, fan-outs, and the delivery of one chunk.

A fan-out lists the recipients still due (one query) and announces one chunk per
CHUNK_SIZE of them (signals.chunk_due, on which receivers.py enqueues a `send_chunk` task);
a chunk renders (compose/), then claims and sends batch by batch (sending.py).
Everything is keyed by (kind, key, player) in EmailDelivery, so any of these may run twice,
concurrently or late without anyone getting an email twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.conf import time_scale
from backend.common.db import db_now
from backend.common.errors import ApplicationError
from backend.community.selectors.unanswered import queue_watchers
from backend.game.models import Round
from backend.leagues.models import EmailInvitation
from backend.leagues.selectors import invite_link

from . import push, selectors
from .compose.correction import correction_batch
from .compose.digest import digest_batch
from .compose.event import event_reminder_batch
from .compose.invitation import compose_invitation
from .compose.recipients import Batch
from .compose.reminder import reminder_batch
from .compose.results import results_batch
from .compose.round_open import round_open_batch
from .compose.unanswered import unanswered_batch
from .conf import conf
from .models import DEFAULT_PREFERENCES, EmailDelivery, EmailPreference, Kind, Topic
from .rendering import email_language
from .sending import Report, claim, claim_and_send, pending_recipients, record_skips, send
from .signals import chunk_due
from .tokens import InvalidTokenError, read_token

logger = logging.getLogger(__name__)

ROUND_KINDS = frozenset({Kind.ROUND_OPEN, Kind.REMINDER, Kind.RESULTS, Kind.CORRECTION})
CHUNK_KINDS = ROUND_KINDS | {Kind.COMMUNITY_DIGEST}


# --- preferences ---------------------------------------------------------------------------


@transaction.atomic
def preferences_update(*, player: User, changes: dict[str, bool]) -> EmailPreference:
    """Set some of the player's email preferences (keys: Topic values)."""
    unknown = set(changes) - set(Topic.values)
    if unknown:
        raise ApplicationError(
            _("Unknown email preference: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            code="invalid",
        )
    preference, _created = EmailPreference.objects.select_for_update().get_or_create(
        player=player, defaults=dict(DEFAULT_PREFERENCES)
    )
    for topic, value in changes.items():
        setattr(preference, topic, bool(value))
    preference.save()
    return preference


@dataclass(frozen=True, slots=True)
class Unsubscribed:
    player: User
    topic: str


def unsubscribe_check(*, token: str) -> Unsubscribed:
    """Who and what a link unsubscribes (404 ApplicationError for a bad token)."""
    try:
        wanted = read_token(token)
    except InvalidTokenError as exc:
        raise ApplicationError(
            _("This unsubscribe link is not valid."), code="invalid_token", status_code=404
        ) from exc
    player = User.objects.filter(pk=wanted.user_id).first()
    if player is None:
        raise ApplicationError(
            _("This unsubscribe link is not valid."), code="invalid_token", status_code=404
        )
    return Unsubscribed(player=player, topic=wanted.topic)


def unsubscribe(*, token: str) -> Unsubscribed:
    """Turn off the one topic the link names. Doing it again changes nothing."""
    wanted = unsubscribe_check(token=token)
    preferences_update(player=wanted.player, changes={wanted.topic: False})
    logger.info("player %s unsubscribed from %s", wanted.player.pk, wanted.topic)
    return wanted


# --- one chunk -----------------------------------------------------------------------------


def delivery_key(kind: str, *, round_id: int | None = None, version: int = 0, day: str = "") -> str:
    if kind == Kind.CORRECTION:
        return f"correction:{round_id}:v{version}"
    if kind == Kind.COMMUNITY_DIGEST:
        return f"community_digest:{day}"
    return f"{kind}:{round_id}"


def digest_window(day: str) -> tuple[dt.datetime, dt.datetime]:
    """The 24 hours a digest keyed `day` covers: up to DIGEST_HOUR_UTC on that day."""
    end = dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(hour=conf().digest_hour_utc), tzinfo=dt.UTC
    )
    return end - dt.timedelta(days=1), end


def digest_day(now: dt.datetime) -> str:
    """The latest digest day whose window has closed at `now`."""
    now = now.astimezone(dt.UTC)
    end = now.replace(hour=conf().digest_hour_utc, minute=0, second=0, microsecond=0)
    if end > now:
        end -= dt.timedelta(days=1)
    return end.date().isoformat()


def deliver_chunk(
    *,
    kind: str,
    player_ids: Sequence[int],
    round_id: int | None = None,
    version: int = 0,
    day: str = "",
    owner: str = "",
    final: bool = False,
) -> Report:
    """Render, claim and send one chunk's emails of `kind` (see the module docstring).

    Raises sending.TemporarySendError on a temporary SMTP failure (not on the `final` try):
    the task retries it, and the retry sends only what is still `retrying`.
    """
    if kind not in CHUNK_KINDS:
        raise ValueError(f"{kind!r} is not sent in chunks")
    return _send_once(
        kind=kind,
        key=delivery_key(kind, round_id=round_id, version=version, day=day),
        player_ids=player_ids,
        render=lambda pending: _render(kind, player_ids=pending, round_id=round_id, day=day),
        owner=owner,
        final=final,
        round_id=round_id,
    )


def _render(kind: str, *, player_ids: Sequence[int], round_id: int | None, day: str) -> Batch:
    """The chunk's messages of `kind`, and who is left out."""
    if kind == Kind.COMMUNITY_DIGEST:
        since, until = digest_window(day)
        return digest_batch(player_ids=player_ids, since=since, until=until)
    assert round_id is not None
    if kind == Kind.RESULTS:
        return results_batch(round_id=round_id, player_ids=player_ids)
    if kind == Kind.CORRECTION:
        return correction_batch(round_id=round_id, player_ids=player_ids)
    pre_lock = round_open_batch if kind == Kind.ROUND_OPEN else reminder_batch
    return pre_lock(round_id=round_id, player_ids=player_ids, now=db_now())


# --- fan-outs ------------------------------------------------------------------------------


def _audience(kind: str, *, key: str, round_id: int | None, day: str) -> list[int]:
    """Who still has to get this email (no row for `key` yet), in player id order."""
    if kind == Kind.COMMUNITY_DIGEST:
        since, until = digest_window(day)
        return selectors.digest_audience(since=since, until=until, key=key)
    if kind not in ROUND_KINDS:
        raise ValueError(f"{kind!r} has no fan-out")
    assert round_id is not None
    if kind == Kind.RESULTS:
        return selectors.results_audience(round_id=round_id, key=key)
    if kind == Kind.CORRECTION:
        return selectors.correction_audience(round_id=round_id, key=key)
    rnd = Round.objects.filter(pk=round_id).first()
    return selectors.pre_lock_audience(rnd=rnd, kind=kind, key=key) if rnd else []


def fanout(*, kind: str, round_id: int | None = None, version: int = 0, day: str = "") -> int:
    """Enqueue the chunks of one email to everyone still due; returns the chunk count."""
    key = delivery_key(kind, round_id=round_id, version=version, day=day)
    ids = _audience(kind, key=key, round_id=round_id, day=day)
    size = conf().chunk_size
    for start in range(0, len(ids), size):
        chunk_due.send(
            sender=EmailDelivery,
            kind=str(kind),
            player_ids=ids[start : start + size],
            round_id=round_id,
            version=version,
            day=day,
        )
    chunks = (len(ids) + size - 1) // size
    if ids:
        logger.info("email %s %s: %s recipients in %s chunks", kind, key, len(ids), chunks)
    return chunks


def reminder_hours(rnd: Round) -> int:
    """The season's reminder delay (Season.reminder_hours), else the setting."""
    hours = getattr(rnd.season, "reminder_hours", None)
    return int(hours) if hours else conf().reminder_hours


def _scaled_hours(hours: int) -> dt.timedelta:
    """A lead time in real time under PADDOCK_TIME_SCALE (common.conf.time_scale)."""
    return dt.timedelta(hours=hours) / time_scale()


def rounds_scan(*, now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Beat, every 5 minutes: announce rounds that opened lately, remind before the lock.

    A round opened within ANNOUNCE_WITHIN_HOURS is announced while its lock is further
    away than the season's reminder delay; inside that window players without a pick get
    the reminder instead (so nobody gets both within minutes). Idempotent: each run emails
    only who has no row for the round's announcement or reminder yet.
    """
    moment = now or db_now()
    settings = conf()
    announced: list[int] = []
    reminded: list[int] = []
    recent = moment - _scaled_hours(settings.announce_within_hours)
    push_window = dt.timedelta(minutes=settings.push_reminder_minutes) / time_scale()
    for rnd in Round.objects.filter(status=Round.Status.OPEN, locks_at__gt=moment).select_related(
        "season"
    ):
        in_window = rnd.locks_at - moment <= _scaled_hours(reminder_hours(rnd))
        opened = rnd.opens_at or rnd.created_at
        if in_window:
            fanout(kind=Kind.REMINDER, round_id=rnd.pk)
            reminded.append(rnd.pk)
        elif opened >= recent:
            fanout(kind=Kind.ROUND_OPEN, round_id=rnd.pk)
            announced.append(rnd.pk)
        # Push, beside the emails: the announcement, then an hour before the lock.
        if rnd.locks_at - moment <= push_window:
            push.round_push(kind=Kind.PUSH_REMINDER, round_id=rnd.pk)
        elif opened >= recent:
            push.round_push(kind=Kind.PUSH_ROUND_OPEN, round_id=rnd.pk)
    return {"announced": announced, "reminded": reminded}


def results_after_settlement(*, round_id: int, version: int, corrected: bool) -> int:
    """After a settlement committed: results to whoever has none yet and, for a corrected
    result, a short correction to those whose points changed since we emailed them."""
    chunks = fanout(kind=Kind.RESULTS, round_id=round_id)
    push.round_push(kind=Kind.PUSH_RESULTS, round_id=round_id)
    if corrected:
        chunks += fanout(kind=Kind.CORRECTION, round_id=round_id, version=version)
    return chunks


def community_digest_scan(*, now: dt.datetime | None = None) -> int:
    """Beat: the digest of the latest closed day to every opted-in player with news."""
    return fanout(kind=Kind.COMMUNITY_DIGEST, day=digest_day(now or timezone.now()))


def unanswered_alert_send(
    *, topic_ids: Sequence[int], owner: str = "", final: bool = False
) -> Report:
    """Email advisers and moderators the questions the community just flagged as past
    their first-answer target. The community flags each question once, in disjoint
    batches, so the batch's first id keys the email: a retried task mails nobody twice."""
    if not topic_ids:
        return Report()
    return _send_once(
        kind=Kind.UNANSWERED_ALERT,
        key=f"unanswered_alert:{min(topic_ids)}",
        player_ids=queue_watchers(),
        render=lambda pending: unanswered_batch(topic_ids=topic_ids, player_ids=pending),
        owner=owner,
        final=final,
    )


def event_reminder_send(
    *, event_id: int, player_ids: Sequence[int], owner: str = "", final: bool = False
) -> Report:
    """Remind the followers the community claimed that the event starts soon: keyed by the
    event, so each follower gets its reminder once however often the task runs."""
    return _send_once(
        kind=Kind.EVENT_REMINDER,
        key=f"event_reminder:{event_id}",
        player_ids=player_ids,
        render=lambda pending: event_reminder_batch(event_id=event_id, player_ids=pending),
        owner=owner,
        final=final,
    )


def _send_once(
    *,
    kind: str,
    key: str,
    player_ids: Sequence[int],
    render: Callable[[list[int]], Batch],
    owner: str,
    final: bool,
    round_id: int | None = None,
) -> Report:
    """Render `kind` for whoever has no row for `key` yet, record the skips, then claim and
    send: each recipient gets the email once, however often the task runs."""
    pending = pending_recipients(kind=kind, key=key, player_ids=player_ids)
    if not pending:
        return Report()
    batch = render(pending)
    skipped = record_skips(kind=kind, key=key, round_id=round_id, skips=batch.skips)
    report = claim_and_send(
        kind=kind,
        key=key,
        round_id=round_id,
        owner=owner or uuid.uuid4().hex,
        messages=batch.outgoing(),
        final=final,
        mark_every=conf().mark_every,
    )
    report.skipped = skipped
    logger.info("email %s %s: %s", kind, key, report.as_dict())
    return report


# --- league invitations --------------------------------------------------------------------


def league_invitation_send(*, invitation_id: int, owner: str = "", final: bool = False) -> bool:
    """Email one league invitation in our layout, once per (re)send of the invitation.

    Skipped when the invitation is gone, already sent, accepted or revoked (as the leagues
    service does). The delivery key includes the invitation's expiry, which a resend moves:
    a resend is a new email, a retried task is not. Returns whether an email went out.
    """
    invitation = (
        EmailInvitation.objects.select_related("league", "invited_by", "league__owner")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.sent_at is not None or not invitation.is_usable():
        return False
    language = email_language(invitation.language)
    inviter = invitation.invited_by or invitation.league.owner
    stamp = int(invitation.expires_at.timestamp() * 1_000_000) if invitation.expires_at else 0
    message = compose_invitation(
        to=invitation.email,
        language=language,
        inviter_name=inviter.public_name,
        league_name=invitation.league.name,
        league_description=invitation.league.description,
        link=invite_link(invitation.token),
        expires_at=invitation.expires_at,
    )
    claimed = claim(
        kind=Kind.LEAGUE_INVITATION,
        key=f"league_invitation:{invitation.pk}:{stamp}",
        round_id=None,
        owner=owner or uuid.uuid4().hex,
        messages=[message],
    )
    report = send(claimed, final=final)
    if not report.sent:
        return False
    EmailInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    logger.info("league invitation %s sent", invitation.pk)
    return True
