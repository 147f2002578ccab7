"""App settings: each app's tunables, with their defaults written once.

An app declares its settings as a frozen dataclass whose field defaults are the defaults,
and reads them at call time with `app_settings("PADDOCK_<APP>", <Dataclass>)`. The Django
setting of that name, a dict of UPPER_CASE keys, overrides any of them; `settings.py` fills
it only from the environment, so a default is never written twice. Tests override a key
with `override_settings(PADDOCK_<APP>={...})`: keys left out keep their defaults.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


def app_settings(name: str, cls: type[T]) -> T:
    """`cls` built from its defaults, overridden by `settings.<name>` (UPPER_CASE keys)."""
    assert dataclasses.is_dataclass(cls)
    overrides: dict[str, Any] = dict(getattr(settings, name, None) or {})
    fields = {field.name: field for field in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, raw in overrides.items():
        field = fields.get(key.lower())
        if field is None:
            raise ImproperlyConfigured(f"settings.{name} has an unknown key {key!r}.")
        values[field.name] = _coerce(raw, field, name=name, key=key)
    return cls(**values)


def _coerce(raw: Any, field: dataclasses.Field[Any], *, name: str, key: str) -> Any:
    kind = field.type if isinstance(field.type, type) else str(field.type)
    try:
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        if kind in (bool, "bool"):
            return raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes"}
        if kind in (str, "str"):
            return str(raw)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"settings.{name}[{key!r}] is not a valid {kind}.") from exc
    return raw


def from_environment(env: Any, **keys: tuple[str, type]) -> dict[str, Any]:
    """The overrides of an app's settings that the environment sets, for `settings.py`.

    `from_environment(env, CHUNK_SIZE=("NOTIFICATIONS_CHUNK_SIZE", int))` is
    `{"CHUNK_SIZE": 800}` when that variable is set, `{}` otherwise.
    """
    readers = {int: env.int, str: env.str, bool: env.bool, float: env.float}
    return {
        key: readers[kind](variable)
        for key, (variable, kind) in keys.items()
        if variable in env.ENVIRON
    }


def time_scale() -> float:
    """How many times faster than real time the game's clocks run (PADDOCK_TIME_SCALE).

    1 in production. A replay of a season in minutes (replay/, docs/replay.md) sets it
    higher: every beat interval and every lead time the game waits on is divided by it.
    """
    return float(getattr(settings, "PADDOCK_TIME_SCALE", 1.0) or 1.0)


def scaled_seconds(seconds: float, *, minimum: float = 1.0) -> float:
    """`seconds` of game time in real seconds: divided by the time scale, never below
    `minimum` once scaled (a beat every millisecond helps nobody). Unscaled when 1."""
    scale = time_scale()
    return seconds if scale == 1 else max(minimum, seconds / scale)
