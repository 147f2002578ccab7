/** The operator console's logic: words for the board's steps, the imports' outcomes and the
 * refusals, kept apart from the page so they are tested on their own. */
import { ApiError } from "../../api/client";
import type { components } from "../../api/schema";

export type Board = components["schemas"]["BoardOutput"];
export type Step = components["schemas"]["StepOutput"];
export type ImportSummary = components["schemas"]["ImportPreviewOutput"] | components["schemas"]["ImportAppliedOutput"];
export type Impact = components["schemas"]["ImpactOutput"];

export const STEP_LABELS: Record<string, string> = {
  draft: "Draft",
  open: "Open",
  locked: "Locked",
  polling: "Result polling",
  provisional: "Provisional",
  official: "Official",
  settled: "Settled",
  emails: "Emails",
  debrief: "Debrief posted",
};

/** The furthest step reached: the board's headline ("settled", "locked"...). */
export function reached(steps: Step[]): string {
  let last = "draft";
  for (const step of steps) if (step.state === "done") last = step.key;
  return last;
}

/** "12 new, 3 updated, 40 unchanged" (", 1 removed" when a row goes), or "nothing changes". */
export function countsText(s: { created: number; updated: number; unchanged: number; removed: number }): string {
  if (s.created + s.updated + s.removed === 0) return s.unchanged ? `nothing changes (${s.unchanged} unchanged)` : "nothing to import";
  const removed = s.removed ? `, ${s.removed} removed` : "";
  return `${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged${removed}`;
}

/** What an import did (or would do), in one sentence with its counts. */
export function importSentence(s: ImportSummary, applied: boolean): string {
  const what = s.kind === "card" ? "card" : `result${s.race ? ` of ${s.race.code} (${s.race.date})` : ""}`;
  const verb = applied ? "Imported the" : "Importing the";
  const warn = s.warnings.length ? ` ${s.warnings.length} warning${s.warnings.length > 1 ? "s" : ""}.` : "";
  return `${verb} ${what} from ${s.files}: ${countsText(s)}.${warn}`;
}

/** Points in cents as the game shows them (1180 -> "11.80"). */
export function points(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A round's impact in words: who moves, or why it cannot be scored yet. */
export function impactSentence(impact: Impact): string {
  if (!impact.scored) return `Round ${impact.number}: not scored by this result (${impact.reason.replace(/\.$/, "")}).`;
  const kind = impact.settled ? "correction" : "first settlement";
  if (impact.moved === 0) return `Round ${impact.number} (${kind}): no player's points move among ${impact.picks} picks.`;
  return `Round ${impact.number} (${kind}): ${impact.moved} of ${impact.picks} players' points move.`;
}

/** The season's top 10 after the result: who is new in it. */
export function newInTop(impact: Impact): string[] {
  const before = new Set(impact.top_before.map((r) => r.player_id));
  return impact.top_after.filter((r) => !before.has(r.player_id)).map((r) => r.name);
}

/** The operator API refuses staff without a second factor with 403 `mfa_required`. */
export function needsSecondFactor(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && error.code === "mfa_required";
}

/** A race whose result is stored (an arrival, or called off) is over: the game refuses to
 * feature it (409 `race_has_result`), so the calendar offers no button for it. */
export function featurable(raceStatus: string): boolean {
  return !["provisional", "official", "cancelled", "refunded"].includes(raceStatus);
}

/** The day `n` days from an ISO date ("2025-11-05", 1 -> "2025-11-06"). */
export function shiftDay(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const ACTION_LABELS: Record<string, string> = {
  open: "Open now",
  void: "Void…",
  settle: "Settle now",
  import_result: "Import the result…",
};
