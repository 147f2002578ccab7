"""Results: a race's arrival, non-runners, final odds and dividends, previewed or stored,
and the one way a parsed result file finds its race and is imported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from backend.common.errors import ApplicationError
from backend.racing.feeds import ParsedResult
from backend.racing.models import Dividend, Race, Runner
from backend.racing.selectors import race_find, race_open_round_lock
from backend.racing.signals import official_result_stored
from importers import places_paid, unpaid_dividends

from .runs import ImportRecorder
from .summary import (
    CREATED,
    FINAL_STATUSES,
    REMOVED,
    UNCHANGED,
    UPDATED,
    Change,
    ImportSummary,
    decimal_odds,
    diff,
)

if TYPE_CHECKING:
    from importers import RaceOutcome


# A dividend as planned: (kind, saddle number, cents, pool).
_Dividend = tuple[str, int, int, str]


@dataclass
class _ResultPlan:
    summary: ImportSummary
    status: str
    runners: list[tuple[Runner, dict[str, Any]]]
    dividends: set[_Dividend]
    dividends_changed: bool

    @property
    def changed(self) -> bool:
        return self.summary.changed


# --- Checking an outcome against the card -------------------------------------------------


def _validate_outcome(race: Race, outcome: RaceOutcome, stored: Mapping[int, Runner]) -> None:
    """ApplicationError `invalid_result` naming the first thing the outcome gets wrong,
    or `result_final` for a provisional arrival after a final result."""

    def fail(message: str) -> ApplicationError:
        return ApplicationError(
            _("%(race)s (%(day)s): %(problem)s")
            % {"race": race.code, "day": race.meeting.date, "problem": message},
            code="invalid_result",
        )

    if not stored:
        raise fail(_("the race has no runners: import its card first."))
    problems = chain(
        _unknown_numbers(outcome, stored),
        _finish_problems(outcome),
        _dividend_problems(outcome),
        _unpaid_problems(outcome, stored),
    )
    first = next(problems, None)
    if first is not None:
        raise fail(first)
    if outcome.official and not outcome.refunded and not outcome.finish:
        raise fail(_("an official arrival without a finishing order."))
    if not outcome.official and race.status in FINAL_STATUSES:
        raise ApplicationError(
            _(
                "%(race)s (%(day)s) already has a final result (%(status)s); a provisional "
                "arrival cannot replace it."
            )
            % {"race": race.code, "day": race.meeting.date, "status": race.get_status_display()},
            code="result_final",
        )


def _unknown_numbers(outcome: RaceOutcome, stored: Mapping[int, Runner]) -> Iterator[str]:
    groups: list[tuple[str, Iterable[int]]] = [
        (pgettext("result file section", "runners"), outcome.runners),
        (pgettext("result file section", "arrival"), outcome.finish),
        (pgettext("result file section", "non-runners"), outcome.non_runners),
        (pgettext("result file section", "disqualified"), outcome.disqualified),
        (pgettext("result file section", "win dividends"), outcome.win_dividends),
        (pgettext("result file section", "place dividends"), outcome.place_dividends),
    ]
    for name, numbers in groups:
        unknown = sorted(set(numbers) - set(stored))
        if unknown:
            yield _("saddle number %(number)d (%(section)s) is not in the card.") % {
                "number": unknown[0],
                "section": name,
            }


def _finish_problems(outcome: RaceOutcome) -> Iterator[str]:
    non_runners = set(outcome.non_runners)
    for number, position in outcome.finish.items():
        if number in non_runners:
            yield _("%(number)d is a non-runner but has a finishing position.") % {"number": number}
        if position < 1:
            yield _("%(number)d has position %(position)d; positions start at 1.") % {
                "number": number,
                "position": position,
            }


def _dividend_problems(outcome: RaceOutcome) -> Iterator[str]:
    non_runners = set(outcome.non_runners)
    tables = (
        (pgettext("dividend", "win"), outcome.win_dividends),
        (pgettext("dividend", "place"), outcome.place_dividends),
    )
    for kind, dividends in tables:
        for number, cents in dividends.items():
            named = {"kind": kind, "number": number, "cents": cents}
            if number in non_runners:
                yield _("a %(kind)s dividend on %(number)d, a non-runner.") % named
            if number in outcome.disqualified:
                yield _("a %(kind)s dividend on %(number)d, who was disqualified.") % named
            if cents <= 0:
                yield _("the %(kind)s dividend on %(number)d is %(cents)d cents.") % named


def _unpaid_problems(outcome: RaceOutcome, stored: Mapping[int, Runner]) -> Iterator[str]:
    """Dividends the finish does not pay (`importers.unpaid_dividends`), with the places
    paid for the field as it will be stored: the card's runners less the non-runners."""
    if outcome.refunded:
        return
    listed = set(outcome.runners)
    non_runners = set(outcome.non_runners) | {
        n for n, r in stored.items() if r.is_non_runner and n not in listed
    }
    starters = len(set(stored) - non_runners)
    coupled = {n: r.coupled for n, r in stored.items() if r.coupled}
    for _number, _kind, why in unpaid_dividends(
        finish=outcome.finish,
        coupled=coupled,
        win=outcome.win_dividends,
        place=outcome.place_dividends,
        places=places_paid(starters),
        starters=starters,
    ):
        yield f"{why[0].upper()}{why[1:]}"


def _refuse_before_lock(race: Race, outcome: RaceOutcome) -> None:
    """ApplicationError `round_not_locked`: an arrival, official or provisional, for a race
    with a round still taking picks (its lock not passed by the database clock).

    Before the lock players may still change their pick: an arrival stored then would let
    them do so knowing it (the pick page shows the finish and the final odds as soon as
    they are stored, provisional ones too). Refunded and cancelled results (every pick
    scores 0) are not held back.
    """
    if _outcome_status(outcome) not in (Race.Status.OFFICIAL, Race.Status.PROVISIONAL):
        return
    lock = race_open_round_lock(race=race)
    if lock is None:
        return
    when = timezone.localtime(lock).strftime("%Y-%m-%d %H:%M %Z")
    raise ApplicationError(
        _(
            "%(race)s (%(day)s): its round is still open for picks until its lock at %(when)s "
            "(the race's post time, by the database clock); an arrival stored before then "
            "would let players change their pick knowing it. Nothing imported: wait for the "
            "lock, then import the result again (the poller fetches it by itself after the "
            "post time). No action locks a round early: if the race really started earlier, "
            "correct its post time (admin: Racing > Races, or a newer card) and the round's "
            "lock follows it."
        )
        % {"race": race.code, "day": race.meeting.date, "when": when},
        code="round_not_locked",
        status_code=409,
    )


# --- The plan -----------------------------------------------------------------------------


def _outcome_odds(outcome: RaceOutcome, odds: Mapping[int, Any] | None) -> dict[int, Any]:
    found = odds if odds is not None else getattr(outcome, "odds", None)
    return {n: v for n, v in (found or {}).items() if v is not None}


def _outcome_status(outcome: RaceOutcome) -> str:
    if outcome.refunded:
        return Race.Status.REFUNDED
    if outcome.official:
        return Race.Status.OFFICIAL
    return Race.Status.PROVISIONAL


def _result_plan(
    *, race: Race, outcome: RaceOutcome, odds: Mapping[int, Any] | None, lock: bool
) -> _ResultPlan:
    """Every change the outcome makes: the race's status, its runners, its dividends."""
    runners = race.runners.all()
    if lock:
        runners = runners.select_for_update()
    stored = {r.number: r for r in runners}
    _validate_outcome(race, outcome, stored)

    status = _outcome_status(outcome)
    summary = ImportSummary()
    race_label = f"{race.meeting.date} {race.code} {race.name}"
    race_diff = {"status": (race.status, status)} if race.status != status else {}
    summary.changes.append(
        Change("race", UPDATED if race_diff else UNCHANGED, race_label, race_diff)
    )
    final_odds = _outcome_odds(outcome, odds)
    planned: list[tuple[Runner, dict[str, Any]]] = []
    for number, runner in sorted(stored.items()):
        change = _plan_result_runner(summary, race, outcome, runner, final_odds.get(number))
        if change is not None:
            planned.append(change)
    old, new = _plan_dividends(summary, race, outcome)
    return _ResultPlan(
        summary=summary,
        status=status,
        runners=planned,
        dividends=new,
        dividends_changed=old != new,
    )


def _plan_result_runner(
    summary: ImportSummary,
    race: Race,
    outcome: RaceOutcome,
    runner: Runner,
    final_odds: Any,
) -> tuple[Runner, dict[str, Any]] | None:
    """The runner's change (position, disqualification, status, final odds), if any."""
    number = runner.number
    label = f"{race.code} #{number} {runner.name}"
    wanted: dict[str, Any] = {
        "position": outcome.finish.get(number),
        "disqualified": number in outcome.disqualified,
    }
    if number in outcome.non_runners:
        wanted["status"] = Runner.Status.NON_RUNNER
    elif number in outcome.runners:
        wanted["status"] = Runner.Status.RUNNER
    if final_odds is not None:
        wanted["odds"] = decimal_odds(final_odds, where=label)
    changed = diff(runner, wanted)
    summary.changes.append(Change("runner", UPDATED if changed else UNCHANGED, label, changed))
    if not changed:
        return None
    status_change = changed.get("status", (None, None))
    if status_change[1] == Runner.Status.NON_RUNNER:
        summary.non_runners_added.append(f"{race.code} #{number}")
    elif status_change[0] == Runner.Status.NON_RUNNER:
        summary.reinstated.append(label)
        summary.warnings.append(
            f"{label} is stored as a non-runner but the file lists it as a runner: "
            "applying reinstates it, and needs the operator's confirmation."
        )
    return runner, wanted


def dividend_pool(feed_pool: str | None) -> str:
    """The Dividend.Pool of a feed's pool name: E_SIMPLE_* internet, SIMPLE_* shop, a CSV
    column entered by an operator. An outcome built in code names none: internet."""
    if feed_pool is None or feed_pool.startswith("E_"):
        return Dividend.Pool.INTERNET.value
    if feed_pool.startswith("SIMPLE_"):
        return Dividend.Pool.SHOP.value
    return Dividend.Pool.OPERATOR.value


def _plan_dividends(
    summary: ImportSummary, race: Race, outcome: RaceOutcome
) -> tuple[set[_Dividend], set[_Dividend]]:
    """The race's dividends as stored and as the outcome has them, each (kind, number,
    cents, pool), with their changes planned."""
    old = {(d.kind, d.number, d.cents, d.pool) for d in race.dividends.all()}
    win_pool, place_pool = dividend_pool(outcome.win_pool), dividend_pool(outcome.place_pool)
    new = {(Dividend.Kind.WIN.value, n, c, win_pool) for n, c in outcome.win_dividends.items()} | {
        (Dividend.Kind.PLACE.value, n, c, place_pool) for n, c in outcome.place_dividends.items()
    }
    _note_shop_pools(summary, race, outcome)
    old_by_key = {(k, n): (c, p) for k, n, c, p in old}
    new_by_key = {(k, n): (c, p) for k, n, c, p in new}
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        label = f"{race.code} {key[0]} {key[1]}"
        before, after = old_by_key.get(key), new_by_key.get(key)
        if before is None:
            assert after is not None
            text = f"{label}: {after[0]} cents ({after[1]} pool)"
            summary.changes.append(Change("dividend", CREATED, text))
        elif after is None:
            # The new result no longer pays it (a corrected arrival): deleted on apply.
            text = f"{label}: {before[0]} cents ({before[1]} pool)"
            gone: dict[str, tuple[Any, Any]] = {
                "cents": (before[0], None),
                "pool": (before[1], None),
            }
            summary.changes.append(Change("dividend", REMOVED, text, gone))
        elif before != after:
            fields = {
                name: (was, now)
                for name, was, now in zip(("cents", "pool"), before, after, strict=True)
                if was != now
            }
            summary.changes.append(Change("dividend", UPDATED, label, fields))
        else:
            summary.changes.append(Change("dividend", UNCHANGED, label))
    return old, new


def _note_shop_pools(summary: ImportSummary, race: Race, outcome: RaceOutcome) -> None:
    for kind, pool, table in (
        ("win", outcome.win_pool, outcome.win_dividends),
        ("place", outcome.place_pool, outcome.place_dividends),
    ):
        if table and dividend_pool(pool) == Dividend.Pool.SHOP:
            summary.notes.append(
                f"{race.code}: no internet {kind} pool published, the shop pool ({pool}) "
                "is stored and recorded as such."
            )


# --- Preview and store --------------------------------------------------------------------


def result_preview(
    *, race: Race, outcome: RaceOutcome, odds: Mapping[int, Any] | None = None
) -> ImportSummary:
    """What `race_store_result` would change, without writing anything."""
    return _result_plan(race=race, outcome=outcome, odds=odds, lock=False).summary


@transaction.atomic
def result_apply(
    *,
    race: Race,
    outcome: RaceOutcome,
    odds: Mapping[int, Any] | None = None,
    confirm_reinstatement: bool = False,
    expected_state: str | None = None,
) -> ImportSummary:
    """Store a race's result (see `race_store_result`) and report what changed.

    `expected_state`: the race's `result_state` when the result was previewed; another
    result stored since is refused (409 `preview_stale`) rather than undone unseen."""
    race = Race.objects.select_for_update().select_related("meeting").get(pk=race.pk)
    if expected_state is not None and race.result_state != expected_state:
        raise ApplicationError(
            _(
                "race %(day)s %(race)s: another result was stored since this preview (it would "
                "be undone): preview the files again."
            )
            % {"day": race.meeting.date, "race": race.code},
            code="preview_stale",
            status_code=409,
        )
    plan = _result_plan(race=race, outcome=outcome, odds=odds, lock=True)
    if plan.summary.reinstated and not confirm_reinstatement:
        raise ApplicationError(
            _(
                "race %(day)s %(race)s, field 'status': runner %(runner)s is stored as a "
                "non-runner and the file lists it as a runner. Nothing imported: check the "
                "file, then confirm the reinstatement to apply it."
            )
            % {
                "day": race.meeting.date,
                "race": race.code,
                "runner": plan.summary.reinstated[0].removeprefix(race.code + " "),
            },
            code="reinstatement_unconfirmed",
            status_code=409,
        )
    if not plan.changed:
        return plan.summary
    for runner, wanted in plan.runners:
        for name, value in wanted.items():
            setattr(runner, name, value)
        runner.save(update_fields=list(wanted))
    if plan.dividends_changed:
        race.dividends.all().delete()
        Dividend.objects.bulk_create(
            Dividend(race=race, kind=kind, number=number, cents=cents, pool=pool)
            for kind, number, cents, pool in sorted(plan.dividends)
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
    *,
    race: Race,
    outcome: RaceOutcome,
    odds: Mapping[int, Any] | None = None,
    confirm_reinstatement: bool = False,
) -> bool:
    """Store a race's arrival, non-runners, disqualifications, final odds and dividends.

    Precondition: the race's runners are stored (its card was imported); every saddle number
    of the outcome must be one of them, no dividend may name a non-runner or a
    disqualified runner, and, once the finish is known, a WIN dividend goes to a runner
    placed 1st and a PLACE dividend to one within the places paid for the field (coupled
    entries and dead heats allowed) (ApplicationError `invalid_result` otherwise, nothing
    written). Rounds are not looked at here: the imports (`result_import`) refuse an
    official result while the race's round takes picks. Dead heats share a position. The
    race's WIN/PLACE dividends are replaced by the outcome's, each with the pool it came
    from (`dividend_pool`); a dividend the outcome no longer has is deleted (a `removed`
    change). A stored non-runner the outcome lists as a runner is reinstated only with
    `confirm_reinstatement` (ApplicationError `reinstatement_unconfirmed` otherwise,
    nothing written). Final odds come from `odds` (saddle number -> decimal odds) or the
    outcome's own `odds` when it has any; runners without new odds keep theirs.

    Status: refunded -> REFUNDED, official -> OFFICIAL, otherwise PROVISIONAL (positions are
    stored, nothing is signalled, and a race with a final result cannot go back to it).
    Only when something changed: `result_updated_at` is set, and for a final result
    `result_version` is bumped and `official_result_stored` sent inside the transaction.
    Returns whether anything changed.
    """
    return result_apply(
        race=race, outcome=outcome, odds=odds, confirm_reinstatement=confirm_reinstatement
    ).changed


# --- Importing a parsed result ------------------------------------------------------------


@dataclass(frozen=True)
class ResultImport:
    race: Race
    summary: ImportSummary


def result_import(
    *,
    parsed: ParsedResult,
    name: str,
    race: Race | None = None,
    ref: str | None = None,
    day: dt.date | None = None,
    preview: bool = False,
    confirm_reinstatement: bool = False,
    recorder: ImportRecorder | None = None,
    expected_state: str | None = None,
) -> ResultImport:
    """Find the race a parsed result is for, refuse one that holds another race, and
    store the result (with `preview`, only say what storing it would change).

    Every result import goes through here: the admin's upload, the `import_results`
    command and the feed's fetch. The race is `race`, else the one `ref` names (its id,
    or its code with `day`), else the one the file itself names (a CSV does);
    ApplicationError `not_found` or `invalid_race` otherwise. A file that names its race
    (a CSV; PMU participants through their silks' addresses, see `feeds.ParsedResult`)
    must name this one (`wrong_race`; `name` is the file in the message). With a
    `recorder`, its ImportRun gets the race as soon as it is found, and the summary.

    An official result is refused while a round on the race still takes picks
    (`round_not_locked`, previews too): every import of an operator or of the poller comes
    this way. The summary warns when the file lists fewer runners than the race's declared
    field, and about a stored non-runner the file would reinstate (applied only with
    `confirm_reinstatement`). Every refusal names the file; nothing is written then.
    """
    if race is None:
        race = _result_race(parsed, ref=ref, day=day)
    if recorder is not None:
        recorder.race = race
    _refuse_wrong_race(parsed, name=name, race=race)
    try:
        _refuse_before_lock(race, parsed.outcome)
        if preview:
            summary = result_preview(race=race, outcome=parsed.outcome, odds=parsed.odds)
        else:
            summary = result_apply(
                race=race,
                outcome=parsed.outcome,
                odds=parsed.odds,
                confirm_reinstatement=confirm_reinstatement,
                expected_state=expected_state,
            )
    except ApplicationError as exc:
        raise ApplicationError(
            _("file %(name)s: %(problem)s") % {"name": name, "problem": exc.message},
            code=exc.code,
            status_code=exc.status_code,
            extra=exc.extra,
        ) from exc
    _warn_short_field(summary, parsed, name=name, race=race)
    if recorder is not None:
        recorder.summary = summary
    return ResultImport(race=race, summary=summary)


def _refuse_wrong_race(parsed: ParsedResult, *, name: str, race: Race) -> None:
    """ApplicationError `wrong_race` when the file names another race than `race`: its
    meeting and race numbers, and its day when it gives one (a PMU race object does not).
    A file that names no race is taken for the race it is imported for."""
    if parsed.code is None:
        return
    if parsed.code == race.code and parsed.day in (None, race.meeting.date):
        return
    held = parsed.code if parsed.day is None else f"{parsed.day} {parsed.code}"
    raise ApplicationError(
        _("%(name)s holds %(held)s, not %(day)s %(race)s.")
        % {"name": name, "held": held, "day": race.meeting.date, "race": race.code},
        code="wrong_race",
    )


def _warn_short_field(
    summary: ImportSummary, parsed: ParsedResult, *, name: str, race: Race
) -> None:
    """A participants list shorter than the card's declared field (a trimmed file?)."""
    declared = race.declared_runners or race.runners.count()
    listed = len(parsed.outcome.runners)
    if listed < declared:
        summary.warnings.insert(
            0,
            f"file {name}, race {race.meeting.date} {race.code}: the participants list "
            f"{listed} of the {declared} declared runners; the others keep what is stored.",
        )


def _result_race(parsed: ParsedResult, *, ref: str | None, day: dt.date | None) -> Race:
    if ref:
        return race_find(ref=ref, day=day)
    if parsed.code is not None:
        return race_find(ref=parsed.code, day=parsed.day)
    raise ApplicationError(_("Name the race the result is for."), code="invalid_race")
