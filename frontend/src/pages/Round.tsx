/** One round at `/rounds/<id>`, whatever its state: open for picks (the pick form), locked and
 * awaiting the result (when it is expected, what the feed said last), void (why) or settled
 * (the result, with my score explained). */
import { useQuery } from "@tanstack/react-query";
import { roundQuery, roundsQuery } from "../api/queries";
import type { Round } from "../api/types";
import { isLocked, RaceFacts, RaceHeading, runnerName } from "../components/race";
import { RoundThreadLink } from "../components/RoundLinks";
import { ErrorMessage, Loading, PageTitle } from "../components/ui";
import { useNow } from "../hooks";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { OtherRounds, PickRound } from "./Pick";
import Results from "./Results";

const FEED_KEYS: Record<string, MessageKey> = {
  scheduled: "rounds.feed.scheduled",
  running: "rounds.feed.running",
  provisional: "rounds.feed.provisional",
  official: "rounds.feed.official",
  cancelled: "rounds.feed.cancelled",
  refunded: "rounds.feed.refunded",
};

/** Locked, the result not in yet: when it is expected and what the feed said last. */
export function AwaitingResult({ round }: { round: Round }) {
  const { t, fmt } = useI18n();
  const pick = round.my_pick;
  const feed = FEED_KEYS[round.race.status];
  return (
    <section className="card stack" aria-labelledby="awaiting-title">
      <h2 id="awaiting-title">{t("rounds.awaiting")}</h2>
      <p>{t("rounds.expected", { time: fmt.dateTime(round.result_expected_at) })}</p>
      <p className="muted">
        {feed ? t(feed) : round.race.status}
        {round.race.result_updated_at ? ` · ${t("rounds.feedAt", { time: fmt.time(round.race.result_updated_at) })}` : ""}
      </p>
      <p>
        {pick
          ? t("pick.summary", { win: runnerName(round, pick.win), place: runnerName(round, pick.place) }) +
            (pick.alternate ? ` · ${t("pick.summaryAlt", { alt: runnerName(round, pick.alternate) })}` : "")
          : t("pick.lockedNoPick")}
      </p>
    </section>
  );
}

function RoundBody({ round }: { round: Round }) {
  const now = useNow(1000);
  if (round.status === "settled" || round.status === "void") return <Results roundId={String(round.id)} embedded />;
  if (!isLocked(round, now)) return <PickRound round={round} />;
  return (
    <>
      <div className="card" style={{ marginBottom: "1rem" }}>
        <RaceHeading race={round.race} />
        <RaceFacts race={round.race} runners={round.runners} />
        <RoundThreadLink roundId={round.id} page="results" />
      </div>
      <AwaitingResult round={round} />
    </>
  );
}

export default function RoundPage({ id }: { id: string }) {
  const { t } = useI18n();
  const roundId = /^\d{1,9}$/.test(id) ? Number(id) : 0;
  const answer = useQuery({ ...roundQuery(roundId), enabled: roundId > 0 });
  const current = useQuery(roundsQuery("current"));
  let body;
  if (roundId === 0) body = <p className="card">{t("app.notFound.body")}</p>;
  else if (answer.error) body = <ErrorMessage error={answer.error} retry={() => void answer.refetch()} />;
  else if (!answer.data) body = <Loading />;
  else body = <RoundBody round={answer.data} />;
  return (
    <section>
      <PageTitle>{!answer.data || answer.data.picks_open ? t("pick.title") : t("results.round", { number: answer.data.number })}</PageTitle>
      {body}
      {current.data && <OtherRounds rounds={current.data} current={roundId} />}
    </section>
  );
}
