/** The i18n layer every string goes through: useI18n() gives t(), the locale and formatters. */
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { useAuth } from "../auth";
import { browserTimeZone, type Formatter, makeFormatter } from "./format";
import { browserLangs, detectLang, isLang, type Lang, localeFor, storedLang, storeLang } from "./lang";
import { makeT, type T } from "./translate";

export type I18n = {
  lang: Lang;
  locale: string;
  t: T;
  fmt: Formatter;
  setLang: (lang: Lang) => Promise<void>;
};

export function makeI18n(
  lang: Lang,
  timeZone: string,
  browser: readonly string[] = [],
  setLang: (lang: Lang) => Promise<void> = async () => undefined,
): I18n {
  const locale = localeFor(lang, browser);
  return { lang, locale, t: makeT(lang, locale), fmt: makeFormatter(locale, timeZone), setLang };
}

export const I18nContext = createContext<I18n | null>(null);

/** The profile's language and time zone when signed in; else the choice made here or the browser's. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const { me, updateMe } = useAuth();
  const [chosen, setChosen] = useState<Lang | null>(storedLang);
  const browser = browserLangs();
  const profileLang = me && isLang(me.language) ? me.language : null;
  const lang = profileLang ?? chosen ?? detectLang(browser);
  const timeZone = me?.time_zone || browserTimeZone();

  const value = useMemo(
    () =>
      makeI18n(lang, timeZone, browser, async (next) => {
        storeLang(next);
        setChosen(next);
        if (me && me.language !== next) await updateMe({ language: next });
      }),
    // browser languages do not change while the page lives
    [lang, timeZone, me, updateMe],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside I18nProvider");
  return i18n;
}
