import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RealityCheckData } from "../api/types";
import type { Lang } from "../i18n/lang";
import { renderPage } from "../test/render";
import { RealityCheckFigures } from "./RealityCheck";

/** One settled week: staked 4.00 €, nothing back. */
const ONE_WEEK: RealityCheckData = {
  season: 3,
  season_name: "Spring",
  stake_cents: 200,
  weeks: 1,
  weeks_lost: 1,
  staked_cents: 400,
  returned_cents: 0,
  net_cents: -400,
  outcome: "loss",
  refunded_bets: 0,
  seen: false,
};

/** The opening sentence, its spaces made plain (the French colon keeps a no-break space). */
function intro(check: RealityCheckData, lang: Lang): string {
  renderPage(<RealityCheckFigures check={check} />, { lang });
  const text = screen.getByText(/settled pick|pronostics? réglés?/).textContent ?? "";
  return text.replace(/\s/g, " ");
}

describe("the reality check's opening sentence", () => {
  it("speaks of one pick in the singular, in English", () => {
    expect(intro(ONE_WEEK, "en")).toBe("Your 1 settled pick this season as a real bet, 2 € to win and 2 € to place, at the official dividends (no game cap):");
  });

  it("speaks of several picks in the plural, in English", () => {
    expect(intro({ ...ONE_WEEK, weeks: 5 }, "en")).toBe(
      "Your 5 settled picks this season as real bets, 2 € to win and 2 € to place each week, at the official dividends (no game cap):",
    );
  });

  it("agrees in number in French, with a no-break space before the colon", () => {
    expect(intro(ONE_WEEK, "fr")).toBe("Votre 1 pronostic réglé de la saison en pari réel, 2 € gagnant et 2 € placé, aux rapports officiels (sans plafond du jeu) :");
    expect(screen.getByText(/pronostic réglé/).textContent).toMatch(/\u00a0:$/);
  });

  it("agrees in number in French for several picks", () => {
    expect(intro({ ...ONE_WEEK, weeks: 12 }, "fr")).toBe(
      "Vos 12 pronostics réglés de la saison en paris réels, 2 € gagnant et 2 € placé chaque semaine, aux rapports officiels (sans plafond du jeu) :",
    );
  });
});
