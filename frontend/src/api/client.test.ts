import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "../test/render";
import { api, PAGE_ANSWERS_MS, resetPageAnswers, unwrap } from "./client";

function pageWith(answers: Record<string, unknown>) {
  const block = document.createElement("script");
  block.type = "application/json";
  block.id = "paddock-answers";
  block.textContent = JSON.stringify(answers);
  document.body.append(block);
}

afterEach(() => {
  document.getElementById("paddock-answers")?.remove();
  resetPageAnswers();
});

describe("the answers a page came with", () => {
  it("stand for the first request of their URL only, then the server answers", async () => {
    pageWith({ "/api/v1/game/rounds/?when=current": { count: 0, results: [] } });
    const calls = fakeApi({ "GET /api/v1/game/rounds/": { body: { count: 1, results: [{ id: 7 }] } } });

    const first = await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when: "current" } } }));
    const second = await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when: "current" } } }));

    expect(first).toEqual({ count: 0, results: [] });
    expect(second).toEqual({ count: 1, results: [{ id: 7 }] });
    expect(calls).toHaveLength(1);
    expect(document.getElementById("paddock-answers")).toBeNull();
  });

  it("never stand for another query, nor once the page has long started", async () => {
    pageWith({ "/api/v1/game/rounds/?when=current": { count: 0, results: [] } });
    const calls = fakeApi({ "GET /api/v1/game/rounds/": { body: { count: 1, results: [] } } });

    await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when: "past" } } }));
    vi.spyOn(performance, "now").mockReturnValue(PAGE_ANSWERS_MS + 1);
    await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when: "current" } } }));

    expect(calls.map((c) => c.query.get("when"))).toEqual(["past", "current"]);
  });
});
