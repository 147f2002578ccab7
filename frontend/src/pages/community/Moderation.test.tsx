import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AuditEntry, FlagRow, LiveReport } from "../../api/moderation";
import { fakeApi, renderPage, type Routes } from "../../test/render";
import { author, myProfile, post, topic } from "./fixtures";
import { CommunityLinks } from "./Community";
import Moderation from "./Moderation";

const profile = (canModerate: boolean) => myProfile({ can_moderate: canModerate, can_watch_queue: canModerate });
const page = <R,>(results: R[], extra: { next?: string | null; previous?: string | null } = {}) => ({ count: results.length, next: null, previous: null, results, ...extra });
const FLAG: FlagRow = {
  id: 31,
  topic_id: 42,
  post_id: 501,
  reason: "abuse",
  detail: "insults the asker",
  state: "open",
  created_at: "2026-03-02T10:00:00Z",
  reporter: "Bob",
  target_author: "Manon",
  target_excerpt: "You know nothing about horses",
};
const REPORT: LiveReport = {
  id: 9,
  kind: "room",
  reason: "rude",
  created_at: "2026-03-02T15:00:00Z",
  resolved_at: null,
  decision: null,
  resolved_by_name: null,
  reporter: 3,
  reporter_name: "Bob",
  message: { id: 77, author: 8, name: "Alice", text: "you lot!", created_at: "2026-03-02T14:59:00Z", is_hidden: false, where: "room:ABCD/3" },
};
const ENTRY: AuditEntry = { id: 1, at: "2026-03-02T11:00:00Z", actor: "Mod", action: "uphold_flag", target: "flag:30", topic: 42, post: 500, flag: 30, reason: "", details: { reason: "spam" }, member_name: null };
const EMPTY: Routes = {
  "GET /api/v1/community/me/": { body: profile(true) },
  "GET /api/v1/community/moderation/flags/": { body: page([]) },
  "GET /api/v1/community/moderation/pending/": { body: { topics: [], posts: [] } },
  "GET /api/v1/live/moderation/reports/": { body: page([]) },
  "GET /api/v1/community/moderation/log/": { body: page([]) },
};

describe("the moderation queues", () => {
  it("tells a member who does not moderate so, and asks for no queue", async () => {
    const calls = fakeApi({ ...EMPTY, "GET /api/v1/community/me/": { body: profile(false) } });
    renderPage(<Moderation />);
    expect(await screen.findByText("Only Paddock's moderators see the moderation queues.")).toBeTruthy();
    expect(calls.filter((c) => c.path.includes("/moderation/"))).toEqual([]);
  });

  it("upholds a reported reply, and the queue is asked again", async () => {
    let open = [FLAG];
    const calls = fakeApi({
      ...EMPTY,
      "GET /api/v1/community/moderation/flags/": () => ({ body: page(open) }),
      "POST /api/v1/community/moderation/flags/31/": () => {
        open = [];
        return { body: { ...FLAG, state: "upheld" } };
      },
    });
    renderPage(<Moderation />);
    const flags = await screen.findByRole("region", { name: "Reported questions and replies" });
    expect(await within(flags).findByText("Abusive or offensive")).toBeTruthy();
    expect(within(flags).getByText("You know nothing about horses")).toBeTruthy();
    // Who reported it and who wrote it, each named as such.
    expect(within(flags).getByText(/reported by Bob/)).toBeTruthy();
    expect(within(flags).getByText("written by Manon")).toBeTruthy();
    expect(within(flags).getByRole("link", { name: "Open the topic" }).getAttribute("href")).toBe("/community/topics/42");
    await userEvent.setup().click(within(flags).getByRole("button", { name: "Uphold: hide it" }));
    expect(await within(flags).findByText("Nothing waiting.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ decision: "uphold" });
    expect(calls.filter((c) => c.path === "/api/v1/community/moderation/flags/").length).toBe(2);
  });

  it("says another moderator decided first, and shows the queue as it now is", async () => {
    let open = [FLAG];
    fakeApi({
      ...EMPTY,
      "GET /api/v1/community/moderation/flags/": () => ({ body: page(open) }),
      "POST /api/v1/community/moderation/flags/31/": () => {
        open = [];
        return { status: 409, body: { code: "already_resolved", detail: "This flag is already resolved." } };
      },
    });
    renderPage(<Moderation />, { lang: "fr" });
    const flags = await screen.findByRole("region", { name: "Questions et réponses signalées" });
    await userEvent.setup().click(await within(flags).findByRole("button", { name: "Écarter" }));
    expect(await within(flags).findByText("Un autre modérateur a décidé avant vous : la file est de nouveau à jour.")).toBeTruthy();
    expect(await within(flags).findByText("Rien en attente.")).toBeTruthy();
  });

  it("approves a held question and rejects a held reply, each through its own endpoint", async () => {
    const held = { ...topic({ id: 43, title: "Is the draw an advantage?", status: "pending" }) };
    const calls = fakeApi({
      ...EMPTY,
      "GET /api/v1/community/moderation/pending/": { body: { topics: [held], posts: [post({ id: 502, status: "pending", author: author(9, "Zoe"), body_html: "<p>Buy my tips</p>" })] } },
      "POST /api/v1/community/moderation/topics/43/": { body: held },
      "POST /api/v1/community/moderation/posts/502/": { body: post() },
    });
    renderPage(<Moderation />);
    const pending = await screen.findByRole("region", { name: "Waiting for approval" });
    const question = (await within(pending).findByRole("link", { name: "Is the draw an advantage?" })).closest("li") as HTMLElement;
    const reply = within(pending).getByText("Buy my tips").closest("li") as HTMLElement;
    expect(within(reply).getByText(/written by Zoe/)).toBeTruthy();
    const user = userEvent.setup();
    await user.click(within(question).getByRole("button", { name: "Approve" }));
    await user.click(within(reply).getByRole("button", { name: "Reject" }));
    expect(await within(pending).findByText("Done.")).toBeTruthy();
    const posted = calls.filter((c) => c.method === "POST").map((c) => [c.path, c.body]);
    expect(posted).toEqual([
      ["/api/v1/community/moderation/topics/43/", { action: "approve" }],
      ["/api/v1/community/moderation/posts/502/", { action: "reject" }],
    ]);
  });

  it("hides a reported live message, and shows the decided reports with who decided", async () => {
    const decided = { ...REPORT, resolved_at: "2026-03-02T16:00:00Z", decision: "hidden" as const, resolved_by_name: "Mod", message: { ...REPORT.message, is_hidden: true } };
    const calls = fakeApi({
      ...EMPTY,
      "GET /api/v1/live/moderation/reports/": ({ query }) => ({ body: page(query.get("resolved") === "true" ? [decided] : [REPORT]) }),
      "POST /api/v1/live/moderation/reports/9/": { body: decided },
    });
    renderPage(<Moderation />);
    const live = await screen.findByRole("region", { name: "Reported live messages" });
    expect(await within(live).findByText("you lot!")).toBeTruthy();
    const user = userEvent.setup();
    await user.click(within(live).getByRole("button", { name: "Hide the message" }));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ action: "hide" });
    await user.click(within(live).getByRole("switch", { name: "Show the decided reports" }));
    expect(await within(live).findByText(/Message hidden by Mod/)).toBeTruthy();
    expect(within(live).queryByRole("button", { name: "Hide the message" })).toBeNull();
  });

  it("mutes a reported message's author, the report's reason kept with the mute", async () => {
    const calls = fakeApi({
      ...EMPTY,
      "GET /api/v1/live/moderation/reports/": { body: page([REPORT]) },
      "POST /api/v1/live/moderation/mutes/": { status: 201, body: { until: "2026-03-02T16:00:00Z" } },
    });
    renderPage(<Moderation />);
    const live = await screen.findByRole("region", { name: "Reported live messages" });
    await userEvent.setup().click(await within(live).findByRole("button", { name: "Mute the author" }));
    expect(await within(live).findByText(/^Alice is muted until .*17:00/)).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ player: 8, reason: "rude" });
  });

  it("filters the log by action", async () => {
    const calls = fakeApi({ ...EMPTY, "GET /api/v1/community/moderation/log/": { body: page([ENTRY]) } });
    renderPage(<Moderation />);
    const log = await screen.findByRole("region", { name: "Moderation log" });
    const row = await within(log).findByRole("row", { name: /Report upheld/ });
    expect(within(row).getByText("Mod")).toBeTruthy();
    expect(within(row).getByRole("link", { name: "Report #30" }).getAttribute("href")).toBe("/community/topics/42");
    // No reason of the moderator's own: the report's.
    expect(within(row).getByText("Reported: Spam or advertising")).toBeTruthy();
    await userEvent.setup().selectOptions(within(log).getByRole("combobox", { name: "Action" }), "hide");
    await within(log).findByRole("row", { name: /Report upheld/ });
    const last = calls.filter((c) => c.path === "/api/v1/community/moderation/log/").at(-1);
    expect(last?.query.get("action")).toBe("hide");
  });
});

describe("the log's live decisions", () => {
  it("name the message and its author, the muted member and the mute's end", async () => {
    const hidden: AuditEntry = {
      ...ENTRY,
      id: 2,
      action: "live_hide",
      target: "room:77",
      topic: null,
      post: null,
      flag: null,
      details: { kind: "room", message: 77, author: 8, report: 9, reported: "insults the league" },
      member_name: "Alice",
    };
    const muted: AuditEntry = { ...hidden, id: 3, action: "mute", target: "player:8", reason: "Spamming", details: { player: 8, until: "2026-03-02T16:00:00Z" } };
    fakeApi({ ...EMPTY, "GET /api/v1/community/moderation/log/": { body: page([muted, hidden]) } });
    renderPage(<Moderation />);
    const log = await screen.findByRole("region", { name: "Moderation log" });
    const hide = await within(log).findByRole("row", { name: /Live message hidden/ });
    expect(within(hide).getByText("Race-day room message #77, by Alice")).toBeTruthy();
    expect(within(hide).getByText("Reported: insults the league")).toBeTruthy();
    const mute = within(log).getByRole("row", { name: /Member muted/ });
    expect(within(mute).getByText(/^Alice, until .*17:00/)).toBeTruthy();
    expect(within(mute).getByText("Spamming")).toBeTruthy();
    expect(within(log).getByRole("option", { name: "Member muted" })).toBeTruthy();
  });
});

describe("the community's links", () => {
  it("offer the moderation queues and the unanswered queue to a moderator only", async () => {
    fakeApi({ "GET /api/v1/community/me/": { body: profile(true) } });
    renderPage(<CommunityLinks />);
    expect((await screen.findByRole("link", { name: "Moderation queues" })).getAttribute("href")).toBe("/community/moderation");
    expect(screen.getByRole("link", { name: "Unanswered questions" }).getAttribute("href")).toBe("/community/unanswered");
  });

  it("offer neither to a member", async () => {
    fakeApi({ "GET /api/v1/community/me/": { body: profile(false) } });
    const { client } = renderPage(<CommunityLinks />);
    // The profile has come: what it says is on the page.
    await vi.waitFor(() => expect(client.getQueryData(["community", "me"])).toBeTruthy());
    await screen.findByRole("link", { name: "Ask a question" });
    expect(screen.queryByRole("link", { name: "Moderation queues" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Unanswered questions" })).toBeNull();
  });
});
