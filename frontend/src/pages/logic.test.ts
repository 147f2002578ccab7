import { describe, expect, it } from "vitest";
import type { Crowd, Finish, Runner } from "../api/types";
import { rankScale } from "../components/charts";
import { choose, EMPTY, fromPick, sameSelection, selectionProblem } from "./pickLogic";
import { seasonStats } from "./profileLogic";
import { movementOf, tableWithMe } from "./rankingsLogic";
import { crowdBars, deadHeats, dividendRows } from "./resultsLogic";

const runner = (number: number, non_runner = false): Runner => ({
  number,
  name: `Horse ${number}`,
  jockey: "J",
  trainer: "T",
  odds: "4.50",
  non_runner,
  silks: null,
  disqualified: false,
  coupled: "",
});
const card = [runner(1), runner(2), runner(3, true), runner(4)];

describe("the pick's rules", () => {
  it("needs a win and a place runner", () => {
    expect(selectionProblem(EMPTY, card)).toBe("pick.chooseBoth");
    expect(selectionProblem({ win: 1, place: null, alternate: null }, card)).toBe("pick.chooseBoth");
    expect(selectionProblem({ win: 1, place: 1, alternate: null }, card)).toBeNull();
  });

  it("refuses a non-runner or a runner not on the card", () => {
    expect(selectionProblem({ win: 3, place: 1, alternate: null }, card)).not.toBeNull();
    expect(selectionProblem({ win: 1, place: 2, alternate: 9 }, card)).not.toBeNull();
  });

  it("never keeps the win runner as its own alternate", () => {
    const sel = choose({ win: 1, place: 2, alternate: 4 }, "win", 4);
    expect(sel).toEqual({ win: 4, place: 2, alternate: null });
    expect(choose(sel, "alternate", 4)).toEqual(sel);
    expect(choose(sel, "alternate", 1)).toEqual({ win: 4, place: 2, alternate: 1 });
    expect(choose(sel, "alternate", null).alternate).toBeNull();
  });

  it("starts from the saved pick and knows when nothing changed", () => {
    const saved = fromPick({ round: 1, win: 2, place: 4, alternate: null, updated_at: "" });
    expect(saved).toEqual({ win: 2, place: 4, alternate: null });
    expect(sameSelection(saved, { ...saved })).toBe(true);
    expect(sameSelection(saved, choose(saved, "place", 1))).toBe(false);
    expect(fromPick(null)).toEqual(EMPTY);
  });
});

describe("reading a result", () => {
  const finish: Finish[] = [
    { position: 1, number: 5, name: "E", jockey: "", silks: null },
    { position: 1, number: 2, name: "B", jockey: "", silks: null },
    { position: 3, number: 7, name: "G", jockey: "", silks: null },
  ];

  it("marks the positions shared in a dead heat", () => {
    expect([...deadHeats(finish)]).toEqual([1]);
    expect(deadHeats(finish.slice(1)).size).toBe(0);
  });

  it("lines up win and place dividends per runner in finishing order", () => {
    const rows = dividendRows(
      [
        { kind: "place", number: 7, cents: 300, pool: "internet" },
        { kind: "win", number: 2, cents: 410, pool: "internet" },
        { kind: "place", number: 2, cents: 150, pool: "internet" },
        { kind: "win", number: 5, cents: 380, pool: "internet" },
      ],
      finish,
    );
    expect(rows).toEqual([
      { number: 5, win: 380, place: null },
      { number: 2, win: 410, place: 150 },
      { number: 7, win: null, place: 300 },
    ]);
  });

  it("shows the crowd's favourites first, as shares", () => {
    const crowd: Crowd = {
      round: 1,
      picks: 4,
      runners: [
        { number: 1, name: "A", win_picks: 1, place_picks: 2, win_percent: 25, place_percent: 50 },
        { number: 2, name: "B", win_picks: 3, place_picks: 0, win_percent: 75, place_percent: 0 },
        { number: 3, name: "C", win_picks: 0, place_picks: 0, win_percent: 0, place_percent: 0 },
      ],
    };
    expect(crowdBars(crowd)).toEqual([
      { label: "2. B", values: [0.75, 0] },
      { label: "1. A", values: [0.25, 0.5] },
    ]);
    expect(crowdBars(crowd, 10, [2], "disqualified").map((b) => b.label)).toEqual(["2. B (disqualified)", "1. A"]);
  });
});

describe("the ranking tables", () => {
  const row = (player_id: number, rank: number) => ({ player_id, rank });
  const top = [row(1, 1), row(2, 2), row(3, 3)];

  it("shows the top only when I am in it", () => {
    expect(tableWithMe(top, [row(1, 1), row(2, 2)], row(2, 2)).map((l) => l.kind)).toEqual(["row", "row", "row"]);
  });

  it("adds a gap then the rows around me when I am further down", () => {
    const lines = tableWithMe(top, [row(40, 39), row(41, 40), row(42, 41)], row(41, 40));
    expect(lines.map((l) => (l.kind === "row" ? l.row.player_id : "gap"))).toEqual([1, 2, 3, "gap", 40, 41, 42]);
  });

  it("needs no gap when my neighbours follow the top", () => {
    const lines = tableWithMe(top, [row(3, 3), row(4, 4), row(5, 5)], row(4, 4));
    expect(lines.map((l) => (l.kind === "row" ? l.row.player_id : "gap"))).toEqual([1, 2, 3, 4, 5]);
  });

  it("tells a rise from a fall and a newcomer", () => {
    expect(movementOf(2, 5)).toEqual({ kind: "up", by: 3 });
    expect(movementOf(5, 2)).toEqual({ kind: "down", by: 3 });
    expect(movementOf(3, 3)).toEqual({ kind: "same", by: 0 });
    expect(movementOf(3, null)).toEqual({ kind: "new", by: 0 });
  });
});

describe("the profile's numbers", () => {
  it("counts only settled rounds: strike rate over two selections a round", () => {
    const stats = seasonStats([
      { score: { points: 1540, win_hit: true, place_hit: true } },
      { score: { points: 0, win_hit: false, place_hit: false } },
      { score: { points: 300, win_hit: false, place_hit: true } },
      { score: null },
    ]);
    expect(stats).toEqual({ rounds: 3, points: 1840, average: 613, hits: 3, strikeRate: 0.5 });
  });

  it("is all zeros before the first result", () => {
    expect(seasonStats([])).toEqual({ rounds: 0, points: 0, average: 0, hits: 0, strikeRate: 0 });
  });
});

describe("the rank chart's scale", () => {
  it("puts rank 1 at the top and the worst rank at the bottom", () => {
    const y = rankScale([{ x: 1, y: 1, label: "" }, { x: 2, y: 5, label: "" }], 10, 110);
    expect(y(1)).toBe(10);
    expect(y(5)).toBe(110);
    expect(y(3)).toBe(60);
  });
});
