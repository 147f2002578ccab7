from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.accounts.models import User
from backend.common.errors import ApplicationError
from backend.leagues.models import InviteCode, League, Membership
from backend.leagues.services import (
    invite_code_create,
    invite_code_regenerate,
    invite_code_revoke,
    league_create,
    league_delete,
    league_transfer,
    league_update,
    membership_join_public,
    membership_join_with_code,
    membership_leave,
    membership_remove,
    membership_set_role,
)
from tests.factories import InviteCodeFactory, LeagueFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _code(league: League) -> str:
    return InviteCode.objects.filter(league=league).latest("created_at").code


def _raises(status: int, code: str | None = None) -> Any:
    class _Check:
        def __enter__(self) -> None:
            return None

        def __exit__(self, kind: Any, exc: Any, tb: Any) -> bool:
            assert isinstance(exc, ApplicationError), f"expected ApplicationError, got {exc!r}"
            assert exc.status_code == status, (exc.status_code, exc.message)
            if code is not None:
                assert exc.code == code, exc.code
            return True

    return _Check()


# --- create / update / delete -------------------------------------------------------------


def test_it_creates_a_league_with_its_owner_and_a_code(owner: User) -> None:
    league = league_create(owner=owner, name="  Les Amis  ", description="Hi")
    assert league.name == "Les Amis"
    assert league.visibility == League.Visibility.PRIVATE
    membership = Membership.objects.get(league=league)
    assert membership.player == owner
    assert membership.role == Membership.Role.OWNER
    assert InviteCode.objects.get(league=league).is_usable()


def test_it_refuses_a_blank_name(owner: User) -> None:
    with _raises(400, "invalid_name"):
        league_create(owner=owner, name="   ")


def test_it_limits_the_leagues_a_player_owns(owner: User, settings: Any) -> None:
    settings.PADDOCK_LEAGUES = {**settings.PADDOCK_LEAGUES, "MAX_OWNED_PER_PLAYER": 2}
    league_create(owner=owner, name="One")
    league_create(owner=owner, name="Two")
    with _raises(409, "too_many_owned_leagues"):
        league_create(owner=owner, name="Three")


def test_it_refuses_a_member_limit_above_the_cap(owner: User) -> None:
    with _raises(400, "invalid_member_limit"):
        league_create(owner=owner, name="Huge", member_limit=1001)


def test_it_lets_a_manager_rename_a_league(league: League, manager: User) -> None:
    league_update(league=league, actor=manager, data={"name": "Renamed", "description": "New"})
    league.refresh_from_db()
    assert (league.name, league.description) == ("Renamed", "New")


def test_it_refuses_a_member_editing_the_league(league: League, member: User) -> None:
    with _raises(403, "permission_denied"):
        league_update(league=league, actor=member, data={"name": "Mine"})


def test_it_hides_a_private_league_from_an_outsider_editing_it(
    league: League, outsider: User
) -> None:
    with _raises(404, "not_found"):
        league_update(league=league, actor=outsider, data={"name": "Mine"})


def test_it_lets_only_the_owner_change_the_visibility(
    league: League, owner: User, manager: User
) -> None:
    with _raises(403):
        league_update(league=league, actor=manager, data={"visibility": "public"})
    league_update(league=league, actor=owner, data={"visibility": "public"})
    league.refresh_from_db()
    assert league.is_public


def test_it_refuses_a_member_limit_below_the_member_count(league: League, owner: User) -> None:
    with _raises(400, "invalid_member_limit"):
        league_update(league=league, actor=owner, data={"member_limit": 2})
    league_update(league=league, actor=owner, data={"member_limit": 3})


def test_it_lets_only_the_owner_delete_the_league(
    league: League, owner: User, manager: User
) -> None:
    with _raises(403):
        league_delete(league=league, actor=manager)
    league_delete(league=league, actor=owner)
    assert not League.objects.filter(pk=league.pk).exists()
    assert not Membership.objects.filter(league_id=league.pk).exists()


# --- transfer / roles -----------------------------------------------------------------------


def test_it_transfers_ownership_to_a_member(league: League, owner: User, member: User) -> None:
    league_transfer(league=league, actor=owner, player_id=member.pk)
    league.refresh_from_db()
    assert league.owner == member
    roles = dict(Membership.objects.filter(league=league).values_list("player_id", "role"))
    assert roles[member.pk] == Membership.Role.OWNER
    assert roles[owner.pk] == Membership.Role.MANAGER


def test_it_transfers_only_to_a_member(league: League, owner: User, outsider: User) -> None:
    with _raises(400, "not_a_member"):
        league_transfer(league=league, actor=owner, player_id=outsider.pk)


def test_it_refuses_a_manager_transferring(league: League, manager: User, member: User) -> None:
    with _raises(403):
        league_transfer(league=league, actor=manager, player_id=member.pk)


def test_it_refuses_a_transfer_to_a_player_owning_too_many(
    league: League, owner: User, member: User, settings: Any
) -> None:
    settings.PADDOCK_LEAGUES = {**settings.PADDOCK_LEAGUES, "MAX_OWNED_PER_PLAYER": 1}
    LeagueFactory(owner=member)
    with _raises(409, "too_many_owned_leagues"):
        league_transfer(league=league, actor=owner, player_id=member.pk)


def test_it_lets_the_owner_promote_and_demote(league: League, owner: User, member: User) -> None:
    promoted = membership_set_role(league=league, actor=owner, player_id=member.pk, role="manager")
    assert promoted.role == Membership.Role.MANAGER
    demoted = membership_set_role(league=league, actor=owner, player_id=member.pk, role="member")
    assert demoted.role == Membership.Role.MEMBER


def test_it_refuses_a_manager_promoting(league: League, manager: User, member: User) -> None:
    with _raises(403):
        membership_set_role(league=league, actor=manager, player_id=member.pk, role="manager")


def test_it_refuses_making_someone_owner_by_role(league: League, owner: User, member: User) -> None:
    with _raises(400, "invalid_role"):
        membership_set_role(league=league, actor=owner, player_id=member.pk, role="owner")


def test_it_refuses_changing_the_owners_role(league: League, owner: User) -> None:
    with _raises(400, "use_transfer"):
        membership_set_role(league=league, actor=owner, player_id=owner.pk, role="member")


# --- remove / leave ---------------------------------------------------------------------------


def test_it_lets_a_manager_remove_a_member(league: League, manager: User, member: User) -> None:
    membership_remove(league=league, actor=manager, player_id=member.pk)
    assert not Membership.objects.filter(league=league, player=member).exists()


def test_it_refuses_a_manager_removing_the_owner(
    league: League, manager: User, owner: User
) -> None:
    with _raises(403):
        membership_remove(league=league, actor=manager, player_id=owner.pk)


def test_it_refuses_a_manager_removing_another_manager(league: League, manager: User) -> None:
    other = MembershipFactory(league=league, role=Membership.Role.MANAGER).player
    with _raises(403):
        membership_remove(league=league, actor=manager, player_id=other.pk)


def test_it_lets_the_owner_remove_a_manager(league: League, owner: User, manager: User) -> None:
    membership_remove(league=league, actor=owner, player_id=manager.pk)
    assert not Membership.objects.filter(league=league, player=manager).exists()


def test_it_refuses_a_member_removing_anyone(league: League, member: User, manager: User) -> None:
    with _raises(403):
        membership_remove(league=league, actor=member, player_id=manager.pk)


def test_it_answers_404_for_removing_a_non_member(
    league: League, owner: User, outsider: User
) -> None:
    with _raises(404, "not_found"):
        membership_remove(league=league, actor=owner, player_id=outsider.pk)


def test_it_lets_a_member_leave(league: League, member: User) -> None:
    membership_leave(league=league, player=member)
    assert not Membership.objects.filter(league=league, player=member).exists()


def test_it_refuses_the_owner_leaving(league: League, owner: User) -> None:
    with _raises(409, "owner_must_transfer"):
        membership_leave(league=league, player=owner)


def test_it_lets_the_old_owner_leave_after_a_transfer(
    league: League, owner: User, member: User
) -> None:
    league_transfer(league=league, actor=owner, player_id=member.pk)
    membership_leave(league=league, player=owner)
    assert not Membership.objects.filter(league=league, player=owner).exists()


# --- joining ------------------------------------------------------------------------------------


def test_it_joins_with_a_code_mid_season(league: League, outsider: User) -> None:
    membership, created = membership_join_with_code(code=_code(league), player=outsider)
    assert created
    assert membership.role == Membership.Role.MEMBER
    assert InviteCode.objects.get(code=_code(league)).uses == 1


def test_it_makes_joining_twice_a_no_op(league: League, outsider: User) -> None:
    first, _ = membership_join_with_code(code=_code(league), player=outsider)
    again, created = membership_join_with_code(code=_code(league), player=outsider)
    assert not created
    assert again.pk == first.pk
    assert InviteCode.objects.get(code=_code(league)).uses == 1


@pytest.mark.parametrize("state", ["unknown", "revoked", "expired", "used_up"])
def test_it_refuses_an_unusable_code(league: League, outsider: User, state: str) -> None:
    code = InviteCodeFactory(league=league)
    if state == "revoked":
        code.revoked_at = timezone.now()
    elif state == "expired":
        code.expires_at = timezone.now() - dt.timedelta(seconds=1)
    elif state == "used_up":
        code.max_uses, code.uses = 3, 3
    code.save()
    value = "not-a-real-code-00" if state == "unknown" else code.code
    with _raises(404, "invalid_invite"):
        membership_join_with_code(code=value, player=outsider)
    assert not Membership.objects.filter(league=league, player=outsider).exists()


def test_it_stops_a_code_at_its_use_limit(league: League) -> None:
    code = InviteCodeFactory(league=league, max_uses=1)
    membership_join_with_code(code=code.code, player=UserFactory())
    with _raises(404, "invalid_invite"):
        membership_join_with_code(code=code.code, player=UserFactory())


def test_it_refuses_a_full_league(owner: User) -> None:
    league = LeagueFactory(owner=owner, member_limit=2)
    membership_join_with_code(code=_code(league), player=UserFactory())
    with _raises(409, "league_full"):
        membership_join_with_code(code=_code(league), player=UserFactory())
    assert league.memberships.count() == 2


def test_it_caps_every_league_at_the_site_limit(owner: User, settings: Any) -> None:
    settings.PADDOCK_LEAGUES = {**settings.PADDOCK_LEAGUES, "MAX_MEMBERS_PER_LEAGUE": 2}
    league = LeagueFactory(owner=owner)
    membership_join_with_code(code=_code(league), player=UserFactory())
    with _raises(409, "league_full"):
        membership_join_with_code(code=_code(league), player=UserFactory())


def test_it_limits_the_leagues_a_player_joins(outsider: User, settings: Any) -> None:
    settings.PADDOCK_LEAGUES = {**settings.PADDOCK_LEAGUES, "MAX_JOINED_PER_PLAYER": 2}
    for _ in range(2):
        membership_join_with_code(code=_code(LeagueFactory()), player=outsider)
    with _raises(409, "too_many_leagues"):
        membership_join_with_code(code=_code(LeagueFactory()), player=outsider)


def test_it_joins_a_public_league_without_a_code(public_league: League, outsider: User) -> None:
    _, created = membership_join_public(league=public_league, player=outsider)
    assert created


def test_it_hides_a_private_league_from_a_direct_join(league: League, outsider: User) -> None:
    with _raises(404, "not_found"):
        membership_join_public(league=league, player=outsider)


# --- codes ----------------------------------------------------------------------------------------


def test_it_lets_a_manager_create_an_expiring_limited_code(league: League, manager: User) -> None:
    expires = timezone.now() + dt.timedelta(days=1)
    code = invite_code_create(league=league, actor=manager, expires_at=expires, max_uses=5)
    assert (code.expires_at, code.max_uses, code.created_by) == (expires, 5, manager)


def test_it_refuses_an_expiry_in_the_past(league: League, owner: User) -> None:
    with _raises(400, "invalid_expiry"):
        invite_code_create(
            league=league, actor=owner, expires_at=timezone.now() - dt.timedelta(minutes=1)
        )


def test_it_regenerates_revoking_every_other_code(league: League, manager: User) -> None:
    old = _code(league)
    new = invite_code_regenerate(league=league, actor=manager)
    assert new.code != old
    usable = [c.code for c in InviteCode.objects.filter(league=league) if c.is_usable()]
    assert usable == [new.code]


def test_it_revokes_a_code(league: League, owner: User) -> None:
    code = InviteCode.objects.get(league=league)
    invite_code_revoke(league=league, actor=owner, code_id=code.pk)
    code.refresh_from_db()
    assert code.revoked_at is not None


def test_it_refuses_a_member_managing_codes(league: League, member: User) -> None:
    code = InviteCode.objects.get(league=league)
    with _raises(403):
        invite_code_create(league=league, actor=member)
    with _raises(403):
        invite_code_regenerate(league=league, actor=member)
    with _raises(403):
        invite_code_revoke(league=league, actor=member, code_id=code.pk)


def test_it_does_not_revoke_another_leagues_code(league: League, owner: User) -> None:
    other = InviteCodeFactory()
    with _raises(404, "not_found"):
        invite_code_revoke(league=league, actor=owner, code_id=other.pk)
