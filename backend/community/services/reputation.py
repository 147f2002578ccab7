"""Reputation as an event log, and the cached totals and levels on the profiles.

Each vote or acceptance writes a `ReputationEvent`, its withdrawal a reversing event, and
the cached total on `CommunityProfile` moves in the same transaction (the profile row is
locked first, which also serialises the daily cap on points from votes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from backend.accounts.models import User
from backend.common import db
from backend.community.conf import conf
from backend.community.models import (
    LEVEL_THRESHOLDS,
    CommunityProfile,
    Level,
    MissionCompletion,
    Post,
    ReputationEvent,
    Topic,
    level_for,
    level_positions,
)
from backend.community.selectors.reputation import FINAL_ROUND_STATUSES, player_game_stats
from backend.game.models import Round, RoundScore

Kind = ReputationEvent.Kind
REPUTATION_POINTS = {
    Kind.ACCEPTED_ANSWER: 15,
    Kind.REPLY_HELPFUL: 10,
    Kind.QUESTION_HELPFUL: 5,
    Kind.LIVE_HELP: 10,
}
VOTE_KINDS = (Kind.REPLY_HELPFUL, Kind.QUESTION_HELPFUL)
PROFILE_CHUNK = 2000
# More players than this (a settlement's) have their levels refreshed set-based on PostgreSQL.
BULK_LEVELS = PROFILE_CHUNK


def _profile_locked(player_id: int) -> CommunityProfile:
    CommunityProfile.objects.bulk_create(
        [CommunityProfile(player_id=player_id)], ignore_conflicts=True
    )
    return CommunityProfile.objects.select_for_update().get(player_id=player_id)


def _profile_add(profile: CommunityProfile, points: int) -> None:
    profile.reputation += points
    played, winners = player_game_stats([profile.player_id]).get(profile.player_id, (0, 0))
    profile.level = level_for(profile.reputation, played, winners)
    profile.save(update_fields=["reputation", "level", "updated_at"])


def _vote_points_left(player_id: int, day: dt.date) -> int:
    """What votes may still earn `player_id` on `day` under the daily cap."""
    earned = (
        ReputationEvent.objects.filter(player_id=player_id, day=day, kind__in=VOTE_KINDS).aggregate(
            total=Sum("points")
        )["total"]
        or 0
    )
    return conf().daily_vote_reputation_cap - earned


def reputation_grant(
    *, player_id: int, kind: str, topic: Topic | None, post: Post | None, actor: User | None
) -> ReputationEvent:
    """Write the event and move the cached total; votes count up to the daily cap.

    A vote past the cap still writes its event, with the points it actually earned (maybe
    0), so that withdrawing it reverses exactly that.
    """
    profile = _profile_locked(player_id)
    points = REPUTATION_POINTS[Kind(kind)]
    today = timezone.localdate()
    if kind in VOTE_KINDS:
        points = max(0, min(points, _vote_points_left(player_id, today)))
    event = ReputationEvent.objects.create(
        player_id=player_id,
        kind=kind,
        points=points,
        day=today,
        topic=topic,
        post=post,
        actor=actor,
    )
    _profile_add(profile, points)
    return event


def completion_credit(*, completion: MissionCompletion) -> ReputationEvent:
    """A completed mission's points: one event, tied one-to-one to the completion."""
    profile = _profile_locked(completion.player_id)
    event = ReputationEvent.objects.create(
        player_id=completion.player_id,
        kind=Kind.MISSION,
        points=completion.points,
        day=timezone.localdate(),
        completion=completion,
    )
    _profile_add(profile, completion.points)
    return event


def reputation_reverse(
    *,
    kind: str,
    post_id: int | None = None,
    topic_id: int | None = None,
    actor_id: int | None = None,
) -> ReputationEvent | None:
    """Reverse the latest standing event of this kind on this source (None when none)."""
    standing = ReputationEvent.objects.filter(
        kind=kind, reversal_of__isnull=True, reversed_by__isnull=True
    )
    if post_id is not None:
        standing = standing.filter(post_id=post_id)
    else:
        standing = standing.filter(Q(topic_id=topic_id), post__isnull=True)
    if actor_id is not None:
        standing = standing.filter(actor_id=actor_id)
    original = standing.order_by("-id").first()
    if original is None:
        return None
    profile = _profile_locked(original.player_id)
    reversal = ReputationEvent.objects.create(
        player_id=original.player_id,
        kind=original.kind,
        points=-original.points,
        day=original.day,
        topic_id=original.topic_id,
        post_id=original.post_id,
        actor_id=original.actor_id,
        reversal_of=original,
    )
    _profile_add(profile, -original.points)
    return reversal


@transaction.atomic
def reputation_recompute(*, player: User | None = None) -> int:
    """Rebuild cached totals and levels from the event log (one player, or everyone with
    events or a profile). Returns how many profiles changed."""
    events = ReputationEvent.objects.all()
    profiles = CommunityProfile.objects.all()
    if player is not None:
        events = events.filter(player=player)
        profiles = profiles.filter(player=player)
    totals: dict[int, int] = dict(
        events.values("player_id").annotate(total=Sum("points")).values_list("player_id", "total")
    )
    ids = set(totals) | set(profiles.values_list("player_id", flat=True))
    if player is not None:
        ids.add(player.pk)
    CommunityProfile.objects.bulk_create(
        [CommunityProfile(player_id=pid) for pid in ids], ignore_conflicts=True
    )
    return _profiles_refresh(ids, totals)


def _profiles_refresh(ids: Iterable[int], totals: dict[int, int] | None = None) -> int:
    """Set reputation (when `totals` is given) and level on these players' profiles, in
    chunks (a settlement refreshes every player of the round)."""
    ids = sorted(set(ids))
    changed = 0
    for start in range(0, len(ids), PROFILE_CHUNK):
        chunk = ids[start : start + PROFILE_CHUNK]
        stats = player_game_stats(chunk)
        updates = []
        for profile in CommunityProfile.objects.select_for_update().filter(player_id__in=chunk):
            pid = profile.player_id
            reputation = profile.reputation if totals is None else totals.get(pid, 0)
            level = level_for(reputation, *stats.get(pid, (0, 0))).value
            if (reputation, level) != (profile.reputation, profile.level):
                profile.reputation, profile.level = reputation, level
                updates.append(profile)
        CommunityProfile.objects.bulk_update(updates, ["reputation", "level"])
        changed += len(updates)
    return changed


@transaction.atomic
def levels_refresh(*, player_ids: Iterable[int]) -> int:
    """Recompute the levels of these players after their game results changed; returns how
    many changed. A settlement's players (more than a chunk) are refreshed set-based on
    PostgreSQL: a million of them in seconds, not profile by profile."""
    ids = sorted(set(player_ids))
    if len(ids) > BULK_LEVELS and db.is_postgres():
        return _levels_refresh_bulk(ids)
    CommunityProfile.objects.bulk_create(
        [CommunityProfile(player_id=pid) for pid in ids], ignore_conflicts=True, batch_size=1000
    )
    return _profiles_refresh(ids)


_LEVEL_COLUMNS = {
    "player_id": "int64",
    "reputation": "int64",
    "level": "int8",
    "played": "int64",
    "winners": "int64",
}


_LEVELS = [level.value for _, level in LEVEL_THRESHOLDS]


def _levels_refresh_bulk(ids: list[int]) -> int:
    """`levels_refresh` in a few statements (PostgreSQL): the players go into a temporary
    table; their missing profiles are inserted; each one's reputation, stored level and
    game record (`player_game_stats`'s counts) are read in one COPY; the levels are
    computed in numpy; the changed ones are written by one UPDATE."""
    _stage_players(ids)
    frame = _level_records()
    new = level_positions(
        frame["reputation"].to_numpy(), frame["played"].to_numpy(), frame["winners"].to_numpy()
    )
    moved = np.flatnonzero(new != frame["level"].to_numpy())
    if not len(moved):
        return 0
    return _levels_write(
        pd.DataFrame(
            {
                "player_id": frame["player_id"].to_numpy()[moved],
                "reputation": frame["reputation"].to_numpy()[moved],
                "level": np.asarray(_LEVELS, dtype=object)[new[moved]],
            }
        )
    )


def _stage_players(ids: list[int]) -> None:
    """The players in the temporary table `_level_players`, each with a profile."""
    profiles = db.table_of(CommunityProfile)
    players = pd.DataFrame({"player_id": ids}, dtype="int64")
    db.stage_rows(CommunityProfile, players, name="_level_players")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE _level_players")
        cursor.execute(
            f"INSERT INTO {profiles} (player_id, reputation, level, updated_at) "  # noqa: S608 - quoted identifier
            "SELECT player_id, 0, %s, STATEMENT_TIMESTAMP() FROM _level_players "
            "ON CONFLICT (player_id) DO NOTHING",
            [Level.NOVICE.value],
        )


def _level_records() -> pd.DataFrame:
    """Each staged player's reputation, stored level (its place in LEVEL_THRESHOLDS) and
    game record, in one read."""
    profiles, scores, rounds = (db.table_of(m) for m in (CommunityProfile, RoundScore, Round))
    stored = " ".join(f"WHEN %s THEN {at}" for at in range(len(_LEVELS)))
    return db.read_frame(
        f"SELECT p.player_id, p.reputation, CASE p.level {stored} ELSE -1 END, "  # noqa: S608 - quoted identifiers
        "COALESCE(g.played, 0), COALESCE(g.winners, 0) "
        f"FROM {profiles} p JOIN _level_players k ON k.player_id = p.player_id "
        "LEFT JOIN (SELECT s.player_id, COUNT(*) AS played, "
        f"COUNT(*) FILTER (WHERE s.win_hit) AS winners FROM {scores} s "
        f"JOIN {rounds} r ON r.id = s.round_id JOIN _level_players m ON m.player_id = s.player_id "
        "WHERE r.status IN (%s, %s) GROUP BY s.player_id) g ON g.player_id = p.player_id",
        [*_LEVELS, *FINAL_ROUND_STATUSES],
        _LEVEL_COLUMNS,
    )


def _levels_write(changed: pd.DataFrame) -> int:
    """Write the changed levels by one UPDATE, which keeps a level only where the reputation
    is still the one read: a vote counted meanwhile has set that player's level itself, from
    the same game record. Returns how many it wrote."""
    temp = db.stage_rows(CommunityProfile, changed, name="_level_new")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {db.table_of(CommunityProfile)} p SET level = n.level FROM {temp} n "  # noqa: S608 - quoted identifiers
            "WHERE p.player_id = n.player_id AND p.reputation = n.reputation"
        )
        return int(cursor.rowcount)
