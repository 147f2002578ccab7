"""Cards: the meetings, races and runners of a parsed card, previewed or applied.

A plan (what would change) is built from the parsed card and the rows as stored; the
preview shows that plan, the apply writes exactly that plan under row locks, in one
transaction. Re-importing an identical card plans nothing and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.common.errors import ApplicationError
from backend.racing.models import Meeting, Race, Runner
from backend.racing.signals import official_result_stored

from .summary import (
    CREATED,
    FINAL_STATUSES,
    UNCHANGED,
    UPDATED,
    Change,
    ImportSummary,
    decimal_odds,
    diff,
)

if TYPE_CHECKING:
    from importers import MeetingCard, RaceCard, RunnerEntry

RunnersByRace = Mapping[tuple[int, int], "Iterable[RunnerEntry]"]


@dataclass
class _CardPlan:
    summary: ImportSummary
    meetings: list[tuple[Meeting, dict[str, Any]]]  # unsaved when pk is None
    races: list[tuple[Race, dict[str, Any], bool]]  # (race, fields, cancels it)
    runners: list[tuple[Runner, dict[str, Any]]]


def _card_status_cancelled(card: RaceCard) -> bool:
    """Whether the card says the race will not be run (the importers' "cancelled")."""
    return card.status == Race.Status.CANCELLED


def _card_race_fields(card: RaceCard, *, where: str) -> dict[str, Any]:
    post_time = card.post_time
    if timezone.is_naive(post_time):
        raise ApplicationError(
            _("%(where)s: the post time %(time)s has no time zone.")
            % {"where": where, "time": post_time}
        )
    return {
        "name": card.name,
        "discipline": card.discipline or "",
        "distance": card.distance,
        "post_time": post_time,
        "declared_runners": card.declared_runners,
    }


def _runner_fields(entry: RunnerEntry, *, where: str) -> dict[str, Any]:
    # A card that gives no silks (a CSV card) leaves the ones stored as they are.
    silks = {"silks_url": entry.silks_url} if entry.silks_url is not None else {}
    return {
        "name": entry.name,
        "jockey": entry.jockey or "",
        "trainer": entry.trainer or "",
        "coupled": entry.coupled or "",
        "status": Runner.Status.NON_RUNNER if entry.non_runner else Runner.Status.RUNNER,
        "odds": decimal_odds(entry.odds, where=where),
        **silks,
    }


def _validate_cards(
    cards: list[MeetingCard], runners: RunnersByRace, day: dt.date | None
) -> dict[tuple[int, int], list[RunnerEntry]]:
    """Check the parsed card hangs together; return every race's runners by (R, C)."""
    if not cards:
        raise ApplicationError(_("The card has no meetings."), code="empty_card")
    seen_meetings: set[tuple[dt.date, int]] = set()
    entries: dict[tuple[int, int], list[RunnerEntry]] = {}
    for meeting in cards:
        if day is not None and meeting.date != day:
            raise ApplicationError(
                _("R%(number)d %(racecourse)s is on %(date)s, not %(day)s.")
                % {
                    "number": meeting.number,
                    "racecourse": meeting.racecourse,
                    "date": meeting.date,
                    "day": day,
                },
                code="wrong_day",
            )
        if (meeting.date, meeting.number) in seen_meetings:
            raise ApplicationError(
                _("R%(number)d appears twice in the card.") % {"number": meeting.number}
            )
        seen_meetings.add((meeting.date, meeting.number))
        seen_races: set[int] = set()
        for race in meeting.races:
            code = f"R{meeting.number}C{race.number}"
            if race.number in seen_races:
                raise ApplicationError(_("%(race)s appears twice in the card.") % {"race": code})
            seen_races.add(race.number)
            # A PMU programme has no runners (they come from each race's participants); a
            # CSV card carries them. No runners at all leaves the stored ones as they are.
            race_entries = list(runners.get((meeting.number, race.number)) or race.runners)
            if not race_entries:
                continue
            numbers = [e.number for e in race_entries]
            doubled = sorted({n for n in numbers if numbers.count(n) > 1})
            if doubled:
                raise ApplicationError(
                    _("%(race)s: saddle number %(number)d appears twice.")
                    % {"race": code, "number": doubled[0]},
                    code="duplicate_runner",
                )
            entries[(meeting.number, race.number)] = race_entries
    known = {(m.number, r.number) for m in cards for r in m.races}
    unknown = sorted(set(runners) - known)
    if unknown:
        m, r = unknown[0]
        raise ApplicationError(
            _("Runners were given for %(race)s, which is not in the card.") % {"race": f"R{m}C{r}"},
            code="unknown_race",
        )
    return entries


@dataclass
class _StoredCard:
    """The rows a card's days hold, as stored (locked when the plan is to be applied)."""

    meetings: dict[tuple[dt.date, int], Meeting]
    races: dict[tuple[int, int], Race]
    runners: dict[int, dict[int, Runner]]  # race id -> saddle number -> runner


def _stored_card(cards: list[MeetingCard], *, lock: bool) -> _StoredCard:
    days = {m.date for m in cards}
    meetings = Meeting.objects.filter(date__in=days)
    races = Race.objects.filter(meeting__date__in=days)
    runners = Runner.objects.filter(race__meeting__date__in=days)
    if lock:
        meetings = meetings.select_for_update()
        races = races.select_for_update()
        runners = runners.select_for_update()
    stored = _StoredCard(
        meetings={(m.date, m.number): m for m in meetings},
        races={(r.meeting_id, r.number): r for r in races},
        runners={},
    )
    for runner in runners:
        stored.runners.setdefault(runner.race_id, {})[runner.number] = runner
    return stored


def _card_plan(
    *,
    cards: list[MeetingCard],
    runners: RunnersByRace | None,
    day: dt.date | None,
    lock: bool,
) -> _CardPlan:
    """Every change the card makes, meeting by meeting, race by race, runner by runner."""
    entries = _validate_cards(cards, runners or {}, day)
    stored = _stored_card(cards, lock=lock)
    plan = _CardPlan(summary=ImportSummary(), meetings=[], races=[], runners=[])
    for card in cards:
        meeting = _plan_meeting(plan, card, stored)
        for race_card in card.races:
            race = _plan_race(plan, card, race_card, meeting, stored)
            race_entries = entries.get((card.number, race_card.number))
            if race_entries is not None:
                _plan_runners(plan, card, race_card, race, entries=race_entries, stored=stored)
    return plan


def _plan_meeting(plan: _CardPlan, card: MeetingCard, stored: _StoredCard) -> Meeting:
    """The meeting of `card`, new (unsaved) or stored, with its change planned."""
    label = f"{card.date} R{card.number} {card.racecourse}"
    wanted = {"racecourse": card.racecourse, "country": card.country or ""}
    meeting = stored.meetings.get((card.date, card.number))
    if meeting is None:
        meeting = Meeting(date=card.date, number=card.number, **wanted)
        plan.summary.changes.append(Change("meeting", CREATED, label))
        plan.meetings.append((meeting, wanted))
        return meeting
    changed = diff(meeting, wanted)
    plan.summary.changes.append(
        Change("meeting", UPDATED if changed else UNCHANGED, label, changed)
    )
    if changed:
        plan.meetings.append((meeting, wanted))
    return meeting


def _plan_race(
    plan: _CardPlan, card: MeetingCard, race_card: RaceCard, meeting: Meeting, stored: _StoredCard
) -> Race:
    """The race of `race_card`, new (unsaved) or stored, with its change planned.

    A card may cancel a race that has no final result yet, never reinstate one.
    """
    label = f"{card.date} R{card.number}C{race_card.number} {race_card.name}"
    wanted = _card_race_fields(race_card, where=label)
    cancels = _card_status_cancelled(race_card)
    race = stored.races.get((meeting.pk, race_card.number)) if meeting.pk else None
    if race is None:
        race = Race(meeting=meeting, number=race_card.number, **wanted)
        if cancels:
            race.status = Race.Status.CANCELLED
        plan.summary.changes.append(Change("race", CREATED, label))
        plan.races.append((race, wanted, cancels))
        return race
    changed = diff(race, wanted)
    if cancels and race.status not in FINAL_STATUSES:
        changed["status"] = (race.status, Race.Status.CANCELLED)
    elif cancels is False and race.status == Race.Status.CANCELLED:
        plan.summary.notes.append(f"{label}: stays cancelled (a card cannot reinstate a race).")
    plan.summary.changes.append(Change("race", UPDATED if changed else UNCHANGED, label, changed))
    if changed:
        plan.races.append((race, wanted, "status" in changed))
    return race


def _plan_runners(
    plan: _CardPlan,
    card: MeetingCard,
    race_card: RaceCard,
    race: Race,
    *,
    entries: list[RunnerEntry],
    stored: _StoredCard,
) -> None:
    """The changes of the race's runners: the card's entries, then the stored runners
    the card no longer lists."""
    code = f"R{card.number}C{race_card.number}"
    if race.pk and (race.status in FINAL_STATUSES or race.status == Race.Status.PROVISIONAL):
        # Once a result is stored, provisional or official, runners belong to the result
        # import: a late card must not move the odds or statuses the settlement reads.
        plan.summary.notes.append(
            f"{card.date} {code} {race_card.name}: has a result "
            f"({race.get_status_display()}), its runners were left as stored."
        )
        return
    runners = stored.runners.get(race.pk, {}) if race.pk else {}
    where = f"{card.date} {code}"
    for entry in entries:
        _plan_runner(plan, entry, race, runners.get(entry.number), where=where, code=code)
    _plan_vanished_runners(plan, entries, runners, where=where, code=code)


def _plan_runner(
    plan: _CardPlan,
    entry: RunnerEntry,
    race: Race,
    runner: Runner | None,
    *,
    where: str,
    code: str,
) -> None:
    label = f"{where} #{entry.number} {entry.name}"
    wanted = _runner_fields(entry, where=label)
    if runner is None:
        plan.summary.changes.append(Change("runner", CREATED, label))
        plan.runners.append((Runner(race=race, number=entry.number, **wanted), wanted))
        if entry.non_runner and race.pk:
            plan.summary.non_runners_added.append(f"{code} #{entry.number}")
        return
    if wanted["odds"] is None:
        # A card without odds (early programme, CSV) keeps the odds we have.
        del wanted["odds"]
    changed = diff(runner, wanted)
    plan.summary.changes.append(Change("runner", UPDATED if changed else UNCHANGED, label, changed))
    if changed:
        plan.runners.append((runner, wanted))
        if changed.get("status", (None, None))[1] == Runner.Status.NON_RUNNER:
            plan.summary.non_runners_added.append(f"{code} #{entry.number}")


def _plan_vanished_runners(
    plan: _CardPlan,
    entries: list[RunnerEntry],
    runners: Mapping[int, Runner],
    *,
    where: str,
    code: str,
) -> None:
    """Runners are never deleted: picks name saddle numbers. One that vanished from a
    newer card cannot start, so it becomes a non-runner."""
    listed = {e.number for e in entries}
    for number, runner in sorted(runners.items()):
        if number in listed or runner.is_non_runner:
            continue
        label = f"{where} #{number} {runner.name}"
        changed = {"status": (runner.status, Runner.Status.NON_RUNNER)}
        plan.summary.changes.append(Change("runner", UPDATED, label, changed))
        plan.summary.non_runners_added.append(f"{code} #{number} (missing from the card)")
        plan.runners.append((runner, {"status": Runner.Status.NON_RUNNER}))


def card_preview(
    *,
    cards: list[MeetingCard],
    runners: RunnersByRace | None = None,
    day: dt.date | None = None,
) -> ImportSummary:
    """What `card_apply` would change, without writing anything."""
    return _card_plan(cards=cards, runners=runners, day=day, lock=False).summary


@transaction.atomic
def card_apply(
    *,
    cards: list[MeetingCard],
    runners: RunnersByRace | None = None,
    day: dt.date | None = None,
) -> ImportSummary:
    """Upsert the meetings, races and runners of a parsed card, in one transaction.

    `runners` maps (meeting number, race number) to that race's entries (PMU participants);
    a race missing from it uses its card's own `runners` when the parser filled them, and
    keeps its stored runners otherwise. When `day` is given every meeting must be on it.
    Idempotent: the same card again changes nothing and reports no change. Races and
    runners are never deleted; a card may cancel a race (which counts as its final result
    and is signalled like one) but never reinstates one, and leaves the runners of a race
    with a stored result alone.
    """
    plan = _card_plan(cards=cards, runners=runners, day=day, lock=True)
    _write_meetings(plan)
    cancelled = _write_races(plan)
    _write_runners(plan)
    for race in cancelled:
        official_result_stored.send(sender=Race, race=race, version=race.result_version)
    return plan.summary


def _write_meetings(plan: _CardPlan) -> None:
    for meeting, wanted in plan.meetings:
        if meeting.pk is None:
            meeting.save()
            continue
        for name, value in wanted.items():
            setattr(meeting, name, value)
        meeting.save(update_fields=list(wanted))


def _write_races(plan: _CardPlan) -> list[Race]:
    """Save the planned races; returns those the card cancelled (a final result)."""
    now = timezone.now()
    cancelled: list[Race] = []
    for race, wanted, cancels in plan.races:
        for name, value in wanted.items():
            setattr(race, name, value)
        if cancels:
            race.status = Race.Status.CANCELLED
            race.result_version += 1
            race.result_updated_at = now
            cancelled.append(race)
        race.save()
    return cancelled


def _write_runners(plan: _CardPlan) -> None:
    new_runners: list[Runner] = []
    for runner, wanted in plan.runners:
        if runner.pk is None:
            new_runners.append(runner)
            continue
        for name, value in wanted.items():
            setattr(runner, name, value)
        runner.save(update_fields=list(wanted))
    Runner.objects.bulk_create(new_runners)
