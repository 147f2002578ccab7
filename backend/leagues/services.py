"""League writes. Each service is one transaction and checks who may do what.

Authorization rules (docs/api.md): an outsider never learns a private league exists (404);
a player who can see a league but lacks the role gets 403. Rows that decide a limit are
locked (player first, then league, then code) so concurrent joins cannot overfill a league
or push a player past their limits.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import ApplicationError, get_or_404, not_found
from backend.common.names import InvalidNameError, clean_name, name_key

from .conf import limits
from .models import EmailInvitation, InviteCode, League, Membership
from .selectors import Invite, invalid_invite, invite_resolve, league_max_members
from .signals import email_invitation_requested

logger = logging.getLogger(__name__)

Role = Membership.Role
MANAGERS = frozenset({Role.OWNER, Role.MANAGER})
OWNER_ONLY = frozenset({Role.OWNER})
EMAIL_LANGUAGES = ("en", "fr")
EDITABLE_FIELDS = frozenset({"name", "description", "visibility", "member_limit"})


def _forbidden(message: str) -> ApplicationError:
    return ApplicationError(message, code="permission_denied", status_code=403)


def _conflict(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, status_code=409)


def _require_role(*, league: League, actor: User, roles: frozenset[str], action: str) -> Membership:
    """The actor's membership when its role is in `roles`.

    A private league the actor is not in does not exist for them (404); a league they can
    see but may not change answers 403.
    """
    membership = Membership.objects.filter(league=league, player=actor).first()
    refusal = (
        _("Only the league's owner.") if action == "owner" else _("Only the league's managers.")
    )
    if membership is None:
        if league.is_public:
            raise _forbidden(refusal)
        raise not_found(_("No such league."))
    if membership.role not in roles:
        raise _forbidden(refusal)
    return membership


def _lock_player(player: User) -> None:
    User.objects.select_for_update().filter(pk=player.pk).first()


def _lock_league(league: League) -> League:
    return get_or_404(League.objects.select_for_update(), _("No such league."), pk=league.pk)


def _check_member_limit(value: int | None, *, current: int = 0) -> None:
    cap = limits().max_members_per_league
    if value is None:
        return
    if not 2 <= value <= cap:
        raise ApplicationError(
            _("The member limit must be between 2 and %(cap)d.") % {"cap": cap},
            code="invalid_member_limit",
        )
    if value < current:
        raise ApplicationError(
            _("The league already has %(current)d members: the limit cannot be lower.")
            % {"current": current},
            code="invalid_member_limit",
        )


def _check_can_join_more(player: User) -> None:
    cap = limits().max_joined_per_player
    if Membership.objects.filter(player=player).count() >= cap:
        raise _conflict(
            _("You are already in %(cap)d leagues, the most a player can join.") % {"cap": cap},
            "too_many_leagues",
        )


def _check_can_own_more(player: User) -> None:
    cap = limits().max_owned_per_player
    if League.objects.filter(owner=player).count() >= cap:
        raise _conflict(
            _("A player can own at most %(cap)d leagues.") % {"cap": cap},
            code="too_many_owned_leagues",
        )


def _member(league: League, player_id: int) -> Membership:
    return get_or_404(
        Membership.objects.filter(league=league), _("No such member."), player_id=player_id
    )


def _future_or_none(moment: datetime | None) -> datetime | None:
    if moment is not None and moment <= timezone.now():
        raise ApplicationError(_("The expiry must be in the future."), code="invalid_expiry")
    return moment


def _check_max_uses(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise ApplicationError(_("The use limit must be at least 1."), code="invalid_max_uses")
    return value


# --- Leagues ----------------------------------------------------------------------------


@transaction.atomic
def league_create(
    *,
    owner: User,
    name: str,
    description: str = "",
    visibility: str = League.Visibility.PRIVATE,
    member_limit: int | None = None,
) -> League:
    """Create a league owned by `owner`, with the owner as first member and a join code."""
    _lock_player(owner)
    _check_can_own_more(owner)
    _check_can_join_more(owner)
    _check_member_limit(member_limit)
    name = _league_name(name, visibility=visibility)
    league = League(
        name=name,
        description=description.strip(),
        visibility=visibility,
        member_limit=member_limit,
        owner=owner,
    )
    league.full_clean()
    league.save()
    Membership.objects.create(league=league, player=owner, role=Role.OWNER)
    InviteCode.objects.create(league=league, created_by=owner)
    return league


@transaction.atomic
def league_update(*, league: League, actor: User, data: dict[str, Any]) -> League:
    """Owner and managers edit the name, description and member limit; only the owner
    changes the visibility (making a league public shows its members to everyone)."""
    membership = _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("Cannot change %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    league = _lock_league(league)
    if "visibility" in data and data["visibility"] != league.visibility and not membership.is_owner:
        raise _forbidden(_("Only the league's owner can change its visibility."))
    if "member_limit" in data:
        _check_member_limit(data["member_limit"], current=league.member_count)
    if "name" in data or data.get("visibility") == League.Visibility.PUBLIC:
        name = _league_name(
            str(data.get("name", league.name)),
            visibility=data.get("visibility", league.visibility),
            league=league,
        )
        data = {**data, "name": name}
    for key, value in data.items():
        setattr(league, key, value)
    league.full_clean()
    league.save()
    return league


def _league_name(value: str, *, visibility: str, league: League | None = None) -> str:
    """The stored form of a league's name (common/names.py): refused when empty or
    disguised and, for a league in the public directory, when it looks like another public
    league's name (private leagues are seen by their members only: two groups of friends
    may both call theirs "Les copains")."""
    try:
        name = clean_name(value, League._meta.get_field("name").max_length)
    except InvalidNameError as exc:
        raise ApplicationError(str(exc), code="invalid_name") from None
    if not name:
        raise ApplicationError(_("A league needs a name."), code="invalid_name")
    if visibility == League.Visibility.PUBLIC:
        twins = League.objects.filter(visibility=League.Visibility.PUBLIC, name_key=name_key(name))
        if league is not None:
            twins = twins.exclude(pk=league.pk)
        if twins.exists():
            raise ApplicationError(
                _("A public league's name looks the same: choose another."),
                code="name_confusable",
                status_code=409,
            )
    return name


@transaction.atomic
def league_delete(*, league: League, actor: User) -> None:
    """The owner deletes the league with its memberships and invitations (the game's
    scores are the players' own and stay)."""
    _require_role(league=league, actor=actor, roles=OWNER_ONLY, action="owner")
    _lock_league(league).delete()


@transaction.atomic
def league_transfer(*, league: League, actor: User, player_id: int) -> League:
    """The owner hands the league to another member; the old owner becomes a manager."""
    _require_role(league=league, actor=actor, roles=OWNER_ONLY, action="owner")
    target = Membership.objects.filter(league=league, player_id=player_id).first()
    if target is None:
        raise ApplicationError(
            _("Ownership can only go to a member of the league."), code="not_a_member"
        )
    if target.is_owner:
        return league
    _lock_player(target.player)
    league = _lock_league(league)
    _check_can_own_more(target.player)
    # One owner at a time (a constraint): step the old owner down first.
    Membership.objects.filter(league=league, role=Role.OWNER).update(role=Role.MANAGER)
    Membership.objects.filter(pk=target.pk).update(role=Role.OWNER)
    league.owner_id = target.player_id
    league.save(update_fields=["owner", "updated_at"])
    return league


# --- Memberships ------------------------------------------------------------------------


def _join(*, league: League, player: User) -> tuple[Membership, bool]:
    """Add `player` to `league` (caller holds the transaction). Returns (membership, created);
    a player already in the league gets their membership back unchanged."""
    _lock_player(player)
    league = _lock_league(league)
    existing = Membership.objects.filter(league=league, player=player).first()
    if existing is not None:
        return existing, False
    if league.member_count >= league_max_members(league):
        raise _conflict(_("This league is full."), "league_full")
    _check_can_join_more(player)
    return Membership.objects.create(league=league, player=player, role=Role.MEMBER), True


@transaction.atomic
def membership_join_public(*, league: League, player: User) -> tuple[Membership, bool]:
    """Join a public league from the directory. A private one needs an invitation."""
    if not league.is_public:
        existing = Membership.objects.filter(league=league, player=player).first()
        if existing is not None:
            return existing, False
        raise not_found(_("No such league."))
    return _join(league=league, player=player)


@transaction.atomic
def membership_join_with_code(*, code: str, player: User) -> tuple[Membership, bool]:
    """Join the league of an invite code or an email invitation token.

    An unknown, revoked, expired or used-up code raises one 404 whatever the reason, so a
    wrong code tells nothing about any league. Joining again is a no-op that neither counts
    a use nor consumes an email invitation, through the same link even once it can no
    longer be used (its last use was one's own, say).
    """
    invite = invite_resolve(code=code, member=player)
    membership, created = _join(league=invite.league, player=player)
    if not created:
        return membership, False
    _consume(invite, player=player)
    return membership, True


def _consume(invite: Invite, *, player: User) -> None:
    now = timezone.now()
    if isinstance(invite.source, InviteCode):
        # Re-read under lock: a concurrent join may have taken the last use.
        row = InviteCode.objects.select_for_update().get(pk=invite.source.pk)
        if not row.is_usable(now=now):
            raise invalid_invite()
        InviteCode.objects.filter(pk=row.pk).update(uses=F("uses") + 1)
    else:
        updated = EmailInvitation.objects.filter(
            pk=invite.source.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(accepted_at=now, accepted_by=player)
        if not updated:
            raise invalid_invite()


@transaction.atomic
def membership_leave(*, league: League, player: User) -> None:
    """A member leaves. The owner must transfer the league first, or delete it."""
    membership = Membership.objects.filter(league=league, player=player).first()
    if membership is None:
        if league.is_public:
            return
        raise not_found(_("No such league."))
    if membership.is_owner:
        raise _conflict(
            _("The owner cannot leave: transfer the league to a member first, or delete it."),
            "owner_must_transfer",
        )
    membership.delete()


@transaction.atomic
def membership_remove(*, league: League, actor: User, player_id: int) -> None:
    """Owner and managers remove a member; nobody removes the owner, and only the owner
    removes a manager."""
    mine = _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    target = _member(league, player_id)
    if target.pk == mine.pk:
        raise ApplicationError(_("To leave the league, use leave."), code="use_leave")
    if target.is_owner:
        raise _forbidden(_("Nobody can remove the league's owner."))
    if target.role == Role.MANAGER and not mine.is_owner:
        raise _forbidden(_("Only the owner can remove a manager."))
    target.delete()


@transaction.atomic
def membership_set_role(*, league: League, actor: User, player_id: int, role: str) -> Membership:
    """The owner promotes a member to manager or demotes a manager to member."""
    _require_role(league=league, actor=actor, roles=OWNER_ONLY, action="owner")
    if role not in {Role.MANAGER, Role.MEMBER}:
        raise ApplicationError(_("The role must be manager or member."), code="invalid_role")
    target = _member(league, player_id)
    if target.is_owner:
        raise ApplicationError(
            _("The owner's role changes only by transferring the league."), code="use_transfer"
        )
    target.role = role
    target.save(update_fields=["role"])
    return target


# --- Invite codes -----------------------------------------------------------------------


@transaction.atomic
def invite_code_create(
    *,
    league: League,
    actor: User,
    expires_at: datetime | None = None,
    max_uses: int | None = None,
) -> InviteCode:
    """A new join code beside the existing ones (e.g. one that expires tonight)."""
    _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    return _issue_code(league=league, actor=actor, expires_at=expires_at, max_uses=max_uses)


@transaction.atomic
def invite_code_regenerate(
    *,
    league: League,
    actor: User,
    expires_at: datetime | None = None,
    max_uses: int | None = None,
) -> InviteCode:
    """Revoke every active code of the league and issue a fresh one (a leaked link dies)."""
    _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    InviteCode.objects.filter(league=league, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return _issue_code(league=league, actor=actor, expires_at=expires_at, max_uses=max_uses)


def _issue_code(
    *, league: League, actor: User, expires_at: datetime | None, max_uses: int | None
) -> InviteCode:
    return InviteCode.objects.create(
        league=league,
        created_by=actor,
        expires_at=_future_or_none(expires_at),
        max_uses=_check_max_uses(max_uses),
    )


@transaction.atomic
def invite_code_revoke(*, league: League, actor: User, code_id: int) -> InviteCode:
    """Stop one code from working; revoking twice is a no-op."""
    _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    code = get_or_404(
        InviteCode.objects.filter(league=league), _("No such invite code."), pk=code_id
    )
    if code.revoked_at is None:
        code.revoked_at = timezone.now()
        code.save(update_fields=["revoked_at"])
    return code


# --- Email invitations ------------------------------------------------------------------


@transaction.atomic
def email_invitation_create(
    *, league: League, actor: User, email: str, language: str | None = None
) -> EmailInvitation:
    """Invite an address (a player or someone without an account yet) by email.

    The email goes out from a Celery task once this transaction commits. Inviting the same
    address again while its invitation is pending sends that invitation again.
    """
    _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    email = email.strip().lower()
    invitee = User.objects.filter(email__iexact=email).first()
    if invitee is not None and Membership.objects.filter(league=league, player=invitee).exists():
        raise _conflict(
            _("%(email)s is already a member of this league.") % {"email": email}, "already_member"
        )
    if language not in EMAIL_LANGUAGES:
        language = invitee.language if invitee is not None else actor.language
    if language not in EMAIL_LANGUAGES:
        language = "en"
    now = timezone.now()
    expires_at = now + timedelta(days=limits().email_invitation_days)
    invitation = (
        EmailInvitation.objects.select_for_update()
        .filter(
            league=league,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .first()
    )
    if invitation is None:
        invitation = EmailInvitation.objects.create(
            league=league, email=email, invited_by=actor, language=language, expires_at=expires_at
        )
    else:
        invitation.invited_by = actor
        invitation.language = language
        invitation.expires_at = expires_at
        invitation.sent_at = None
        invitation.save(update_fields=["invited_by", "language", "expires_at", "sent_at"])

    email_invitation_requested.send(sender=EmailInvitation, invitation=invitation)
    return invitation


@transaction.atomic
def email_invitation_revoke(*, league: League, actor: User, invitation_id: int) -> None:
    _require_role(league=league, actor=actor, roles=MANAGERS, action="managers")
    updated = EmailInvitation.objects.filter(
        league=league, pk=invitation_id, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated and not EmailInvitation.objects.filter(league=league, pk=invitation_id).exists():
        raise not_found(_("No such invitation."))
