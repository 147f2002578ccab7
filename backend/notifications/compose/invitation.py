"""A league invitation, transactional: a friend's one-off message, no unsubscribe."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from backend.notifications.models import Kind
from backend.notifications.rendering import Pair, base_context, subject_line
from backend.notifications.sending import Outgoing


def compose_invitation(
    *,
    to: str,
    language: str,
    inviter_name: str,
    league_name: str,
    league_description: str,
    link: str,
    expires_at: dt.datetime | None,
    player_id: int | None = None,
) -> Outgoing:
    """A league invitation in our layout (no unsubscribe: a friend's one-off message)."""
    with translation.override(language):
        subject = subject_line(
            _("%(inviter)s invites you to the league “%(league)s” on Paddock")
            % {"inviter": inviter_name, "league": league_name}
        )
        context = {
            **base_context(
                subject=subject,
                preheader=_("Join the league"),
                reason=_("If you did not expect this email, just ignore it."),
            ),
            "inviter_name": inviter_name,
            "league_name": league_name,
            "league_description": league_description,
            "link": link,
            "button": _("Join the league"),
            "expires_on": date_format(timezone.localtime(expires_at), "j F Y")
            if expires_at
            else "",
        }
        html, text = Pair("league_invitation").render(context)
    return Outgoing(
        to=to,
        subject=subject,
        text=text,
        html=html,
        language=language,
        player_id=player_id,
        headers={"X-Paddock-Kind": Kind.LEAGUE_INVITATION},
    )
