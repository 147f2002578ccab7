"""The signed token of a one-click unsubscribe link: who (user id) and what (a Topic).

Signed with the project's SECRET_KEY under a salt of its own and not timestamped: RFC 8058
links must keep working as long as the email may be read. It unsubscribes from one topic
only, so a leaked token can do no more than its link says.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing

from .models import Topic

SALT = "paddock.notifications.unsubscribe.v1"


class InvalidTokenError(Exception):
    """Forged, tampered with or malformed."""


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    user_id: int
    topic: str


def make_token(*, user_id: int, topic: str) -> str:
    signer = _signer(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))
    return signer.sign_object([user_id, str(topic)], compress=True)


@functools.lru_cache(maxsize=4)
def _signer(key: str, fallbacks: tuple[str, ...]) -> signing.Signer:
    """One Signer per key (a results chunk signs a token per player): made with the keys in
    force, so a changed SECRET_KEY makes another."""
    return signing.Signer(key=key, fallback_keys=list(fallbacks), salt=SALT)


def read_token(token: str) -> Unsubscribe:
    try:
        payload: Any = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as exc:
        raise InvalidTokenError(str(exc)) from exc
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or payload[0] <= 0
        or payload[1] not in Topic.values
    ):
        raise InvalidTokenError("Unexpected payload.")
    return Unsubscribe(user_id=payload[0], topic=payload[1])
