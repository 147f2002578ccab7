import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { consumeNavigated } from "../router";
import { round } from "../test/fixtures";
import { fakeApi, ME, renderPage } from "../test/render";
import Rankings, { viewHref, viewParam } from "./Rankings";

const SEASON = { id: 1, name: "Season 2026", starts_on: "2026-01-01", ends_on: "2026-12-31", status: "active", rules: {}, reminder_hours: 2 };
const me = { rank: 1, player_id: ME.id, display_name: "Camille", points: 1180, season_points: 5000, season_rank: 3 };

function routes() {
  return {
    "GET /api/v1/game/seasons/current/": { body: SEASON },
    "GET /api/v1/game/seasons/1/rankings/": {
      body: { count: 1, next: null, previous: null, results: [{ ...me, previous_rank: 1, wins: 1, best: 500, rounds_played: 3 }], me: null, around_me: [] },
    },
    "GET /api/v1/game/rounds/": { body: { count: 1, next: null, previous: null, results: [round({ id: 12, number: 4, status: "settled", picks_open: false })] } },
    "GET /api/v1/game/rounds/12/rankings/": { body: { count: 1, next: null, previous: null, results: [me], me, around_me: [] } },
  };
}

const pressed = (name: string) => screen.getByRole("button", { name }).getAttribute("aria-pressed");
const WEEK_TABLE = "Round 4 · Prix d'Amérique";

/** Back or forward in the browser: the address changes, then `popstate`. */
function traverse(to: string) {
  act(() => {
    window.history.replaceState(null, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  });
}

describe("the rankings' tab in the address", () => {
  it("reads ?view=week, the season's table otherwise", () => {
    expect(viewParam("week")).toBe("week");
    expect(viewParam(null)).toBe("season");
    expect(viewParam("weekly")).toBe("season");
    expect(viewHref("/rankings", "week")).toBe("/rankings?view=week");
    expect(viewHref("/rankings?view=week", "season")).toBe("/rankings");
    expect(viewHref("/rankings?ref=mail&view=week", "season")).toBe("/rankings?ref=mail");
  });

  it("opens on the week's tab from its address (a reload, a shared link)", async () => {
    window.history.replaceState(null, "", "/rankings?view=week");
    fakeApi(routes());
    renderPage(<Rankings />);
    expect(await screen.findByRole("table", { name: WEEK_TABLE })).toBeTruthy();
    expect(pressed("This week")).toBe("true");
    expect(pressed("Season")).toBe("false");
  });

  it("puts the chosen tab in the address, and follows back and forward", async () => {
    window.history.replaceState(null, "", "/rankings");
    fakeApi(routes());
    renderPage(<Rankings />);
    const user = userEvent.setup();
    expect(await screen.findByRole("table", { name: "Season" })).toBeTruthy();
    const before = window.history.length;

    await user.click(screen.getByRole("button", { name: "This week" }));
    expect(window.location.pathname + window.location.search).toBe("/rankings?view=week");
    expect(window.history.length).toBe(before + 1);
    // Another view of the same page: the focus stays on the tab, the title does not take it.
    expect(consumeNavigated()).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "This week" }));
    expect(await screen.findByRole("table", { name: WEEK_TABLE })).toBeTruthy();
    expect(pressed("This week")).toBe("true");

    traverse("/rankings");
    await waitFor(() => expect(pressed("Season")).toBe("true"));
    expect(await screen.findByRole("table", { name: "Season" })).toBeTruthy();

    traverse("/rankings?view=week");
    await waitFor(() => expect(pressed("This week")).toBe("true"));

    await user.click(screen.getByRole("button", { name: "Season" }));
    expect(window.location.search).toBe("");
  });
});
