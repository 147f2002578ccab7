/** Dates, numbers, points and money in the player's locale and time zone (Intl only).
 *
 * A clock time names its zone ("Sunday 8 March at 15:15 CET", "15:15 UTC+1" in French): the
 * profile's zone may not be the one the player is in, and a lock read an hour off is a missed
 * pick. Dates alone do not. */

export type Formatter = ReturnType<typeof makeFormatter>;

export function makeFormatter(locale: string, timeZone: string) {
  const num = new Intl.NumberFormat(locale);
  const pts = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const eur = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" });
  const odds = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: "numeric", month: "short", year: "numeric" });
  const shortDate = new Intl.DateTimeFormat(locale, { timeZone, day: "numeric", month: "short" });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  let meters: Intl.NumberFormat;
  try {
    meters = new Intl.NumberFormat(locale, { style: "unit", unit: "meter", unitDisplay: "short" });
  } catch {
    meters = num;
  }
  // en-CA writes a date as YYYY-MM-DD: the day as the API takes it, in this zone.
  const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const ordinals = new Intl.PluralRules(locale, { type: "ordinal" });
  const french = locale.toLowerCase().startsWith("fr");
  const suffix: Record<string, string> = { one: "st", two: "nd", few: "rd", other: "th" };
  return {
    locale,
    timeZone,
    /** 1st, 2nd, 31st / 1er, 2e, 31e (French has "er" for 1 alone). */
    ordinal: (n: number) => (french ? `${n}${n === 1 ? "er" : "e"}` : `${n}${suffix[ordinals.select(n)] ?? "th"}`),
    number: (n: number) => num.format(n),
    /** Points are stored in cents of the mythical stake: 1180 is shown as 11.80. */
    points: (cents: number) => pts.format(cents / 100),
    percent: (ratio: number) => pct.format(ratio),
    /** A dividend in cents per 1 € (590) as money (5.90 €). */
    euros: (cents: number) => eur.format(cents / 100),
    odds: (value: number | string) => odds.format(Number(value)),
    meters: (m: number) => meters.format(m),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    date: (iso: string) => date.format(new Date(iso)),
    /** Day and month; the year too when it is not this year's (in this zone). */
    shortDate: (iso: string, now: Date = new Date()) => {
      const at = new Date(iso);
      return isoDay.format(at).slice(0, 4) === isoDay.format(now).slice(0, 4) ? shortDate.format(at) : date.format(at);
    },
    time: (iso: string) => time.format(new Date(iso)),
    /** The day of a moment (now by default) in this zone, as YYYY-MM-DD. */
    isoDay: (at: Date = new Date()) => isoDay.format(at),
  };
}

export type Countdown = { days: number; hours: number; minutes: number; seconds: number };

/** What is left until a moment, never negative; null once it has passed. */
export function countdown(targetMs: number, nowMs: number): Countdown | null {
  const left = Math.floor((targetMs - nowMs) / 1000);
  if (left <= 0) return null;
  return {
    days: Math.floor(left / 86400),
    hours: Math.floor((left % 86400) / 3600),
    minutes: Math.floor((left % 3600) / 60),
    seconds: left % 60,
  };
}

// Browsers name zones as CLDR does, which keeps some names the time zone database has
// since changed (Kiev for Kyiv, Calcutta for Kolkata): what a player reads is today's.
const RENAMED: Record<string, string> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** A zone by its current name, when this browser knows that name too. */
export function currentZoneName(zone: string): string {
  const renamed = RENAMED[zone];
  if (renamed === undefined) return zone;
  try {
    new Intl.DateTimeFormat("en", { timeZone: renamed });
    return renamed;
  } catch {
    return zone;
  }
}

/** The browser's own time zone, or Paris when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/Paris");
  } catch {
    return "Europe/Paris";
  }
}

/** The profile's zone when this browser can write times in it, else the browser's own: a
 * zone the browser does not know would stop every date of the app. */
export function usableTimeZone(zone: string | null | undefined): string {
  if (!zone) return browserTimeZone();
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return browserTimeZone();
  }
}

/** Every zone this browser knows, by current names, in order; `current` among them. */
export function timeZoneNames(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = new Set((intl.supportedValuesOf?.("timeZone") ?? []).map(currentZoneName));
  zones.add(current);
  return [...zones].sort();
}

// Small words kept in lower case inside a name ("Etoile de la Mer"); not "le", a surname's
// start as often as an article ("Le Bail").
const PARTICLES = new Set(["de", "du", "des", "la", "les", "et", "of", "the", "and", "van", "von"]);

function capitalised(word: string, first: boolean): string {
  const up = word.replace(/(^|[-'’.(])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
  // d'Esprit, l'Ami: inside a name the elided particle stays small.
  return first ? up : up.replace(/^([DL])(['’])/u, (_m, p: string, q: string) => p.toLowerCase() + q);
}

/** A horse's or a person's name as a proper name, for display only: PMU sends them in
 * capitals ("PRINCE D'ESPRIT" reads "Prince d'Esprit", "J.-M. BAZIRE" reads "J.-M. Bazire").
 * Names already in mixed case are kept as written. */
export function properName(name: string): string {
  if (!name || name !== name.toUpperCase() || name === name.toLowerCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+)/)
    .map((word, i) => (/^\s*$/.test(word) ? word : i > 0 && PARTICLES.has(word) ? word : capitalised(word, i === 0)))
    .join("");
}

/** A runner by saddle number and proper name ("3. Go On Boy"); the number alone without a name. */
export function numbered(n: number, name?: string | null): string {
  return name ? `${n}. ${properName(name)}` : String(n);
}
