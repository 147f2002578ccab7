import { useQuery } from "@tanstack/react-query";
import { resultQuery, roundsQuery } from "../api/queries";
import type { Round, RoundResult } from "../api/types";
import { useAuth } from "../auth";
import { Countdown, isLocked, RaceFacts, RaceHeading, runnerName } from "../components/race";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { VisitorHome } from "../components/VisitorHome";
import { together, useNow } from "../hooks";
import { useI18n } from "../i18n";
import { numbered } from "../i18n/format";
import type { MessageKey } from "../i18n/en";
import { Link } from "../router";

export function pickStateKey(round: Round, locked: boolean): MessageKey {
  if (round.status === "void") return "pick.state.void";
  if (round.status === "settled") return "pick.state.settled";
  return locked ? "pick.state.locked" : "pick.state.open";
}

function ThisWeek({ round }: { round: Round }) {
  const { t, fmt } = useI18n();
  const now = useNow(1000);
  const locked = isLocked(round, now);
  const pick = round.my_pick;
  return (
    <article className="card stack" aria-labelledby={`round-${round.id}`}>
      <h2 id={`round-${round.id}`} className="visually-hidden">
        {t("results.round", { number: round.number })}
      </h2>
      <RaceHeading race={round.race} level={3} />
      <RaceFacts race={round.race} runners={round.runners} />
      {locked ? (
        <p>
          <span className="badge badge-muted">{t("rounds.awaiting")}</span>{" "}
          {t("rounds.expected", { time: fmt.time(round.result_expected_at) })}
        </p>
      ) : (
        <p>
          {t("home.locksIn")} <Countdown until={round.locks_at} />
        </p>
      )}
      <div className="card" style={{ background: "var(--bg)" }}>
        <h3>{t("home.myPick")}</h3>
        {pick ? (
          <>
            <p>
              {t("pick.summary", { win: runnerName(round, pick.win, t("results.disqualified")), place: runnerName(round, pick.place, t("results.disqualified")) })}
              {pick.alternate ? (
                <>
                  <br />
                  {t("pick.summaryAlt", { alt: runnerName(round, pick.alternate, t("results.disqualified")) })}
                </>
              ) : null}
            </p>
            <p>
              <span className="badge">{t(pickStateKey(round, locked))}</span>
            </p>
          </>
        ) : (
          <p>{locked ? t("pick.lockedNoPick") : t("home.noPick")}</p>
        )}
        {!locked ? (
          <Link to={`/rounds/${round.id}`} className="button button-block">
            {pick ? t("home.changePick") : t("home.pickNow")}
          </Link>
        ) : (
          <Link to={`/rounds/${round.id}`}>{t("rounds.see")}</Link>
        )}
      </div>
    </article>
  );
}

function LastResult({ round, result }: { round: Round; result: RoundResult | null }) {
  const { t, fmt } = useI18n();
  const score = result?.my_score;
  const winner = result?.finish.filter((f) => f.position === 1) ?? [];
  return (
    <article className="card" aria-labelledby="last-result">
      <h2 id="last-result">{t("home.lastResult")}</h2>
      <p>
        <strong>{round.race.name}</strong> · {round.race.racecourse} · {fmt.date(round.race.post_time)}
      </p>
      {round.status === "void" ? (
        <p>{t("results.void")}</p>
      ) : (
        <>
          {winner.length > 0 && (
            <p>{t("results.winner", { names: winner.map((w) => numbered(w.number, w.name)).join(", ") })}</p>
          )}
          <p>
            {t("app.labelled", { label: t("results.myPoints"), value: "" })}
            <strong className="stat">{score ? t("results.points", { points: fmt.points(score.points) }) : "—"}</strong>
          </p>
        </>
      )}
      <Link to={`/results/${round.id}`}>{t("home.seeResults")}</Link>
    </article>
  );
}

function PlayerHome() {
  const { t } = useI18n();
  const current = useQuery(roundsQuery("current"));
  const past = useQuery(roundsQuery("past"));
  const last = past.data?.[0] ?? null;
  const settled = last?.status === "settled" ? last : null;
  // The last result is a bonus: without it the card still shows the round.
  const result = useQuery({ ...resultQuery(settled?.id ?? 0), enabled: settled !== null });
  const state = together(current, past);
  if (state.error) return <ErrorMessage error={state.error} retry={state.retry} />;
  if (state.loading || !current.data || (settled && result.isPending && !result.error)) return <Loading />;
  // Every open round, and every locked one awaiting its result: the week at a glance.
  const rounds = current.data;
  return (
    <div className="grid-2">
      {rounds.length > 0 ? rounds.map((round) => <ThisWeek key={round.id} round={round} />) : <p className="card">{t("home.noRound")}</p>}
      {last && <LastResult round={last} result={settled ? (result.data ?? null) : null} />}
    </div>
  );
}

export default function Home() {
  const { t } = useI18n();
  const { status } = useAuth();
  return (
    <section>
      <PageTitle>{t("home.title")}</PageTitle>
      {status === "loading" ? <Loading /> : status === "authenticated" ? <PlayerHome /> : <VisitorHome />}
    </section>
  );
}
