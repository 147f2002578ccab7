"""The report: every check judged from outside (the API, the emails caught, the feed's log,
the processes' logs), each with what it saw. Scores are recomputed by `referee`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import referee
from .actors import Player
from .season import Season, Week, moved_points


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    problems: list[str] = field(default_factory=list)


def _check(name: str, problems: list[str], detail: str) -> Check:
    return Check(name, not problems, detail, problems[:20])


def run_checks(season: Season) -> list[Check]:
    scores = _expected_scores(season)
    return [
        _opened_and_locked(season),
        _no_pick_after_lock(season),
        _settled_once(season),
        _scores(season, scores),
        _tables(season, scores),
        _emails(season),
        _debriefs(season),
        _bad_input(season),
        _no_server_errors(season),
        _no_log_errors(season),
        _script_ran(season),
    ]


def _expected_scores(season: Season) -> dict[tuple[int, int], referee.Score]:
    """(player index, round id) -> the score from the last dividends served."""
    expected = {}
    for week in season.weeks:
        result = referee.outcome(*week.results[-1])
        for player in season.players:
            pick = player.picks.get(week.round_id)
            if pick is not None:
                expected[(player.index, week.round_id)] = referee.score(
                    pick.win, pick.place, pick.alternate, result
                )
    return expected


def _opened_and_locked(season: Season) -> Check:
    problems = []
    slack = 60 / season.time_scale + 3
    for week in season.weeks:
        due = max(week.opens_at, week.featured_at)
        late = (week.seen_open or 1e18) - due
        if not -0.5 <= late <= max(slack, 4):
            problems.append(
                f"round {week.round_id} seen open {late:+.1f}s after it could open "
                f"(made {week.featured_at - week.opens_at:+.1f}s from opens_at)"
            )
        if week.late_pick_status != 409:
            problems.append(
                f"round {week.round_id}: a pick after the lock got {week.late_pick_status}"
            )
        if week.operator_view.get("status") != "settled":
            problems.append(f"round {week.round_id} ended {week.operator_view.get('status')}")
    return _check(
        "rounds opened and locked on time", problems,
        f"{len(season.weeks)} rounds; opening seen within {slack:.1f}s of opens_at (or of the round's making); "
        "a pick 0.3s after each lock refused",
    )  # fmt: skip


def _no_pick_after_lock(season: Season) -> Check:
    lock = {w.round_id: w.locks_at for w in season.weeks}
    problems, accepted = [], 0
    for call in season.journal.all():
        if call.method == "PUT" and call.path.endswith("/pick/") and call.status in (200, 201):
            accepted += 1
            round_id = int(call.path.split("/")[-3])
            if call.started >= lock[round_id]:
                problems.append(
                    f"{call.who} round {round_id}: accepted {call.started - lock[round_id]:.3f}s after the lock"
                )
    return _check(
        "no pick accepted after a lock",
        problems,
        f"{accepted} picks accepted, all sent before their lock",
    )


def _settled_once(season: Season) -> Check:
    problems = []
    for week in season.weeks:
        view = week.operator_view
        versions = 1 + int(week.plan.correction)
        picks = sum(week.round_id in p.picks for p in season.players)
        if view["settlement_version"] != versions:
            problems.append(
                f"round {week.round_id}: settlement v{view['settlement_version']}, expected {versions}"
            )
        if view["settled_result_version"] != view["race_result_version"]:
            problems.append(
                f"round {week.round_id}: settled result v{view['settled_result_version']} != race v{view['race_result_version']}"
            )
        if (view["picks"], view["scores"]) != (picks, picks):
            problems.append(
                f"round {week.round_id}: picks/scores {view['picks']}/{view['scores']}, players picked {picks}"
            )
        served = [
            s
            for s in season.feed.log
            if s.path.startswith(f"/rest/client/1/programme/{week.race.key}/R1/C1/rapports")
        ]
        if not any(s.status == 200 for s in served):
            problems.append(f"round {week.round_id}: the poller never read the official rapports")
    return _check("every result polled and settled exactly once, corrections included", problems,
                  "settlement version = 1 + corrections; scores = picks; settled the race's latest result")  # fmt: skip


def _scores(season: Season, expected: dict[tuple[int, int], referee.Score]) -> Check:
    problems, compared = [], 0
    for player in season.players:
        for row in player.client.every("/api/v1/game/me/picks/"):
            key = (player.index, row["round"]["id"])
            score = row.get("score")
            if key not in expected:
                continue
            compared += 1
            if score is None or score["points"] != expected[key].points:
                problems.append(
                    f"{player.email} round {key[1]}: {score and score['points']} != {expected[key].points}"
                )
    if compared != len(expected):
        problems.append(f"compared {compared} scores, expected {len(expected)}")
    return _check(
        "every score equals the independent recomputation",
        problems,
        f"{compared} scores recomputed from the served dividends",
    )


def _tables(season: Season, expected: dict[tuple[int, int], referee.Score]) -> Check:
    problems: list[str] = []
    reader = season.players[0].client
    ids = {p.player_id: p for p in season.players}
    totals: Counter[int] = Counter()
    for week in season.weeks:
        rows = reader.every(f"/api/v1/game/rounds/{week.round_id}/rankings/")
        for row in rows:
            player = ids.get(row["player_id"])
            want = expected.get((player.index, week.round_id)) if player else None
            if want is None or row["points"] != want.points:
                problems.append(
                    f"week table round {week.round_id}: {row['display_name']} {row['points']} != {want and want.points}"
                )
        _ranked(rows, lambda r: (r["points"],), f"week table {week.round_id}", problems)
    for (index, _), score in expected.items():
        totals[index] += score.points
    season_rows = reader.every(f"/api/v1/game/seasons/{season.season_id}/rankings/")
    for row in season_rows:
        player = ids.get(row["player_id"])
        if player is None or row["points"] != totals[player.index]:
            problems.append(
                f"season table: {row['display_name']} {row['points']} != {player and totals[player.index]}"
            )
    _ranked(season_rows, lambda r: (r["points"], r["wins"], r["best"]), "season table", problems)
    by_id = {r["player_id"]: r for r in season_rows}
    for league, members in season.leagues.items():
        member = next(p for p in season.players if p.index == members[0])
        table = member.client.every(f"/api/v1/leagues/{league}/table/", season=season.season_id)
        if len(table) != len(members):
            problems.append(f"league {league}: {len(table)} rows for {len(members)} members")
        for row in table:
            row_id = row.get("player_id") or (row.get("player") or {}).get("id")
            if row_id in by_id and row["points"] != by_id[row_id]["points"]:
                problems.append(
                    f"league {league}: {row_id} {row['points']} != season {by_id[row_id]['points']}"
                )
    return _check("season, weekly and league tables consistent", problems,
                  f"{len(season_rows)} season rows, {len(season.weeks)} weekly tables, {len(season.leagues)} leagues")  # fmt: skip


def _ranked(rows: list[dict[str, Any]], key: Any, where: str, problems: list[str]) -> None:
    expected = referee.competition_ranks([(r["player_id"], key(r)) for r in rows])
    problems.extend(
        f"{where}: {row['display_name']} ranked {row['rank']}, expected {expected[row['player_id']]}"
        for row in rows
        if row["rank"] != expected[row["player_id"]]
    )


def _emails(season: Season) -> Check:
    problems: list[str] = []
    mails = season.mailbox.all()
    counted: Counter[str] = Counter()
    for number, week in enumerate(season.weeks):
        end = season.weeks[number + 1].started if number + 1 < len(season.weeks) else 1e18
        got: dict[str, Counter[str]] = {}
        for mail in mails:
            if week.started <= mail.at < end:
                got.setdefault(mail.kind, Counter())[mail.to] += 1
                counted[mail.kind] += 1
        _email_week(season, week, got, problems)
    detail = ", ".join(f"{k}: {v}" for k, v in sorted(counted.items()))
    return _check("one email of each kind per player, to the right players", problems, detail)


def _email_week(
    season: Season, week: Week, got: dict[str, Counter[str]], problems: list[str]
) -> None:
    def who(kind: str) -> set[str]:
        return set(got.get(kind, Counter()))

    for kind, counts in got.items():
        for to, count in counts.items():
            if count > 1 and kind != "account":
                problems.append(f"round {week.round_id}: {count} {kind} emails to {to}")
    window_start = week.locks_at - season.reminder_window
    earlier = {w.round_id for w in season.weeks[: week.number]}
    season_players = [
        p for p in season.players
        if (week.number == 0 and (p.verified_at or 1e18) < week.opens_at)
        or any(r in p.picks for r in earlier)
    ]  # fmt: skip
    expect_open = {
        p.email for p in season_players if not _picked_before(p, week, week.opens_at + 0.1)
    }
    if not expect_open <= who("round_open") or not who("round_open") <= {
        p.email for p in season_players
    }:
        problems.append(
            f"round {week.round_id}: round-open to {sorted(who('round_open'))}, expected {sorted(expect_open)}"
        )
    not_picked = {p.email for p in season_players if not _picked_before(p, week, window_start)}
    never = {p.email for p in season_players if week.round_id not in p.picks}
    if not (never <= who("reminder") <= not_picked):
        problems.append(
            f"round {week.round_id}: reminders to {sorted(who('reminder'))}; without a pick at the window {sorted(not_picked)}"
        )
    pickers = {p.email for p in season.players if week.round_id in p.picks}
    if who("results") != pickers:
        problems.append(
            f"round {week.round_id}: results to {len(who('results'))}, pickers {len(pickers)}"
        )
    moved = {p.email for p in season.players if p.index in moved_points(week, season.players)}
    if who("correction") != moved:
        problems.append(
            f"round {week.round_id}: corrections to {sorted(who('correction'))}, points moved for {sorted(moved)}"
        )


def _picked_before(player: Player, week: Week, moment: float) -> bool:
    first = [
        c.started for c in player.client.journal.all()
        if c.who == player.client.who and c.method == "PUT" and c.status in (200, 201)
        and c.path == f"/api/v1/game/rounds/{week.round_id}/pick/"
    ]  # fmt: skip
    return bool(first) and min(first) < moment


def _debriefs(season: Season) -> Check:
    problems = []
    reader = season.players[0].client
    for week in season.weeks:
        thread = reader.get(f"/api/v1/community/rounds/{week.round_id}/thread/")
        topic = reader.get(f"/api/v1/community/topics/{thread['topic_id']}/")
        posts = topic.get("replies") or topic.get("posts") or []
        if isinstance(posts, dict):
            posts = posts.get("results", [])
        kinds = Counter(p.get("kind") for p in posts)
        corrections = week.operator_view["settlement_version"] - 1
        if kinds["debrief"] != 1:
            problems.append(f"round {week.round_id}: {kinds['debrief']} debriefs")
        if kinds["correction"] != corrections:
            problems.append(
                f"round {week.round_id}: {kinds['correction']} correction posts, {corrections} corrections"
            )
    return _check(
        "the debrief posted once per round, a note per correction",
        problems,
        f"{len(season.weeks)} race threads read",
    )


def _bad_input(season: Season) -> Check:
    problems, seen = [], []
    log = season.feed.log
    for week in season.weeks:
        prefix = f"/rest/client/1/programme/{week.race.key}/"
        cut = sum(
            1 for s in log if s.path.startswith(prefix) and s.what == "participants cut short"
        )
        if week.plan.truncate:
            seen.append(f"round {week.round_id}: {cut} documents cut short, then settled")
            if cut != week.plan.truncate:
                problems.append(
                    f"round {week.round_id}: {cut} cut documents served, {week.plan.truncate} planned"
                )
        if week.plan.slow:
            seen.append(
                f"round {week.round_id}: {week.plan.slow} answers slower than the timeout, then settled"
            )
        if week.plan.regression:
            before, after = week.regression["before"], week.regression["after"]
            same = all(
                before[k] == after[k]
                for k in ("race_status", "race_result_version", "settlement_version")
            )
            seen.append(
                f"round {week.round_id}: official -> provisional ignored ({after['race_status']}, result v{after['race_result_version']})"
            )
            if not same:
                problems.append(
                    f"round {week.round_id}: the regression changed {before} -> {after}"
                )
        if week.plan.non_runner and week.non_runner_pick_status not in (None, 400):
            problems.append(
                f"round {week.round_id}: a pick on the non-runner got {week.non_runner_pick_status}"
            )
    return _check("bad input handled, nothing lost", problems, "; ".join(seen))


def _no_server_errors(season: Season) -> Check:
    problems = [
        f"{c.who} {c.method} {c.path} -> {c.status}"
        for c in season.journal.all()
        if c.status >= 500
    ]
    problems += season.stack.server_errors()
    calls = len(season.journal.all())
    return _check(
        "no 5xx", problems, f"{calls} API calls by players and operator, gunicorn's access log read"
    )


def _no_log_errors(season: Season) -> Check:
    problems = [
        f"{name}: {line}" for name, lines in season.stack.error_lines().items() for line in lines
    ]
    return _check("no error in the logs", problems, "web, worker, beat and manage.py logs scanned")


def _script_ran(season: Season) -> Check:
    return _check(
        "every scripted action happened",
        list(season.errors),
        f"{len(season.players)} players, {len(season.weeks)} weeks",
    )
