/** A one-time message carried to the next page ("Your account is deleted."). */
import { useSyncExternalStore } from "react";
import { onLocationChange } from "./router";

/** The message, and the page it shows on (null: the next page the app moves to). */
type Flash = { message: string; at: string | null };

let flash: Flash | null = null;
const listeners = new Set<() => void>();

function change(next: Flash | null): void {
  flash = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => flash;

// A move to another page: the message waiting for it is shown there; the one shown is gone.
onLocationChange(() => {
  if (flash) change(flash.at === null ? { ...flash, at: window.location.pathname + window.location.search } : null);
});

/** Set just before navigating: the next page shows the message. */
export function setFlash(message: string): void {
  change({ message, at: null });
}

/** The message for this page: shown on the page the app moved to, gone on the next one. */
export function useFlash(locationKey: string): string | null {
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  return current?.at === locationKey ? current.message : null;
}

const NEXT = "paddock.next";

/** Where to go back after a sign-up that needs the email link (kept across the email round-trip). */
export function rememberNext(next: string | null): void {
  try {
    if (next && next !== "/") window.localStorage.setItem(NEXT, next);
  } catch {
    // no storage: the player lands on the home page
  }
}

export function takeNext(): string | null {
  try {
    const next = window.localStorage.getItem(NEXT);
    window.localStorage.removeItem(NEXT);
    return next;
  } catch {
    return null;
  }
}
