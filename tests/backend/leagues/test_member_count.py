"""A league counts its members on its own row as they join and go, whichever way they go;
the directory sorts on that count, from an index in its order."""

from __future__ import annotations

import importlib
import threading
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import DatabaseError, connection, connections, transaction

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.leagues.models import InviteCode, League, Membership
from backend.leagues.selectors import league_directory
from backend.leagues.services import (
    league_create,
    league_delete,
    league_update,
    membership_join_public,
    membership_join_with_code,
    membership_leave,
    membership_remove,
)
from tests.factories import LeagueFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def stored(league: League) -> int:
    return League.objects.values_list("member_count", flat=True).get(pk=league.pk)


def test_a_league_counts_its_members_as_they_join_and_go(owner: User) -> None:
    league = league_create(owner=owner, name="Comptage", visibility=League.Visibility.PUBLIC)
    assert stored(league) == 1
    first, second, third = UserFactory.create_batch(3)
    membership_join_public(league=league, player=first)
    membership_join_public(league=league, player=first)  # again: a no-op
    code = InviteCode.objects.filter(league=league).values_list("code", flat=True).first()
    assert code is not None
    membership_join_with_code(code=code, player=second)
    MembershipFactory.create(league=league, player=third)  # the admin's inline saves one
    assert stored(league) == 4
    membership_leave(league=league, player=first)
    membership_remove(league=league, actor=owner, player_id=second.pk)
    assert stored(league) == 2
    third.delete()  # a hard delete of the account takes its memberships with it
    assert stored(league) == 1
    assert stored(league) == Membership.objects.filter(league=league).count()


def test_a_refused_join_counts_nobody(owner: User) -> None:
    league = league_create(
        owner=owner, name="Petite", visibility=League.Visibility.PUBLIC, member_limit=2
    )
    membership_join_public(league=league, player=UserFactory.create())
    with pytest.raises(ApplicationError) as full:
        membership_join_public(league=league, player=UserFactory.create())
    assert full.value.code == "league_full"
    assert stored(league) == 2


def test_a_league_read_before_a_join_does_not_write_its_old_count_back(league: League) -> None:
    stale = League.objects.get(pk=league.pk)
    MembershipFactory.create(league=league)
    assert stored(league) == 4
    stale.description = "Edited by someone who read the league before the join."
    stale.save()
    assert stored(league) == 4
    owner = User.objects.get(pk=league.owner_id)
    league_update(league=stale, actor=owner, data={"name": "Les Turfistes 2"})
    assert stored(league) == 4
    assert League.objects.get(pk=league.pk).name == "Les Turfistes 2"


def test_deleting_a_league_deletes_its_members_without_counting_them_down(
    league: League, owner: User
) -> None:
    with transaction.atomic():
        league_delete(league=league, actor=owner)
    assert not League.objects.filter(pk=league.pk).exists()


def test_the_directory_sorts_on_the_stored_counts(outsider: User) -> None:
    sizes = {"Trio": 3, "Solo": 1, "Duo": 2, "Autre trio": 3}
    for name, size in sizes.items():
        league = LeagueFactory.create(name=name, visibility=League.Visibility.PUBLIC)
        for _ in range(size - 1):
            MembershipFactory.create(league=league)
    LeagueFactory.create(name="Privée", visibility=League.Visibility.PRIVATE)
    rows = list(league_directory(user=outsider))
    assert [(row.name, row.member_count) for row in rows] == [
        ("Autre trio", 3),
        ("Trio", 3),
        ("Duo", 2),
        ("Solo", 1),
    ]


@pytest.mark.postgres
def test_the_directory_reads_its_first_page_from_an_index_in_its_order(outsider: User) -> None:
    """No count of every public league's members, no sort: the page is the index's first
    entries (100,000 public leagues: 331 ms a request when counted and sorted)."""
    for n in range(3):
        MembershipFactory.create(
            league=LeagueFactory.create(name=f"Club {n}", visibility=League.Visibility.PUBLIC)
        )
    page = league_directory(user=outsider)[:50]
    sql, params = page.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "league_directory_busiest" in plan, plan
    assert "Sort" not in plan, plan
    assert "Aggregate" not in plan, plan


def test_the_migration_counts_the_members_of_existing_leagues(league: League) -> None:
    empty = LeagueFactory.create(name="Vide")
    Membership.objects.filter(league=empty).delete()
    League.objects.update(member_count=0)  # as the new column starts
    migration = importlib.import_module("backend.leagues.migrations.0004_member_count")
    migration.count_members(django_apps, None)
    assert stored(league) == 3
    assert stored(empty) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_count_holds_when_players_join_and_leave_at_once() -> None:
    """Joins and leaves of one league from many sessions at once: each waits for the
    league's row, so the count is the members', and the limit is never passed."""
    owner = UserFactory.create()
    league = league_create(
        owner=owner, name="Cohue", visibility=League.Visibility.PUBLIC, member_limit=9
    )
    leaving = UserFactory.create_batch(3)
    for player in leaving:
        membership_join_public(league=league, player=player)
    joining = UserFactory.create_batch(8)
    barrier = threading.Barrier(len(joining) + len(leaving))
    refused: list[str] = []
    errors: list[BaseException] = []

    def session(player: User, join: bool) -> None:
        try:
            barrier.wait()
            if join:
                membership_join_public(league=league, player=player)
            else:
                membership_leave(league=league, player=player)
        except ApplicationError as exc:
            refused.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=session, args=(p, True)) for p in joining]
    threads += [threading.Thread(target=session, args=(p, False)) for p in leaving]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    members = Membership.objects.filter(league=league).count()
    assert stored(league) == members
    assert members <= 9
    # 1 owner + 8 joining: at most 9 at any moment, so a join refused only as full.
    assert set(refused) <= {"league_full"}
    assert members == 1 + len(joining) - len(refused)


@pytest.mark.postgres
def test_the_directory_search_finds_names_from_a_trigram_index(outsider: User) -> None:
    """A search by part of a name can read the public leagues' trigram index (migration
    leagues/0005), the expression and the condition being those of the query Django
    writes: on a table of a few rows the planner prefers other indexes, so they are
    dropped for the question, in a transaction rolled back."""
    for name in ("Les Amis du Turf", "Turf Club", "Autre"):
        LeagueFactory.create(name=name, visibility=League.Visibility.PUBLIC)
    found = league_directory(user=outsider, search="amis du")
    assert [league.name for league in found] == ["Les Amis du Turf"]
    for query in (found.all().order_by(), found.all()[:50]):
        sql, params = query.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = 'leagues_league'::regclass AND NOT i.indisunique "
                "AND c.relname <> 'league_directory_name_trgm'"
            )
            others = [row[0] for row in cursor.fetchall()]
            for name in others:
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        assert "league_directory_name_trgm" in plan, plan


def test_the_search_index_is_left_out_where_pg_trgm_cannot_be_created(db: None) -> None:
    migration = importlib.import_module("backend.leagues.migrations.0005_directory_name_search")
    ran: list[str] = []

    class Editor:
        connection = SimpleNamespace(vendor="postgresql", alias="default")

        def execute(self, sql: str) -> None:
            ran.append(sql)
            if "EXTENSION" in sql:
                raise DatabaseError("permission denied to create extension")

    migration.create_index(django_apps, Editor())
    assert ran == ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
