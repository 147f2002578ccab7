import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import { BadgeIcon, emblemOf } from "./BadgeIcon";
import { NextBadges, nextBadges } from "./BadgeProgress";
import { BadgeCounts } from "./community";

const badge = (slug: string, tier: "gold" | "silver" | "bronze", name: string, description: string) => ({
  slug,
  tier,
  side: "community" as const,
  name_en: name,
  name_fr: `${name} (fr)`,
  description_en: description,
  description_fr: description,
  per_season: false,
});
const CATALOGUE = [
  badge("accepted-10", "bronze", "Helping hand", "10 answers accepted."),
  badge("accepted-50", "silver", "Paddock mentor", "50 answers accepted."),
  badge("helpful-10", "bronze", "Useful", "10 helpful votes received."),
  badge("longshot", "gold", "Longshot", "Picked a winner paying more than 20.00 € for 1 €."),
];
const PROGRESS = [
  { slug: "accepted-10", held: true, current: 10, target: 10 },
  { slug: "accepted-50", held: false, current: 12, target: 50 },
  { slug: "helpful-10", held: false, current: 4, target: 10 },
  { slug: "longshot", held: false, current: null, target: null },
];

describe("badges", () => {
  it("names the next badge of each ladder, skipping those held", () => {
    expect(nextBadges(PROGRESS).map((r) => r.slug)).toEqual(["accepted-50", "helpful-10", "longshot"]);
  });

  it("draws each family with its own emblem in its tier's colour", () => {
    expect(emblemOf("accepted-200")).toBe("accepted");
    expect(emblemOf("streak-3")).toBe("streak");
    expect(emblemOf("season-top-100")).toBe("podium");
    expect(emblemOf("season-champion")).toBe("champion");
    const { container } = render(<BadgeIcon slug="longshot" tier="gold" />);
    const svg = container.querySelector("svg");
    expect(svg?.getAttribute("class")).toContain("tier-gold");
    expect(svg?.getAttribute("data-emblem")).toBe("longshot");
    expect(svg?.getAttribute("aria-hidden")).toBe("true");
  });

  it("shows what the next badges take and how far the player is", async () => {
    fakeApi({ "GET /api/v1/community/me/badges/": { body: PROGRESS } });
    renderPage(<NextBadges catalogue={CATALOGUE} />);
    expect(await screen.findByRole("heading", { name: "Your next badges" })).toBeTruthy();
    const bar = screen.getByRole("progressbar", { name: "12 of 50" });
    expect(bar.getAttribute("value")).toBe("12");
    expect(screen.getByText("50 answers accepted.")).toBeTruthy();
    expect(screen.queryByText("Helping hand")).toBeNull();
    expect(screen.getByText("Longshot")).toBeTruthy();
  });

  it("counts medals beside a name with a drawn medal, the words for screen readers", () => {
    const { container } = renderPage(<BadgeCounts summary={{ gold: 1, silver: 0, bronze: 2, slugs: [] }} />);
    expect(screen.getByText("1 gold, 0 silver, 2 bronze")).toBeTruthy();
    const medals = [...container.querySelectorAll(".medal-count")];
    expect(medals.map((m) => [m.querySelector("svg")?.getAttribute("class"), m.textContent])).toEqual([
      ["badge-icon tier-gold", "1"],
      ["badge-icon tier-bronze", "2"],
    ]);
  });
});
