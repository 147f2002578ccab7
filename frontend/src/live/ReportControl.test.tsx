import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { type Call, fakeApi, renderPage } from "../test/render";
import { ReportControl } from "./ReportControl";

const REPORTS = "POST /api/v1/live/reports/";

async function report(reason: string, lang: "en" | "fr" = "en") {
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: lang === "en" ? "Report the message from Alice" : "Signaler le message écrit par Alice" }));
  const field = screen.getByRole("textbox");
  expect(document.activeElement).toBe(field);
  if (reason) await user.type(field, reason);
  await user.click(screen.getByRole("button", { name: lang === "en" ? "Send the report" : "Envoyer le signalement" }));
}

describe("reporting a live message", () => {
  it("sends the kind, the message and the reason, then thanks the reporter", async () => {
    const calls = fakeApi({ [REPORTS]: { status: 201, body: { id: 4 } } });
    renderPage(<ReportControl kind="room" message={31} author="Alice" />);
    const opener = screen.getByRole("button", { name: "Report the message from Alice" });
    expect(opener.getAttribute("aria-expanded")).toBe("false");
    await report("  Insults  ");
    expect(await screen.findByText("Thank you: the moderators will have a look.")).toBeTruthy();
    expect(calls.filter((c: Call) => c.method === "POST").map((c) => c.body)).toEqual([{ kind: "room", message: 31, reason: "Insults" }]);
    expect(screen.queryByRole("textbox")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("asks for a reason before sending anything", async () => {
    const calls = fakeApi({ [REPORTS]: { status: 201, body: { id: 4 } } });
    renderPage(<ReportControl kind="help" message={5} author="Alice" />);
    await report("");
    expect(screen.getByText("Say why you report this message.")).toBeTruthy();
    expect(screen.getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
    expect(calls).toHaveLength(0);
  });

  it("shows the server's refusals: an empty reason beside the field", async () => {
    fakeApi({ [REPORTS]: { status: 400, body: { detail: "Say why you report this message.", code: "empty" } } });
    renderPage(<ReportControl kind="help" message={5} author="Alice" />, { lang: "fr" });
    await report("\u200b", "fr");
    expect(await screen.findByText("Dites pourquoi vous signalez ce message.")).toBeTruthy();
    expect(screen.getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
  });

  it("shows the server's refusals: a message gone, and too many reports", async () => {
    let answer = { status: 404, body: { detail: "No such message.", code: "not_found" } };
    fakeApi({ [REPORTS]: () => answer });
    renderPage(<ReportControl kind="room" message={31} author="Alice" />, { lang: "fr" });
    await report("Insultes", "fr");
    expect(await screen.findByText("Ce message ou cette conversation n’existe plus, ou vous ne pouvez pas le voir.")).toBeTruthy();
    answer = { status: 429, body: { detail: "Request was throttled. Expected available in 30 seconds.", code: "throttled" } };
    await userEvent.setup().click(screen.getByRole("button", { name: "Envoyer le signalement" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Trop vite\u00a0: patientez un instant, puis réessayez."));
    expect(screen.queryByText(/throttled/)).toBeNull();
  });
});
