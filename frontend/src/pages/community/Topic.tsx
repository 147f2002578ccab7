/** /community/topics/<id>: a question (or a race's thread) with its replies, votes, answer. */
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, ApiError, unwrap } from "../../api/client";
import type { Category, FlagReason, ModerationAction, Post, Round, TopicDetail } from "../../api/types";
import { AuthorLine, Pagination, PostBody, VoteButton } from "../../components/community";
import { SelectField, TextAreaField } from "../../components/forms";
import { ErrorMessage, Loading, Notice, PageTitle } from "../../components/ui";
import { useAuth } from "../../auth";
import { useAsync } from "../../hooks";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { Link, navigate, useLocationKey } from "../../router";
import { BODY_MAX, bodyProblem, communityErrorText, localized, PAGE_SIZE, pageCount, pageParam, withQuery } from "./communityLogic";

const REASONS: FlagReason[] = ["spam", "abuse", "off_topic", "gambling_harm", "other"];

type Feedback = { kind: "success" | "error"; text: string } | null;

async function load(topicId: number, page: number) {
  const topic = await unwrap(
    api.GET("/api/v1/community/topics/{topic_id}/", { params: { path: { topic_id: topicId }, query: { page, page_size: PAGE_SIZE } } }),
  );
  let round: Round | null = null;
  if (topic.round_id !== null) {
    round = await unwrap(api.GET("/api/v1/game/rounds/{round_id}/", { params: { path: { round_id: topic.round_id } } })).catch(() => null);
  }
  return { topic, round };
}

function FeedbackLine({ feedback }: { feedback: Feedback }) {
  // Always in the page, so that screen readers hear what lands in it.
  return (
    <p role="status" aria-live="polite" className={feedback ? (feedback.kind === "error" ? "field-error" : "feedback") : "visually-hidden"}>
      {feedback?.text ?? ""}
    </p>
  );
}

/** Report a topic or a reply: a reason and a few words, behind a disclosure button. */
function FlagControl({ target }: { target: { topic: number } | { post: number } }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<FlagReason>("spam");
  const [detail, setDetail] = useState("");
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const first = useRef<HTMLSelectElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = "topic" in target ? `flag-topic-${target.topic}` : `flag-post-${target.post}`;

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const body = { reason, detail: detail.trim() };
      if ("topic" in target) await unwrap(api.POST("/api/v1/community/topics/{topic_id}/flag/", { params: { path: { topic_id: target.topic } }, body }));
      else await unwrap(api.POST("/api/v1/community/posts/{post_id}/flag/", { params: { path: { post_id: target.post } }, body }));
      setFeedback({ kind: "success", text: t("community.flagged") });
      setOpen(false);
      setDetail("");
      opener.current?.focus();
    } catch (error) {
      setFeedback({ kind: "error", text: communityErrorText(error, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flag">
      <button ref={opener} type="button" className="link-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">⚑</span> {t("community.flag")}
      </button>
      <FeedbackLine feedback={feedback} />
      {open && (
        <form id={id} className="flag-form stack" onSubmit={submit} aria-label={t("community.flagTitle")}>
          <SelectField ref={first} label={t("community.flagReason")} value={reason} onChange={(e) => setReason(e.target.value as FlagReason)}>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`community.flagReason.${r}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <TextAreaField label={t("community.flagDetail")} rows={2} maxLength={500} value={detail} onChange={(e) => setDetail(e.target.value)} />
          <div className="row">
            <button type="submit" className="button" disabled={busy}>
              {t("community.flagSubmit")}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
              {t("app.cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** Vote helpful, or withdraw the vote: the server's count and state come back. */
function useVote(initial: { voted: boolean; score: number }, send: (vote: boolean) => Promise<{ voted: boolean; score: number }>) {
  const { t } = useI18n();
  const [state, setState] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  async function toggle() {
    setBusy(true);
    setFeedback(null);
    try {
      const next = await send(!state.voted);
      setState(next);
      setFeedback({ kind: "success", text: next.voted ? t("community.voted") : t("community.unvoted") });
    } catch (error) {
      setFeedback({ kind: "error", text: communityErrorText(error, t) });
    } finally {
      setBusy(false);
    }
  }
  return { ...state, busy, feedback, toggle };
}

function TopicVote({ topic }: { topic: TopicDetail }) {
  const vote = useVote({ voted: topic.viewer.voted, score: topic.score }, (on) => {
    const params = { params: { path: { topic_id: topic.id } } };
    return unwrap(on ? api.POST("/api/v1/community/topics/{topic_id}/vote/", params) : api.DELETE("/api/v1/community/topics/{topic_id}/vote/", params));
  });
  return (
    <>
      <VoteButton voted={vote.voted} score={vote.score} busy={vote.busy} onToggle={() => void vote.toggle()} />
      <FeedbackLine feedback={vote.feedback} />
    </>
  );
}

function PostVote({ post }: { post: Post }) {
  const vote = useVote({ voted: post.viewer.voted, score: post.score }, (on) => {
    const params = { params: { path: { post_id: post.id } } };
    return unwrap(on ? api.POST("/api/v1/community/posts/{post_id}/vote/", params) : api.DELETE("/api/v1/community/posts/{post_id}/vote/", params));
  });
  return (
    <>
      <VoteButton voted={vote.voted} score={vote.score} busy={vote.busy} onToggle={() => void vote.toggle()} />
      <FeedbackLine feedback={vote.feedback} />
    </>
  );
}

function PostCard({
  post,
  topic,
  meId,
  onAccepted,
}: {
  post: Post;
  topic: TopicDetail;
  meId: number | undefined;
  onAccepted: (message: string) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const mine = post.author?.id === meId;
  const open = !topic.is_locked && !topic.is_hidden && topic.status === "published" && !post.is_hidden && post.status === "published";
  const canAccept = topic.viewer.can_accept && post.kind === "reply" && open;

  async function accept(on: boolean) {
    setBusy(true);
    setFeedback(null);
    try {
      if (on) await unwrap(api.POST("/api/v1/community/topics/{topic_id}/accept/", { params: { path: { topic_id: topic.id } }, body: { post_id: post.id } }));
      else await unwrap(api.DELETE("/api/v1/community/topics/{topic_id}/accept/", { params: { path: { topic_id: topic.id } } }));
      onAccepted(on ? t("community.acceptedDone") : t("community.unacceptedDone"));
    } catch (error) {
      setFeedback({ kind: "error", text: communityErrorText(error, t) });
      setBusy(false);
    }
  }

  const label = post.kind === "debrief" ? t("community.debrief") : post.kind === "correction" ? t("community.correction") : null;
  return (
    <li id={`post-${post.id}`} className={`post card${post.is_accepted ? " is-accepted" : ""}`} tabIndex={-1}>
      <article aria-label={post.author ? post.author.display_name : t("community.paddock")}>
        {(post.is_accepted || label || post.status === "pending" || post.is_hidden) && (
          <p className="topic-flags">
            {post.is_accepted && <span className="badge"><span aria-hidden="true">✓</span> {t("community.accepted")}</span>}
            {label && <span className="badge badge-warn">{label}</span>}
            {post.status === "pending" && <span className="badge badge-muted">{t("community.pending")}</span>}
            {post.is_hidden && <span className="badge badge-muted">{t("community.hidden")}</span>}
          </p>
        )}
        <AuthorLine author={post.author} at={post.created_at} edited={post.edited_at !== null} />
        <PostBody bodyHtml={post.body_html} />
        {post.kind === "reply" && (
          <div className="post-actions">
            {mine || !open ? (
              <span className="muted">{t("community.votes", { count: post.score })}</span>
            ) : (
              <PostVote post={post} />
            )}
            {canAccept &&
              (post.is_accepted ? (
                <button type="button" className="button button-small-secondary" disabled={busy} onClick={() => void accept(false)}>
                  {t("community.unaccept")}
                </button>
              ) : (
                <button type="button" className="button button-small-secondary" disabled={busy} onClick={() => void accept(true)}>
                  <span aria-hidden="true">✓</span> {t("community.accept")}
                </button>
              ))}
            {!mine && open && <FlagControl target={{ post: post.id }} />}
          </div>
        )}
        <FeedbackLine feedback={feedback} />
      </article>
    </li>
  );
}

function ReplyForm({ topic, onPosted }: { topic: TopicDetail; onPosted: (post: Post) => void }) {
  const { t, fmt } = useI18n();
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = bodyProblem(body, t);
    setProblem(local);
    setError(null);
    if (local) return;
    setBusy(true);
    try {
      const post = await unwrap(api.POST("/api/v1/community/topics/{topic_id}/replies/", { params: { path: { topic_id: topic.id } }, body: { body } }));
      setBody("");
      onPosted(post);
    } catch (err) {
      if (err instanceof ApiError && err.fields.body?.[0]) setProblem(err.fields.body[0]);
      else setError(communityErrorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" aria-labelledby="reply-title" onSubmit={submit} noValidate>
      <h2 id="reply-title">{t("community.replyTitle")}</h2>
      <TextAreaField
        label={t("community.replyLabel")}
        name="body"
        rows={5}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint={t("community.markdownHint")}
        extra={t("community.charCount", { count: fmt.number(body.length), max: fmt.number(BODY_MAX) })}
        error={problem ?? undefined}
      />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" className="button" disabled={busy}>
        {t("community.replySubmit")}
      </button>
    </form>
  );
}

const TOPIC_ACTIONS: { action: ModerationAction; when: (t: TopicDetail) => boolean }[] = [
  { action: "pin", when: (t) => !t.is_pinned },
  { action: "unpin", when: (t) => t.is_pinned },
  { action: "lock", when: (t) => !t.is_locked },
  { action: "unlock", when: (t) => t.is_locked },
  { action: "hide", when: (t) => !t.is_hidden },
  { action: "unhide", when: (t) => t.is_hidden },
  { action: "approve", when: (t) => t.status === "pending" },
  { action: "reject", when: (t) => t.status === "pending" },
];

/** Moderators' tools on a topic (every action is logged by the server). */
function Moderation({ topic, onDone }: { topic: TopicDetail; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [reason, setReason] = useState("");
  const [target, setTarget] = useState("");
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const categories = useAsync<Category[]>(() => unwrap(api.GET("/api/v1/community/categories/")), []);

  async function act(action: ModerationAction) {
    setBusy(true);
    setFeedback(null);
    try {
      const body = { action, reason: reason.trim(), ...(action === "move" ? { category: target } : {}) };
      await unwrap(api.POST("/api/v1/community/moderation/topics/{topic_id}/", { params: { path: { topic_id: topic.id } }, body }));
      setFeedback({ kind: "success", text: t("community.mod.done") });
      onDone();
    } catch (error) {
      setFeedback({ kind: "error", text: communityErrorText(error, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card moderation">
      <summary>{t("community.mod.title")}</summary>
      <div className="stack">
        <TextAreaField label={t("community.mod.reason")} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="row">
          {TOPIC_ACTIONS.filter((a) => a.when(topic)).map(({ action }) => (
            <button key={action} type="button" className="button button-small-secondary" disabled={busy} onClick={() => void act(action)}>
              {t(`community.mod.${action}` as MessageKey)}
            </button>
          ))}
        </div>
        <div className="search-row">
          <SelectField label={t("community.mod.moveTo")} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">—</option>
            {(categories.data ?? [])
              .filter((c) => c.slug !== topic.category.slug)
              .map((c) => (
                <option key={c.slug} value={c.slug}>
                  {localized(c, "name", lang)}
                </option>
              ))}
          </SelectField>
          <button type="button" className="button button-secondary" disabled={busy || !target} onClick={() => void act("move")}>
            {t("community.mod.move")}
          </button>
        </div>
        <FeedbackLine feedback={feedback} />
      </div>
    </details>
  );
}

function RoundLinks({ round }: { round: Round }) {
  const { t } = useI18n();
  return (
    <div className="row">
      <Link to={`/results/${round.id}`} className="button button-secondary">
        {t("community.round.results")}
      </Link>
      {round.picks_open && (
        <Link to="/pick" className="button button-secondary">
          {t("community.round.pick")}
        </Link>
      )}
    </div>
  );
}

export default function Topic({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const key = useLocationKey();
  const page = pageParam(new URLSearchParams(key.split("?")[1] ?? "").get("page"));
  const topicId = Number(id);
  const { data, error, loading, reload } = useAsync(() => load(topicId, page), [topicId, page]);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/community/topics/${topicId}`;

  useEffect(() => setNotice(null), [topicId]);

  if (loading && !data) return <Loading />;
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <section className="stack">
        <PageTitle>{t("community.title")}</PageTitle>
        {missing ? <Notice kind="error">{t("community.err.not_found")}</Notice> : <ErrorMessage error={error} retry={reload} />}
        <Link to="/community">{t("community.title")}</Link>
      </section>
    );
  }
  if (!data) return null;
  const { topic, round } = data;
  const mine = topic.author?.id === me?.id;
  const open = !topic.is_locked && !topic.is_hidden && topic.status === "published";
  const pages = pageCount(topic.replies.count);

  function posted(post: Post) {
    setNotice(post.status === "pending" ? t("community.replyPending") : t("community.replyPosted"));
    const last = pageCount(topic.replies.count + 1);
    if (last !== page) navigate(withQuery(base, { page: last }));
    else reload();
  }

  function accepted(message: string) {
    setNotice(message);
    reload();
  }

  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link> › <Link to={`/community/c/${topic.category.slug}`}>{localized(topic.category, "name", lang)}</Link>
      </nav>
      <article className="card stack topic">
        <p className="topic-flags">
          {topic.kind === "round_thread" && <span className="badge">{t("community.roundThread")}</span>}
          {topic.is_pinned && <span className="badge badge-warn">{t("community.pinned")}</span>}
          {topic.accepted_answer_id !== null && <span className="badge"><span aria-hidden="true">✓</span> {t("community.answered")}</span>}
          {topic.is_locked && <span className="badge badge-muted">{t("community.locked")}</span>}
          {topic.status === "pending" && <span className="badge badge-muted">{t("community.pending")}</span>}
          {topic.is_hidden && <span className="badge badge-muted">{t("community.hidden")}</span>}
        </p>
        <PageTitle title={topic.title}>{topic.title}</PageTitle>
        <AuthorLine author={topic.author} at={topic.created_at} edited={topic.edited_at !== null} />
        <PostBody bodyHtml={topic.body_html} />
        {round && <RoundLinks round={round} />}
        {topic.kind === "question" && (
          <div className="post-actions">
            {mine || !open ? <span className="muted">{t("community.votes", { count: topic.score })}</span> : <TopicVote topic={topic} />}
            {!mine && topic.author && open && <FlagControl target={{ topic: topic.id }} />}
          </div>
        )}
      </article>
      {topic.viewer.can_moderate && <Moderation topic={topic} onDone={reload} />}
      {notice && <Notice kind="success">{notice}</Notice>}
      <section aria-labelledby="replies-title" className="stack">
        <h2 id="replies-title">{t("community.replies", { count: topic.replies.count })}</h2>
        {topic.replies.results.length === 0 ? (
          <p className="muted">{t("community.noReplies")}</p>
        ) : (
          <ol className="list-plain post-list">
            {topic.replies.results.map((post) => (
              <PostCard key={`${post.id}-${post.is_accepted}`} post={post} topic={topic} meId={me?.id} onAccepted={accepted} />
            ))}
          </ol>
        )}
        <Pagination page={page} pages={pages} hrefFor={(p) => withQuery(base, { page: p })} />
      </section>
      {open ? <ReplyForm topic={topic} onPosted={posted} /> : topic.is_locked ? <Notice>{t("community.lockedNotice")}</Notice> : null}
    </section>
  );
}
