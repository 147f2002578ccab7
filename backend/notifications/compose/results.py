"""The results email of a final round: the official finish, the player's points on each
selection, their ranks (season, week, leagues), and the betting links the hand-off allows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from backend.game.models import Round, RoundScore
from backend.notifications import formatting as fmt
from backend.notifications import links
from backend.notifications.conf import conf
from backend.notifications.models import Kind, Topic
from backend.notifications.rendering import Pair
from backend.notifications.sending import Outgoing

from .message import outgoing
from .recipients import Batch, Recipient, by_language, in_their_language, sort_out
from .results_data import (
    LeagueLine,
    OfferBlock,
    PlayerResults,
    RoundResults,
    final_round,
    load_round_results,
    player_results,
)


@dataclass(frozen=True, slots=True)
class Words:
    """What every results email says in one language, whoever it goes to."""

    win: str
    place: str
    subject: str
    void_subject: str
    ranking: str

    @classmethod
    def translated(cls) -> Words:
        """The words in the active language."""
        return cls(
            win=_("WIN"),
            place=_("PLACE"),
            subject=_("Your results: %(points)s points on %(race)s"),
            void_subject=_("%(race)s: the round is void"),
            ranking=_("Season ranking: %(rank)s %(move)s"),
        )


class ResultsRenderer:
    """The round's shared block (finish, dividends, top 3) rendered once per language, and
    the context every player's email shares."""

    def __init__(self, results: RoundResults) -> None:
        self.results = results
        self.pair = Pair("results", stamped=True)
        self.block = Pair("_results_race")
        self.blocks: dict[str, tuple[SafeString, str]] = {}
        self.shared: dict[str, dict[str, Any]] = {}
        self.fmt = fmt.Memo()  # the chunk's points and ranks, each written once
        self.said: dict[str, Words] = {}

    def shared_context(self, language: str) -> dict[str, Any]:
        """The part of the context all the round's emails share, once per language (the
        active one)."""
        if language not in self.shared:
            self.shared[language] = _shared_context(self.results)
        return self.shared[language]

    def words(self, language: str) -> Words:
        """The email's fixed words in `language` (the active one), translated once."""
        if language not in self.said:
            self.said[language] = Words.translated()
        return self.said[language]

    def race_block(self, language: str) -> tuple[SafeString, str]:
        if language not in self.blocks:
            html, text = self.block.render_content(self._block_context())
            self.blocks[language] = (mark_safe(html), text.strip())  # noqa: S308 - our template escaped it
        return self.blocks[language]

    def _block_context(self) -> dict[str, Any]:
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
        return {
            "finish": finish,
            "top": top,
            "non_runners": ", ".join(map(str, r.non_runners)),
            "disqualified": ", ".join(map(str, r.disqualified)),
            "pools": _pools_line(r.pools),
        }


def _pools_line(pools: list[str]) -> str:
    """Where the dividends were read, in the reader's language."""
    names = {
        "internet": _("PMU internet pools"),
        "shop": _("PMU shop pools (no internet pool was published)"),
        "operator": _("entered by the operator"),
    }
    return ", ".join(str(names.get(pool, pool)) for pool in pools)


def _selections(
    mine: PlayerResults,
    names: dict[int, str],
    disqualified: Sequence[int],
    written: fmt.Memo,
    said: Words,
) -> list[dict[str, Any]]:
    """The player's WIN and PLACE selections with what each scored (a disqualified horse
    is said to be one, not merely missed)."""
    return [
        {
            "label": said.win,
            "number": mine.win_runner,
            "horse": names.get(mine.win_runner, ""),
            "points": written.points(mine.win_points),
            "hit": mine.win_hit,
            "substituted": mine.win_substituted,
            "disqualified": mine.win_runner in disqualified,
        },
        {
            "label": said.place,
            "number": mine.place_runner,
            "horse": names.get(mine.place_runner, ""),
            "points": written.points(mine.place_points),
            "hit": mine.place_hit,
            "substituted": mine.place_substituted,
            "disqualified": mine.place_runner in disqualified,
        },
    ]


def _leagues(lines: Sequence[LeagueLine], memo: fmt.Memo | None = None) -> list[dict[str, Any]]:
    written = memo or fmt.Memo()
    return [
        {
            "name": line.name,
            "url": line.url,
            "rank": written.rank(line.rank),
            "members": written.count(line.members),
            "movement": fmt.movement(line.previous_rank, line.rank),
        }
        for line in lines
    ]


def _offer(offer: OfferBlock | None) -> dict[str, Any] | None:
    """The betting block: one labelled link per action, the notice and the helpline."""
    if offer is None:
        return None
    actions = []
    for link in offer.links:
        label = (
            _("Bet %(number)s. %(horse)s to win")
            if link.bet_kind == "win"
            else _("Bet %(number)s. %(horse)s to place")
        )
        actions.append(
            {"label": label % {"number": link.number, "horse": link.horse}, "url": link.url}
        )
    return {
        "partner": offer.partner,
        "actions": actions,
        "notice": offer.notice,
        "helpline": offer.helpline,
    }


def _subject(r: RoundResults, points: str, said: Words) -> str:
    """The subject, `points` as the email writes them."""
    if r.void:
        return said.void_subject % {"race": r.race.name}
    return said.subject % {"points": points, "race": r.race.name}


def _shared_context(r: RoundResults) -> dict[str, Any]:
    """What the context of every player's email of the round says, in the active language."""
    return {
        "race": r.race.as_context(),
        "void": r.void,
        "void_reason": r.void_reason,
        "players": fmt.count(r.players),
        "season": r.season.name if r.season else "",
        # Without a replay, the button is the results page's link, not a second copy of it.
        "replay_url": r.race.replay_url,
        "replay_label": _("Watch the replay"),
        "results_url": links.results_url(r.round_id),
        "results_label": _("Full results and the weekly table"),
        "thread_url": r.thread_url,
    }


def _context(
    renderer: ResultsRenderer, mine: PlayerResults, move: str, language: str
) -> dict[str, Any]:
    r = renderer.results
    written = renderer.fmt.speaking(language)
    return {
        **renderer.shared_context(language),
        "points": written.points(mine.points),
        "selections": _selections(
            mine, r.runner_names, r.disqualified, written, renderer.words(language)
        ),
        "rank": written.rank(mine.rank) if mine.rank else "",
        "movement": move,
        "movement_up": move.startswith("▲"),
        "week_rank": written.rank(mine.week_rank) if mine.week_rank and not r.void else "",
        "leagues": _leagues(mine.leagues, written),
        "offer": _offer(mine.offer),
    }


def compose_results(person: Recipient, mine: PlayerResults, renderer: ResultsRenderer) -> Outgoing:
    """`person`'s results email, in the active language."""
    r = renderer.results
    language = translation.get_language() or "en"
    words = renderer.words(language)
    move = fmt.movement(mine.previous_rank, mine.rank)
    context = _context(renderer, mine, move, language)
    preheader = ""
    if mine.rank:
        preheader = words.ranking % {"rank": context["rank"], "move": move}
    return outgoing(
        person,
        kind=Kind.RESULTS,
        topic=Topic.RESULTS,
        subject=_subject(r, context["points"], words),
        pair=renderer.pair,
        preheader=preheader,
        context=context,
        payload={"points": mine.points, "version": r.version, "void": r.void},
        split={"race_block": renderer.race_block(language)},
    )


def results_batch(*, round_id: int, player_ids: Sequence[int]) -> Batch:
    """Results of a final round for the chunk's players who have a score in it."""
    batch = Batch()
    rnd = final_round(round_id)
    if rnd is None:
        return batch
    scored = set(
        RoundScore.objects.filter(round=rnd, player_id__in=list(player_ids))
        .order_by()  # no join of the rounds table to sort a set
        .values_list("player_id", flat=True)
    )
    people = sort_out([p for p in player_ids if p in scored], Topic.RESULTS, batch)
    if not people:
        return batch
    batch.later = _composed(rnd, people, ResultsRenderer(load_round_results(rnd)))
    return batch


def _composed(rnd: Round, people: list[Recipient], renderer: ResultsRenderer) -> Iterator[Outgoing]:
    """Each person's email, in their language. Their results are loaded in two goes: those
    of the first batch the sending claims, then, once that batch is taken (and on the wire),
    the rest of the chunk's: the connection's first message waits for a batch's queries,
    not for the whole chunk's."""
    ordered = [person for group in by_language(people).values() for person in group]
    first = conf().mark_every
    mine = player_results(rnd, ordered[:first])
    for taken, person in enumerate(in_their_language(ordered)):
        if taken == first:
            mine.update(player_results(rnd, ordered[first:]))
        yield compose_results(person, mine[person.id], renderer)
