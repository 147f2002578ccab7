import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Post, TopicDetail } from "../../api/types";
import { fakeApi, ME, renderPage } from "../../test/render";
import { author, OPEN_UNTIL, post, topic } from "./fixtures";
import Topic from "./Topic";

const TOPIC = "GET /api/v1/community/topics/42/";
const NOTHING = { voted: false, can_edit: false, edit_until: null, can_delete: false, can_accept: false, can_moderate: false };
const OWN_QUESTION = { voted: false, can_edit: true, edit_until: OPEN_UNTIL, can_delete: true, can_accept: true, can_moderate: false };

/** The player's own reply, as the API shows it to its author (with its Markdown source). */
function myReply(extra: Partial<Post> = {}): Post {
  return post({
    id: 502,
    author: author(ME.id, ME.display_name),
    body: "Watch the draw.",
    body_html: "<p>Watch the draw.</p>",
    viewer: { voted: false, can_check: false, can_edit: true, edit_until: OPEN_UNTIL, can_delete: true },
    ...extra,
  });
}

/** Someone else's question with the Helper's reply and the player's own one. */
function theirQuestion(extra: Partial<TopicDetail> = {}): TopicDetail {
  return topic({
    author: author(9, "Asker"),
    body: null,
    viewer: NOTHING,
    replies: { count: 2, next: null, previous: null, results: [post(), myReply()] },
    ...extra,
  });
}

const question = () => screen.getByRole("heading", { level: 1 }).closest("article") as HTMLElement;
const findQuestion = async () => (await screen.findByRole("heading", { level: 1 })).closest("article") as HTMLElement;
const myCard = () => screen.getAllByRole("article", { name: ME.display_name })[0] as HTMLElement;

beforeEach(() => window.history.replaceState(null, "", "/community/topics/42"));

describe("the author's own question and replies", () => {
  it("offers Edit and Delete on the player's own reply, and on nothing of others'", async () => {
    fakeApi({ [TOPIC]: { body: theirQuestion() } });
    renderPage(<Topic id="42" />);
    const mine = await screen.findByRole("article", { name: "Camille" });
    expect(within(mine).getByRole("button", { name: /Edit/ })).toBeTruthy();
    expect(within(mine).getByRole("button", { name: "Delete" })).toBeTruthy();
    const theirs = screen.getByRole("article", { name: "Helper" });
    expect(within(theirs).queryByRole("button", { name: /Edit|Delete/ })).toBeNull();
    expect(within(question()).queryByRole("button", { name: /Edit|Delete/ })).toBeNull();
  });

  it("says until when an edit is possible, and takes Edit away once that time has passed", async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 1_000).toISOString();
    fakeApi({ [TOPIC]: { body: theirQuestion({ replies: { count: 1, next: null, previous: null, results: [myReply({ viewer: { voted: false, can_check: false, can_edit: true, edit_until: soon, can_delete: true } })] } }) } });
    renderPage(<Topic id="42" />);
    const mine = await screen.findByRole("article", { name: "Camille" });
    expect(within(mine).getByText(/You can edit it until \d\d:\d\d/)).toBeTruthy();
    expect(within(mine).getByRole("button", { name: /Edit/ })).toBeTruthy();
    cleanup();
    // The page was read as the window closed: the API said yes a moment ago, the clock says no.
    fakeApi({ [TOPIC]: { body: theirQuestion({ replies: { count: 1, next: null, previous: null, results: [myReply({ viewer: { voted: false, can_check: false, can_edit: true, edit_until: past, can_delete: true } })] } }) } });
    renderPage(<Topic id="42" />);
    const later = await screen.findByRole("article", { name: "Camille" });
    expect(within(later).queryByRole("button", { name: /Edit/ })).toBeNull();
    expect(within(later).queryByText(/You can edit it until/)).toBeNull();
    expect(within(later).getByRole("button", { name: "Delete" })).toBeTruthy();
  });

  it("offers Edit and Delete on the player's own question", async () => {
    fakeApi({ [TOPIC]: { body: topic({ viewer: OWN_QUESTION }) } });
    renderPage(<Topic id="42" />);
    await screen.findByRole("heading", { level: 1 });
    expect(within(question()).getByRole("button", { name: /Edit/ })).toBeTruthy();
    expect(within(question()).getByRole("button", { name: "Delete" })).toBeTruthy();
    // The Helper's reply is not the player's.
    expect(within(screen.getByRole("article", { name: "Helper" })).queryByRole("button", { name: /Edit|Delete/ })).toBeNull();
  });

  it("edits the question in place and shows the new title and text once saved", async () => {
    let edited = false;
    const calls = fakeApi({
      [TOPIC]: () => ({
        body: edited
          ? topic({ title: "Which going suits stayers?", body: "Good to soft: **which** horses?", body_html: "<p>Good to soft: <strong>which</strong> horses?</p>", edited_at: "2026-03-01T09:10:00Z" })
          : topic(),
      }),
      "PATCH /api/v1/community/topics/42/": () => {
        edited = true;
        return { body: topic({ title: "Which going suits stayers?", edited_at: "2026-03-01T09:10:00Z" }) };
      },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(await within(await findQuestion()).findByRole("button", { name: /Edit/ }));
    const form = screen.getByRole("form", { name: "Edit your question" });
    const title = within(form).getByLabelText("Title");
    expect(document.activeElement).toBe(title);
    expect((within(form).getByLabelText("Your question") as HTMLTextAreaElement).value).toBe("Soft or heavy going: **how**?");
    await user.clear(title);
    await user.type(title, "Which going suits stayers?");
    await user.clear(within(form).getByLabelText("Your question"));
    await user.type(within(form).getByLabelText("Your question"), "Good to soft: **which** horses?");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Which going suits stayers?" })).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ title: "Which going suits stayers?", body: "Good to soft: **which** horses?" });
    expect(screen.queryByRole("form", { name: "Edit your question" })).toBeNull();
    expect(within(question()).getByText("which").tagName).toBe("STRONG");
    expect(within(question()).getByText(/· edited/)).toBeTruthy();
    expect(within(question()).getByText("Your changes are saved.")).toBeTruthy();
    // The focus goes back to Edit once the form has closed (an effect after that render).
    await waitFor(() => expect(document.activeElement).toBe(within(question()).getByRole("button", { name: /Edit/ })));
  });

  it("sends only what changed, and closes without a request when nothing did", async () => {
    const calls = fakeApi({
      [TOPIC]: { body: topic() },
      "PATCH /api/v1/community/topics/42/": { body: topic() },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(await within(await findQuestion()).findByRole("button", { name: /Edit/ }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.queryByRole("form", { name: "Edit your question" })).toBeNull();
    await user.click(within(question()).getByRole("button", { name: /Edit/ }));
    await user.type(screen.getByLabelText("Your question"), " On turf.");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit your question" })).toBeNull());
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.body)).toEqual([{ body: "Soft or heavy going: **how**? On turf." }]);
  });

  it("edits a reply: only its text is sent, and the new text shows", async () => {
    let edited = false;
    const calls = fakeApi({
      [TOPIC]: () => ({ body: theirQuestion(edited ? { replies: { count: 2, next: null, previous: null, results: [post(), myReply({ body: "Watch the draw and the going.", body_html: "<p>Watch the draw and the going.</p>", edited_at: "2026-03-01T10:05:00Z" })] } } : {}) }),
      "PATCH /api/v1/community/posts/502/": () => {
        edited = true;
        return { body: myReply({ body: "Watch the draw and the going." }) };
      },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("article", { name: "Camille" })).getByRole("button", { name: /Edit/ }));
    const field = within(myCard()).getByLabelText("Your reply");
    expect(document.activeElement).toBe(field);
    await user.clear(field);
    await user.type(field, "Watch the draw and the going.");
    await user.click(within(myCard()).getByRole("button", { name: "Save" }));
    expect(await within(myCard()).findByText("Watch the draw and the going.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PATCH").map((c) => [c.path, c.body])).toEqual([["/api/v1/community/posts/502/", { body: "Watch the draw and the going." }]]);
    expect(within(myCard()).getByText(/· edited/)).toBeTruthy();
  });

  it("cancels an edit without sending anything, the focus back on Edit", async () => {
    const calls = fakeApi({ [TOPIC]: { body: theirQuestion() } });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("article", { name: "Camille" })).getByRole("button", { name: /Edit/ }));
    await user.type(within(myCard()).getByLabelText("Your reply"), " Maybe.");
    await user.click(within(myCard()).getByRole("button", { name: "Cancel" }));
    expect(within(myCard()).queryByLabelText("Your reply")).toBeNull();
    expect(within(myCard()).getByText("Watch the draw.")).toBeTruthy();
    expect(document.activeElement).toBe(within(myCard()).getByRole("button", { name: /Edit/ }));
    expect(calls.filter((c) => c.method !== "GET")).toHaveLength(0);
  });

  it("checks the edit before sending it", async () => {
    const calls = fakeApi({ [TOPIC]: { body: topic() } });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(await within(await findQuestion()).findByRole("button", { name: /Edit/ }));
    await user.clear(screen.getByLabelText("Title"));
    await user.type(screen.getByLabelText("Title"), "Going?");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByText("The title needs at least 8 characters.")).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText("Title"));
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);
  });

  it("says in the player's language that the edit window has passed, and takes Edit away", async () => {
    let refused = false;
    fakeApi({
      [TOPIC]: () => ({ body: theirQuestion(refused ? { replies: { count: 2, next: null, previous: null, results: [post(), myReply({ viewer: { voted: false, can_check: false, can_edit: false, edit_until: null, can_delete: true } })] } } : {}) }),
      "PATCH /api/v1/community/posts/502/": () => {
        refused = true;
        return { status: 409, body: { detail: "Posts can be edited for 30 minutes after posting.", code: "edit_window_closed" } };
      },
    });
    renderPage(<Topic id="42" />, { lang: "fr" });
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("article", { name: "Camille" })).getByRole("button", { name: /Modifier/ }));
    await user.type(within(myCard()).getByLabelText("Votre réponse"), " Et le terrain.");
    await user.click(within(myCard()).getByRole("button", { name: "Enregistrer" }));
    const refusal = await within(myCard()).findByText(/Le délai de modification est passé/);
    expect(refusal.closest('[role="alert"]')).toBeTruthy();
    // What the player typed stays, to copy; once closed, only Delete is left.
    expect((within(myCard()).getByLabelText("Votre réponse") as HTMLTextAreaElement).value).toBe("Watch the draw. Et le terrain.");
    await user.click(within(myCard()).getByRole("button", { name: "Annuler" }));
    await waitFor(() => expect(within(myCard()).queryByRole("button", { name: /Modifier/ })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(within(myCard()).getByRole("button", { name: "Supprimer" })));
    expect(within(myCard()).getByText(/Le délai de modification est passé/)).toBeTruthy();
  });

  it("shows no Edit once the edit window has passed, but still Delete", async () => {
    fakeApi({
      [TOPIC]: {
        body: topic({
          viewer: { ...OWN_QUESTION, can_edit: false, edit_until: null },
          replies: { count: 1, next: null, previous: null, results: [myReply({ viewer: { voted: false, can_check: false, can_edit: false, edit_until: null, can_delete: true } })] },
        }),
      },
    });
    renderPage(<Topic id="42" />);
    await screen.findByRole("heading", { level: 1 });
    for (const card of [question(), myCard()]) {
      expect(within(card).queryByRole("button", { name: /Edit/ })).toBeNull();
      expect(within(card).getByRole("button", { name: "Delete" })).toBeTruthy();
    }
  });

  it("asks before deleting a reply, then deletes it", async () => {
    let deleted = false;
    const calls = fakeApi({
      [TOPIC]: () => ({ body: theirQuestion(deleted ? { replies: { count: 1, next: null, previous: null, results: [post()] } } : {}) }),
      "DELETE /api/v1/community/posts/502/": () => {
        deleted = true;
        return { status: 204 };
      },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(within(await screen.findByRole("article", { name: "Camille" })).getByRole("button", { name: "Delete" }));
    const ask = within(myCard()).getByRole("group", { name: "Delete this reply?" });
    expect(document.activeElement).toBe(within(ask).getByRole("button", { name: "Keep it" }));
    await user.click(within(ask).getByRole("button", { name: "Keep it" }));
    expect(within(myCard()).queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(within(myCard()).getByRole("button", { name: "Delete" }));
    expect(calls.filter((c) => c.method === "DELETE")).toHaveLength(0);

    await user.click(within(myCard()).getByRole("button", { name: "Delete" }));
    await user.click(within(myCard()).getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByText("Your reply is deleted.")).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("article", { name: "Camille" })).toBeNull());
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/v1/community/posts/502/"]);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "1 reply" })));
  });

  it("deletes the question after confirmation and goes back to its category", async () => {
    const calls = fakeApi({
      [TOPIC]: { body: topic({ viewer: OWN_QUESTION }) },
      "DELETE /api/v1/community/topics/42/": { status: 204 },
    });
    renderPage(<Topic id="42" />);
    const user = userEvent.setup();
    await user.click(await within(await findQuestion()).findByRole("button", { name: "Delete" }));
    const ask = within(question()).getByRole("group", { name: "Delete this question?" });
    await user.click(within(ask).getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => expect(window.location.pathname).toBe("/community/c/handicapping-help"));
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/v1/community/topics/42/"]);
  });

  it("says why a question others answered cannot be deleted, and keeps saying it", async () => {
    let refused = false;
    fakeApi({
      // Asked again after the refusal, the page no longer offers Delete.
      [TOPIC]: () => ({ body: topic({ viewer: refused ? { ...OWN_QUESTION, can_delete: false } : OWN_QUESTION }) }),
      "DELETE /api/v1/community/topics/42/": () => {
        refused = true;
        return { status: 409, body: { detail: "Others have answered: flag the question for a moderator instead.", code: "has_replies" } };
      },
    });
    renderPage(<Topic id="42" />, { lang: "fr" });
    const user = userEvent.setup();
    await user.click(await within(await findQuestion()).findByRole("button", { name: "Supprimer" }));
    await user.click(within(question()).getByRole("button", { name: "Oui, supprimer" }));
    const said = "D’autres ont répondu : cette question ne peut plus être supprimée. Signalez-la plutôt aux modérateurs.";
    expect(await within(question()).findByText(said)).toBeTruthy();
    expect(window.location.pathname).toBe("/community/topics/42");
    await user.click(within(question()).getByRole("button", { name: "La garder" }));
    expect(within(question()).getByText(said)).toBeTruthy();
    expect(within(question()).queryByRole("button", { name: "Supprimer" })).toBeNull();
    expect(within(question()).getByRole("button", { name: /Modifier/ })).toBeTruthy();
  });
});
