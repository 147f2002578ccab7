import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RealityCheckData, RoundOffer } from "../api/types";
import { fakeApi, renderPage } from "../test/render";
import { BetOffer, RoundThreadLink } from "./RoundLinks";

const FR_NOTICE =
  "Les jeux d'argent et de hasard peuvent être dangereux : pertes d'argent, conflits familiaux, addiction… Retrouvez nos conseils sur joueurs-info-service.fr (09 74 75 13 13 - appel non surtaxé)";

const OFFER: RoundOffer = {
  offer: {
    partner: { name: "Turf Partner", slug: "turf-partner" },
    round: 11,
    page: "pick",
    actions: [
      { bet_kind: "win", runner: 3, runner_name: "Go On Boy", url: "/go/bet/abc.def" },
      { bet_kind: "place", runner: 5, runner_name: "Hokkaido Jiel", url: "/go/bet/ghi.jkl" },
    ],
    responsible_gambling: {
      country: "FR",
      text: FR_NOTICE,
      helpline_name: "Joueurs Info Service",
      helpline_url: "https://www.joueurs-info-service.fr/",
      helpline_phone: "09 74 75 13 13",
      source_reference: "Arrêté du 29 juillet 2022 (ANJ)",
      source_url: "https://anj.fr/",
    },
  },
  reason: null,
  reality_check: null,
  community_url: "/community/rounds/11",
};

// 5 weeks: staked 20.00 €, returned 12.40 €: a loss of 7.60 €, 4 weeks lost.
const CHECK: RealityCheckData = {
  season: 3,
  season_name: "Spring",
  stake_cents: 200,
  weeks: 5,
  weeks_lost: 4,
  staked_cents: 2000,
  returned_cents: 1240,
  net_cents: -760,
  outcome: "loss",
  refunded_bets: 1,
  seen: false,
};

const OFFER_URL = "GET /api/v1/handoff/rounds/11/offer/";

describe("the betting offer", () => {
  it("shows each action as a plain link to the server's /go/bet/ URL, beside the notice and helpline", async () => {
    const calls = fakeApi({ [OFFER_URL]: { body: OFFER } });
    renderPage(<BetOffer roundId={11} page="pick" />, { lang: "fr" });
    const win = await screen.findByRole("link", { name: /Jouer pour de vrai\s: Gagnant sur 3\. Go On Boy/ });
    expect(win.getAttribute("href")).toBe("/go/bet/abc.def");
    expect(win.getAttribute("rel")).toBe("noopener");
    expect(screen.getByRole("link", { name: /Placé sur 5\. Hokkaido Jiel/ }).getAttribute("href")).toBe("/go/bet/ghi.jkl");
    // The notice sits in the same region as the actions, always.
    const region = screen.getByRole("region", { name: "Jouer pour de vrai" });
    expect(region.textContent).toContain(FR_NOTICE);
    expect(screen.getByRole("link", { name: /Se faire aider\s: Joueurs Info Service/ }).getAttribute("href")).toBe("https://www.joueurs-info-service.fr/");
    expect(screen.getByRole("link", { name: "Appeler le 09 74 75 13 13" }).getAttribute("href")).toBe("tel:0974751313");
    expect(calls[0]?.path).toBe("/api/v1/handoff/rounds/11/offer/");
  });

  it("shows the season's reality check before the actions, with the notice, until it is read", async () => {
    let seen = false;
    const calls = fakeApi({
      [OFFER_URL]: () => ({ body: { ...OFFER, reality_check: { ...CHECK, seen } } }),
      "POST /api/v1/handoff/reality-check/seen/": () => {
        seen = true;
        return { status: 201, body: { ...CHECK, seen: true } };
      },
    });
    renderPage(<BetOffer roundId={11} page="pick" />);
    const region = await screen.findByRole("region", { name: "Bet it for real" });
    expect(region.textContent).toContain("A loss: you would be €7.60 down.");
    expect(region.textContent).toContain("Weeks lost: 4 of 5.");
    expect(region.textContent).toContain("€20.00");
    expect(region.textContent).toContain("€12.40");
    expect(region.textContent).toContain(FR_NOTICE);
    expect(screen.queryByRole("link", { name: /Bet it for real: Win/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "I have read this: show the offer" }));
    expect(await screen.findByRole("link", { name: /Bet it for real: Win on 3\. Go On Boy/ })).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ season: 3 });
  });

  it("asks for the page it is on", async () => {
    let query = "";
    const calls = fakeApi({ [OFFER_URL]: { body: { offer: null, reason: "no_pick", community_url: "/x" } } });
    const stub = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (input instanceof Request) query = new URL(input.url).search;
      return stub(input, init);
    }) as typeof fetch;
    renderPage(<BetOffer roundId={11} page="results" />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(query).toBe("?page=results");
  });

  it("shows nothing at all when there is no offer", async () => {
    const calls = fakeApi({ [OFFER_URL]: { body: { offer: null, reason: "self_excluded", community_url: "/community/rounds/11" } } });
    const { container } = renderPage(<BetOffer roundId={11} page="pick" />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(container.textContent).toBe("");
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("shows nothing when the offer cannot be loaded", async () => {
    const calls = fakeApi({ [OFFER_URL]: { status: 500, body: {} } });
    const { container } = renderPage(<BetOffer roundId={11} page="results" />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(container.textContent).toBe("");
  });
});

describe("the round's thread link", () => {
  it("links the round page to its community thread, with the number of replies", async () => {
    fakeApi({
      "GET /api/v1/community/rounds/11/thread/": {
        body: { round_id: 11, topic_id: 42, title: "R1C4", url: "/community/topics/42", api_url: "/api/v1/community/topics/42/", reply_count: 3, has_debrief: false },
      },
    });
    renderPage(<RoundThreadLink roundId={11} page="results" />);
    expect((await screen.findByRole("link", { name: "Discuss this race" })).getAttribute("href")).toBe("/community/topics/42");
    expect(screen.getByText("3 replies")).toBeTruthy();
  });
});
