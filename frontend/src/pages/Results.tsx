import { useQuery } from "@tanstack/react-query";
import { crowdQuery, resultQuery, roundQuery, roundsQuery } from "../api/queries";
import type { RoundResult } from "../api/types";
import { BarChart } from "../components/charts";
import { ExplainScore } from "../components/Explain";
import { RaceFacts, RaceHeading, runnerName, Silks } from "../components/race";
import { properName } from "../i18n/format";
import { RoundThreadLink } from "../components/RoundLinks";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { together } from "../hooks";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { crowdBars, deadHeats, dividendRows } from "./resultsLogic";

function Finishing({ result }: { result: RoundResult }) {
  const { t } = useI18n();
  const heats = deadHeats(result.finish);
  const round = result.round;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("results.arrival")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("results.position")}</th>
            <th scope="col">{t("pick.saddle")}</th>
            <th scope="col">{t("pick.horse")}</th>
          </tr>
        </thead>
        <tbody>
          {result.finish.map((f) => (
            <tr key={f.number}>
              <td>
                {f.position}
                {heats.has(f.position) && (
                  <>
                    {" "}
                    <abbr className="badge badge-warn" title={t("results.deadHeat")}>
                      {t("results.deadHeatShort")}
                    </abbr>
                  </>
                )}
              </td>
              <td>{f.number}</td>
              <td>
                <div className="finish-horse">
                  <Silks src={f.silks} />
                  <div>
                    {properName(f.name)}
                    {f.jockey && <div className="runner-people">{properName(f.jockey)}</div>}
                  </div>
                </div>
              </td>
            </tr>
          ))}
          {result.non_runners.map((n) => (
            <tr key={`nr-${n}`} className="is-nr">
              <td>
                <span className="badge badge-muted" aria-hidden="true">{t("results.nonRunnerShort")}</span>
                <span className="visually-hidden">{t("pick.nonRunner")}</span>
              </td>
              <td>{n}</td>
              <td>
                <s>{properName(round.runners.find((r) => r.number === n)?.name ?? "")}</s> ({t("pick.nonRunner")})
              </td>
            </tr>
          ))}
          {result.disqualified.map((n) => (
            <tr key={`dq-${n}`} className="is-nr">
              <td>
                <span className="badge badge-warn" aria-hidden="true">{t("results.disqualifiedShort")}</span>
                <span className="visually-hidden">{t("results.disqualified")}</span>
              </td>
              <td>{n}</td>
              <td>
                {properName(round.runners.find((r) => r.number === n)?.name ?? "")} ({t("results.disqualified")})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Dividends({ result }: { result: RoundResult }) {
  const { t, fmt } = useI18n();
  const rows = dividendRows(result.dividends, result.finish);
  if (!rows.length) return null;
  return (
    <div className="table-wrap">
      <table>
        <caption>{t("results.dividends")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("pick.horse")}</th>
            <th scope="col" className="num">
              {t("results.winDividend")}
            </th>
            <th scope="col" className="num">
              {t("results.placeDividend")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.number}>
              <th scope="row">{runnerName(result.round, r.number)}</th>
              <td className="num">{r.win !== null ? fmt.euros(r.win) : "—"}</td>
              <td className="num">{r.place !== null ? fmt.euros(r.place) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MyScore({ result }: { result: RoundResult }) {
  const { t, fmt } = useI18n();
  const score = result.my_score;
  const pick = result.my_pick;
  const round = result.round;
  const hit = (ok: boolean, runner: number) => (
    <span className={ok ? "badge" : "badge badge-muted"}>
      {ok ? t("results.hit") : result.disqualified.includes(runner) ? t("results.disqualified") : t("results.miss")}
    </span>
  );
  return (
    <section className="card" aria-labelledby="my-score">
      <h2 id="my-score">{t("results.myPoints")}</h2>
      {!pick || !score ? (
        <p>{t("results.noPick")}</p>
      ) : (
        <>
          <p className="stat">{t("results.points", { points: fmt.points(score.points) })}</p>
          <ul className="list-plain">
            <li className="row spread score-line">
              <span>
                {t("app.labelled", { label: t("pick.win"), value: runnerName(round, score.win_runner) })}
              </span>
              <span>
                {hit(score.win_hit, score.win_runner)} {fmt.points(score.win_points)}
              </span>
            </li>
            <li className="row spread score-line">
              <span>
                {t("app.labelled", { label: t("pick.place"), value: runnerName(round, score.place_runner) })}
              </span>
              <span>
                {hit(score.place_hit, score.place_runner)} {fmt.points(score.place_points)}
              </span>
            </li>
          </ul>
          <p className="hint">
            {t("app.labelled", { label: t("results.hits"), value: `${Number(score.win_hit) + Number(score.place_hit)} / 2` })}
          </p>
          <ExplainScore result={result} />
        </>
      )}
    </section>
  );
}

export default function Results({ roundId, embedded = false }: { roundId?: string; embedded?: boolean }) {
  const { t, fmt } = useI18n();
  const id = roundId ? Number(roundId) : NaN;
  const wanted = Number.isFinite(id) ? id : null;
  const past = useQuery(roundsQuery("past"));
  // The latest past round, or the one asked for: from the list, else on its own.
  const listed = past.data && (wanted === null ? (past.data[0] ?? null) : past.data.find((r) => r.id === wanted));
  const single = useQuery({ ...roundQuery(wanted ?? 0), enabled: listed === undefined && past.isSuccess && wanted !== null });
  const round = listed ?? single.data ?? null;
  const resultAnswer = useQuery({ ...resultQuery(round?.id ?? 0), enabled: round !== null });
  const crowdAnswer = useQuery({ ...crowdQuery(round?.id ?? 0), enabled: round !== null });
  const state = together(past, ...(listed === undefined && past.isSuccess ? [single] : []), ...(round ? [resultAnswer, crowdAnswer] : []));

  let body;
  if (state.error) body = <ErrorMessage error={state.error} retry={state.retry} />;
  else if (state.loading || !past.data) body = <Loading />;
  else if (!round) body = <p className="card">{t("results.none")}</p>;
  else {
    const pastRounds = past.data;
    const result = resultAnswer.data ?? null;
    const crowd = crowdAnswer.data ?? null;
    body = (
      <div className="stack">
        <div className="card">
          <p className="muted">
            {round.season.name} · {t("results.round", { number: round.number })}
          </p>
          <RaceHeading race={round.race} />
          <RaceFacts race={round.race} />
          {round.race.replay_url && (
            <p>
              <a href={round.race.replay_url} target="_blank" rel="noopener noreferrer" className="button button-secondary">
                ▶ {t("results.replay")}
              </a>
            </p>
          )}
          <RoundThreadLink roundId={round.id} page="results" />
        </div>
        {round.status === "void" ? (
          <p className="notice">
            {t("results.void")}
            {round.void_reason && (
              <>
                <br />
                {t("app.labelled", { label: t("rounds.voidReason"), value: round.void_reason })}
              </>
            )}
          </p>
        ) : !result ? (
          <p className="notice">{t("results.pending")}</p>
        ) : (
          <>
            <MyScore result={result} />
            <div className="card">
              <Finishing result={result} />
            </div>
            <div className="card">
              <Dividends result={result} />
            </div>
          </>
        )}
        {crowd && crowd.picks > 0 && (
          <section className="card" aria-labelledby="crowd-title">
            <h2 id="crowd-title">{t("results.crowd")}</h2>
            <p className="hint">{t("results.crowdCount", { count: crowd.picks })}</p>
            <BarChart title={t("results.crowd")} series={[t("results.crowdWin"), t("results.crowdPlace")]} bars={crowdBars(crowd, 10, result?.disqualified ?? [], t("results.disqualified"))} />
          </section>
        )}
        {pastRounds.length > 1 && (
          <nav className="card" aria-labelledby="previous-title">
            <h2 id="previous-title">{t("results.previous")}</h2>
            <ul className="list-plain">
              {pastRounds.map((r) => (
                <li key={r.id}>
                  <Link to={`/results/${r.id}`} className="list-link" aria-current={r.id === round.id ? "page" : undefined}>
                    <span>
                      {t("results.round", { number: r.number })} · {r.race.name}
                    </span>
                    <span className="muted">{fmt.shortDate(r.race.post_time)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </div>
    );
  }
  if (embedded) return body;
  return (
    <section>
      <PageTitle>{t("results.title")}</PageTitle>
      {body}
    </section>
  );
}
