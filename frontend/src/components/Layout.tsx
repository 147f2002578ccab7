/** The frame of every page: a header, the main navigation (a thumb bar on phones), a footer. */
import type { ReactNode } from "react";
import { useAuth } from "../auth";
import { useI18n } from "../i18n";
import { type Lang, LANGS } from "../i18n/lang";
import type { MessageKey } from "../i18n/en";
import { NamePrompt } from "./NamePrompt";
import { Link, queryParam, useLocationKey } from "../router";

const ICONS: Record<string, string> = {
  home: "M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
  pick: "M9 12.5l2 2 4-4.5M5 4h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z",
  results: "M5 21V4m0 0h11l-2 4 2 4H5",
  rankings: "M4 20V12h4v8zm6 0V6h4v14zm6 0v-10h4v10z",
  leagues:
    "M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 20c0-3 3-5 6-5s6 2 6 5m0-4.6c.6-.3 1.3-.4 2-.4 3 0 6 2 6 5",
  community: "M4 5h16v11H10l-5 4v-4H4zM8 9h8M8 12h5",
};

const NAV: { to: string; key: MessageKey; icon: string }[] = [
  { to: "/", key: "nav.home", icon: "home" },
  { to: "/pick", key: "nav.pick", icon: "pick" },
  { to: "/results", key: "nav.results", icon: "results" },
  { to: "/rankings", key: "nav.rankings", icon: "rankings" },
  { to: "/leagues", key: "nav.leagues", icon: "leagues" },
  { to: "/community", key: "nav.community", icon: "community" },
];

/** The login page, coming back to this page after it; from an account page (sign-up,
 * password reset), to where that page was to lead. */
export function loginLink(location: string): string {
  const search = location.includes("?") ? location.slice(location.indexOf("?")) : "";
  const next = location.startsWith("/account/") ? queryParam("next", search) : location;
  return next && next !== "/" ? `/account/login?next=${encodeURIComponent(next)}` : "/account/login";
}

export function isCurrent(to: string, pathname: string): boolean {
  if (to === "/") return pathname === "/";
  return pathname === to || pathname.startsWith(`${to}/`);
}

function Icon({ name }: { name: string }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}

export function LanguageSelect({ id = "lang-select" }: { id?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <span className="lang-select">
      <label htmlFor={id}>{t("nav.language")}</label>{" "}
      <select id={id} value={lang} onChange={(e) => void setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </span>
  );
}

/** `tools` sit in the header beside the account (on phones the header is their only room:
 * the thumb bar and the page's own bottom bar hold the foot of the screen). */
export function Layout({ children, tools }: { children: ReactNode; tools?: ReactNode }) {
  const { t } = useI18n();
  const { me, status } = useAuth();
  const location = useLocationKey();
  const pathname = location.split("?")[0] ?? "/";
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="site-header">
        <div className="wrap header-row">
          <Link to="/" className="brand">
            <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="7" />
              <path d="M9 25V7h8a6 6 0 0 1 0 12h-4v6z" fill="#fff" />
            </svg>
            {t("app.name")}
          </Link>
          <nav aria-label={t("nav.main")} className="main-nav">
            <ul>
              {NAV.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} aria-current={isCurrent(item.to, pathname) ? "page" : undefined}>
                    <Icon name={item.icon} />
                    <span>{t(item.key)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account-links">
            {tools}
            {status === "authenticated" && me ? (
              <Link to="/profile" className="account-chip" aria-current={isCurrent("/profile", pathname) ? "page" : undefined}>
                <span className="avatar" aria-hidden="true">
                  {(me.display_name || me.email).slice(0, 1).toUpperCase()}
                </span>
                <span className="account-name">{me.display_name}</span>
                <span className="visually-hidden">{t("nav.profile")}</span>
              </Link>
            ) : status === "anonymous" ? (
              <Link to={loginLink(location)} className="button button-small">
                {t("nav.login")}
              </Link>
            ) : null}
          </div>
        </div>
      </header>
      <main id="main" className="wrap" tabIndex={-1}>
        <NamePrompt />
        {children}
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>{t("app.noMoney")}</p>
          <LanguageSelect />
        </div>
      </footer>
    </>
  );
}
