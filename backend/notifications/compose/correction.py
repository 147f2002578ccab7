"""A short correction after the official result changed: the points we emailed before,
the points now."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from backend.game.models import Round, RoundScore, Standing
from backend.notifications import formatting as fmt
from backend.notifications import links
from backend.notifications.models import Kind, Topic
from backend.notifications.rendering import Pair
from backend.notifications.selectors import emailed_points
from backend.notifications.sending import Outgoing

from .message import outgoing
from .race import RaceInfo, race_info
from .recipients import Batch, Recipient, in_their_language, sort_out
from .results_data import final_round


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
    # A round voided after its results email (by the operator, or its race refunded) is
    # not a corrected result: the email says which it is.
    if void:
        subject = _("Correction: the round on %(race)s is void") % {"race": race.name}
        preheader = _("The round was voided after our results email.")
    else:
        subject = _("Correction: your points on %(race)s are now %(points)s") % {
            "race": race.name,
            "points": fmt.points(after),
        }
        preheader = _("The official result changed after our results email.")
    return outgoing(
        person,
        kind=Kind.CORRECTION,
        topic=Topic.RESULTS,
        subject=subject,
        pair=pair,
        preheader=preheader,
        context={
            "race": race.as_context(),
            "previous_points": fmt.points(before),
            "points": fmt.points(after),
            "void": void,
            "rank": fmt.rank(rank) if rank else "",
            "results_url": links.results_url(round_id),
            "button": _("See the results") if void else _("See the corrected results"),
        },
        payload={"points": after, "version": version, "previous_points": before, "void": void},
    )


def correction_batch(*, round_id: int, player_ids: Sequence[int]) -> Batch:
    """One short email to each player whose points differ from what we last emailed them.

    Players never emailed about the round get nothing here: the results fan-out, which a
    correction runs too, sends them the full (current) results instead.
    """
    batch = Batch()
    rnd = final_round(round_id)
    if rnd is None:
        return batch
    before = emailed_points(round_id=round_id, player_ids=player_ids)
    # Unordered (here and below): a default ordering by round, season and player joins
    # their tables to sort rows that end up in a dict.
    now_points = dict(
        RoundScore.objects.filter(round=rnd, player_id__in=list(before))
        .order_by()
        .values_list("player_id", "points")
    )
    changed = [p for p in player_ids if p in before and now_points.get(p, 0) != before[p]]
    people = sort_out(changed, Topic.RESULTS, batch)
    if not people:
        return batch
    ranks = dict(
        Standing.objects.filter(season_id=rnd.season_id, player_id__in=[p.id for p in people])
        .order_by()
        .values_list("player_id", "rank")
    )
    race = race_info(rnd.race)
    pair = Pair("correction")
    for person in in_their_language(people):
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
