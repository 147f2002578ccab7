import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ReputationEvent } from "../../api/types";
import type { Lang } from "../../i18n/lang";
import { fakeApi, renderPage } from "../../test/render";
import { myProfile, reputationEvent } from "./fixtures";
import { MyReputation } from "./Reputation";

/** Every kind the API names, a withdrawn vote, and a kind a newer server may send one day. */
const EVENTS: ReputationEvent[] = [
  reputationEvent(1, "accepted_answer", 15),
  reputationEvent(2, "reply_helpful", 10),
  reputationEvent(3, "question_helpful", 5),
  reputationEvent(4, "mission", 25),
  reputationEvent(5, "live_help", 10),
  reputationEvent(6, "reply_helpful", -10, { is_reversal: true }),
  reputationEvent(7, "tipster_of_the_month" as ReputationEvent["kind"], 50),
];

async function history(lang: Lang): Promise<string[]> {
  fakeApi({
    "GET /api/v1/community/me/": { body: myProfile({ reputation: 105 }) },
    "GET /api/v1/community/me/reputation/": { body: { count: EVENTS.length, next: null, previous: null, results: EVENTS } },
    "GET /api/v1/community/badges/": { body: [] },
  });
  renderPage(<MyReputation />, { lang });
  const table = await screen.findByRole("table", { name: lang === "fr" ? "Historique de réputation" : "Reputation history" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => `${row.children[1]?.textContent} ${row.children[2]?.textContent}`);
}

describe("my reputation history", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("names every kind of event in English, and an unknown one plainly", async () => {
    expect(await history("en")).toEqual([
      "Answer accepted +15",
      "Reply voted helpful +10",
      "Question voted helpful +5",
      "Mission completed +25",
      "Live help rated helpful +10",
      "Reply voted helpful (withdrawn) −10",
      "Reputation points +50",
    ]);
  });

  it("names every kind of event in French, never a raw key", async () => {
    const rows = await history("fr");
    expect(rows).toEqual([
      "Réponse acceptée +15",
      "Réponse votée utile +10",
      "Question votée utile +5",
      "Mission accomplie +25",
      "Aide en direct jugée utile +10",
      "Réponse votée utile (retiré) −10",
      "Points de réputation +50",
    ]);
    expect(rows.join(" ")).not.toContain("community.");
  });
});
