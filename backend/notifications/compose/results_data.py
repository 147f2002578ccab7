"""What a results email reports, loaded for a chunk: the round's shared results (finish,
dividends, the week's top, the thread) once, then each player's score, ranks, leagues and
the betting offer the hand-off allows them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from backend.accounts.models import public_name
from backend.common.formatting import proper_name
from backend.community.selectors import round_thread_get
from backend.game.models import Round, RoundScore, Season, Standing, WeeklyStanding
from backend.handoff.selectors.offers import Surface, offers_for
from backend.leagues.models import League
from backend.leagues.tables import league_tables
from backend.notifications import links
from backend.racing.models import Dividend, Runner

from .race import RaceInfo, race_info
from .recipients import Recipient

FINISH_SHOWN = 5  # the official "arrivée" lists the first five
TOP_SHOWN = 5  # the week's top 3, ties included, at most five names


@dataclass(frozen=True, slots=True)
class FinishRow:
    position: int
    number: int
    name: str
    win_cents: int | None = None
    place_cents: int | None = None


@dataclass(frozen=True, slots=True)
class TopRow:
    rank: int
    name: str
    points: int


@dataclass
class RoundResults:
    """What every results email of one round shares."""

    round_id: int
    version: int
    race: RaceInfo
    void: bool
    void_reason: str
    finish: list[FinishRow]
    non_runners: list[int]
    top: list[TopRow]
    players: int  # ranked players in the season
    thread_url: str = ""
    # The pools the dividends were read from (Dividend.Pool values), and who was disqualified.
    pools: list[str] = field(default_factory=list)
    disqualified: list[int] = field(default_factory=list)
    runner_names: dict[int, str] = field(default_factory=dict)
    # Its `name` reads the active language: each recipient gets the season's name in theirs.
    season: Season | None = None


@dataclass(frozen=True, slots=True)
class LeagueLine:
    name: str
    url: str
    rank: int
    members: int
    previous_rank: int | None


@dataclass(frozen=True, slots=True)
class OfferLink:
    bet_kind: str  # win | place
    number: int
    horse: str
    url: str


@dataclass(frozen=True, slots=True)
class OfferBlock:
    partner: str
    links: tuple[OfferLink, ...]
    notice: str
    helpline: str


@dataclass
class PlayerResults:
    points: int = 0
    win_runner: int = 0
    place_runner: int = 0
    win_points: int = 0
    place_points: int = 0
    win_hit: bool = False
    place_hit: bool = False
    win_substituted: bool = False
    place_substituted: bool = False
    rank: int | None = None
    previous_rank: int | None = None
    week_rank: int | None = None
    leagues: list[LeagueLine] = field(default_factory=list)
    offer: OfferBlock | None = None


SCORE_FIELDS = (
    "points",
    "win_runner",
    "place_runner",
    "win_points",
    "place_points",
    "win_hit",
    "place_hit",
    "win_substituted",
    "place_substituted",
)


def final_round(round_id: int) -> Round | None:
    """The round, when its result is final (settled or void); else None: nothing to email."""
    rnd = Round.objects.select_related("season", "race__meeting").filter(pk=round_id).first()
    if rnd is None or not rnd.is_final:
        return None
    return rnd


def _finish(runners: Sequence[Runner], race_id: int) -> list[FinishRow]:
    """The first five past the post (disqualified horses left out), with their dividends."""
    win: dict[int, int] = {}
    place: dict[int, int] = {}
    for kind, number, cents in Dividend.objects.filter(race_id=race_id).values_list(
        "kind", "number", "cents"
    ):
        (win if kind == Dividend.Kind.WIN else place)[number] = cents
    return [
        FinishRow(r.position, r.number, proper_name(r.name), win.get(r.number), place.get(r.number))
        for r in sorted(runners, key=lambda r: (r.position or 0, r.number))
        if r.position and not r.disqualified and r.position <= FINISH_SHOWN
    ]


def _pools(race_id: int) -> list[str]:
    found = set(Dividend.objects.filter(race_id=race_id).values_list("pool", flat=True))
    return [pool for pool in Dividend.Pool.values if pool in found]


def _week_top(rnd: Round) -> list[TopRow]:
    return [
        TopRow(rank, public_name(display_name or "", player_id), points)
        for rank, player_id, display_name, points in WeeklyStanding.objects.filter(
            round=rnd, rank__lte=3
        )
        .order_by("rank", "player_id")
        .values_list("rank", "player_id", "player__display_name", "points")[:TOP_SHOWN]
    ]


def _thread_url(round_id: int) -> str:
    """The round's community thread (with its debrief), when it exists and is public."""
    topic = round_thread_get(round_id=round_id)
    if topic is None or not topic.is_public:
        return ""
    return links.round_thread_url(round_id)


def load_round_results(rnd: Round) -> RoundResults:
    """The round's shared results data: a few queries, once per chunk."""
    runners = list(Runner.objects.filter(race_id=rnd.race_id))
    void = rnd.status == Round.Status.VOID
    return RoundResults(
        round_id=rnd.pk,
        version=rnd.settlement_version,
        race=race_info(rnd.race),
        void=void,
        void_reason=rnd.void_reason or _("the race did not take place."),
        finish=[] if void else _finish(runners, rnd.race_id),
        non_runners=sorted(r.number for r in runners if r.is_non_runner),
        top=[] if void else _week_top(rnd),
        pools=[] if void else _pools(rnd.race_id),
        disqualified=sorted(r.number for r in runners if r.disqualified and not r.is_non_runner),
        players=Standing.objects.filter(season_id=rnd.season_id, rank__isnull=False).count(),
        thread_url=_thread_url(rnd.pk),
        runner_names={r.number: proper_name(r.name) for r in runners},
        season=rnd.season,
    )


def _league_lines(season_id: int, player_ids: Sequence[int]) -> dict[int, list[LeagueLine]]:
    """Each player's place in each of their leagues: one league_tables pass for the chunk."""
    leagues = list(League.objects.filter(memberships__player_id__in=list(player_ids)).distinct())
    if not leagues:
        return {}
    season = Season.objects.get(pk=season_id)
    wanted = set(player_ids)
    lines: dict[int, list[LeagueLine]] = defaultdict(list)
    for table in league_tables(leagues=leagues, season=season).values():
        for row in table.rows:
            if row.player_id in wanted:
                lines[row.player_id].append(
                    LeagueLine(
                        name=table.league.name,
                        url=links.league_url(table.league.public_id),
                        rank=row.rank,
                        members=len(table.rows),
                        previous_rank=row.previous_rank,
                    )
                )
    for player_lines in lines.values():
        player_lines.sort(key=lambda line: (line.name.lower(), line.url))
    return lines


def _offers(rnd: Round, people: Sequence[Recipient]) -> dict[int, OfferBlock]:
    """The betting offers the hand-off gives these players in a results email, as the email
    would show them (the notice in the player's language). The hand-off's rule makes no
    offer on a race that has run: this asks it, and gets none."""
    language = {p.id: p.language for p in people}
    return {
        player_id: OfferBlock(
            partner=offer.partner.name,
            links=tuple(
                OfferLink(a.bet_kind, a.runner_number, proper_name(a.runner_name), a.absolute_url)
                for a in offer.actions
            ),
            notice=offer.notice.text_in(language[player_id]),
            helpline=offer.helpline,
        )
        for player_id, offer in offers_for(
            player_ids=list(language), round=rnd, page=Surface.RESULTS_EMAIL
        ).items()
    }


def player_results(rnd: Round, people: Sequence[Recipient]) -> dict[int, PlayerResults]:
    """Each player's score, season and week ranks, leagues and offer: a few queries for
    the chunk."""
    ids = [p.id for p in people]
    results = {pid: PlayerResults() for pid in ids}
    # Unordered: the models' default orderings (by round or season, then player id) join
    # the rounds and seasons tables to sort rows that end up in a dict.
    for row in (
        RoundScore.objects.filter(round=rnd, player_id__in=ids)
        .order_by()
        .values("player_id", *SCORE_FIELDS)
    ):
        mine = results[row["player_id"]]
        for name in SCORE_FIELDS:
            setattr(mine, name, row[name])
    for player_id, rank, previous in (
        Standing.objects.filter(season_id=rnd.season_id, player_id__in=ids)
        .order_by()
        .values_list("player_id", "rank", "previous_rank")
    ):
        results[player_id].rank = rank
        results[player_id].previous_rank = previous
    for player_id, rank in (
        WeeklyStanding.objects.filter(round=rnd, player_id__in=ids)
        .order_by()
        .values_list("player_id", "rank")
    ):
        results[player_id].week_rank = rank
    for player_id, lines in _league_lines(rnd.season_id, ids).items():
        results[player_id].leagues = lines
    for player_id, offer in _offers(rnd, people).items():
        results[player_id].offer = offer
    return results
