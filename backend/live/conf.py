"""The live layer's tunables, defaults written here once.

`settings.PADDOCK_LIVE` (a dict of UPPER_CASE keys, filled from the `LIVE_*` environment
variables) overrides any of them; tests override a key with
`override_settings(PADDOCK_LIVE={...})`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.common.conf import app_settings


@dataclass(frozen=True, slots=True)
class LiveSettings:
    # A chat message (room or live help) takes at most this many characters.
    message_max_chars: int = 1000
    # Each websocket has a token bucket: this many frames at once, refilled at this rate.
    bucket_capacity: int = 10
    bucket_refill_per_second: float = 2.0
    # A frame refused for lack of tokens is answered `throttled`; after this many refusals
    # in a row the socket is closed with code 4008.
    throttle_strikes: int = 5
    # A member posts at most this many messages a minute, across rooms and chats.
    posts_per_minute: int = 20
    # A live question nobody takes within this many seconds becomes a forum question.
    help_wait_seconds: int = 300
    # Players who opted in as helpers receive live questions from this community level up
    # (staff advisers always do).
    helper_min_level: str = "regular"
    # Reputation a helper earns for a conversation rated 4 or 5.
    helpful_rating: int = 4
    # A league's race-day room stays open this many hours after the round is settled.
    room_debrief_hours: int = 24
    # A moderator's mute lasts this many minutes unless they say otherwise.
    mute_minutes: int = 60
    # A room sends its last this many messages on joining.
    history_size: int = 50


def conf() -> LiveSettings:
    """The settings in force now (read at call time, so tests may override them)."""
    return app_settings("PADDOCK_LIVE", LiveSettings)
