"""The shared API and task plumbing every app uses (backend/common)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings

from backend.accounts.models import User
from backend.common.conf import app_settings
from backend.common.errors import ApplicationError, get_or_404
from backend.common.openapi import ApiErrorSerializer, error_responses
from backend.common.tasks import enqueue_on_commit, task_options
from tests.factories import UserFactory


@pytest.mark.django_db
def test_get_or_404_finds_the_object_and_refuses_everything_else_alike() -> None:
    user = UserFactory()
    assert get_or_404(User.objects.all(), "No such player.", pk=user.pk) == user
    for lookup in ({"pk": user.pk + 1000}, {"pk": "abc"}, {"pk": 2**80}):
        with pytest.raises(ApplicationError) as caught:
            get_or_404(User.objects.all(), "No such player.", **lookup)
        assert (caught.value.status_code, caught.value.code) == (404, "not_found")
        assert caught.value.message == "No such player."
    # Outside the visible queryset reads exactly like missing.
    with pytest.raises(ApplicationError) as hidden:
        get_or_404(User.objects.filter(is_staff=True), "No such player.", pk=user.pk)
    assert hidden.value.code == "not_found"


@dataclasses.dataclass(frozen=True)
class _Tunables:
    chunk_size: int = 500
    mailto: str = "a@b.c"
    enabled: bool = False


def test_app_settings_defaults_once_and_overrides_by_key() -> None:
    assert app_settings("PADDOCK_TEST_TUNABLES", _Tunables) == _Tunables()
    with override_settings(PADDOCK_TEST_TUNABLES={"CHUNK_SIZE": "80", "ENABLED": "1"}):
        expected = _Tunables(80, "a@b.c", enabled=True)
        assert app_settings("PADDOCK_TEST_TUNABLES", _Tunables) == expected
    with (
        override_settings(PADDOCK_TEST_TUNABLES={"CHUNK": 1}),
        pytest.raises(ImproperlyConfigured, match="unknown key 'CHUNK'"),
    ):
        app_settings("PADDOCK_TEST_TUNABLES", _Tunables)
    with (
        override_settings(PADDOCK_TEST_TUNABLES={"CHUNK_SIZE": "many"}),
        pytest.raises(ImproperlyConfigured, match="not a valid int"),
    ):
        app_settings("PADDOCK_TEST_TUNABLES", _Tunables)


class _RecordingTask:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def delay(self, *args: Any) -> None:
        self.calls.append(args)


@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_sends_after_commit_and_never_after_rollback() -> None:
    task = _RecordingTask()
    with transaction.atomic():
        enqueue_on_commit(task, 1, 2)
        assert task.calls == []
    assert task.calls == [(1, 2)]

    def fail_after_enqueue() -> None:
        with transaction.atomic():
            enqueue_on_commit(task, 3)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_enqueue()
    assert task.calls == [(1, 2)]


def test_task_defaults_are_late_bounded_and_retry_only_what_is_named() -> None:
    plain = task_options()
    assert plain["acks_late"]
    assert plain["reject_on_worker_lost"]
    assert plain["soft_time_limit"] < plain["time_limit"]
    assert "autoretry_for" not in plain
    retried = task_options(time_limit=60, retry_for=(OSError,), max_retries=3)
    assert retried["autoretry_for"] == (OSError,)
    assert retried["max_retries"] == 3
    assert retried["retry_backoff"] is True
    assert 0 < retried["soft_time_limit"] < 60


def test_error_responses_all_use_the_one_error_body() -> None:
    responses = error_responses(404, s409="The round is not settled yet.")
    assert sorted(responses) == [404, 409]
    assert all(r.response is ApiErrorSerializer for r in responses.values())
    assert responses[409].description == "The round is not settled yet."
    assert responses[404].description.startswith("No such object")
