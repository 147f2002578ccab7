import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Call, fakeApi, ME, renderPage } from "../../test/render";
import League from "../League";
import { canRemove } from "./Manage";
import Directory from "./Directory";

const LEAGUE = {
  id: "k3j4m5n6p7",
  name: "Les amis du turf",
  description: "",
  visibility: "private",
  member_limit: null,
  max_members: 1000,
  member_count: 2,
  owner: { id: ME.id, name: "Camille" },
  my_role: "owner",
  created_at: "2026-01-01T00:00:00Z",
};
const MEMBERS = {
  count: 2,
  next: null,
  previous: null,
  results: [
    { player: { id: ME.id, name: "Camille" }, role: "owner", joined_at: "2026-01-01T00:00:00Z" },
    { player: { id: 10, name: "Bob" }, role: "member", joined_at: "2026-01-03T00:00:00Z" },
  ],
};
const TABLE = { league: LEAGUE, season: null, last_round: null, count: 0, next: null, previous: null, results: [] };
const CODE = {
  id: 5,
  code: "AbCdEfGhIjKlMnOp",
  share: { link: "http://testserver/leagues/join/AbCdEfGhIjKlMnOp", whatsapp: "", telegram: "", facebook: "", x: "", email: "", sms: "" },
  created_at: "2026-01-01T00:00:00Z",
  expires_at: null,
  max_uses: null,
  uses: 3,
  revoked_at: null,
  is_usable: true,
};

function ownerRoutes(extra: Record<string, unknown> = {}) {
  return fakeApi({
    "GET /api/v1/leagues/k3j4m5n6p7/": { body: LEAGUE },
    "GET /api/v1/leagues/k3j4m5n6p7/members/": { body: MEMBERS },
    "GET /api/v1/leagues/k3j4m5n6p7/table/": { body: TABLE },
    "GET /api/v1/leagues/k3j4m5n6p7/invite/": { body: CODE },
    "GET /api/v1/leagues/k3j4m5n6p7/codes/": { body: [CODE] },
    "GET /api/v1/leagues/k3j4m5n6p7/invitations/": { body: [] },
    "GET /api/v1/game/rounds/": { body: { count: 0, next: null, previous: null, results: [] } },
    ...(extra as Record<string, { status?: number; body?: unknown }>),
  });
}

afterEach(() => vi.restoreAllMocks());

describe("running a league", () => {
  it("shows the server's refusal of a new name beside the name field", async () => {
    const calls = ownerRoutes({
      "PATCH /api/v1/leagues/k3j4m5n6p7/": { status: 400, body: { detail: "Invalid input.", code: "invalid", fields: { name: ["Ensure this field has no more than 60 characters."] } } },
    });
    renderPage(<League id="k3j4m5n6p7" />);
    const settings = await screen.findByRole("form", { name: "League settings" });
    const name = within(settings).getByLabelText("League name");
    const user = userEvent.setup();
    await user.clear(name);
    await user.type(name, "Turf");
    await user.click(within(settings).getByRole("button", { name: "Save" }));
    expect(await within(settings).findByText("Ensure this field has no more than 60 characters.")).toBeTruthy();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    const patch = calls.find((c) => c.method === "PATCH") as Call;
    expect(patch.body).toEqual({ name: "Turf", description: "", member_limit: null, visibility: "private" });
  });

  it("promotes a member, hands the league over after a confirmation, and regenerates the codes", async () => {
    const calls = ownerRoutes({
      "PATCH /api/v1/leagues/k3j4m5n6p7/members/10/": { body: { player: { id: 10, name: "Bob" }, role: "manager", joined_at: "" } },
      "POST /api/v1/leagues/k3j4m5n6p7/transfer/": { body: { ...LEAGUE, owner: { id: 10, name: "Bob" }, my_role: "manager" } },
      "POST /api/v1/leagues/k3j4m5n6p7/codes/regenerate/": { status: 201, body: { ...CODE, id: 6, code: "ZzZzZzZzZzZzZzZz" } },
    });
    vi.spyOn(window, "confirm").mockReturnValue(true);
    renderPage(<League id="k3j4m5n6p7" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Make Bob a manager" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH" && c.path.endsWith("/members/10/"))).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ role: "manager" });
    // Nobody removes themselves or the owner.
    expect(screen.queryByRole("button", { name: "Remove Camille" })).toBeNull();

    await user.click(screen.getByRole("button", { name: "Give Bob the league" }));
    await user.click(await screen.findByRole("button", { name: "Give the league" }));
    await waitFor(() => expect(calls.find((c) => c.path.endsWith("/transfer/"))?.body).toEqual({ player_id: 10 }));

    await user.click(screen.getByRole("button", { name: "Revoke all and make a new one" }));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith("/codes/regenerate/"))).toBe(true));
  });

  it("shows a refused email address beside the email field", async () => {
    ownerRoutes({
      "POST /api/v1/leagues/k3j4m5n6p7/invitations/": { status: 400, body: { detail: "Invalid input.", code: "invalid", fields: { email: ["Enter a valid email address."] } } },
    });
    renderPage(<League id="k3j4m5n6p7" />);
    const section = await screen.findByRole("region", { name: "Invite by email" });
    const user = userEvent.setup();
    await user.type(within(section).getByLabelText("Email address"), "not-an-email");
    await user.click(within(section).getByRole("button", { name: "Send the invitation" }));
    expect(await within(section).findByText("Enter a valid email address.")).toBeTruthy();
  });

  it("lets managers remove members but neither the owner nor another manager", () => {
    expect(canRemove("manager", "member")).toBe(true);
    expect(canRemove("manager", "manager")).toBe(false);
    expect(canRemove("owner", "manager")).toBe(true);
    expect(canRemove("owner", "owner")).toBe(false);
    expect(canRemove("member", "member")).toBe(false);
  });
});

describe("the public league directory", () => {
  it("searches by name and joins a league", async () => {
    const other = { ...LEAGUE, id: "p2q3r4s5t6", name: "Turf Club", visibility: "public", owner: { id: 9, name: "Alice" }, my_role: null, member_count: 12 };
    const calls = fakeApi({
      "GET /api/v1/leagues/directory/": ({ query }: Call) => ({ body: { count: 1, next: null, previous: null, results: query.get("search") === "nothing" ? [] : [other] } }),
      "POST /api/v1/leagues/p2q3r4s5t6/join/": { status: 201, body: { league: { ...other, my_role: "member" }, role: "member", joined_at: "", created: true } },
    });
    renderPage(<Directory />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Join Turf Club" }));
    await waitFor(() => expect(window.location.pathname).toBe("/leagues/p2q3r4s5t6"));
    await user.type(screen.getByLabelText("Search by league name"), "nothing");
    expect(await screen.findByText("No public league matches “nothing”.")).toBeTruthy();
    expect(calls.some((c) => c.query.get("search") === "nothing")).toBe(true);
  });
});
