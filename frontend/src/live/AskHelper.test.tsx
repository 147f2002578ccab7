import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeLive } from "../test/live";
import { fakeApi, ME, renderPage } from "../test/render";
import { AskHelper } from "./AskHelper";
import { LiveProvider } from "./LiveProvider";
import type { Frame } from "./socket";

const UNTIL = "2026-12-07T08:01:00+00:00";
const NOT_HELPER = { "GET /api/v1/live/helper/": { body: { opted_in: false, available: false, eligible: false } } };
const none = { count: 0, next: null, previous: null, results: [] };

const HELP = {
  id: 5,
  asker: ME.id,
  asker_name: "Camille",
  helper: 9,
  helper_name: "Alice",
  question: "How does the alternate work?",
  status: "taken" as const,
  rating: null,
  published_topic: null,
  asker_consents: false,
  helper_consents: false,
  expires_at: "2026-12-07T08:00:00Z",
};
const message = (id: number, author: number, name: string, text: string) => ({ id, author, name, text, created_at: "2026-12-07T07:00:00Z" });

function show(lang: "en" | "fr" = "fr") {
  renderPage(
    <LiveProvider>
      <AskHelper />
    </LiveProvider>,
    { lang },
  );
}

describe("live help's refusals", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("a muted asker is told in their language until when, in their time zone", async () => {
    fakeApi({
      ...NOT_HELPER,
      "GET /api/v1/live/help/": { body: none },
      "POST /api/v1/live/help/": { status: 403, body: { detail: "A moderator muted you until 2026-12-07 08:01 UTC.", code: "muted", until: UNTIL } },
    });
    fakeLive();
    show();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Demander à un assistant" }));
    await user.type(screen.getByLabelText("Votre question"), "Comment marche le remplaçant ?");
    await user.click(screen.getByRole("button", { name: "Demander" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/^Un modérateur a suspendu vos messages jusqu’à .*09:01 UTC\+1\.$/);
    expect(alert.textContent).not.toContain("UTC.");
  });

  it("a conversation's messages: refusals in the player's language, the helper's can be reported", async () => {
    fakeApi({
      ...NOT_HELPER,
      "GET /api/v1/live/help/": { body: { ...none, count: 1, results: [HELP] } },
      "GET /api/v1/live/help/5/": { body: { ...HELP, messages: [message(1, 9, "Alice", "It replaces a non-runner."), message(2, ME.id, "Camille", "Thanks!")] } },
    });
    let answer = (frame: Frame): Frame[] => [{ type: "error", code: "posting_limit", detail: "At most 20 messages a minute: wait a moment.", ref: frame.ref }];
    const live = fakeLive((frame) => (frame.type === "help.send" ? answer(frame) : []));
    show();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Demander à un assistant" }));
    const panel = screen.getByRole("region", { name: "Aide en direct" });
    const theirs = (await within(panel).findByText("It replaces a non-runner.")).closest("li") as HTMLElement;
    expect(within(theirs).getByRole("button", { name: "Signaler le message écrit par Alice" })).toBeTruthy();
    const mine = within(panel).getByText("Thanks!").closest("li") as HTMLElement;
    expect(within(mine).queryByRole("button")).toBeNull();

    const input = within(panel).getByLabelText("Votre message");
    await user.type(input, "Et si les deux sont non-partants ?");
    await user.click(within(panel).getByRole("button", { name: "Envoyer" }));
    expect((await within(panel).findByRole("alert")).textContent).toBe(
      "Vous avez envoyé beaucoup de messages en une minute\u00a0: patientez un instant, puis écrivez à nouveau.",
    );
    expect((input as HTMLInputElement).value).toBe("Et si les deux sont non-partants ?");
    answer = (frame) => [{ type: "ack", ref: frame.ref, id: 3 }];
    await user.click(within(panel).getByRole("button", { name: "Envoyer" }));
    await waitFor(() => expect((input as HTMLInputElement).value).toBe(""));
    expect(within(panel).queryByRole("alert")).toBeNull();
    expect(live.sent.filter((f) => f.type === "help.send").map((f) => f.ref)).toEqual(["help-5", "help-5"]);
  });
});
