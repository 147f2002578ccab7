import { describe, expect, it } from "vitest";
import { makeFormatter, numbered, properName } from "./format";

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
