import { api, ApiError, unwrap } from "../api/client";
import { currentRounds } from "../api/game";
import type { InviteCode, LeagueRound, LeagueTable } from "../api/types";
import { useAuth } from "../auth";
import { BadgeCounts } from "../components/community";
import { Invite } from "../components/Invite";
import { Movement } from "../components/Movement";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { useAsync } from "../hooks";
import { useI18n } from "../i18n";
import { Link } from "../router";

// A page as large as a league may be (its member cap): the tables arrive whole.
const WHOLE_TABLE = 1000;

type Loaded = { table: LeagueTable; invite: InviteCode | null; round: LeagueRound | null };

async function load(id: string): Promise<Loaded> {
  const path = { public_id: id };
  const [table, invite, current] = await Promise.all([
    unwrap(api.GET("/api/v1/leagues/{public_id}/table/", { params: { path, query: { page_size: WHOLE_TABLE } } })),
    unwrap(api.GET("/api/v1/leagues/{public_id}/invite/", { params: { path } })).catch((error: unknown) => {
      // No usable code (or not allowed to share): the page simply has no invite box.
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
      throw error;
    }),
    currentRounds().catch(() => []),
  ]);
  // The members' picks of the current round (hidden until its lock), else of the last settled one.
  const roundId = current[0]?.id ?? table.last_round?.id;
  const round = roundId
    ? await unwrap(api.GET("/api/v1/leagues/{public_id}/rounds/{round_id}/", { params: { path: { ...path, round_id: roundId }, query: { page_size: WHOLE_TABLE } } })).catch(() => null)
    : null;
  return { table, invite, round };
}

function Table({ table }: { table: LeagueTable }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  return (
    <div className="table-wrap">
      <table>
        <caption>
          {t("leagues.table")}
          {table.season ? ` · ${table.season.name}` : ""}
        </caption>
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
        <tbody>
          {table.results.map((row) => (
            <tr key={row.player_id} className={row.player_id === me?.id ? "is-me" : undefined}>
              <td>
                {row.rank} <Movement rank={row.rank} movement={row.movement} previous={row.previous_rank} />
              </td>
              <th scope="row">
                {row.name} <BadgeCounts summary={row.badges} />
              </th>
              <td className="num">{fmt.points(row.points)}</td>
              <td className="num">{fmt.number(row.wins)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Picks({ round }: { round: LeagueRound }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const label = (n: number, name?: string) => (name ? `${n}. ${name}` : String(n));
  return (
    <section className="card stack" aria-labelledby="league-picks">
      <h2 id="league-picks">{t("leagues.picks")}</h2>
      <p className="muted">
        {t("results.round", { number: round.round.number })} · {round.round.race_name}
      </p>
      {!round.locked && <p className="notice">{t("leagues.picksHidden")}</p>}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("leagues.picks")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("rankings.player")}</th>
              <th scope="col">{t("leagues.pickHeader")}</th>
              {round.settled && (
                <th scope="col" className="num">
                  {t("rankings.points")}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {round.results.map((row) => {
              const pick = row.pick;
              return (
                <tr key={row.player_id} className={row.player_id === me?.id ? "is-me" : undefined}>
                  <th scope="row">{row.name}</th>
                  <td>
                    {pick
                      ? `${t("app.labelled", { label: t("pick.win"), value: label(pick.win, pick.win_name) })} · ${t("app.labelled", { label: t("pick.place"), value: label(pick.place, pick.place_name) })}`
                      : row.has_picked
                        ? "✓"
                        : "—"}
                  </td>
                  {round.settled && <td className="num">{row.score ? fmt.points(row.score.points) : "—"}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function League({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(() => load(id), [id]);
  if (loading && !data) return <Loading />;
  if (error || !data) return <ErrorMessage error={error} retry={reload} />;
  const league = data.table.league;
  return (
    <section className="stack">
      <PageTitle>{league.name}</PageTitle>
      <p className="muted">
        {t("leagues.owner", { name: league.owner.name })} · {t("leagues.members", { count: league.member_count })}
      </p>
      {league.description && <p>{league.description}</p>}
      <section className="card" aria-label={t("leagues.table")}>
        <Table table={data.table} />
      </section>
      {data.round && <Picks round={data.round} />}
      {data.invite && <Invite invite={data.invite} leagueName={league.name} />}
      <p>
        <Link to="/leagues">← {t("leagues.mine")}</Link>
      </p>
    </section>
  );
}
