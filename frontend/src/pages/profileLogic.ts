/** A player's season in numbers: what the profile page shows. */
export type Played = { score: { points: number; win_hit: boolean; place_hit: boolean } | null };

export type Stats = { rounds: number; points: number; average: number; hits: number; strikeRate: number };

/** Over settled picks only: a pick awaiting its result counts for nothing yet.
 * Strike rate = selections that paid / selections made (two per round, win and place). */
export function seasonStats(history: Played[]): Stats {
  const settled = history.filter((h) => h.score !== null);
  const rounds = settled.length;
  const points = settled.reduce((sum, h) => sum + (h.score?.points ?? 0), 0);
  const hits = settled.reduce((sum, h) => sum + Number(h.score?.win_hit) + Number(h.score?.place_hit), 0);
  return {
    rounds,
    points,
    average: rounds ? Math.round(points / rounds) : 0,
    hits,
    strikeRate: rounds ? hits / (2 * rounds) : 0,
  };
}
