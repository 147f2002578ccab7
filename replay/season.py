"""The script of a replayed season: each week the feed publishes a card, the operator
features its race, players act through the API, the race is run, the feed publishes the
provisional arrival and then the official dividends (and, some weeks, a late non-runner, a
corrected result, documents cut short, a feed too slow to answer, a result going back to
provisional). Everything observed is kept in `Week` records for the checks."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import referee
from .actors import Operator, Player
from .client import Client, Journal
from .feed import CORRECTED, OFFICIAL, PROVISIONAL, REGRESSED, FeedState, RaceDay
from .mailbox import Mailbox
from .stack import Stack

RUNNERS = range(1, 15)  # the recorded field: 14 runners
LATE_NON_RUNNER = 5  # declared a non-runner after the picks, in the weeks that have one
CORRECTION = (3, 330)  # the PLACE dividend of #3, 2.90 corrected to 3.30
ROLES = ("early", "alternate", "reminder", "changer", "misser")


@dataclass
class Plan:
    """What happens in one week besides the ordinary."""

    truncate: int = 0
    slow: int = 0
    non_runner: bool = False
    correction: bool = False
    regression: bool = False


def plan_for(week: int) -> Plan:
    if week == 0:
        return Plan(truncate=2, correction=True, regression=True)
    if week == 1:
        return Plan(slow=2, non_runner=True)
    return [Plan(), Plan(non_runner=True), Plan(correction=True, truncate=1)][week % 3]


@dataclass
class Week:
    number: int
    plan: Plan
    race: RaceDay
    started: float
    season: int = 0
    race_id: int = 0
    round_id: int = 0
    opens_at: float = 0.0
    locks_at: float = 0.0
    # When the operator's round existed: on a busy machine the card import can outlast the
    # 8 s planned before opens_at, and a round cannot open before it is made.
    featured_at: float = 0.0
    seen_open: float | None = None
    late_pick_status: int | None = None
    non_runner_pick_status: int | None = None
    non_runner_at: float | None = None
    results: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    regression: dict[str, Any] = field(default_factory=dict)
    operator_view: dict[str, Any] = field(default_factory=dict)
    ended: float = 0.0


@dataclass
class Season:
    stack: Stack
    feed: FeedState
    mailbox: Mailbox
    journal: Journal
    weeks_count: int
    players_count: int
    time_scale: float
    seed: int = 7
    operator: Operator | None = None
    players: list[Player] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    leagues: dict[str, list[int]] = field(default_factory=dict)
    season_id: int = 0
    errors: list[str] = field(default_factory=list)
    first_day: dt.date = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)
    )

    @property
    def reminder_window(self) -> float:
        return 2 * 3600 / self.time_scale

    @property
    def beat(self) -> float:
        return max(1.0, 300 / self.time_scale)

    # --- the season -------------------------------------------------------------------

    def run(self, say: Callable[[str], None]) -> None:
        self.operator = Operator.create(self.stack, self.journal)
        last_day = self.first_day + dt.timedelta(days=7 * self.weeks_count)
        self.season_id = self.operator.season("Replayed season", self.first_day, last_day)
        late = 2 if self.weeks_count > 1 else 0
        self._sign_up(range(self.players_count - late))
        self._social(self.players)
        for number in range(self.weeks_count):
            if number == 1 and late:
                joined = self._sign_up(range(self.players_count - late, self.players_count))
                self._join_late(joined)
            week = self._week(number)
            say(
                f"week {number + 1}: round {week.round_id} settled "
                f"(settlement v{week.operator_view.get('settlement_version')}), "
                f"{sum(week.round_id in p.picks for p in self.players)} picks"
            )

    def _sign_up(self, indexes: range) -> list[Player]:
        joined = []
        for index in indexes:
            client = Client(self.stack.site, f"player{index}", self.journal)
            player = Player(index, client, f"rider{index}@replay.local")
            player.sign_up(self.mailbox)
            self.players.append(player)
            joined.append(player)
        return joined

    def _social(self, players: list[Player]) -> None:
        """A private league joined by invitation links, a public one joined from the
        directory, a question asked and answered in the community."""
        owner = players[0]
        league = owner.client.ok("POST", "/api/v1/leagues/", {"name": "Replay Friends"})
        link = owner.client.get(f"/api/v1/leagues/{league['id']}/invite/")["share"]["link"]
        code = link.rstrip("/").rsplit("/", 1)[-1]
        for friend in players[1:5]:
            friend.client.ok("POST", f"/api/v1/leagues/join/{code}/")
        self.leagues[league["id"]] = [p.index for p in players[:5]]
        public = players[5].client.ok(
            "POST", "/api/v1/leagues/", {"name": "Replay Open Paddock", "visibility": "public"}
        )
        for member in players[6:8]:
            member.client.ok("POST", f"/api/v1/leagues/{public['id']}/join/")
        self.leagues[public["id"]] = [p.index for p in players[5:8]]
        self._invite_code = code
        categories = players[2].client.get("/api/v1/community/categories/")
        slug = (categories["results"] if isinstance(categories, dict) else categories)[0]["slug"]
        topic = players[2].client.ok(
            "POST",
            "/api/v1/community/topics/",
            {"category": slug, "title": "How does the place dividend work?", "body": "New here."},
        )
        reply = players[3].client.ok(
            "POST",
            f"/api/v1/community/topics/{topic['id']}/replies/",
            {"body": "You score 2 times the place dividend when your horse is placed."},
        )
        players[2].client.ok(
            "POST", f"/api/v1/community/topics/{topic['id']}/accept/", {"post_id": reply["id"]}
        )

    def _join_late(self, joined: list[Player]) -> None:
        for player in joined:
            player.client.ok("POST", f"/api/v1/leagues/join/{self._invite_code}/")
            next(iter(self.leagues.values())).append(player.index)

    # --- one week ---------------------------------------------------------------------

    def _week(self, number: int) -> Week:
        assert self.operator is not None
        plan = plan_for(number)
        open_span = 2 * self.reminder_window + 10
        now = dt.datetime.now(dt.UTC)
        opens_at = now + dt.timedelta(seconds=8)
        post_time = opens_at + dt.timedelta(seconds=open_span)
        race = RaceDay(self.first_day + dt.timedelta(days=7 * number), post_time)
        if plan.correction:
            race.correction = CORRECTION
        with self.feed.lock:
            self.feed.days[race.key] = race
        week = Week(number, plan, race, time.time(), season=self.season_id)
        self.weeks.append(week)
        self.operator.import_card(race.day)
        week.race_id = self.operator.race_id(race.day)
        week.round_id = int(
            self.operator.feature(self.season_id, week.race_id, opens_at)["round"]["id"]
        )
        week.featured_at = time.time()
        week.opens_at, week.locks_at = opens_at.timestamp(), post_time.timestamp()
        self._play(week)
        self._run_race(week)
        self._after_result(week)
        week.ended = time.time()
        return week

    def _play(self, week: Week) -> None:
        """Until the lock: players in threads; the operator imports a late non-runner."""
        watcher = self.players[-1]
        while week.seen_open is None:
            rows = watcher.client.get("/api/v1/game/rounds/")["results"]
            if any(r["id"] == week.round_id and r["status"] == "open" for r in rows):
                week.seen_open = time.time()
            elif time.time() > week.locks_at:
                raise RuntimeError(f"round {week.round_id} never opened")
            else:
                time.sleep(0.25)
        threads = [
            threading.Thread(target=self._guarded, args=(p, week), daemon=True)
            for p in self.players
        ]
        for thread in threads:
            thread.start()
        if week.plan.non_runner:
            _sleep_until(week.opens_at + self.reminder_window * 0.6)
            with self.feed.lock:
                week.race.non_runner = LATE_NON_RUNNER
            assert self.operator is not None
            self.operator.import_card(week.race.day)
            week.non_runner_at = time.time()
        for thread in threads:
            thread.join(timeout=week.locks_at - time.time() + 30)
        # A pick just after the lock must be refused.
        _sleep_until(week.locks_at + 0.3)
        week.late_pick_status = self.players[0].pick(week.round_id, 1, 2)

    def _guarded(self, player: Player, week: Week) -> None:
        try:
            self._act(player, week)
        except Exception as exc:  # noqa: BLE001 - reported, the week goes on
            self.errors.append(f"week {week.number + 1} {player.email}: {exc}")

    def _act(self, player: Player, week: Week) -> None:
        rng = random.Random(self.seed * 1000 + week.number * 100 + player.index)
        role = ROLES[player.index % len(ROLES)]
        if role == "misser" and week.number % 2 == 0:
            return
        played_before = any(w.round_id in player.picks for w in self.weeks[:-1])
        expects_announcement = week.number == 0 or played_before
        if role == "reminder" and expects_announcement:
            self._wait_mail(player, "reminder", since=week.started, until=week.locks_at)
            self._pick_now(player, week, rng)
            return
        if expects_announcement:
            self._wait_mail(player, "round_open", since=week.started, until=week.locks_at)
        else:
            time.sleep(rng.uniform(0.5, 2.0))
        self._first_pick(player, week, rng, role)
        if role == "changer":
            _sleep_until(week.opens_at + self.reminder_window * 0.8)
            self._pick_now(player, week, rng)

    def _wait_mail(self, player: Player, kind: str, *, since: float, until: float) -> None:
        while time.time() < until:
            if any(
                m.to == player.email and m.kind == kind and m.at >= since
                for m in self.mailbox.all()
            ):
                return
            time.sleep(0.2)
        raise TimeoutError(f"no {kind} email for {player.email}")

    def _first_pick(self, player: Player, week: Week, rng: random.Random, role: str) -> None:
        if week.plan.non_runner and role in ("early", "alternate"):
            alternate = rng.choice([n for n in RUNNERS if n != LATE_NON_RUNNER])
            player.pick(
                week.round_id,
                LATE_NON_RUNNER,
                rng.choice(RUNNERS),
                alternate if role == "alternate" else None,
            )
            return
        self._pick_now(player, week, rng)

    def _pick_now(self, player: Player, week: Week, rng: random.Random) -> None:
        starters = [n for n in RUNNERS if n != week.race.non_runner]
        non_runner = week.race.non_runner
        if non_runner and week.non_runner_at is not None and player.index % len(ROLES) == 2:
            # The card shows the non-runner greyed out once the operator's import of it is
            # done (non_runner_at); picking it anyway is refused. Before the import ends the
            # server cannot know it, so a pick on it then proves nothing.
            week.non_runner_pick_status = player.pick(week.round_id, non_runner, 1)
        player.pick(week.round_id, rng.choice(starters), rng.choice(starters))

    # --- the race and its result -------------------------------------------------------

    def _run_race(self, week: Week) -> None:
        with self.feed.lock:
            week.race.truncate_next = week.plan.truncate
            week.race.slow_next = week.plan.slow
        _sleep_until(week.locks_at + 2 * self.beat + 1)
        self._publish(week, PROVISIONAL)
        _sleep_until(time.time() + 3 * self.beat)
        self._publish(week, OFFICIAL)
        self._wait_settled(week, version=1)

    def _publish(self, week: Week, stage: str) -> None:
        with self.feed.lock:
            week.race.stage = stage
            if stage in (OFFICIAL, CORRECTED):
                week.results.append(
                    (self.feed.participants(week.race), self.feed.rapports(week.race) or [])
                )

    def _wait_settled(self, week: Week, *, version: int, timeout: float = 120) -> None:
        assert self.operator is not None
        deadline = time.time() + timeout
        while time.time() < deadline:
            view = self.operator.round(week.round_id)
            if view["status"] == "settled" and view["settlement_version"] >= version:
                week.operator_view = view
                return
            time.sleep(0.5)
        raise RuntimeError(f"round {week.round_id} not settled (v{version}) in {timeout:.0f}s")

    def _after_result(self, week: Week) -> None:
        assert self.operator is not None
        self._wait_results_emails(week, since=week.locks_at)
        if week.plan.correction:
            self._publish(week, CORRECTED)
            done = self.operator.fetch_result(week.race_id)
            if done.returncode != 0:
                self.errors.append(f"correction import failed: {done.stdout}{done.stderr}")
            self._wait_settled(week, version=2)
            self._wait_results_emails(week, since=week.locks_at, kind="correction")
        if week.plan.regression:
            before = self.operator.round(week.round_id)
            self._publish(week, REGRESSED)
            done = self.operator.fetch_result(week.race_id)
            time.sleep(2 * self.beat)
            after = self.operator.round(week.round_id)
            week.regression = {"before": before, "after": after, "exit": done.returncode}
            with self.feed.lock:
                week.race.stage = CORRECTED if week.plan.correction else OFFICIAL
        for player in self.players[:2]:
            thread = player.client.get(f"/api/v1/community/rounds/{week.round_id}/thread/")
            player.client.ok(
                "POST",
                f"/api/v1/community/topics/{thread['topic_id']}/replies/",
                {"body": f"Week {week.number + 1}: well run, see you next week."},
            )
        time.sleep(2 * self.beat)  # emails still in flight land before the next week

    def _wait_results_emails(
        self, week: Week, *, since: float, kind: str = "results", timeout: float = 60
    ) -> None:
        """Until every expected recipient has the email (the checks judge the rest)."""
        if kind == "results":
            expected = {p.email for p in self.players if week.round_id in p.picks}
        else:
            expected = {
                p.email for p in self.players if p.index in moved_points(week, self.players)
            }
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = {m.to for m in self.mailbox.all() if m.kind == kind and m.at >= since}
            if expected <= got:
                return
            time.sleep(0.3)


def moved_points(week: Week, players: list[Player]) -> set[int]:
    """Players whose points the correction changed, by the independent scorer."""
    if len(week.results) < 2:
        return set()
    first, last = (referee.outcome(*week.results[0]), referee.outcome(*week.results[-1]))
    moved = set()
    for player in players:
        pick = player.picks.get(week.round_id)
        if pick is None:
            continue
        before = referee.score(pick.win, pick.place, pick.alternate, first).points
        after = referee.score(pick.win, pick.place, pick.alternate, last).points
        if before != after:
            moved.add(player.index)
    return moved


def _sleep_until(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        time.sleep(delay)
