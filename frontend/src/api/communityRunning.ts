/**
 * Running the community: the unanswered queue (advisers, moderators), the weekly answer times
 * (operators). Keys stay in the "community" family, so a community write refreshes them too.
 */
import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

export type QueueRow = components["schemas"]["QueueRowOutput"];
export type AnswerWeek = components["schemas"]["AnswerWeekOutput"];

export const runningKeys = {
  unanswered: ["community", "unanswered"] as const,
  answerTimes: (weeks: number) => ["community", "ops", "answer-times", weeks] as const,
};

export const unansweredQueueQuery = queryOptions({
  queryKey: runningKeys.unanswered,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/unanswered/", { signal })),
});

export const answerTimesQuery = (weeks: number) =>
  queryOptions({
    queryKey: runningKeys.answerTimes(weeks),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/ops/answer-times/", { params: { query: { weeks } }, signal })),
  });

/** A share (0 to 1, or null for a week without questions) as a whole percentage. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? "–" : `${Math.round(share * 100)} %`;
}
