/** The pick form's rules, kept out of the component so they are tested on their own. */
import type { MyPick, Runner } from "../api/types";
import type { MessageKey } from "../i18n/en";

export type Kind = "win" | "place" | "alternate";
export type Selection = { win: number | null; place: number | null; alternate: number | null };

export const EMPTY: Selection = { win: null, place: null, alternate: null };

export function fromPick(pick: MyPick | null | undefined): Selection {
  return pick ? { win: pick.win, place: pick.place, alternate: pick.alternate ?? null } : EMPTY;
}

/** Choose a runner for one selection. The alternate may not be the win runner (it
 * would replace itself), so choosing that runner to win drops it as the alternate. */
export function choose(sel: Selection, kind: Kind, number: number | null): Selection {
  const next = { ...sel, [kind]: number };
  if (kind === "win" && next.alternate === number) next.alternate = null;
  if (kind === "alternate" && number !== null && number === next.win) return sel;
  return next;
}

/** Why the selection cannot be sent yet, or null when it can. */
export function selectionProblem(sel: Selection, runners: Runner[]): MessageKey | null {
  if (sel.win === null || sel.place === null) return "pick.chooseBoth";
  const starters = new Set(runners.filter((r) => !r.non_runner).map((r) => r.number));
  for (const n of [sel.win, sel.place, sel.alternate]) {
    if (n !== null && !starters.has(n)) return "pick.chooseBoth";
  }
  return null;
}

export function sameSelection(a: Selection, b: Selection): boolean {
  return a.win === b.win && a.place === b.place && a.alternate === b.alternate;
}
