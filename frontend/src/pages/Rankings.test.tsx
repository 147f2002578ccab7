import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SeasonRow } from "../api/types";
import { round } from "../test/fixtures";
import { type Call, fakeApi, ME, renderPage } from "../test/render";
import Rankings from "./Rankings";

const SEASON = { id: 1, name: "Season 2026", starts_on: "2026-01-01", ends_on: "2026-12-31", status: "active", rules: {}, reminder_hours: 2 };
const TABLE = "GET /api/v1/game/seasons/1/rankings/";
const BASE = "http://testserver/api/v1/game/seasons/1/rankings/";

const seasonRow = (rank: number, player_id = 100 + rank, display_name = `Player ${rank}`): SeasonRow => ({
  rank,
  previous_rank: rank,
  player_id,
  display_name,
  points: 10_000 - rank,
  wins: 1,
  best: 500,
  rounds_played: 3,
});

/** The season table as the API pages it, `next` until the last page (3 rows a page here:
 * the app follows the links, it does not count rows). */
function seasonTable(count: number, me: SeasonRow | null) {
  return ({ query }: Call) => {
    const page = Number(query.get("page") ?? 1);
    const size = 3;
    const results = Array.from({ length: Math.max(0, Math.min(size, count - (page - 1) * size)) }, (_, i) => {
      const rank = (page - 1) * size + i + 1;
      return me && rank === me.rank ? me : seasonRow(rank);
    });
    const next = page * size < count ? `${BASE}?page=${page + 1}&page_size=${size}` : null;
    const previous = page > 1 ? `${BASE}?page=${page - 1}&page_size=${size}` : null;
    return { body: { count, next, previous, results, me, around_me: me ? [seasonRow(me.rank - 1), seasonRow(me.rank + 1)] : [] } };
  };
}

describe("the rankings page", () => {
  it("loads the next page of the season table from its next link, and stops at the end", async () => {
    const mine = seasonRow(6, ME.id, "Camille");
    const calls = fakeApi({ "GET /api/v1/game/seasons/current/": { body: SEASON }, [TABLE]: seasonTable(7, mine) });
    renderPage(<Rankings />);
    const user = userEvent.setup();
    expect(await screen.findByText("My rank: 6 of 7")).toBeTruthy();
    const table = screen.getByRole("table", { name: "Season" });
    const names = () => within(table).getAllByRole("rowheader").map((th) => th.textContent);
    // The first page, then a gap, then my row and its neighbours.
    expect(names()).toEqual(["Player 1", "Player 2", "Player 3", "Player 5", "Camille (You)", "Player 7"]);
    expect(within(table).getByText("Around me")).toBeTruthy();
    expect(within(table).getByRole("row", { name: /Camille/ }).getAttribute("aria-current")).toBe("true");

    await user.click(screen.getByRole("button", { name: "Show more" }));
    // My row is among the rows now: the rows as they come, no gap, no second copy of it.
    await waitFor(() => expect(names()).toEqual(["Player 1", "Player 2", "Player 3", "Player 4", "Player 5", "Camille (You)"]));
    expect(within(table).queryByText("Around me")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(screen.queryByRole("button", { name: "Show more" })).toBeNull());
    expect(names()).toHaveLength(7);
    const pages = calls.filter((c) => c.path === "/api/v1/game/seasons/1/rankings/").map((c) => c.query.toString());
    expect(pages).toEqual(["page=1&page_size=50", "page=2&page_size=50", "page=3&page_size=50"]);
  });

  it("shows the last settled round's table on the week's tab", async () => {
    const settled = round({ id: 12, number: 4, status: "settled", picks_open: false });
    fakeApi({
      "GET /api/v1/game/seasons/current/": { body: SEASON },
      [TABLE]: seasonTable(2, null),
      "GET /api/v1/game/rounds/": { body: { count: 1, next: null, previous: null, results: [settled] } },
      "GET /api/v1/game/rounds/12/rankings/": {
        body: {
          count: 2,
          next: null,
          previous: null,
          results: [
            { rank: 1, player_id: ME.id, display_name: "Camille", points: 1180, season_points: 5000, season_rank: 3 },
            { rank: 2, player_id: 9, display_name: "Rival", points: 0, season_points: 100, season_rank: null },
          ],
          me: { rank: 1, player_id: ME.id, display_name: "Camille", points: 1180, season_points: 5000, season_rank: 3 },
          around_me: [],
        },
      },
    });
    renderPage(<Rankings />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "This week" }));
    const table = await screen.findByRole("table", { name: "Round 4 · Prix d'Amérique" });
    expect(within(table).getByRole("row", { name: /Camille/ }).textContent).toContain("11.80");
    expect(within(table).getByRole("row", { name: /Rival/ }).textContent).toContain("—");
    expect(screen.getByText("My rank: 1 of 2")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Show more" })).toBeNull();
  });
});
