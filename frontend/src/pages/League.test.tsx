import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { round } from "../test/fixtures";
import { type Call, fakeApi, ME, renderPage } from "../test/render";
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
    { player_id: ME.id, name: "Camille", role: "owner", has_picked: true, pick: { win: 3, win_name: "Go On Boy", place: 5, place_name: "Hokkaido Jiel", alternate: null, alternate_name: null }, score: null, rank: null, global_rank: null },
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

    const picks = screen.getByRole("table", { name: "Members' picks" });
    expect(within(picks).getByRole("row", { name: /Camille/ }).textContent).toContain("Win: 3. Go On Boy · Place: 5. Hokkaido Jiel");
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
