"""Reading reputation and profiles: a member's totals, level, events and game record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.errors import get_or_404
from backend.community.models import (
    Award,
    CommunityProfile,
    Post,
    ReputationEvent,
    Status,
    Topic,
    Vote,
    level_for,
)
from backend.game.models import Round, RoundScore

FINAL_ROUND_STATUSES = (Round.Status.SETTLED, Round.Status.VOID)


def player_get(*, player_id: int) -> User:
    """An active player, whose public profile anyone signed in may see."""
    return get_or_404(User.objects.filter(is_active=True), _("No such player."), pk=player_id)


def player_game_stats(ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """player id -> (rounds played, winners picked) over settled and void rounds."""
    rows = (
        RoundScore.objects.filter(player_id__in=list(ids), round__status__in=FINAL_ROUND_STATUSES)
        .values("player_id")
        .annotate(played=Count("id"), winners=Count("id", filter=Q(win_hit=True)))
    )
    return {row["player_id"]: (row["played"], row["winners"]) for row in rows}


def profiles_for_players(ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """player id -> (reputation, level) for those with a profile row."""
    return {
        pid: (reputation, level)
        for pid, reputation, level in CommunityProfile.objects.filter(
            player_id__in=list(ids)
        ).values_list("player_id", "reputation", "level")
    }


@dataclass
class PlayerProfile:
    player: User
    reputation: int
    level: str
    rounds_played: int
    winners_picked: int
    questions: int
    answers: int
    accepted_answers: int
    helpful_votes_received: int
    awards: list[Award] = field(default_factory=list)


def _helpful_votes_received(player_id: int) -> int:
    return Vote.objects.filter(Q(post__author_id=player_id) | Q(topic__author_id=player_id)).count()


def player_profile(*, player: User) -> PlayerProfile:
    profile = CommunityProfile.objects.filter(player=player).first()
    played, winners = player_game_stats([player.pk]).get(player.pk, (0, 0))
    return PlayerProfile(
        player=player,
        reputation=profile.reputation if profile else 0,
        level=profile.level if profile else level_for(0, played, winners).value,
        rounds_played=played,
        winners_picked=winners,
        questions=Topic.objects.public().filter(author=player, kind=Topic.Kind.QUESTION).count(),
        answers=Post.objects.public().filter(author=player, kind=Post.Kind.REPLY).count(),
        accepted_answers=Topic.objects.not_deleted().filter(accepted_answer__author=player).count(),
        helpful_votes_received=_helpful_votes_received(player.pk),
        awards=list(Award.objects.filter(player=player).select_related("season")),
    )


def reputation_events(*, player: User) -> QuerySet[ReputationEvent]:
    return ReputationEvent.objects.filter(player=player).select_related("topic", "post")


def community_counts(*, player_id: int) -> dict[str, int]:
    """What the community badges look at: replies to others, accepted answers, votes.

    Replies count once published, even if a moderator hid them later.
    """
    return {
        "answers": Post.objects.not_deleted()
        .filter(
            author_id=player_id,
            kind=Post.Kind.REPLY,
            status=Status.PUBLISHED,
            topic__kind=Topic.Kind.QUESTION,
        )
        .exclude(topic__author_id=player_id)
        .count(),
        "accepted": Topic.objects.not_deleted()
        .filter(accepted_answer__author_id=player_id)
        .exclude(author_id=player_id)
        .count(),
        "helpful": _helpful_votes_received(player_id),
    }
