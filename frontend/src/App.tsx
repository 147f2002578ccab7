/** The routes of the app. Home is in the first bundle; every other page loads on demand. */
import { QueryClientProvider } from "@tanstack/react-query";
import { type ComponentType, lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { makeQueryClient } from "./api/queryClient";
import { AuthProvider } from "./auth";
import { Layout } from "./components/Layout";
import { AskHelper } from "./live/AskHelper";
import { LiveProvider } from "./live/LiveProvider";
import { RequireAuth } from "./components/RequireAuth";
import { Loading, Notice, PageTitle } from "./components/ui";
import { useFlash } from "./flash";
import { applyHead, describe } from "./head";
import { I18nProvider, useI18n } from "./i18n";
import Home from "./pages/Home";
import { Link, matchPath, type Params, useLocationKey } from "./router";

const Login = lazy(() => import("./pages/account/Login"));
const Signup = lazy(() => import("./pages/account/Signup"));
const VerifyEmail = lazy(() => import("./pages/account/VerifyEmail"));
const PasswordRequest = lazy(() => import("./pages/account/PasswordRequest"));
const PasswordReset = lazy(() => import("./pages/account/PasswordReset"));
const Settings = lazy(() => import("./pages/account/Settings"));
const Pick = lazy(() => import("./pages/Pick"));
const Results = lazy(() => import("./pages/Results"));
const Rankings = lazy(() => import("./pages/Rankings"));
const Profile = lazy(() => import("./pages/Profile"));
const Leagues = lazy(() => import("./pages/Leagues"));
const League = lazy(() => import("./pages/League"));
const LeagueDirectory = lazy(() => import("./pages/leagues/Directory"));
const JoinLeague = lazy(() => import("./pages/JoinLeague"));
const Community = lazy(() => import("./pages/community/Community"));
const Topics = lazy(() => import("./pages/community/Topics"));
const Topic = lazy(() => import("./pages/community/Topic"));
const Ask = lazy(() => import("./pages/community/Ask"));
const MyReputation = lazy(() => import("./pages/community/Reputation").then((m) => ({ default: m.MyReputation })));
const PlayerProfile = lazy(() => import("./pages/community/Reputation").then((m) => ({ default: m.PlayerProfile })));
const TopContributors = lazy(() => import("./pages/community/TopContributors"));
const RoundThread = lazy(() => import("./pages/community/RoundThread"));
const Ops = lazy(() => import("./pages/ops/Ops"));
const RoundPage = lazy(() => import("./pages/Round"));
const Unanswered = lazy(() => import("./pages/community/Unanswered"));
const Events = lazy(() => import("./pages/community/Events"));
const Dashboard = lazy(() => import("./pages/community/Dashboard"));
const Moderation = lazy(() => import("./pages/community/Moderation"));

type Route = { path: string; auth?: boolean; render: (params: Params) => ReactNode };

const page = (C: ComponentType) => () => <C />;

export const ROUTES: Route[] = [
  { path: "/", render: page(Home) },
  { path: "/pick", auth: true, render: page(Pick) },
  { path: "/results", auth: true, render: () => <Results /> },
  { path: "/results/:round", auth: true, render: (p) => <Results roundId={p.round} /> },
  { path: "/rounds/:round", auth: true, render: (p) => <RoundPage id={p.round ?? ""} /> },
  { path: "/rankings", auth: true, render: page(Rankings) },
  { path: "/profile", auth: true, render: page(Profile) },
  { path: "/leagues", auth: true, render: page(Leagues) },
  { path: "/leagues/directory", auth: true, render: page(LeagueDirectory) },
  { path: "/leagues/join/:code", render: (p) => <JoinLeague code={p.code ?? ""} /> },
  { path: "/leagues/:id", auth: true, render: (p) => <League id={p.id ?? ""} /> },
  // Visitors read the public community; asking, answering and the rest need an account.
  { path: "/community", render: page(Community) },
  { path: "/community/search", render: () => <Topics /> },
  { path: "/community/c/:slug", render: (p) => <Topics category={p.slug ?? ""} /> },
  { path: "/community/topics/:id", render: (p) => <Topic id={p.id ?? ""} /> },
  { path: "/community/events", render: page(Events) },
  { path: "/community/dashboard", auth: true, render: page(Dashboard) },
  { path: "/community/moderation", auth: true, render: page(Moderation) },
  { path: "/community/ask", auth: true, render: page(Ask) },
  { path: "/community/me", auth: true, render: page(MyReputation) },
  { path: "/community/players/:id", auth: true, render: (p) => <PlayerProfile id={p.id ?? ""} /> },
  { path: "/community/top", auth: true, render: page(TopContributors) },
  { path: "/community/rounds/:round", auth: true, render: (p) => <RoundThread round={p.round ?? ""} /> },
  { path: "/ops", auth: true, render: page(Ops) },
  { path: "/community/unanswered", auth: true, render: page(Unanswered) },
  { path: "/account", auth: true, render: page(Settings) },
  { path: "/account/login", render: page(Login) },
  { path: "/account/signup", render: page(Signup) },
  { path: "/account/verify-email/:key", render: (p) => <VerifyEmail rawKey={p.key ?? ""} /> },
  { path: "/account/password/reset", render: page(PasswordRequest) },
  { path: "/account/password/reset/:key", render: (p) => <PasswordReset rawKey={p.key ?? ""} /> },
];

export function resolve(pathname: string): { route: Route; params: Params } | null {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <PageTitle>{t("app.notFound.title")}</PageTitle>
      <p>{t("app.notFound.body")}</p>
      <p>
        <Link to="/">{t("app.backHome")}</Link>
      </p>
    </section>
  );
}

function Screen() {
  const key = useLocationKey();
  const pathname = key.split("?")[0] ?? "/";
  const flash = useFlash(key);
  const { lang, t } = useI18n();
  useEffect(() => applyHead(pathname, lang, t(describe(pathname))), [pathname, lang, t]);
  const found = resolve(pathname);
  let content: ReactNode = <NotFound />;
  if (found) {
    const rendered = found.route.render(found.params);
    content = found.route.auth ? <RequireAuth>{rendered}</RequireAuth> : rendered;
  }
  return (
    <Layout tools={<AskHelper />}>
      {flash && <Notice kind="success">{flash}</Notice>}
      <Suspense fallback={<Loading />}>{content}</Suspense>
    </Layout>
  );
}

export function App() {
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <AuthProvider>
        <I18nProvider>
          <LiveProvider>
            <Screen />
          </LiveProvider>
        </I18nProvider>
      </AuthProvider>
    </QueryClientProvider>
  );
}
