import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import { addMonths, exclusionEnd, periodEnd } from "./bettingLogic";
import { BettingSettings, EmailSettings } from "./Preferences";

const PREFS = "/api/v1/handoff/preferences/";
const OPEN = {
  offers_enabled: true,
  self_excluded: false,
  self_excluded_until: null,
  self_exclusion_periods: ["6m", "1y", "5y"],
  self_exclusion_source: { text: "GAMSTOP periods", url: "https://www.gamstop.co.uk/" },
  on_break: false,
  break_until: null,
  break_periods: ["24h", "1w", "1m", "6w"],
};
const REALITY = "GET /api/v1/handoff/reality-check/";
const EMAILS = { round_open: true, reminders: true, results: true, community_digest: false, betting_offers: true };

describe("self-exclusion", () => {
  it("asks for a confirmation that says it cannot be shortened, and sends nothing before it", async () => {
    const calls = fakeApi({ [`GET ${PREFS}`]: { body: OPEN } });
    renderPage(<BettingSettings />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("radio", { name: "1 year" }));
    await user.click(screen.getByRole("button", { name: "Self-exclude" }));
    const dialog = screen.getByRole("alertdialog", { name: "Confirm your self-exclusion" });
    expect(dialog.textContent).toContain("cannot be shortened or lifted");
    expect(document.activeElement).toBe(dialog);
    // The choice is frozen while it is being confirmed.
    expect(screen.getByRole("radio", { name: "6 months" }).matches(":disabled")).toBe(true);
    expect(within(dialog).getByRole("button", { name: "Yes, exclude me for 1 year" })).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Self-exclude" }));
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("excludes for the chosen period once confirmed, then shows the end date and locks the switch", async () => {
    const until = "2027-05-24T10:00:00Z";
    const calls = fakeApi({
      [`GET ${PREFS}`]: { body: OPEN },
      "POST /api/v1/handoff/self-exclusion/": { status: 201, body: { ...OPEN, offers_enabled: false, self_excluded: true, self_excluded_until: until } },
    });
    renderPage(<BettingSettings />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Self-exclude" }));
    await user.click(screen.getByRole("button", { name: "Yes, exclude me for 6 months" }));
    expect(await screen.findByText("You are self-excluded from betting offers until 24 May 2027. This cannot be shortened or lifted.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ period: "6m" });
    const toggle = screen.getByRole("switch", { name: "Show me real-betting offers" }) as HTMLInputElement;
    expect(toggle.disabled).toBe(true);
    expect(toggle.checked).toBe(false);
    // Still excluded: the form now offers to extend it.
    expect(screen.getByRole("button", { name: "Extend my self-exclusion" })).toBeTruthy();
  });

  it("offers only the periods that end after the current exclusion, and no break", async () => {
    const until = addMonths(new Date(), 9).toISOString();
    fakeApi({ [`GET ${PREFS}`]: { body: { ...OPEN, offers_enabled: false, self_excluded: true, self_excluded_until: until } } });
    renderPage(<BettingSettings />);
    expect(await screen.findByRole("button", { name: "Extend my self-exclusion" })).toBeTruthy();
    expect(screen.queryByRole("radio", { name: "6 months" })).toBeNull();
    expect(screen.getByRole("radio", { name: "1 year" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "5 years" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: /break/i })).toBeNull();
  });

  it("says so when the exclusion already ends after every period offered", async () => {
    const until = addMonths(new Date(), 61).toISOString();
    fakeApi({ [`GET ${PREFS}`]: { body: { ...OPEN, offers_enabled: false, self_excluded: true, self_excluded_until: until } } });
    renderPage(<BettingSettings />);
    expect(await screen.findByText(/already ends after the longest period offered/)).toBeTruthy();
    expect(screen.queryByRole("radio")).toBeNull();
  });

  it("says why the server refused a shorter exclusion", async () => {
    fakeApi({
      // The server's clock decides: an exclusion a moment too long for the period chosen.
      [`GET ${PREFS}`]: { body: { ...OPEN, offers_enabled: false, self_excluded: true, self_excluded_until: addMonths(new Date(), 3).toISOString() } },
      "POST /api/v1/handoff/self-exclusion/": {
        status: 409,
        body: { detail: "You are already excluded until a later date; an exclusion can only be extended.", code: "shorter_exclusion" },
      },
    });
    renderPage(<BettingSettings />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Extend my self-exclusion" }));
    await user.click(screen.getByRole("button", { name: "Yes, exclude me for 6 months" }));
    expect(await screen.findByText(/an exclusion can only be extended/)).toBeTruthy();
  });

  it("turns offers off and on", async () => {
    const calls = fakeApi({
      [`GET ${PREFS}`]: { body: OPEN },
      [`PATCH ${PREFS}`]: ({ body }) => ({ body: { ...OPEN, ...(body as object) } }),
    });
    renderPage(<BettingSettings />);
    const user = userEvent.setup();
    const toggle = (await screen.findByRole("switch", { name: "Show me real-betting offers" })) as HTMLInputElement;
    await user.click(toggle);
    await waitFor(() => expect(toggle.checked).toBe(false));
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ offers_enabled: false });
  });

  it("ends on the same day so many months later, or the month's last day", () => {
    expect(addMonths(new Date(2026, 0, 31, 12), 1).toDateString()).toBe(new Date(2026, 1, 28, 12).toDateString());
    expect(addMonths(new Date(2026, 7, 15), 6).toDateString()).toBe(new Date(2027, 1, 15).toDateString());
    expect(exclusionEnd("5y", new Date(2026, 1, 10)).getFullYear()).toBe(2031);
    expect(periodEnd("24h", new Date(2026, 1, 10, 9)).getTime()).toBe(new Date(2026, 1, 11, 9).getTime());
    expect(periodEnd("6w", new Date(2026, 1, 10, 9)).toDateString()).toBe(new Date(2026, 2, 24, 9).toDateString());
  });
});

describe("a break and the reality check", () => {
  it("takes a break for the chosen period and says until when", async () => {
    const until = "2026-03-03T10:00:00Z";
    const calls = fakeApi({
      [`GET ${PREFS}`]: { body: OPEN },
      "POST /api/v1/handoff/break/": { status: 201, body: { ...OPEN, on_break: true, break_until: until } },
    });
    renderPage(<BettingSettings />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("radio", { name: "1 week" }));
    await user.click(screen.getByRole("button", { name: "Start my break" }));
    expect((await screen.findAllByText("You are on a break from betting offers until 3 Mar 2026.")).length).toBeGreaterThan(0);
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ period: "1w" });
    expect(screen.getByRole("button", { name: "Extend my break" })).toBeTruthy();
  });

  it("shows the season's reality check and says plainly it is a gain", async () => {
    fakeApi({
      [`GET ${PREFS}`]: { body: OPEN },
      [REALITY]: {
        body: {
          reality_check: {
            season: 3, season_name: "Spring", stake_cents: 200, weeks: 5, weeks_lost: 2,
            staked_cents: 2000, returned_cents: 8720, net_cents: 6720, outcome: "gain", refunded_bets: 3, seen: true,
          },
          reason: null,
        },
      },
    });
    renderPage(<BettingSettings />);
    const section = await screen.findByRole("region", { name: "Reality check" });
    await waitFor(() => expect(section.textContent).toContain("A gain: you would be €67.20 up."));
    expect(section.textContent).toContain("€87.20");
    expect(section.textContent).toContain("Weeks lost: 2 of 5.");
  });

  it("hides the reality check during a break", async () => {
    fakeApi({
      [`GET ${PREFS}`]: { body: { ...OPEN, on_break: true, break_until: "2026-03-03T10:00:00Z" } },
      [REALITY]: { body: { reality_check: null, reason: "on_break" } },
    });
    renderPage(<BettingSettings />);
    expect(await screen.findByText("Hidden while you are on a break or self-excluded.")).toBeTruthy();
    expect(screen.queryByText(/you would be/)).toBeNull();
  });
});

describe("email preferences", () => {
  it("saves one kind at a time, at once", async () => {
    const calls = fakeApi({
      "GET /api/v1/notifications/preferences/": { body: EMAILS },
      "PATCH /api/v1/notifications/preferences/": ({ body }) => ({ body: { ...EMAILS, ...(body as object) } }),
    });
    renderPage(<EmailSettings />, { lang: "fr" });
    const user = userEvent.setup();
    const digest = (await screen.findByRole("switch", { name: "Résumé de l’entraide" })) as HTMLInputElement;
    expect(digest.checked).toBe(false);
    expect((screen.getByRole("switch", { name: "Rappel avant la clôture" }) as HTMLInputElement).checked).toBe(true);
    await user.click(digest);
    expect(await screen.findByText("Préférences e-mail enregistrées.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ community_digest: true });
    expect(digest.checked).toBe(true);
  });

  it("never says emails carry betting offers: they are only on the pick page", async () => {
    fakeApi({ "GET /api/v1/notifications/preferences/": { body: EMAILS } });
    const { unmount } = renderPage(<EmailSettings />);
    expect(
      await screen.findByText(
        "Emails never carry betting offers: offers appear only on the pick page, before the race, and you manage them under “Betting offers & self-exclusion”.",
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/emails include betting/i)).toBeNull();
    unmount();
    renderPage(<EmailSettings />, { lang: "fr" });
    expect(await screen.findByText(/^Les e-mails ne contiennent jamais d’offre de paris/)).toBeTruthy();
    expect(screen.queryByText(/contiennent des liens de paris/)).toBeNull();
  });

  it("puts the switch back when the server refuses", async () => {
    fakeApi({
      "GET /api/v1/notifications/preferences/": { body: EMAILS },
      "PATCH /api/v1/notifications/preferences/": { status: 500, body: {} },
    });
    renderPage(<EmailSettings />);
    const user = userEvent.setup();
    const results = (await screen.findByRole("switch", { name: "Results" })) as HTMLInputElement;
    await user.click(results);
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(results.checked).toBe(true);
  });
});
