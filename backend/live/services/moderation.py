"""Moderation of the live layer: who may post, reports, hiding a message, muting a member.

Moderators are the community's (staff and the "moderators" group): one rule everywhere.
A decision on a report is a decision on its message: hiding it or dismissing the report
resolves every open report on that message, so the queue never asks twice about one message.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.community.models import ModerationAction
from backend.community.permissions import is_moderator
from backend.community.services import log_live_decision
from backend.live import frames, selectors
from backend.live.conf import conf
from backend.live.models import Decision, HelpMessage, Mute, Report, RoomMessage

from .broadcast import push, room_group, user_group


def check_can_post(user: User) -> None:
    """A muted member, or one past the posting limit, is refused (403 / 429)."""
    until = selectors.muted_until(player_id=user.pk)
    if until is not None:
        raise ApplicationError(
            _("A moderator muted you until %(until)s UTC.") % {"until": f"{until:%Y-%m-%d %H:%M}"},
            code="muted",
            status_code=403,
            extra={"until": until.isoformat()},
        )
    limit = conf().posts_per_minute
    if selectors.posts_last_minute(player_id=user.pk) >= limit:
        raise ApplicationError(
            _("At most %(limit)d messages a minute: wait a moment.") % {"limit": limit},
            code="posting_limit",
            status_code=429,
        )


def _check_moderator(user: User) -> None:
    if not is_moderator(user):
        raise ApplicationError(
            _("Only moderators may do this."), code="permission_denied", status_code=403
        )


@transaction.atomic
def report_create(*, reporter: User, kind: str, message_id: int, reason: str) -> Report:
    """A member reports a message they can read."""
    message = selectors.message_get(kind=kind, message_id=message_id)
    if not selectors.message_visible_to(message, reporter):
        raise ApplicationError(_("No such message."), code="not_found", status_code=404)
    reason = " ".join(reason.split())[:200]
    if not reason:
        raise ApplicationError(_("Say why you report this message."), code="empty")
    if isinstance(message, RoomMessage):
        return Report.objects.create(reporter=reporter, room_message=message, reason=reason)
    return Report.objects.create(reporter=reporter, help_message=message, reason=reason)


Action = ModerationAction.Action


def _logged_message(message: RoomMessage | HelpMessage, kind: str) -> dict[str, object]:
    """What the moderation log keeps of a live message: which one and whose (ids only: the
    log shows names as they are when read, and keeps no text of the message)."""
    return {"kind": kind, "message": message.pk, "author": message.author_id}


@transaction.atomic
def message_hide(
    *,
    moderator: User,
    kind: str,
    message_id: int,
    hidden: bool = True,
    report: Report | None = None,
) -> RoomMessage | HelpMessage:
    """Hide (or show again) a message; open reports on it are resolved; sockets in its room
    or chat drop it at once; the moderation log keeps the decision (with the report it
    answers, when it does)."""
    _check_moderator(moderator)
    message = selectors.message_get(kind=kind, message_id=message_id)
    message.is_hidden = hidden
    message.hidden_by = moderator if hidden else None
    message.save(update_fields=["is_hidden", "hidden_by"])
    _resolve_reports(message, moderator, Decision.HIDDEN if hidden else Decision.DISMISSED)
    details = _logged_message(message, kind)
    if report is not None:
        details |= {"report": report.pk, "reported": report.reason}
    log_live_decision(
        moderator=moderator,
        action=Action.LIVE_HIDE if hidden else Action.LIVE_SHOW,
        details=details,
    )
    if isinstance(message, RoomMessage):
        groups = [room_group(message.league_id, message.round_id)]
    else:
        request = message.request
        groups = [user_group(pk) for pk in (request.asker_id, request.helper_id) if pk]
    frame = {"type": "message.hidden" if hidden else "message.shown", "kind": kind}
    if hidden:
        push(groups, {**frame, "id": message.pk})
    else:
        push(groups, {**frame, "id": message.pk, "message": frames.message(message)})
    return message


def _locked_message(report: Report) -> RoomMessage | HelpMessage:
    """The reported message read again under a row lock held to the end of the transaction.

    Every decision on a message's reports takes this lock before touching them (as hiding
    it takes it by saving the message first), so two moderators deciding on two reports of
    one message at once wait for each other instead of deadlocking on the reports' rows."""
    message = report.message
    return type(message).objects.select_for_update().get(pk=message.pk)


@transaction.atomic
def report_resolve(*, moderator: User, report_id: int, hide: bool) -> Report:
    """Decide on a report: hide its message (through `message_hide`, which resolves the
    message's open reports and drops it from open sockets), or dismiss it, which resolves
    the message's open reports and leaves the message as it is. A report already resolved
    is refused (409 `already_resolved`): another moderator decided first."""
    _check_moderator(moderator)
    report = selectors.report_get(report_id=report_id)
    message = _locked_message(report)
    report.refresh_from_db(fields=["resolved_at"])  # as it stands now that the lock is ours
    if report.resolved_at is not None:
        raise ApplicationError(
            _("This report is already resolved."), code="already_resolved", status_code=409
        )
    if hide:
        message_hide(moderator=moderator, kind=report.kind, message_id=message.pk, report=report)
    else:
        _resolve_reports(message, moderator, Decision.DISMISSED)
        details = _logged_message(message, report.kind)
        log_live_decision(
            moderator=moderator,
            action=Action.LIVE_DISMISS,
            details=details | {"report": report.pk, "reported": report.reason},
        )
    return selectors.report_get(report_id=report.pk)


def _resolve_reports(message: RoomMessage | HelpMessage, moderator: User, decision: str) -> None:
    """Resolve every open report on `message`: when, by whom and how."""
    message.reports.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator, decision=decision
    )


@transaction.atomic
def member_mute(
    *, moderator: User, player: User, minutes: int | None = None, reason: str = ""
) -> Mute:
    """Silence a member in rooms and chats for a time; they are told on their sockets."""
    _check_moderator(moderator)
    if player.pk == moderator.pk:
        raise ApplicationError(_("Moderators cannot mute themselves."), code="invalid")
    span = dt.timedelta(minutes=minutes or conf().mute_minutes)
    mute = Mute.objects.create(
        player=player, until=timezone.now() + span, reason=reason[:200], moderator=moderator
    )
    push(user_group(player.pk), {"type": "muted", "until": mute.until.isoformat()})
    log_live_decision(
        moderator=moderator,
        action=Action.MUTE,
        reason=mute.reason,
        details={"player": player.pk, "until": mute.until.isoformat()},
    )
    return mute
