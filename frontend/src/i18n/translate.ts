/** The one translation function: a message key, variables, plurals through Intl.PluralRules. */
import type { Lang } from "./lang";
import { en, type Message, type MessageKey } from "./en";

type Catalog = Record<MessageKey, Message>;

/** English is the reference and the fallback: always here. The other catalogues are loaded
 * for their readers only (a chunk of their own): `loadCatalog` before `makeT`. */
const catalogs: Partial<Record<Lang, Catalog>> = { en };

const loaders: Record<Exclude<Lang, "en">, () => Promise<Catalog>> = {
  fr: () => import("./fr").then((module) => module.fr),
};

export function hasCatalog(lang: Lang): boolean {
  return catalogs[lang] !== undefined;
}

const loading = new Map<Lang, Promise<void>>();

/** Load a language's catalogue once (callers at the same time share the load); a failed load
 * (offline) can be tried again. */
export function loadCatalog(lang: Lang): Promise<void> {
  if (lang === "en" || catalogs[lang]) return Promise.resolve();
  let load = loading.get(lang);
  if (!load) {
    load = loaders[lang]().then(
      (catalog) => {
        catalogs[lang] = catalog;
      },
      (error: unknown) => {
        loading.delete(lang);
        throw error;
      },
    );
    loading.set(lang, load);
  }
  return load;
}

/** A key no catalogue has, built from a value the server sent that this app does not know
 * yet ("community.mod.live_pin"): its last part in words ("live pin"), never the raw key. */
function unknownKey(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1).replace(/[_-]+/g, " ");
}

/** French typography: no line break between a word and the ":" ";" "!" "?" "»" after it, or
 * the "«" before it (a no-break space before ":" and inside guillemets, a narrow one before
 * the others), whatever space the catalogue was typed with. */
function frenchSpacing(text: string): string {
  return text
    .replace(/ ([:»])/g, "\u00a0$1")
    .replace(/ ([;!?])/g, "\u202f$1")
    .replace(/« /g, "«\u00a0");
}

export type Vars = Record<string, string | number>;
export type T = (key: MessageKey, vars?: Vars) => string;

/** t() in `lang` when its catalogue is loaded, in English until then. */
export function makeT(lang: Lang, locale: string): T {
  const catalog: Catalog = catalogs[lang] ?? en;
  const plural = new Intl.PluralRules(locale);
  const num = new Intl.NumberFormat(locale);
  const french = catalog !== en && lang === "fr";
  return (key, vars = {}) => {
    const message: Message = catalog[key] ?? en[key] ?? unknownKey(key);
    let text: string;
    if (typeof message === "string") {
      text = message;
    } else {
      const count = Number(vars.count ?? 0);
      const form = count === 0 && message.zero ? "zero" : plural.select(count);
      text = (form === "one" ? message.one : form === "zero" ? message.zero : undefined) ?? message.other;
    }
    if (french) text = frenchSpacing(text);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? num.format(value) : value;
    });
  };
}
