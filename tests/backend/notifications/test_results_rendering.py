"""The results email rendered through its stamp (rendering.Stamp: each shape of the
context rendered once, then filled) is, to the byte, the email Django's templates render
for each player on their own: in both languages, for every shape a chunk may hold (hits
and misses, substitutions, disqualified horses, ranks or none, movements, leagues,
betting links, a void round) and for values HTML has to escape."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.template import engines
from django.utils import translation

from backend.game.models import Season
from backend.notifications.compose.race import RaceInfo
from backend.notifications.compose.recipients import Recipient
from backend.notifications.compose.results import ResultsRenderer, compose_results
from backend.notifications.compose.results_data import (
    FinishRow,
    LeagueLine,
    OfferBlock,
    OfferLink,
    PlayerResults,
    RoundResults,
    TopRow,
)
from backend.notifications.rendering import Pair, Stamp
from backend.notifications.sending import Outgoing

TRICKY = 'O\'Brien & <Sons> "Turf"'


def round_results(*, void: bool = False, thread: bool = True) -> RoundResults:
    return RoundResults(
        round_id=42,
        version=2,
        race=RaceInfo(
            name="Prix d'Amérique & <Co>",
            racecourse="Vincennes",
            code="R1C4",
            distance_m=2700,
            discipline="ATTELE",
            runners=16,
            post_time=dt.datetime(2026, 3, 8, 14, 15, tzinfo=dt.UTC),
            replay_url="" if thread else "https://replay.example.com/r1c4?a=1&b=2",
        ),
        void=void,
        void_reason="the track was frozen.",
        finish=[FinishRow(1, 7, "Idao", 590, 210), FinishRow(2, 3, TRICKY, None, 340)],
        non_runners=[9],
        top=[TopRow(1, "Léa", 2140), TopRow(2, TRICKY, 1600)],
        players=12840,
        thread_url="https://paddock.example/community/rounds/42" if thread else "",
        pools=["internet"],
        disqualified=[5],
        runner_names={7: "Idao", 3: TRICKY, 5: "Out", 1: "Hooker"},
        season=Season(name_en="Cup <2026>", name_fr="Coupe d'été"),
    )


def players() -> list[PlayerResults]:
    """Players of every shape: each combination of what the template decides on."""
    offer = OfferBlock(
        partner="Bet & Co",
        links=(
            OfferLink("win", 7, "Idao", "https://bets.example.com/?r=7&k=win"),
            OfferLink("place", 3, TRICKY, "https://bets.example.com/?r=3&k=place"),
        ),
        notice="Jouer comporte des risques : <endettement>.",
        helpline="",
    )
    leagues = [
        [],
        [LeagueLine(TRICKY, "https://paddock.example/leagues/a", 1, 8, None)],
        [
            LeagueLine("Les Turfistes", "https://paddock.example/leagues/b", 3, 12, 1),
            LeagueLine("Office", "https://paddock.example/leagues/c", 4, 1234, 9),
            LeagueLine("Same", "https://paddock.example/leagues/d", 2, 2, 2),
        ],
    ]
    found = []
    shapes = itertools.product(
        [(7, True, False), (3, False, True), (5, False, False)],  # win: hit, substituted, dq
        [(3, True, False), (1, False, False)],
        [(None, None, None), (1, 4, 1), (152, 151, None), (12000, 12000, 3)],  # ranks
        leagues,
        [None, offer, OfferBlock("P", (), "", "09 74 75 13 13")],
    )
    for (win, win_hit, sub), (place, place_hit, place_sub), ranks, lines, bet in shapes:
        rank, previous, week = ranks
        found.append(
            PlayerResults(
                points=1180 * win_hit + 680 * place_hit,
                win_runner=win,
                place_runner=place,
                win_points=1180 * win_hit,
                place_points=680 * place_hit,
                win_hit=win_hit,
                place_hit=place_hit,
                win_substituted=sub,
                place_substituted=place_sub,
                rank=rank,
                previous_rank=previous,
                week_rank=week,
                leagues=lines,
                offer=bet,
            )
        )
    return found


def person(index: int, language: str) -> Recipient:
    return Recipient(
        id=index + 1,
        email=f"p{index}@example.com",
        language=language,
        time_zone="Europe/Paris",
        name=TRICKY if index % 3 == 0 else f"Player {index}",
    )


def plain(results: RoundResults) -> ResultsRenderer:
    """The renderer with Django rendering the content template for each message."""
    renderer = ResultsRenderer(results)
    renderer.pair = Pair("results")
    return renderer


def parts(message: Outgoing) -> tuple[Any, ...]:
    return (message.to, message.subject, message.text, message.html, message.headers)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("void", [False, True])
def test_the_stamped_results_email_is_the_one_django_renders(
    language: str, void: bool, settings: Any
) -> None:
    settings.SITE_URL = "https://paddock.example"
    results = round_results(void=void, thread=not void)
    stamped = ResultsRenderer(results)
    assert stamped.pair.stamp is not None
    reference = plain(results)
    mine = players()
    renders = []
    with translation.override(language):
        for _ in range(2):
            for index, player in enumerate(mine):
                expected = compose_results(person(index, language), player, reference)
                got = compose_results(person(index, language), player, stamped)
                assert parts(got) == parts(expected), index
            renders.append(len(stamped.pair.stamp.rendered))
    # Each shape rendered once (two parts): the second pass only fills stamps.
    assert 2 < renders[0] == renders[1] <= 2 * len(mine)


def test_a_stamp_tells_apart_contexts_a_template_decides_on_differently() -> None:
    template = engines["django"].from_string("{% if a %}A{{ a }}{% endif %}|{% if b %}B{% endif %}")
    stamp = Stamp(template, template)
    assert stamp.render({"a": "x", "b": ""})[0] == "Ax|"
    assert stamp.render({"a": "", "b": "y"})[0] == "|B"
    assert stamp.render({"a": "<&>", "b": ""}) == ("A&lt;&amp;&gt;|", "A<&>|")
    assert len(stamp.rendered) == 4  # two shapes, two parts


def test_a_stamp_refuses_a_value_it_cannot_stand_in_for() -> None:
    stamp = Pair("results", stamped=True).stamp
    assert stamp is not None
    with pytest.raises(TypeError):
        stamp.render({"points": dt.date(2026, 3, 8)})
