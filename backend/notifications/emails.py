"""What each kind of email says to each player: load a chunk's data, compose, render.

Every builder takes a chunk of player ids and loads what it needs in a fixed handful of
queries (never one per player), then composes one `Outgoing` per recipient, grouped by
language under translation.override. The composing functions take plain dataclasses, so
the admin's previews render the very same code with sample data (previews.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from backend.accounts.models import User, public_name
from backend.game.models import Pick, Round, RoundScore, Season, Standing, WeeklyStanding
from backend.racing.models import Dividend, Race, Runner

from . import formatting as fmt
from . import links
from .models import DEFAULT_PREFERENCES, EmailDelivery, Kind, Topic
from .rendering import Pair, base_context, reason_for, subject_line
from .sending import Outgoing

LANGUAGES = ("en", "fr")
FINISH_SHOWN = 5  # the official "arrivée" lists the first five
TOP_SHOWN = 5  # the week's top 3, ties included, at most five names


# --- recipients ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recipient:
    id: int
    email: str
    language: str
    time_zone: str
    name: str
    country: str = "FR"
    is_active: bool = True
    verified: bool = True
    preferences: dict[str, bool] = field(default_factory=lambda: dict(DEFAULT_PREFERENCES))

    def wants(self, topic: str) -> bool:
        return self.preferences.get(str(topic), DEFAULT_PREFERENCES[str(topic)])


def recipients(player_ids: Iterable[int]) -> dict[int, Recipient]:
    """The players with what emailing them needs, preferences and verification included:
    one query (LEFT JOIN on the preference, EXISTS on a verified address)."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email=OuterRef("email"), verified=True
    )
    topics = [str(t) for t in Topic.values]
    rows = (
        User.objects.filter(pk__in=list(player_ids))
        .annotate(verified_email=Exists(verified))
        .values(
            "pk",
            "email",
            "language",
            "time_zone",
            "display_name",
            "country",
            "is_active",
            "verified_email",
            *(f"email_preference__{t}" for t in topics),
        )
    )
    found = {}
    for row in rows:
        prefs = {}
        for topic in topics:
            value = row[f"email_preference__{topic}"]
            prefs[topic] = DEFAULT_PREFERENCES[topic] if value is None else bool(value)
        found[row["pk"]] = Recipient(
            id=row["pk"],
            email=row["email"],
            language=row["language"] if row["language"] in LANGUAGES else "en",
            time_zone=row["time_zone"],
            name=public_name(row["display_name"] or "", row["pk"]),
            country=row["country"],
            is_active=row["is_active"],
            verified=row["verified_email"],
            preferences=prefs,
        )
    return found


def skip_reason(recipient: Recipient | None, topic: str) -> str | None:
    """Why this player gets no email of `topic`, or None when they may get it."""
    if recipient is None:
        return "unknown_player"
    if not recipient.is_active:
        return "inactive"
    if not recipient.email or recipient.email.endswith(".invalid"):
        return "no_address"
    if not recipient.verified:
        return "unverified"
    if not recipient.wants(topic):
        return "opted_out"
    return None


def by_language(people: Iterable[Recipient]) -> dict[str, list[Recipient]]:
    groups: dict[str, list[Recipient]] = defaultdict(list)
    for person in people:
        groups[person.language].append(person)
    return groups


@dataclass
class Batch:
    """A chunk's rendered messages, and the players deliberately left out (with why)."""

    messages: list[Outgoing] = field(default_factory=list)
    skips: dict[int, str] = field(default_factory=dict)


def _sort_out(
    player_ids: Sequence[int], topic: str, people: dict[int, Recipient], batch: Batch
) -> list[Recipient]:
    keep = []
    for player_id in player_ids:
        person = people.get(player_id)
        reason = skip_reason(person, topic)
        if reason is not None or person is None:
            if person is not None:  # a deleted account leaves no row to point at
                batch.skips[player_id] = reason or "unknown_player"
            continue
        keep.append(person)
    return keep


def _outgoing(
    person: Recipient,
    *,
    kind: str,
    topic: str | None,
    subject: str,
    pair: Pair,
    context: dict[str, Any],
    preheader: str = "",
    payload: dict[str, Any] | None = None,
    split: dict[str, tuple[Any, Any]] | None = None,
) -> Outgoing:
    """Render one message; a non-transactional one gets its unsubscribe link and headers."""
    headers = {"X-Paddock-Kind": kind}
    unsubscribe = ""
    if topic is not None:
        unsubscribe, list_headers = links.unsubscribe_links(user_id=person.id, topic=topic)
        headers.update(list_headers)
    subject = subject_line(subject)
    context = {
        **base_context(
            subject=subject,
            preheader=preheader,
            unsubscribe_url=unsubscribe,
            reason=reason_for(topic) if topic else "",
        ),
        "name": person.name,
        **context,
    }
    html, text = pair.render(context, split)
    return Outgoing(
        to=person.email,
        subject=subject,
        text=text,
        html=html,
        language=person.language,
        player_id=person.id,
        headers=headers,
        payload=payload or {},
    )


# --- the race card (round open, reminder) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class RaceInfo:
    name: str
    racecourse: str
    code: str  # R1C3
    distance_m: int | None
    discipline: str
    runners: int
    post_time: dt.datetime
    replay_url: str = ""

    def as_context(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "racecourse": self.racecourse,
            "code": self.code,
            "distance": fmt.distance(self.distance_m),
            "discipline": discipline_label(self.discipline),
            "runners": self.runners,
        }


def discipline_label(code: str) -> str:
    """PMU's discipline codes in words (ATTELE -> "Harness"), in the active language."""
    labels = {
        "ATTELE": _("Harness trot"),
        "MONTE": _("Mounted trot"),
        "PLAT": _("Flat"),
        "HAIES": _("Hurdles"),
        "STEEPLECHASE": _("Steeplechase"),
        "CROSS": _("Cross-country"),
    }
    return labels.get(code.upper(), code.replace("_", " ").capitalize())


def race_info(race: Race) -> RaceInfo:
    starters = Runner.objects.filter(race=race).exclude(status=Runner.Status.NON_RUNNER).count()
    return RaceInfo(
        name=race.name,
        racecourse=race.meeting.racecourse,
        code=f"R{race.meeting.number}C{race.number}",
        distance_m=race.distance,
        discipline=race.discipline,
        runners=starters or race.declared_runners or 0,
        post_time=race.post_time,
        replay_url=race.replay_url,
    )


class CardRenderer:
    """The race card rendered once per (language, time zone) in a chunk, not per player."""

    def __init__(self, race: RaceInfo) -> None:
        self.race = race
        self.pair = Pair("_race_card")
        self.cache: dict[tuple[str, str], tuple[SafeString, str, str]] = {}

    def card(self, time_zone: str) -> tuple[SafeString, str, str]:
        """(html, text, post time) in the active language and `time_zone`."""
        key = (translation.get_language() or "en", time_zone)
        if key not in self.cache:
            post_time = fmt.local_time(self.race.post_time, time_zone)
            html, text = self.pair.render_content(
                {"race": self.race.as_context(), "post_time": post_time, "colon": _(": ")}
            )
            self.cache[key] = (mark_safe(html), text.strip(), post_time)  # noqa: S308 - rendered by our escaping template
        return self.cache[key]


def compose_round_open(
    person: Recipient, race: RaceInfo, cards: CardRenderer, pair: Pair
) -> Outgoing:
    card_html, card_text, post_time = cards.card(person.time_zone)
    subject = _("The race of the week is open: %(race)s, %(course)s") % {
        "race": race.name,
        "course": race.racecourse,
    }
    return _outgoing(
        person,
        kind=Kind.ROUND_OPEN,
        topic=Topic.ROUND_OPEN,
        subject=subject,
        pair=pair,
        preheader=_("Post time %(time)s. Make your free WIN and PLACE picks.")
        % {"time": post_time},
        context={"pick_url": links.pick_url(), "button": _("Make my pick")},
        split={"card": (card_html, card_text)},
    )


def compose_reminder(
    person: Recipient,
    race: RaceInfo,
    cards: CardRenderer,
    pair: Pair,
    *,
    now: dt.datetime,
    locks_at: dt.datetime,
) -> Outgoing:
    card_html, card_text, post_time = cards.card(person.time_zone)
    left = timeuntil(locks_at, now, depth=2)
    subject = _("Picks lock in %(left)s: %(race)s") % {"left": left, "race": race.name}
    return _outgoing(
        person,
        kind=Kind.REMINDER,
        topic=Topic.REMINDERS,
        subject=subject,
        pair=pair,
        preheader=_("You have not picked yet. Post time %(time)s.") % {"time": post_time},
        context={"pick_url": links.pick_url(), "button": _("Pick now"), "time_left": left},
        split={"card": (card_html, card_text)},
    )


def _open_round(round_id: int, now: dt.datetime) -> Round | None:
    rnd = Round.objects.select_related("season", "race__meeting").filter(pk=round_id).first()
    if rnd is None or rnd.status != Round.Status.OPEN or rnd.locks_at <= now:
        return None
    return rnd


def pre_lock_batch(
    *, kind: str, round_id: int, player_ids: Sequence[int], now: dt.datetime
) -> Batch:
    """Round-open announcements or reminders: only to players who have not picked (checked
    now, not when the fan-out ran), only while the round is open before its lock."""
    batch = Batch()
    rnd = _open_round(round_id, now)
    if rnd is None:
        return batch
    picked = set(
        Pick.objects.filter(round=rnd, player_id__in=list(player_ids)).values_list(
            "player_id", flat=True
        )
    )
    wanted = [p for p in player_ids if p not in picked]
    topic = Topic.ROUND_OPEN if kind == Kind.ROUND_OPEN else Topic.REMINDERS
    people = _sort_out(wanted, topic, recipients(wanted), batch)
    race = race_info(rnd.race)
    pair = Pair(str(kind))
    cards = CardRenderer(race)
    for language, group in by_language(people).items():
        with translation.override(language):
            for person in group:
                if kind == Kind.ROUND_OPEN:
                    batch.messages.append(compose_round_open(person, race, cards, pair))
                else:
                    batch.messages.append(
                        compose_reminder(person, race, cards, pair, now=now, locks_at=rnd.locks_at)
                    )
    return batch


# --- results -------------------------------------------------------------------------------


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
    runner_names: dict[int, str] = field(default_factory=dict)


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


class ResultsRenderer:
    """The round's shared block (finish, dividends, top 3) rendered once per language."""

    def __init__(self, results: RoundResults) -> None:
        self.results = results
        self.pair = Pair("results")
        self.block = Pair("_results_race")
        self.blocks: dict[str, tuple[SafeString, str]] = {}

    def race_block(self) -> tuple[SafeString, str]:
        language = translation.get_language() or "en"
        if language not in self.blocks:
            r = self.results
            finish = [
                {
                    "position": row.position,
                    "number": row.number,
                    "name": row.name,
                    "win": fmt.euros(row.win_cents) if row.win_cents else "",
                    "place": fmt.euros(row.place_cents) if row.place_cents else "",
                }
                for row in r.finish
            ]
            top = [
                {"rank": fmt.rank(row.rank), "name": row.name, "points": fmt.points(row.points)}
                for row in r.top
            ]
            html, text = self.block.render_content(
                {
                    "finish": finish,
                    "top": top,
                    "non_runners": ", ".join(map(str, r.non_runners)),
                }
            )
            self.blocks[language] = (mark_safe(html), text.strip())  # noqa: S308 - our template escaped it
        return self.blocks[language]


def compose_results(person: Recipient, mine: PlayerResults, renderer: ResultsRenderer) -> Outgoing:
    r = renderer.results
    race_html, race_text = renderer.race_block()
    names = r.runner_names
    selections = [
        {
            "label": _("WIN"),
            "number": mine.win_runner,
            "horse": names.get(mine.win_runner, ""),
            "points": fmt.points(mine.win_points),
            "hit": mine.win_hit,
            "substituted": mine.win_substituted,
        },
        {
            "label": _("PLACE"),
            "number": mine.place_runner,
            "horse": names.get(mine.place_runner, ""),
            "points": fmt.points(mine.place_points),
            "hit": mine.place_hit,
            "substituted": mine.place_substituted,
        },
    ]
    move = fmt.movement(mine.previous_rank, mine.rank)
    if r.void:
        subject = _("%(race)s: the round is void") % {"race": r.race.name}
    else:
        subject = _("Your results: %(points)s points on %(race)s") % {
            "points": fmt.points(mine.points),
            "race": r.race.name,
        }
    offer = None
    if mine.offer is not None:
        offer = {
            "partner": mine.offer.partner,
            "actions": [
                {
                    "label": (
                        _("Bet %(number)s. %(horse)s to win")
                        if link.bet_kind == "win"
                        else _("Bet %(number)s. %(horse)s to place")
                    )
                    % {"number": link.number, "horse": link.horse},
                    "url": link.url,
                }
                for link in mine.offer.links
            ],
            "notice": mine.offer.notice,
            "helpline": mine.offer.helpline,
        }
    context = {
        "race": r.race.as_context(),
        "void": r.void,
        "void_reason": r.void_reason,
        "points": fmt.points(mine.points),
        "selections": selections,
        "rank": fmt.rank(mine.rank) if mine.rank else "",
        "players": fmt.count(r.players),
        "movement": move,
        "movement_up": move.startswith("▲"),
        "week_rank": fmt.rank(mine.week_rank) if mine.week_rank and not r.void else "",
        "leagues": [
            {
                "name": line.name,
                "url": line.url,
                "rank": fmt.rank(line.rank),
                "members": fmt.count(line.members),
                "movement": fmt.movement(line.previous_rank, line.rank),
            }
            for line in mine.leagues
        ],
        "replay_url": r.race.replay_url or links.results_url(r.round_id),
        "replay_label": _("Watch the replay") if r.race.replay_url else _("See the results"),
        "results_url": links.results_url(r.round_id),
        "thread_url": r.thread_url,
        "offer": offer,
    }
    return _outgoing(
        person,
        kind=Kind.RESULTS,
        topic=Topic.RESULTS,
        subject=subject,
        pair=renderer.pair,
        preheader=(
            _("Season ranking: %(rank)s %(move)s") % {"rank": context["rank"], "move": move}
            if mine.rank
            else ""
        ),
        context=context,
        payload={"points": mine.points, "version": r.version, "void": r.void},
        split={"race_block": (race_html, race_text)},
    )


def load_round_results(rnd: Round) -> RoundResults:
    """The round's shared results data: a few queries, once per chunk."""
    runners = list(Runner.objects.filter(race_id=rnd.race_id))
    void = rnd.status == Round.Status.VOID
    win: dict[int, int] = {}
    place: dict[int, int] = {}
    if not void:
        for kind, number, cents in Dividend.objects.filter(race_id=rnd.race_id).values_list(
            "kind", "number", "cents"
        ):
            (win if kind == Dividend.Kind.WIN else place)[number] = cents
    finish = (
        []
        if void
        else [
            FinishRow(r.position, r.number, r.name, win.get(r.number), place.get(r.number))
            for r in sorted(runners, key=lambda r: (r.position or 0, r.number))
            if r.position and not r.disqualified and r.position <= FINISH_SHOWN
        ]
    )
    top = (
        []
        if void
        else [
            TopRow(rank, public_name(display_name or "", player_id), points)
            for rank, player_id, display_name, points in WeeklyStanding.objects.filter(
                round=rnd, rank__lte=3
            )
            .order_by("rank", "player_id")
            .values_list("rank", "player_id", "player__display_name", "points")[:TOP_SHOWN]
        ]
    )
    players = Standing.objects.filter(season_id=rnd.season_id, rank__isnull=False).count()
    return RoundResults(
        round_id=rnd.pk,
        version=rnd.settlement_version,
        race=race_info(rnd.race),
        void=void,
        void_reason=rnd.void_reason or _("the race did not take place."),
        finish=finish,
        non_runners=sorted(r.number for r in runners if r.is_non_runner),
        top=top,
        players=players,
        thread_url=_thread_url(rnd.pk),
        runner_names={r.number: r.name for r in runners},
    )


def _thread_url(round_id: int) -> str:
    """The round's community thread (with its debrief), when it exists and is public."""
    try:
        from backend.community.selectors import round_thread_get
    except ImportError:  # pragma: no cover - the community app without its lookup
        return ""
    topic = round_thread_get(round_id=round_id)
    if topic is None or not getattr(topic, "is_public", True):
        return ""
    return links.round_thread_url(round_id)


def _league_lines(season_id: int, player_ids: Sequence[int]) -> dict[int, list[LeagueLine]]:
    """Each player's place in each of their leagues: one league_tables pass for the chunk."""
    from backend.leagues.models import League
    from backend.leagues.tables import league_tables

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


def _offers(
    rnd: Round, people: Sequence[Recipient], runner_names: dict[int, str], non_runners: set[int]
) -> dict[int, OfferBlock]:
    """Betting links for the players the hand-off allows, in bulk.

    The player half of the rule is handoff.selectors.eligible_player_ids (one query per
    active partner; a player is kept only by the partner shown in their country); the
    round half is checked here as betting_offer_check does for the results page: the round
    is settled (not void), the player has a pick, and a withdrawn horse gets no link.
    """
    if rnd.status != Round.Status.SETTLED or not people:
        return {}
    from backend.handoff.models import BettingPartner, ResponsibleGamblingNotice
    from backend.handoff.selectors.offers import eligible_player_ids
    from backend.handoff.tokens import BetLink, make_token

    now = timezone.now()
    today = timezone.localdate(now)
    ids = [p.id for p in people]
    partner_of: dict[int, Any] = {}
    for partner in BettingPartner.objects.filter(active=True):
        for player_id in eligible_player_ids(partner=partner, player_ids=ids, today=today, now=now):
            partner_of.setdefault(player_id, partner)
    if not partner_of:
        return {}
    picks = {
        player_id: (win, place)
        for player_id, win, place in Pick.objects.filter(
            round=rnd, player_id__in=list(partner_of)
        ).values_list("player_id", "win", "place")
    }
    countries = {p.id: p.country for p in people}
    language = {p.id: p.language for p in people}
    notices = {
        n.country: n
        for n in ResponsibleGamblingNotice.objects.filter(
            country__in={countries[i] for i in partner_of}
        )
    }
    offers = {}
    for player_id, partner in partner_of.items():
        pick = picks.get(player_id)
        notice = notices.get(countries[player_id])
        if pick is None or notice is None:
            continue
        offer_links = []
        for bet_kind, number in (("win", pick[0]), ("place", pick[1])):
            if number not in runner_names or number in non_runners:
                continue
            token = make_token(
                BetLink(
                    player_id=player_id,
                    round_id=rnd.pk,
                    runner_number=number,
                    bet_kind=bet_kind,
                    page="results",
                    partner_id=partner.pk,
                )
            )
            url = links.site(reverse("handoff-go-bet", kwargs={"token": token}))
            offer_links.append(OfferLink(bet_kind, number, runner_names[number], url))
        if not offer_links:
            continue
        helpline = " ".join(part for part in (notice.helpline_name, notice.helpline_phone) if part)
        offers[player_id] = OfferBlock(
            partner=partner.name,
            links=tuple(offer_links),
            notice=notice.text_in(language[player_id]),
            helpline=helpline,
        )
    return offers


def _final_round(round_id: int) -> Round | None:
    rnd = Round.objects.select_related("season", "race__meeting").filter(pk=round_id).first()
    if rnd is None or not rnd.is_final:
        return None
    return rnd


def _player_results(
    rnd: Round, people: Sequence[Recipient], shared: RoundResults
) -> dict[int, PlayerResults]:
    ids = [p.id for p in people]
    results = {pid: PlayerResults() for pid in ids}
    for row in RoundScore.objects.filter(round=rnd, player_id__in=ids).values(
        "player_id",
        "points",
        "win_runner",
        "place_runner",
        "win_points",
        "place_points",
        "win_hit",
        "place_hit",
        "win_substituted",
        "place_substituted",
    ):
        mine = results[row["player_id"]]
        for name, value in row.items():
            if name != "player_id":
                setattr(mine, name, value)
    for player_id, rank, previous in Standing.objects.filter(
        season_id=rnd.season_id, player_id__in=ids
    ).values_list("player_id", "rank", "previous_rank"):
        results[player_id].rank = rank
        results[player_id].previous_rank = previous
    for player_id, rank in WeeklyStanding.objects.filter(round=rnd, player_id__in=ids).values_list(
        "player_id", "rank"
    ):
        results[player_id].week_rank = rank
    for player_id, lines in _league_lines(rnd.season_id, ids).items():
        results[player_id].leagues = lines
    non_runners = set(shared.non_runners)
    for player_id, offer in _offers(rnd, people, shared.runner_names, non_runners).items():
        results[player_id].offer = offer
    return results


def results_batch(*, round_id: int, player_ids: Sequence[int]) -> Batch:
    """Results of a final round for the chunk's players who have a score in it."""
    batch = Batch()
    rnd = _final_round(round_id)
    if rnd is None:
        return batch
    scored = set(
        RoundScore.objects.filter(round=rnd, player_id__in=list(player_ids)).values_list(
            "player_id", flat=True
        )
    )
    wanted = [p for p in player_ids if p in scored]
    people = _sort_out(wanted, Topic.RESULTS, recipients(wanted), batch)
    if not people:
        return batch
    shared = load_round_results(rnd)
    mine = _player_results(rnd, people, shared)
    renderer = ResultsRenderer(shared)
    for language, group in by_language(people).items():
        with translation.override(language):
            for person in group:
                batch.messages.append(compose_results(person, mine[person.id], renderer))
    return batch


# --- corrections ---------------------------------------------------------------------------

EMAILED = (
    EmailDelivery.Status.SENT,
    EmailDelivery.Status.SENDING,
    EmailDelivery.Status.RETRYING,
)


def emailed_points(*, round_id: int, player_ids: Sequence[int]) -> dict[int, int]:
    """The points each player was last emailed for the round (results or correction)."""
    last: dict[int, tuple[int, int]] = {}
    for pk, player_id, payload in EmailDelivery.objects.filter(
        round_id=round_id,
        kind__in=(Kind.RESULTS, Kind.CORRECTION),
        status__in=EMAILED,
        player_id__in=list(player_ids),
    ).values_list("pk", "player_id", "payload"):
        known = isinstance(payload, dict) and "points" in payload
        if known and (player_id not in last or pk > last[player_id][0]):
            last[player_id] = (pk, int(payload["points"]))
    return {player_id: points for player_id, (_pk, points) in last.items()}


def compose_correction(
    person: Recipient,
    *,
    race: RaceInfo,
    round_id: int,
    version: int,
    void: bool,
    before: int,
    after: int,
    rank: int | None,
    pair: Pair,
) -> Outgoing:
    subject = _("Correction: your points on %(race)s are now %(points)s") % {
        "race": race.name,
        "points": fmt.points(after),
    }
    return _outgoing(
        person,
        kind=Kind.CORRECTION,
        topic=Topic.RESULTS,
        subject=subject,
        pair=pair,
        preheader=_("The official result changed after our results email."),
        context={
            "race": race.as_context(),
            "previous_points": fmt.points(before),
            "points": fmt.points(after),
            "void": void,
            "rank": fmt.rank(rank) if rank else "",
            "results_url": links.results_url(round_id),
            "button": _("See the corrected results"),
        },
        payload={"points": after, "version": version, "previous_points": before, "void": void},
    )


def correction_batch(*, round_id: int, player_ids: Sequence[int]) -> Batch:
    """One short email to each player whose points differ from what we last emailed them.

    Players never emailed about the round get nothing here: the results fan-out, which a
    correction runs too, sends them the full (current) results instead.
    """
    batch = Batch()
    rnd = _final_round(round_id)
    if rnd is None:
        return batch
    before = emailed_points(round_id=round_id, player_ids=player_ids)
    now_points = dict(
        RoundScore.objects.filter(round=rnd, player_id__in=list(before)).values_list(
            "player_id", "points"
        )
    )
    changed = [p for p in player_ids if p in before and now_points.get(p, 0) != before[p]]
    people = _sort_out(changed, Topic.RESULTS, recipients(changed), batch)
    if not people:
        return batch
    ranks = dict(
        Standing.objects.filter(
            season_id=rnd.season_id, player_id__in=[p.id for p in people]
        ).values_list("player_id", "rank")
    )
    race = race_info(rnd.race)
    pair = Pair("correction")
    for language, group in by_language(people).items():
        with translation.override(language):
            for person in group:
                batch.messages.append(
                    compose_correction(
                        person,
                        race=race,
                        round_id=rnd.pk,
                        version=rnd.settlement_version,
                        void=rnd.status == Round.Status.VOID,
                        before=before[person.id],
                        after=now_points.get(person.id, 0),
                        rank=ranks.get(person.id),
                        pair=pair,
                    )
                )
    return batch


# --- community digest ----------------------------------------------------------------------


@dataclass
class DigestItems:
    replies: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.replies or self.accepted or self.badges)


def digest_items(
    *, player_ids: Sequence[int], since: dt.datetime, until: dt.datetime
) -> dict[int, DigestItems]:
    """Replies to the players' questions, their answers accepted and their new badges in
    [since, until): three queries for the chunk."""
    from django.db.models import F

    from backend.community.models import Award, Post, ReputationEvent, Status
    from backend.community.models import Topic as CommunityTopic

    ids = list(player_ids)
    items: dict[int, DigestItems] = defaultdict(DigestItems)
    replies: dict[tuple[int, int], dict[str, Any]] = {}
    for topic_id, title, owner_id, author_name, author_id in (
        Post.objects.filter(
            kind=Post.Kind.REPLY,
            topic__kind=CommunityTopic.Kind.QUESTION,
            topic__author_id__in=ids,
            created_at__gte=since,
            created_at__lt=until,
            status=Status.PUBLISHED,
            is_hidden=False,
            deleted_at__isnull=True,
        )
        .exclude(author_id=F("topic__author_id"))
        .order_by("created_at", "id")
        .values_list(
            "topic_id", "topic__title", "topic__author_id", "author__display_name", "author_id"
        )
    ):
        entry = replies.setdefault(
            (owner_id, topic_id), {"topic_id": topic_id, "title": title, "names": []}
        )
        name = public_name(author_name or "", author_id or 0)
        if name not in entry["names"]:
            entry["names"].append(name)
        entry["count"] = entry.get("count", 0) + 1
    for (owner_id, _topic_id), entry in replies.items():
        items[owner_id].replies.append(entry)
    for player_id, topic_id, title in (
        ReputationEvent.objects.filter(
            kind=ReputationEvent.Kind.ACCEPTED_ANSWER,
            player_id__in=ids,
            created_at__gte=since,
            created_at__lt=until,
            reversal_of__isnull=True,
            points__gt=0,
        )
        .exclude(reversed_by__isnull=False)
        .order_by("created_at", "id")
        .values_list("player_id", "topic_id", "topic__title")
    ):
        items[player_id].accepted.append({"topic_id": topic_id, "title": title or ""})
    for player_id, badge in (
        Award.objects.filter(player_id__in=ids, awarded_at__gte=since, awarded_at__lt=until)
        .order_by("awarded_at", "id")
        .values_list("player_id", "badge")
    ):
        items[player_id].badges.append(badge)
    return {pid: found for pid, found in items.items() if found}


def _badge_text(slug: str) -> tuple[str, str]:
    from backend.community.badges import BADGES_BY_SLUG

    badge = BADGES_BY_SLUG.get(slug)
    if badge is None:
        return slug, ""
    if translation.get_language() == "fr":
        return badge.name_fr, badge.description_fr
    return badge.name_en, badge.description_en


def compose_digest(person: Recipient, found: DigestItems, pair: Pair, *, day: dt.date) -> Outgoing:
    replies = []
    for entry in found.replies:
        names = ", ".join(entry["names"][:3])
        replies.append(
            {
                "title": entry["title"],
                "url": links.topic_url(entry["topic_id"]),
                "summary": (
                    _("%(count)s new replies, from %(names)s")
                    if entry["count"] > 1
                    else _("A new reply from %(names)s")
                )
                % {"count": entry["count"], "names": names},
            }
        )
    accepted = [
        {"title": e["title"], "url": links.topic_url(e["topic_id"])} for e in found.accepted
    ]
    badges = []
    for slug in found.badges:
        name, description = _badge_text(slug)
        badges.append({"name": name, "description": description})
    parts = []
    if replies:
        parts.append(_("replies to your questions"))
    if accepted:
        parts.append(_("an accepted answer"))
    if badges:
        parts.append(_("a new badge"))
    subject = _("Your day in the Paddock community: %(what)s") % {"what": ", ".join(parts)}
    return _outgoing(
        person,
        kind=Kind.COMMUNITY_DIGEST,
        topic=Topic.COMMUNITY_DIGEST,
        subject=subject,
        pair=pair,
        preheader=", ".join(parts),
        context={
            "replies": replies,
            "accepted": accepted,
            "badges": badges,
            "community_url": links.site("/community"),
            "button": _("Open the community"),
        },
        payload={
            "day": day.isoformat(),
            "replies": len(replies),
            "accepted": len(accepted),
            "badges": len(badges),
        },
    )


def digest_batch(*, player_ids: Sequence[int], since: dt.datetime, until: dt.datetime) -> Batch:
    batch = Batch()
    found = digest_items(player_ids=player_ids, since=since, until=until)
    wanted = [p for p in player_ids if p in found]
    people = _sort_out(wanted, Topic.COMMUNITY_DIGEST, recipients(wanted), batch)
    pair = Pair("community_digest")
    for language, group in by_language(people).items():
        with translation.override(language):
            for person in group:
                batch.messages.append(
                    compose_digest(person, found[person.id], pair, day=until.date())
                )
    return batch


# --- league invitation (transactional) -----------------------------------------------------


def compose_invitation(
    *,
    to: str,
    language: str,
    inviter_name: str,
    league_name: str,
    league_description: str,
    link: str,
    expires_at: dt.datetime | None,
    player_id: int | None = None,
) -> Outgoing:
    """A league invitation in our layout (no unsubscribe: a friend's one-off message)."""
    from django.utils.dateformat import format as date_format

    with translation.override(language):
        subject = subject_line(
            _("%(inviter)s invites you to the league “%(league)s” on Paddock")
            % {"inviter": inviter_name, "league": league_name}
        )
        context = {
            **base_context(
                subject=subject,
                preheader=_("Join the league"),
                reason=_("If you did not expect this email, just ignore it."),
            ),
            "inviter_name": inviter_name,
            "league_name": league_name,
            "league_description": league_description,
            "link": link,
            "button": _("Join the league"),
            "expires_on": date_format(timezone.localtime(expires_at), "j F Y")
            if expires_at
            else "",
        }
        html, text = Pair("league_invitation").render(context)
    return Outgoing(
        to=to,
        subject=subject,
        text=text,
        html=html,
        language=language,
        player_id=player_id,
        headers={"X-Paddock-Kind": Kind.LEAGUE_INVITATION},
    )
