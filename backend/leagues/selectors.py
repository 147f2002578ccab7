"""League reads: visibility, directory, invitations and share links.

League tables (which read the game's standings by player id) live in tables.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.accounts.models import User
from backend.common.errors import ApplicationError, get_or_404, not_found
from backend.game.models import Pick

from .conf import limits
from .models import EmailInvitation, InviteCode, League, Membership

INVALID_INVITE_MESSAGE = gettext_lazy("This invitation link is not valid any more.")


def invalid_invite() -> ApplicationError:
    """One answer for every unusable code: nothing tells which leagues or codes exist."""
    return ApplicationError(str(INVALID_INVITE_MESSAGE), code="invalid_invite", status_code=404)


def _with_owner(queryset: QuerySet[League], *, user: User | None) -> QuerySet[League]:
    return _with_role(queryset.select_related("owner"), user=user)


def _with_role(queryset: QuerySet[League], *, user: User | None) -> QuerySet[League]:
    if user is not None and user.is_authenticated:
        # One membership at most per league and player: nothing to order.
        mine = (
            Membership.objects.filter(league=OuterRef("pk"), player=user)
            .order_by()
            .values("role")[:1]
        )
        queryset = queryset.annotate(my_role=Subquery(mine))
    return queryset


def league_get_visible(*, public_id: str, user: User) -> tuple[League, Membership | None]:
    """The league and the user's membership in it. A private league that is not theirs
    does not exist for them: the same 404 as an unknown id."""
    league = get_or_404(
        _with_owner(League.objects.all(), user=user), _("No such league."), public_id=public_id
    )
    membership = Membership.objects.filter(league=league, player=user).first()
    if membership is None and not league.is_public:
        raise not_found(_("No such league."))
    return league, membership


def league_max_members(league: League) -> int:
    """The member limit in force: the league's own, never above the site-wide cap."""
    cap = limits().max_members_per_league
    return min(league.member_limit or cap, cap)


def leagues_of_player(*, player: User) -> QuerySet[League]:
    """The leagues the player belongs to, with their role."""
    return _with_owner(
        League.objects.filter(
            # A subquery: the player's memberships name the leagues, one row each.
            pk__in=Membership.objects.filter(player=player).values("league_id")
        ),
        user=player,
    ).order_by("name", "id")


def league_directory(*, user: User, search: str = "") -> QuerySet[League]:
    """Public leagues, the busiest first (their stored member counts, in the order of an
    index), optionally filtered by name."""
    queryset = League.objects.filter(visibility=League.Visibility.PUBLIC)
    if search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    # The owners of the page's leagues only (a second query): joined here, every public
    # league's owner would be read to sort them.
    return _with_role(
        queryset.prefetch_related("owner").order_by("-member_count", "name", "id"), user=user
    )


def league_members(*, league: League) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(league=league)
        .select_related("player")
        .order_by("joined_at", "id")
    )


def invite_codes_active(*, league: League) -> list[InviteCode]:
    """Usable codes, newest first (the first one is the league's current invite)."""
    now = timezone.now()
    codes = InviteCode.objects.filter(league=league, revoked_at__isnull=True).order_by(
        "-created_at", "-id"
    )
    return [code for code in codes if code.is_usable(now=now)]


def invite_code_current(*, league: League) -> InviteCode | None:
    """The code members share: the newest usable one without a use limit or expiry if
    there is one, else the newest usable one."""
    codes = invite_codes_active(league=league)
    open_codes = [c for c in codes if c.max_uses is None and c.expires_at is None]
    preferred = open_codes or codes
    return preferred[0] if preferred else None


def email_invitations_pending(*, league: League) -> QuerySet[EmailInvitation]:
    return EmailInvitation.objects.filter(
        league=league,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


@dataclass(frozen=True, slots=True)
class Invite:
    """A usable invitation: a league's invite code or one email invitation."""

    league: League
    source: InviteCode | EmailInvitation


def invite_resolve(*, code: str, member: User | None = None) -> Invite:
    """The usable invitation behind a join code, else the one generic 404.

    A code that can no longer be used (used up, expired, revoked, an email invitation
    accepted) still resolves for `member` when they belong to its league already: their
    own link keeps showing them their league, and joining again stays a no-op."""
    now = timezone.now()
    source: InviteCode | EmailInvitation | None = (
        InviteCode.objects.select_related("league", "league__owner").filter(code=code).first()
    )
    if source is None:
        source = (
            EmailInvitation.objects.select_related("league", "league__owner")
            .filter(token=code)
            .first()
        )
    if source is None:
        raise invalid_invite()
    if source.is_usable(now=now) or _belongs(source.league, member):
        return Invite(league=source.league, source=source)
    raise invalid_invite()


def _belongs(league: League, player: User | None) -> bool:
    return bool(
        player is not None
        and player.is_authenticated
        and Membership.objects.filter(league=league, player=player).exists()
    )


@dataclass(frozen=True, slots=True)
class InvitePreview:
    public_id: str
    name: str
    description: str
    owner_name: str
    member_count: int
    is_full: bool
    is_member: bool


def invite_preview(*, code: str, user: User | None) -> InvitePreview:
    """What the join page shows before joining: name, owner's name and size."""
    league = invite_resolve(code=code, member=user).league
    member_count = league.member_count
    is_member = _belongs(league, user)
    return InvitePreview(
        public_id=league.public_id,
        name=league.name,
        description=league.description,
        owner_name=league.owner.public_name,
        member_count=member_count,
        is_full=member_count >= league_max_members(league),
        is_member=is_member,
    )


# --- Sharing ----------------------------------------------------------------------------


def invite_link(code: str) -> str:
    """The web app's join page for a code; it handles "sign up, then join"."""
    return f"{settings.SITE_URL}/leagues/join/{quote(code, safe='')}"


SHARE_TEXT = {
    "en": "Join my league “{name}” on Paddock, the free horse-racing prediction game:",
    "fr": "Rejoins ma ligue « {name} » sur Paddock, le jeu gratuit de pronostics hippiques :",
}
SHARE_SUBJECT = {
    "en": "Join my Paddock league “{name}”",
    "fr": "Rejoins ma ligue Paddock « {name} »",
}


def share_targets(*, link: str, league_name: str, language: str = "en") -> dict[str, str]:
    """Ready-made share URLs (the link and message url-encoded) for common apps."""
    lang = language if language in SHARE_TEXT else "en"
    text = SHARE_TEXT[lang].format(name=league_name)
    subject = SHARE_SUBJECT[lang].format(name=league_name)
    message = f"{text} {link}"
    return {
        "whatsapp": "https://wa.me/?" + urlencode({"text": message}, quote_via=quote),
        "telegram": "https://t.me/share/url?"
        + urlencode({"url": link, "text": text}, quote_via=quote),
        "facebook": "https://www.facebook.com/sharer/sharer.php?"
        + urlencode({"u": link}, quote_via=quote),
        "x": "https://twitter.com/intent/tweet?"
        + urlencode({"text": text, "url": link}, quote_via=quote),
        "email": "mailto:?" + urlencode({"subject": subject, "body": message}, quote_via=quote),
        # "?&body=" is understood by both iOS and Android messaging apps.
        "sms": "sms:?&" + urlencode({"body": message}, quote_via=quote),
    }


def friends_who_picked(player_id: int, start: dt.datetime, end: dt.datetime) -> int:
    """Friends `player_id` invited by email (invitation accepted) who picked in [start, end):
    what the community's "invite a friend who makes a pick" missions count."""
    friends = EmailInvitation.objects.filter(
        invited_by_id=player_id, accepted_by__isnull=False
    ).values("accepted_by_id")
    return (
        Pick.objects.filter(player_id__in=friends, created_at__gte=start, created_at__lt=end)
        .exclude(player_id=player_id)
        .values("player_id")
        .distinct()
        .count()
    )


def inviters_of(player_id: int) -> list[int]:
    """Who invited `player_id` by email (invitations they accepted)."""
    return list(
        EmailInvitation.objects.filter(accepted_by_id=player_id, invited_by__isnull=False)
        .values_list("invited_by_id", flat=True)
        .distinct()
    )
