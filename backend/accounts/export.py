"""A player's own data, as one JSON document (GET /api/v1/accounts/me/export/).

Gathered by walking the installed models, not by importing the apps: every model with a
foreign key to the user contributes the rows that point at the player, under a section
named after what it holds (picks, scores, league memberships, community posts, betting
hand-off clicks, email preferences...) or, for a model added later, its `app.model` label.
Secrets are never exported: credentials (password, tokens, TOTP secrets, sessions) and any
field whose name says secret, token, password or key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

FORMAT_VERSION = 1

# Friendly section names for what exists today; other models fall back to `app_label.model`.
SECTIONS = {
    "account.emailaddress": "email_addresses",
    "game.pick": "picks",
    "game.roundscore": "scores",
    "game.standing": "standings",
    "game.weeklystanding": "weekly_standings",
    "leagues.membership": "league_memberships",
    "leagues.league": "leagues_owned",
    "leagues.invitecode": "league_invite_codes_created",
    "leagues.emailinvitation": "league_email_invitations",
    "community.topic": "community_topics",
    "community.post": "community_posts",
    "community.vote": "community_votes",
    "community.flag": "community_flags",
    "community.reputationevent": "community_reputation_events",
    "community.communityprofile": "community_profile",
    "community.award": "community_badges",
    "community.moderationaction": "community_moderation_actions",
    "community.missioncompletion": "community_missions_completed",
    "community.eventfollow": "community_events_followed",
    "community.communityevent": "community_events_scheduled",
    "handoff.handoffclick": "handoff_clicks",
    "handoff.bettingpreference": "handoff_preferences",
    "handoff.conversion": "handoff_conversions",
    "notifications.emailpreference": "email_preferences",
    "notifications.emaildelivery": "emails_sent",
    "racing.importrun": "race_imports",
}
# Credentials and machinery: never part of an export.
EXCLUDED_MODELS = {
    "authtoken.token",
    "authtoken.tokenproxy",
    "mfa.authenticator",
    "admin.logentry",
    "usersessions.usersession",
    "account.emailconfirmation",
    "socialaccount.socialtoken",
}
# Machinery, not data: binary blobs and full-text search vectors.
SKIPPED_TYPES = {"BinaryField", "SearchVectorField"}
SECRET_FIELD = re.compile(r"(secret|token|password|(^|_)key$|hash)", re.IGNORECASE)
PROFILE_FIELDS = (
    "id",
    "email",
    "display_name",
    "date_of_birth",
    "country",
    "language",
    "time_zone",
    "is_staff",
    "date_joined",
    "last_login",
)


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _user_links() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    """(model, field) for every concrete foreign key or one-to-one to the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        if model._meta.proxy or _label(model) in EXCLUDED_MODELS:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                yield model, field


def _exported_columns(model: type[models.Model], mine: models.Field[Any, Any]) -> list[str]:
    """Its own columns but secrets and other players, plus the name of what a foreign key
    points at (a membership's league, a topic's category) when that has one.

    `mine` is the field that makes the row the player's: any other field pointing at a
    player (who voted for my post, which moderator muted me or resolved my flag) names
    somebody else, and stays out of my export."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    columns = []
    for field in model._meta.concrete_fields:
        if SECRET_FIELD.search(field.name) or field.get_internal_type() in SKIPPED_TYPES:
            continue
        if field.is_relation and field.related_model is user_model and field != mine:
            continue
        columns.append(field.attname)
        target = field.related_model if field.is_relation else None
        if target is not None and target is not user_model and not isinstance(target, str):
            names = {f.name for f in target._meta.concrete_fields}
            columns.extend(f"{field.name}__{n}" for n in ("name", "public_id") if n in names)
    return columns


def _section_name(model: type[models.Model], field: models.Field[Any, Any], many: bool) -> str:
    base = SECTIONS.get(_label(model), _label(model))
    return f"{base}.{field.name}" if many else base


def user_export(*, user: Any) -> dict[str, Any]:
    """Everything stored about `user` that belongs to them, as JSON-ready sections.

    A model pointing at users through several fields (a post's author, a flag's reporter
    and its resolver) gives one section per field when more than one matches the player.
    """
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "profile": {name: getattr(user, name) for name in PROFILE_FIELDS if hasattr(user, name)},
    }
    links = list(_user_links())
    per_model: dict[type[models.Model], int] = {}
    for model, _ in links:
        per_model[model] = per_model.get(model, 0) + 1
    for model, field in links:
        rows = list(
            model._default_manager.filter(**{field.attname: user.pk})
            .order_by("pk")
            .values(*_exported_columns(model, field))
        )
        if not rows and per_model[model] > 1:
            continue
        name = _section_name(model, field, per_model[model] > 1)
        if model._meta.get_field(field.name).one_to_one:
            data[name] = rows[0] if rows else None
        else:
            data[name] = rows
    return data
