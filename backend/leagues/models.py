"""Friend leagues: a league, its members and the invitations that let people in.

Leagues hold no foreign key to the game's tables: league tables read the game's standings
by player id (see tables.py), so this app's migrations stay independent of the game's.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.common.names import fill_name_keys, name_key

# No 0/o/1/l/i: a public id read aloud or copied by hand stays unambiguous.
PUBLIC_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PUBLIC_ID_LENGTH = 10
# 12 random bytes -> 16 URL-safe characters, 96 bits: unguessable, short enough to type.
INVITE_CODE_BYTES = 12
# Email invitations carry a longer token in the same join link.
EMAIL_TOKEN_BYTES = 18


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def new_invite_code() -> str:
    return secrets.token_urlsafe(INVITE_CODE_BYTES)


def new_email_token() -> str:
    return secrets.token_urlsafe(EMAIL_TOKEN_BYTES)


class LeagueManager(models.Manager["League"]):
    def bulk_create(self, objs: Iterable[League], *args: Any, **kwargs: Any) -> list[League]:
        """Bulk writes skip save(): each league still gets its name_key."""
        return super().bulk_create(fill_name_keys(objs, "name", "name_key"), *args, **kwargs)


class League(models.Model):
    """A group of players with its own table. Private: by invitation; public: listed."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (by invitation)"
        PUBLIC = "public", "Public (listed in the directory)"

    # What URLs use: random, so league ids cannot be enumerated.
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    name = models.CharField(max_length=60)
    # name_skeleton(name): finds a public league's confusable twin with an index.
    name_key = models.CharField(
        max_length=80, blank=True, default="", db_default="", db_index=True, editable=False
    )
    description = models.TextField(max_length=500, blank=True, default="")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE, db_index=True
    )
    member_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Empty: the site-wide cap (PADDOCK_LEAGUES['MAX_MEMBERS_PER_LEAGUE']).",
    )
    # Mirrors the one membership with role owner; services keep both in step.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_leagues"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Its memberships, counted as they come and go (receivers.py), so that the directory
    # sorts on a column instead of counting every public league's members.
    member_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = LeagueManager()

    class Meta:
        ordering = ("name", "id")
        indexes = [
            models.Index(fields=("visibility", "name"), name="league_directory_idx"),
            # The directory's order, the busiest first, among the public leagues only.
            models.Index(
                fields=("-member_count", "name", "id"),
                condition=Q(visibility="public"),
                name="league_directory_busiest",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        elif update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # The member count is the receivers' (an UPDATE by difference): a league read
            # before someone joined must not write its old count back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "member_count"
            ]
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MANAGER = "manager", "Manager"
        MEMBER = "member", "Member"

    league = models.ForeignKey(League, on_delete=models.CASCADE, related_name="memberships")
    player = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="league_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # By the league's id, not "league" (the league's own ordering, its name): ordering
        # by a relation joins its table into every read of memberships, a lookup included.
        ordering = ("league_id", "joined_at", "id")
        constraints = [
            models.UniqueConstraint(fields=("league", "player"), name="membership_unique_player"),
            models.UniqueConstraint(
                fields=("league",), condition=Q(role="owner"), name="membership_one_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.player} in {self.league} ({self.role})"

    @property
    def can_manage(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.MANAGER}

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class InviteCode(models.Model):
    """A shareable join code. Revoked, expired or used up, it stops working."""

    league = models.ForeignKey(League, on_delete=models.CASCADE, related_name="invite_codes")
    code = models.CharField(max_length=64, unique=True, default=new_invite_code, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.league}: {self.code[:4]}…"

    def is_usable(self, *, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > moment)
            and (self.max_uses is None or self.uses < self.max_uses)
        )


class EmailInvitation(models.Model):
    """An invitation sent to an address; its token is the code of its join link."""

    league = models.ForeignKey(League, on_delete=models.CASCADE, related_name="email_invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_email_token, editable=False)
    language = models.CharField(max_length=5, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("league", "email"), name="emailinvite_league_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} to {self.league}"

    def is_usable(self, *, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return (
            self.revoked_at is None
            and self.accepted_at is None
            and (self.expires_at is None or self.expires_at > moment)
        )
