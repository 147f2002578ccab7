import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resolve } from "../App";
import type { Lang } from "../i18n/lang";
import { fakeApi, renderPage } from "../test/render";
import Leagues from "./Leagues";

const NO_LEAGUE = { "GET /api/v1/leagues/": { body: [] } };

function renderLeagues(lang: Lang = "en") {
  fakeApi(NO_LEAGUE);
  renderPage(<Leagues />, { lang });
}

describe("joining a league with a code typed by hand", () => {
  beforeEach(() => window.history.replaceState(null, "", "/leagues"));
  afterEach(() => vi.unstubAllGlobals());

  it("goes to the join page of the code, without the spaces around it", async () => {
    renderLeagues();
    const form = await screen.findByRole("form", { name: "Join with a code" });
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText("Invitation code"), "  Zk3_-aB9 ");
    await user.click(within(form).getByRole("button", { name: "Continue" }));

    expect(window.location.pathname).toBe("/leagues/join/Zk3_-aB9");
    // The join page the invitation links open, for that very code.
    const page = resolve(window.location.pathname);
    expect(page?.route.path).toBe("/leagues/join/:code");
    expect(page?.params).toEqual({ code: "Zk3_-aB9" });
  });

  it("says a code is needed when none was typed, and stays", async () => {
    renderLeagues();
    const form = await screen.findByRole("form", { name: "Join with a code" });
    const field = within(form).getByLabelText("Invitation code");
    const user = userEvent.setup();
    await user.type(field, "   ");
    await user.click(within(form).getByRole("button", { name: "Continue" }));

    expect(window.location.pathname).toBe("/leagues");
    expect(within(form).getByText("Type the invitation code first.")).toBeTruthy();
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(field.getAttribute("aria-describedby")).toContain(within(form).getByText("Type the invitation code first.").id);
    expect(document.activeElement).toBe(field);

    // Typing again clears the error.
    await user.type(field, "abc");
    expect(within(form).queryByText("Type the invitation code first.")).toBeNull();
  });

  it("is offered in French too", async () => {
    renderLeagues("fr");
    const form = await screen.findByRole("form", { name: "Rejoindre avec un code" });
    const user = userEvent.setup();
    await user.click(within(form).getByRole("button", { name: "Continuer" }));
    expect(within(form).getByText("Saisissez d’abord le code d’invitation.")).toBeTruthy();
    await user.type(within(form).getByLabelText("Code d’invitation"), "k3j4 ");
    await user.click(within(form).getByRole("button", { name: "Continuer" }));
    expect(window.location.pathname).toBe("/leagues/join/k3j4");
  });
});

describe("the leagues page as it loads", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("draws its forms with my leagues, not before them: they would jump down as the list came", async () => {
    fakeApi({
      "GET /api/v1/leagues/": {
        body: [{ id: "abc123", name: "Les Turfistes", owner: { id: 2, name: "Alice" }, member_count: 8, role: "member", visibility: "private" }],
      },
    });
    renderPage(<Leagues />);
    expect(screen.queryByRole("form", { name: "Join with a code" })).toBeNull();
    expect(await screen.findByText("Les Turfistes")).toBeTruthy();
    expect(screen.getByRole("form", { name: "Join with a code" })).toBeTruthy();
  });
});
