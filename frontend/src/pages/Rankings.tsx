import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { currentSeasonQuery, roundsQuery, seasonSearchQuery, seasonTableQuery, weeklyTableQuery } from "../api/queries";
import type { SeasonRow, WeeklyRow } from "../api/types";
import { useAuth } from "../auth";
import { Movement } from "../components/Movement";
import { type Column, loaded, StandingsTable } from "../components/StandingsTable";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { useDebounced } from "../hooks";
import { useI18n } from "../i18n";
import { consumeNavigated, navigate, queryParam, useLocationKey } from "../router";

function useSeasonColumns(): Column<SeasonRow>[] {
  const { t, fmt } = useI18n();
  return [
    {
      title: t("rankings.rank"),
      cell: (row) => (
        <>
          {row.rank} <Movement rank={row.rank} previous={row.previous_rank} />
        </>
      ),
    },
    { title: t("rankings.player"), player: true, cell: (row) => row.display_name },
    { title: t("rankings.points"), numeric: true, cell: (row) => fmt.points(row.points) },
    { title: t("rankings.wins"), numeric: true, cell: (row) => fmt.number(row.wins) },
  ];
}

function Search({ seasonId, meId }: { seasonId: number; meId: number | undefined }) {
  const { t } = useI18n();
  const columns = useSeasonColumns();
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 250);
  const wanted = q.trim().length >= 2 && query.length >= 2;
  const search = useQuery({ ...seasonSearchQuery(seasonId, query), enabled: wanted });
  // A failed search finds no one.
  const found = !wanted ? null : search.error ? [] : (search.data ?? null);
  return (
    <div className="stack" role="search">
      <div className="field">
        <label htmlFor="ranking-search">{t("rankings.search")}</label>
        <input id="ranking-search" type="search" placeholder={t("rankings.searchPlaceholder")} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </div>
      {found !== null && (
        <div aria-live="polite">
          {found.length === 0 ? (
            <p>{t("rankings.noResults")}</p>
          ) : (
            <StandingsTable caption={t("rankings.search")} hiddenCaption columns={columns} rows={found} meId={meId} />
          )}
        </div>
      )}
    </div>
  );
}

function SeasonRanking({ seasonId }: { seasonId: number }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const columns = useSeasonColumns();
  const table = useInfiniteQuery(seasonTableQuery(seasonId));
  const list = loaded(table);
  if (!list) return table.error ? <ErrorMessage error={table.error} retry={() => void table.refetch()} /> : <Loading />;
  const { first } = list;
  if (first.count === 0) return <p className="card">{t("rankings.empty")}</p>;
  return (
    <div className="stack">
      {first.me && (
        <p className="card is-me-card" aria-live="polite">
          <strong>{t("rankings.myRank", { rank: first.me.rank, total: first.count })}</strong> · {fmt.points(first.me.points)} {t("rankings.points").toLowerCase()}
        </p>
      )}
      <StandingsTable
        caption={t("rankings.season")}
        columns={columns}
        rows={list.pages.flatMap((p) => p.results)}
        me={first.me}
        aroundMe={first.around_me}
        meId={me?.id}
        more={list.more}
      />
      {table.error && <ErrorMessage error={table.error} retry={() => void table.fetchNextPage()} />}
      <Search seasonId={seasonId} meId={me?.id} />
    </div>
  );
}

function WeeklyTable({ round }: { round: { id: number; number: number; race: { name: string } } }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const table = useInfiniteQuery(weeklyTableQuery(round.id));
  const columns: Column<WeeklyRow>[] = [
    { title: t("rankings.rank"), cell: (row) => row.rank },
    { title: t("rankings.player"), player: true, cell: (row) => row.display_name },
    { title: t("rankings.points"), numeric: true, cell: (row) => fmt.points(row.points) },
    { title: t("rankings.season"), numeric: true, cell: (row) => row.season_rank ?? "—" },
  ];
  const list = loaded(table);
  if (!list) return table.error ? <ErrorMessage error={table.error} retry={() => void table.refetch()} /> : <Loading />;
  const { first } = list;
  if (first.count === 0) return <p className="card">{t("rankings.empty")}</p>;
  return (
    <div className="stack">
      {first.me && (
        <p className="card">
          <strong>{t("rankings.myRank", { rank: first.me.rank, total: first.count })}</strong> · {fmt.points(first.me.points)}
        </p>
      )}
      <StandingsTable
        caption={`${t("results.round", { number: round.number })} · ${round.race.name}`}
        columns={columns}
        rows={list.pages.flatMap((p) => p.results)}
        me={first.me}
        aroundMe={first.around_me}
        meId={me?.id}
        more={list.more}
      />
      {table.error && <ErrorMessage error={table.error} retry={() => void table.fetchNextPage()} />}
    </div>
  );
}

/** The table of the last settled round. */
function WeeklyRanking() {
  const { t } = useI18n();
  const past = useQuery(roundsQuery("past"));
  if (past.error) return <ErrorMessage error={past.error} retry={() => void past.refetch()} />;
  if (past.isPending) return <Loading />;
  const last = past.data.find((r) => r.status === "settled");
  if (!last) return <p className="card">{t("rankings.empty")}</p>;
  return <WeeklyTable round={last} />;
}

type View = "season" | "week";

/** The tab of `?view=` (the season's table when absent or unknown). */
export function viewParam(value: string | null): View {
  return value === "week" ? "week" : "season";
}

/** The address of a tab: the season's is the page's own, the week's `?view=week`; any other
 * query stays. */
export function viewHref(locationKey: string, view: View): string {
  const [path = "/rankings", search = ""] = locationKey.split("?");
  const query = new URLSearchParams(search);
  if (view === "season") query.delete("view");
  else query.set("view", view);
  const rest = query.toString();
  return rest ? `${path}?${rest}` : path;
}

export default function Rankings() {
  const { t } = useI18n();
  const { status } = useAuth();
  // The tab is in the address: a reload, a shared link, back and forward keep it.
  const key = useLocationKey();
  const tab = viewParam(queryParam("view", key.split("?")[1] ?? ""));
  const show = (view: View) => {
    if (view === tab) return;
    navigate(viewHref(key, view));
    // Another view of this page, not another page: the focus stays on the tab (the title
    // takes it only after a move to another page).
    consumeNavigated();
  };
  const season = useQuery({ ...currentSeasonQuery, enabled: status === "authenticated" });
  return (
    <section>
      <PageTitle>{t("rankings.title")}</PageTitle>
      {status === "anonymous" ? (
        <p className="card">{t("auth.needed")}</p>
      ) : season.error ? (
        <ErrorMessage error={season.error} retry={() => void season.refetch()} />
      ) : season.isPending ? (
        <Loading />
      ) : !season.data ? (
        <p className="card">{t("rankings.empty")}</p>
      ) : (
        <>
          <p className="muted">{season.data.name}</p>
          <div className="tabs" role="group" aria-label={t("rankings.title")}>
            <button type="button" aria-pressed={tab === "season"} onClick={() => show("season")}>
              {t("rankings.season")}
            </button>
            <button type="button" aria-pressed={tab === "week"} onClick={() => show("week")}>
              {t("rankings.weekly")}
            </button>
          </div>
          {tab === "season" ? <SeasonRanking seasonId={season.data.id} /> : <WeeklyRanking />}
        </>
      )}
    </section>
  );
}
