"""Notification fixtures: tasks in-process, a real SMTP server on loopback and its sink."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import Settings

from .smtp import Sink, SmtpServer


@pytest.fixture(autouse=True)
def _tasks_in_process(eager_celery: None) -> None:
    """Every notification test runs its tasks in-process."""


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """One SMTP server on loopback for the session."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server: SmtpServer, settings: Settings) -> Sink:
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
