"""The delivery machinery: claim one row per recipient, send over one SMTP connection, mark.

    pending_recipients -> (render) -> record_skips / claim_and_send

`claim` inserts an EmailDelivery row per message (status `sending`, stamped with a nonce of
this attempt) with ON CONFLICT DO NOTHING in its own transaction, and keeps only the
messages whose row carries its nonce: whoever else triggered the same email (a double
trigger, a re-settlement, the next beat run) finds the row taken and sends nothing.
`claim_and_send` opens one connection and goes through the messages in batches of
MARK_EVERY: it claims a batch, sends its messages one by one (so it knows exactly which ones
the server accepted), marks them `sent` (a refused one `failed`), then claims the next. On a
temporary error (4xx, connection lost) it marks the rest `retrying` and raises
TemporarySendError for the task to retry with backoff; a retry re-claims `retrying` rows
only. A row left `sending` (the worker died between the claim of its batch and the mark) is
never sent again: at most once, see docs/reliability.md. Claiming batch by batch keeps that
window to one batch: the messages a killed worker had not reached have no row, and the
redelivered task sends them.

The SMTP exchange of a batch runs on a thread of its own, which touches no database, while
this thread composes the next batch (results emails are composed as they are taken) and
writes its bytes; the next batch is claimed only once the one before is marked. Messages
from DEFAULT_FROM_EMAIL to a plain address go out through `transmit.sendmail`: the
commands, options and errors of smtplib's sendmail, without re-parsing both addresses and
re-scanning each message.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.mail import get_connection
from django.db import connections, models, router, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import EmailDelivery
from .transmit import Send, transmitter

logger = logging.getLogger(__name__)

Status = EmailDelivery.Status


class TemporarySendError(Exception):
    """The mail server said "later" (4xx) or could not be reached: retry the task."""


@dataclass(slots=True)
class Outgoing:
    """One rendered email for one recipient: a player, or an address without an account."""

    to: str
    subject: str
    text: str
    html: str
    language: str
    player_id: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Report:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0

    def add(self, other: Report) -> Report:
        for name in ("claimed", "sent", "failed", "retrying", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def as_dict(self) -> dict[str, int]:
        return {
            "claimed": self.claimed,
            "sent": self.sent,
            "failed": self.failed,
            "retrying": self.retrying,
            "skipped": self.skipped,
        }


def pending_recipients(*, kind: str, key: str, player_ids: Sequence[int]) -> list[int]:
    """Of `player_ids` (order kept), those this email still has to go to: no row yet for
    (kind, key), or a row waiting for a retry. One query on the unique index."""
    unique = list(dict.fromkeys(player_ids))
    taken = set(
        EmailDelivery.objects.filter(kind=kind, key=key, player_id__in=unique)
        .exclude(status=Status.RETRYING)
        .values_list("player_id", flat=True)
    )
    return [p for p in unique if p not in taken]


def record_skips(*, kind: str, key: str, round_id: int | None, skips: dict[int, str]) -> int:
    """Log players deliberately not emailed (opted out, unverified…), for the operator's
    counts; the row also keeps the next fan-out from looking at them again."""
    if not skips:
        return 0
    rows = [
        EmailDelivery(
            player_id=player_id,
            kind=kind,
            key=key,
            round_id=round_id,
            status=Status.SKIPPED,
            attempts=0,
            detail=reason,
        )
        for player_id, reason in skips.items()
    ]
    with transaction.atomic():
        EmailDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def _recipient_key(message: Outgoing) -> tuple[int | None, str]:
    return (message.player_id, message.to if message.player_id is None else "")


def _recipient_filter(messages: Sequence[Outgoing]) -> Q:
    players = [m.player_id for m in messages if m.player_id is not None]
    addresses = [m.to for m in messages if m.player_id is None]
    condition = Q(pk__in=[])
    if players:
        condition |= Q(player_id__in=players)
    if addresses:
        condition |= Q(player__isnull=True, to_email__in=addresses)
    return condition


def claim(
    *, kind: str, key: str, round_id: int | None, owner: str, messages: Sequence[Outgoing]
) -> list[tuple[int, Outgoing]]:
    """Take the delivery rows of `messages`; return (row id, message) for those now ours.

    New rows go in with one INSERT … ON CONFLICT DO NOTHING RETURNING: the rows it returns
    are the ones it inserted, hence ours, and a row someone else holds returns nothing.
    Only when some recipient already had a row are rows waiting for a retry taken over, by
    one UPDATE. Each statement commits on its own, before anything is sent.
    """
    # One message per recipient, whatever the caller passed: a row is claimed once.
    messages = list({_recipient_key(m): m for m in messages}.values())
    if not messages:
        return []
    nonce = uuid.uuid4().hex
    mine = _insert_claims(
        kind=kind, key=key, round_id=round_id, owner=owner[:64], nonce=nonce, messages=messages
    )
    others = [m for m in messages if _recipient_key(m) not in mine]
    retaken = 0
    if others:  # a recipient with a row already: it may be waiting for a retry
        recipients = _recipient_filter(others)
        retaken = EmailDelivery.objects.filter(
            recipients, kind=kind, key=key, status=Status.RETRYING
        ).update(
            status=Status.SENDING,
            claim=nonce,
            owner=owner[:64],
            attempts=F("attempts") + 1,
            updated_at=timezone.now(),
        )
        if retaken:
            for row_id, player_id, to_email in EmailDelivery.objects.filter(
                recipients, kind=kind, key=key, claim=nonce, status=Status.SENDING
            ).values_list("pk", "player_id", "to_email"):
                mine[(player_id, to_email if player_id is None else "")] = row_id
    claimed = []
    for m in messages:
        pk = mine.get(_recipient_key(m))
        if pk is not None:
            claimed.append((pk, m))
    if retaken:
        # A retry re-renders: what it emails now is what a later correction compares to.
        for pk, m in claimed:
            EmailDelivery.objects.filter(pk=pk, attempts__gt=1).update(payload=m.payload)
    return claimed


# The columns a claim writes, in the INSERT's order; the others keep their defaults.
_CLAIM_FIELDS = (
    "player",
    "to_email",
    "kind",
    "key",
    "round",
    "status",
    "owner",
    "claim",
    "attempts",
    "language",
    "detail",
    "payload",
    "created_at",
    "updated_at",
)


def _field(name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", EmailDelivery._meta.get_field(name))


@dataclass(frozen=True)
class _ClaimInsert:
    """The parts of the claims' INSERT that do not depend on the rows: the statement's
    head and RETURNING, and the values every row shares, prepared by their fields."""

    head: str
    returning: str
    shared: tuple[Any, ...]
    tail: tuple[Any, ...]
    stamps: tuple[Any, ...]


def _claim_insert(
    connection: Any, *, kind: str, key: str, round_id: int | None, owner: str, nonce: str
) -> _ClaimInsert:
    quote = connection.ops.quote_name

    def prepared(name: str, value: Any) -> Any:
        return _field(name).get_db_prep_save(value, connection)

    now = timezone.now()
    columns = ", ".join(quote(str(_field(name).column)) for name in _CLAIM_FIELDS)
    returned = ", ".join(quote(str(_field(name).column)) for name in ("id", "player", "to_email"))
    return _ClaimInsert(
        head=f"INSERT INTO {quote(EmailDelivery._meta.db_table)} ({columns}) ",
        returning=f" ON CONFLICT DO NOTHING RETURNING {returned}",
        shared=(
            prepared("kind", kind),
            prepared("key", key),
            prepared("round", round_id),
            prepared("status", Status.SENDING),
            prepared("owner", owner),
            prepared("claim", nonce),
            prepared("attempts", 1),
        ),
        tail=(prepared("detail", ""),),
        stamps=(prepared("created_at", now), prepared("updated_at", now)),
    )


def _insert_claims(
    *,
    kind: str,
    key: str,
    round_id: int | None,
    owner: str,
    nonce: str,
    messages: Sequence[Outgoing],
) -> dict[tuple[int | None, str], int]:
    """INSERT a `sending` row per message unless its recipient has one (either unique
    constraint), in one statement; returns recipient key -> id of the rows it inserted.

    What bulk_create(ignore_conflicts=True) wrote, values prepared by the fields
    themselves, without a model instance per row, and the ids come back with it."""
    connection = connections[router.db_for_write(EmailDelivery)]
    insert = _claim_insert(
        connection, kind=kind, key=key, round_id=round_id, owner=owner, nonce=nonce
    )
    if connection.vendor == "postgresql":
        inserted = _insert_claims_unnest(connection, insert, messages)
    else:
        inserted = _insert_claims_values(connection, insert, messages)
    return {
        (player_id, to_email if player_id is None else ""): pk
        for pk, player_id, to_email in inserted
    }


def _insert_claims_unnest(
    connection: Any, insert: _ClaimInsert, messages: Sequence[Outgoing]
) -> list[tuple[int, int | None, str]]:
    """PostgreSQL: the rows as four arrays, a statement of the same few parameters whatever
    the batch's size (psycopg parses a long statement's text each time it is run)."""
    player, language, payload = _field("player"), _field("language"), _field("payload")
    shared_marks = ", ".join(["%s"] * len(insert.shared))
    # Names from the model's meta, values as parameters.
    sql = (
        f"{insert.head}SELECT u.p, u.e, {shared_marks}, u.l, %s, u.j::jsonb, %s, %s "  # noqa: S608
        f"FROM unnest(%s::{player.db_type(connection)}[], %s::text[], %s::text[], "
        f"%s::text[]) AS u(p, e, l, j){insert.returning}"
    )
    encoder = cast("models.JSONField[Any]", payload).encoder
    params = [
        *insert.shared,
        *insert.tail,
        *insert.stamps,
        [m.player_id for m in messages],
        [m.to for m in messages],
        [language.get_db_prep_save(m.language, connection) for m in messages],
        [json.dumps(m.payload, cls=encoder) for m in messages],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _insert_claims_values(
    connection: Any, insert: _ClaimInsert, messages: Sequence[Outgoing]
) -> list[tuple[int, int | None, str]]:
    """Other databases: a VALUES row per message, as many a statement as it takes."""
    player, language, payload = _field("player"), _field("language"), _field("payload")
    rows: list[tuple[Any, ...]] = [
        (
            player.get_db_prep_save(m.player_id, connection),
            m.to,
            *insert.shared,
            language.get_db_prep_save(m.language, connection),
            *insert.tail,
            payload.get_db_prep_save(m.payload, connection),
            *insert.stamps,
        )
        for m in messages
    ]
    fields = [_field(name) for name in _CLAIM_FIELDS]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # As many rows a statement as the database takes parameters (SQLite has a limit).
    step = max(1, connection.ops.bulk_batch_size(fields, rows))
    inserted: list[tuple[int, int | None, str]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            cursor.execute(
                f"{insert.head}VALUES {', '.join([row] * len(part))}{insert.returning}",
                [value for one in part for value in one],
            )
            inserted.extend(cursor.fetchall())
    return inserted


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def is_temporary(exc: BaseException) -> bool:
    """4xx replies and connection trouble are worth retrying; 5xx and bad data are not."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    # SMTPServerDisconnected and the other SMTPExceptions are OSErrors too.
    return isinstance(exc, OSError)


def mark(ids: Iterable[int], status: str, detail: str = "") -> None:
    """Set the delivery rows' status (and when sent, the time)."""
    _mark(ids, status, detail)


def _mark(ids: Iterable[int], status: str, detail: str = "") -> None:
    ids = list(ids)
    if not ids:
        return
    now = timezone.now()
    values: dict[str, Any] = {"status": status, "updated_at": now, "detail": detail}
    if status == Status.SENT:
        values["sent_at"] = now
    # One UPDATE: it commits on its own, no BEGIN and COMMIT around it.
    EmailDelivery.objects.filter(pk__in=ids).update(**values)


Claimed = list[tuple[int, Outgoing]]


@dataclass
class _Pending:
    """A batch's messages, composed, and how to claim them (committed) when it is reached."""

    messages: list[Outgoing]
    claim: Callable[[], Claimed]


def send(claimed: Sequence[tuple[int, Outgoing]], *, final: bool, mark_every: int = 50) -> Report:
    """Send messages claimed beforehand over one connection (see the module's docstring).

    Raises TemporarySendError after a temporary failure unless `final` (the task's last
    try), in which case the rest is marked `failed` with the error.
    """
    rows = list(claimed)
    step = max(1, mark_every)
    groups = (rows[i : i + step] for i in range(0, len(rows), step))
    return _send(
        (_Pending([m for _, m in group], functools.partial(list, group)) for group in groups),
        final=final,
    )


def claim_and_send(
    *,
    kind: str,
    key: str,
    round_id: int | None,
    owner: str,
    messages: Iterable[Outgoing],
    final: bool,
    mark_every: int = 50,
) -> Report:
    """Claim and send `messages` `mark_every` at a time over one connection.

    Each batch is claimed (committed) just before it is sent and marked right after, so a
    worker killed mid-chunk leaves at most one batch `sending`; the messages it had not
    reached have no row yet, and the redelivered task sends them. `messages` may be composed
    as they are taken: the next batch is composed while the one before it is on the wire.
    """
    step = max(1, mark_every)
    unique = _first_per_recipient(messages)

    def batches() -> Iterator[_Pending]:
        while group := list(itertools.islice(unique, step)):
            yield _Pending(
                group,
                functools.partial(
                    claim, kind=kind, key=key, round_id=round_id, owner=owner, messages=group
                ),
            )

    return _send(batches(), final=final)


def _first_per_recipient(messages: Iterable[Outgoing]) -> Iterator[Outgoing]:
    """One message per recipient: a row is claimed once, whatever the caller passed."""
    seen: set[tuple[int | None, str]] = set()
    for message in messages:
        key = _recipient_key(message)
        if key not in seen:
            seen.add(key)
            yield message


@dataclass
class _Flight:
    """What the sending thread did with one batch."""

    sent: list[int] = field(default_factory=list)
    refused: list[tuple[int, BaseException]] = field(default_factory=list)
    unsent: list[int] = field(default_factory=list)  # from the temporary error on
    error: BaseException | None = None  # the temporary error that stopped the batch


def _fly(batch: list[tuple[int, Send]]) -> _Flight:
    """Send a batch's messages one by one (on the sending thread: no database here)."""
    flight = _Flight()
    for index, (pk, go) in enumerate(batch):
        try:
            go()
        except Exception as exc:  # noqa: BLE001 - logged and marked when the batch lands
            if is_temporary(exc):
                flight.unsent = [row for row, _ in batch[index:]]
                flight.error = exc
                return flight
            flight.refused.append((pk, exc))
            continue
        flight.sent.append(pk)
    return flight


def _land(flight: _Flight, report: Report) -> None:
    """Mark what a batch's flight sent and what the server refused for good."""
    for pk, exc in flight.refused:
        logger.warning("email %s refused: %s", pk, exc)
        _mark([pk], Status.FAILED, _describe(exc))
    report.failed += len(flight.refused)
    _mark(flight.sent, Status.SENT)
    report.sent += len(flight.sent)


def _send(batches: Iterator[_Pending], *, final: bool) -> Report:
    """Send batch after batch over one connection, each claimed when it is reached,
    marking each batch's accepted rows `sent` once the batch is through.

    The SMTP exchange runs on a thread of its own, which touches no database: while a batch
    is on the wire, this thread takes the next one from `batches` (composing its messages
    when they are composed as they are taken) and makes its bytes ready, and claims it once
    the batch before is marked, so one batch at most is claimed and not marked.
    """
    report = Report()
    later = Status.FAILED if final else Status.RETRYING
    first = next((b for b in (pending.claim() for pending in batches) if b), None)
    if first is None:
        return report
    report.claimed += len(first)

    def stop(unsent: list[int], exc: BaseException) -> None:
        """A temporary error: mark the unsent rows, and those not reached yet, `later`."""
        _mark(unsent, later, _describe(exc))
        reached = [pk for rest in batches for pk, _ in rest.claim()]
        _mark(reached, later, _describe(exc))
        report.claimed += len(reached)
        setattr(report, "failed" if final else "retrying", len(unsent) + len(reached))
        if final:
            logger.error("email: giving up on %s messages: %s", len(unsent) + len(reached), exc)

    connection = get_connection(fail_silently=False)
    ready = transmitter(connection)
    try:
        connection.open()
    except OSError as exc:  # smtplib errors are OSErrors: nothing was sent
        stop([pk for pk, _ in first], exc)
        if final:
            return report
        raise TemporarySendError(_describe(exc)) from exc
    wire = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smtp")
    in_flight: Future[_Flight] | None = wire.submit(_fly, [(pk, ready(m)) for pk, m in first])
    try:
        while in_flight is not None:
            upcoming = next(batches, None)  # composed while the batch before is on the wire
            sends = {id(m): ready(m) for m in upcoming.messages} if upcoming else {}
            flight = in_flight.result()
            in_flight = None
            _land(flight, report)
            if flight.error is not None:
                stop(flight.unsent, flight.error)
                if final:
                    return report
                raise TemporarySendError(_describe(flight.error)) from flight.error
            if upcoming is not None:
                claimed = upcoming.claim()
                report.claimed += len(claimed)
                in_flight = wire.submit(_fly, [(pk, sends[id(m)]) for pk, m in claimed])
    finally:
        if in_flight is not None:  # this thread failed with a batch on the wire
            _land_anyway(in_flight, report)
        wire.shutdown()
        _close(connection)
    return report


def _close(connection: Any) -> None:
    try:
        connection.close()
    except OSError:  # the server went away: the messages it accepted are accepted
        logger.debug("email: closing the connection failed", exc_info=True)


def _land_anyway(in_flight: Future[_Flight], report: Report) -> None:
    """Wait for the batch on the wire and mark what it sent, if the database still answers:
    a row left `sending` is never sent again."""
    try:
        _land(in_flight.result(), report)
    except Exception:
        logger.exception("email: marking the last batch after a failure failed")
