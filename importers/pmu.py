"""Parsers for PMU turfinfo JSON: programme, participants, rapports-definitifs.

Every function takes the raw bytes of one document and raises FeedError (never anything
else) when they do not hold what is promised. The traps of the feed, and what we do:

- Amounts are euro-cents per 1 €: ``dividendePourUnEuro: 590`` is 5.90 €. We read that
  field, not ``dividende``, which is per base stake for some pools (2sur4, multi, quinté).
- Win and place come as SIMPLE_GAGNANT / SIMPLE_PLACE (shop pools) and E_SIMPLE_GAGNANT /
  E_SIMPLE_PLACE (internet pools). When both are published we take the E_ pool: it is the
  one PMU's site shows, and the one ``specialisation=INTERNET`` returns. Other bet kinds
  (couplé, trio, 2sur4, multi, quinté, Big5…) are ignored.
- ``ordreArrivee`` on a race is a list of groups: [[4, 11], [2]] is a dead heat for first,
  then 2 in third (competition positions). On a participant it is a plain integer.
- Non-runners: ``statut: "NON_PARTANT"`` or ``incident: "NON_PARTANT"`` on the participant,
  a NON_PARTANT incident on the race. Disqualified: an incident whose type starts with
  DISQUALIFIE, or DISTANCE ("distancé", the stewards' disqualification); they get no
  position. Fell, pulled up, ran out (TOMBE, ARRETE, DEROBE) simply have no position.
- ``heureDepart`` is epoch milliseconds, ``timezoneOffset`` milliseconds east of UTC: post
  times are aware datetimes in that offset, and a meeting's date is its ``dateReunion`` in
  its own offset (a trimmed programme may lack the programme-level offset).
- Official: a race status is "official" when ``arriveeDefinitive`` says so or the status is
  ARRIVEE_DEFINITIVE…; ARRIVEE_PROVISOIRE… is provisional. An outcome is official when the
  rapports-definitifs hold a win dividend, or say the race was refunded (``rembourse``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlsplit

from importers import model
from importers._common import (
    MAX_CENTS,
    MAX_SMALL,
    Where,
    as_dict,
    as_list,
    build_outcome,
    competition_positions,
    from_epoch_ms,
    int_value,
    load_json,
    odds_value,
    offset_tz,
    opt_bool,
    opt_int,
    opt_str,
    race_hint,
    race_label,
    race_ref,
    show,
    stored_text,
    type_name,
)
from importers.model import Dividends, MeetingCard, RaceCard, RaceOutcome, RunnerEntry

__all__ = [
    "parse_dividends",
    "parse_outcome",
    "parse_participants",
    "parse_programme",
    "parse_race",
    "race_named",
]

WIN_POOLS = ("E_SIMPLE_GAGNANT", "SIMPLE_GAGNANT")
PLACE_POOLS = ("E_SIMPLE_PLACE", "SIMPLE_PLACE")
NON_RUNNER = "NON_PARTANT"
# The longest silks address kept (racing.Runner.silks_url holds as much).
MAX_URL = 300
# "Distancé" is the French racing codes' word for a stewards' disqualification.
_DISQUALIFIED_PREFIXES = ("DISQUALIFIE", "DISTANCE")


def _is_disqualification(kind: str) -> bool:
    return kind.startswith(_DISQUALIFIED_PREFIXES)


# --- programme --------------------------------------------------------------------------


def parse_programme(raw: bytes, *, source: str | None = None) -> list[MeetingCard]:
    """Meetings and races of a day, from ``/programme/{DDMMYYYY}``.

    Also accepts the programme object without its ``{"programme": …}`` envelope, and one
    meeting object (``/programme/{DDMMYYYY}/R1``), which gives a one-meeting list.
    Races carry no runners: those come from the participants document.
    """
    where = Where(file=source)
    doc = as_dict(load_json(raw, where), where, "(document)")
    if "programme" in doc:
        programme = as_dict(doc["programme"], where, "programme")
        path = "programme."
    elif "reunions" in doc:
        programme, path = doc, ""
    elif "courses" in doc:
        return [_meeting(doc, where, path="", day=None, offset=None)]
    else:
        raise where.error(
            "not a PMU programme: expected an object with 'programme', 'reunions' or 'courses'"
        )
    offset = opt_int(programme, "timezoneOffset", where, f"{path}timezoneOffset", minimum=None)
    day = None
    epoch = opt_int(programme, "date", where, f"{path}date", minimum=None)
    if epoch is not None and offset is not None:
        tz = offset_tz(offset, where, f"{path}timezoneOffset")
        day = from_epoch_ms(epoch, tz, where, f"{path}date").date()
    meetings = [
        _meeting(
            as_dict(item, where, f"{path}reunions[{i}]"),
            where,
            path=f"{path}reunions[{i}].",
            day=day,
            offset=offset,
        )
        for i, item in enumerate(as_list(programme.get("reunions"), where, f"{path}reunions"))
    ]
    seen: dict[tuple[dt.date, int], MeetingCard] = {}
    for meeting in meetings:
        key = (meeting.date, meeting.number)
        if key in seen:
            raise where.at(race_label(meeting.date, meeting.number, None)).error(
                f"meeting R{meeting.number} appears twice", field=f"{path}reunions"
            )
        seen[key] = meeting
    return sorted(meetings, key=lambda m: (m.date, m.number))


def _meeting(
    obj: dict[str, object], where: Where, *, path: str, day: dt.date | None, offset: int | None
) -> MeetingCard:
    number = opt_int(obj, "numOfficiel", where, f"{path}numOfficiel", minimum=1, maximum=MAX_SMALL)
    if number is None:
        number = opt_int(
            obj, "numExterne", where, f"{path}numExterne", minimum=1, maximum=MAX_SMALL
        )
    if number is None:
        raise where.error("meeting without a number", field=f"{path}numOfficiel")
    where = where.at(race_label(day, number, None))
    own_offset = opt_int(obj, "timezoneOffset", where, f"{path}timezoneOffset", minimum=None)
    offset = own_offset if own_offset is not None else offset
    courses = as_list(obj.get("courses"), where, f"{path}courses")
    if offset is None:
        # A trimmed document may keep the offset on the races only.
        for i, course in enumerate(courses):
            if isinstance(course, dict):
                offset = opt_int(
                    course,
                    "timezoneOffset",
                    where,
                    f"{path}courses[{i}].timezoneOffset",
                    minimum=None,
                )
                if offset is not None:
                    break
    epoch = opt_int(obj, "dateReunion", where, f"{path}dateReunion", minimum=None)
    if epoch is not None:
        if offset is None:
            raise where.error(
                "no time-zone offset to date the meeting", field=f"{path}timezoneOffset"
            )
        tz = offset_tz(offset, where, f"{path}timezoneOffset")
        day = from_epoch_ms(epoch, tz, where, f"{path}dateReunion").date()
    if day is None:
        raise where.error("meeting without a date", field=f"{path}dateReunion")
    where = where.at(race_label(day, number, None))
    racecourse = stored_text(
        _racecourse(obj, where, path), where, f"{path}hippodrome", limit=model.RACECOURSE_MAX
    )
    country = None
    pays = obj.get("pays")
    if isinstance(pays, str):
        country = pays.strip() or None
    elif pays is not None:
        pays = as_dict(pays, where, f"{path}pays")
        country = opt_str(pays, "code", where, f"{path}pays.code") or opt_str(
            pays, "libelle", where, f"{path}pays.libelle"
        )
    if country is not None and len(country) > model.COUNTRY_MAX:
        country = None  # a country's name where its code was expected: not a code
    country = stored_text(country, where, f"{path}pays", limit=model.COUNTRY_MAX)
    races = []
    for i, item in enumerate(courses):
        races.append(
            _race(
                as_dict(item, where, f"{path}courses[{i}]"),
                where,
                path=f"{path}courses[{i}].",
                day=day,
                meeting=number,
                offset=offset,
            )
        )
    numbers: set[int] = set()
    for race in races:
        if race.number in numbers:
            raise where.at(race_label(day, number, race.number)).error(
                f"race C{race.number} appears twice", field=f"{path}courses"
            )
        numbers.add(race.number)
    return MeetingCard(
        date=day,
        number=number,
        racecourse=racecourse,
        country=country,
        races=sorted(races, key=lambda r: r.number),
    )


def _racecourse(obj: dict[str, object], where: Where, path: str) -> str:
    hippodrome = obj.get("hippodrome")
    if isinstance(hippodrome, str) and hippodrome.strip():
        return hippodrome.strip()
    if hippodrome is not None:
        hippodrome = as_dict(hippodrome, where, f"{path}hippodrome")
        for key in ("libelleCourt", "libelleLong", "code", "codeHippodrome"):
            name = opt_str(hippodrome, key, where, f"{path}hippodrome.{key}")
            if name:
                return name
    raise where.error("meeting without a racecourse name", field=f"{path}hippodrome")


# --- one race object ----------------------------------------------------------------------


def parse_race(raw: bytes, *, source: str | None = None) -> RaceCard:
    """One race object, from ``/programme/{DDMMYYYY}/R{n}/C{m}``.

    Also accepts a wrapper holding it under ``course_data`` (as some scrapers save it).
    The race object carries the arrival, the incidents and the status, not the runners.
    """
    where = Where(file=source, race=race_hint(source))
    doc = as_dict(load_json(raw, where), where, "(document)")
    path = ""
    if "course_data" in doc:
        doc, path = as_dict(doc["course_data"], where, "course_data"), "course_data."
    meeting = opt_int(doc, "numReunion", where, f"{path}numReunion", minimum=1, maximum=MAX_SMALL)
    return _race(doc, where, path=path, day=None, meeting=meeting, offset=None)


def _race(
    obj: dict[str, object],
    where: Where,
    *,
    path: str,
    day: dt.date | None,
    meeting: int | None,
    offset: int | None,
) -> RaceCard:
    number = opt_int(obj, "numOrdre", where, f"{path}numOrdre", minimum=1, maximum=MAX_SMALL)
    if number is None:
        number = opt_int(
            obj, "numExterne", where, f"{path}numExterne", minimum=1, maximum=MAX_SMALL
        )
    if number is None:
        raise where.error("race without a number", field=f"{path}numOrdre")
    if meeting is not None:
        where = where.at(race_label(day, meeting, number))
    name = opt_str(obj, "libelle", where, f"{path}libelle") or opt_str(
        obj, "libelleCourt", where, f"{path}libelleCourt"
    )
    if name is None:
        raise where.error("race without a name", field=f"{path}libelle")
    name = stored_text(name, where, f"{path}libelle", limit=model.RACE_NAME_MAX)
    own_offset = opt_int(obj, "timezoneOffset", where, f"{path}timezoneOffset", minimum=None)
    offset = own_offset if own_offset is not None else offset
    start = opt_int(obj, "heureDepart", where, f"{path}heureDepart", minimum=None)
    if start is None:
        raise where.error("race without a post time", field=f"{path}heureDepart")
    if offset is None:
        raise where.error("no time-zone offset for the post time", field=f"{path}timezoneOffset")
    tz = offset_tz(offset, where, f"{path}timezoneOffset")
    post_time = from_epoch_ms(start, tz, where, f"{path}heureDepart")

    distance = opt_int(obj, "distance", where, f"{path}distance", minimum=0, maximum=2**31 - 1)
    unit = opt_str(obj, "distanceUnit", where, f"{path}distanceUnit")
    if unit not in (None, "METRE", "METRES", "M") or distance == 0:
        distance = None  # only metres are stored; no other unit has been seen in the feed
    declared = opt_int(
        obj, "nombreDeclaresPartants", where, f"{path}nombreDeclaresPartants", maximum=MAX_SMALL
    )
    arrival = _arrival(obj.get("ordreArrivee"), where, f"{path}ordreArrivee")
    non_runners: set[int] = set()
    disqualified: set[int] = set()
    incidents = obj.get("incidents")
    if incidents is not None:
        for i, item in enumerate(as_list(incidents, where, f"{path}incidents")):
            field = f"{path}incidents[{i}]"
            incident = as_dict(item, where, field)
            kind = opt_str(incident, "type", where, f"{field}.type") or ""
            numbers = as_list(
                incident.get("numeroParticipants", []), where, f"{field}.numeroParticipants"
            )
            for n in numbers:
                saddle = int_value(
                    n, where, f"{field}.numeroParticipants", minimum=1, maximum=MAX_SMALL
                )
                if kind == NON_RUNNER:
                    non_runners.add(saddle)
                elif _is_disqualification(kind):
                    disqualified.add(saddle)
    raw_status = opt_str(obj, "statut", where, f"{path}statut")
    status = _status(
        raw_status,
        category=opt_str(obj, "categorieStatut", where, f"{path}categorieStatut"),
        definitive=bool(
            opt_bool(obj, "arriveeDefinitive", where, f"{path}arriveeDefinitive")
            or opt_bool(obj, "isArriveeDefinitive", where, f"{path}isArriveeDefinitive")
        ),
        refunded=bool(opt_bool(obj, "rembourse", where, f"{path}rembourse")),
        has_arrival=bool(arrival),
    )
    return RaceCard(
        number=number,
        name=name,
        post_time=post_time,
        distance=distance,
        discipline=stored_text(
            opt_str(obj, "discipline", where, f"{path}discipline"),
            where,
            f"{path}discipline",
            limit=model.DISCIPLINE_MAX,
        ),
        status=status,
        declared_runners=declared,
        arrival=arrival,
        non_runners=frozenset(non_runners),
        disqualified=frozenset(disqualified - non_runners),
        source_status=raw_status,
    )


def _arrival(value: object, where: Where, field: str) -> list[list[int]]:
    if value is None:
        return []
    groups = []
    for i, item in enumerate(as_list(value, where, field)):
        members = item if isinstance(item, list) else [item]
        group = [
            int_value(n, where, f"{field}[{i}]", minimum=1, maximum=MAX_SMALL) for n in members
        ]
        if group:
            groups.append(group)
    return groups


def _status(
    raw: str | None, *, category: str | None, definitive: bool, refunded: bool, has_arrival: bool
) -> str:
    """PMU's course status words mapped onto RACE_STATUSES.

    ``arriveeDefinitive`` wins over the status word: real programmes show FIN_COURSE with
    the arrival already definitive. Unknown words stay on the safe side (not official).
    """
    word = (raw or "").upper()
    if refunded:
        return model.REFUNDED
    if "ANNUL" in word or (category or "").upper().startswith("ANNUL"):
        return model.CANCELLED
    if definitive or word.startswith("ARRIVEE_DEFINITIVE"):
        return model.OFFICIAL
    if word.startswith("ARRIVEE_PROVISOIRE"):
        return model.PROVISIONAL
    if word == "FIN_COURSE" or (category or "").upper() == "ARRIVEE":
        return model.PROVISIONAL if has_arrival else model.RUNNING
    if word in {"DEPART_CONFIRME", "COURSE_EN_COURS", "COURSE_ARRETEE"} or (
        (category or "").upper() == "EN_COURS"
    ):
        return model.RUNNING
    return model.SCHEDULED


# --- participants -------------------------------------------------------------------------


def parse_participants(raw: bytes, *, source: str | None = None) -> list[RunnerEntry]:
    """The runners of one race, from ``/programme/{DDMMYYYY}/R{n}/C{m}/participants``.

    Sorted by saddle number. A race object (whose ``participants`` list is empty) gives [].
    """
    where = Where(file=source, race=race_hint(source))
    return _participants(load_json(raw, where), where)[0]


def _participants(doc: object, where: Where) -> tuple[list[RunnerEntry], Where]:
    top = as_dict(doc, where, "(document)")
    path = ""
    if "participants" not in top and "course_data" in top:
        top, path = as_dict(top["course_data"], where, "course_data"), "course_data."
    if "participants" not in top:
        raise where.error("not a PMU participants document: no 'participants' list")
    items = as_list(top["participants"], where, f"{path}participants")
    silks = _race_from_casaques(items)
    if silks is not None and (where.race is None or silks.endswith(where.race)):
        where = where.at(silks)  # same race, now with its date
    runners: dict[int, RunnerEntry] = {}
    for i, item in enumerate(items):
        runner = _runner(
            as_dict(item, where, f"{path}participants[{i}]"), where, f"{path}participants[{i}]."
        )
        if runner.number in runners:
            raise where.error(
                f"saddle number {runner.number} appears twice",
                field=f"{path}participants[{i}].numPmu",
            )
        runners[runner.number] = runner
    return [runners[n] for n in sorted(runners)], where


def race_named(raw: bytes, *, source: str | None = None) -> tuple[dt.date | None, int, int] | None:
    """The race a participants document names itself, as (day, meeting, race).

    Participants documents carry no race field; their silks' addresses do: each runner's
    ``urlCasaque`` (``…/casaques/05112025/R1/C1/P3.png``), or, in the newer schema whose
    runners' silks are named after the racecourse, the document's ``spriteCasaques``. A
    race object (or a ``course_data`` wrapper) gives its ``numReunion`` and ``numOrdre``,
    without a day. None when the document names no race. The file's name is not read:
    files get renamed, their contents do not.
    """
    where = Where(file=source)
    top = load_json(raw, where)
    if not isinstance(top, dict):
        return None
    if "participants" not in top and isinstance(top.get("course_data"), dict):
        top = top["course_data"]
    for key, field in (("participants", "urlCasaque"), ("spriteCasaques", "url")):
        items = top.get(key)
        for item in items if isinstance(items, list) else []:
            url = item.get(field) if isinstance(item, dict) else None
            found = race_ref(url) if isinstance(url, str) else None
            if found is not None:
                return found
    meeting, race = top.get("numReunion"), top.get("numOrdre")
    if isinstance(meeting, int) and isinstance(race, int) and _numbers(meeting, race):
        return None, meeting, race
    return None


def _numbers(*values: int) -> bool:
    """R/C numbers: positive small integers (a boolean is no number)."""
    return all(not isinstance(v, bool) and 1 <= v <= MAX_SMALL for v in values)


def _race_from_casaques(items: list[object]) -> str | None:
    # Participants documents do not name their race; the silks' URLs do (…/05112025/R1/C1/P3.png).
    for item in items:
        if isinstance(item, dict):
            url = item.get("urlCasaque")
            if isinstance(url, str):
                return race_hint(url)
    return None


def _runner(obj: dict[str, object], where: Where, path: str) -> RunnerEntry:
    if obj.get("numPmu") is None:
        raise where.error("participant without a saddle number", field=f"{path}numPmu")
    number = int_value(obj["numPmu"], where, f"{path}numPmu", minimum=1, maximum=MAX_SMALL)
    name = opt_str(obj, "nom", where, f"{path}nom")
    if name is None:
        raise where.error(f"participant {number} without a name", field=f"{path}nom")
    name = stored_text(name, where, f"{path}nom", limit=model.PERSON_MAX)
    statut = opt_str(obj, "statut", where, f"{path}statut")
    kinds = []
    incident = obj.get("incident")
    if isinstance(incident, dict):
        kinds.append(opt_str(incident, "type", where, f"{path}incident.type") or "")
    else:
        kinds.append(opt_str(obj, "incident", where, f"{path}incident") or "")
    incidents = obj.get("incidents")
    if incidents is not None:
        for i, item in enumerate(as_list(incidents, where, f"{path}incidents")):
            if isinstance(item, dict):
                kinds.append(opt_str(item, "type", where, f"{path}incidents[{i}].type") or "")
            elif isinstance(item, str):
                kinds.append(item.strip())
            else:
                raise where.error(
                    f"expected an incident, got {type_name(item)} {show(item)}",
                    field=f"{path}incidents[{i}]",
                )
    non_runner = (statut or "").upper() == NON_RUNNER or NON_RUNNER in kinds
    disqualified = not non_runner and any(_is_disqualification(k) for k in kinds)
    position = opt_int(
        obj, "ordreArrivee", where, f"{path}ordreArrivee", minimum=1, maximum=MAX_SMALL
    )
    if non_runner or disqualified:
        position = None
    jockey = opt_str(obj, "driver", where, f"{path}driver") or opt_str(
        obj, "jockey", where, f"{path}jockey"
    )
    jockey = stored_text(jockey, where, f"{path}driver", limit=model.PERSON_MAX)
    trainer = opt_str(obj, "entraineur", where, f"{path}entraineur")
    coupled = obj.get("ecurie")
    if isinstance(coupled, bool) or not isinstance(coupled, str | int | None):
        raise where.error(
            f"expected a coupled-entry key, got {type_name(coupled)} {show(coupled)}",
            field=f"{path}ecurie",
        )
    return RunnerEntry(
        number=number,
        name=name,
        jockey=jockey,
        trainer=stored_text(trainer, where, f"{path}entraineur", limit=model.PERSON_MAX),
        non_runner=non_runner,
        odds=_final_odds(obj, where, path),
        position=position,
        disqualified=disqualified,
        coupled=stored_text(
            (str(coupled).strip() or None) if coupled is not None else None,
            where,
            f"{path}ecurie",
            limit=model.COUPLED_MAX,
        ),
        silks_url=_silks_url(obj, where, f"{path}urlCasaque"),
    )


def _silks_url(obj: Mapping[str, object], where: Where, field: str) -> str | None:
    """The image of the runner's silks (``urlCasaque``): an absolute http(s) address."""
    url = opt_str(obj, "urlCasaque", where, field)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > MAX_URL:
        raise where.error(f"expected the silks' image address, got {show(url)}", field=field)
    return url


def _final_odds(obj: Mapping[str, object], where: Where, path: str) -> float | None:
    """``dernierRapportDirect.rapport`` (decimal odds), else the reference odds."""
    for key in ("dernierRapportDirect", "dernierRapportReference"):
        report = obj.get(key)
        if report is None:
            continue
        report = as_dict(report, where, f"{path}{key}")
        value = report.get("rapport")
        if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
            continue  # 0 stands for "no odds quoted"
        if value is not None:
            return odds_value(value, where, f"{path}{key}.rapport")
    return None


# --- dividends ----------------------------------------------------------------------------


def parse_dividends(raw: bytes, *, source: str | None = None) -> Dividends:
    """Win and place dividends from ``/programme/{DDMMYYYY}/R{n}/C{m}/rapports-definitifs``.

    The document is a list of bet kinds; a wrapper object holding that list under
    ``rapports`` is accepted too. E_ (internet) pools are preferred over shop pools.
    """
    where = Where(file=source, race=race_hint(source))
    return _dividends(load_json(raw, where), where)


def _dividends(doc: object, where: Where) -> Dividends:
    path = ""
    if isinstance(doc, dict):
        if "rapports" not in doc:
            raise where.error("not a PMU rapports document: expected a list of bet kinds")
        doc, path = doc["rapports"], "rapports"
    bets = as_list(doc, where, path or "(document)")
    pools: dict[str, tuple[dict[str, object], str]] = {}
    refunds: list[bool] = []
    for i, item in enumerate(bets):
        field = f"{path}[{i}]"
        bet = as_dict(item, where, field)
        kind = opt_str(bet, "typePari", where, f"{field}.typePari")
        if kind is None:
            raise where.error("bet kind without a typePari", field=f"{field}.typePari")
        refunds.append(bool(opt_bool(bet, "rembourse", where, f"{field}.rembourse")))
        if kind in WIN_POOLS + PLACE_POOLS:
            if kind in pools:
                raise where.error(f"{kind} appears twice", field=f"{field}.typePari")
            pools[kind] = (bet, field)
    win_pool = _choose(pools, WIN_POOLS)
    place_pool = _choose(pools, PLACE_POOLS)
    win = _table(pools[win_pool], win_pool, where) if win_pool else {}
    place = _table(pools[place_pool], place_pool, where) if place_pool else {}
    if win_pool is not None:
        refunded = bool(pools[win_pool][0].get("rembourse") is True)
    else:
        refunded = bool(refunds) and all(refunds)
    return Dividends(
        win=win,
        place=place,
        refunded=refunded,
        win_pool=win_pool,
        place_pool=place_pool,
        bet_kinds=tuple(str(bet.get("typePari")) for bet in bets if isinstance(bet, dict)),
    )


def _choose(
    pools: Mapping[str, tuple[dict[str, object], str]], kinds: tuple[str, str]
) -> str | None:
    """The internet pool when it has figures (or is refunded), else the shop pool."""
    internet, shop = kinds
    if internet in pools:
        bet = pools[internet][0]
        if bet.get("rapports") or bet.get("rembourse") is True or shop not in pools:
            return internet
    return shop if shop in pools else None


def _table(pool: tuple[dict[str, object], str], kind: str, where: Where) -> dict[int, int]:
    bet, path = pool
    reports = bet.get("rapports")
    if reports is None:
        return {}
    table: dict[int, int] = {}
    for i, item in enumerate(as_list(reports, where, f"{path}.rapports")):
        field = f"{kind}.rapports[{i}]"
        report = as_dict(item, where, field)
        number = _combination(report.get("combinaison"), where, f"{field}.combinaison")
        if number is None:
            continue
        cents = _cents(report, where, field)
        if table.get(number, cents) != cents:
            raise where.error(
                f"two different dividends for saddle number {number}", field=f"{field}.combinaison"
            )
        table[number] = cents
    return dict(sorted(table.items()))


def _combination(value: object, where: Where, field: str) -> int | None:
    """The saddle number of a simple pool's combination: "16", 16 or ["16"].

    "NP" (non-partant) lines are refunds for withdrawn horses, not dividends: skipped.
    """
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        text = value.strip()
        if text.upper() == "NP":
            return None
        if text.isascii() and text.isdigit() and len(text) <= 5:
            value = int(text)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_SMALL:
        return value
    raise where.error(f"expected a saddle number, got {show(value)}", field=field)


def _cents(report: Mapping[str, object], where: Where, field: str) -> int:
    value = report.get("dividendePourUnEuro")
    name = "dividendePourUnEuro"
    if value is None:
        unit = report.get("dividendeUnite")
        if unit not in (None, "PourUnEuro"):
            raise where.error(
                f"no dividendePourUnEuro, and dividende is per {show(unit)}",
                field=f"{field}.dividendePourUnEuro",
            )
        value, name = report.get("dividende"), "dividende"
    if value is None:
        raise where.error("dividend without an amount", field=f"{field}.dividendePourUnEuro")
    # Every win or place dividend returns at least the stake; 0 would score a winner nothing.
    return int_value(value, where, f"{field}.{name}", minimum=1, maximum=MAX_CENTS)


# --- outcome ------------------------------------------------------------------------------


def parse_outcome(
    participants: bytes,
    rapports: bytes | None,
    *,
    source: str | None = None,
    rapports_source: str | None = None,
) -> RaceOutcome:
    """The result of one race from its participants and its rapports-definitifs.

    `official` is True when the rapports hold a win dividend or say the race was refunded:
    PMU publishes rapports-definitifs only once the arrival is definitive. Pass
    ``rapports=None`` (not published yet) for a provisional outcome. Positions, non-runners
    and disqualifications come from the participants; when that document is a race object
    with no participants (or a ``course_data`` wrapper), the card is taken as saddle
    numbers 1..nombreDeclaresPartants, placed by its ``ordreArrivee`` and ``incidents``.
    A dividend on a saddle number not on the card, on a non-runner or on a disqualified
    runner is a FeedError.
    """
    where = Where(file=source, race=race_hint(source))
    doc = load_json(participants, where)
    runners, where = _participants(doc, where)
    race_status = None
    if not runners:
        runners, race_status, where = _card_from_race(doc, where)
    dividends = Dividends(win={}, place={}, refunded=False)
    if rapports is not None:
        rapports_where = Where(
            file=rapports_source or source, race=where.race or race_hint(rapports_source)
        )
        dividends = _dividends(load_json(rapports, rapports_where), rapports_where)
        _check_simple_pools(dividends, rapports_where)
        where = rapports_where  # what is checked below is the rapports against the card
    if race_status in (model.REFUNDED, model.CANCELLED) and not dividends.refunded:
        dividends = dataclasses.replace(dividends, refunded=True)
    official = dividends.refunded or bool(dividends.win)
    return build_outcome(runners, dividends, official=official, where=where)


def _check_simple_pools(dividends: Dividends, where: Where) -> None:
    """Rapports that hold bets but neither a win nor a place pool are another document
    (a quinté's or a couplé's rapports): refused, never read as "not official yet"."""
    if not dividends.bet_kinds or dividends.refunded:
        return
    if dividends.win_pool is None and dividends.place_pool is None:
        kinds = ", ".join(dividends.bet_kinds[:6])
        raise where.error(
            f"no win or place pool ({' / '.join(WIN_POOLS + PLACE_POOLS)}), only {kinds}: "
            "the wrong rapports file?",
            field="typePari",
        )


def _card_from_race(doc: object, where: Where) -> tuple[list[RunnerEntry], str, Where]:
    top = as_dict(doc, where, "(document)")
    path = ""
    if "course_data" in top:
        top, path = as_dict(top["course_data"], where, "course_data"), "course_data."
    if "ordreArrivee" not in top and "nombreDeclaresPartants" not in top:
        raise where.error("no runners on the card", field=f"{path}participants")
    meeting = opt_int(top, "numReunion", where, f"{path}numReunion", minimum=1, maximum=MAX_SMALL)
    race = _race(top, where, path=path, day=None, meeting=meeting, offset=None)
    where = where.at(where.race or race_label(None, meeting, race.number))
    declared = race.declared_runners
    if not declared:
        raise where.error(
            "no participants and no declared runners", field=f"{path}nombreDeclaresPartants"
        )
    finish = competition_positions(race.arrival, where, f"{path}ordreArrivee")
    for number in sorted(finish):
        if number > declared:
            raise where.error(
                f"saddle number {number} in the arrival, but only {declared} declared runners",
                field=f"{path}ordreArrivee",
            )
        if number in race.non_runners or number in race.disqualified:
            raise where.error(
                f"saddle number {number} is both placed and a non-runner or disqualified",
                field=f"{path}ordreArrivee",
            )
    runners = [
        RunnerEntry(
            number=n,
            name=f"#{n}",
            jockey=None,
            trainer=None,
            non_runner=n in race.non_runners,
            odds=None,
            position=finish.get(n),
            disqualified=n in race.disqualified,
            coupled=None,
        )
        for n in range(1, declared + 1)
    ]
    return runners, race.status, where
