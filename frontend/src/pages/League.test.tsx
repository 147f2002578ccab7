import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveProvider } from "../live/LiveProvider";
import type { Frame } from "../live/socket";
import { round } from "../test/fixtures";
import { fakeLive } from "../test/live";
import { type Call, fakeApi, ME, renderPage, type Routes } from "../test/render";
import { withAppStyles, withoutAppStyles } from "../test/styles";
import League from "./League";

const LEAGUE = {
  id: "k3j4m5n6p7",
  name: "Les amis du turf",
  description: "",
  visibility: "private",
  member_limit: null,
  max_members: 1000,
  member_count: 3,
  owner: { id: ME.id, name: "Camille" },
  my_role: "owner",
  created_at: "2026-01-01T00:00:00Z",
};
const BADGES = { gold: 0, silver: 0, bronze: 0, slugs: [] };
const BASE = "http://testserver/api/v1/leagues/k3j4m5n6p7/table/";

const member = (rank: number, player_id: number, name: string) => ({
  player_id,
  name,
  role: "member",
  rank,
  previous_rank: null,
  movement: null,
  points: 2000 - rank * 100,
  wins: 1,
  best: 500,
  rounds_played: 2,
  global_rank: rank,
  badges: BADGES,
});

/** The league table in pages of two rows (the app follows `next`). */
function table({ query }: Call) {
  const rows = [member(1, 9, "Alice"), member(2, ME.id, "Camille"), member(3, 10, "Bob")];
  const page = Number(query.get("page") ?? 1);
  return {
    body: {
      league: LEAGUE,
      season: { id: 1, name: "Season 2026", status: "active" },
      last_round: { id: 11, number: 3, status: "settled", locks_at: "2026-01-01T00:00:00Z", race_name: "Prix d'Amérique" },
      count: rows.length,
      next: page === 1 ? `${BASE}?page=2&page_size=2` : null,
      previous: page === 1 ? null : `${BASE}?page_size=2`,
      results: rows.slice((page - 1) * 2, page * 2),
    },
  };
}

const PICKS = {
  league: LEAGUE,
  round: { id: 12, number: 4, status: "open", locks_at: "2026-06-01T12:00:00Z", race_name: "Prix de Diane" },
  locked: false,
  settled: false,
  count: 2,
  next: null,
  previous: null,
  results: [
    { player_id: ME.id, name: "Camille", role: "owner", has_picked: true, pick: { win: 3, win_name: "GO ON BOY", place: 5, place_name: "HOKKAIDO JIEL", alternate: null, alternate_name: null }, score: null, rank: null, global_rank: null },
    { player_id: 9, name: "Alice", role: "member", has_picked: true, pick: null, score: null, rank: null, global_rank: null },
  ],
};

const MEMBERS = {
  count: 3,
  next: null,
  previous: null,
  results: [
    { player: { id: 9, name: "Alice" }, role: "owner", joined_at: "2026-01-01T00:00:00Z" },
    { player: { id: ME.id, name: "Camille" }, role: "member", joined_at: "2026-01-02T00:00:00Z" },
    { player: { id: 10, name: "Bob" }, role: "member", joined_at: "2026-01-03T00:00:00Z" },
  ],
};

describe("a league", () => {
  it("shows its table page by page, and the members' picks of the current round", async () => {
    const calls = fakeApi({
      "GET /api/v1/leagues/k3j4m5n6p7/": { body: { ...LEAGUE, owner: { id: 9, name: "Alice" }, my_role: "member" } },
      "GET /api/v1/leagues/k3j4m5n6p7/members/": { body: MEMBERS },
      "GET /api/v1/leagues/k3j4m5n6p7/table/": table,
      "GET /api/v1/leagues/k3j4m5n6p7/invite/": { status: 403, body: { detail: "Not allowed.", code: "permission_denied" } },
      "GET /api/v1/game/rounds/": { body: { count: 1, next: null, previous: null, results: [round({ id: 12 })] } },
      "GET /api/v1/leagues/k3j4m5n6p7/rounds/12/": { body: PICKS },
    });
    renderPage(<League id="k3j4m5n6p7" />);
    expect(await screen.findByRole("heading", { level: 1, name: "Les amis du turf" })).toBeTruthy();
    const standings = await screen.findByRole("table", { name: "League table · Season 2026" });
    const names = () => within(standings).getAllByRole("rowheader").map((th) => th.textContent?.replace(/\s+/g, " ").trim());
    expect(names()).toEqual(["Alice", "Camille (You)"]);
    await userEvent.setup().click(within(screen.getByRole("region", { name: "League table" })).getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(names()).toEqual(["Alice", "Camille (You)", "Bob"]));
    expect(within(standings).getByRole("row", { name: /Bob/ }).textContent).toContain("17.00");

    const picks = screen.getByRole("table", { name: "Members' picks · Round 4" });
    const camille = within(picks).getByRole("row", { name: /Camille/ });
    expect(within(camille).getByText("Win: 3. Go On Boy")).toBeTruthy();
    expect(within(camille).getByText("Place: 5. Hokkaido Jiel")).toBeTruthy();
    expect(within(picks).getByRole("row", { name: /Alice/ }).textContent).toContain("✓");
    // Not allowed to share the invitation: no invite box.
    expect(screen.queryByLabelText("Invitation link")).toBeNull();
    expect(calls.filter((c) => c.path.endsWith("/table/")).map((c) => c.query.get("page"))).toEqual(["1", "2"]);
    // A plain member manages nothing, and may leave.
    expect(screen.queryByRole("button", { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole("heading", { name: "League settings" })).toBeNull();
    expect(screen.getByRole("button", { name: "Leave the league" })).toBeTruthy();
  });
});

/** Round 3 (id 11) as the league sees it once settled: every pick, the points and the ranks. */
const SETTLED = {
  ...PICKS,
  round: { id: 11, number: 3, status: "settled", locks_at: "2026-05-24T12:00:00Z", race_name: "Prix d'Amérique" },
  locked: true,
  settled: true,
  results: [
    { ...PICKS.results[1], pick: { win: 7, win_name: "Idao de Tillard", place: 2, place_name: "Hooker Berry", alternate: null, alternate_name: null }, score: { points: 1180, win_points: 1180, place_points: 0, win_hit: true, place_hit: false, win_runner: 7, place_runner: 2 }, rank: 1, global_rank: 12 },
    { ...PICKS.results[0], score: { points: 0, win_points: 0, place_points: 0, win_hit: false, place_hit: false, win_runner: 3, place_runner: 5 }, rank: 2, global_rank: 140 },
  ],
};

const message = (id: number, author: number, name: string, text: string) => ({ id, author, name, text, created_at: "2026-05-24T12:30:00Z" });

/** Round 4 (id 12) open for picks while round 3 (id 11) has just settled. */
function afterSettlement(): Routes {
  return {
    "GET /api/v1/leagues/k3j4m5n6p7/": { body: { ...LEAGUE, owner: { id: 9, name: "Alice" }, my_role: "member" } },
    "GET /api/v1/leagues/k3j4m5n6p7/members/": { body: MEMBERS },
    "GET /api/v1/leagues/k3j4m5n6p7/table/": table,
    "GET /api/v1/leagues/k3j4m5n6p7/invite/": { status: 403, body: { detail: "Not allowed.", code: "permission_denied" } },
    "GET /api/v1/game/rounds/": { body: { count: 1, next: null, previous: null, results: [round({ id: 12, number: 4 })] } },
    "GET /api/v1/leagues/k3j4m5n6p7/rounds/12/": { body: PICKS },
    "GET /api/v1/leagues/k3j4m5n6p7/rounds/11/": { body: SETTLED },
  };
}

/** The league page with the live layer, as the app renders it. */
function showWithRoom() {
  renderPage(
    <LiveProvider>
      <League id="k3j4m5n6p7" />
    </LiveProvider>,
  );
}

function joined(frame: Frame): Frame[] {
  if (frame.type !== "room.join") return [];
  return [
    {
      type: "room.joined",
      league: frame.league,
      round: frame.round,
      status: "settled",
      history: [message(1, 9, "Alice", "Told you: number 7!"), message(2, ME.id, "Camille", "Well played")],
      picks: [],
      points: [{ player: 9, name: "Alice", points: 1180, rank: 1 }],
    },
  ];
}

describe("a league after its round is settled", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("keeps the settled round and its race-day room for the debrief, beside the next round", async () => {
    const calls = fakeApi(afterSettlement());
    const live = fakeLive(joined);
    showWithRoom();
    const room = await screen.findByRole("region", { name: "Race-day room" });
    expect(within(room).getByText("Round: settled")).toBeTruthy();
    expect(within(room).getByText("Alice: 11.80 points")).toBeTruthy();
    expect(live.sent.filter((f) => f.type === "room.join")).toEqual([{ type: "room.join", ref: "join:k3j4m5n6p7:11", league: "k3j4m5n6p7", round: 11 }]);

    // The settled round's view: every pick, the points and the ranks in the league and overall.
    const settled = await screen.findByRole("table", { name: "Members' picks · Round 3" });
    const alice = within(settled).getByRole("row", { name: /Alice/ });
    expect(alice.textContent).toContain("Win: 7. Idao de Tillard");
    expect(alice.textContent).toContain("11.80");
    expect(alice.textContent).toContain("1, 12 overall");
    // The next round's, with its picks hidden until its lock.
    const next = screen.getByRole("table", { name: "Members' picks · Round 4" });
    expect(within(next).getByRole("row", { name: /Alice/ }).textContent).toContain("✓");
    expect(screen.getByText("Members' picks are shown once the race locks.")).toBeTruthy();
    expect(calls.some((c) => c.path.endsWith("/rounds/11/"))).toBe(true);

    // Another member's message can be reported; one's own cannot.
    expect(within(room).getByRole("button", { name: "Report the message from Alice" })).toBeTruthy();
    expect(within(room).queryByRole("button", { name: /Report the message from Camille/ })).toBeNull();
    expect(within(room).getAllByRole("button", { name: /^Report/ })).toHaveLength(1);
  });

  it("shows only the next round once the debrief is over", async () => {
    const calls = fakeApi(afterSettlement());
    const live = fakeLive((frame) =>
      frame.type === "room.join" ? [{ type: "error", code: "room_closed", detail: "The race-day room is open from the lock to the debrief.", ref: frame.ref }] : [],
    );
    showWithRoom();
    expect(await screen.findByRole("table", { name: "Members' picks · Round 4" })).toBeTruthy();
    await waitFor(() => expect(live.sent.some((f) => f.type === "room.join" && f.round === 11)).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole("region", { name: "Race-day room" })).toBeNull();
    expect(screen.queryByText(/race-day room is/i)).toBeNull();
    expect(screen.queryByRole("table", { name: "Members' picks · Round 3" })).toBeNull();
    expect(calls.some((c) => c.path.endsWith("/rounds/11/"))).toBe(false);
  });

  it("shows the locked round's room, not the last settled one's", async () => {
    const routes = afterSettlement();
    routes["GET /api/v1/game/rounds/"] = { body: { count: 1, next: null, previous: null, results: [round({ id: 12, number: 4, status: "locked", picks_open: false })] } };
    routes["GET /api/v1/leagues/k3j4m5n6p7/rounds/12/"] = { body: { ...PICKS, locked: true } };
    fakeApi(routes);
    const live = fakeLive((frame) => (frame.type === "room.join" ? [{ ...joined(frame)[0], status: "locked", points: [] } as Frame] : []));
    showWithRoom();
    const room = await screen.findByRole("region", { name: "Race-day room" });
    expect(within(room).getByText("Round: locked, race under way")).toBeTruthy();
    expect(live.sent.filter((f) => f.type === "room.join").map((f) => f.round)).toEqual([12]);
    expect(screen.queryByRole("table", { name: "Members' picks · Round 3" })).toBeNull();
  });
});

describe("a league's picks on a 360 px phone", () => {
  afterEach(() => {
    withoutAppStyles();
    vi.unstubAllGlobals();
  });

  /** No round takes picks: the page shows the last settled round's picks, points and ranks. */
  async function settledPicks() {
    const routes = afterSettlement();
    routes["GET /api/v1/game/rounds/"] = { body: { count: 0, next: null, previous: null, results: [] } };
    fakeApi(routes);
    withAppStyles();
    renderPage(<League id="k3j4m5n6p7" />);
    return screen.findByRole("table", { name: "Members' picks · Round 3" });
  }

  it("puts the win and the place of a pick on two lines that wrap", async () => {
    const picks = await settledPicks();
    const camille = within(picks).getByRole("row", { name: /Camille/ });
    for (const text of ["Win: 3. Go On Boy", "Place: 5. Hokkaido Jiel"]) {
      const line = within(camille).getByText(text);
      expect(line.tagName).toBe("SPAN");
      expect(getComputedStyle(line).display).toBe("block");
      expect(getComputedStyle(line).whiteSpace).toBe("normal");
    }
  });

  it("stacks the league rank over the overall rank in small type", async () => {
    const picks = await settledPicks();
    const alice = within(picks).getByRole("row", { name: /Alice/ });
    const overall = within(alice).getByText("12 overall");
    expect(overall.tagName).toBe("SMALL");
    expect(getComputedStyle(overall).display).toBe("block");
    expect(getComputedStyle(overall).fontSize).toBe("0.75rem");
    const rank = overall.closest("td") as HTMLElement;
    expect(rank.firstChild?.textContent).toBe("1");
    // Read as "1, 12 overall": the comma is for screen readers only.
    expect(within(rank).getByText(",", { exact: false }).className).toBe("visually-hidden");
  });

  it("keeps the four columns close together on a phone", async () => {
    const picks = await settledPicks();
    const cells = within(picks).getAllByRole("cell");
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of [...cells, ...within(picks).getAllByRole("rowheader")]) {
      expect(getComputedStyle(cell).paddingLeft).toBe("0.25rem");
      expect(getComputedStyle(cell).paddingRight).toBe("0.25rem");
    }
  });
});
