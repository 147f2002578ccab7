/**
 * Moderation (staff and the "moderators" group): the community's flag queue, the posts
 * waiting for approval, the reported live messages and the moderation log, with the
 * decisions a moderator takes on each. Keys stay in the "community" family (a decision
 * changes topics and their lists too); a live decision also refreshes the live queries.
 */
import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { liveKeys } from "../live/LiveProvider";
import { api, unwrap } from "./client";
import { invalidate, keys } from "./queries";
import type { Answer, Body } from "./types";

export type FlagRow = Answer<"/api/v1/community/moderation/flags/", "get">["results"][number];
export type Pending = Answer<"/api/v1/community/moderation/pending/", "get">;
export type AuditEntry = Answer<"/api/v1/community/moderation/log/", "get">["results"][number];
export type AuditAction = AuditEntry["action"];
export type LiveReport = Answer<"/api/v1/live/moderation/reports/", "get">["results"][number];
export type FlagDecision = Body<"/api/v1/community/moderation/flags/{flag_id}/", "post">["decision"];
export type ReportAction = Body<"/api/v1/live/moderation/reports/{report_id}/", "post">["action"];
export type Approval = "approve" | "reject";

export const AUDIT_ACTIONS: AuditAction[] = ["hide", "unhide", "lock", "unlock", "pin", "unpin", "move", "approve", "reject", "uphold_flag", "dismiss_flag", "live_hide", "live_show", "live_dismiss", "mute"];

const root = [...keys.community, "moderation"] as const;
export const moderationKeys = {
  flags: (page: number) => [...root, "flags", page] as const,
  pending: [...root, "pending"] as const,
  log: (action: AuditAction | "", page: number) => [...root, "log", action, page] as const,
  reports: (resolved: boolean, page: number) => [...root, "live-reports", resolved, page] as const,
};

export const flagQueueQuery = (page: number) =>
  queryOptions({
    queryKey: moderationKeys.flags(page),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/moderation/flags/", { params: { query: { page } }, signal })),
    placeholderData: keepPreviousData,
  });

export const pendingQuery = queryOptions({
  queryKey: moderationKeys.pending,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/moderation/pending/", { signal })),
});

export const auditLogQuery = (action: AuditAction | "", page: number) =>
  queryOptions({
    queryKey: moderationKeys.log(action, page),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/moderation/log/", { params: { query: { page, ...(action ? { action } : {}) } }, signal })),
    placeholderData: keepPreviousData,
  });

export const liveReportsQuery = (resolved: boolean, page: number) =>
  queryOptions({
    queryKey: moderationKeys.reports(resolved, page),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/live/moderation/reports/", { params: { query: { resolved: resolved ? "true" : "false", page } }, signal })),
    placeholderData: keepPreviousData,
  });

export const flagResolve = (flagId: number, decision: FlagDecision) =>
  unwrap(api.POST("/api/v1/community/moderation/flags/{flag_id}/", { params: { path: { flag_id: flagId } }, body: { decision } }));

export const topicApproval = (topicId: number, action: Approval) =>
  unwrap(api.POST("/api/v1/community/moderation/topics/{topic_id}/", { params: { path: { topic_id: topicId } }, body: { action } }));

export const postApproval = (postId: number, action: Approval) =>
  unwrap(api.POST("/api/v1/community/moderation/posts/{post_id}/", { params: { path: { post_id: postId } }, body: { action } }));

export const reportResolve = (reportId: number, action: ReportAction) =>
  unwrap(api.POST("/api/v1/live/moderation/reports/{report_id}/", { params: { path: { report_id: reportId } }, body: { action } }));

/** Silence a member in rooms and live help for the server's default time; `reason` is kept. */
export const memberMute = (player: number, reason: string) => unwrap(api.POST("/api/v1/live/moderation/mutes/", { body: { player, reason } }));

/** After a decision (or a refusal saying another moderator decided first): every queue, the
 * log and the community's lists again; for a live report, the live queries too. */
export function afterDecision(client: QueryClient, live = false): Promise<void> {
  return live ? invalidate(client, keys.community, liveKeys.all) : invalidate(client, keys.community);
}
