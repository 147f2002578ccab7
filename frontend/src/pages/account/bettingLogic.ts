/** Self-exclusion and break periods and their end, as the server counts them
 * (backend/handoff/periods.py): the server lists which periods a player may choose. */

type Length = { months?: number; days?: number; hours?: number };

const PERIODS: Record<string, Length> = {
  "24h": { hours: 24 },
  "7d": { days: 7 },
  "1w": { days: 7 },
  "1m": { months: 1 },
  "3m": { months: 3 },
  "6w": { days: 42 },
  "6m": { months: 6 },
  "1y": { months: 12 },
  "3y": { months: 36 },
  "5y": { months: 60 },
};

export type Period = string;

export function isPeriod(value: string): value is Period {
  return value in PERIODS;
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

/** When a self-exclusion or a break chosen now would end (shown before the player confirms). */
export function periodEnd(period: Period, now: Date = new Date()): Date {
  const length = PERIODS[period] ?? {};
  const end = addMonths(now, length.months ?? 0);
  end.setTime(end.getTime() + ((length.days ?? 0) * 24 + (length.hours ?? 0)) * 3_600_000);
  return end;
}

export const exclusionEnd = periodEnd;

/** "12.50 €" from cents, in the reader's number style. */
export function euros(cents: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(cents / 100);
}
