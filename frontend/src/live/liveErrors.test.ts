import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { makeI18n } from "../i18n";
import { liveErrorText } from "./liveErrors";

const fr = makeI18n("fr", "Europe/Paris", ["fr-FR"]);
const en = makeI18n("en", "America/New_York", ["en-GB"]);
const MUTED = { detail: "A moderator muted you until 2026-12-07 08:01 UTC.", code: "muted", until: "2026-12-07T08:01:00+00:00" };

describe("live refusals in the player's language", () => {
  it("says when a mute ends in the player's time zone, the time alone on the same day", () => {
    const http = new ApiError(403, MUTED);
    expect(http.extra).toEqual({ until: "2026-12-07T08:01:00+00:00" });
    const sameDay = new Date("2026-12-07T07:05:00Z");
    expect(liveErrorText(http, fr.t, fr.fmt, sameDay)).toBe(`Un modérateur a suspendu vos messages jusqu’à ${fr.fmt.time(MUTED.until)}.`);
    expect(fr.fmt.time(MUTED.until)).toMatch(/^09:01 UTC\+1$/);
    // The socket's error frame carries the same.
    expect(liveErrorText({ type: "error", ref: "room:x:1", ...MUTED }, fr.t, fr.fmt, sameDay)).toBe(liveErrorText(http, fr.t, fr.fmt, sameDay));
    // Another day where the player is: the day too (03:01 in New York).
    const dayBefore = new Date("2026-12-06T12:00:00Z");
    const text = liveErrorText(http, en.t, en.fmt, dayBefore);
    expect(text).toBe(`A moderator muted you until ${en.fmt.dateTime(MUTED.until)}.`);
    expect(text).toContain("Monday 7 December");
    expect(text).toContain("03:01");
    expect(text).not.toContain("UTC.");
  });

  it("words every live code it knows; a mute without its end still says muted", () => {
    expect(liveErrorText({ code: "posting_limit", detail: "At most 20 messages a minute: wait a moment." }, fr.t, fr.fmt)).toBe(
      "Vous avez envoyé beaucoup de messages en une minute\u00a0: patientez un instant, puis écrivez à nouveau.",
    );
    expect(liveErrorText(new ApiError(429, { detail: "At most 20 messages a minute.", code: "posting_limit" }), en.t, en.fmt)).toBe(
      "You sent many messages in the last minute: wait a moment, then send again.",
    );
    expect(liveErrorText({ code: "room_closed", detail: "The race-day room is open from the lock to the debrief." }, fr.t, fr.fmt)).toContain("Le salon est fermé");
    expect(liveErrorText(new ApiError(409, { detail: "You already have a live question open.", code: "already_asking" }), fr.t, fr.fmt)).toBe("Vous avez déjà une question en cours.");
    expect(liveErrorText({ code: "muted", detail: "Muted." }, fr.t, fr.fmt)).toContain("Un modérateur a suspendu vos messages pour un temps");
  });

  it("falls back to the server's words, then to the app's", () => {
    expect(liveErrorText({ code: "brand_new", detail: "Something new." }, fr.t, fr.fmt)).toBe("Something new.");
    expect(liveErrorText(new ApiError(429, { detail: "Request was throttled.", code: "throttled_somehow" }), fr.t, fr.fmt)).toBe("Trop vite\u00a0: patientez un instant, puis réessayez.");
    expect(liveErrorText(new ApiError(502, null), en.t, en.fmt)).toBe(en.t("app.error"));
    expect(liveErrorText(new Error("boom"), en.t, en.fmt)).toBe(en.t("app.error"));
  });
});
