import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeApi, renderPage } from "../../test/render";
import Ask from "./Ask";
import { topic } from "./fixtures";

const CATEGORIES = {
  body: [
    { id: 1, slug: "race-of-the-week", name_en: "Race of the week", name_fr: "Course de la semaine", description_en: "", description_fr: "", position: 10, topic_count: 3 },
    { id: 2, slug: "handicapping-help", name_en: "Handicapping help", name_fr: "Aide au pronostic", description_en: "", description_fr: "", position: 20, topic_count: 0 },
  ],
};

describe("asking a question", () => {
  it("says what each field needs before sending anything", async () => {
    window.history.replaceState(null, "", "/community/ask");
    const calls = fakeApi({ "GET /api/v1/community/categories/": CATEGORIES });
    renderPage(<Ask />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "Going?");
    await user.click(screen.getByRole("button", { name: "Post my question" }));
    expect(screen.getByText("Some fields need your attention.")).toBeTruthy();
    expect(screen.getByText("Choose a category.")).toBeTruthy();
    expect(screen.getByText("The title needs at least 8 characters.")).toBeTruthy();
    expect(screen.getByText("Write your message.")).toBeTruthy();
    const title = screen.getByLabelText("Title");
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(title.getAttribute("aria-describedby")).toContain("-error");
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });

  it("shows the server's refusal next to the field it is about", async () => {
    window.history.replaceState(null, "", "/community/ask?category=handicapping-help");
    fakeApi({
      "GET /api/v1/community/categories/": CATEGORIES,
      "POST /api/v1/community/topics/": {
        status: 400,
        body: { detail: "Invalid input.", code: "invalid", fields: { title: ["Ensure this field has no more than 200 characters."] } },
      },
    });
    renderPage(<Ask />);
    const user = userEvent.setup();
    expect(((await screen.findByLabelText("Category")) as HTMLSelectElement).value).toBe("handicapping-help");
    await user.type(screen.getByLabelText("Title"), "A title the server refuses");
    await user.type(screen.getByLabelText("Your question"), "Why?");
    await user.click(screen.getByRole("button", { name: "Post my question" }));
    expect(await screen.findByText("Ensure this field has no more than 200 characters.")).toBeTruthy();
    expect(screen.getByLabelText("Title").getAttribute("aria-invalid")).toBe("true");
  });

  it("takes the focus to the summary once it says what is wrong", async () => {
    window.history.replaceState(null, "", "/community/ask");
    fakeApi({ "GET /api/v1/community/categories/": CATEGORIES });
    const { container } = renderPage(<Ask />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "Going?");
    const summary = container.querySelector<HTMLElement>(".form-summary");
    // An empty summary is hidden (display: none), and a hidden element cannot take the focus:
    // what it says when it takes it is what counts.
    const said: string[] = [];
    summary?.addEventListener("focus", () => said.push(summary.textContent ?? ""));
    await user.click(screen.getByRole("button", { name: "Post my question" }));
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(said).toEqual(["Some fields need your attention."]);
  });

  it("takes the focus to the server's refusal that is about no field", async () => {
    window.history.replaceState(null, "", "/community/ask?category=handicapping-help");
    fakeApi({
      "GET /api/v1/community/categories/": CATEGORIES,
      "POST /api/v1/community/topics/": { status: 429, body: { detail: "Slow down: try again in a minute.", code: "throttled" } },
    });
    const { container } = renderPage(<Ask />);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Title"), "How do I read the going?");
    await user.type(screen.getByLabelText("Your question"), "Why?");
    const summary = container.querySelector<HTMLElement>(".form-summary");
    const said: string[] = [];
    summary?.addEventListener("focus", () => said.push(summary.textContent ?? ""));
    await user.click(screen.getByRole("button", { name: "Post my question" }));
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(said).toEqual(["You are posting too fast: wait a minute, then try again."]);
  });

  it("posts the question and opens it", async () => {
    window.history.replaceState(null, "", "/community/ask");
    const calls = fakeApi({
      "GET /api/v1/community/categories/": CATEGORIES,
      "POST /api/v1/community/topics/": { status: 201, body: topic({ id: 77 }) },
    });
    renderPage(<Ask />, { lang: "fr" });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText("Catégorie"), "Aide au pronostic");
    await user.type(screen.getByLabelText("Titre"), "  Comment lire le terrain ?  ");
    await user.type(screen.getByLabelText("Votre question"), "Terrain **lourd** : que faire ?");
    await user.click(screen.getByRole("button", { name: "Publier ma question" }));
    await waitFor(() => expect(window.location.pathname).toBe("/community/topics/77"));
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      category: "handicapping-help",
      title: "Comment lire le terrain ?",
      body: "Terrain **lourd** : que faire ?",
    });
  });
});
