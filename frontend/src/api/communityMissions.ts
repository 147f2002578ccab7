/**
 * Missions (a member's progress and badges), community events (everyone reads them, members
 * follow them) and the operators' community dashboard. Keys stay in the "community" family.
 */
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

export type MissionProgress = components["schemas"]["ProgressOutput"];
export type MissionBadge = components["schemas"]["MissionBadgeOutput"];
export type CommunityEvent = components["schemas"]["EventOutput"];
export type Dashboard = components["schemas"]["DashboardOutput"];
export type Ambassadors = components["schemas"]["AmbassadorsOutput"];

export const missionKeys = {
  mine: ["community", "missions"] as const,
  events: ["community", "events"] as const,
  dashboard: (weeks: number) => ["community", "ops", "dashboard", weeks] as const,
  ambassadors: ["community", "ops", "ambassadors"] as const,
};

export const myMissionsQuery = queryOptions({
  queryKey: missionKeys.mine,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/missions/", { signal })),
});

export const eventsQuery = queryOptions({
  queryKey: missionKeys.events,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/events/", { signal })),
});

export const dashboardQuery = (weeks: number) =>
  queryOptions({
    queryKey: missionKeys.dashboard(weeks),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/ops/dashboard/", { params: { query: { weeks } }, signal })),
  });

export const ambassadorsQuery = queryOptions({
  queryKey: missionKeys.ambassadors,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/ops/ambassadors/", { signal })),
});

export function setAmbassador(playerId: number, on: boolean) {
  const params = { params: { path: { player_id: playerId } } };
  return unwrap(on ? api.POST("/api/v1/community/ops/ambassadors/{player_id}/", params) : api.DELETE("/api/v1/community/ops/ambassadors/{player_id}/", params));
}

export function followEvent(id: number, follow: boolean): Promise<CommunityEvent> {
  const params = { params: { path: { event_id: id } } };
  return unwrap(follow ? api.POST("/api/v1/community/events/{event_id}/follow/", params) : api.DELETE("/api/v1/community/events/{event_id}/follow/", params));
}

/** The address of one table of the dashboard as CSV (a plain link: the browser downloads it). */
export function dashboardCsvUrl(table: "per_category" | "answer_times" | "subjects" | "helpers", weeks: number): string {
  return `/api/v1/community/ops/dashboard/export/?table=${table}&weeks=${weeks}`;
}

/** Progress as a share of the target, 0 to 1. */
export function progressShare(count: number, target: number): number {
  return target > 0 ? Math.max(0, Math.min(1, count / target)) : 0;
}
