"""A worker loads the emails' templates, URLconf and catalogs as it starts, not in the
first chunk it sends; without touching the database (it runs before the pool forks)."""

from __future__ import annotations

from pathlib import Path

from celery.signals import worker_init
from django.template import engines
from django.template.loaders.cached import Loader

import backend.notifications

EMAILS = Path(backend.notifications.__file__).with_name("templates") / "notifications" / "email"


def cached_loader() -> Loader:
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    assert isinstance(loader, Loader)
    return loader


def test_a_starting_worker_compiles_every_email_template_without_the_database() -> None:
    loader = cached_loader()
    loader.reset()
    names = {f"notifications/email/{path.name}" for path in EMAILS.iterdir()}
    assert names
    assert not names & set(loader.get_template_cache)

    worker_init.send(sender=None)  # no database: pytest-django refuses any query here

    assert names <= set(loader.get_template_cache)
