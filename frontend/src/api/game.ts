/** The game's reads and writes the pages share (typed against the schema). */
import { api, ApiError, unwrap } from "./client";
import { type PickInput, type Round, rowsOf } from "./types";

/** Open rounds and locked ones awaiting their result, soonest first. */
export async function currentRounds(): Promise<Round[]> {
  return rowsOf(await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when: "current" } } })));
}

/** Settled and void rounds, latest first. */
export async function pastRounds(): Promise<Round[]> {
  return rowsOf(await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when: "past" } } })));
}

/** The round to pick on: the first still open, else the first awaiting its result. */
export function roundToPick(rounds: Round[]): Round | null {
  return rounds.find((r) => r.picks_open) ?? rounds[0] ?? null;
}

export async function savePick(roundId: number, pick: PickInput) {
  return unwrap(api.PUT("/api/v1/game/rounds/{round_id}/pick/", { params: { path: { round_id: roundId } }, body: pick }));
}

export async function roundResult(roundId: number) {
  return unwrap(api.GET("/api/v1/game/rounds/{round_id}/result/", { params: { path: { round_id: roundId } } }));
}

export async function roundCrowd(roundId: number) {
  try {
    return await unwrap(api.GET("/api/v1/game/rounds/{round_id}/crowd/", { params: { path: { round_id: roundId } } }));
  } catch (error) {
    // Before the lock the crowd is private (403): nothing to show.
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
}

/** The active season, or null when none is running. */
export async function currentSeason() {
  try {
    return await unwrap(api.GET("/api/v1/game/seasons/current/"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
