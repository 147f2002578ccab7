import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeLive } from "../test/live";
import { fakeApi, ME, renderPage } from "../test/render";
import { LiveProvider } from "./LiveProvider";
import { RaceDayRoom } from "./RaceDayRoom";
import type { Frame } from "./socket";

const UNTIL = "2026-12-07T08:01:00+00:00";
const ROOM = { league: "k3j4m5n6p7", round: 11 };

/** The server: it lets the player in, and answers each message with `onSend`. */
function server(onSend: (frame: Frame) => Frame[]) {
  return (frame: Frame): Frame[] => {
    if (frame.type === "room.join") {
      const history = [{ id: 1, author: 9, name: "Alice", text: "Allez le 7 !", created_at: "2026-12-07T07:00:00Z" }];
      return [{ type: "room.joined", ...ROOM, status: "locked", history, picks: [], points: [] }];
    }
    return frame.type === "room.send" ? onSend(frame) : [];
  };
}

async function say(text: string) {
  const user = userEvent.setup();
  const input = screen.getByPlaceholderText("Écrire à la ligue");
  await user.clear(input);
  await user.type(input, text);
  await user.click(screen.getByRole("button", { name: "Envoyer" }));
}

describe("the race-day room's refusals", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("are said in the player's language, a mute's end in their time zone", async () => {
    fakeApi({});
    let answer: (frame: Frame) => Frame[] = (frame) => [{ type: "error", code: "muted", detail: "A moderator muted you until 2026-12-07 08:01 UTC.", until: UNTIL, ref: frame.ref }];
    const live = fakeLive(server((frame) => answer(frame)));
    renderPage(
      <LiveProvider>
        <RaceDayRoom leagueId={ROOM.league} roundId={ROOM.round} />
      </LiveProvider>,
      { lang: "fr", timeZone: "Europe/Paris" },
    );
    expect(await screen.findByRole("heading", { name: "Salon du jour de course" })).toBeTruthy();
    await say("Allez !");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/^Un modérateur a suspendu vos messages jusqu’à .*09:01 UTC\+1\.$/);
    expect(alert.textContent).not.toContain("moderator");
    // The text waits for the server to take it.
    expect((screen.getByPlaceholderText("Écrire à la ligue") as HTMLInputElement).value).toBe("Allez !");

    answer = (frame) => [{ type: "error", code: "posting_limit", detail: "At most 20 messages a minute: wait a moment.", ref: frame.ref }];
    await say("Encore");
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Vous avez envoyé beaucoup de messages en une minute\u00a0: patientez un instant, puis écrivez à nouveau."));

    answer = (frame) => [{ type: "ack", ref: frame.ref, id: 2 }];
    await say("Bravo");
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect((screen.getByPlaceholderText("Écrire à la ligue") as HTMLInputElement).value).toBe("");
    expect(live.sent.filter((f) => f.type === "room.send").map((f) => f.ref)).toEqual(["room:k3j4m5n6p7:11", "room:k3j4m5n6p7:11", "room:k3j4m5n6p7:11"]);

    // Another room's refusal is not this room's; a mute pushed by a moderator is.
    live.push({ type: "error", code: "posting_limit", detail: "At most 20 messages a minute.", ref: "room:other:12" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole("alert")).toBeNull();
    live.push({ type: "muted", until: UNTIL });
    expect((await screen.findByRole("alert")).textContent).toContain("09:01 UTC+1");
  });

  it("lets the player report another member's message, not their own", async () => {
    fakeApi({ "POST /api/v1/live/reports/": { status: 201, body: { id: 1 } } });
    fakeLive(server((frame) => [{ type: "ack", ref: frame.ref, id: 2 }, { type: "room.message", ...ROOM, message: { id: 2, author: ME.id, name: "Camille", text: String(frame.text), created_at: "2026-12-07T07:01:00Z" } }]));
    renderPage(
      <LiveProvider>
        <RaceDayRoom leagueId={ROOM.league} roundId={ROOM.round} />
      </LiveProvider>,
      { lang: "fr" },
    );
    await screen.findByText("Allez le 7 !");
    await say("Plutôt le 3");
    const room = screen.getByRole("region", { name: "Salon du jour de course" });
    const mine = (await within(room).findByText("Plutôt le 3")).closest("li") as HTMLElement;
    expect(within(mine).queryByRole("button")).toBeNull();
    const theirs = within(room).getByText("Allez le 7 !").closest("li") as HTMLElement;
    expect(within(theirs).getByRole("button", { name: "Signaler le message écrit par Alice" }).getAttribute("aria-expanded")).toBe("false");
  });
});

/** The server lets the player in with `joined`'s status, lock and points. */
function entering(joined: Partial<Frame>) {
  return (frame: Frame): Frame[] => (frame.type === "room.join" ? [{ type: "room.joined", ...ROOM, status: "locked", history: [], picks: [], points: [], ...joined }] : []);
}

function renderRoom(lang: "en" | "fr" = "en") {
  renderPage(
    <LiveProvider>
      <RaceDayRoom leagueId={ROOM.league} roundId={ROOM.round} />
    </LiveProvider>,
    { lang },
  );
}

describe("the race-day room's round", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("is locked once past its lock, while its stored status still says open", async () => {
    fakeApi({});
    fakeLive(entering({ status: "open", locks_at: new Date(Date.now() - 30_000).toISOString() }));
    renderRoom();
    const room = await screen.findByRole("region", { name: "Race-day room" });
    expect(within(room).getByText("Round: locked, race under way")).toBeTruthy();
    expect(within(room).queryByText(/open for picks/)).toBeNull();
  });

  it("turns locked at the lock by the clock, without a word from the server", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-07T07:59:59Z"));
    fakeApi({});
    fakeLive(entering({ status: "open", locks_at: "2026-12-07T08:00:00Z" }));
    renderRoom("fr");
    const room = await screen.findByRole("region", { name: "Salon du jour de course" });
    expect(within(room).getByText("Manche : ouverte aux pronostics")).toBeTruthy();
    vi.setSystemTime(new Date("2026-12-07T08:00:01Z"));
    await waitFor(() => expect(within(room).getByText("Manche : verrouillée, course en cours")).toBeTruthy(), { timeout: 3000 });
  });

  it("keeps a status past the lock as the server says it", async () => {
    fakeApi({});
    fakeLive(entering({ status: "provisional", locks_at: "2026-12-07T08:00:00Z" }));
    renderRoom();
    expect(await screen.findByText("Round: provisional result")).toBeTruthy();
  });
});

describe("the race-day room's points", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("put a no-break space before the colon in French", async () => {
    fakeApi({});
    fakeLive(entering({ status: "settled", points: [{ player: 12, name: "Bob Étienne", points: 2080, rank: 1 }] }));
    renderRoom("fr");
    const line = await screen.findByText(/^Bob Étienne/);
    expect(line.textContent).toBe("Bob Étienne\u00a0: 20,80 points");
  });

  it("read as a name and points in English", async () => {
    fakeApi({});
    fakeLive(entering({ status: "settled", points: [{ player: 12, name: "Bob Étienne", points: 2080, rank: 1 }] }));
    renderRoom();
    expect((await screen.findByText(/^Bob Étienne/)).textContent).toBe("Bob Étienne: 20.80 points");
  });
});
