/** The one translation function: a message key, variables, plurals through Intl.PluralRules. */
import type { Lang } from "./lang";
import { en, type MessageKey, type Message } from "./en";
import { fr } from "./fr";

export const catalogs: Record<Lang, Record<MessageKey, Message>> = { en, fr };

export type Vars = Record<string, string | number>;
export type T = (key: MessageKey, vars?: Vars) => string;

export function makeT(lang: Lang, locale: string): T {
  const catalog = catalogs[lang];
  const plural = new Intl.PluralRules(locale);
  const num = new Intl.NumberFormat(locale);
  return (key, vars = {}) => {
    const message = catalog[key] ?? en[key] ?? key;
    let text: string;
    if (typeof message === "string") {
      text = message;
    } else {
      const count = Number(vars.count ?? 0);
      const form = count === 0 && message.zero ? "zero" : plural.select(count);
      text = (form === "one" ? message.one : form === "zero" ? message.zero : undefined) ?? message.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? num.format(value) : value;
    });
  };
}
