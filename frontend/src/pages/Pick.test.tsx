import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeApi, renderPage } from "../test/render";
import { round } from "../test/fixtures";
import Pick from "./Pick";

const ROUNDS = "GET /api/v1/game/rounds/";
const PUT = "PUT /api/v1/game/rounds/11/pick/";

describe("the pick page", () => {
  it("lists the card and greys out the non-runner", async () => {
    fakeApi({ [ROUNDS]: { body: { count: 1, results: [round()] } } });
    renderPage(<Pick />);
    expect(await screen.findByText("Hooker Berry")).toBeTruthy();
    expect(screen.getByRole("group", { name: /No\. 3 Go On Boy \(Non-runner\)/ })).toBeTruthy();
    expect(screen.queryByLabelText(/Win: No\. 3 /)).toBeNull();
    expect(screen.getByText("Driver: J. Jockey 1")).toBeTruthy();
    expect(screen.getByText("3.0")).toBeTruthy(); // odds of no. 1 in the player's locale
  });

  it("shows the silks the feed gives, from this site, and nothing for a runner without", async () => {
    const card = round();
    card.runners = card.runners.map((r) => (r.number === 1 ? { ...r, silks: "/silks/41.png?v=0a1b2c3d4e" } : r));
    fakeApi({ [ROUNDS]: { body: [card] } });
    const { container } = renderPage(<Pick />);
    await screen.findByText("Hooker Berry");
    const silks = [...container.querySelectorAll("img.silks")];
    expect(silks.map((img) => img.getAttribute("src"))).toEqual(["/silks/41.png?v=0a1b2c3d4e"]);
    // Decorative (the name is beside it), and its box sized before it loads.
    expect(silks[0]?.getAttribute("alt")).toBe("");
    expect([silks[0]?.getAttribute("width"), silks[0]?.getAttribute("height")]).toEqual(["40", "40"]);
    expect(silks[0]?.closest("li")?.textContent).toContain("Idao de Tillard");
  });

  it("labels a disqualified runner in the saved pick once the result is in", async () => {
    const locked = round({
      status: "locked",
      picks_open: false,
      locks_at: new Date(Date.now() - 86400_000).toISOString(),
      my_pick: { round: 11, win: 2, place: 4, alternate: null, updated_at: "2026-01-01T00:00:00Z" },
    });
    locked.runners = locked.runners.map((r) => (r.number === 2 ? { ...r, disqualified: true } : r));
    fakeApi({ [ROUNDS]: { body: [locked] } });
    renderPage(<Pick />, { lang: "fr" });
    expect(await screen.findByText(/2\. Hooker Berry \(distancé\)/)).toBeTruthy();
    expect(screen.queryByText(/Ampia Mede \(distancé\)/)).toBeNull();
  });

  it("sends win, place and alternate, then confirms", async () => {
    const calls = fakeApi({
      [ROUNDS]: { body: [round()] },
      [PUT]: ({ body }) => ({ status: 201, body: { round: 11, ...(body as object), updated_at: "2026-01-01T00:00:00Z" } }),
    });
    renderPage(<Pick />);
    const user = userEvent.setup();
    const confirm = await screen.findByRole("button", { name: "Confirm my pick" });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByLabelText("Win: No. 2 Hooker Berry"));
    await user.click(screen.getByLabelText("Place: No. 4 Ampia Mede"));
    // The win runner cannot be its own alternate.
    expect((screen.getByLabelText("Alternate: No. 2 Hooker Berry") as HTMLInputElement).disabled).toBe(true);
    await user.click(screen.getByLabelText("Alternate: No. 1 Idao de Tillard"));
    await user.click(confirm);
    expect(await screen.findByText("Your pick is saved. You can change it until the lock.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ win: 2, place: 4, alternate: 1 });
    // Saved and unchanged: nothing to send, so no button that looks disabled; a change brings it back.
    expect(screen.queryByRole("button", { name: "Update my pick" })).toBeNull();
    await user.click(screen.getByLabelText("Place: No. 1 Idao de Tillard"));
    await waitFor(() => expect(screen.getByRole("button", { name: "Update my pick" })).toBeTruthy());
  });

  it("sends the CSRF token Django set", async () => {
    document.cookie = "csrftoken=s3cret";
    let token: string | null = null;
    fakeApi({ [ROUNDS]: { body: [round({ my_pick: { round: 11, win: 1, place: 2, alternate: null, updated_at: "" } })] } });
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (input instanceof Request && input.method === "PUT") token = input.headers.get("X-CSRFToken");
      return original(input, init);
    }) as typeof fetch;
    renderPage(<Pick />);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText("Place: No. 4 Ampia Mede"));
    await user.click(screen.getByRole("button", { name: "Update my pick" }));
    await waitFor(() => expect(token).toBe("s3cret"));
  });

  it("says the picks are locked when the server refuses at the lock", async () => {
    fakeApi({
      [ROUNDS]: { body: [round()] },
      [PUT]: { status: 409, body: { detail: "Picks for this round are locked.", code: "round_locked" } },
    });
    renderPage(<Pick />);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText("Win: No. 1 Idao de Tillard"));
    await user.click(screen.getByLabelText("Place: No. 1 Idao de Tillard"));
    await user.click(screen.getByRole("button", { name: "Confirm my pick" }));
    expect(await screen.findByText(/Picks are locked since/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: /my pick/ })).toBeNull();
  });

  it("shows the saved pick, read-only, after the lock", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    fakeApi({
      [ROUNDS]: {
        body: [round({ picks_open: false, status: "locked", locks_at: past, my_pick: { round: 11, win: 4, place: 2, alternate: null, updated_at: past } })],
      },
    });
    renderPage(<Pick />, { lang: "fr" });
    expect(await screen.findByText(/Les pronostics sont clos depuis/)).toBeTruthy();
    expect(screen.getByText("Gagnant : 4. Ampia Mede · Placé : 2. Hooker Berry")).toBeTruthy();
    expect(screen.queryAllByRole("radio")).toHaveLength(0);
  });

  it("offers the hand-off once the pick is confirmed, and the race's thread", async () => {
    const pick = { round: 11, win: 1, place: 2, alternate: null, updated_at: "2026-01-01T00:00:00Z" };
    const calls = fakeApi({
      [ROUNDS]: { body: [round({ my_pick: pick })] },
      "GET /api/v1/handoff/rounds/11/offer/": {
        body: {
          offer: {
            partner: { name: "Turf Partner", slug: "turf-partner" },
            round: 11,
            page: "pick",
            actions: [{ bet_kind: "win", runner: 1, runner_name: "Idao de Tillard", url: "/go/bet/t0k" }],
            responsible_gambling: { country: "FR", text: "Gambling involves risks.", helpline_name: "Joueurs Info Service", helpline_url: "https://www.joueurs-info-service.fr/", helpline_phone: "09 74 75 13 13" },
          },
          reason: null,
          community_url: "/community/rounds/11",
        },
      },
      "GET /api/v1/community/rounds/11/thread/": {
        body: { round_id: 11, topic_id: 42, title: "R1C4", url: "/community/topics/42", api_url: "", reply_count: 0, has_debrief: false },
      },
    });
    renderPage(<Pick />);
    expect((await screen.findByRole("link", { name: /Bet it for real: Win on 1\. Idao de Tillard/ })).getAttribute("href")).toBe("/go/bet/t0k");
    expect(screen.getByText("Gambling involves risks.")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Ask the community about this race" }).getAttribute("href")).toBe("/community/topics/42");
    expect(calls.some((c) => c.path === "/api/v1/handoff/rounds/11/offer/")).toBe(true);
  });

  it("asks for no offer before there is a pick", async () => {
    const calls = fakeApi({ [ROUNDS]: { body: [round()] } });
    renderPage(<Pick />);
    await screen.findByRole("button", { name: "Confirm my pick" });
    expect(calls.some((c) => c.path.includes("/handoff/"))).toBe(false);
    expect(screen.queryByRole("region", { name: "Bet it for real" })).toBeNull();
  });

  it("asks for the offer again once the pick has changed", async () => {
    const pick = { round: 11, win: 1, place: 2, alternate: null, updated_at: "2026-01-01T00:00:00Z" };
    const calls = fakeApi({
      [ROUNDS]: { body: [round({ my_pick: pick })] },
      [PUT]: ({ body }) => ({ body: { round: 11, ...(body as object), updated_at: "2026-01-01T00:05:00Z" } }),
      "GET /api/v1/handoff/rounds/11/offer/": { body: { offer: null, reason: "no_offer", community_url: "/community/rounds/11" } },
    });
    renderPage(<Pick />);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText("Place: No. 4 Ampia Mede"));
    await user.click(screen.getByRole("button", { name: "Update my pick" }));
    expect(await screen.findByText("Your pick is saved. You can change it until the lock.")).toBeTruthy();
    const offers = () => calls.filter((c) => c.path === "/api/v1/handoff/rounds/11/offer/");
    await waitFor(() => expect(offers()).toHaveLength(2));
    // The round itself is not asked again: the answer to the write is the stored pick.
    expect(calls.filter((c) => c.method === "GET" && c.path === "/api/v1/game/rounds/")).toHaveLength(1);
  });

  it("cancels its request when the player leaves the page before the answer", async () => {
    const requests: Request[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        requests.push(request);
        return new Promise<Response>(() => undefined); // the server never answers
      }),
    );
    const { unmount } = renderPage(<Pick />);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.signal.aborted).toBe(false);
    unmount();
    await waitFor(() => expect(requests[0]?.signal.aborted).toBe(true));
  });
});
