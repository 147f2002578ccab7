import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { round } from "../test/fixtures";
import { fakeApi, renderPage } from "../test/render";
import Results from "./Results";

const settled = round({ status: "settled", picks_open: false });
settled.race.replay_url = "https://replay.example/1";

const RESULT = {
  round: settled,
  finish: [
    { position: 1, number: 2, name: "Hooker Berry", jockey: "J. Jockey 2" },
    { position: 1, number: 4, name: "Ampia Mede", jockey: "J. Jockey 4" },
    { position: 3, number: 1, name: "Idao de Tillard", jockey: "J. Jockey 1" },
  ],
  dividends: [
    { kind: "win", number: 2, cents: 420 },
    { kind: "win", number: 4, cents: 380 },
    { kind: "place", number: 2, cents: 160 },
  ],
  non_runners: [3],
  my_pick: { round: 11, win: 2, place: 1, alternate: null, updated_at: "" },
  my_score: {
    win_runner: 2,
    place_runner: 1,
    win_substituted: false,
    place_substituted: false,
    win_points: 840,
    place_points: 0,
    points: 840,
    win_hit: true,
    place_hit: false,
    settlement_version: 1,
  },
  replay_url: "https://replay.example/1",
};

describe("the results page", () => {
  it("marks dead heats and non-runners, with dividends, my points and the replay", async () => {
    fakeApi({
      "GET /api/v1/game/rounds/": { body: { count: 1, results: [settled] } },
      "GET /api/v1/game/rounds/11/result/": { body: RESULT },
      "GET /api/v1/game/rounds/11/crowd/": {
        body: { round: 11, picks: 2, runners: [{ number: 2, name: "Hooker Berry", win_picks: 2, place_picks: 1, win_percent: 100, place_percent: 50 }] },
      },
    });
    renderPage(<Results />, { lang: "fr" });
    const order = await screen.findByRole("table", { name: "Arrivée" });
    expect(within(order).getAllByTitle("ex aequo")).toHaveLength(2);
    expect(within(order).getByRole("row", { name: /Go On Boy/ }).textContent).toContain("Non-partant");
    const dividends = screen.getByRole("table", { name: "Rapports officiels (pour 1 €)" });
    expect(within(dividends).getByText(/4,20/)).toBeTruthy();
    expect(screen.getByText("8,40 pts")).toBeTruthy();
    expect(screen.getByRole("link", { name: /Voir le replay/ }).getAttribute("href")).toBe("https://replay.example/1");
    expect(screen.getByRole("img", { name: /Les pronostics des joueurs/ })).toBeTruthy();
  });

  it("says the result is not in yet while the round awaits it", async () => {
    fakeApi({
      "GET /api/v1/game/rounds/": { body: [] },
      "GET /api/v1/game/rounds/11/": { body: round({ status: "locked", picks_open: false }) },
      "GET /api/v1/game/rounds/11/result/": { status: 409, body: { detail: "not settled", code: "not_settled" } },
      "GET /api/v1/game/rounds/11/crowd/": { status: 403, body: { detail: "x", code: "not_locked" } },
    });
    renderPage(<Results roundId="11" />);
    expect(await screen.findByText("The official result is not in yet.")).toBeTruthy();
  });
});
