/** The ranking tables: the top of the table, then a gap, then the rows around me. */
export type Ranked = { player_id: number; rank: number | null };
export type Line<R> = { kind: "row"; row: R } | { kind: "gap" };

export function tableWithMe<R extends Ranked>(top: R[], around: R[], me: R | null | undefined): Line<R>[] {
  const lines: Line<R>[] = top.map((row) => ({ kind: "row", row }));
  if (!me || top.some((r) => r.player_id === me.player_id)) return lines;
  const shown = new Set(top.map((r) => r.player_id));
  // The API's `around_me` holds the rows just above and below mine, not mine: put my row
  // back between them, in the table's order (rank, then player id).
  const before = (r: R) => r.rank != null && me.rank != null && (r.rank < me.rank || (r.rank === me.rank && r.player_id < me.player_id));
  const near = around.some((r) => r.player_id === me.player_id) ? around : [...around.filter(before), me, ...around.filter((r) => !before(r))];
  const extra = near.filter((r) => !shown.has(r.player_id));
  if (!extra.length) return lines;
  const lastTop = top[top.length - 1];
  const firstExtra = extra[0] as R;
  const follows = lastTop?.rank != null && firstExtra.rank != null && firstExtra.rank <= lastTop.rank + 1;
  if (!follows) lines.push({ kind: "gap" });
  for (const row of extra) lines.push({ kind: "row", row });
  return lines;
}

/** A movement in the table: up (positive), down, same, or new (no previous rank). */
export function movementOf(rank: number, previous: number | null | undefined): { kind: "up" | "down" | "same" | "new"; by: number } {
  if (previous == null) return { kind: "new", by: 0 };
  const by = previous - rank;
  if (by > 0) return { kind: "up", by };
  if (by < 0) return { kind: "down", by: -by };
  return { kind: "same", by: 0 };
}
