import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RoundOffer } from "../api/types";
import { fakeApi, renderPage } from "../test/render";
import { BetOffer, RoundThreadLink } from "./RoundLinks";

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
      text: "Jouer comporte des risques : endettement, isolement, dépendance.",
      helpline_name: "Joueurs Info Service",
      helpline_url: "https://www.joueurs-info-service.fr/",
      helpline_phone: "09 74 75 13 13",
    },
  },
  reason: null,
  community_url: "/community/rounds/11",
};

const OFFER_URL = "GET /api/v1/handoff/rounds/11/offer/";

describe("the betting offer", () => {
  it("shows each action as a plain link to the server's /go/bet/ URL, beside the notice and helpline", async () => {
    const calls = fakeApi({ [OFFER_URL]: { body: OFFER } });
    renderPage(<BetOffer roundId={11} page="pick" />, { lang: "fr" });
    const win = await screen.findByRole("link", { name: /Jouer pour de vrai : Gagnant sur 3\. Go On Boy/ });
    expect(win.getAttribute("href")).toBe("/go/bet/abc.def");
    expect(win.getAttribute("rel")).toBe("noopener");
    expect(screen.getByRole("link", { name: /Placé sur 5\. Hokkaido Jiel/ }).getAttribute("href")).toBe("/go/bet/ghi.jkl");
    // The notice sits in the same region as the actions, always.
    const region = screen.getByRole("region", { name: "Jouer pour de vrai" });
    expect(region.textContent).toContain("Jouer comporte des risques");
    expect(screen.getByRole("link", { name: /Se faire aider : Joueurs Info Service/ }).getAttribute("href")).toBe("https://www.joueurs-info-service.fr/");
    expect(screen.getByRole("link", { name: "Appeler le 09 74 75 13 13" }).getAttribute("href")).toBe("tel:0974751313");
    expect(calls[0]?.path).toBe("/api/v1/handoff/rounds/11/offer/");
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
