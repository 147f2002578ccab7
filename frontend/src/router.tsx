/**
 * A small history-API router: the app has a dozen routes and needs no more than matching
 * a path, reading the query and moving between pages (keeps the bundle small).
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

const CHANGE = "paddock:navigate";

function onPop() {
  navigated = true;
}

/** Call `listener` whenever the app moves to another page (a link, `navigate`, back or forward). */
export function onLocationChange(listener: () => void): () => void {
  window.addEventListener("popstate", listener);
  window.addEventListener(CHANGE, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(CHANGE, listener);
  };
}

function subscribe(callback: () => void): () => void {
  window.addEventListener("popstate", onPop);
  const stop = onLocationChange(callback);
  return () => {
    window.removeEventListener("popstate", onPop);
    stop();
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query ("/leagues/3?tab=picks"). */
export function useLocationKey(): string {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

let navigated = false;

/** Whether the app moved to a new page since last asked (the first page load does not count). */
export function consumeNavigated(): boolean {
  const was = navigated;
  navigated = false;
  return was;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  navigated = true;
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
}

export type Params = Record<string, string>;

/** Match "/leagues/join/:code" against a path: its parameters (decoded), or null. */
export function matchPath(pattern: string, pathname: string): Params | null {
  const want = pattern.split("/").filter(Boolean);
  const got = pathname.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(":")) params[w.slice(1)] = g;
    else if (w !== g) return null;
  }
  return params;
}

/** A query-string value of the current location. */
export function queryParam(name: string, search: string = window.location.search): string | null {
  return new URLSearchParams(search).get(name);
}

/** Only redirect inside the app ("/pick"), never to another site ("//evil.example"). */
export function safeNext(next: string | null, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  return next;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link (open in a new tab still works) that navigates inside the app. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  function handle(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handle} {...rest} />;
}
