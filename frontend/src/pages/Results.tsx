import { api, ApiError, unwrap } from "../api/client";
import { pastRounds, roundCrowd, roundResult } from "../api/game";
import type { Crowd, Round, RoundResult } from "../api/types";
import { BarChart } from "../components/charts";
import { RaceFacts, RaceHeading, runnerName } from "../components/race";
import { BetOffer, RoundThreadLink } from "../components/RoundLinks";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { useAsync } from "../hooks";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { crowdBars, deadHeats, dividendRows } from "./resultsLogic";

type Loaded = {
  round: Round | null;
  result: RoundResult | null;
  crowd: Crowd | null;
  past: Round[];
};

async function load(roundId: number | null): Promise<Loaded> {
  const past = await pastRounds();
  let round: Round | null = past[0] ?? null;
  if (roundId !== null) {
    round = past.find((r) => r.id === roundId) ?? (await unwrap(api.GET("/api/v1/game/rounds/{round_id}/", { params: { path: { round_id: roundId } } })));
  }
  if (!round) return { round: null, result: null, crowd: null, past };
  const [result, crowd] = await Promise.all([
    roundResult(round.id).catch((error: unknown) => {
      // Not settled yet (409): the page says the result is not in.
      if (error instanceof ApiError && error.status === 409) return null;
      throw error;
    }),
    roundCrowd(round.id),
  ]);
  return { round, result, crowd, past };
}

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
                {f.name}
                {f.jockey && <div className="runner-people">{f.jockey}</div>}
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
                <s>{round.runners.find((r) => r.number === n)?.name ?? ""}</s> ({t("pick.nonRunner")})
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
  const hit = (ok: boolean) => <span className={ok ? "badge" : "badge badge-muted"}>{ok ? t("results.hit") : t("results.miss")}</span>;
  return (
    <section className="card" aria-labelledby="my-score">
      <h2 id="my-score">{t("results.myPoints")}</h2>
      {!pick || !score ? (
        <p>{t("results.noPick")}</p>
      ) : (
        <>
          <p className="stat">{t("results.points", { points: fmt.points(score.points) })}</p>
          <ul className="list-plain">
            <li className="row spread" style={{ padding: "0.5rem 0" }}>
              <span>
                {t("app.labelled", { label: t("pick.win"), value: runnerName(round, score.win_runner) })}
              </span>
              <span>
                {hit(score.win_hit)} {fmt.points(score.win_points)}
              </span>
            </li>
            <li className="row spread" style={{ padding: "0.5rem 0" }}>
              <span>
                {t("app.labelled", { label: t("pick.place"), value: runnerName(round, score.place_runner) })}
              </span>
              <span>
                {hit(score.place_hit)} {fmt.points(score.place_points)}
              </span>
            </li>
          </ul>
          <p className="hint">
            {t("app.labelled", { label: t("results.hits"), value: `${Number(score.win_hit) + Number(score.place_hit)} / 2` })}
          </p>
        </>
      )}
    </section>
  );
}

export default function Results({ roundId }: { roundId?: string }) {
  const { t, fmt } = useI18n();
  const id = roundId ? Number(roundId) : null;
  const { data, error, loading, reload } = useAsync(() => load(Number.isFinite(id) ? id : null), [roundId]);

  let body;
  if (loading && !data) body = <Loading />;
  else if (error) body = <ErrorMessage error={error} retry={reload} />;
  else if (!data?.round) body = <p className="card">{t("results.none")}</p>;
  else {
    const { round, result, crowd } = data;
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
          <p className="notice">{t("results.void")}</p>
        ) : !result ? (
          <p className="notice">{t("results.pending")}</p>
        ) : (
          <>
            <MyScore result={result} />
            <BetOffer roundId={round.id} page="results" />
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
            <BarChart title={t("results.crowd")} series={[t("results.crowdWin"), t("results.crowdPlace")]} bars={crowdBars(crowd)} />
          </section>
        )}
        {data.past.length > 1 && (
          <nav className="card" aria-labelledby="previous-title">
            <h2 id="previous-title">{t("results.previous")}</h2>
            <ul className="list-plain">
              {data.past.map((r) => (
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
  return (
    <section>
      <PageTitle>{t("results.title")}</PageTitle>
      {body}
    </section>
  );
}
