import { act, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { setFlash, useFlash } from "./flash";
import { navigate, useLocationKey } from "./router";

function Page() {
  const key = useLocationKey();
  const flash = useFlash(key);
  return <p>{flash ?? "no message"}</p>;
}

describe("a one-time message", () => {
  it("shows on the page the app moves to, and is gone on the next one", () => {
    window.history.replaceState(null, "", "/account");
    render(<Page />);
    act(() => setFlash("Your account is deleted."));
    // Not on the page that set it.
    expect(screen.getByText("no message")).toBeTruthy();
    act(() => navigate("/", { replace: true }));
    expect(screen.getByText("Your account is deleted.")).toBeTruthy();
    act(() => navigate("/pick"));
    expect(screen.getByText("no message")).toBeTruthy();
    act(() => navigate("/"));
    expect(screen.getByText("no message")).toBeTruthy();
  });
});
