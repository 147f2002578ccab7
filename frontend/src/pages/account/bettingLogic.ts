/** Self-exclusion periods and their end, as the server counts them (backend/handoff/services.py). */
import type { SelfExclusionPeriod } from "../../api/types";

export const PERIOD_MONTHS: Record<SelfExclusionPeriod, number> = { "6m": 6, "1y": 12, "5y": 60 };

export function isPeriod(value: string): value is SelfExclusionPeriod {
  return value in PERIOD_MONTHS;
}

/** The same moment `months` calendar months later; the 31st becomes the month's last day. */
export function addMonths(from: Date, months: number): Date {
  const total = from.getMonth() + months;
  const year = from.getFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const lastDay = new Date(year, month + 1, 0).getDate();
  const result = new Date(from);
  result.setFullYear(year, month, Math.min(from.getDate(), lastDay));
  return result;
}

/** When a self-exclusion chosen now would end (shown before the player confirms it). */
export function exclusionEnd(period: SelfExclusionPeriod, now: Date = new Date()): Date {
  return addMonths(now, PERIOD_MONTHS[period]);
}
