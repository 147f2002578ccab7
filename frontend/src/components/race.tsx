/** The featured race at a glance, and the countdown to its lock. */
import { useState } from "react";
import type { Race, Round, Runner } from "../api/types";
import { useNow } from "../hooks";
import { countdown, numbered } from "../i18n/format";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

export function disciplineLabel(discipline: string, t: (key: MessageKey) => string): string {
  const key = `race.discipline.${discipline.toUpperCase()}` as MessageKey;
  const label = t(key);
  return label === key ? discipline : label;
}

export function RaceFacts({ race, runners }: { race: Race; runners?: Runner[] }) {
  const { t, fmt } = useI18n();
  const starters = runners?.filter((r) => !r.non_runner).length;
  return (
    <dl className="facts">
      <div>
        <dt>{t("race.postTime")}</dt>
        <dd>
          <time dateTime={race.post_time}>{fmt.dateTime(race.post_time)}</time>
        </dd>
      </div>
      {race.distance ? (
        <div>
          <dt>{t("race.distance")}</dt>
          <dd>{fmt.meters(race.distance)}</dd>
        </div>
      ) : null}
      {race.discipline ? (
        <div>
          <dt>{t("race.discipline")}</dt>
          <dd>{disciplineLabel(race.discipline, t)}</dd>
        </div>
      ) : null}
      {starters !== undefined && (
        <div>
          <dt className="visually-hidden">{t("race.field")}</dt>
          <dd>{t("race.runners", { count: starters })}</dd>
        </div>
      )}
    </dl>
  );
}

/** "Vincennes · R1C4": where and which race. */
export function RaceHeading({ race, level = 2 }: { race: Race; level?: 2 | 3 }) {
  const H = level === 2 ? "h2" : "h3";
  return (
    <div className="race-head">
      <p className="muted">
        {race.racecourse} · <abbr title={race.code}>{race.code}</abbr>
      </p>
      <H>{race.name}</H>
    </div>
  );
}

/** A live countdown to the lock; screen readers get the time, not a tick every second. */
export function Countdown({ until }: { until: string }) {
  const { t } = useI18n();
  const now = useNow(1000);
  const left = countdown(new Date(until).getTime(), now);
  if (!left) {
    return <span className="countdown">{t("countdown.over")}</span>;
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  const text = t("countdown.label", {
    d: String(left.days),
    h: pad(left.hours),
    m: pad(left.minutes),
    s: pad(left.seconds),
  });
  return (
    <span className="countdown" role="timer" aria-live="off">
      <time dateTime={`PT${left.days * 24 + left.hours}H${left.minutes}M${left.seconds}S`}>{text}</time>
    </span>
  );
}

/** "3. Go On Boy"; with `dqLabel`, a disqualified runner says so: "3. Go On Boy (disqualified)". */
export function runnerName(round: Pick<Round, "runners">, number: number | null | undefined, dqLabel = ""): string {
  if (number == null) return "";
  const runner = round.runners.find((r) => r.number === number);
  if (!runner) return String(number);
  return `${numbered(number, runner.name)}${dqLabel && runner.disqualified ? ` (${dqLabel})` : ""}`;
}

/** Whether picks are closed now: the server says so, or the clock has reached the lock. */
export function isLocked(round: Pick<Round, "picks_open" | "locks_at">, nowMs: number): boolean {
  return !round.picks_open || new Date(round.locks_at).getTime() <= nowMs;
}

/** A round's status as a player should read it now: past its lock a round is locked (as
 * `isLocked` says), even while its stored status, moved on by a periodic task, still says open. */
export function statusNow(status: string, locksAt: string | null | undefined, nowMs: number): string {
  if (status !== "open" || !locksAt) return status;
  return isLocked({ picks_open: true, locks_at: locksAt }, nowMs) ? "locked" : status;
}

/** The runner's silks, as the feed shows them (our copy, served by this site): decorative, the
 * name is beside it. Its box is sized before the image comes, and it leaves if none comes. */
export function Silks({ src }: { src: string | null | undefined }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) return null;
  return <img className="silks" src={src} alt="" width={40} height={40} loading="lazy" decoding="async" onError={() => setFailed(true)} />;
}
