/** The live layer's refusals in the player's language: the API's errors (an `ApiError`) and the
 * socket's error frames (`{type: "error", code, detail, until?}`) alike, by their `code`; the
 * server's words for a code the app does not know. */
import { ApiError } from "../api/client";
import type { MessageKey } from "../i18n/en";
import type { Formatter } from "../i18n/format";
import type { T } from "../i18n/translate";

/** The codes the live layer refuses with (docs/api.md "Live"), each worded in the catalogues. */
const CODES = new Set([
  "posting_limit",
  "throttled",
  "empty",
  "too_long",
  "invalid_text",
  "unsanitisable",
  "not_found",
  "room_closed",
  "conversation_closed",
  "already_asking",
  "already_taken",
  "already_rated",
  "not_rateable",
  "invalid_rating",
  "not_closed",
  "no_answer",
  "helper_level",
]);

type Refusal = { status: number | null; code: string; detail: string; until: unknown };

function refusal(error: unknown): Refusal | null {
  if (error instanceof ApiError) {
    const detail = error.message.startsWith("HTTP") ? "" : error.message;
    return { status: error.status, code: error.code, detail, until: error.extra.until };
  }
  if (error && typeof error === "object" && typeof (error as { code?: unknown }).code === "string") {
    const frame = error as { code: string; detail?: unknown; until?: unknown };
    return { status: null, code: frame.code, detail: typeof frame.detail === "string" ? frame.detail : "", until: frame.until };
  }
  return null;
}

/** When a mute ends: the time alone when that is today where the player is, else the day too. */
export function muteEnd(until: string, fmt: Formatter, now: Date = new Date()): string {
  return fmt.date(until) === fmt.date(now.toISOString()) ? fmt.time(until) : fmt.dateTime(until);
}

export function liveErrorText(error: unknown, t: T, fmt: Formatter, now?: Date): string {
  const found = refusal(error);
  if (!found) return t("app.error");
  const { status, code, detail, until } = found;
  if (code === "muted") {
    const end = typeof until === "string" && !Number.isNaN(Date.parse(until)) ? until : null;
    return end ? t("live.err.mutedUntil", { until: muteEnd(end, fmt, now) }) : t("live.err.muted");
  }
  if (CODES.has(code)) return t(`live.err.${code}` as MessageKey);
  if (status === 429) return t("live.err.throttled");
  if ((status === null || status < 500) && detail) return detail;
  return t("app.error");
}
