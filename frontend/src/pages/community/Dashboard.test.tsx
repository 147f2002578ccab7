import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, ME, renderPage } from "../../test/render";
import Dashboard from "./Dashboard";
import type { LiveHelpFigures } from "./LiveHelpCard";

const STAFF = { ...ME, is_staff: true };
const EMPTY_DASHBOARD = { weeks: 8, per_category: [], answer_times: [], subjects: [], helpers: [] };
const summary = (asked: number, answered: number, median: number | null, p90: number | null, ratings: number, average: number | null) => ({
  asked,
  answered,
  answered_share: asked ? Math.round((answered / asked) * 1000) / 1000 : null,
  first_response_seconds: { median, p90 },
  ratings,
  rating_average: average,
});
const FIGURES: LiveHelpFigures = {
  since: "2026-10-11T04:00:00Z",
  overall: summary(4, 3, 75, 600, 2, 4.5),
  weeks: [
    { week: "2026-11-23", ...summary(1, 0, null, null, 0, null) },
    { week: "2026-11-30", ...summary(3, 3, 75, 600, 2, 4.5) },
  ],
  helpers: [{ helper: 12, name: "Bob", ...summary(3, 3, 75, 600, 2, 4.5) }],
};
const ROUTES = {
  "GET /api/v1/community/ops/dashboard/": { body: EMPTY_DASHBOARD },
  "GET /api/v1/community/ops/ambassadors/": { body: { candidates: [], ambassadors: [] } },
  "GET /api/v1/live/operator/help-metrics/": { body: FIGURES },
};

describe("the dashboard's live help", () => {
  it("shows the figures per week and per helper: answered share, first response median and p90, rating", async () => {
    const calls = fakeApi(ROUTES);
    renderPage(<Dashboard />, { me: STAFF });
    const section = await screen.findByRole("region", { name: "Live help" });
    const weeks = await within(section).findByRole("table", { name: "Live help, week by week" });
    const rows = within(weeks).getAllByRole("row").map((r) => Array.from(r.children, (c) => c.textContent));
    expect(rows[1]).toEqual(["All weeks", "4", "75 %", "75 s", "10 min", "4.5 (2)"]);
    expect(rows[2]).toEqual(["2026-11-23", "1", "0 %", "–", "–", "–"]);
    expect(rows[3]).toEqual(["2026-11-30", "3", "100 %", "75 s", "10 min", "4.5 (2)"]);
    const helpers = within(section).getByRole("table", { name: "Live help per helper" });
    expect(within(helpers).getByRole("row", { name: /Bob/ }).textContent).toBe("Bob3100 %75 s10 min4.5 (2)");
    expect(within(section).getByRole("img", { name: /Live questions answered/ })).toBeTruthy();
    expect(calls.find((c) => c.path === "/api/v1/live/operator/help-metrics/")?.query.get("weeks")).toBe("8");
  });

  it("searches the live messages for moderators, hidden ones marked, and pages on", async () => {
    const message = { id: 5, author: 9, name: "Alice", text: "tips for the Arc", created_at: "2026-12-01T18:00:00Z", is_hidden: true, where: "room:ABCD/3" };
    const calls = fakeApi({
      ...ROUTES,
      "GET /api/v1/live/moderation/messages/": ({ query }) => ({
        body: query.get("page") === "2" ? { count: 21, next: null, previous: "?page=1", results: [{ ...message, id: 6, name: "Carl", is_hidden: false }] } : { count: 21, next: "?page=2", previous: null, results: [message] },
      }),
    });
    renderPage(<Dashboard />, { me: STAFF, lang: "fr" });
    const user = userEvent.setup();
    const search = await screen.findByRole("search", { name: "Rechercher dans les messages en direct" });
    expect(calls.some((c) => c.path === "/api/v1/live/moderation/messages/")).toBe(false);
    await user.type(within(search).getByRole("searchbox", { name: "Mots" }), " Arc ");
    await user.selectOptions(within(search).getByRole("combobox", { name: "Où" }), "help");
    await user.click(within(search).getByRole("button", { name: "Rechercher" }));
    expect(await within(search).findByText("21 messages")).toBeTruthy();
    expect(within(search).getByText("tips for the Arc")).toBeTruthy();
    expect(within(search).getByText(/masqué/)).toBeTruthy();
    const first = calls.find((c) => c.path === "/api/v1/live/moderation/messages/");
    expect([first?.query.get("q"), first?.query.get("kind"), first?.query.get("page")]).toEqual(["Arc", "help", "1"]);
    await user.click(within(search).getByRole("button", { name: "Suivants" }));
    expect(await within(search).findByText("Carl")).toBeTruthy();
    expect(within(search).queryByText(/masqué/)).toBeNull();
  });

  it("shows the server's refusal of the search beside its field", async () => {
    fakeApi({
      ...ROUTES,
      "GET /api/v1/live/moderation/messages/": { status: 400, body: { code: "invalid", detail: "Invalid input.", fields: { q: ["Ensure this field has no more than 200 characters."] } } },
    });
    renderPage(<Dashboard />, { me: STAFF });
    const user = userEvent.setup();
    const search = await screen.findByRole("search", { name: "Search live messages" });
    await user.click(within(search).getByRole("button", { name: "Search" }));
    expect(await within(search).findByText("Ensure this field has no more than 200 characters.")).toBeTruthy();
  });
});

describe("the dashboard for anyone but an operator", () => {
  it("says who reads it without asking the server for a 403", async () => {
    const calls = fakeApi(ROUTES);
    renderPage(<Dashboard />);
    expect(await screen.findByText("Only operators see the community dashboard.")).toBeTruthy();
    expect(calls.map((c) => c.path)).not.toContain("/api/v1/community/ops/dashboard/");
  });
});
