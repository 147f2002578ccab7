import { useEffect, useState } from "react";

/** The current time, ticking every `ms` (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

// setTimeout's longest delay: a later moment is waited for in steps.
const LONGEST_TIMEOUT = 2 ** 31 - 1;

/** Whether the moment `iso` has passed (false for null): one timer set for that moment,
 * no ticking, so a page can hold many without re-rendering them all the time. */
export function usePassed(iso: string | null): boolean {
  const at = iso === null ? null : Date.parse(iso);
  const [passed, setPassed] = useState(() => at !== null && at <= Date.now());
  useEffect(() => {
    let timer: number | undefined;
    const check = () => {
      const left = at === null ? Infinity : at - Date.now();
      setPassed(left <= 0);
      if (left > 0 && left !== Infinity) timer = window.setTimeout(check, Math.min(left, LONGEST_TIMEOUT));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [at]);
  return passed;
}

/** `value` once it has stayed the same for `ms` (a search asked when the typing pauses). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

type Needed = { isPending: boolean; error: unknown; refetch: () => unknown };

/** What a page that needs several answers shows: loading until each came, else the first
 * error (and a retry that asks again for the failed ones). Pass only the queries needed now. */
export function together(...queries: Needed[]): { loading: boolean; error: unknown; retry: () => void } {
  const failed = queries.filter((q) => q.error);
  return {
    loading: queries.some((q) => q.isPending && !q.error),
    error: failed[0]?.error ?? null,
    retry: () => failed.forEach((q) => void q.refetch()),
  };
}
