"""The reality check: what a player's picks this season would have done with real money.

Each settled week is replayed as two real bets of 2 € (the game's own stake per
selection): a simple gagnant on the WIN selection and a simple placé on the PLACE one, paid
at the official dividend (cents returned per 1 €, stake included) with no cap. Where real
betting differs from the game, real betting wins:

- a selection on a non-runner is refunded (real bets are not moved to an alternate or the
  favourite the way the game's points are);
- a cancelled or refunded race, or a void round, refunds both bets;
- a coupled entry is paid like the game settles it: on the entry's dividend when the
  selection itself has none.

Rounds not settled yet (open or locked) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from backend.accounts.models import User
from backend.game.models import Pick, Round, Season
from backend.handoff.models import RealityCheckSeen
from backend.racing.models import Dividend, Runner

STAKE_EUROS = 2  # per selection: the game's mythical stake, made real
STAKE_CENTS = STAKE_EUROS * 100


@dataclass(frozen=True, slots=True)
class RealityCheck:
    """Amounts in euro cents. `weeks` counts the settled (or void) rounds picked."""

    season_id: int
    season_name: str
    weeks: int
    weeks_lost: int
    staked_cents: int
    returned_cents: int
    refunded_bets: int
    seen: bool

    @property
    def net_cents(self) -> int:
        return self.returned_cents - self.staked_cents

    @property
    def outcome(self) -> str:
        """ "gain", "loss" or "even", said plainly by every surface that shows the check."""
        if self.net_cents > 0:
            return "gain"
        if self.net_cents < 0:
            return "loss"
        return "even"


def _bet_return(
    kind: str, number: int, runners: dict[int, Runner], dividends: dict[tuple[str, int], int]
) -> tuple[int, bool]:
    """What a 2 € bet of `kind` on `number` returned, and whether it was a refund."""
    runner = runners.get(number)
    if runner is None or runner.is_non_runner:
        return STAKE_CENTS, True
    cents = dividends.get((kind, number))
    if cents is None and runner.coupled:
        entry = [
            dividends.get((kind, other.number), 0)
            for other in runners.values()
            if other.coupled == runner.coupled and not other.is_non_runner
        ]
        cents = max(entry, default=0) or None
    return (STAKE_EUROS * cents if cents else 0), False


def _race_data(
    race_ids: list[int],
) -> tuple[dict[int, dict[int, Runner]], dict[int, dict[tuple[str, int], int]]]:
    runners: dict[int, dict[int, Runner]] = defaultdict(dict)
    for runner in Runner.objects.filter(race_id__in=race_ids):
        runners[runner.race_id][runner.number] = runner
    dividends: dict[int, dict[tuple[str, int], int]] = defaultdict(dict)
    for race_id, kind, number, cents in Dividend.objects.filter(race_id__in=race_ids).values_list(
        "race_id", "kind", "number", "cents"
    ):
        dividends[race_id][(kind, number)] = cents
    return runners, dividends


def reality_check(*, player: User, season: Season) -> RealityCheck:
    """The season's reality check for `player`: three queries whatever the season's length."""
    picks = list(
        Pick.objects.filter(
            player=player,
            round__season=season,
            round__status__in=(Round.Status.SETTLED, Round.Status.VOID),
        ).select_related("round__race")
    )
    runners, dividends = _race_data([p.round.race_id for p in picks])
    staked = returned = weeks_lost = refunded = 0
    for pick in picks:
        race = pick.round.race
        week_returned = 0
        for kind, number in ((Dividend.Kind.WIN, pick.win), (Dividend.Kind.PLACE, pick.place)):
            if pick.round.status == Round.Status.VOID or race.is_void:
                back, refund = STAKE_CENTS, True
            else:
                back, refund = _bet_return(kind, number, runners[race.pk], dividends[race.pk])
            week_returned += back
            refunded += int(refund)
        staked += 2 * STAKE_CENTS
        returned += week_returned
        weeks_lost += int(week_returned < 2 * STAKE_CENTS)
    return RealityCheck(
        season_id=season.pk,
        season_name=season.name,
        weeks=len(picks),
        weeks_lost=weeks_lost,
        staked_cents=staked,
        returned_cents=returned,
        refunded_bets=refunded,
        seen=reality_check_seen(player=player, season=season),
    )


def reality_check_seen(*, player: User, season: Season) -> bool:
    """The player has read this season's reality check (before a first hand-off)."""
    return RealityCheckSeen.objects.filter(player=player, season=season).exists()
