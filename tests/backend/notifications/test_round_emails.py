"""Round-open announcements and pick reminders, delivered over real SMTP."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest

from backend.accounts.models import User
from backend.game.models import Round
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.services import deliver_chunk, fanout
from backend.notifications.tasks import rounds_scan
from tests.factories import (
    BettingPartnerFactory,
    EmailPreferenceFactory,
    NoticeFactory,
    PickFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
    lock,
)

from .smtp import Sink

pytestmark = pytest.mark.django_db

Status = EmailDelivery.Status


def recipients(sink: Sink) -> list[str]:
    return sorted(address for r in sink.received for address in r.recipients)


def just_opened() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=10)


def first_round(**kwargs: Any) -> Round:
    """A first round of a season (no earlier picks), opened ten minutes ago: every
    verified player is in."""
    return RoundFactory(number=1, **{"opens_at": just_opened(), **kwargs})


def second_round(*played: User) -> Round:
    """Round 2 of a season in which `played` picked round 1 (the season's players)."""
    season = SeasonFactory()
    earlier = RoundFactory(season=season, number=1, settled=True)
    for player in played:
        PickFactory(round=earlier, player=player)
    return RoundFactory(season=season, number=2, opens_at=just_opened())


def test_it_announces_a_first_round_to_every_verified_player(smtp: Sink) -> None:
    alice = UserFactory(email="alice@example.com")
    bob = UserFactory(email="bob@example.com")
    UserFactory(email="unverified@example.com", verified=False)
    UserFactory(email="gone@example.com", is_active=False)
    first_round()
    rounds_scan.delay()
    assert recipients(smtp) == [alice.email, bob.email]


def test_it_puts_the_race_card_and_one_button_in_both_parts(smtp: Sink) -> None:
    UserFactory(email="alice@example.com", time_zone="America/New_York")
    rnd = first_round()
    rounds_scan.delay()
    (mail,) = smtp.received
    race = rnd.race
    assert race.name in mail.subject
    assert race.meeting.racecourse in mail.subject
    for part in (mail.text, mail.html):
        assert race.name in part
        assert f"R{race.meeting.number}C{race.number}" in part
        assert "2,700" in part  # distance
        assert "https://paddock.example/pick" in part
    # Post time in the player's own time zone.
    local = race.post_time.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert f"{local:%H:%M} ({local.tzname()})" in mail.text
    assert mail.html.count('href="https://paddock.example/pick"') == 1


def test_it_marks_every_non_transactional_email_for_one_click_unsubscribe(smtp: Sink) -> None:
    UserFactory(email="alice@example.com")
    first_round()
    rounds_scan.delay()
    (mail,) = smtp.received
    header = mail.header("List-Unsubscribe")
    assert header.startswith("<https://paddock.example/api/v1/notifications/unsubscribe/")
    assert "<mailto:unsubscribe@paddock.local?subject=unsubscribe%20" in header
    assert mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert mail.header("X-Paddock-Kind") == "round_open"


def test_it_writes_in_the_players_language(smtp: Sink) -> None:
    UserFactory(email="marie@example.com", language="fr")
    UserFactory(email="john@example.com", language="en")
    first_round()
    rounds_scan.delay()
    (marie,) = smtp.to("marie@example.com")
    (john,) = smtp.to("john@example.com")
    assert marie.header("Content-Language") == "fr"
    assert "La course de la semaine est ouverte" in marie.subject
    assert "Faire mon pronostic" in marie.html
    assert "Faire mon pronostic" in marie.text
    assert '<html lang="fr">' in marie.html
    assert john.header("Content-Language") == "en"
    assert "The race of the week is open" in john.subject


def test_it_sends_each_announcement_once_when_the_scan_runs_again(smtp: Sink) -> None:
    UserFactory(email="alice@example.com")
    first_round()
    rounds_scan.delay()
    rounds_scan.delay()
    assert recipients(smtp) == ["alice@example.com"]


def test_it_sends_nothing_when_the_same_chunk_runs_twice(smtp: Sink) -> None:
    alice = UserFactory(email="alice@example.com")
    rnd = first_round()
    first = deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[alice.pk])
    again = deliver_chunk(kind=Kind.ROUND_OPEN, round_id=rnd.pk, player_ids=[alice.pk])
    assert (first.sent, again.sent, again.claimed) == (1, 0, 0)
    assert len(smtp.received) == 1


def test_it_does_not_announce_to_players_who_already_picked(smtp: Sink) -> None:
    early = UserFactory(email="early@example.com")
    UserFactory(email="late@example.com")
    rnd = first_round()
    PickFactory(round=rnd, player=early)
    rounds_scan.delay()
    assert recipients(smtp) == ["late@example.com"]


def test_it_does_not_announce_an_old_round(smtp: Sink) -> None:
    UserFactory(email="alice@example.com")
    first_round(opens_at=dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=2))
    rounds_scan.delay()
    assert smtp.received == []


def test_it_reminds_only_season_players_without_a_pick(smtp: Sink) -> None:
    picked = UserFactory(email="picked@example.com")
    forgot = UserFactory(email="forgot@example.com")
    UserFactory(email="never-played@example.com")
    rnd = lock(second_round(picked, forgot), seconds=3600)  # locks in one hour
    PickFactory(round=rnd, player=picked)
    rounds_scan.delay()
    assert recipients(smtp) == ["forgot@example.com"]
    (mail,) = smtp.received
    assert mail.header("X-Paddock-Kind") == "reminder"
    assert "Picks lock in" in mail.subject


def test_it_reminds_once_per_round(smtp: Sink) -> None:
    forgot = UserFactory(email="forgot@example.com")
    lock(second_round(forgot), seconds=3600)
    rounds_scan.delay()
    rounds_scan.delay()
    assert recipients(smtp) == ["forgot@example.com"]


def test_it_waits_for_the_seasons_reminder_window(smtp: Sink) -> None:
    forgot = UserFactory(email="forgot@example.com")
    rnd = lock(second_round(forgot), seconds=3 * 3600)
    rnd.opens_at = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=3)  # announced long ago
    rnd.save(update_fields=["opens_at"])
    rounds_scan.delay()
    assert smtp.received == []
    rnd.season.reminder_hours = 4
    rnd.season.save(update_fields=["reminder_hours"])
    rounds_scan.delay()
    assert recipients(smtp) == ["forgot@example.com"]


def test_it_sends_the_reminder_instead_of_the_announcement_inside_the_window(
    smtp: Sink,
) -> None:
    UserFactory(email="alice@example.com")
    lock(first_round(), seconds=1800)
    rounds_scan.delay()
    (mail,) = smtp.received
    assert mail.header("X-Paddock-Kind") == "reminder"


def test_it_skips_a_player_who_picks_after_the_fanout_listed_them(smtp: Sink) -> None:
    quick = UserFactory(email="quick@example.com")
    rnd = lock(second_round(quick), seconds=3600)
    PickFactory(round=rnd, player=quick)  # between the fan-out and the chunk
    report = deliver_chunk(kind=Kind.REMINDER, round_id=rnd.pk, player_ids=[quick.pk])
    assert report.claimed == 0
    assert smtp.received == []
    assert not EmailDelivery.objects.exists()


def test_it_sends_no_reminder_once_the_round_is_locked(smtp: Sink) -> None:
    forgot = UserFactory(email="forgot@example.com")
    rnd = lock(second_round(forgot), seconds=-1)
    deliver_chunk(kind=Kind.REMINDER, round_id=rnd.pk, player_ids=[forgot.pk])
    assert smtp.received == []


def test_it_logs_opted_out_players_as_skipped(smtp: Sink) -> None:
    alice = UserFactory(email="alice@example.com")
    EmailPreferenceFactory(player=alice, round_open=False)
    rnd = first_round()
    rounds_scan.delay()
    assert smtp.received == []
    row = EmailDelivery.objects.get(player=alice, kind=Kind.ROUND_OPEN, key=f"round_open:{rnd.pk}")
    assert (row.status, row.detail) == (Status.SKIPPED, "opted_out")


def test_it_fans_out_in_chunks(smtp: Sink, settings: Any) -> None:
    settings.PADDOCK_NOTIFICATIONS = {"CHUNK_SIZE": 2}
    for n in range(5):
        UserFactory(email=f"player{n}@example.com")
    rnd = first_round()
    assert fanout(kind=Kind.ROUND_OPEN, round_id=rnd.pk) == 3
    assert len(smtp.received) == 5


def test_no_round_email_carries_a_betting_offer(smtp: Sink) -> None:
    """With a partner shown to these adults in France, neither the announcement nor the
    reminder offers a bet: the hand-off's rule gives offers to the pick page only."""
    NoticeFactory(country="FR")
    BettingPartnerFactory(countries=["FR"])
    picked = UserFactory(email="picked@example.com")
    forgot = UserFactory(email="forgot@example.com")
    rnd = lock(second_round(picked, forgot), seconds=3600)
    PickFactory(round=rnd, player=picked)
    first_round()
    rounds_scan.delay()
    assert smtp.received
    for mail in smtp.received:
        for part in (mail.html, mail.text):
            assert "/go/bet/" not in part
            assert "Joueurs Info Service" not in part
