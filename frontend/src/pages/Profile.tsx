import { useQuery } from "@tanstack/react-query";
import { currentSeasonQuery, myPicksQuery, rankHistoryQuery } from "../api/queries";
import { useAuth } from "../auth";
import { RankChart } from "../components/charts";
import { Missions } from "../components/Missions";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { together } from "../hooks";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { seasonStats } from "./profileLogic";

function HitMark({ ok }: { ok: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {" "}
      <span aria-hidden="true" className={ok ? "move-up" : "move-down"}>
        {ok ? "✓" : "✗"}
      </span>
      <span className="visually-hidden">{ok ? t("results.hit") : t("results.miss")}</span>
    </>
  );
}

export default function Profile() {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const season = useQuery(currentSeasonQuery);
  const picks = useQuery(myPicksQuery);
  const seasonId = season.data?.id;
  const ranks = useQuery({ ...rankHistoryQuery(seasonId ?? 0), enabled: seasonId !== undefined });
  const state = together(season, picks, ...(seasonId !== undefined ? [ranks] : []));
  if (!me) return null;
  const data =
    season.isSuccess && picks.data
      ? {
          season: season.data,
          // This season's picks only (all of them without a season).
          history: season.data ? picks.data.filter((h) => h.round.season === season.data?.id) : picks.data,
        }
      : null;
  const stats = data ? seasonStats(data.history) : null;
  const ranked = (ranks.data ?? []).filter((p) => p.season_rank !== null);
  return (
    <section className="stack">
      <PageTitle>{t("profile.title")}</PageTitle>
      <div className="card row spread">
        <div>
          <p className="runner-name">{me.display_name}</p>
          <p className="muted">{me.email}</p>
        </div>
        <div className="row">
          <Link to="/community/me" className="button button-secondary">
            {t("community.myReputation")}
          </Link>
          <Link to="/account" className="button button-secondary">
            {t("profile.settings")}
          </Link>
        </div>
      </div>
      <Missions />
      {state.error ? (
        <ErrorMessage error={state.error} retry={state.retry} />
      ) : state.loading ? (
        <Loading />
      ) : data && stats ? (
        <>
          {data.season && <p className="muted">{data.season.name}</p>}
          <dl className="facts card">
            <div>
              <dt>{t("profile.totalPoints")}</dt>
              <dd className="stat">{fmt.points(stats.points)}</dd>
            </div>
            <div>
              <dt>{t("profile.rounds")}</dt>
              <dd className="stat">{fmt.number(stats.rounds)}</dd>
            </div>
            <div>
              <dt>{t("profile.strikeRate")}</dt>
              <dd className="stat">{fmt.percent(stats.strikeRate)}</dd>
            </div>
            <div>
              <dt>{t("profile.avgPoints")}</dt>
              <dd className="stat">{fmt.points(stats.average)}</dd>
            </div>
          </dl>
          <section className="card" aria-labelledby="rank-chart">
            <h2 id="rank-chart">{t("profile.rankChart")}</h2>
            {ranked.length === 0 ? (
              <p>{t("profile.noHistory")}</p>
            ) : (
              <RankChart
                title={t("profile.rankChart")}
                points={ranked.map((p) => ({ x: p.number, y: p.season_rank ?? 0, label: t("app.labelled", { label: t("results.round", { number: p.number }), value: `${t("rankings.rank")} ${p.season_rank}` }) }))}
                xLabel={(x) => `#${x}`}
              />
            )}
          </section>
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title">{t("profile.history")}</h2>
            {data.history.length === 0 ? (
              <p>{t("profile.noHistory")}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("results.roundHeader")}</th>
                      <th scope="col">{t("home.myPick")}</th>
                      <th scope="col" className="num">
                        {t("rankings.points")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.history.map((h) => (
                      <tr key={h.round.id}>
                        <th scope="row">
                          <Link to={`/results/${h.round.id}`}>
                            {h.round.number}. {h.round.race_name}
                          </Link>
                        </th>
                        <td>
                          {t("pick.win")} {h.pick.win}
                          {h.score && <HitMark ok={h.score.win_hit} />} · {t("pick.place")} {h.pick.place}
                          {h.score && <HitMark ok={h.score.place_hit} />}
                        </td>
                        <td className="num">{h.score ? fmt.points(h.score.points) : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </section>
  );
}
