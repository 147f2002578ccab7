from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.racing.models import ImportRun, Race
from backend.racing.selectors import races_to_poll
from backend.racing.tasks import fetch_result, poll_results

from .conftest import PmuServer, csv_race, eight_runners, pmu_participants, pmu_rapports
from .test_card_import import apply_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def race_run_an_hour_ago() -> Race:
    """R1C4 of today, post time an hour ago, its card imported, featured by the game."""
    post = timezone.localtime() - dt.timedelta(hours=1)
    day = post.date()
    apply_csv(csv_race(eight_runners(), day=f"{day}", post_time=post.isoformat()), day=day)
    race = Race.objects.select_related("meeting").get()
    race.featured = True
    race.save(update_fields=["featured"])
    return race


def serve_result(server: PmuServer, race: Race, *, rapports: bool = True) -> None:
    path = server.race(race.meeting.date, 1, 4)
    finished = [{"number": n, "position": n, "odds": n + 0.5} for n in range(1, 9)]
    server.serve(f"{path}/participants", pmu_participants(finished, race=4))
    if rapports:
        server.serve(
            f"{path}/rapports-definitifs", pmu_rapports({1: 240}, {1: 120, 2: 140, 3: 170})
        )


def test_it_polls_featured_races_until_their_result_is_official(
    race_run_an_hour_ago: Race,
    pmu_server: PmuServer,
    eager_celery: None,
    signals: list[dict[str, Any]],
) -> None:
    race = race_run_an_hour_ago
    serve_result(pmu_server, race)

    assert poll_results.delay().get() == 1

    race.refresh_from_db()
    assert race.status == Race.Status.OFFICIAL
    assert race.dividends.count() == 4
    assert signals == [{"race_id": race.pk, "version": 1}]
    run = ImportRun.objects.get()
    assert (run.trigger, run.status, run.race) == ("task", "ok", race)
    # Official: no longer polled.
    assert poll_results.delay().get() == 0


def test_it_tries_again_next_poll_while_rapports_are_not_published(
    race_run_an_hour_ago: Race,
    pmu_server: PmuServer,
    eager_celery: None,
    signals: list[dict[str, Any]],
) -> None:
    race = race_run_an_hour_ago
    path = pmu_server.race(race.meeting.date, 1, 4)
    pmu_server.serve(
        f"{path}/participants", pmu_participants([{"number": n} for n in range(1, 9)], race=4)
    )

    poll_results.delay().get()

    race.refresh_from_db()
    assert race.status == Race.Status.SCHEDULED
    assert not ImportRun.objects.exists()  # a poll that found nothing leaves no trace
    assert f"{path}/rapports-definitifs" in pmu_server.requests

    serve_result(pmu_server, race)
    poll_results.delay().get()

    race.refresh_from_db()
    assert race.status == Race.Status.OFFICIAL
    assert len(signals) == 1


def test_it_stores_a_provisional_arrival_while_waiting_for_the_rapports(
    race_run_an_hour_ago: Race, pmu_server: PmuServer, signals: list[dict[str, Any]]
) -> None:
    race = race_run_an_hour_ago
    serve_result(pmu_server, race, rapports=False)

    assert fetch_result.apply(args=[race.pk]).get() == "not_published"

    race.refresh_from_db()
    assert race.status == Race.Status.PROVISIONAL
    assert race.runners.get(number=1).position == 1
    assert signals == []
    assert race in races_to_poll(now=timezone.now())


def test_it_is_idempotent(
    race_run_an_hour_ago: Race, pmu_server: PmuServer, signals: list[dict[str, Any]]
) -> None:
    race = race_run_an_hour_ago
    serve_result(pmu_server, race)

    first = fetch_result.apply(args=[race.pk]).get()
    second = fetch_result.apply(args=[race.pk]).get()

    assert (first, second) == ("stored", "unchanged")
    assert len(signals) == 1
    assert ImportRun.objects.count() == 1


def test_it_records_a_feed_failure_and_leaves_the_race_to_the_next_poll(
    race_run_an_hour_ago: Race, pmu_server: PmuServer
) -> None:
    race = race_run_an_hour_ago
    path = pmu_server.race(race.meeting.date, 1, 4)
    pmu_server.serve(f"{path}/participants", b"<html>maintenance</html>", status=503)

    # In-process, the next poll is the retry (a worker retries with a growing delay).
    assert fetch_result.apply(args=[race.pk]).get() == "failed"

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "HTTP 503" in run.error
    race.refresh_from_db()
    assert race.status == Race.Status.SCHEDULED


def test_it_polls_only_featured_races_past_post_time_in_the_window(
    race_run_an_hour_ago: Race,
) -> None:
    now = timezone.now()
    featured = race_run_an_hour_ago
    Race.objects.create(
        meeting=featured.meeting,
        number=5,
        name="NOT FEATURED",
        post_time=now - dt.timedelta(hours=1),
    )
    Race.objects.create(
        meeting=featured.meeting,
        number=6,
        name="LATER",
        featured=True,
        post_time=now + dt.timedelta(hours=1),
    )
    Race.objects.create(
        meeting=featured.meeting,
        number=7,
        name="LONG AGO",
        featured=True,
        post_time=now - dt.timedelta(days=3),
    )
    Race.objects.create(
        meeting=featured.meeting,
        number=8,
        name="DONE",
        featured=True,
        post_time=now - dt.timedelta(hours=2),
        status=Race.Status.REFUNDED,
    )

    assert list(races_to_poll(now=now)) == [featured]


def test_it_schedules_the_poll_every_five_minutes(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["racing-poll-results"]
    assert entry == {"task": "backend.racing.tasks.poll_results", "schedule": 300.0}
    assert poll_results.name == entry["task"]
