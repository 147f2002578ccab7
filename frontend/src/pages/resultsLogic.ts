import { properName } from "../i18n/format";
/** Reading a result: dead heats, dividends by runner, the crowd as bars. */
import type { Crowd, Dividend, Finish } from "../api/types";

/** Positions shared by two or more runners (ex aequo). */
export function deadHeats(finish: Finish[]): Set<number> {
  const seen = new Map<number, number>();
  for (const f of finish) seen.set(f.position, (seen.get(f.position) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([p]) => p));
}

export type DividendRow = { number: number; win: number | null; place: number | null };

/** One row per paid runner, win and place side by side, in saddle-number order of finish. */
export function dividendRows(dividends: Dividend[], finish: Finish[]): DividendRow[] {
  const rows = new Map<number, DividendRow>();
  for (const d of dividends) {
    const row = rows.get(d.number) ?? { number: d.number, win: null, place: null };
    row[d.kind] = d.cents;
    rows.set(d.number, row);
  }
  const order = new Map(finish.map((f, i) => [f.number, i]));
  return [...rows.values()].sort((a, b) => (order.get(a.number) ?? 99) - (order.get(b.number) ?? 99) || a.number - b.number);
}

/** The crowd's most picked runners first (win picks, then place picks), at most `limit`. */
/** The crowd's most picked runners as bars; a disqualified one says so (`dqLabel`). */
export function crowdBars(crowd: Crowd, limit = 10, disqualified: readonly number[] = [], dqLabel = "") {
  return [...crowd.runners]
    .filter((r) => r.win_picks + r.place_picks > 0)
    .sort((a, b) => b.win_picks - a.win_picks || b.place_picks - a.place_picks || a.number - b.number)
    .slice(0, limit)
    .map((r) => ({
      label: `${r.number}. ${properName(r.name)}${disqualified.includes(r.number) ? ` (${dqLabel})` : ""}`,
      values: [r.win_percent / 100, r.place_percent / 100],
    }));
}
