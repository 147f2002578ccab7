import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi, ME, renderPage } from "../../test/render";
import Ops from "./Ops";

describe("the operator console", () => {
  it("writes its times in English, in the operator's zone, whatever language they play in", async () => {
    fakeApi({
      "GET /api/v1/game/operator/seasons/": { body: [] },
      "GET /api/v1/game/operator/rounds/": {
        body: { count: 1, next: null, previous: null, results: [{ id: 5, number: 7, race_code: "R1C4", race_name: "Prix de Paris", status: "open", locks_at: "2026-12-13T14:15:00Z" }] },
      },
      "GET /api/v1/operator/calendar/": { body: { day: "2026-12-07", meetings: [] } },
    });
    renderPage(<Ops />, { me: { ...ME, is_staff: true, language: "fr" }, lang: "fr", timeZone: "Europe/Paris" });
    expect(await screen.findByText(/locks Sunday 13 December (at )?15:15 CET/)).toBeTruthy();
  });
});

describe("the operator console for a player", () => {
  it("says it is for staff in the player's language, asking the server nothing", async () => {
    const calls = fakeApi({});
    renderPage(<Ops />, { me: { ...ME, language: "fr" }, lang: "fr" });
    expect(await screen.findByRole("heading", { level: 1, name: "Console des opérateurs" })).toBeTruthy();
    expect(screen.getByText("La console des opérateurs est réservée aux comptes de l’équipe Paddock.")).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});
