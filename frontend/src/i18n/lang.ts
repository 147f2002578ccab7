/** Which language to speak: the profile's, else the player's choice, else the browser's. */
export type Lang = "fr" | "en";
export const LANGS: readonly Lang[] = ["fr", "en"];
const STORE = "paddock.lang";

export function isLang(value: unknown): value is Lang {
  return value === "fr" || value === "en";
}

/** French for a French browser; English for every other one. */
export function detectLang(browser: readonly string[]): Lang {
  for (const tag of browser) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}

/** The BCP 47 locale for Intl: the browser's own variant when it speaks that language. */
export function localeFor(lang: Lang, browser: readonly string[]): string {
  const own = browser.find((tag) => tag.toLowerCase().split("-")[0] === lang && tag.includes("-"));
  return own ?? (lang === "fr" ? "fr-FR" : "en-GB");
}

export function storedLang(): Lang | null {
  try {
    const value = window.localStorage.getItem(STORE);
    return isLang(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORE, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export function browserLangs(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}
