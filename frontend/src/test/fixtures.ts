import type { Round, Runner } from "../api/types";

export const runner = (number: number, name: string, extra: Partial<Runner> = {}): Runner => ({
  number,
  name,
  jockey: `J. Jockey ${number}`,
  trainer: `T. Trainer ${number}`,
  odds: `${(2 + number).toFixed(2)}`,
  non_runner: false,
  disqualified: false,
  coupled: "",
  silks: null,
  ...extra,
});

export function round(extra: Partial<Round> = {}): Round {
  const inTwoDays = new Date(Date.now() + 2 * 86400_000).toISOString();
  return {
    id: 11,
    number: 3,
    season: { id: 1, name: "Season 2026" },
    status: "open",
    picks_open: true,
    opens_at: null,
    locks_at: inTwoDays,
    settled_at: null,
    settlement_version: 0,
    void_reason: "",
    result_expected_at: new Date(Date.now() + 2 * 86400_000 + 20 * 60_000).toISOString(),
    race: {
      id: 5,
      code: "R1C4",
      name: "Prix d'Amérique",
      racecourse: "Vincennes",
      date: inTwoDays.slice(0, 10),
      discipline: "ATTELE",
      distance: 2700,
      post_time: inTwoDays,
      status: "scheduled",
      result_updated_at: null,
      replay_url: "",
    },
    runners: [runner(1, "Idao de Tillard"), runner(2, "Hooker Berry"), runner(3, "Go On Boy", { non_runner: true, odds: null }), runner(4, "Ampia Mede")],
    my_pick: null,
    ...extra,
  };
}
