"""The signed token behind every "bet it for real" link (`/go/bet/<token>`).

The token names what the player chose, never where to go: the destination is always built
from the partner's configured template, so a token cannot be turned into an open redirect.
Signed with the project's SECRET_KEY under a salt of its own, timestamped, compressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing

SALT = "paddock.handoff.bet-link.v1"
# How long a link works after it was made (an email sent on Friday still works on Sunday).
LINK_MAX_AGE = timedelta(days=7)
# Partners may report a conversion later than a player may follow a link.
POSTBACK_MAX_AGE = timedelta(days=90)

_KINDS = {"win": "w", "place": "p"}
_PAGES = {"pick": "k", "results": "r"}


class InvalidTokenError(Exception):
    """Forged, tampered with, expired or malformed."""


@dataclass(frozen=True, slots=True)
class BetLink:
    player_id: int
    round_id: int
    runner_number: int
    bet_kind: str
    page: str
    partner_id: int


def make_token(link: BetLink) -> str:
    payload = [
        link.player_id,
        link.round_id,
        link.runner_number,
        _KINDS[link.bet_kind],
        _PAGES[link.page],
        link.partner_id,
    ]
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, *, max_age: timedelta = LINK_MAX_AGE) -> BetLink:
    """The link a token stands for; InvalidTokenError for anything but a genuine, fresh one."""
    try:
        payload: Any = signing.loads(token, salt=SALT, max_age=max_age)
    except (signing.BadSignature, ValueError) as exc:  # SignatureExpired is a BadSignature
        raise InvalidTokenError(str(exc)) from exc
    kinds = {v: k for k, v in _KINDS.items()}
    pages = {v: k for k, v in _PAGES.items()}
    if (
        not isinstance(payload, list)
        or len(payload) != 6
        or not all(isinstance(payload[i], int) and payload[i] > 0 for i in (0, 1, 2, 5))
        or payload[3] not in kinds
        or payload[4] not in pages
    ):
        raise InvalidTokenError("Unexpected payload.")
    return BetLink(
        player_id=payload[0],
        round_id=payload[1],
        runner_number=payload[2],
        bet_kind=kinds[payload[3]],
        page=pages[payload[4]],
        partner_id=payload[5],
    )
