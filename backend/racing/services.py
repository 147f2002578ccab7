"""Writes of the racing app: cards and results from `importers`, replay links, import runs.

Every write that changes race data is one transaction. Card and result imports first build
a plan (what would change) from the parsed data and the rows as stored; the preview shows
that plan, the apply writes exactly that plan under row locks. Re-importing identical data
plans nothing and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from backend.common.errors import ApplicationError
from importers.sources import FileSource, HttpSource, Source

from .models import Dividend, ImportRun, Meeting, Race, Runner
from .signals import official_result_stored

if TYPE_CHECKING:
    from backend.accounts.models import User
    from importers import MeetingCard, RaceCard, RaceOutcome, RunnerEntry

FINAL_STATUSES = frozenset({Race.Status.OFFICIAL, Race.Status.CANCELLED, Race.Status.REFUNDED})
RunnersByRace = Mapping[tuple[int, int], "Iterable[RunnerEntry]"]

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


# --- What an import changes ---------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One row an import creates, updates or leaves alone; `fields` maps name -> (old, new)."""

    entity: str  # meeting, race, runner, dividend
    action: str  # created, updated, unchanged
    label: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def describe(self) -> str:
        if self.action != UPDATED:
            return f"{self.label}: {self.action}"
        parts = [f"{name} {_show(old)} -> {_show(new)}" for name, (old, new) in self.fields.items()]
        return f"{self.label}: " + ", ".join(parts)


@dataclass
class ImportSummary:
    """What an import did (or, for a preview, would do)."""

    changes: list[Change] = field(default_factory=list)
    non_runners_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, action: str, entity: str | None = None) -> int:
        return sum(1 for c in self.changes if c.action == action and entity in (None, c.entity))

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def changed(self) -> bool:
        return self.created + self.updated > 0

    def table(self) -> list[dict[str, Any]]:
        """Counts per entity, for the preview page and the command's report."""
        entities = dict.fromkeys(c.entity for c in self.changes)
        return [
            {
                "entity": entity,
                CREATED: self.count(CREATED, entity),
                UPDATED: self.count(UPDATED, entity),
                UNCHANGED: self.count(UNCHANGED, entity),
            }
            for entity in entities
        ]

    def describe(self) -> str:
        """A few lines for the command's output and the ImportRun's summary."""
        counts = "; ".join(
            f"{row['entity']}s: {row[CREATED]} new, {row[UPDATED]} updated, "
            f"{row[UNCHANGED]} unchanged"
            for row in self.table()
        )
        lines = [counts or "nothing to import"]
        if self.non_runners_added:
            lines.append("non-runners: " + ", ".join(self.non_runners_added))
        lines.extend(c.describe() for c in self.changes if c.action == UPDATED)
        lines.extend(self.notes)
        return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _diff(row: Any, wanted: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(row, name), value)
        for name, value in wanted.items()
        if getattr(row, name) != value
    }


def _odds(value: Any, *, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        odds = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ApplicationError(f"{where}: odds {value!r} are not a number.") from None
    if odds <= 0:
        raise ApplicationError(f"{where}: odds {value!r} must be positive.")
    return odds


# --- Cards --------------------------------------------------------------------------------


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
        raise ApplicationError(f"{where}: the post time {post_time} has no time zone.")
    return {
        "name": card.name,
        "discipline": card.discipline or "",
        "distance": card.distance,
        "post_time": post_time,
        "declared_runners": card.declared_runners,
    }


def _runner_fields(entry: RunnerEntry, *, where: str) -> dict[str, Any]:
    return {
        "name": entry.name,
        "jockey": entry.jockey or "",
        "trainer": entry.trainer or "",
        "coupled": entry.coupled or "",
        "status": Runner.Status.NON_RUNNER if entry.non_runner else Runner.Status.RUNNER,
        "odds": _odds(entry.odds, where=where),
    }


def _validate_cards(
    cards: list[MeetingCard], runners: RunnersByRace, day: dt.date | None
) -> dict[tuple[int, int], list[RunnerEntry]]:
    """Check the parsed card hangs together; return every race's runners by (R, C)."""
    if not cards:
        raise ApplicationError("The card has no meetings.", code="empty_card")
    seen_meetings: set[tuple[dt.date, int]] = set()
    entries: dict[tuple[int, int], list[RunnerEntry]] = {}
    for meeting in cards:
        if day is not None and meeting.date != day:
            raise ApplicationError(
                f"R{meeting.number} {meeting.racecourse} is on {meeting.date}, not {day}.",
                code="wrong_day",
            )
        if (meeting.date, meeting.number) in seen_meetings:
            raise ApplicationError(f"R{meeting.number} appears twice in the card.")
        seen_meetings.add((meeting.date, meeting.number))
        seen_races: set[int] = set()
        for race in meeting.races:
            code = f"R{meeting.number}C{race.number}"
            if race.number in seen_races:
                raise ApplicationError(f"{code} appears twice in the card.")
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
                    f"{code}: saddle number {doubled[0]} appears twice.", code="duplicate_runner"
                )
            entries[(meeting.number, race.number)] = race_entries
    known = {(m.number, r.number) for m in cards for r in m.races}
    unknown = sorted(set(runners) - known)
    if unknown:
        m, r = unknown[0]
        raise ApplicationError(
            f"Runners were given for R{m}C{r}, which is not in the card.", code="unknown_race"
        )
    return entries


def _card_plan(
    *,
    cards: list[MeetingCard],
    runners: RunnersByRace | None,
    day: dt.date | None,
    lock: bool,
) -> _CardPlan:
    entries = _validate_cards(cards, runners or {}, day)
    summary = ImportSummary()
    plan = _CardPlan(summary=summary, meetings=[], races=[], runners=[])

    meetings_qs = Meeting.objects.filter(date__in={m.date for m in cards})
    races_qs = Race.objects.filter(meeting__date__in={m.date for m in cards})
    runners_qs = Runner.objects.filter(race__meeting__date__in={m.date for m in cards})
    if lock:
        meetings_qs = meetings_qs.select_for_update()
        races_qs = races_qs.select_for_update()
        runners_qs = runners_qs.select_for_update()
    stored_meetings = {(m.date, m.number): m for m in meetings_qs}
    stored_races = {(r.meeting_id, r.number): r for r in races_qs}
    stored_runners: dict[int, dict[int, Runner]] = {}
    for stored_runner in runners_qs:
        stored_runners.setdefault(stored_runner.race_id, {})[stored_runner.number] = stored_runner

    for card in cards:
        label = f"{card.date} R{card.number} {card.racecourse}"
        wanted = {"racecourse": card.racecourse, "country": card.country or ""}
        meeting = stored_meetings.get((card.date, card.number))
        if meeting is None:
            meeting = Meeting(date=card.date, number=card.number, **wanted)
            summary.changes.append(Change("meeting", CREATED, label))
            plan.meetings.append((meeting, wanted))
        else:
            diff = _diff(meeting, wanted)
            summary.changes.append(Change("meeting", UPDATED if diff else UNCHANGED, label, diff))
            if diff:
                plan.meetings.append((meeting, wanted))

        for race_card in card.races:
            code = f"R{card.number}C{race_card.number}"
            race_label = f"{card.date} {code} {race_card.name}"
            wanted = _card_race_fields(race_card, where=race_label)
            cancels = _card_status_cancelled(race_card)
            race = stored_races.get((meeting.pk, race_card.number)) if meeting.pk else None
            if race is None:
                race = Race(meeting=meeting, number=race_card.number, **wanted)
                if cancels:
                    race.status = Race.Status.CANCELLED
                summary.changes.append(Change("race", CREATED, race_label))
                plan.races.append((race, wanted, cancels))
            else:
                diff = _diff(race, wanted)
                if cancels and race.status not in FINAL_STATUSES:
                    diff["status"] = (race.status, Race.Status.CANCELLED)
                elif cancels is False and race.status == Race.Status.CANCELLED:
                    summary.notes.append(
                        f"{race_label}: stays cancelled (a card cannot reinstate a race)."
                    )
                action = UPDATED if diff else UNCHANGED
                summary.changes.append(Change("race", action, race_label, diff))
                if diff:
                    plan.races.append((race, wanted, "status" in diff))

            race_entries = entries.get((card.number, race_card.number))
            if race_entries is None:
                continue
            if race.pk and race.status in FINAL_STATUSES:
                # Once a result is stored, runners belong to the result import: a late card
                # must not move odds or statuses the settlement was computed from.
                summary.notes.append(
                    f"{race_label}: has a result ({race.get_status_display()}), "
                    "its runners were left as stored."
                )
                continue
            stored = stored_runners.get(race.pk, {}) if race.pk else {}
            for entry in race_entries:
                runner_label = f"{card.date} {code} #{entry.number} {entry.name}"
                wanted_runner = _runner_fields(entry, where=runner_label)
                runner = stored.get(entry.number)
                if runner is None:
                    new_runner = Runner(race=race, number=entry.number, **wanted_runner)
                    summary.changes.append(Change("runner", CREATED, runner_label))
                    plan.runners.append((new_runner, wanted_runner))
                    if entry.non_runner and race.pk:
                        summary.non_runners_added.append(f"{code} #{entry.number}")
                    continue
                if wanted_runner["odds"] is None:
                    # A card without odds (early programme, CSV) keeps the odds we have.
                    del wanted_runner["odds"]
                diff = _diff(runner, wanted_runner)
                summary.changes.append(
                    Change("runner", UPDATED if diff else UNCHANGED, runner_label, diff)
                )
                if diff:
                    plan.runners.append((runner, wanted_runner))
                    if diff.get("status", (None, None))[1] == Runner.Status.NON_RUNNER:
                        summary.non_runners_added.append(f"{code} #{entry.number}")
            # Runners are never deleted: picks name saddle numbers. One that vanished from
            # a newer card cannot start, so it becomes a non-runner.
            listed = {e.number for e in race_entries}
            for number, runner in sorted(stored.items()):
                if number in listed or runner.is_non_runner:
                    continue
                runner_label = f"{card.date} {code} #{number} {runner.name}"
                diff = {"status": (runner.status, Runner.Status.NON_RUNNER)}
                summary.changes.append(Change("runner", UPDATED, runner_label, diff))
                summary.non_runners_added.append(f"{code} #{number} (missing from the card)")
                plan.runners.append((runner, {"status": Runner.Status.NON_RUNNER}))
    return plan


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
    for meeting, wanted in plan.meetings:
        if meeting.pk is None:
            meeting.save()
        else:
            for name, value in wanted.items():
                setattr(meeting, name, value)
            meeting.save(update_fields=list(wanted))
    now = timezone.now()
    signalled: list[Race] = []
    for race, wanted, cancels in plan.races:
        for name, value in wanted.items():
            setattr(race, name, value)
        if cancels:
            race.status = Race.Status.CANCELLED
            race.result_version += 1
            race.result_updated_at = now
            signalled.append(race)
        race.save()
    new_runners: list[Runner] = []
    for runner, wanted in plan.runners:
        if runner.pk is None:
            new_runners.append(runner)
            continue
        for name, value in wanted.items():
            setattr(runner, name, value)
        runner.save(update_fields=list(wanted))
    Runner.objects.bulk_create(new_runners)
    for race in signalled:
        official_result_stored.send(sender=Race, race=race, version=race.result_version)
    return plan.summary


# --- Results ------------------------------------------------------------------------------


@dataclass
class _ResultPlan:
    summary: ImportSummary
    status: str
    runners: list[tuple[Runner, dict[str, Any]]]
    dividends: set[tuple[str, int, int]]
    dividends_changed: bool

    @property
    def changed(self) -> bool:
        return self.summary.changed


def _validate_outcome(race: Race, outcome: RaceOutcome, stored: Mapping[int, Runner]) -> None:
    code = race.code

    def fail(message: str) -> ApplicationError:
        return ApplicationError(f"{code} ({race.meeting.date}): {message}", code="invalid_result")

    if not stored:
        raise fail("the race has no runners: import its card first.")
    groups: list[tuple[str, Iterable[int]]] = [
        ("runners", outcome.runners),
        ("arrival", outcome.finish),
        ("non-runners", outcome.non_runners),
        ("disqualified", outcome.disqualified),
        ("win dividends", outcome.win_dividends),
        ("place dividends", outcome.place_dividends),
    ]
    for name, numbers in groups:
        unknown = sorted(set(numbers) - set(stored))
        if unknown:
            raise fail(f"saddle number {unknown[0]} ({name}) is not in the card.")
    non_runners = set(outcome.non_runners)
    for number, position in outcome.finish.items():
        if number in non_runners:
            raise fail(f"{number} is a non-runner but has a finishing position.")
        if position < 1:
            raise fail(f"{number} has position {position}; positions start at 1.")
    for kind, dividends in (("win", outcome.win_dividends), ("place", outcome.place_dividends)):
        for number, cents in dividends.items():
            if number in non_runners:
                raise fail(f"a {kind} dividend on {number}, a non-runner.")
            if number in outcome.disqualified:
                raise fail(f"a {kind} dividend on {number}, who was disqualified.")
            if cents <= 0:
                raise fail(f"the {kind} dividend on {number} is {cents} cents.")
    if outcome.official and not outcome.refunded and not outcome.finish:
        raise fail("an official arrival without a finishing order.")
    if not outcome.official and race.status in FINAL_STATUSES:
        raise ApplicationError(
            f"{code} ({race.meeting.date}) already has a final result "
            f"({race.get_status_display()}); a provisional arrival cannot replace it.",
            code="result_final",
        )


def _outcome_odds(outcome: RaceOutcome, odds: Mapping[int, Any] | None) -> dict[int, Any]:
    found = odds if odds is not None else getattr(outcome, "odds", None)
    return {n: v for n, v in (found or {}).items() if v is not None}


def _result_plan(
    *, race: Race, outcome: RaceOutcome, odds: Mapping[int, Any] | None, lock: bool
) -> _ResultPlan:
    runners_qs = race.runners.all()
    if lock:
        runners_qs = runners_qs.select_for_update()
    stored = {r.number: r for r in runners_qs}
    _validate_outcome(race, outcome, stored)
    final_odds = _outcome_odds(outcome, odds)

    if outcome.refunded:
        status = Race.Status.REFUNDED
    elif outcome.official:
        status = Race.Status.OFFICIAL
    else:
        status = Race.Status.PROVISIONAL
    summary = ImportSummary()
    race_label = f"{race.meeting.date} {race.code} {race.name}"
    race_diff = {"status": (race.status, status)} if race.status != status else {}
    summary.changes.append(
        Change("race", UPDATED if race_diff else UNCHANGED, race_label, race_diff)
    )

    plan_runners = []
    for number, runner in sorted(stored.items()):
        label = f"{race.code} #{number} {runner.name}"
        wanted: dict[str, Any] = {
            "position": outcome.finish.get(number),
            "disqualified": number in outcome.disqualified,
        }
        if number in outcome.non_runners:
            wanted["status"] = Runner.Status.NON_RUNNER
        elif number in outcome.runners:
            wanted["status"] = Runner.Status.RUNNER
        if number in final_odds:
            wanted["odds"] = _odds(final_odds[number], where=label)
        diff = _diff(runner, wanted)
        summary.changes.append(Change("runner", UPDATED if diff else UNCHANGED, label, diff))
        if diff:
            plan_runners.append((runner, wanted))
            if diff.get("status", (None, None))[1] == Runner.Status.NON_RUNNER:
                summary.non_runners_added.append(f"{race.code} #{number}")

    old = {(d.kind, d.number, d.cents) for d in race.dividends.all()}
    new = {(Dividend.Kind.WIN.value, n, c) for n, c in outcome.win_dividends.items()} | {
        (Dividend.Kind.PLACE.value, n, c) for n, c in outcome.place_dividends.items()
    }
    old_by_key = {(k, n): c for k, n, c in old}
    new_by_key = {(k, n): c for k, n, c in new}
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        label = f"{race.code} {key[0]} {key[1]}"
        before, after = old_by_key.get(key), new_by_key.get(key)
        if before is None:
            summary.changes.append(Change("dividend", CREATED, f"{label}: {after} cents"))
        elif after is None:
            summary.changes.append(Change("dividend", UPDATED, label, {"cents": (before, None)}))
        elif before != after:
            summary.changes.append(Change("dividend", UPDATED, label, {"cents": (before, after)}))
        else:
            summary.changes.append(Change("dividend", UNCHANGED, label))
    return _ResultPlan(
        summary=summary,
        status=status,
        runners=plan_runners,
        dividends=new,
        dividends_changed=old != new,
    )


def result_preview(
    *, race: Race, outcome: RaceOutcome, odds: Mapping[int, Any] | None = None
) -> ImportSummary:
    """What `race_store_result` would change, without writing anything."""
    return _result_plan(race=race, outcome=outcome, odds=odds, lock=False).summary


@transaction.atomic
def result_apply(
    *, race: Race, outcome: RaceOutcome, odds: Mapping[int, Any] | None = None
) -> ImportSummary:
    """Store a race's result (see `race_store_result`) and report what changed."""
    race = Race.objects.select_for_update().select_related("meeting").get(pk=race.pk)
    plan = _result_plan(race=race, outcome=outcome, odds=odds, lock=True)
    if not plan.changed:
        return plan.summary
    for runner, wanted in plan.runners:
        for name, value in wanted.items():
            setattr(runner, name, value)
        runner.save(update_fields=list(wanted))
    if plan.dividends_changed:
        race.dividends.all().delete()
        Dividend.objects.bulk_create(
            Dividend(race=race, kind=kind, number=number, cents=cents)
            for kind, number, cents in sorted(plan.dividends)
        )
    race.status = plan.status
    race.result_updated_at = timezone.now()
    final = plan.status in FINAL_STATUSES
    if final:
        race.result_version += 1
    race.save(update_fields=["status", "result_updated_at", "result_version"])
    if final:
        official_result_stored.send(sender=Race, race=race, version=race.result_version)
    return plan.summary


def race_store_result(
    *, race: Race, outcome: RaceOutcome, odds: Mapping[int, Any] | None = None
) -> bool:
    """Store a race's arrival, non-runners, disqualifications, final odds and dividends.

    Precondition: the race's runners are stored (its card was imported); every saddle number
    of the outcome must be one of them, and no dividend may name a non-runner or a
    disqualified runner (ApplicationError otherwise, nothing written). Dead heats share a
    position. The race's WIN/PLACE dividends are replaced by the outcome's. Final odds come
    from `odds` (saddle number -> decimal odds) or the outcome's own `odds` when it has any;
    runners without new odds keep theirs.

    Status: refunded -> REFUNDED, official -> OFFICIAL, otherwise PROVISIONAL (positions are
    stored, nothing is signalled, and a race with a final result cannot go back to it).
    Only when something changed: `result_updated_at` is set, and for a final result
    `result_version` is bumped and `official_result_stored` sent inside the transaction.
    Returns whether anything changed.
    """
    return result_apply(race=race, outcome=outcome, odds=odds).changed


@transaction.atomic
def race_set_replay_url(*, race: Race, url: str) -> Race:
    """Set (or clear, with "") the link to the race's replay."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise ApplicationError(f"{url!r} is not a web address.", code="invalid_url") from None
    if race.replay_url != url:
        race.replay_url = url
        race.save(update_fields=["replay_url"])
    return race


@transaction.atomic
def race_set_featured(*, race: Race, featured: bool = True) -> Race:
    """Mark a race as featured by the game: its results are then polled after post time."""
    if race.featured != featured:
        race.featured = featured
        race.save(update_fields=["featured"])
    return race


# --- Import runs --------------------------------------------------------------------------


@dataclass
class ImportRecorder:
    """Handed to the body of `import_run_record`: set what the import did."""

    run: ImportRun
    summary: ImportSummary | None = None
    race: Race | None = None
    skip_if_unchanged: bool = False


@contextmanager
def import_run_record(
    *,
    source: str,
    kind: str,
    trigger: str,
    file_name: str = "",
    day: dt.date | None = None,
    race: Race | None = None,
    operator: User | None = None,
) -> Iterator[ImportRecorder]:
    """Log one import as an ImportRun, successful or failed.

    Precondition: called outside any transaction, with the import's own transaction inside
    the block: a failure is then recorded (status failed, the error's message) while the
    import's writes are rolled back, and the exception is re-raised for the caller.
    """
    run = ImportRun.objects.create(
        source=source,
        kind=kind,
        trigger=trigger,
        file_name=file_name[:500],
        day=day,
        race=race,
        operator=operator,
    )
    recorder = ImportRecorder(run=run)
    try:
        yield recorder
    except Exception as exc:
        run.status = ImportRun.Status.FAILED
        run.error = str(exc) or exc.__class__.__name__
        run.race = recorder.race or race
        run.finished_at = timezone.now()
        run.save()
        raise
    summary = recorder.summary
    if recorder.skip_if_unchanged and (summary is None or not summary.changed):
        run.delete()
        return
    run.status = ImportRun.Status.OK
    run.race = recorder.race or race
    run.finished_at = timezone.now()
    if summary is not None:
        run.created, run.updated, run.unchanged = (
            summary.created,
            summary.updated,
            summary.unchanged,
        )
        run.summary = summary.describe()
    run.save()


def import_run_failed(
    *,
    source: str,
    kind: str,
    trigger: str,
    error: str,
    file_name: str = "",
    day: dt.date | None = None,
    operator: User | None = None,
) -> ImportRun:
    """Log an import that failed before it could start (no such race, unreadable request)."""
    return ImportRun.objects.create(
        source=source,
        kind=kind,
        trigger=trigger,
        file_name=file_name[:500],
        day=day,
        operator=operator,
        status=ImportRun.Status.FAILED,
        error=error,
        finished_at=timezone.now(),
    )


# --- Fetching a result from the feed ------------------------------------------------------


class FetchOutcome:
    STORED = "stored"
    UNCHANGED = "unchanged"
    NOT_PUBLISHED = "not_published"


def race_fetch_result(
    *,
    race: Race,
    source: Source,
    trigger: str = ImportRun.Trigger.TASK,
    operator: User | None = None,
) -> str:
    """Fetch a race's participants and rapports-definitifs from a PMU source and store them.

    Returns a FetchOutcome value. Rapports not published yet: a provisional arrival is
    stored when the participants already show one (nothing is signalled), and the caller
    tries again later. Network and feed errors raise `importers.FeedError`, invalid results
    ApplicationError; both are recorded as a failed ImportRun. Polling (trigger task) keeps
    no ImportRun for a fetch that changed nothing. Precondition: outside any transaction.
    """
    from importers import NotPublished

    from .feeds import PMU, result_parse

    day, meeting, number = race.meeting.date, race.meeting.number, race.number
    address = f"{day} R{meeting}C{number}"
    if isinstance(source, HttpSource):
        address = source.race_url(day, meeting, number)
    elif isinstance(source, FileSource):
        address = str(source.participants_path(day, meeting, number))
    with import_run_record(
        source=ImportRun.Source.PMU,
        kind=ImportRun.Kind.RESULTS,
        trigger=trigger,
        file_name=address,
        day=day,
        race=race,
        operator=operator,
    ) as recorder:
        recorder.skip_if_unchanged = trigger == ImportRun.Trigger.TASK
        participants = source.participants(day, meeting, number)
        try:
            rapports: bytes | None = source.rapports(day, meeting, number)
        except NotPublished:
            rapports = None
        parsed = result_parse(
            source=PMU,
            participants=participants,
            participants_name=f"{address} participants",
            rapports=rapports,
            rapports_name=f"{address} rapports-definitifs",
        )
        outcome = parsed.outcome
        if not outcome.official and (not outcome.finish or race.status in FINAL_STATUSES):
            recorder.summary = ImportSummary(notes=["Rapports not published yet."])
            return FetchOutcome.NOT_PUBLISHED
        summary = result_apply(race=race, outcome=outcome, odds=parsed.odds)
        recorder.summary = summary
        if not outcome.official:
            summary.notes.append("Provisional arrival: rapports not published yet.")
            return FetchOutcome.NOT_PUBLISHED
        return FetchOutcome.STORED if summary.changed else FetchOutcome.UNCHANGED
