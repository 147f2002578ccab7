import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { progressShare } from "../api/communityMissions";
import { fakeApi, renderPage } from "../test/render";
import { categoryTotals } from "../pages/community/Dashboard";

describe("missions and the dashboard", () => {
  it("draw progress as a share of the target, never past it", () => {
    expect(progressShare(0, 3)).toBe(0);
    expect(progressShare(2, 4)).toBe(0.5);
    expect(progressShare(5, 4)).toBe(1);
    expect(progressShare(1, 0)).toBe(0);
  });

  it("sum a category's weeks", () => {
    const totals = categoryTotals({
      weeks: 2,
      per_category: [
        { week: "2026-03-02", category: "help", questions: 2, unanswered: 1 },
        { week: "2026-03-09", category: "help", questions: 3, unanswered: 0 },
        { week: "2026-03-09", category: "rules", questions: 1, unanswered: 1 },
      ],
      answer_times: [],
      subjects: [],
      helpers: [],
    });
    expect(totals).toEqual([
      { category: "help", questions: 5, unanswered: 1 },
      { category: "rules", questions: 1, unanswered: 1 },
    ]);
  });
});

describe("scheduling an event", () => {
  it("takes only a time in the future", async () => {
    const { futureInstant } = await import("../pages/community/ScheduleEvent");
    const now = new Date("2026-03-11T12:00:00Z").getTime();
    expect(futureInstant("", now)).toBeNull();
    expect(futureInstant("2020-01-01T10:00", now)).toBeNull();
    expect(futureInstant("not a date", now)).toBeNull();
    expect(futureInstant("2030-01-01T10:00", now)).toMatch(/^2030-01-01T/);
  });
});

describe("the event form", () => {
  it("shows the server's refusal of an input beside it", async () => {
    const { ScheduleEvent } = await import("../pages/community/ScheduleEvent");
    fakeApi({
      "GET /api/v1/community/categories/": { body: [{ id: 1, slug: "race-of-the-week", name_en: "Race of the week", name_fr: "Course de la semaine", description_en: "", description_fr: "", position: 10, topic_count: 0 }] },
      "POST /api/v1/community/events/": {
        status: 400,
        body: { detail: "Invalid input.", code: "invalid", fields: { title: ["This title is taken by another event."] } },
      },
    });
    renderPage(<ScheduleEvent />);
    const user = userEvent.setup();
    const title = screen.getByLabelText("Title");
    await user.type(title, "Ask the trainer");
    fireEvent.input(screen.getByLabelText("Starts at (your time)"), { target: { value: "2099-01-01T18:00" } });
    await user.selectOptions(await screen.findByLabelText("Category of its thread"), "race-of-the-week");
    await user.click(screen.getByRole("button", { name: "Schedule it" }));
    const message = await screen.findByText("This title is taken by another event.");
    expect(message.id).toBe(`${title.id}-error`);
    expect(title.getAttribute("aria-invalid")).toBe("true");
  });
});
