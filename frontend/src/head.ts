/**
 * The page's description, canonical URL and language, kept in step with the route as the app
 * moves between pages (the title is PageTitle's job). Django writes the same values into the
 * first page it sends (backend/web/meta.py), for search engines and link previews.
 */
import type { MessageKey } from "./i18n/en";

const DESCRIPTIONS: [string, MessageKey][] = [
  ["/pick", "meta.pick"],
  ["/results", "meta.results"],
  ["/rounds", "meta.rounds"],
  ["/rankings", "meta.rankings"],
  ["/profile", "meta.profile"],
  ["/leagues", "meta.leagues"],
  ["/community", "meta.community"],
  ["/account/login", "meta.login"],
  ["/account/signup", "meta.signup"],
  ["/account", "meta.account"],
];

/** The description of a path: its own, else its section's, else the home page's. */
export function describe(pathname: string): MessageKey {
  for (const [prefix, key] of DESCRIPTIONS) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return key;
  }
  return "meta.home";
}

function element<T extends HTMLElement>(selector: string, create: () => T): T {
  const found = document.head.querySelector<T>(selector);
  if (found) return found;
  const made = create();
  document.head.appendChild(made);
  return made;
}

export function applyHead(pathname: string, lang: string, description: string): void {
  document.documentElement.lang = lang;
  const meta = element<HTMLMetaElement>('meta[name="description"]', () => {
    const m = document.createElement("meta");
    m.name = "description";
    return m;
  });
  meta.content = description;
  const link = element<HTMLLinkElement>('link[rel="canonical"]', () => {
    const l = document.createElement("link");
    l.rel = "canonical";
    l.href = window.location.origin;
    return l;
  });
  // Same site as the server said (SITE_URL), this path, no query.
  link.href = new URL(pathname, link.href).href;
}
