/**
 * A player's own question or reply on the topic page: Edit, in place, while the API still
 * takes an edit (its `viewer.can_edit`: the author, within the edit window, in a topic neither
 * hidden nor locked), and Delete after an inline confirmation (`viewer.can_delete`). The API
 * checks every action again: a refusal is said by its code, in the player's language.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { api, ApiError, unwrap } from "../../api/client";
import { invalidate, keys } from "../../api/queries";
import type { Post, TopicDetail } from "../../api/types";
import { type Feedback, FeedbackLine } from "../../components/community";
import { FormActions, TextAreaField, useFocusOnFailure } from "../../components/forms";
import { Field, Notice } from "../../components/ui";
import { setFlash } from "../../flash";
import { usePassed } from "../../hooks";
import { useI18n } from "../../i18n";
import { navigate } from "../../router";
import { BODY_MAX, bodyProblem, communityErrorText, serverEditErrors, TITLE_MAX, TITLE_MIN, titleProblem } from "./communityLogic";

/** The author's own question (the topic itself), or one of their replies. */
export type Own = { topic: TopicDetail } | { post: Post };

type Mode = "view" | "edit" | "confirm";

export type AuthorTools = {
  own: Own;
  mode: Mode;
  canEdit: boolean;
  /** When the edit window closes (while Edit is offered). */
  editUntil: string | null;
  canDelete: boolean;
  feedback: Feedback;
  /** Anything to show under the text: a button, the question, what became of the last action. */
  shown: boolean;
  /** The button the focus goes back to once the text shows again. */
  returnTo: "edit" | "confirm" | null;
  open: (mode: "edit" | "confirm") => void;
  /** Back to the text, from the editor or the question. */
  close: (from: "edit" | "confirm", feedback?: Feedback) => void;
};

const topicIdOf = (own: Own) => ("topic" in own ? own.topic.id : own.post.topic_id);

/** A refusal that says the page is out of date (the window has passed, the topic was
 * locked, the thing is gone): the topic is asked again, and its buttons follow. */
function stale(error: unknown): boolean {
  return error instanceof ApiError && [403, 404, 409].includes(error.status);
}

/** The state the text (replaced by the editor) and the buttons under it share. */
export function useAuthorTools(own: Own): AuthorTools {
  const viewer = "topic" in own ? own.topic.viewer : own.post.viewer;
  const source = "topic" in own ? own.topic.body : own.post.body;
  const [mode, setMode] = useState<Mode>("view");
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [returnTo, setReturnTo] = useState<"edit" | "confirm" | null>(null);
  // The window closes while the page is open: Edit goes with it, without asking the API.
  // Only a post its reader may edit keeps a timer, set for that moment.
  const editUntil = viewer.can_edit ? (viewer.edit_until ?? null) : null;
  const windowClosed = usePassed(editUntil);
  // The Markdown source comes to its author only: without it there is nothing to edit.
  const canEdit = viewer.can_edit && source !== null && !windowClosed;
  return {
    own,
    mode,
    canEdit,
    editUntil: canEdit ? editUntil : null,
    canDelete: viewer.can_delete,
    feedback,
    // Open, the editor or the question stays even when the page, asked again, says no more.
    shown: canEdit || viewer.can_delete || feedback !== null || mode !== "view",
    returnTo,
    open: (next) => {
      setFeedback(null);
      setMode(next);
    },
    close: (from, next = null) => {
      setReturnTo(from);
      setFeedback(next);
      setMode("view");
    },
  };
}

/** Edit and Delete under the author's text; Delete asks first, in place. */
export function AuthorButtons({ tools, onDeleted }: { tools: AuthorTools; onDeleted?: () => void }) {
  const { t, fmt } = useI18n();
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const { mode, returnTo } = tools;
  // Closed: the focus goes back to the button that opened (the other one when it is gone:
  // the edit window closed meanwhile).
  useEffect(() => {
    if (mode !== "view" || returnTo === null) return;
    const [first, second] = returnTo === "edit" ? [editButton, deleteButton] : [deleteButton, editButton];
    (first.current ?? second.current)?.focus();
  }, [mode, returnTo]);

  if (!tools.shown) return null;
  return (
    <>
      {mode === "view" && tools.canEdit && (
        <button ref={editButton} type="button" className="button button-small-secondary" onClick={() => tools.open("edit")}>
          <span aria-hidden="true">✎</span> {t("community.own.edit")}
        </button>
      )}
      {mode === "view" && tools.editUntil && <span className="hint">{t("community.own.editUntil", { time: fmt.time(tools.editUntil) })}</span>}
      {mode === "view" && tools.canDelete && (
        <button ref={deleteButton} type="button" className="button button-small-secondary" onClick={() => tools.open("confirm")}>
          {t("community.own.delete")}
        </button>
      )}
      {mode === "confirm" && <ConfirmDelete tools={tools} onDeleted={onDeleted} />}
      <FeedbackLine feedback={tools.feedback} />
    </>
  );
}

/** "Delete this question? Yes, delete / Keep it": the safe answer takes the focus. */
function ConfirmDelete({ tools, onDeleted }: { tools: AuthorTools; onDeleted: (() => void) | undefined }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const labelId = useId();
  const keep = useRef<HTMLButtonElement>(null);
  const { own } = tools;
  useEffect(() => keep.current?.focus(), []);

  const remove = useMutation({
    mutationFn: () =>
      "topic" in own
        ? unwrap(api.DELETE("/api/v1/community/topics/{topic_id}/", { params: { path: { topic_id: own.topic.id } } }))
        : unwrap(api.DELETE("/api/v1/community/posts/{post_id}/", { params: { path: { post_id: own.post.id } } })),
    onSuccess: () => {
      if ("topic" in own) {
        // The question is gone: back to its category, which says so.
        setFlash(t("community.own.questionDeleted"));
        navigate(`/community/c/${own.topic.category.slug}`, { replace: true });
      } else {
        onDeleted?.();
      }
      // The topic, its reply count, the lists and the categories' counts.
      void invalidate(client, keys.community);
    },
    onError: (error) => {
      if (stale(error)) void invalidate(client, keys.topic(topicIdOf(own)));
    },
  });
  // The buttons stay off until the page moves on or the reply is gone.
  const busy = remove.isPending || remove.isSuccess;
  // A refusal stays said under the text (its Delete may be gone: the page was asked again).
  const keepIt = () => tools.close("confirm", remove.error ? { kind: "error", text: communityErrorText(remove.error, t) } : null);

  return (
    <div role="group" aria-labelledby={labelId} className="confirm-delete stack">
      <p id={labelId}>
        <strong>{"topic" in own ? t("community.own.deleteQuestion") : t("community.own.deleteReply")}</strong>
      </p>
      {remove.error ? <Notice kind="error">{communityErrorText(remove.error, t)}</Notice> : null}
      <div className="row">
        <button type="button" className="button button-danger" disabled={busy} onClick={() => remove.mutate()}>
          {t("community.own.confirmDelete")}
        </button>
        <button ref={keep} type="button" className="button button-secondary" disabled={busy} onClick={keepIt}>
          {t("community.own.keep")}
        </button>
      </div>
    </div>
  );
}

type Change = { title?: string; body?: string };

function useEdit(tools: AuthorTools) {
  const { t } = useI18n();
  const client = useQueryClient();
  const { own } = tools;
  const topicId = topicIdOf(own);
  return useMutation({
    mutationFn: (change: Change): Promise<TopicDetail | Post> =>
      "topic" in own
        ? unwrap(api.PATCH("/api/v1/community/topics/{topic_id}/", { params: { path: { topic_id: own.topic.id } }, body: change }))
        : unwrap(api.PATCH("/api/v1/community/posts/{post_id}/", { params: { path: { post_id: own.post.id } }, body: { body: change.body ?? "" } })),
    onSuccess: async (answer) => {
      void invalidate(client, keys.topicLists);
      // The editor stays until the topic comes back with the new text.
      await invalidate(client, keys.topic(topicId));
      tools.close("edit", { kind: "success", text: answer.status === "pending" ? t("community.own.savedPending") : t("community.own.saved") });
    },
    onError: (error) => {
      if (stale(error)) void invalidate(client, keys.topic(topicId));
    },
  });
}

type Problems = { title: string | null; body: string | null };

/** The editor's fields, its own checks, and what Save sends: only what changed. */
function useEditForm(tools: AuthorTools) {
  const { t } = useI18n();
  const { own } = tools;
  const question = "topic" in own ? own.topic : null;
  const source = ("topic" in own ? own.topic.body : own.post.body) ?? "";
  const [title, setTitle] = useState(question?.title ?? "");
  const [body, setBody] = useState(source);
  const [problems, setProblems] = useState<Problems | null>(null);
  const edit = useEdit(tools);

  function submit(event: FormEvent) {
    event.preventDefault();
    edit.reset();
    const local = { title: question ? titleProblem(title, t) : null, body: bodyProblem(body, t) };
    setProblems(local);
    if (local.title || local.body) return;
    const change: Change = {};
    if (question && title.trim() !== question.title) change.title = title.trim();
    if (body.trim() !== source.trim()) change.body = body;
    // Nothing changed is nothing to save.
    if (Object.keys(change).length === 0) tools.close("edit");
    else edit.mutate(change);
  }

  const invalid = problems !== null && (problems.title !== null || problems.body !== null);
  return { question, title, setTitle, body, setBody, problems: invalid ? problems : null, edit, submit };
}

/** The text (and a question's title) opened in place, with Save and Cancel. */
export function AuthorEditor({ tools }: { tools: AuthorTools }) {
  const { t, fmt } = useI18n();
  const { question, title, setTitle, body, setBody, problems, edit, submit } = useEditForm(tools);
  const server = serverEditErrors(edit.error, t);
  const formRef = useRef<HTMLFormElement>(null);
  const titleField = useRef<HTMLInputElement>(null);
  const bodyField = useRef<HTMLTextAreaElement>(null);
  // Opened: the first field takes the focus; refused: what says why.
  useEffect(() => (titleField.current ?? bodyField.current)?.focus(), []);
  useFocusOnFailure(formRef, problems ?? edit.error);
  // A refusal about no field stays said under the text (its Edit may be gone meanwhile).
  const cancel = () => tools.close("edit", server.rest ? { kind: "error", text: server.rest } : null);

  return (
    <form ref={formRef} className="author-editor stack" aria-label={question ? t("community.own.editQuestion") : t("community.own.editReply")} onSubmit={submit} noValidate>
      <div tabIndex={-1} className="form-summary">
        {server.rest && <Notice kind="error">{server.rest}</Notice>}
      </div>
      {question && (
        <Field
          ref={titleField}
          label={t("community.askTitleLabel")}
          name="title"
          minLength={TITLE_MIN}
          maxLength={TITLE_MAX}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          hint={t("community.askTitleHint", { min: TITLE_MIN, max: TITLE_MAX })}
          error={problems?.title ?? server.title}
        />
      )}
      <TextAreaField
        ref={bodyField}
        label={question ? t("community.askBody") : t("community.replyTitle")}
        name="body"
        rows={question ? 8 : 5}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint={t("community.markdownHint")}
        extra={t("community.charCount", { count: fmt.number(body.length), max: fmt.number(BODY_MAX) })}
        error={problems?.body ?? server.body}
      />
      <FormActions submit={t("community.own.save")} busy={edit.isPending} onCancel={cancel} />
    </form>
  );
}
