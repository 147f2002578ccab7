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
    { position: 1, number: 2, name: "Hooker Berry", jockey: "J. Jockey 2", silks: "/silks/52.png?v=1f2e3d4c5b" },
    { position: 1, number: 4, name: "Ampia Mede", jockey: "J. Jockey 4", silks: null },
    { position: 3, number: 1, name: "Idao de Tillard", jockey: "J. Jockey 1", silks: null },
  ],
  dividends: [
    { kind: "win", number: 2, cents: 420, pool: "internet" },
    { kind: "win", number: 4, cents: 380, pool: "internet" },
    { kind: "place", number: 2, cents: 160, pool: "internet" },
  ],
  non_runners: [3],
  disqualified: [5],
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
  explanation: {
    mode: "parimutuel",
    stake_cents: 200,
    non_runner_policy: "alternate_then_favourite",
    points: 840,
    legs: [
      { kind: "win", picked: 2, picked_state: "ran", settled_on: 2, settled_state: "ran", substitution: "none", dead_heat: true, dividend_cents: 420, pool: "internet", paid_runner: 2, cap_cents: 2100, capped: false, hit: true, points: 840 },
      { kind: "place", picked: 5, picked_state: "disqualified", settled_on: 5, settled_state: "disqualified", substitution: "none", dead_heat: false, dividend_cents: null, pool: null, paid_runner: null, cap_cents: 1100, capped: false, hit: false, points: 0 },
    ],
  },
  replay_url: "https://replay.example/1",
};
settled.runners = [...settled.runners, { number: 5, name: "SAINT ROI DU PERCHE", jockey: "M. ABRIVARD", trainer: "", odds: "9.00", non_runner: false, disqualified: true, coupled: "", silks: null }];

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
    // The winner's silks, as the feed gives them; none for a runner without.
    const silks = [...order.querySelectorAll("img.silks")];
    expect(silks.map((img) => img.getAttribute("src"))).toEqual(["/silks/52.png?v=1f2e3d4c5b"]);
    expect(silks[0]?.closest("tr")?.textContent).toContain("Hooker Berry");
    // A disqualified horse is in the finish, labelled, its name as a proper name.
    expect(within(order).getByRole("row", { name: /Saint Roi du Perche/ }).textContent).toContain("distancé");
    // The score explained, selection by selection.
    expect(screen.getByText("Comprendre mes points")).toBeTruthy();
    expect(screen.getByText(/Ex æquo/)).toBeTruthy();
    expect(screen.getByText("Rapport officiel : 4,20 € pour 1 € (masse internet du PMU).")).toBeTruthy();
    expect(screen.getByText(/Les commissaires l’ont distancé/)).toBeTruthy();
    expect(screen.getByText("Pas de rapport pour un cheval distancé : 0 point.")).toBeTruthy();
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
