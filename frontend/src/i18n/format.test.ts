import { describe, expect, it } from "vitest";
import { browserTimeZone, currentZoneName, makeFormatter, numbered, properName, timeZoneNames, usableTimeZone } from "./format";

describe("ordinals", () => {
  it("reads 1st, 2nd, 3rd, 11th, 21st, 31st in English", () => {
    const fmt = makeFormatter("en-GB", "Europe/Paris");
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 31, 91, 101, 111].map(fmt.ordinal)).toEqual([
      "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "31st", "91st", "101st", "111th",
    ]);
  });
  it("reads 1er, 2e, 21e, 31e in French", () => {
    const fmt = makeFormatter("fr-FR", "Europe/Paris");
    expect([1, 2, 3, 21, 31, 91, 101].map(fmt.ordinal)).toEqual(["1er", "2e", "3e", "21e", "31e", "91e", "101e"]);
  });
});

describe("properName", () => {
  it("turns PMU's capitals into proper names", () => {
    expect(properName("PRINCE D'ESPRIT")).toBe("Prince d'Esprit");
    expect(properName("BOLD EAGLE")).toBe("Bold Eagle");
    expect(properName("J.-M. BAZIRE")).toBe("J.-M. Bazire");
    expect(properName("FACE TIME BOURBON")).toBe("Face Time Bourbon");
    expect(properName("ETOILE DE LA MER")).toBe("Etoile de la Mer");
    expect(properName("L'AMI DU JOUR")).toBe("L'Ami du Jour");
    expect(properName("MLLE C. LE BAIL")).toBe("Mlle C. Le Bail");
  });
  it("keeps names already written in mixed case, and empty ones", () => {
    expect(properName("McCoy's Star")).toBe("McCoy's Star");
    expect(properName("")).toBe("");
    expect(properName("123")).toBe("123");
  });
});

describe("isoDay", () => {
  it("is the day in the formatter's zone, not in UTC", () => {
    const lateEvening = new Date("2026-03-07T23:30:00Z");
    expect(makeFormatter("en-GB", "Europe/Paris").isoDay(lateEvening)).toBe("2026-03-08");
    expect(makeFormatter("fr-FR", "UTC").isoDay(lateEvening)).toBe("2026-03-07");
    expect(makeFormatter("en-GB", "America/New_York").isoDay(lateEvening)).toBe("2026-03-07");
  });
});

describe("numbered", () => {
  it("names a runner by number and proper name, or by number alone", () => {
    expect(numbered(3, "GO ON BOY")).toBe("3. Go On Boy");
    expect(numbered(5, "Hokkaido Jiel")).toBe("5. Hokkaido Jiel");
    expect(numbered(7, null)).toBe("7");
    expect(numbered(7, "")).toBe("7");
  });
});

describe("shortDate", () => {
  it("leaves the year out for this year's days only, this year being the zone's", () => {
    const fmt = makeFormatter("en-GB", "Europe/Paris");
    const now = new Date("2026-12-07T12:00:00Z");
    expect(fmt.shortDate("2026-03-08T14:00:00Z", now)).toBe("8 Mar");
    expect(fmt.shortDate("2025-11-05T14:00:00Z", now)).toBe("5 Nov 2025");
    // 31 December 23:30 UTC is already New Year's Day in Paris.
    expect(fmt.shortDate("2025-12-31T23:30:00Z", new Date("2026-01-01T00:30:00Z"))).toBe("1 Jan");
  });
});

describe("time zone names", () => {
  it("reads a zone the browser names the old way by its current name", () => {
    expect(currentZoneName("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(currentZoneName("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(currentZoneName("Europe/Paris")).toBe("Europe/Paris");
  });

  it("lists current names once, in order, with the player's own zone", () => {
    const zones = timeZoneNames("Etc/GMT+5");
    expect(zones).toContain("Europe/Kyiv");
    expect(zones).not.toContain("Europe/Kiev");
    expect(zones).not.toContain("America/Godthab");
    expect(zones).toContain("Etc/GMT+5");
    expect(zones).toEqual([...new Set(zones)].sort());
  });

  it("writes times in the profile's zone, or the browser's when this browser does not know it", () => {
    expect(usableTimeZone("America/New_York")).toBe("America/New_York");
    expect(usableTimeZone("localtime")).toBe(browserTimeZone());
    expect(usableTimeZone("Factory")).toBe(browserTimeZone());
    expect(usableTimeZone(null)).toBe(browserTimeZone());
  });
});
