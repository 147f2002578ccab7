/** /community/top: who helped most this week, this season, or ever (?window=). */
import { useQuery } from "@tanstack/react-query";
import { topContributorsQuery } from "../../api/queries";
import type { ContributorWindow } from "../../api/types";
import { useAuth } from "../../auth";
import { BadgeCounts, LevelBadge } from "../../components/community";
import { ErrorMessage, Loading, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { Link, navigate, useLocationKey } from "../../router";

const WINDOWS: ContributorWindow[] = ["week", "season", "all"];

export function windowParam(value: string | null): ContributorWindow {
  return WINDOWS.find((w) => w === value) ?? "week";
}

export default function TopContributors() {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const key = useLocationKey();
  const period = windowParam(new URLSearchParams(key.split("?")[1] ?? "").get("window"));
  const { data, error, isPending, isFetching, refetch } = useQuery(topContributorsQuery(period));
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("community.topContributors")}</PageTitle>
      <p className="hint">{t("community.howToEarn")}</p>
      <div className="tabs" role="group" aria-label={t("community.top.window")}>
        {WINDOWS.map((w) => (
          <button
            key={w}
            type="button"
            aria-pressed={period === w}
            onClick={() => navigate(w === "week" ? "/community/top" : `/community/top?window=${w}`, { replace: true })}
          >
            {t(`community.top.${w}` as MessageKey)}
          </button>
        ))}
      </div>
      {error ? (
        <ErrorMessage error={error} retry={() => void refetch()} />
      ) : isPending ? (
        <Loading />
      ) : data ? (
        <>
          {data.since && data.until && (
            <p className="muted">{t("community.top.period", { since: fmt.date(data.since), until: fmt.date(data.until) })}</p>
          )}
          {data.results.length === 0 ? (
            <p className="card">{t("community.top.empty")}</p>
          ) : (
            <div className="table-wrap" aria-busy={isFetching}>
              <table>
                <caption className="visually-hidden">
                  {t("community.topContributors")} · {t(`community.top.${data.window}` as MessageKey)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("rankings.rank")}</th>
                    <th scope="col">{t("rankings.player")}</th>
                    <th scope="col" className="num">
                      {t("community.top.gained")}
                    </th>
                    <th scope="col" className="num">
                      {t("community.top.accepted")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((row) => (
                    <tr key={row.player_id} className={row.player_id === me?.id ? "is-me" : undefined}>
                      <td>{row.rank}</td>
                      <th scope="row">
                        <Link to={`/community/players/${row.player_id}`}>{row.display_name}</Link>
                        <div className="row-tags">
                          <LevelBadge level={row.level} /> <BadgeCounts summary={row.badges} />
                        </div>
                      </th>
                      <td className="num">+{fmt.number(row.reputation)}</td>
                      <td className="num">{fmt.number(row.accepted_answers)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
