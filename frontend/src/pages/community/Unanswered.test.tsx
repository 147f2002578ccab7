import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import { myProfile, topic } from "./fixtures";
import Unanswered from "./Unanswered";

const QUEUE = "/api/v1/community/unanswered/";

describe("the unanswered queue", () => {
  it("lists the waiting questions for an adviser", async () => {
    const calls = fakeApi({
      "GET /api/v1/community/me/": { body: myProfile({ can_watch_queue: true }) },
      [`GET ${QUEUE}`]: { body: [{ topic: topic({ title: "Which odds count?" }), waiting_hours: 30, target_hours: 24, overdue: true, notified_at: null }] },
    });
    renderPage(<Unanswered />);
    expect(await screen.findByRole("link", { name: "Which odds count?" })).toBeTruthy();
    expect(screen.getByText("Past target")).toBeTruthy();
    expect(calls.filter((c) => c.path === QUEUE)).toHaveLength(1);
  });

  it("tells a player it is not theirs without asking the server for the queue (no 403 in the console)", async () => {
    const calls = fakeApi({ "GET /api/v1/community/me/": { body: myProfile({ can_watch_queue: false }) } });
    renderPage(<Unanswered />);
    expect(await screen.findByText("Only Paddock's advisers and the moderators see this queue.")).toBeTruthy();
    expect(calls.map((c) => c.path)).not.toContain(QUEUE);
  });

  it("tells a visitor the same, asking nothing", async () => {
    const calls = fakeApi({});
    renderPage(<Unanswered />, { me: null });
    expect(await screen.findByText("Only Paddock's advisers and the moderators see this queue.")).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});
