"""Demo leagues among the demo players (player<N>@paddock.local, created by the game's
demo). Idempotent: loading twice leaves one copy of each league and membership."""

from __future__ import annotations

import random
import re

from django.db import transaction

from backend.accounts.models import User

from .models import InviteCode, League, Membership

PLAYER_EMAIL = re.compile(r"^player(\d+)@paddock\.local$")

# (name, description, visibility, owner number, member numbers or a share of all players,
#  manager numbers)
DEMO_LEAGUES: list[tuple[str, str, str, int, range | float, tuple[int, ...]]] = [
    (
        "Les Turfistes du Dimanche",
        "Le tiercé du dimanche entre copains, depuis le PMU du coin.",
        League.Visibility.PRIVATE,
        1,
        range(1, 13),
        (2,),
    ),
    (
        "Paddock Open",
        "Everyone is welcome: the public league of the demo.",
        League.Visibility.PUBLIC,
        2,
        0.6,
        (),
    ),
    (
        "Écurie du Bureau",
        "Pause café, pronostics et classement du service compta.",
        League.Visibility.PRIVATE,
        3,
        range(3, 9),
        (4,),
    ),
]


def _demo_players() -> dict[int, User]:
    players = {}
    for user in User.objects.filter(email__endswith="@paddock.local", email__startswith="player"):
        match = PLAYER_EMAIL.match(user.email)
        if match:
            players[int(match.group(1))] = user
    return players


@transaction.atomic
def demo_load(*, rng: random.Random) -> dict[str, int]:
    """A few leagues among the demo players; nothing when there are none yet.

    Returns how many leagues and memberships were created by this call.
    """
    players = _demo_players()
    created = {"leagues": 0, "memberships": 0}
    if not players:
        return created
    numbers = sorted(players)
    for name, description, visibility, owner_no, members, managers in DEMO_LEAGUES:
        owner = players.get(owner_no) or players[numbers[0]]
        league, made = League.objects.get_or_create(
            name=name,
            owner=owner,
            defaults={"description": description, "visibility": visibility},
        )
        if made:
            created["leagues"] += 1
            InviteCode.objects.create(league=league, created_by=owner)
        if isinstance(members, range):
            chosen = [players[n] for n in members if n in players]
        elif not made:
            continue  # a random crowd is drawn once: loading again adds nobody
        else:
            count = max(1, round(len(numbers) * members))
            chosen = [players[n] for n in sorted(rng.sample(numbers, k=count))]
        for player in [owner, *chosen]:
            role = (
                Membership.Role.OWNER
                if player.pk == owner.pk
                else Membership.Role.MANAGER
                if any(players.get(n) == player for n in managers)
                else Membership.Role.MEMBER
            )
            _, joined = Membership.objects.get_or_create(
                league=league, player=player, defaults={"role": role}
            )
            created["memberships"] += int(joined)
    return created
