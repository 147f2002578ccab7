import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { keys } from "../api/queries";
import { invalidateFor, liveKeys } from "./LiveProvider";
import { liveUrl } from "./socket";

function seeded(): QueryClient {
  const client = new QueryClient();
  client.setQueryData(keys.round(7), { id: 7 });
  client.setQueryData(keys.topic(3), { id: 3 });
  client.setQueryData(keys.topic(4), { id: 4 });
  client.setQueryData([...liveKeys.all, "mine"], { results: [] });
  return client;
}

const stale = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;

describe("live frames", () => {
  it("a round's change makes the rounds stale, nothing else", () => {
    const client = seeded();
    invalidateFor(client, { type: "round", round: 7, status: "locked" });
    expect(stale(client, keys.round(7))).toBe(true);
    expect(stale(client, keys.topic(3))).toBe(false);
  });

  it("a reply makes only its topic stale", () => {
    const client = seeded();
    invalidateFor(client, { type: "topic.reply", topic: 3, post: 9 });
    expect(stale(client, keys.topic(3))).toBe(true);
    expect(stale(client, keys.topic(4))).toBe(false);
  });

  it("a helper taking a question refreshes live help", () => {
    const client = seeded();
    invalidateFor(client, { type: "help.taken", request: { id: 1 } });
    expect(stale(client, [...liveKeys.all, "mine"])).toBe(true);
    expect(stale(client, keys.round(7))).toBe(false);
  });

  it("connects to the page's host, wss under https", () => {
    expect(liveUrl({ protocol: "https:", host: "paddock.example" } as Location)).toBe("wss://paddock.example/ws/live/");
    expect(liveUrl({ protocol: "http:", host: "127.0.0.1:8000" } as Location)).toBe("ws://127.0.0.1:8000/ws/live/");
  });
});
