import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import JoinLeague from "./JoinLeague";

const PREVIEW = {
  id: "k3j4m5n6p7",
  name: "Les amis du turf",
  description: "",
  owner_name: "Alice",
  member_count: 4,
  is_full: false,
  is_member: false,
  requires_login: true,
};

describe("the join page", () => {
  it("shows the league first, then sends a visitor to sign up and back", async () => {
    fakeApi({ "GET /api/v1/leagues/join/Zk3_-aB9/": { body: PREVIEW } });
    renderPage(<JoinLeague code="Zk3_-aB9" />, { me: null });
    expect(await screen.findByRole("heading", { name: "Les amis du turf" })).toBeTruthy();
    expect(screen.getByText("Owner: Alice · 4 members")).toBeTruthy();
    const next = encodeURIComponent("/leagues/join/Zk3_-aB9");
    expect(screen.getByRole("link", { name: "Sign up to join" }).getAttribute("href")).toBe(`/account/signup?next=${next}`);
    expect(screen.getByRole("link", { name: "I have an account: log in" }).getAttribute("href")).toBe(`/account/login?next=${next}`);
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("joins a signed-in player and opens the league", async () => {
    const calls = fakeApi({
      "GET /api/v1/leagues/join/Zk3_-aB9/": { body: { ...PREVIEW, requires_login: false } },
      "POST /api/v1/leagues/join/Zk3_-aB9/": {
        status: 201,
        body: { league: { id: "k3j4m5n6p7", name: "Les amis du turf" }, role: "member", joined_at: "", created: true },
      },
    });
    renderPage(<JoinLeague code="Zk3_-aB9" />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Join Les amis du turf" }));
    expect(calls.some((c) => c.method === "POST")).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(window.location.pathname).toBe("/leagues/k3j4m5n6p7");
  });

  it("says so when the link is no good", async () => {
    fakeApi({ "GET /api/v1/leagues/join/nope/": { status: 404, body: { detail: "x", code: "invalid_invite" } } });
    renderPage(<JoinLeague code="nope" />, { lang: "fr" });
    expect(await screen.findByText("Ce lien d’invitation est invalide, expiré ou épuisé.")).toBeTruthy();
  });

  it("tells a member they are in already", async () => {
    fakeApi({ "GET /api/v1/leagues/join/Zk3_-aB9/": { body: { ...PREVIEW, requires_login: false, is_member: true } } });
    renderPage(<JoinLeague code="Zk3_-aB9" />);
    expect(await screen.findByText("You are already a member.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open the league" }).getAttribute("href")).toBe("/leagues/k3j4m5n6p7");
  });
});
