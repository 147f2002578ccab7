import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import { invalidate, keys, nextPage } from "./queries";
import { retryOnce } from "./queryClient";

describe("a list's next page", () => {
  it("is read from the absolute next link, and is none at the end", () => {
    expect(nextPage("https://paddock.example/api/v1/game/seasons/1/rankings/?page=3&page_size=50")).toBe(3);
    expect(nextPage("http://testserver/api/v1/leagues/x/table/?page_size=50&page=2")).toBe(2);
    expect(nextPage(null)).toBeUndefined();
    expect(nextPage(undefined)).toBeUndefined();
    expect(nextPage("https://paddock.example/api/v1/leagues/x/table/?page_size=50")).toBeUndefined();
  });
});

describe("the cache's keys", () => {
  it("make a family stale with one prefix, and leave the others alone", async () => {
    const client = new QueryClient();
    client.setQueryData(keys.roundList("current"), []);
    client.setQueryData(keys.result(11), null);
    client.setQueryData(keys.offer(11, "pick"), null);
    client.setQueryData(keys.offer(12, "pick"), null);
    client.setQueryData(keys.leagueTable("abc"), null);
    await invalidate(client, keys.round(11), keys.roundOffers(11));
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(keys.result(11))).toBe(true);
    expect(stale(keys.offer(11, "pick"))).toBe(true);
    expect(stale(keys.offer(12, "pick"))).toBe(false);
    expect(stale(keys.roundList("current"))).toBe(false);
    expect(stale(keys.leagueTable("abc"))).toBe(false);
  });
});

describe("a failed query", () => {
  it("is tried again once after a server fault or a lost answer, never after a refusal", () => {
    expect(retryOnce(0, new ApiError(502, null))).toBe(true);
    expect(retryOnce(0, new TypeError("Failed to fetch"))).toBe(true);
    expect(retryOnce(1, new ApiError(502, null))).toBe(false);
    expect(retryOnce(0, new ApiError(404, { detail: "Not found.", code: "not_found" }))).toBe(false);
    expect(retryOnce(0, new ApiError(409, { detail: "Locked.", code: "round_locked" }))).toBe(false);
  });
});
