import { useEffect, useState } from "react";
import { api, unwrap } from "../api/client";
import { currentSeason, pastRounds } from "../api/game";
import type { SeasonRow, SeasonTable, WeeklyRow, WeeklyTable } from "../api/types";
import { useAuth } from "../auth";
import { Movement } from "../components/Movement";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { useAsync } from "../hooks";
import { useI18n } from "../i18n";
import { type Line, tableWithMe } from "./rankingsLogic";

const PAGE = 50;

function SeasonRows({ lines, meId }: { lines: Line<SeasonRow>[]; meId: number | undefined }) {
  const { t, fmt } = useI18n();
  return (
    <tbody>
      {lines.map((line, i) =>
        line.kind === "gap" ? (
          <tr key={`gap-${i}`} className="gap">
            <td colSpan={4}>
              <span aria-hidden="true">⋯</span>
              <span className="visually-hidden">{t("rankings.aroundMe")}</span>
            </td>
          </tr>
        ) : (
          <tr key={line.row.player_id} className={line.row.player_id === meId ? "is-me" : undefined} aria-current={line.row.player_id === meId ? "true" : undefined}>
            <td>
              {line.row.rank} <Movement rank={line.row.rank} previous={line.row.previous_rank} />
            </td>
            <th scope="row">
              {line.row.display_name}
              {line.row.player_id === meId && <span className="visually-hidden"> ({t("rankings.me")})</span>}
            </th>
            <td className="num">{fmt.points(line.row.points)}</td>
            <td className="num">{fmt.number(line.row.wins)}</td>
          </tr>
        ),
      )}
    </tbody>
  );
}

function SeasonHead() {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <th scope="col">{t("rankings.rank")}</th>
        <th scope="col">{t("rankings.player")}</th>
        <th scope="col" className="num">
          {t("rankings.points")}
        </th>
        <th scope="col" className="num">
          {t("rankings.wins")}
        </th>
      </tr>
    </thead>
  );
}

function Search({ seasonId, meId }: { seasonId: number; meId: number | undefined }) {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<SeasonRow[] | null>(null);
  useEffect(() => {
    const query = q.trim();
    if (query.length < 2) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      unwrap(api.GET("/api/v1/game/seasons/{season_id}/rankings/search/", { params: { path: { season_id: seasonId }, query: { q: query } } })).then(
        (rows) => live && setFound(rows),
        () => live && setFound([]),
      );
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [q, seasonId]);
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
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("rankings.search")}</caption>
                <SeasonHead />
                <SeasonRows lines={found.map((row) => ({ kind: "row", row }))} meId={meId} />
              </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function SeasonRanking({ seasonId }: { seasonId: number }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const [pages, setPages] = useState(1);
  const table = useAsync(
    () =>
      unwrap(
        api.GET("/api/v1/game/seasons/{season_id}/rankings/", {
          params: { path: { season_id: seasonId }, query: { page: 1, page_size: PAGE * pages } },
        }),
      ),
    [seasonId, pages],
  );
  const data: SeasonTable | undefined = table.data;
  if (table.error) return <ErrorMessage error={table.error} retry={table.reload} />;
  if (!data) return <Loading />;
  if (data.count === 0) return <p className="card">{t("rankings.empty")}</p>;
  const lines = tableWithMe(data.results, data.around_me, data.me);
  return (
    <div className="stack">
      {data.me && (
        <p className="card is-me-card" aria-live="polite">
          <strong>{t("rankings.myRank", { rank: data.me.rank, total: data.count })}</strong> · {fmt.points(data.me.points)} {t("rankings.points").toLowerCase()}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>{t("rankings.season")}</caption>
          <SeasonHead />
          <SeasonRows lines={lines} meId={me?.id} />
        </table>
      </div>
      {data.results.length < data.count && (
        <button type="button" className="button button-secondary" onClick={() => setPages((p) => p + 1)}>
          {t("rankings.more")}
        </button>
      )}
      <Search seasonId={seasonId} meId={me?.id} />
    </div>
  );
}

function WeeklyRanking() {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const table = useAsync(async () => {
    const last = (await pastRounds()).find((r) => r.status === "settled");
    if (!last) return null;
    const rows = await unwrap(
      api.GET("/api/v1/game/rounds/{round_id}/rankings/", { params: { path: { round_id: last.id }, query: { page: 1, page_size: PAGE } } }),
    );
    return { round: last, rows };
  }, []);
  if (table.error) return <ErrorMessage error={table.error} retry={table.reload} />;
  if (table.loading && !table.data) return <Loading />;
  const data = table.data;
  if (!data || data.rows.count === 0) return <p className="card">{t("rankings.empty")}</p>;
  const rows: WeeklyTable = data.rows;
  const lines = tableWithMe<WeeklyRow>(rows.results, rows.around_me, rows.me);
  return (
    <div className="stack">
      {rows.me && (
        <p className="card">
          <strong>{t("rankings.myRank", { rank: rows.me.rank, total: rows.count })}</strong> · {fmt.points(rows.me.points)}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>
            {t("results.round", { number: data.round.number })} · {data.round.race.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("rankings.rank")}</th>
              <th scope="col">{t("rankings.player")}</th>
              <th scope="col" className="num">
                {t("rankings.points")}
              </th>
              <th scope="col" className="num">
                {t("rankings.season")}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) =>
              line.kind === "gap" ? (
                <tr key={`gap-${i}`} className="gap">
                  <td colSpan={4}>
                    <span aria-hidden="true">⋯</span>
                  </td>
                </tr>
              ) : (
                <tr key={line.row.player_id} className={line.row.player_id === me?.id ? "is-me" : undefined}>
                  <td>{line.row.rank}</td>
                  <th scope="row">{line.row.display_name}</th>
                  <td className="num">{fmt.points(line.row.points)}</td>
                  <td className="num">{line.row.season_rank ?? "—"}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export default function Rankings() {
  const { t } = useI18n();
  const { status } = useAuth();
  const [tab, setTab] = useState<"season" | "weekly">("season");
  const season = useAsync(() => (status === "authenticated" ? currentSeason() : Promise.resolve(null)), [status]);
  return (
    <section>
      <PageTitle>{t("rankings.title")}</PageTitle>
      {status === "anonymous" ? (
        <p className="card">{t("auth.needed")}</p>
      ) : season.loading && !season.data ? (
        <Loading />
      ) : season.error ? (
        <ErrorMessage error={season.error} retry={season.reload} />
      ) : !season.data ? (
        <p className="card">{t("rankings.empty")}</p>
      ) : (
        <>
          <p className="muted">{season.data.name}</p>
          <div className="tabs" role="group" aria-label={t("rankings.title")}>
            <button type="button" aria-pressed={tab === "season"} onClick={() => setTab("season")}>
              {t("rankings.season")}
            </button>
            <button type="button" aria-pressed={tab === "weekly"} onClick={() => setTab("weekly")}>
              {t("rankings.weekly")}
            </button>
          </div>
          {tab === "season" ? <SeasonRanking seasonId={season.data.id} /> : <WeeklyRanking />}
        </>
      )}
    </section>
  );
}
