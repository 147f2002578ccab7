/** The i18n layer every string goes through: useI18n() gives t(), the locale and formatters. */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { setRequestLanguage } from "../api/csrf";
import { useAuth } from "../auth";
import { type Formatter, makeFormatter, usableTimeZone } from "./format";
import { browserLangs, detectLang, isLang, type Lang, localeFor, storedLang, storeLang } from "./lang";
import { hasCatalog, loadCatalog, makeT, type T } from "./translate";

export type I18n = {
  lang: Lang;
  locale: string;
  t: T;
  fmt: Formatter;
  /** Speak `lang` from now on, kept in this browser and, signed in, in the profile (unless
   * `saved`: the caller's own profile update already holds it). */
  setLang: (lang: Lang, options?: { saved?: boolean }) => Promise<void>;
};

export function makeI18n(
  lang: Lang,
  timeZone: string,
  browser: readonly string[] = [],
  setLang: I18n["setLang"] = async () => undefined,
): I18n {
  const locale = localeFor(lang, browser);
  return { lang, locale, t: makeT(lang, locale), fmt: makeFormatter(locale, timeZone), setLang };
}

export const I18nContext = createContext<I18n | null>(null);

/** Whether `lang` can be spoken now: its catalogue is loaded (or failed to load: English then). */
function useCatalog(lang: Lang): boolean {
  const [failed, setFailed] = useState<Lang | null>(null);
  const [, setLoaded] = useState<Lang | null>(null);
  const ready = hasCatalog(lang) || failed === lang;
  useEffect(() => {
    if (ready) return;
    let live = true;
    loadCatalog(lang).then(
      () => live && setLoaded(lang),
      () => live && setFailed(lang),
    );
    return () => {
      live = false;
    };
  }, [lang, ready]);
  return ready;
}

/** The profile's language and time zone when signed in; else the choice made here or the
 * browser's. Nothing shows until that language's catalogue is loaded (French readers load it,
 * no one else does), so that no page flashes in another language. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const { me, updateMe } = useAuth();
  const [chosen, setChosen] = useState<Lang | null>(storedLang);
  // The browser's languages do not change while the page lives.
  const [browser] = useState(browserLangs);
  const profileLang = me && isLang(me.language) ? me.language : null;
  const lang = profileLang ?? chosen ?? detectLang(browser);
  const timeZone = usableTimeZone(me?.time_zone);
  const ready = useCatalog(lang);

  const value = useMemo(
    () =>
      ready
        ? makeI18n(lang, timeZone, browser, async (next, options) => {
            await loadCatalog(next);
            storeLang(next);
            setChosen(next);
            if (me && me.language !== next && !options?.saved) await updateMe({ language: next });
          })
        : null,
    [ready, lang, timeZone, browser, me, updateMe],
  );

  useEffect(() => {
    if (ready) document.documentElement.lang = lang;
  }, [lang, ready]);

  if (!value) return null;
  // Set while rendering, not in an effect: the children's first requests (sent from their
  // own effects, which run before this component's) already carry it.
  setRequestLanguage(lang);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
