/** A one-time message carried to the next page ("Your account is deleted."). */
import { useEffect, useState } from "react";

let pending: string | null = null;

/** Set just before navigating: the next page shows the message. */
export function setFlash(message: string): void {
  pending = message;
}

/** The message for this page: shown on the page the app moved to, gone on the next one. */
export function useFlash(locationKey: string): string | null {
  const [shown, setShown] = useState<{ key: string; message: string } | null>(null);
  useEffect(() => {
    if (pending !== null) {
      setShown({ key: locationKey, message: pending });
      pending = null;
    }
  }, [locationKey]);
  return shown && shown.key === locationKey ? shown.message : null;
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
