"""Notification fixtures: a real SMTP server, tasks in-process, a season with players."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.config.celery import app as celery_app

from .smtp import Sink, SmtpServer


@pytest.fixture(autouse=True)
def eager_celery() -> Iterator[None]:
    """Tasks run in-process, like the embedded default (CI runs with a real broker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server: SmtpServer, settings: Any) -> Sink:
    """Emails go over SMTP to a local server; its sink lists what it received."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://paddock.example"
    smtp_server.sink.reset()
    return smtp_server.sink
