"""PADDOCK_TIME_SCALE: the game's lead times in real time (1 in production, the replay
compresses weeks into minutes with it)."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from backend.common.conf import scaled_seconds, time_scale


def test_unscaled_by_default() -> None:
    assert time_scale() == 1.0
    assert scaled_seconds(60) == 60
    assert scaled_seconds(0.25) == 0.25  # no floor when nothing is scaled


@override_settings(PADDOCK_TIME_SCALE=240)
def test_scaled_lead_times_are_divided_with_a_floor() -> None:
    assert scaled_seconds(7200) == 30.0  # the 2-hour reminder window
    assert scaled_seconds(60) == 1.0  # 0.25 s, held at the 1 s floor
    assert scaled_seconds(60, minimum=5) == 5


@override_settings(PADDOCK_TIME_SCALE=240)
def test_the_reminder_window_follows_the_scale() -> None:
    from backend.notifications.services import _scaled_hours  # noqa: PLC0415

    assert _scaled_hours(2) == dt.timedelta(seconds=30)
