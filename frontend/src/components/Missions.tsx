/** The member's missions for this week and this season, each with a progress bar, and the
 * badges their completed missions earned. Self-contained: the profile page only places it. */
import { useQuery } from "@tanstack/react-query";
import { type MissionBadge, type MissionProgress, myMissionsQuery, progressShare } from "../api/communityMissions";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import "../styles/community.css";
import { ErrorMessage, Loading } from "./ui";

const KIND_KEYS: Record<MissionProgress["mission"]["kind"], MessageKey> = {
  answer_questions: "missions.kind.answer_questions",
  pick_streak: "missions.kind.pick_streak",
  invite_friend: "missions.kind.invite_friend",
  answer_accepted: "missions.kind.answer_accepted",
};

function MissionRow({ row }: { row: MissionProgress }) {
  const { t, fmt, lang } = useI18n();
  const { mission } = row;
  const name = lang === "fr" ? mission.name_fr : mission.name_en;
  const goal = t(KIND_KEYS[mission.kind], { count: mission.target });
  const done = row.completed_at !== null;
  const id = `mission-${mission.id}`;
  return (
    <li className="mission" data-testid="mission">
      <div className="mission-head">
        <strong id={id}>{goal}</strong>
        <span className="muted nowrap">
          {mission.period === "weekly" ? t("missions.thisWeek") : t("missions.thisSeason")}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={mission.target}
        aria-valuenow={row.count}
        aria-valuetext={t("missions.progress", { count: row.count, target: mission.target })}
      >
        <span style={{ width: `${Math.round(progressShare(row.count, mission.target) * 100)}%` }} />
      </div>
      <div className="mission-head">
        <span>
          {t("missions.progress", { count: row.count, target: mission.target })} · {fmt.percent(progressShare(row.count, mission.target))}
        </span>
        {done ? (
          <span className="mission-done">{t("missions.done", { name, points: mission.points })}</span>
        ) : (
          <span className="muted">{t("missions.reward", { name, points: mission.points, end: fmt.shortDate(row.period_end) })}</span>
        )}
      </div>
    </li>
  );
}

function Badges({ badges }: { badges: MissionBadge[] }) {
  const { t, fmt, lang } = useI18n();
  if (badges.length === 0) return null;
  return (
    <>
      <h3>{t("missions.badges")}</h3>
      <ul className="mission-badges">
        {badges.map((b) => (
          <li key={`${b.mission}-${b.period_start}`} className="badge" title={fmt.date(b.completed_at)}>
            {lang === "fr" ? b.name_fr : b.name_en}
          </li>
        ))}
      </ul>
    </>
  );
}

export function Missions() {
  const { t } = useI18n();
  const missions = useQuery(myMissionsQuery);
  return (
    <section className="card" aria-labelledby="missions-title">
      <h2 id="missions-title">{t("missions.title")}</h2>
      {missions.error ? (
        <ErrorMessage error={missions.error} retry={() => void missions.refetch()} />
      ) : missions.isPending ? (
        <Loading />
      ) : (
        <>
          {missions.data.missions.length === 0 ? (
            <p className="muted">{t("missions.none")}</p>
          ) : (
            <ul className="list-plain">
              {missions.data.missions.map((row) => (
                <MissionRow key={row.mission.id} row={row} />
              ))}
            </ul>
          )}
          <Badges badges={missions.data.badges} />
        </>
      )}
    </section>
  );
}
