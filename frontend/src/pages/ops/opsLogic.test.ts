import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { countsText, featurable, type Impact, impactSentence, importSentence, needsSecondFactor, newInTop, points, reached, shiftDay, type Step } from "./opsLogic";

const step = (key: string, state: string): Step => ({ key, state, at: null, detail: "" }) as Step;

const impact = (over: Partial<Impact> = {}): Impact => ({
  round: 3,
  number: 2,
  settled: true,
  scored: true,
  reason: "",
  picks: 40,
  moved: 6,
  biggest: [],
  top_before: [{ rank: 1, player_id: 1, name: "Ann", points: 900 }],
  top_after: [
    { rank: 1, player_id: 2, name: "Bob", points: 1000 },
    { rank: 2, player_id: 1, name: "Ann", points: 900 },
  ],
  ...over,
});

describe("the week board", () => {
  it("heads with the furthest step done", () => {
    expect(reached([step("draft", "done"), step("open", "done"), step("locked", "current"), step("settled", "pending")])).toBe("open");
    expect(reached([step("draft", "done"), step("settled", "done"), step("emails", "current")])).toBe("settled");
  });
});

describe("imports in words", () => {
  it("counts what changes", () => {
    expect(countsText({ created: 12, updated: 3, unchanged: 40, removed: 0 })).toBe("12 new, 3 updated, 40 unchanged");
    expect(countsText({ created: 0, updated: 0, unchanged: 5, removed: 0 })).toBe("nothing changes (5 unchanged)");
    expect(countsText({ created: 0, updated: 0, unchanged: 0, removed: 0 })).toBe("nothing to import");
    // A correction that only drops a dividend changes the result.
    expect(countsText({ created: 0, updated: 0, unchanged: 7, removed: 1 })).toBe("0 new, 0 updated, 7 unchanged, 1 removed");
  });

  it("names the race, the files and the warnings", () => {
    const summary = {
      kind: "results",
      files: "participants_R1_C1.json, rapports_R1_C1.json",
      race: { id: 4, code: "R1C1", name: "Prix", date: "2025-11-05", status: "official", result_version: 1 },
      created: 2,
      updated: 14,
      unchanged: 0,
      removed: 0,
      warnings: ["short list"],
    } as unknown as Parameters<typeof importSentence>[0];
    expect(importSentence(summary, true)).toBe(
      "Imported the result of R1C1 (2025-11-05) from participants_R1_C1.json, rapports_R1_C1.json: 2 new, 14 updated, 0 unchanged. 1 warning.",
    );
  });

  it("says who a corrected result moves, and who enters the top 10", () => {
    expect(impactSentence(impact())).toBe("Round 2 (correction): 6 of 40 players' points move.");
    expect(impactSentence(impact({ scored: false, reason: "The round is not locked yet." }))).toBe(
      "Round 2: not scored by this result (The round is not locked yet).",
    );
    expect(newInTop(impact())).toEqual(["Bob"]);
  });

  it("shows points as the game does", () => {
    expect(points(1180)).toBe("11.80");
    expect(points(-205)).toBe("-2.05");
    expect(points(0)).toBe("0.00");
  });
});

describe("the console's helpers", () => {
  it("tells a missing second factor from a plain refusal", () => {
    expect(needsSecondFactor(new ApiError(403, { detail: "x", code: "mfa_required" }))).toBe(true);
    expect(needsSecondFactor(new ApiError(403, { detail: "x", code: "permission_denied" }))).toBe(false);
    expect(needsSecondFactor(new Error("x"))).toBe(false);
  });

  it("offers to feature only a race without a result", () => {
    expect(featurable("scheduled")).toBe(true);
    expect(featurable("running")).toBe(true);
    for (const over of ["provisional", "official", "cancelled", "refunded"]) expect(featurable(over)).toBe(false);
  });

  it("moves along the calendar across months", () => {
    expect(shiftDay("2025-11-30", 1)).toBe("2025-12-01");
    expect(shiftDay("2025-03-01", -1)).toBe("2025-02-28");
  });
});
