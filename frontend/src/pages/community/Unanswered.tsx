/**
 * /community/unanswered: the questions still waiting for a first answer, oldest first, with how
 * long each has waited against its category's target (advisers and moderators); operators also
 * see the weekly first-answer times.
 */
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { type AnswerWeek, answerTimesQuery, percent, type QueueRow, unansweredQueueQuery } from "../../api/communityRunning";
import { myProfileQuery } from "../../api/queries";
import { useAuth } from "../../auth";
import { ErrorMessage, Loading, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import { Link } from "../../router";

function QueueItem({ row }: { row: QueueRow }) {
  const { t } = useI18n();
  return (
    <li className={row.overdue ? "queue-row overdue" : "queue-row"}>
      <Link to={row.topic.url}>{row.topic.title}</Link>
      <span className="muted">
        {" "}
        {t("community.queue.waiting", { hours: row.waiting_hours, target: row.target_hours })}
      </span>
      {row.overdue && <strong className="tag">{t("community.queue.overdue")}</strong>}
    </li>
  );
}

export function AnswerTimes({ weeks }: { weeks: AnswerWeek[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{t("community.queue.timesTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("community.queue.week")}</th>
            <th scope="col">{t("community.queue.questions")}</th>
            <th scope="col">{t("community.queue.median")}</th>
            <th scope="col">{t("community.queue.withinTarget")}</th>
            <th scope="col">{t("community.queue.within24h")}</th>
            <th scope="col">{t("community.queue.never")}</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.week}>
              <th scope="row">{w.week}</th>
              <td>{w.questions}</td>
              <td>{w.median_first_answer_hours ?? "–"}</td>
              <td>{percent(w.within_target_share)}</td>
              <td>{percent(w.within_24h_share)}</td>
              <td>{percent(w.never_answered_share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Unanswered() {
  const { t } = useI18n();
  const { me } = useAuth();
  // Advisers and moderators work the queue: anyone else is told so without a 403 from the server.
  const roles = useQuery({ ...myProfileQuery, enabled: Boolean(me) });
  const watcher = Boolean(roles.data?.can_watch_queue);
  const queue = useQuery({ ...unansweredQueueQuery, enabled: watcher });
  const times = useQuery({ ...answerTimesQuery(8), enabled: Boolean(me?.is_staff) });
  const refused = queue.error instanceof ApiError && queue.error.status === 403;
  const forbidden = !me || (roles.data !== undefined && !watcher) || refused;
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("community.queue.title")}</PageTitle>
      <p className="hint">{t("community.queue.intro")}</p>
      {forbidden ? (
        <Notice>{t("community.queue.forbidden")}</Notice>
      ) : roles.error ? (
        <ErrorMessage error={roles.error} retry={() => void roles.refetch()} />
      ) : queue.error ? (
        <ErrorMessage error={queue.error} retry={() => void queue.refetch()} />
      ) : queue.isPending ? (
        <Loading />
      ) : queue.data.length === 0 ? (
        <p className="card">{t("community.queue.empty")}</p>
      ) : (
        <ol className="card list-plain">
          {queue.data.map((row) => (
            <QueueItem key={row.topic.id} row={row} />
          ))}
        </ol>
      )}
      {times.data && <AnswerTimes weeks={times.data} />}
    </section>
  );
}
