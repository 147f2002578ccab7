import { describe, expect, it } from "vitest";
import { en, type Message } from "./en";
import { fr } from "./fr";
import { browserTimeZone, countdown, makeFormatter } from "./format";
import { detectLang, localeFor } from "./lang";
import { makeT } from "./translate";

/** ICU versions differ on which space they use (narrow, no-break): compare words. */
const spaced = (s: string) => s.replace(/\s/g, " ");

/** A message's texts: itself, or each of its plural forms. */
const textsOf = (m: Message): string[] => (typeof m === "string" ? [m] : [m.zero ?? "", m.one ?? "", m.other]);

const placeholders = (m: Message): string[] => {
  const texts = textsOf(m);
  return [...new Set(texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1] ?? "")))].sort();
};

describe("the catalogues", () => {
  it("writes French apostrophes as ’ and holds :;?! to the word before them (no-break spaces)", () => {
    const texts = Object.values(fr).flatMap(textsOf);
    expect(texts.filter((s) => /\w'\w/.test(s))).toEqual([]);
    expect(texts.filter((s) => / [:;?!]/.test(s))).toEqual([]);
  });

  it("gives every English key a French text with the same placeholders", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).toBeTruthy();
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("has no French key that English lacks", () => {
    expect(Object.keys(fr).filter((k) => !(k in en))).toEqual([]);
  });
});

describe("t", () => {
  it("fills variables and formats numbers in the locale", () => {
    const t = makeT("fr", "fr-FR");
    expect(spaced(t("rankings.myRank", { rank: 1234, total: 56789 }))).toBe("Mon rang : 1 234 sur 56 789");
  });

  it("picks the plural form of the language", () => {
    expect(makeT("en", "en-GB")("race.runners", { count: 1 })).toBe("1 runner");
    expect(makeT("en", "en-GB")("race.runners", { count: 14 })).toBe("14 runners");
    // French uses the singular for 0 and 1.
    expect(makeT("fr", "fr-FR")("leagues.members", { count: 0 })).toBe("0 membre");
    expect(makeT("fr", "fr-FR")("leagues.members", { count: 2 })).toBe("2 membres");
  });

  it("leaves an unknown variable visible rather than inventing one", () => {
    expect(makeT("en", "en-GB")("auth.reset.sent")).toContain("{email}");
  });

  it("keeps French punctuation with its word: no-break spaces, whatever the catalogue typed", () => {
    const fr = makeT("fr", "fr-FR");
    expect(fr("rankings.myRank", { rank: 1, total: 2 })).toMatch(/^Mon rang\u00a0: /);
    expect(fr("auth.login.forgot")).toBe("Mot de passe oublié\u202f?");
    // A player's own words in a variable are theirs, as typed.
    expect(fr("rankings.myRank", { rank: "a : b", total: 2 })).toContain("a : b");
    expect(makeT("en", "en-GB")("rankings.myRank", { rank: 1, total: 2 })).not.toMatch(/\u00a0/);
  });

  it("reads a value the app does not know yet in words, never as a raw key", () => {
    const unknown = "community.mod.live_pin" as Parameters<ReturnType<typeof makeT>>[0];
    expect(makeT("fr", "fr-FR")(unknown)).toBe("live pin");
  });
});

describe("the language", () => {
  it("speaks French to a French browser and English to others", () => {
    expect(detectLang(["fr-FR", "en-US"])).toBe("fr");
    expect(detectLang(["fr-CA"])).toBe("fr");
    expect(detectLang(["en-US", "fr"])).toBe("en");
    expect(detectLang(["de-DE", "fr-FR"])).toBe("fr");
    expect(detectLang(["de-DE"])).toBe("en");
    expect(detectLang([])).toBe("en");
  });

  it("keeps the browser's regional variant for formats", () => {
    expect(localeFor("fr", ["fr-BE", "en"])).toBe("fr-BE");
    expect(localeFor("en", ["fr-FR", "en-US"])).toBe("en-US");
    expect(localeFor("en", ["fr-FR"])).toBe("en-GB");
    expect(localeFor("fr", [])).toBe("fr-FR");
  });
});

describe("the formatter", () => {
  it("shows points from cents with two decimals in the locale", () => {
    expect(makeFormatter("fr-FR", "Europe/Paris").points(1180)).toBe("11,80");
    expect(makeFormatter("en-GB", "Europe/Paris").points(123456)).toBe("1,234.56");
  });

  it("shows a dividend in cents per euro as money", () => {
    expect(spaced(makeFormatter("fr-FR", "Europe/Paris").euros(590))).toBe("5,90 €");
    expect(makeFormatter("en-GB", "Europe/Paris").euros(590)).toBe("€5.90");
  });

  it("shows a post time in the player's time zone, and names the zone", () => {
    const iso = "2026-06-14T13:15:00Z";
    expect(makeFormatter("fr-FR", "Europe/Paris").time(iso)).toBe("15:15 UTC+2");
    expect(makeFormatter("en-GB", "Europe/Paris").time(iso)).toBe("15:15 CEST");
    expect(makeFormatter("en-GB", "America/New_York").time(iso)).toBe("09:15 GMT-4");
    expect(makeFormatter("en-US", "America/New_York").time(iso)).toBe("09:15 AM EDT");
  });

  it("names the zone of a date and time, so a player abroad reads their own clock", () => {
    const iso = "2026-03-08T14:15:00Z";
    expect(makeFormatter("en-GB", "Europe/Paris").dateTime(iso)).toBe("Sunday 8 March at 15:15 CET");
    expect(makeFormatter("en-GB", "Europe/London").dateTime(iso)).toBe("Sunday 8 March at 14:15 GMT");
    expect(spaced(makeFormatter("fr-FR", "Europe/Paris").dateTime(iso))).toBe("dimanche 8 mars à 15:15 UTC+1");
    expect(makeFormatter("en-GB", "Europe/London").date(iso)).toBe("8 Mar 2026");
  });

  it("shows a distance in metres", () => {
    expect(spaced(makeFormatter("fr-FR", "Europe/Paris").meters(2700))).toBe("2 700 m");
  });

  it("falls back to a real time zone", () => {
    expect(browserTimeZone()).toMatch(/\w/);
  });
});

describe("countdown", () => {
  it("splits what is left into days, hours, minutes and seconds", () => {
    const now = Date.UTC(2026, 0, 1);
    const target = now + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000;
    expect(countdown(target, now)).toEqual({ days: 2, hours: 3, minutes: 4, seconds: 5 });
  });

  it("is over at the lock and after it", () => {
    expect(countdown(1000, 1000)).toBeNull();
    expect(countdown(1000, 5000)).toBeNull();
  });
});
