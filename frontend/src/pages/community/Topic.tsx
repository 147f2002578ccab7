/** /community/topics/<id>: a question (or a race's thread) with its replies, votes, answer. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, ApiError, unwrap } from "../../api/client";
import { categoriesQuery, invalidate, keys, roundQuery, topicQuery } from "../../api/queries";
import type { FlagReason, ModerationAction, Post, Round, TopicDetail, Vote } from "../../api/types";
import { AuthorLine, type Feedback, FeedbackLine, Pagination, PostBody, VoteButton } from "../../components/community";
import { VisitorInvite } from "../../components/VisitorInvite";
import { FormActions, SelectField, serverErrors, TextAreaField } from "../../components/forms";
import { ErrorMessage, Loading, Notice, PageTitle } from "../../components/ui";
import { useAuth } from "../../auth";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { Link, navigate, useLocationKey } from "../../router";
import { AuthorButtons, AuthorEditor, useAuthorTools } from "./AuthorTools";
import { BODY_MAX, bodyProblem, communityErrorText, localized, serverReplyErrors, PAGE_SIZE, pageCount, pageParam, type VoteTarget, withQuery, withVote } from "./communityLogic";

const REASONS: FlagReason[] = ["spam", "abuse", "off_topic", "gambling_harm", "other"];

const FLAG_FIELDS = ["reason", "detail"] as const;


/** Report a topic or a reply: a reason and a few words, behind a disclosure button. */
function FlagControl({ target }: { target: VoteTarget }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<FlagReason>("spam");
  const [detail, setDetail] = useState("");
  const [feedback, setFeedback] = useState<Feedback>(null);
  const first = useRef<HTMLSelectElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = "topic" in target ? `flag-topic-${target.topic}` : `flag-post-${target.post}`;

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);

  const flag = useMutation({
    mutationFn: (body: { reason: FlagReason; detail: string }) =>
      "topic" in target
        ? unwrap(api.POST("/api/v1/community/topics/{topic_id}/flag/", { params: { path: { topic_id: target.topic } }, body }))
        : unwrap(api.POST("/api/v1/community/posts/{post_id}/flag/", { params: { path: { post_id: target.post } }, body })),
    onSuccess: () => {
      // Enough reports hide a message: the topic is asked again.
      void invalidate(client, keys.topicFamily);
      setFeedback({ kind: "success", text: t("community.flagged") });
      setOpen(false);
      setDetail("");
      opener.current?.focus();
    },
    onError: (error) => {
      // A refusal of one input is shown beside it, not on the line above.
      const rest = serverErrors(error, FLAG_FIELDS).rest;
      setFeedback(rest ? { kind: "error", text: communityErrorText(rest, t) } : null);
    },
  });
  const server = serverErrors(flag.error, FLAG_FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    flag.mutate({ reason, detail: detail.trim() });
  }

  return (
    <div className="flag">
      <button ref={opener} type="button" className="link-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">⚑</span> {t("community.flag")}
      </button>
      <FeedbackLine feedback={feedback} />
      {open && (
        <form id={id} className="flag-form stack" onSubmit={submit} aria-label={t("community.flagTitle")}>
          <SelectField ref={first} label={t("community.flagReason")} name="reason" value={reason} error={server.field("reason")} onChange={(e) => setReason(e.target.value as FlagReason)}>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`community.flagReason.${r}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <TextAreaField label={t("community.flagDetail")} name="detail" rows={2} maxLength={500} value={detail} error={server.field("detail")} onChange={(e) => setDetail(e.target.value)} />
          <FormActions submit={t("community.flagSubmit")} busy={flag.isPending} onCancel={() => setOpen(false)} />
        </form>
      )}
    </div>
  );
}

/** Vote helpful, or withdraw the vote: the server's count and state come back, and the topic shows them. */
function useVote(topicId: number, target: VoteTarget) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const vote = useMutation({
    mutationFn: (on: boolean): Promise<Vote> => {
      if ("topic" in target) {
        const params = { params: { path: { topic_id: target.topic } } };
        return unwrap(on ? api.POST("/api/v1/community/topics/{topic_id}/vote/", params) : api.DELETE("/api/v1/community/topics/{topic_id}/vote/", params));
      }
      const params = { params: { path: { post_id: target.post } } };
      return unwrap(on ? api.POST("/api/v1/community/posts/{post_id}/vote/", params) : api.DELETE("/api/v1/community/posts/{post_id}/vote/", params));
    },
    onMutate: () => setFeedback(null),
    onSuccess: (answer) => {
      client.setQueriesData<TopicDetail>({ queryKey: keys.topic(topicId) }, (topic) => topic && withVote(topic, target, answer));
      // The author's reputation, and the lists' scores.
      void invalidate(client, keys.topicLists, keys.profiles);
      setFeedback({ kind: "success", text: answer.voted ? t("community.voted") : t("community.unvoted") });
    },
    onError: (error) => setFeedback({ kind: "error", text: communityErrorText(error, t) }),
  });
  return { busy: vote.isPending, feedback, toggle: (on: boolean) => vote.mutate(on) };
}

function TopicVote({ topic }: { topic: TopicDetail }) {
  const vote = useVote(topic.id, { topic: topic.id });
  return (
    <>
      <VoteButton voted={topic.viewer.voted} score={topic.score} busy={vote.busy} onToggle={() => vote.toggle(!topic.viewer.voted)} />
      <FeedbackLine feedback={vote.feedback} />
    </>
  );
}

function PostVote({ post }: { post: Post }) {
  const vote = useVote(post.topic_id, { post: post.id });
  return (
    <>
      <VoteButton voted={post.viewer.voted} score={post.score} busy={vote.busy} onToggle={() => vote.toggle(!post.viewer.voted)} />
      <FeedbackLine feedback={vote.feedback} />
    </>
  );
}

/** Accept a reply as the answer, or withdraw the acceptance (the asker or a moderator). */
function AcceptButton({ post, topic, onAccepted }: { post: Post; topic: TopicDetail; onAccepted: (message: string) => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const accept = useMutation({
    mutationFn: (on: boolean) =>
      on
        ? unwrap(api.POST("/api/v1/community/topics/{topic_id}/accept/", { params: { path: { topic_id: topic.id } }, body: { post_id: post.id } }))
        : unwrap(api.DELETE("/api/v1/community/topics/{topic_id}/accept/", { params: { path: { topic_id: topic.id } } })),
    onSuccess: (_answer, on) => {
      // The topic (answered, the accepted reply), its lists and the author's reputation.
      void invalidate(client, keys.community);
      onAccepted(on ? t("community.acceptedDone") : t("community.unacceptedDone"));
    },
  });
  // The card stays busy until the topic comes back with the new answer.
  const busy = accept.isPending || accept.isSuccess;
  const feedback: Feedback = accept.error ? { kind: "error", text: communityErrorText(accept.error, t) } : null;
  return (
    <>
      {post.is_accepted ? (
        <button type="button" className="button button-small-secondary" disabled={busy} onClick={() => accept.mutate(false)}>
          {t("community.unaccept")}
        </button>
      ) : (
        <button type="button" className="button button-small-secondary" disabled={busy} onClick={() => accept.mutate(true)}>
          <span aria-hidden="true">✓</span> {t("community.accept")}
        </button>
      )}
      <FeedbackLine feedback={feedback} />
    </>
  );
}

function PostFlags({ post }: { post: Post }) {
  const { t } = useI18n();
  const label = post.kind === "debrief" ? t("community.debrief") : post.kind === "correction" ? t("community.correction") : null;
  if (!post.is_accepted && !label && post.status !== "pending" && !post.is_hidden) return null;
  return (
    <p className="topic-flags">
      {post.is_accepted && <span className="badge"><span aria-hidden="true">✓</span> {t("community.accepted")}</span>}
      {label && <span className="badge badge-warn">{label}</span>}
      {post.status === "pending" && <span className="badge badge-muted">{t("community.pending")}</span>}
      {post.is_hidden && <span className="badge badge-muted">{t("community.hidden")}</span>}
    </p>
  );
}

function PostCard({
  post,
  topic,
  meId,
  onAccepted,
  onDeleted,
}: {
  post: Post;
  topic: TopicDetail;
  meId: number | undefined;
  onAccepted: (message: string) => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const tools = useAuthorTools({ post });
  const mine = post.author?.id === meId;
  // Visitors read; voting, flagging and accepting need an account.
  const open = meId !== undefined && !topic.is_locked && !topic.is_hidden && topic.status === "published" && !post.is_hidden && post.status === "published";
  const canAccept = topic.viewer.can_accept && post.kind === "reply" && open;

  return (
    <li id={`post-${post.id}`} className={`post card${post.is_accepted ? " is-accepted" : ""}`} tabIndex={-1}>
      <article aria-label={post.author ? post.author.display_name : t("community.paddock")}>
        <PostFlags post={post} />
        <AuthorLine author={post.author} at={post.created_at} edited={post.edited_at !== null} />
        {tools.mode === "edit" ? <AuthorEditor tools={tools} /> : <PostBody bodyHtml={post.body_html} />}
        {post.kind === "reply" && (
          <div className="post-actions">
            {mine || !open ? (
              <span className="muted">{t("community.votes", { count: post.score })}</span>
            ) : (
              <PostVote post={post} />
            )}
            {canAccept && <AcceptButton post={post} topic={topic} onAccepted={onAccepted} />}
            {!mine && open && <FlagControl target={{ post: post.id }} />}
            <AuthorButtons tools={tools} onDeleted={onDeleted} />
          </div>
        )}
      </article>
    </li>
  );
}

function ReplyForm({ topic, onPosted }: { topic: TopicDetail; onPosted: (post: Post) => void }) {
  const { t, fmt } = useI18n();
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const reply = useMutation({
    mutationFn: (text: string) => unwrap(api.POST("/api/v1/community/topics/{topic_id}/replies/", { params: { path: { topic_id: topic.id } }, body: { body: text } })),
    onSuccess: (post) => {
      setBody("");
      onPosted(post);
    },
  });
  // The server's word on the message goes next to it; any other refusal below the form.
  const server = serverReplyErrors(reply.error, t);
  const serverProblem = server.body;
  const error = server.rest;

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = bodyProblem(body, t);
    setProblem(local);
    reply.reset();
    if (!local) reply.mutate(body);
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
        error={problem ?? serverProblem}
      />
      {error && <Notice kind="error">{error}</Notice>}
      <button type="submit" className="button" disabled={reply.isPending}>
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
function Moderation({ topic }: { topic: TopicDetail }) {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [target, setTarget] = useState("");
  const categories = useQuery(categoriesQuery);
  const moderate = useMutation({
    mutationFn: (action: ModerationAction) => {
      const body = { action, reason: reason.trim(), ...(action === "move" ? { category: target } : {}) };
      return unwrap(api.POST("/api/v1/community/moderation/topics/{topic_id}/", { params: { path: { topic_id: topic.id } }, body }));
    },
    // The topic, the lists it is in, the categories' counts.
    onSuccess: () => void invalidate(client, keys.community),
  });
  const busy = moderate.isPending;
  const feedback: Feedback = moderate.isSuccess
    ? { kind: "success", text: t("community.mod.done") }
    : moderate.error
      ? { kind: "error", text: communityErrorText(moderate.error, t) }
      : null;
  const act = (action: ModerationAction) => moderate.mutate(action);

  return (
    <details className="card moderation">
      <summary>{t("community.mod.title")}</summary>
      <div className="stack">
        <TextAreaField label={t("community.mod.reason")} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="row">
          {TOPIC_ACTIONS.filter((a) => a.when(topic)).map(({ action }) => (
            <button key={action} type="button" className="button button-small-secondary" disabled={busy} onClick={() => act(action)}>
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
          <button type="button" className="button button-secondary" disabled={busy || !target} onClick={() => act("move")}>
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

function TopicFlags({ topic }: { topic: TopicDetail }) {
  const { t } = useI18n();
  return (
    <p className="topic-flags">
      {topic.kind === "round_thread" && <span className="badge">{t("community.roundThread")}</span>}
      {topic.is_pinned && <span className="badge badge-warn">{t("community.pinned")}</span>}
      {topic.accepted_answer_id !== null && <span className="badge"><span aria-hidden="true">✓</span> {t("community.answered")}</span>}
      {topic.is_locked && <span className="badge badge-muted">{t("community.locked")}</span>}
      {topic.status === "pending" && <span className="badge badge-muted">{t("community.pending")}</span>}
      {topic.is_hidden && <span className="badge badge-muted">{t("community.hidden")}</span>}
    </p>
  );
}

/** The question (or the race's thread) itself: its votes, a report, and its author's tools. */
function QuestionCard({ topic, round }: { topic: TopicDetail; round: Round | null }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const tools = useAuthorTools({ topic });
  const mine = topic.author?.id === me?.id;
  const open = !topic.is_locked && !topic.is_hidden && topic.status === "published";
  const question = topic.kind === "question";
  return (
    <article className="card stack topic">
      <TopicFlags topic={topic} />
      <PageTitle title={topic.title}>{topic.title}</PageTitle>
      <AuthorLine author={topic.author} at={topic.created_at} edited={topic.edited_at !== null} />
      {tools.mode === "edit" ? <AuthorEditor tools={tools} /> : <PostBody bodyHtml={topic.body_html} />}
      {round && <RoundLinks round={round} />}
      {(question || tools.shown) && (
        <div className="post-actions">
          {question && (mine || !open || !me ? <span className="muted">{t("community.votes", { count: topic.score })}</span> : <TopicVote topic={topic} />)}
          {question && !mine && topic.author && open && me && <FlagControl target={{ topic: topic.id }} />}
          <AuthorButtons tools={tools} />
        </div>
      )}
    </article>
  );
}

/** The topic could not be read: gone (or never visible to the player), or a failure to retry. */
function TopicMissing({ error, retry }: { error: Error; retry: () => void }) {
  const { t } = useI18n();
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <section className="stack">
      <PageTitle>{t("community.title")}</PageTitle>
      {missing ? <Notice kind="error">{t("community.err.not_found")}</Notice> : <ErrorMessage error={error} retry={retry} />}
      <Link to="/community">{t("community.title")}</Link>
    </section>
  );
}

/** The page of replies, and the links to the others. */
function Replies({ topic, page, onAccepted, onDeleted }: { topic: TopicDetail; page: number; onAccepted: (message: string) => void; onDeleted: () => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const base = `/community/topics/${topic.id}`;
  return (
    <section aria-labelledby="replies-title" className="stack">
      {/* It takes the focus when a reply of the player's is deleted. */}
      <h2 id="replies-title" tabIndex={-1}>
        {t("community.replies", { count: topic.replies.count })}
      </h2>
      {topic.replies.results.length === 0 ? (
        <p className="muted">{t("community.noReplies")}</p>
      ) : (
        <ol className="list-plain post-list">
          {topic.replies.results.map((post) => (
            <PostCard key={`${post.id}-${post.is_accepted}`} post={post} topic={topic} meId={me?.id} onAccepted={onAccepted} onDeleted={onDeleted} />
          ))}
        </ol>
      )}
      <Pagination page={page} pages={pageCount(topic.replies.count)} hrefFor={(p) => withQuery(base, { page: p })} />
    </section>
  );
}

export default function Topic({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { me, status } = useAuth();
  const client = useQueryClient();
  const key = useLocationKey();
  const page = pageParam(new URLSearchParams(key.split("?")[1] ?? "").get("page"));
  const topicId = Number(id);
  const answer = useQuery(topicQuery(topicId, page, PAGE_SIZE));
  const roundId = answer.data?.round_id ?? null;
  // Rounds are read by players only: a visitor's round thread goes without its links.
  const roundWanted = roundId !== null && status !== "anonymous";
  const roundAnswer = useQuery({ ...roundQuery(roundId ?? 0), enabled: roundWanted && status === "authenticated" });
  // The notice of what the player just did, on this topic only.
  const [notice, setNotice] = useState<{ topicId: number; text: string } | null>(null);
  const base = `/community/topics/${topicId}`;

  // The round's links are a bonus: without the round the topic still shows.
  if (answer.isPending || (roundWanted && roundAnswer.isPending && !roundAnswer.error)) return <Loading />;
  if (answer.error) return <TopicMissing error={answer.error} retry={() => void answer.refetch()} />;
  const topic = answer.data;
  const round: Round | null = roundWanted ? (roundAnswer.data ?? null) : null;
  const open = !topic.is_locked && !topic.is_hidden && topic.status === "published";

  function posted(post: Post) {
    setNotice({ topicId, text: post.status === "pending" ? t("community.replyPending") : t("community.replyPosted") });
    void invalidate(client, keys.community);
    const last = pageCount(topic.replies.count + 1);
    if (last !== page) navigate(withQuery(base, { page: last }));
  }

  function accepted(message: string) {
    setNotice({ topicId, text: message });
  }

  function replyDeleted() {
    setNotice({ topicId, text: t("community.own.replyDeleted") });
    // The reply's card goes: the focus waits on the replies' heading (on the page before when
    // it was the last one of its page).
    if (page > 1 && topic.replies.results.length === 1) navigate(withQuery(base, { page: page - 1 }));
    document.getElementById("replies-title")?.focus();
  }

  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link> › <Link to={`/community/c/${topic.category.slug}`}>{localized(topic.category, "name", lang)}</Link>
      </nav>
      <QuestionCard topic={topic} round={round} />
      {topic.viewer.can_moderate && <Moderation topic={topic} />}
      {notice?.topicId === topicId && <Notice kind="success">{notice.text}</Notice>}
      <Replies topic={topic} page={page} onAccepted={accepted} onDeleted={replyDeleted} />
      {open && !me ? <VisitorInvite /> : open ? <ReplyForm topic={topic} onPosted={posted} /> : topic.is_locked ? <Notice>{t("community.lockedNotice")}</Notice> : null}
    </section>
  );
}
