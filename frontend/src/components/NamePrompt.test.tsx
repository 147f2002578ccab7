import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { ME, renderPage } from "../test/render";
import { NamePrompt } from "./NamePrompt";

describe("the display-name prompt", () => {
  it("asks a player without a name, and shows the server's refusal beside the field", async () => {
    window.localStorage.clear();
    const { auth } = renderPage(<NamePrompt />, { me: { ...ME, display_name: "" } });
    vi.mocked(auth.updateMe).mockRejectedValueOnce(
      new ApiError(409, { detail: "Another player's name looks the same: choose another.", code: "name_confusable" }),
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Display name"), "Jean Turf");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Another player's name looks the same: choose another.")).toBeTruthy();
    expect(auth.updateMe).toHaveBeenCalledWith({ display_name: "Jean Turf" });
  });

  it("asks nobody who has a name", () => {
    renderPage(<NamePrompt />, { me: { ...ME, display_name: "Ann" } });
    expect(screen.queryByRole("heading", { name: "Choose your display name" })).toBeNull();
  });
});
