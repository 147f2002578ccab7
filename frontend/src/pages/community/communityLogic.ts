/** The community pages' rules, kept out of the components so they are tested on their own. */
import { ApiError } from "../../api/client";
import { serverErrors } from "../../components/forms";
import type { Level, ReputationEvent, TopicDetail, Vote } from "../../api/types";
import type { MessageKey } from "../../i18n/en";
import type { Lang } from "../../i18n/lang";
import type { T } from "../../i18n/translate";

/** The API's limits (backend/community/models.py): checked here first, then by the server. */
export const TITLE_MIN = 8;
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
export const PAGE_SIZE = 20;

export type AskForm = { category: string; title: string; body: string };
export type AskErrors = Partial<Record<keyof AskForm, string>>;

/** What the player must fix before the question is sent (empty when nothing). */
export function askProblems(form: AskForm, t: T): AskErrors {
  const errors: AskErrors = {};
  if (!form.category) errors.category = t("community.error.categoryRequired");
  const title = titleProblem(form.title, t);
  if (title) errors.title = title;
  const body = bodyProblem(form.body, t);
  if (body) errors.body = body;
  return errors;
}

export function titleProblem(title: string, t: T): string | null {
  const length = title.trim().length;
  if (length < TITLE_MIN) return t("community.error.titleShort", { min: TITLE_MIN });
  if (length > TITLE_MAX) return t("community.error.titleLong", { max: TITLE_MAX });
  return null;
}

export function bodyProblem(body: string, t: T): string | null {
  if (!body.trim()) return t("community.error.bodyRequired");
  if (body.length > BODY_MAX) return t("community.error.bodyLong", { max: BODY_MAX });
  return null;
}

/** The server's refusal of a question, field by field: its `fields`, and a bad category. */
export function serverAskErrors(error: unknown, t: T): AskErrors {
  const server = serverErrors(error, ASK_FIELDS, { invalid_category: "category", invalid_title: "title", ...BODY_CODES });
  const errors: AskErrors = {};
  for (const key of ASK_FIELDS) {
    const message = server.field(key);
    if (message) errors[key] = message;
  }
  // Codes the app words itself, in the reader's language.
  if (error instanceof ApiError && errors.category && error.code === "invalid_category") errors.category = t("community.err.invalid_category");
  if (error instanceof ApiError && errors.title && error.code === "invalid_title") errors.title = communityErrorText(error, t);
  if (error instanceof ApiError && errors.body && error.code in BODY_CODES) errors.body = communityErrorText(error, t);
  return errors;
}

const ASK_FIELDS = ["category", "title", "body"] as const;
/** The refusals of a message's body that come without `fields`: shown beside the body. */
export const BODY_CODES: Record<string, string> = { too_long: "body", empty: "body" };

/** The server's refusal of a reply: beside the body (`body`), or about no field (`rest`). */
export function serverReplyErrors(error: unknown, t: T): { body: string | undefined; rest: string | null } {
  const { body, rest } = serverEditErrors(error, t);
  return { body, rest };
}

/** The refusals of a message's title or body that come without `fields`: shown beside them. */
const EDIT_CODES: Record<string, string> = { ...BODY_CODES, invalid_title: "title" };

export type EditErrors = { title: string | undefined; body: string | undefined; rest: string | null };

/** The server's refusal of an edit: beside the title or the body, or about neither (`rest`:
 * the edit window has passed, the topic is locked...), in the player's language. */
export function serverEditErrors(error: unknown, t: T): EditErrors {
  const server = serverErrors(error, ["title", "body"], EDIT_CODES);
  const about = error instanceof ApiError && !error.fields[EDIT_CODES[error.code] ?? ""] ? EDIT_CODES[error.code] : undefined;
  const field = (name: string) => (about === name ? communityErrorText(error, t) : server.field(name));
  return { title: field("title"), body: field("body"), rest: server.rest ? communityErrorText(server.rest, t) : null };
}

const KNOWN_CODES = new Set([
  "own_post",
  "already_voted",
  "not_voted",
  "already_flagged",
  "topic_locked",
  "topic_hidden",
  "topic_pending",
  "post_hidden",
  "post_pending",
  "throttled",
  "invalid_category",
  "not_your_question",
  "empty",
  "too_long",
  "invalid_title",
  "not_found",
  "not_author",
  "edit_window_closed",
  "has_replies",
  "accepted_answer",
]);

/** The community API's refusals in the player's language; the server's words otherwise. */
export function communityErrorText(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return t("community.err.throttled");
    // The limits a code is about (too_long, invalid_title) are the app's own copies of the API's.
    if (KNOWN_CODES.has(error.code)) return t(`community.err.${error.code}` as MessageKey, { min: TITLE_MIN, max: error.code === "too_long" ? BODY_MAX : TITLE_MAX });
    if (error.status < 500 && error.message && !error.message.startsWith("HTTP")) return error.message;
  }
  return t("app.error");
}

/** A category's or a badge's name or description, which the server sends in both languages. */
export function localized<F extends "name" | "description">(
  item: { [K in `${F}_en` | `${F}_fr`]: string },
  field: F,
  lang: Lang,
): string {
  const record = item as Record<string, string>;
  const fr = record[`${field}_fr`];
  return lang === "fr" && fr ? fr : (record[`${field}_en`] ?? "");
}

export function pageCount(count: number, size: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(count / size));
}

/** A page number from the query string: 1 for anything that is not a positive integer. */
export function pageParam(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** "/community/c/tips?q=form&page=2", leaving out what is empty or the first page. */
export function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === "") continue;
    if (key === "page" && Number(value) === 1) continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Expertise levels (backend/community/models.py LEVEL_THRESHOLDS), lowest first. */
export const LEVELS: { level: Level; from: number }[] = [
  { level: "novice", from: 0 },
  { level: "regular", from: 100 },
  { level: "handicapper", from: 500 },
  { level: "expert", from: 1500 },
  { level: "oracle", from: 5000 },
];

/** Expertise points = reputation + 10 per round played + 25 per winner picked. */
export function expertisePoints(p: { reputation: number; rounds_played: number; winners_picked: number }): number {
  return p.reputation + 10 * p.rounds_played + 25 * p.winners_picked;
}

/** Where the player stands: the next level and the points still missing (null at the top). */
export function levelProgress(points: number): { next: Level; left: number; ratio: number } | null {
  const nextIndex = LEVELS.findIndex((l) => l.from > points);
  if (nextIndex === -1) return null;
  const next = LEVELS[nextIndex] as (typeof LEVELS)[number];
  const from = LEVELS[nextIndex - 1]?.from ?? 0;
  return { next: next.level, left: next.from - points, ratio: Math.max(0, Math.min(1, (points - from) / (next.from - from))) };
}

/** "+15", "−10", "0": reputation points with their sign. */
export function signed(points: number, format: (n: number) => string): string {
  if (points > 0) return `+${format(points)}`;
  if (points < 0) return `−${format(-points)}`;
  return format(0);
}

/** Every kind of reputation event the API names has its message: the compiler checks this
 * against the schema's list, so a kind added on the server asks for its words here. */
const EVENT_KINDS: Record<ReputationEvent["kind"], MessageKey> = {
  accepted_answer: "community.event.accepted_answer",
  reply_helpful: "community.event.reply_helpful",
  question_helpful: "community.event.question_helpful",
  mission: "community.event.mission",
  live_help: "community.event.live_help",
};

/** The message naming a reputation event's kind; a kind this app does not know yet (a newer
 * server) reads as plain reputation points, never as a raw key. */
export function eventKindKey(kind: string): MessageKey {
  return Object.prototype.hasOwnProperty.call(EVENT_KINDS, kind) ? EVENT_KINDS[kind as ReputationEvent["kind"]] : "community.event.other";
}

/** What a vote is about: a question, or a reply. */
export type VoteTarget = { topic: number } | { post: number };

/** The topic as it is after the server's answer to a vote (its count and whether I voted). */
export function withVote(topic: TopicDetail, target: VoteTarget, vote: Vote): TopicDetail {
  if ("topic" in target) {
    return target.topic === topic.id ? { ...topic, score: vote.score, viewer: { ...topic.viewer, voted: vote.voted } } : topic;
  }
  const results = topic.replies.results.map((post) =>
    post.id === target.post ? { ...post, score: vote.score, viewer: { ...post.viewer, voted: vote.voted } } : post,
  );
  return { ...topic, replies: { ...topic.replies, results } };
}
