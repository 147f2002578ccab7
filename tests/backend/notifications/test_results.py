"""Results emails: after the settlement commits, once each, with corrections and betting
links only where the hand-off allows them. Through the real pipeline and real SMTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.accounts.models import User
from backend.community.services import round_thread_ensure
from backend.game.models import Round, Season
from backend.game.services import round_settle, round_void
from backend.handoff.models import ResponsibleGamblingNotice
from backend.notifications.compose.results import results_batch
from backend.notifications.models import EmailDelivery, Kind
from backend.notifications.services import results_after_settlement
from tests.factories import (
    BettingPartnerFactory,
    EmailPreferenceFactory,
    NoticeFactory,
    PickFactory,
    PreferenceFactory,
    RoundFactory,
    UserFactory,
    born_years_ago,
    league_with,
    lock,
    store_result,
)

from .smtp import Sink

pytestmark = pytest.mark.django_db

Status = EmailDelivery.Status

# 10 runners; arrival 1-3-2; 1 pays 5.90 to win, places 1.50 / 2.10 / 4.00 (2 € stakes).
RESULT = {"finish": {1: 1, 3: 2, 2: 3}, "win": {1: 590}, "place": {1: 150, 3: 210, 2: 400}}
# The stewards' correction: 5 third instead of 2.
CORRECTED = {"finish": {1: 1, 3: 2, 5: 3}, "win": {1: 590}, "place": {1: 150, 3: 210, 5: 300}}


@pytest.fixture
def alice(db: Any) -> User:
    return UserFactory(email="alice@example.com", display_name="Alice")


@pytest.fixture
def bob(db: Any) -> User:
    return UserFactory(email="bob@example.com", display_name="Bob", language="fr")


@pytest.fixture
def carol(db: Any) -> User:
    return UserFactory(email="carol@example.com", display_name="Carol")


@pytest.fixture
def rnd(alice: User, bob: User, carol: User) -> Round:
    """A round whose lock has passed: Alice 1/3 (16.00), Bob 2/2 (8.00), Carol 5/5 (0)."""
    game_round = RoundFactory(number=1)
    PickFactory(round=game_round, player=alice, win=1, place=3)
    PickFactory(round=game_round, player=bob, win=2, place=2)
    PickFactory(round=game_round, player=carol, win=5, place=5)
    return lock(game_round)


@pytest.fixture
def settle(django_capture_on_commit_callbacks: Any) -> Any:
    """Store an official result and run everything its commit sets off: the settlement,
    then round_settled, then the emails."""

    def run(game_round: Round, result: dict[str, Any] = RESULT) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            store_result(game_round.race, **result)

    return run


def test_it_emails_every_player_of_the_round_after_settlement(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    settle(rnd)
    assert sorted(r.recipients[0] for r in smtp.received) == [
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
    ]
    assert EmailDelivery.objects.filter(kind=Kind.RESULTS, status=Status.SENT).count() == 3


def test_it_tells_my_points_hits_rank_and_the_round(smtp: Sink, rnd: Round, settle: Any) -> None:
    rnd.race.runners.filter(number=1).update(name="PRINCE D'ESPRIT")  # as PMU writes it
    settle(rnd)
    (mail,) = smtp.to("alice@example.com")
    assert "16.00 points" in mail.subject
    horse = "Prince d'Esprit"
    assert "PRINCE" not in mail.text + mail.html
    text = mail.text
    assert "Alice, your points this week: 16.00" in text
    assert f"[x] WIN: 1. {horse} — 11.80" in text
    assert "[x] PLACE: 3." in text
    assert f"{rnd.season.name_en} ranking: 1st of 3" in text
    assert "1st this week" in text
    assert f"1. 1 {horse} — Win 5.90\u00a0€ — Place 1.50\u00a0€" in text  # finish + dividends
    assert "Top 3 of the week" in text
    assert "1st Alice — 16.00" in text
    assert f"https://paddock.example/results/{rnd.pk}" in text  # replay falls back to results
    assert "16.00" in mail.html
    assert "Idao" not in mail.html  # nothing from the previews leaks in


def test_it_shows_my_rank_movement_and_my_leagues(
    smtp: Sink, rnd: Round, settle: Any, alice: User, bob: User
) -> None:
    league = league_with(bob, alice, name="Les Turfistes")
    settle(rnd)
    (mail,) = smtp.to("alice@example.com")
    assert "Les Turfistes: 1st of 2" in mail.text
    assert f"https://paddock.example/leagues/{league.public_id}" in mail.html
    (french,) = smtp.to("bob@example.com")
    assert "Les Turfistes\u00a0: 2e sur 2" in french.text
    assert french.header("Content-Language") == "fr"
    assert "Vos résultats" in french.subject


def test_each_reader_gets_the_season_named_in_their_language(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    Season.objects.filter(pk=rnd.season_id).update(name_en="Winter Cup", name_fr="Coupe d'hiver")
    settle(rnd)
    (english,) = smtp.to("alice@example.com")
    (french,) = smtp.to("bob@example.com")  # Bob reads French
    assert "Winter Cup ranking: 1st of 3" in english.text
    assert "Winter Cup ranking: <strong>1st</strong> of 3" in english.html
    assert "Coupe d" not in english.text + english.html
    assert "Classement Coupe d'hiver\u00a0: 2e sur 3" in french.text
    # Dividends with a decimal comma in French, a point in English.
    assert "5,90\u00a0€" in french.text
    assert "5.90" not in french.text
    assert "5.90\u00a0€" in english.text
    assert "Winter Cup" not in french.text + french.html


def test_it_links_the_replay_and_the_debrief_thread(smtp: Sink, rnd: Round, settle: Any) -> None:

    rnd.race.replay_url = "https://replay.example.com/r1c1"
    rnd.race.save(update_fields=["replay_url"])
    round_thread_ensure(round=rnd)
    settle(rnd)
    (mail,) = smtp.to("alice@example.com")
    assert 'href="https://replay.example.com/r1c1"' in mail.html
    assert f'href="https://paddock.example/community/rounds/{rnd.pk}"' in mail.html


def test_without_a_replay_the_results_page_is_linked_once(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    settle(rnd)
    (mail,) = smtp.to("alice@example.com")
    results = f"https://paddock.example/results/{rnd.pk}"
    assert mail.html.count(f'href="{results}"') == 1
    assert mail.text.count(results) == 1
    assert "Full results and the weekly table" in mail.html
    assert "replay" not in (mail.html + mail.text).lower()


def test_it_never_sends_results_before_the_settlement_commits(
    smtp: Sink, rnd: Round, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        store_result(rnd.race, **RESULT)  # official, settlement not run
    with django_capture_on_commit_callbacks(execute=False) as committed:
        round_settle(round_id=rnd.pk)
        assert smtp.received == []  # settled, not committed: nothing sent
    assert smtp.received == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in committed:  # the commit
            callback()
    assert len(smtp.received) == 3


def test_it_sends_nothing_when_the_settlement_rolls_back(
    smtp: Sink, rnd: Round, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        store_result(rnd.race, **RESULT)

    def settle_then_crash() -> None:
        with transaction.atomic():
            round_settle(round_id=rnd.pk)
            raise RuntimeError("the worker died before the commit")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        settle_then_crash()
    assert smtp.received == []
    assert not EmailDelivery.objects.exists()
    assert not Round.objects.get(pk=rnd.pk).is_final


def test_it_sends_results_once_when_the_settlement_is_signalled_twice(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    settle(rnd)
    results_after_settlement(round_id=rnd.pk, version=1, corrected=False)
    assert len(smtp.received) == 3


def test_it_sends_results_once_when_the_same_result_is_settled_again(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    settle(rnd)
    round_settle(round_id=rnd.pk, force=True)  # same result: no new version, no signal
    settle(rnd)  # the same official result stored again
    assert len(smtp.received) == 3


def test_it_corrects_only_players_whose_points_changed(smtp: Sink, rnd: Round, settle: Any) -> None:
    settle(rnd)
    smtp.reset()
    settle(rnd, CORRECTED)
    assert sorted(r.recipients[0] for r in smtp.received) == [
        "bob@example.com",  # 8.00 -> 0
        "carol@example.com",  # 0 -> 6.00
    ]
    (carol,) = smtp.to("carol@example.com")
    assert carol.header("X-Paddock-Kind") == "correction"
    assert "Your points: 0.00 → 6.00" in carol.text
    assert carol.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    (bob,) = smtp.to("bob@example.com")
    assert "Correction" in bob.subject
    assert "8,00 → 0,00" in bob.text


def test_it_corrects_again_from_what_was_emailed_last(smtp: Sink, rnd: Round, settle: Any) -> None:
    settle(rnd)
    settle(rnd, CORRECTED)
    smtp.reset()
    settle(rnd, RESULT)  # corrected back
    assert sorted(r.recipients[0] for r in smtp.received) == [
        "bob@example.com",
        "carol@example.com",
    ]
    (carol,) = smtp.to("carol@example.com")
    assert "6.00 → 0.00" in carol.text


def test_a_round_voided_after_its_results_email_is_not_called_a_corrected_result(
    smtp: Sink, rnd: Round, settle: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settle(rnd)
    smtp.reset()
    with django_capture_on_commit_callbacks(execute=True):
        round_void(round=rnd, reason="Wrong race featured.")
    (alice,) = smtp.to("alice@example.com")
    assert alice.header("X-Paddock-Kind") == "correction"
    assert "the round on" in alice.subject
    assert "is void" in alice.subject
    assert "was voided after our results email" in alice.text
    assert "Your points: 16.00 → 0.00" in alice.text
    assert "official result" not in (alice.subject + alice.text + alice.html).lower()
    (bob,) = smtp.to("bob@example.com")  # in French
    assert "annulée" in bob.text
    assert "corrigé" not in bob.text


def test_it_tells_everyone_a_voided_round_is_void(
    smtp: Sink, rnd: Round, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        round_void(round=rnd, reason="The race was abandoned.")
    (mail,) = smtp.to("alice@example.com")
    assert "the round is void" in mail.subject
    assert "The race was abandoned." in mail.text
    assert "Official finish" not in mail.text


def test_it_respects_the_results_preference(
    smtp: Sink, rnd: Round, settle: Any, alice: User
) -> None:
    EmailPreferenceFactory(player=alice, results=False)
    settle(rnd)
    assert smtp.to("alice@example.com") == []
    row = EmailDelivery.objects.get(player=alice, kind=Kind.RESULTS)
    assert (row.status, row.detail) == (Status.SKIPPED, "opted_out")


# --- the hand-off --------------------------------------------------------------------------


@pytest.fixture
def partner(db: Any) -> Any:
    NoticeFactory(country="FR")
    return BettingPartnerFactory(name="Turf Partner", countries=["FR"])


def test_it_never_offers_a_bet_on_a_race_that_has_run_not_even_to_its_winner(
    smtp: Sink, rnd: Round, settle: Any, partner: Any
) -> None:
    """Alice won (1 to win at 5.90): her email tells her so, and offers no bet."""
    settle(rnd)
    notice = ResponsibleGamblingNotice.objects.get(country="FR")
    for address in ("alice@example.com", "bob@example.com", "carol@example.com"):
        (mail,) = smtp.to(address)
        for part in (mail.html, mail.text):
            assert "/go/bet/" not in part
            assert "Bet for real" not in part
            assert "Jouer pour de vrai" not in part
            assert notice.helpline_name not in part
    (alice,) = smtp.to("alice@example.com")
    assert "16.00" in alice.text  # she won, and was told


def test_it_has_no_betting_links_for_a_minor_either(
    smtp: Sink, rnd: Round, settle: Any, partner: Any, alice: User
) -> None:
    alice.date_of_birth = born_years_ago(17)
    alice.save(update_fields=["date_of_birth"])
    settle(rnd)
    (mail,) = smtp.to("alice@example.com")
    assert "/go/bet/" not in mail.html
    assert "/go/bet/" not in mail.text


def test_it_leaves_the_betting_links_out_for_a_self_excluded_player(
    smtp: Sink, rnd: Round, settle: Any, partner: Any, alice: User
) -> None:
    PreferenceFactory(
        player=alice,
        offers_enabled=False,
        self_excluded_until=timezone.now() + dt.timedelta(days=180),
        self_excluded_at=timezone.now(),
    )
    settle(rnd)
    (mail,) = smtp.to("alice@example.com")
    assert "/go/bet/" not in mail.html
    assert "/go/bet/" not in mail.text


def test_it_has_no_betting_links_without_a_partner(smtp: Sink, rnd: Round, settle: Any) -> None:
    settle(rnd)
    assert all("/go/bet/" not in r.html for r in smtp.received)


def test_it_names_the_pool_of_the_dividends_and_the_disqualified(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    settle(rnd, {**RESULT, "disqualified": frozenset({6}), "win_pool": "SIMPLE_GAGNANT"})

    english = smtp.to("alice@example.com")[0]
    assert "Dividends: PMU internet pools, PMU shop pools (no internet pool was published)" in (
        english.text
    )
    assert "Disqualified: 6" in english.text
    assert "Disqualified: 6" in english.html
    french = smtp.to("bob@example.com")[0]
    pools = "Rapports\u00a0: masses internet du PMU, masses des points de vente du PMU"
    assert pools in french.text
    assert "Distancés\u00a0: 6" in french.text


def test_a_pick_on_a_disqualified_horse_says_so_in_the_readers_language(
    smtp: Sink, rnd: Round, settle: Any
) -> None:
    result = {"finish": {1: 1, 3: 2, 4: 3}, "win": {1: 590}, "place": {1: 150, 3: 210, 4: 400}}
    settle(rnd, {**result, "disqualified": frozenset({2, 5})})
    carol = smtp.to("carol@example.com")[0]
    assert "(disqualified)" in carol.text
    assert "(disqualified)" in carol.html
    bob = smtp.to("bob@example.com")[0]
    assert "(distancé)" in bob.text
    alice = smtp.to("alice@example.com")[0]
    assert "disqualified)" not in alice.text


def test_a_chunk_reads_its_data_in_the_same_queries_whatever_its_size(
    rnd: Round, settle: Any, alice: User, bob: User, carol: User
) -> None:
    """No query per player: a chunk of twelve costs what a chunk of two does."""
    extra = [
        UserFactory(email=f"player{n}@example.com", language="fr" if n % 2 else "en")
        for n in range(9)
    ]
    for player in extra:
        PickFactory(round=rnd, player=player, win=1, place=2)
    league_with(alice, bob, *extra[:4], name="Les Turfistes")
    league_with(carol, *extra[4:], name="Office")
    settle(rnd)
    ids = [p.pk for p in (alice, bob, carol, *extra)]
    with CaptureQueriesContext(connection) as two:  # composing the messages included
        small = list(results_batch(round_id=rnd.pk, player_ids=ids[:2]).outgoing())
    with CaptureQueriesContext(connection) as twelve:
        large = list(results_batch(round_id=rnd.pk, player_ids=ids).outgoing())
    assert len(small) == 2
    assert len(large) == len(ids) == 12
    assert len(twelve.captured_queries) == len(two.captured_queries)


def test_a_chunks_reads_by_player_join_no_other_table(
    rnd: Round, settle: Any, alice: User, bob: User
) -> None:
    """The scores, season and week ranks of the chunk's players are read from their own
    tables: the models' default orderings (by round, season and player) would join the
    rounds, seasons and every user to sort rows that go into a dict."""
    settle(rnd)
    with CaptureQueriesContext(connection) as chunk:
        assert (
            len(list(results_batch(round_id=rnd.pk, player_ids=[alice.pk, bob.pk]).outgoing())) == 2
        )
    tables = ("game_roundscore", "game_standing", "game_weeklystanding")
    by_player = [
        q["sql"]
        for q in chunk.captured_queries
        if any(f'FROM "{t}" ' in q["sql"] for t in tables) and '"player_id" IN (' in q["sql"]
    ]
    assert len(by_player) == 4  # who scored, then each one's score, season and week rank
    assert [sql for sql in by_player if " JOIN " in sql or "ORDER BY" in sql] == []


def test_a_chunk_loads_the_first_batchs_results_before_the_rest(
    rnd: Round, settle: Any, alice: User, bob: User, settings: Any
) -> None:
    """The first batch's messages need only their own players' results; the rest of the
    chunk's are read once that batch is taken, with the same queries, and every message
    says what a single load would have said."""
    extra = [UserFactory(email=f"player{n}@example.com") for n in range(5)]
    for player in extra:
        PickFactory(round=rnd, player=player, win=1, place=2)
    league_with(alice, bob, *extra[:3], name="Les Turfistes")
    settle(rnd)
    ids = [p.pk for p in (alice, bob, *extra)]
    once = results_batch(round_id=rnd.pk, player_ids=ids).outgoing()
    whole = {m.to: (m.subject, m.text) for m in once}

    settings.PADDOCK_NOTIFICATIONS = {"MARK_EVERY": 3}
    messages = results_batch(round_id=rnd.pk, player_ids=ids).outgoing()
    with CaptureQueriesContext(connection) as head:
        taken = [next(messages) for _ in range(3)]
    with CaptureQueriesContext(connection) as rest:
        taken += list(messages)
    assert len(head.captured_queries) == len(rest.captured_queries) > 0
    assert {m.to: (m.subject, m.text) for m in taken} == whole
