import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import Home from "../pages/Home";
import { fakeApi, renderPage } from "../test/render";

const future = new Date(Date.now() + 2 * 86_400_000).toISOString();
const SHOWCASE = {
  season: { id: 3, name: "Spring 2026" },
  rounds: [
    {
      id: 41,
      number: 9,
      status: "open",
      locks_at: future,
      result_expected_at: future,
      runner_count: 16,
      race: { name: "Prix de Cornulier", racecourse: "Vincennes", discipline: "TROT_MONTE", distance: 2700, post_time: future },
    },
  ],
  top: [
    { rank: 1, display_name: "Lucie", points: 4210, wins: 3 },
    { rank: 2, display_name: "Marc", points: 3980, wins: 2 },
  ],
};
const ANSWERS = [
  {
    topic: 12,
    title: "What does a dead heat pay?",
    category: { slug: "rules", name_en: "Rules", name_fr: "Règlement" },
    excerpt: "Half the dividend to each.",
    answered_by: "Lucie",
    answered_at: "2026-03-02T10:00:00Z",
    accepted: true,
  },
];

describe("the visitors' home", () => {
  it("shows this week's race, the top of the table and recent answers, leading to sign-up", async () => {
    fakeApi({ "GET /api/v1/game/showcase/": { body: SHOWCASE }, "GET /api/v1/community/answers/recent/": { body: ANSWERS } });
    renderPage(<Home />, { me: null });
    expect(await screen.findByRole("heading", { name: "Prix de Cornulier" })).toBeTruthy();
    expect(screen.getByRole("timer")).toBeTruthy();
    const pick = screen.getByRole("link", { name: "Sign up to pick" });
    expect(pick.getAttribute("href")).toBe(`/account/signup?next=${encodeURIComponent("/rounds/41")}`);
    expect(screen.getByRole("rowheader", { name: "Lucie" })).toBeTruthy();
    expect(screen.getByText("1st")).toBeTruthy();
    expect(await screen.findByRole("link", { name: "What does a dead heat pay?" })).toBeTruthy();
    expect(screen.getByText(/answered by Lucie/)).toBeTruthy();
  });

  it("speaks French and stands without answers", async () => {
    fakeApi({ "GET /api/v1/game/showcase/": { body: { ...SHOWCASE, top: [] } }, "GET /api/v1/community/answers/recent/": { status: 500 } });
    renderPage(<Home />, { me: null, lang: "fr" });
    expect(await screen.findByRole("link", { name: "S’inscrire pour pronostiquer" })).toBeTruthy();
    expect(screen.queryByText(/Tête du classement/)).toBeNull();
    expect(screen.queryByText("Les dernières réponses de la communauté")).toBeNull();
  });
});
