import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, ME, renderPage } from "../../test/render";
import { author, post, topic } from "./fixtures";
import Topic from "./Topic";

const TOPIC = "GET /api/v1/community/topics/42/";

describe("a topic", () => {
  it("renders the server's sanitised HTML, and links back to its round", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    fakeApi({
      [TOPIC]: { body: topic({ kind: "round_thread", round_id: 11, author: null }) },
      "GET /api/v1/game/rounds/11/": { body: { id: 11, picks_open: true } },
    });
    renderPage(<Topic id="42" />);
    const strong = await screen.findByText("how");
    expect(strong.tagName).toBe("STRONG");
    expect(screen.getByText("stamina").tagName).toBe("STRONG");
    expect(screen.getByRole("link", { name: "See the race’s results" }).getAttribute("href")).toBe("/results/11");
    expect(screen.getByRole("link", { name: "Make or change my pick" }).getAttribute("href")).toBe("/pick");
    expect(screen.getByRole("link", { name: "Handicapping help" }).getAttribute("href")).toBe("/community/c/handicapping-help");
  });

  it("shows a round thread to a visitor without asking for the round, which players only may read", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    const calls = fakeApi({
      [TOPIC]: { body: topic({ kind: "round_thread", round_id: 11, author: null }) },
      "GET /api/v1/game/rounds/11/": { status: 403, body: { detail: "Authentication credentials were not provided.", code: "not_authenticated" } },
    });
    renderPage(<Topic id="42" />, { me: null });
    expect((await screen.findByText("how")).tagName).toBe("STRONG");
    expect(screen.queryByRole("link", { name: "See the race’s results" })).toBeNull();
    expect(calls.map((c) => c.path)).not.toContain("/api/v1/game/rounds/11/");
  });

  it("votes a reply helpful, then withdraws the vote", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    const calls = fakeApi({
      [TOPIC]: { body: topic({ author: author(9, "Asker"), viewer: { voted: false, can_edit: false, edit_until: null, can_delete: false, can_accept: false, can_moderate: false } }) },
      "POST /api/v1/community/posts/501/vote/": { status: 201, body: { voted: true, score: 1 } },
      "DELETE /api/v1/community/posts/501/vote/": { body: { voted: false, score: 0 } },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    const reply = await screen.findByRole("article", { name: "Helper" });
    await user.click(within(reply).getByRole("button", { name: /Helpful \(0\)/ }));
    const voted = await within(reply).findByRole("button", { name: /Helpful \(1\)/ });
    expect(voted.getAttribute("aria-pressed")).toBe("true");
    expect(within(reply).getByText("Your helpful vote is recorded.")).toBeTruthy();
    await user.click(voted);
    const withdrawn = await within(reply).findByRole("button", { name: /Helpful \(0\)/ });
    expect(withdrawn.getAttribute("aria-pressed")).toBe("false");
    expect(calls.filter((c) => c.path.endsWith("/vote/")).map((c) => c.method)).toEqual(["POST", "DELETE"]);
    // Not the viewer's own question? It can be voted too; its own author cannot.
    expect(screen.getAllByRole("button", { name: /Helpful/ })).toHaveLength(2);
  });

  it("says in the player's language why a vote was refused", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    fakeApi({
      [TOPIC]: { body: topic({ author: author(9, "Asker") }) },
      "POST /api/v1/community/posts/501/vote/": { status: 409, body: { detail: "You have already voted for this.", code: "already_voted" } },
    });
    renderPage(<Topic id="42" />, { lang: "fr" });
    const user = userEvent.setup();
    const reply = await screen.findByRole("article", { name: "Helper" });
    await user.click(within(reply).getByRole("button", { name: /Utile \(0\)/ }));
    expect(await within(reply).findByText("Vous avez déjà voté pour ce message.")).toBeTruthy();
  });

  it("lets the asker accept a reply, and never vote for their own question", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    let accepted = false;
    const calls = fakeApi({
      [TOPIC]: () => ({
        body: topic({
          author: author(ME.id, ME.display_name),
          accepted_answer_id: accepted ? 501 : null,
          replies: { count: 1, next: null, previous: null, results: [post({ is_accepted: accepted })] },
        }),
      }),
      "POST /api/v1/community/topics/42/accept/": () => {
        accepted = true;
        return { body: {} };
      },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    const reply = await screen.findByRole("article", { name: "Helper" });
    expect(screen.getByText("2 helpful votes")).toBeTruthy(); // the question: a count, no button
    await user.click(within(reply).getByRole("button", { name: /Accept this answer/ }));
    expect(await screen.findByText("Answer accepted: +15 reputation to its author.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ post_id: 501 });
    await waitFor(() => expect(within(screen.getByRole("article", { name: "Helper" })).getByText(/Accepted answer/)).toBeTruthy());
    expect(screen.getByRole("button", { name: "Withdraw the acceptance" })).toBeTruthy();
  });

  it("checks a reply before sending it, then posts it", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    const calls = fakeApi({
      [TOPIC]: { body: topic() },
      "POST /api/v1/community/topics/42/replies/": { status: 201, body: post({ id: 502, author: author(ME.id, ME.display_name) }) },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Post my reply" }));
    expect(screen.getByText("Write your message.")).toBeTruthy();
    expect(screen.getByLabelText("Write your reply").getAttribute("aria-invalid")).toBe("true");
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    await user.type(screen.getByLabelText("Write your reply"), "Watch the draw too.");
    await user.click(screen.getByRole("button", { name: "Post my reply" }));
    expect(await screen.findByText("Your reply is posted.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ body: "Watch the draw too." });
  });

  it("reports a reply with a reason", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    const calls = fakeApi({
      [TOPIC]: { body: topic() },
      "POST /api/v1/community/posts/501/flag/": { status: 201, body: {} },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    const reply = await screen.findByRole("article", { name: "Helper" });
    const report = within(reply).getByRole("button", { name: /Report/ });
    await user.click(report);
    expect(report.getAttribute("aria-expanded")).toBe("true");
    await user.selectOptions(within(reply).getByLabelText("Reason"), "gambling_harm");
    await user.click(within(reply).getByRole("button", { name: "Send the report" }));
    expect(await within(reply).findByText("Thank you: the moderators will have a look.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ reason: "gambling_harm", detail: "" });
  });

  it("shows the server's refusal of a reply beside it, and any other refusal below the form", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    fakeApi({
      [TOPIC]: { body: topic() },
      "POST /api/v1/community/topics/42/replies/": {
        status: 400,
        body: { detail: "Invalid input.", code: "invalid", fields: { body: ["This message says nothing."] } },
      },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    const field = await screen.findByLabelText("Write your reply");
    await user.type(field, "...");
    await user.click(screen.getByRole("button", { name: "Post my reply" }));
    const message = await screen.findByText("This message says nothing.");
    expect(message.id).toBe(`${field.id}-error`);
    expect(field.getAttribute("aria-invalid")).toBe("true");
  });

  it("shows the server's refusal of a report's details beside them", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    fakeApi({
      [TOPIC]: { body: topic() },
      "POST /api/v1/community/posts/501/flag/": {
        status: 400,
        body: { detail: "Invalid input.", code: "invalid", fields: { detail: ["Ensure this field has no more than 500 characters."] } },
      },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    const reply = await screen.findByRole("article", { name: "Helper" });
    await user.click(within(reply).getByRole("button", { name: /Report/ }));
    await user.click(within(reply).getByRole("button", { name: "Send the report" }));
    const details = within(reply).getByLabelText("Details (optional)");
    const message = await within(reply).findByText("Ensure this field has no more than 500 characters.");
    expect(message.id).toBe(`${details.id}-error`);
    expect(details.getAttribute("aria-invalid")).toBe("true");
  });

  it("takes no reply in a locked topic", async () => {
    window.history.replaceState(null, "", "/community/topics/42");
    fakeApi({ [TOPIC]: { body: topic({ is_locked: true }) } });
    renderPage(<Topic id="42" />);
    expect(await screen.findByText("This topic is locked: it takes no more replies.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Post my reply" })).toBeNull();
  });
});
