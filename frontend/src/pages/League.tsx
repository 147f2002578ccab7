import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { invalidate, keys, leagueDetailQuery, leagueInviteQuery, leagueRoundQuery, leagueTableQuery, roundsQuery } from "../api/queries";
import type { League as LeagueDetail, LeagueRound, LeagueRoundRow, LeagueRow, LeagueTable } from "../api/types";
import { useAuth } from "../auth";
import { BadgeCounts } from "../components/community";
import { Invite } from "../components/Invite";
import { Movement } from "../components/Movement";
import { type Column, type Loaded, loaded, StandingsTable } from "../components/StandingsTable";
import { ErrorMessage, Loading, Notice, PageTitle } from "../components/ui";
import { setFlash } from "../flash";
import { together } from "../hooks";
import { useI18n } from "../i18n";
import { numbered } from "../i18n/format";
import { Link } from "../router";
import { EmailInvitations, InviteCodes } from "./leagues/Invitations";
import { canManage, LeagueExit, LeagueSettings, Members } from "./leagues/Manage";
import { RaceDayRoom } from "../live/RaceDayRoom";

function Table({ table }: { table: Loaded<LeagueTable> }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const { first } = table;
  const columns: Column<LeagueRow>[] = [
    {
      title: t("rankings.rank"),
      cell: (row) => (
        <>
          {row.rank} <Movement rank={row.rank} movement={row.movement} previous={row.previous_rank} />
        </>
      ),
    },
    {
      title: t("rankings.player"),
      player: true,
      cell: (row) => (
        <>
          {row.name} <BadgeCounts summary={row.badges} />
        </>
      ),
    },
    { title: t("rankings.points"), numeric: true, cell: (row) => fmt.points(row.points) },
    { title: t("rankings.wins"), numeric: true, cell: (row) => fmt.number(row.wins) },
  ];
  return (
    <StandingsTable
      caption={`${t("leagues.table")}${first.season ? ` · ${first.season.name}` : ""}`}
      columns={columns}
      rows={table.pages.flatMap((p) => p.results)}
      meId={me?.id}
      more={table.more}
    />
  );
}

/** A member's pick on two lines (win, then place), so that the column wraps on a phone. */
function PickCell({ row }: { row: LeagueRoundRow }) {
  const { t } = useI18n();
  const { pick } = row;
  if (!pick) return <>{row.has_picked ? "✓" : "—"}</>;
  return (
    <>
      <span className="cell-line">{t("app.labelled", { label: t("pick.win"), value: numbered(pick.win, pick.win_name) })}</span>{" "}
      <span className="cell-line">{t("app.labelled", { label: t("pick.place"), value: numbered(pick.place, pick.place_name) })}</span>
    </>
  );
}

/** The member's rank in the league, the overall rank in small type under it (read after a comma). */
function RankCell({ row }: { row: LeagueRoundRow }) {
  const { t, fmt } = useI18n();
  if (row.rank === null) return <>—</>;
  if (row.global_rank === null) return <>{fmt.number(row.rank)}</>;
  return (
    <>
      {fmt.number(row.rank)}
      <span className="visually-hidden">, </span>
      <small className="cell-note">{t("leagues.overallRank", { global: row.global_rank })}</small>
    </>
  );
}

function Picks({ round }: { round: Loaded<LeagueRound> }) {
  const { t, fmt } = useI18n();
  const { me } = useAuth();
  const { first } = round;
  const columns: Column<LeagueRoundRow>[] = [
    { title: t("rankings.player"), player: true, cell: (row) => row.name },
    { title: t("leagues.pickHeader"), cell: (row) => <PickCell row={row} /> },
  ];
  if (first.settled) {
    columns.push({ title: t("rankings.points"), numeric: true, cell: (row) => (row.score ? fmt.points(row.score.points) : "—") });
    columns.push({ title: t("rankings.rank"), numeric: true, cell: (row) => <RankCell row={row} /> });
  }
  const heading = `league-picks-${first.round.id}`;
  const roundName = t("results.round", { number: first.round.number });
  return (
    <section className="card stack league-picks" aria-labelledby={heading}>
      <h2 id={heading}>{t("leagues.picks")}</h2>
      <p className="muted">
        {roundName} · {first.round.race_name}
      </p>
      {!first.locked && <p className="notice">{t("leagues.picksHidden")}</p>}
      <StandingsTable caption={`${t("leagues.picks")} · ${roundName}`} hiddenCaption columns={columns} rows={round.pages.flatMap((p) => p.results)} meId={me?.id} more={round.more} />
    </section>
  );
}

/** One round as the league sees it, once loaded (nothing while it loads or when it cannot be had). */
function RoundPicks({ id, roundId }: { id: string; roundId: number }) {
  const round = useInfiniteQuery(leagueRoundQuery(id, roundId));
  const pages = round.error ? null : loaded(round);
  return pages ? <Picks round={pages} /> : null;
}

/**
 * The rounds the league page shows. `round`: the members' picks of the current round (hidden
 * until its lock), else of the last settled one. `debrief`: while the current round still takes
 * picks, the last settled round, whose race-day room may still be open for its debrief (the
 * room says so when joined).
 */
function useLeagueRounds(id: string, table: LeagueTable | undefined) {
  // Without the current rounds, the last settled one will do.
  const current = useQuery(roundsQuery("current"));
  const decided = table !== undefined && !current.isPending;
  const now = current.error ? undefined : current.data?.[0];
  const last = table?.last_round ?? undefined;
  const roundId = now?.id ?? last?.id;
  const round = useInfiniteQuery({ ...leagueRoundQuery(id, roundId ?? 0), enabled: decided && roundId !== undefined });
  const debrief = now?.picks_open && last && last.id !== now.id ? last.id : undefined;
  // A round that cannot be had: the page simply has no picks section.
  return { loading: !decided || (roundId !== undefined && round.isPending && !round.error), round: round.error ? undefined : round, debrief };
}

function MemberLeague({ id, league }: { id: string; league: LeagueDetail }) {
  const { t } = useI18n();
  const table = useInfiniteQuery(leagueTableQuery(id));
  const invite = useQuery(leagueInviteQuery(id));
  const picks = useLeagueRounds(id, table.data?.pages[0]);
  const state = together(table, invite);
  const tablePages = loaded(table);
  if (state.error) return <ErrorMessage error={state.error} retry={state.retry} />;
  if (state.loading || picks.loading || !tablePages) return <Loading />;
  const roundPages = picks.round ? loaded(picks.round) : null;
  const managing = canManage(league);
  return (
    <>
      <section className="card" aria-label={t("leagues.table")}>
        <Table table={tablePages} />
      </section>
      {picks.debrief !== undefined && (
        <RaceDayRoom key={`room-${picks.debrief}`} leagueId={id} roundId={picks.debrief}>
          <RoundPicks id={id} roundId={picks.debrief} />
        </RaceDayRoom>
      )}
      {roundPages && <Picks round={roundPages} />}
      {roundPages?.first.locked && <RaceDayRoom key={`room-${roundPages.first.round.id}`} leagueId={id} roundId={roundPages.first.round.id} />}
      {invite.data && <Invite invite={invite.data} leagueName={league.name} />}
      {managing && <InviteCodes league={league} />}
      {managing && <EmailInvitations league={league} />}
      <Members league={league} />
      {managing && <LeagueSettings key={`${league.name}|${league.description}|${league.visibility}|${league.member_limit ?? ""}`} league={league} />}
      <LeagueExit league={league} />
    </>
  );
}

/** A public league seen by a player who is not in it: what it is, and joining it. */
function OutsiderLeague({ league }: { league: LeagueDetail }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const join = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/leagues/{public_id}/join/", { params: { path: { public_id: league.id } } })),
    onSuccess: () => {
      setFlash(t("leagues.join.done", { name: league.name }));
      void invalidate(client, keys.leagues, keys.league(league.id));
    },
  });
  const full = league.member_count >= league.max_members;
  return (
    <div className="card stack">
      {full ? (
        <Notice kind="error">{t("leagues.join.full")}</Notice>
      ) : (
        <button type="button" className="button button-block" disabled={join.isPending} onClick={() => join.mutate()}>
          {t("leagues.join.submit", { name: league.name })}
        </button>
      )}
      {join.error ? <ErrorMessage error={join.error} /> : null}
    </div>
  );
}

export default function League({ id }: { id: string }) {
  const { t } = useI18n();
  const detail = useQuery(leagueDetailQuery(id));
  if (detail.error) return <ErrorMessage error={detail.error} retry={() => void detail.refetch()} />;
  if (detail.isPending) return <Loading />;
  const league = detail.data;
  return (
    <section className="stack">
      <PageTitle>{league.name}</PageTitle>
      <p className="muted">
        {t("leagues.owner", { name: league.owner.name })} · {t("leagues.members", { count: league.member_count })}
        {league.visibility === "public" ? ` · ${t("leagues.visibility.public")}` : ""}
      </p>
      {league.description && <p>{league.description}</p>}
      {league.my_role ? <MemberLeague id={id} league={league} /> : <OutsiderLeague league={league} />}
      <p className="row">
        <Link to="/leagues">← {t("leagues.mine")}</Link>
        <Link to="/leagues/directory">{t("leagues.directory")}</Link>
      </p>
    </section>
  );
}
