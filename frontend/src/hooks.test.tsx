import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { usePassed } from "./hooks";

afterEach(() => vi.useRealTimers());

describe("usePassed", () => {
  it("turns true at the moment, once, and never for no moment", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-07T10:00:00Z"));
    const { result, rerender } = renderHook(({ at }: { at: string | null }) => usePassed(at), {
      initialProps: { at: "2026-12-07T10:30:00Z" as string | null },
    });
    expect(result.current).toBe(false);
    act(() => void vi.advanceTimersByTime(29 * 60_000));
    expect(result.current).toBe(false);
    act(() => void vi.advanceTimersByTime(60_000));
    expect(result.current).toBe(true);
    rerender({ at: null });
    expect(result.current).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("is true at once for a moment already past, and waits in steps for a far one", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-07T10:00:00Z"));
    expect(renderHook(() => usePassed("2026-12-07T09:59:59Z")).result.current).toBe(true);
    const far = renderHook(() => usePassed("2027-03-01T00:00:00Z"));
    act(() => void vi.advanceTimersByTime(2 ** 31 - 1));
    expect(far.result.current).toBe(false);
  });
});
