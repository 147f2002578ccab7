import { currentRounds, pastRounds, roundResult, roundToPick } from "../api/game";
import type { Round, RoundResult } from "../api/types";
import { useAuth } from "../auth";
import { Countdown, isLocked, RaceFacts, RaceHeading, runnerName } from "../components/race";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { useAsync, useNow } from "../hooks";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { Link } from "../router";

type HomeData = { round: Round | null; last: Round | null; lastResult: RoundResult | null };

async function loadHome(): Promise<HomeData> {
  const [current, past] = await Promise.all([currentRounds(), pastRounds()]);
  const last = past[0] ?? null;
  const lastResult = last && last.status === "settled" ? await roundResult(last.id).catch(() => null) : null;
  return { round: roundToPick(current), last, lastResult };
}

export function pickStateKey(round: Round, locked: boolean): MessageKey {
  if (round.status === "void") return "pick.state.void";
  if (round.status === "settled") return "pick.state.settled";
  return locked ? "pick.state.locked" : "pick.state.open";
}

function ThisWeek({ round }: { round: Round }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const locked = isLocked(round, now);
  const pick = round.my_pick;
  return (
    <article className="card stack" aria-labelledby="this-week">
      <h2 id="this-week" className="visually-hidden">
        {t("home.title")}
      </h2>
      <RaceHeading race={round.race} level={3} />
      <RaceFacts race={round.race} runners={round.runners} />
      {locked ? (
        <p className="badge badge-muted">{t("home.locked")}</p>
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
              {t("pick.summary", { win: runnerName(round, pick.win), place: runnerName(round, pick.place) })}
              {pick.alternate ? (
                <>
                  <br />
                  {t("pick.summaryAlt", { alt: runnerName(round, pick.alternate) })}
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
        {!locked && (
          <Link to="/pick" className="button button-block">
            {pick ? t("home.changePick") : t("home.pickNow")}
          </Link>
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
            <p>{t("results.winner", { names: winner.map((w) => `${w.number}. ${w.name}`).join(", ") })}</p>
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
  const { data, error, loading, reload } = useAsync(loadHome, []);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} retry={reload} />;
  if (!data) return null;
  return (
    <div className="grid-2">
      {data.round ? <ThisWeek round={data.round} /> : <p className="card">{t("home.noRound")}</p>}
      {data.last && <LastResult round={data.last} result={data.lastResult} />}
    </div>
  );
}

function Welcome() {
  const { t } = useI18n();
  return (
    <div className="card stack">
      <p>{t("home.welcome")}</p>
      <p className="muted">{t("app.noMoney")}</p>
      <div className="row">
        <Link to="/account/signup" className="button">
          {t("nav.signup")}
        </Link>
        <Link to="/account/login" className="button button-secondary">
          {t("nav.login")}
        </Link>
      </div>
    </div>
  );
}

export default function Home() {
  const { t } = useI18n();
  const { status } = useAuth();
  return (
    <section>
      <PageTitle>{t("home.title")}</PageTitle>
      {status === "loading" ? <Loading /> : status === "authenticated" ? <PlayerHome /> : <Welcome />}
    </section>
  );
}
