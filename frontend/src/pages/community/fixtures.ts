/** Community answers as the API gives them, for the pages' tests. */
import type { Author, MyCommunityProfile, Post, ReputationEvent, TopicDetail } from "../../api/types";
import { ME } from "../../test/render";

/** An edit window far ahead: Edit stays offered whatever the day the tests run. */
export const OPEN_UNTIL = "2099-01-01T12:00:00Z";

export const author = (id: number, name: string): Author => ({
  id,
  display_name: name,
  reputation: 40,
  level: "regular",
  badges: { gold: 0, silver: 1, bronze: 2, slugs: [] },
  role: "member",
});

export function post(extra: Partial<Post> = {}): Post {
  return {
    id: 501,
    topic_id: 42,
    kind: "reply",
    author: author(8, "Helper"),
    body: null,
    body_html: "<p>Favour <strong>stamina</strong> on heavy going.</p>",
    status: "published",
    is_hidden: false,
    is_accepted: false,
    checked_by_adviser: false,
    checked_at: null,
    score: 0,
    settlement_version: null,
    created_at: "2026-03-01T10:00:00Z",
    edited_at: null,
    viewer: { voted: false, can_check: false, can_edit: false, edit_until: null, can_delete: false },
    ...extra,
  };
}

export function topic(extra: Partial<TopicDetail> = {}): TopicDetail {
  return {
    id: 42,
    kind: "question",
    category: { slug: "handicapping-help", name_en: "Handicapping help", name_fr: "Aide au pronostic" },
    title: "How do you read the going?",
    excerpt: "Soft or heavy going",
    author: author(7, "Camille"),
    round_id: null,
    status: "published",
    is_locked: false,
    is_pinned: false,
    is_hidden: false,
    score: 2,
    reply_count: 1,
    accepted_answer_id: null,
    created_at: "2026-03-01T09:00:00Z",
    edited_at: null,
    last_activity_at: "2026-03-01T10:00:00Z",
    url: "/community/topics/42",
    viewer: { voted: false, can_edit: true, edit_until: OPEN_UNTIL, can_delete: true, can_accept: true, can_moderate: false },
    body: "Soft or heavy going: **how**?",
    body_html: "<p>Soft or heavy going: <strong>how</strong>?</p>",
    replies: { count: 1, next: null, previous: null, results: [post()] },
    ...extra,
  };
}

/** My community profile (/community/me/): a novice with nothing to show yet. */
export function myProfile(extra: Partial<MyCommunityProfile> = {}): MyCommunityProfile {
  return {
    id: ME.id,
    display_name: ME.display_name,
    reputation: 0,
    level: "novice",
    rounds_played: 0,
    winners_picked: 0,
    questions: 0,
    answers: 0,
    accepted_answers: 0,
    helpful_votes_received: 0,
    solved_share: null,
    badges: [],
    badge_summary: { gold: 0, silver: 0, bronze: 0, slugs: [] },
    can_moderate: false,
    can_watch_queue: false,
    ...extra,
  };
}

/** One line of my reputation history. */
export function reputationEvent(id: number, kind: ReputationEvent["kind"], points: number, extra: Partial<ReputationEvent> = {}): ReputationEvent {
  return { id, kind, points, day: "2026-03-02", created_at: "2026-03-02T10:00:00Z", is_reversal: false, topic: null, post: null, ...extra };
}
