/** Pieces the community pages share: who wrote it, levels and badges, posts' HTML, pages. */
import type { Author, BadgeSummary, Level, Topic } from "../api/types";
import { useI18n } from "../i18n";
import { TierMedal } from "./BadgeIcon";
import type { MessageKey } from "../i18n/en";
import { Link } from "../router";

export function levelKey(level: Level): MessageKey {
  return `community.level.${level}` as MessageKey;
}

export function LevelBadge({ level }: { level: Level }) {
  const { t } = useI18n();
  return (
    <span className={`badge level level-${level}`}>
      <span className="visually-hidden">{t("community.level")}: </span>
      {t(levelKey(level))}
    </span>
  );
}

/** Medal counts, best first; the words for screen readers, the colours for the eyes. */
export function BadgeCounts({ summary }: { summary: BadgeSummary }) {
  const { t, fmt } = useI18n();
  if (!summary.gold && !summary.silver && !summary.bronze) return null;
  const text = t("community.badgeCounts", { gold: summary.gold, silver: summary.silver, bronze: summary.bronze });
  return (
    <span className="medals" title={text}>
      <span className="visually-hidden">{text}</span>
      {(["gold", "silver", "bronze"] as const).map((tier) =>
        summary[tier] ? (
          <span key={tier} className="medal-count" aria-hidden="true">
            <TierMedal tier={tier} />
            {fmt.number(summary[tier])}
          </span>
        ) : null,
      )}
    </span>
  );
}

/** The author of a topic or post (null: Paddock itself), with level, and when. */
export function AuthorLine({ author, at, edited }: { author: Author | null; at: string; edited?: boolean }) {
  const { t, fmt } = useI18n();
  const name = author ? author.display_name : t("community.paddock");
  return (
    <p className="author-line">
      <span className="avatar avatar-small" aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      {author ? (
        <Link to={`/community/players/${author.id}`} className="author-name">
          {name}
        </Link>
      ) : (
        <strong className="author-name">{name}</strong>
      )}
      {author && <LevelBadge level={author.level} />}
      {author && author.role !== "member" && <span className={`badge role role-${author.role}`}>{t(`community.role.${author.role}` as MessageKey)}</span>}
      {author && <BadgeCounts summary={author.badges} />}
      <span className="muted">
        <time dateTime={at}>{fmt.dateTime(at)}</time>
        {edited ? ` · ${t("community.edited")}` : ""}
      </span>
    </p>
  );
}

/**
 * A topic's or post's body. `body_html` is the server's Markdown rendered and sanitised with
 * an allow-list (backend/community/markup.py: no script, style, iframe, image, event
 * attribute; only http/https/mailto links): the one field this app inserts as HTML.
 */
export function PostBody({ bodyHtml }: { bodyHtml: string }) {
  return <div className="post-body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />;
}

/** Previous / next links with "Page 2 of 5"; nothing when everything fits on one page. */
export function Pagination({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("community.pages")}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev" className="button button-secondary">
          <span aria-hidden="true">←</span> {t("community.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span aria-current="page">{t("community.page", { page, pages })}</span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next" className="button button-secondary">
          {t("community.next")} <span aria-hidden="true">→</span>
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** "Helpful (3)": pressed when the player voted; pressing again withdraws the vote. */
export function VoteButton({ voted, score, busy, onToggle }: { voted: boolean; score: number; busy: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="button button-small-secondary vote" aria-pressed={voted} disabled={busy} onClick={onToggle}>
      <span aria-hidden="true">▲</span> {t("community.vote", { count: score })}
    </button>
  );
}

/** One topic in a list: title, state, author, replies and votes. */
export function TopicRow({ topic, level = 3 }: { topic: Topic; level?: 2 | 3 }) {
  const { t, fmt } = useI18n();
  const answered = topic.accepted_answer_id !== null;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <li className="topic-row">
      <Heading className="topic-title">
        <Link to={`/community/topics/${topic.id}`}>{topic.title}</Link>
      </Heading>
      <p className="topic-flags">
        {topic.is_pinned && <span className="badge badge-warn">{t("community.pinned")}</span>}
        {topic.kind === "round_thread" && <span className="badge">{t("community.roundThread")}</span>}
        {answered && <span className="badge"><span aria-hidden="true">✓</span> {t("community.answered")}</span>}
        {topic.is_locked && <span className="badge badge-muted">{t("community.locked")}</span>}
        {topic.status === "pending" && <span className="badge badge-muted">{t("community.pending")}</span>}
        {topic.is_hidden && <span className="badge badge-muted">{t("community.hidden")}</span>}
      </p>
      {topic.excerpt && <p className="topic-excerpt">{topic.excerpt}</p>}
      <p className="topic-meta muted">
        <span>{topic.author ? topic.author.display_name : t("community.paddock")}</span>
        <span>{t("community.replies", { count: topic.reply_count })}</span>
        <span>{t("community.votes", { count: topic.score })}</span>
        <time dateTime={topic.last_activity_at}>{t("community.lastActivity", { date: fmt.shortDate(topic.last_activity_at) })}</time>
      </p>
    </li>
  );
}

/** What became of the last action: said where screen readers hear it. */
export type Feedback = { kind: "success" | "error"; text: string } | null;

export function FeedbackLine({ feedback }: { feedback: Feedback }) {
  // Always in the page, so that screen readers hear what lands in it.
  return (
    <p role="status" aria-live="polite" className={feedback ? (feedback.kind === "error" ? "field-error" : "feedback") : "visually-hidden"}>
      {feedback?.text ?? ""}
    </p>
  );
}
