/**
 * The live layer in the web app: one socket while a player is signed in, and the react-query
 * caches it makes stale when the server says something changed (a round opened, locked or
 * settled; a reply on a followed topic; a live question taken or answered).
 */
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { invalidate, keys } from "../api/queries";
import { useAuth } from "../auth";
import { type Frame, LiveSocket, liveUrl } from "./socket";

export const liveKeys = { all: ["live"] as const };

const LiveContext = createContext<LiveSocket | null>(null);

export function invalidateFor(client: QueryClient, frame: Frame): void {
  switch (frame.type) {
    case "round":
    case "room.status":
      void invalidate(client, keys.rounds, keys.seasons, keys.leagueFamily, keys.leagues, keys.myPicks);
      break;
    case "topic.reply":
      void invalidate(client, keys.topic(Number(frame.topic)), keys.topicLists);
      break;
    case "help.request":
    case "help.taken":
    case "help.closed":
    case "help.expired":
    case "help.message":
      void invalidate(client, liveKeys.all);
      break;
  }
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const client = useQueryClient();
  const [live] = useState(() => (typeof WebSocket === "undefined" ? null : new LiveSocket(liveUrl())));
  const signedIn = status === "authenticated";
  useEffect(() => {
    if (!live || !signedIn) return;
    const stop = live.listen((frame) => invalidateFor(client, frame));
    live.open();
    return () => {
      stop();
      live.close();
    };
  }, [live, signedIn, client]);
  return <LiveContext.Provider value={signedIn ? live : null}>{children}</LiveContext.Provider>;
}

/** The open socket (null when signed out). */
export function useLive(): LiveSocket | null {
  return useContext(LiveContext);
}

/** Call `onFrame` for each frame pushed while the component is shown. */
export function useLiveFrames(onFrame: (frame: Frame) => void): void {
  const live = useLive();
  useEffect(() => (live ? live.listen(onFrame) : undefined), [live, onFrame]);
}
