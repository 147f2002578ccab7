/**
 * /community/moderation (staff and the "moderators" group): the queues a moderator works
 * through, oldest report first — reported questions and replies, posts waiting for
 * approval, reported live messages — and the moderation log. Each decision is the API's
 * (logged there); a decision another moderator took first is said so, and the queue shown
 * again.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { ApiError } from "../../api/client";
import {
  afterDecision,
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  auditLogQuery,
  flagQueueQuery,
  flagResolve,
  type FlagRow,
  type LiveReport,
  liveReportsQuery,
  memberMute,
  pendingQuery,
  postApproval,
  reportResolve,
  topicApproval,
} from "../../api/moderation";
import { myProfileQuery } from "../../api/queries";
import { type Feedback, FeedbackLine, PostBody } from "../../components/community";
import { SelectField, Toggle } from "../../components/forms";
import { ErrorMessage, Loading, Notice, PageTitle } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { Link } from "../../router";
import "../../styles/community.css";
import { communityErrorText } from "./communityLogic";

/** Refusals that mean someone decided first: the row is gone from the queue. */
const DECIDED = new Set(["already_resolved", "not_pending"]);

/** A decision: its button's label, and what it does (a text to say when it is done, or
 * nothing for the usual "Done."). */
type Choice = { label: string; run: () => Promise<unknown> };

type Say = (feedback: Feedback) => void;

/** A row's decisions, one button each; what became of the last one is said by the queue
 * (`say`), as the row itself leaves the queue once decided. */
function Decide({ choices, say, live = false }: { choices: Choice[]; say: Say; live?: boolean }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const decide = useMutation({
    mutationFn: (choice: Choice) => choice.run(),
    onMutate: () => say(null),
    onSuccess: (said) => {
      say({ kind: "success", text: typeof said === "string" ? said : t("community.mod.done") });
      void afterDecision(client, live);
    },
    onError: (error) => {
      const first = error instanceof ApiError && DECIDED.has(error.code);
      say({ kind: "error", text: first ? t("moderation.decidedFirst") : communityErrorText(error, t) });
      if (first) void afterDecision(client, live);
    },
  });
  return (
    <div className="row">
      {choices.map((choice) => (
        <button key={choice.label} type="button" className="button button-small-secondary" disabled={decide.isPending} onClick={() => decide.mutate(choice)}>
          {choice.label}
        </button>
      ))}
    </div>
  );
}

/** Previous and next for a paginated list (`previous` / `next` links of the answer). */
function Pager({ data, page, setPage }: { data: { previous?: string | null; next?: string | null }; page: number; setPage: (page: number) => void }) {
  const { t } = useI18n();
  if (!data.previous && !data.next) return null;
  return (
    <div className="row">
      {data.previous && (
        <button type="button" className="button button-secondary" onClick={() => setPage(page - 1)}>
          {t("dashboard.live.previous")}
        </button>
      )}
      {data.next && (
        <button type="button" className="button button-secondary" onClick={() => setPage(page + 1)}>
          {t("dashboard.live.next")}
        </button>
      )}
    </div>
  );
}

type QueueProps<R> = {
  query: { error: unknown; isPending: boolean; data?: R; refetch: () => unknown };
  empty: (data: R) => boolean;
  nothing?: MessageKey;
  children: (data: R) => ReactNode;
};

/** A list loaded, failed (with a retry) or empty (`nothing` says so); else `children`. */
function Queue<R>({ query, empty, nothing = "moderation.empty", children }: QueueProps<R>) {
  const { t } = useI18n();
  if (query.error) return <ErrorMessage error={query.error} retry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <Loading />;
  if (empty(query.data)) return <p className="muted">{t(nothing)}</p>;
  return <>{children(query.data)}</>;
}

function FlagItem({ flag, say }: { flag: FlagRow; say: Say }) {
  const { t, fmt } = useI18n();
  return (
    <li className="card stack">
      <p>
        <strong>{t(`community.flagReason.${flag.reason}` as MessageKey)}</strong>
        <span className="muted">
          {" · "}
          {t(flag.post_id ? "moderation.flags.reply" : "moderation.flags.question")} · {t("moderation.reportedBy", { name: flag.reporter })} · <time dateTime={flag.created_at}>{fmt.dateTime(flag.created_at)}</time>
        </span>
      </p>
      {flag.detail && <p>“{flag.detail}”</p>}
      <p className="muted">{t("moderation.writtenBy", { name: flag.target_author ?? t("community.paddock") })}</p>
      <blockquote className="moderation-excerpt">{flag.target_excerpt}</blockquote>
      <p>
        <Link to={`/community/topics/${flag.topic_id}`}>{t("moderation.open")}</Link>
      </p>
      <Decide
        say={say}
        choices={[
          { label: t("moderation.flags.uphold"), run: () => flagResolve(flag.id, "uphold") },
          { label: t("moderation.flags.dismiss"), run: () => flagResolve(flag.id, "dismiss") },
        ]}
      />
    </li>
  );
}

function Flags() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const flags = useQuery(flagQueueQuery(page));
  const [feedback, say] = useState<Feedback>(null);
  return (
    <section className="card stack" aria-labelledby="mod-flags">
      <h2 id="mod-flags">{t("moderation.flags.title")}</h2>
      <p className="hint">{t("moderation.flags.intro")}</p>
      <FeedbackLine feedback={feedback} />
      <Queue query={flags} empty={(d) => d.count === 0}>
        {(data) => (
          <>
            <p className="hint">{t("moderation.count", { count: data.count })}</p>
            <ul className="list-plain stack">
              {data.results.map((flag) => (
                <FlagItem key={flag.id} flag={flag} say={say} />
              ))}
            </ul>
            <Pager data={data} page={page} setPage={setPage} />
          </>
        )}
      </Queue>
    </section>
  );
}

function Approvals() {
  const { t, fmt } = useI18n();
  const pending = useQuery(pendingQuery);
  const [feedback, say] = useState<Feedback>(null);
  const choices = (run: (action: "approve" | "reject") => Promise<unknown>): Choice[] => [
    { label: t("community.mod.approve"), run: () => run("approve") },
    { label: t("community.mod.reject"), run: () => run("reject") },
  ];
  return (
    <section className="card stack" aria-labelledby="mod-pending">
      <h2 id="mod-pending">{t("moderation.pending.title")}</h2>
      <p className="hint">{t("moderation.pending.intro")}</p>
      <FeedbackLine feedback={feedback} />
      <Queue query={pending} empty={(d) => d.topics.length + d.posts.length === 0}>
        {(data) => (
          <ul className="list-plain stack">
            {data.topics.map((topic) => (
              <li key={`topic-${topic.id}`} className="card stack">
                <p>
                  <strong>{t("moderation.flags.question")}</strong>
                  <span className="muted">
                    {" · "}
                    {t("moderation.writtenBy", { name: topic.author?.display_name ?? t("community.paddock") })} · <time dateTime={topic.created_at}>{fmt.dateTime(topic.created_at)}</time>
                  </span>
                </p>
                <p>
                  <Link to={`/community/topics/${topic.id}`}>{topic.title}</Link>
                </p>
                <blockquote className="moderation-excerpt">{topic.excerpt}</blockquote>
                <Decide say={say} choices={choices((action) => topicApproval(topic.id, action))} />
              </li>
            ))}
            {data.posts.map((post) => (
              <li key={`post-${post.id}`} className="card stack">
                <p>
                  <strong>{t("moderation.flags.reply")}</strong>
                  <span className="muted">
                    {" · "}
                    {t("moderation.writtenBy", { name: post.author?.display_name ?? t("community.paddock") })} · <time dateTime={post.created_at}>{fmt.dateTime(post.created_at)}</time>
                  </span>
                </p>
                <div className="moderation-excerpt">
                  <PostBody bodyHtml={post.body_html} />
                </div>
                <p>
                  <Link to={`/community/topics/${post.topic_id}`}>{t("moderation.open")}</Link>
                </p>
                <Decide say={say} choices={choices((action) => postApproval(post.id, action))} />
              </li>
            ))}
          </ul>
        )}
      </Queue>
    </section>
  );
}

function ReportItem({ report, say }: { report: LiveReport; say: Say }) {
  const { t, fmt } = useI18n();
  const message = report.message;
  return (
    <li className="card stack">
      <p>
        <strong>{report.reason}</strong>
        <span className="muted">
          {" · "}
          {t("moderation.reportedBy", { name: report.reporter_name })} · <time dateTime={report.created_at}>{fmt.dateTime(report.created_at)}</time>
        </span>
      </p>
      <blockquote className="moderation-excerpt">
        <strong>{message.name}</strong> <span className="muted">({message.where})</span> {message.text}
      </blockquote>
      {message.is_hidden && <p className="muted">{t("dashboard.live.hidden")}</p>}
      {report.resolved_at ? (
        <p className="muted">
          {t(report.decision === "hidden" ? "moderation.live.wasHidden" : "moderation.live.wasDismissed", { name: report.resolved_by_name ?? "–" })} · <time dateTime={report.resolved_at}>{fmt.dateTime(report.resolved_at)}</time>
        </p>
      ) : (
        <Decide
          live
          say={say}
          choices={[
            { label: t("moderation.live.hide"), run: () => reportResolve(report.id, "hide") },
            { label: t("moderation.live.dismiss"), run: () => reportResolve(report.id, "dismiss") },
            {
              label: t("moderation.live.mute"),
              run: async () => {
                const { until } = await memberMute(message.author, report.reason);
                return t("moderation.live.muted", { name: message.name, until: fmt.dateTime(until) });
              },
            },
          ]}
        />
      )}
    </li>
  );
}

function LiveReports() {
  const { t } = useI18n();
  const [resolved, setResolved] = useState(false);
  const [page, setPage] = useState(1);
  const reports = useQuery(liveReportsQuery(resolved, page));
  const [feedback, say] = useState<Feedback>(null);
  return (
    <section className="card stack" aria-labelledby="mod-live">
      <h2 id="mod-live">{t("moderation.live.title")}</h2>
      <p className="hint">{t("moderation.live.intro")}</p>
      <FeedbackLine feedback={feedback} />
      <Toggle
        label={t("moderation.live.resolved")}
        checked={resolved}
        onChange={(e) => {
          setResolved(e.target.checked);
          setPage(1);
        }}
      />
      <Queue query={reports} empty={(d) => d.count === 0}>
        {(data) => (
          <>
            <p className="hint">{t("moderation.count", { count: data.count })}</p>
            <ul className="list-plain stack">
              {data.results.map((report) => (
                <ReportItem key={report.id} report={report} say={say} />
              ))}
            </ul>
            <Pager data={data} page={page} setPage={setPage} />
          </>
        )}
      </Queue>
    </section>
  );
}

const TARGETS: Record<string, MessageKey> = {
  topic: "moderation.log.topic",
  post: "moderation.log.post",
  flag: "moderation.log.flag",
  room: "moderation.log.room",
  help: "moderation.log.help",
  player: "moderation.log.player",
};
type AuditDetails = { reason?: string; reported?: string; until?: string } | null;

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t, fmt } = useI18n();
  const topic = entry.topic;
  const [kind, id] = entry.target.split(":");
  const details = entry.details as AuditDetails;
  const words = TARGETS[kind ?? ""];
  const until = details?.until ? fmt.dateTime(details.until) : "";
  const target = words ? t(words, { id: id ?? "", name: entry.member_name ?? "", until }) : entry.target;
  // A report's decision logs no reason of its own unless the moderator gave one: the report's is said.
  const flagged = details?.reason;
  const why = flagged ? t(`community.flagReason.${flagged}` as MessageKey) : details?.reported;
  const reported = why ? t("moderation.log.reported", { reason: why }) : "";
  return (
    <tr>
      <td>
        <time dateTime={entry.at}>{fmt.dateTime(entry.at)}</time>
      </td>
      <td>{entry.actor ?? "–"}</td>
      <td>{t(`community.mod.${entry.action}` as MessageKey)}</td>
      <td>{topic ? <Link to={`/community/topics/${topic}`}>{target}</Link> : target}</td>
      <td>{entry.reason || reported}</td>
    </tr>
  );
}

function AuditLog() {
  const { t } = useI18n();
  const [action, setAction] = useState<AuditAction | "">("");
  const [page, setPage] = useState(1);
  const log = useQuery(auditLogQuery(action, page));
  return (
    <section className="card stack" aria-labelledby="mod-log">
      <h2 id="mod-log">{t("moderation.log.title")}</h2>
      <SelectField
        label={t("moderation.log.action")}
        value={action}
        onChange={(e) => {
          setAction(AUDIT_ACTIONS.find((a) => a === e.target.value) ?? "");
          setPage(1);
        }}
      >
        <option value="">{t("moderation.log.every")}</option>
        {AUDIT_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {t(`community.mod.${a}` as MessageKey)}
          </option>
        ))}
      </SelectField>
      <Queue query={log} empty={(d) => d.count === 0} nothing="moderation.log.empty">
        {(data) => (
          <>
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t("moderation.log.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("moderation.log.when")}</th>
                    <th scope="col">{t("moderation.log.who")}</th>
                    <th scope="col">{t("moderation.log.action")}</th>
                    <th scope="col">{t("moderation.log.target")}</th>
                    <th scope="col">{t("moderation.log.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((entry) => (
                    <AuditRow key={entry.id} entry={entry} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager data={data} page={page} setPage={setPage} />
          </>
        )}
      </Queue>
    </section>
  );
}

export default function Moderation() {
  const { t } = useI18n();
  const me = useQuery(myProfileQuery);
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("moderation.title")}</PageTitle>
      {me.error ? (
        <ErrorMessage error={me.error} retry={() => void me.refetch()} />
      ) : me.isPending ? (
        <Loading />
      ) : !me.data.can_moderate ? (
        <Notice>{t("moderation.forbidden")}</Notice>
      ) : (
        <>
          <p className="hint">{t("moderation.intro")}</p>
          <Flags />
          <Approvals />
          <LiveReports />
          <AuditLog />
        </>
      )}
    </section>
  );
}
