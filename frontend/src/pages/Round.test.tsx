import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { round } from "../test/fixtures";
import { fakeApi, renderPage } from "../test/render";
import Home from "./Home";
import RoundPage from "./Round";

describe("a round's own page", () => {
  it("shows a locked round as awaiting its result, with what the feed said last", async () => {
    const locked = round({ id: 12, status: "locked", picks_open: false });
    locked.race.status = "provisional";
    fakeApi({
      "GET /api/v1/game/rounds/12/": { body: locked },
      "GET /api/v1/game/rounds/": { body: [locked] },
      "GET /api/v1/community/rounds/12/thread/": { status: 404, body: { detail: "x", code: "not_found" } },
    });
    renderPage(<RoundPage id="12" />);
    expect(await screen.findByRole("heading", { name: "Awaiting the result" })).toBeTruthy();
    expect(screen.getByText(/a provisional finish/)).toBeTruthy();
    expect(screen.getByText(/The official result is expected around/)).toBeTruthy();
  });

  it("opens the pick form on an open round, and links the other open rounds", async () => {
    const first = round({ id: 12 });
    const second = round({ id: 13, race: { ...round().race, id: 6, name: "Prix de Cornulier" } });
    fakeApi({
      "GET /api/v1/game/rounds/13/": { body: second },
      "GET /api/v1/game/rounds/": { body: [first, second] },
      "GET /api/v1/community/rounds/13/thread/": { status: 404, body: { detail: "x", code: "not_found" } },
    });
    renderPage(<RoundPage id="13" />);
    expect(await screen.findByRole("button", { name: "Confirm my pick" })).toBeTruthy();
    expect((await screen.findByRole("link", { name: /Prix d'Amérique/ })).getAttribute("href")).toBe("/rounds/12");
  });

  it("says a bad address is not a round", async () => {
    fakeApi({ "GET /api/v1/game/rounds/": { body: [] } });
    renderPage(<RoundPage id="<script>" />);
    expect(await screen.findByText(/This page does not exist/)).toBeTruthy();
  });
});

describe("the player's home", () => {
  it("lists every open round and every round awaiting its result", async () => {
    const open = round({ id: 12 });
    const locked = round({ id: 13, status: "locked", picks_open: false, race: { ...round().race, id: 6, name: "Prix de Cornulier" } });
    fakeApi({
      "GET /api/v1/game/rounds/": ({ query }) => ({ body: query.get("when") === "past" ? [] : [open, locked] }),
    });
    renderPage(<Home />);
    expect(await screen.findByRole("heading", { name: "Prix d'Amérique" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Prix de Cornulier" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Make my pick" }).getAttribute("href")).toBe("/rounds/12");
    expect(screen.getByText("Awaiting the result")).toBeTruthy();
  });
});
