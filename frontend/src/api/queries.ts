/**
 * Server state: one query per resource of the API, named by its key. A key starts with its
 * resource's family ("rounds", "league", "community"...), so that a write makes a whole family
 * stale with one prefix (see `invalidate`). Every query passes its `signal` to the request:
 * a page left before its answer came cancels it.
 */
import { infiniteQueryOptions, keepPreviousData, type QueryClient, type QueryKey, queryOptions } from "@tanstack/react-query";
import { api, ApiError, unwrap } from "./client";
import { type Badge, type Round, rowsOf, type TopicDetail } from "./types";

export type RoundsWhen = "current" | "past";
export type OfferPage = "pick" | "results";
export type TopicFilter = { category?: string; q?: string; unanswered?: boolean; page: number; pageSize: number };
export type ContributorPeriod = "week" | "season" | "all";

export const keys = {
  me: ["me"] as const,
  rounds: ["rounds"] as const,
  roundList: (when: RoundsWhen) => ["rounds", "list", when] as const,
  round: (roundId: number) => ["rounds", roundId] as const,
  result: (roundId: number) => ["rounds", roundId, "result"] as const,
  crowd: (roundId: number) => ["rounds", roundId, "crowd"] as const,
  weeklyTable: (roundId: number) => ["rounds", roundId, "rankings"] as const,
  seasons: ["seasons"] as const,
  currentSeason: ["seasons", "current"] as const,
  seasonTable: (seasonId: number) => ["seasons", seasonId, "rankings"] as const,
  seasonSearch: (seasonId: number, q: string) => ["seasons", seasonId, "rankings", "search", q] as const,
  rankHistory: (seasonId: number) => ["seasons", seasonId, "history"] as const,
  myPicks: ["picks"] as const,
  showcase: ["showcase"] as const,
  recentAnswers: ["community", "answers", "recent"] as const,
  leagues: ["leagues"] as const,
  directory: (search: string) => ["leagues", "directory", search] as const,
  leagueDetail: (leagueId: string) => ["league", leagueId, "detail"] as const,
  leagueMembers: (leagueId: string) => ["league", leagueId, "members"] as const,
  leagueCodes: (leagueId: string) => ["league", leagueId, "codes"] as const,
  leagueInvitations: (leagueId: string) => ["league", leagueId, "invitations"] as const,
  leagueFamily: ["league"] as const,
  league: (leagueId: string) => ["league", leagueId] as const,
  leagueTable: (leagueId: string) => ["league", leagueId, "table"] as const,
  leagueRound: (leagueId: string, roundId: number) => ["league", leagueId, "rounds", roundId] as const,
  leagueInvite: (leagueId: string) => ["league", leagueId, "invite"] as const,
  invitePreview: (code: string) => ["invite", code] as const,
  community: ["community"] as const,
  categories: ["community", "categories"] as const,
  topicLists: ["community", "topics"] as const,
  topics: (filter: TopicFilter) => ["community", "topics", filter] as const,
  topicFamily: ["community", "topic"] as const,
  topic: (topicId: number) => ["community", "topic", topicId] as const,
  topicPage: (topicId: number, page: number) => ["community", "topic", topicId, page] as const,
  roundThread: (roundId: number) => ["community", "thread", roundId] as const,
  myProfile: ["community", "me"] as const,
  myReputation: (page: number) => ["community", "me", "reputation", page] as const,
  badges: ["community", "badges"] as const,
  profiles: ["community", "players"] as const,
  player: (playerId: number) => ["community", "players", playerId] as const,
  topContributors: (period: ContributorPeriod) => ["community", "top", period] as const,
  handoff: ["handoff"] as const,
  offers: ["handoff", "offer"] as const,
  roundOffers: (roundId: number) => ["handoff", "offer", roundId] as const,
  offer: (roundId: number, page: OfferPage) => ["handoff", "offer", roundId, page] as const,
  bettingPreferences: ["handoff", "preferences"] as const,
  realityCheck: ["handoff", "reality-check"] as const,
  emailPreferences: ["notifications", "preferences"] as const,
  pushState: ["notifications", "push"] as const,
  passwordResetKey: (key: string) => ["password-reset", key] as const,
};

/** Mark every query under these keys stale: the ones on screen are asked again now, the others when next shown. */
export function invalidate(client: QueryClient, ...prefixes: QueryKey[]): Promise<void> {
  return Promise.all(prefixes.map((queryKey) => client.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** Null for the statuses that mean "nothing to show here", the error for any other. */
function nullOn(statuses: number[]): (error: unknown) => null {
  return (error) => {
    if (error instanceof ApiError && statuses.includes(error.status)) return null;
    throw error;
  };
}

/** The page number of a list's `next` link (absolute, with `page` and `page_size`), or undefined at the end. */
export function nextPage(next: string | null | undefined): number | undefined {
  if (!next) return undefined;
  const page = Number(new URL(next, "http://paddock.invalid").searchParams.get("page"));
  return Number.isInteger(page) && page > 0 ? page : undefined;
}

/** Rows per page of the standings tables (rankings and league tables). */
export const TABLE_PAGE = 50;

// The game

/** Open rounds and locked ones awaiting their result, soonest first; or settled and void ones, latest first. */
export const roundsQuery = (when: RoundsWhen) =>
  queryOptions({
    queryKey: keys.roundList(when),
    queryFn: async ({ signal }) => rowsOf(await unwrap(api.GET("/api/v1/game/rounds/", { params: { query: { when } }, signal }))),
  });

/** The round to pick on: the first still open, else the first awaiting its result. */
export function roundToPick(rounds: Round[]): Round | null {
  return rounds.find((r) => r.picks_open) ?? rounds[0] ?? null;
}

export const roundQuery = (roundId: number) =>
  queryOptions({
    queryKey: keys.round(roundId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/game/rounds/{round_id}/", { params: { path: { round_id: roundId } }, signal })),
  });

/** The official result, or null while the round awaits it (409). */
export const resultQuery = (roundId: number) =>
  queryOptions({
    queryKey: keys.result(roundId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/game/rounds/{round_id}/result/", { params: { path: { round_id: roundId } }, signal })).catch(nullOn([409])),
  });

/** What the players picked, or null before the lock (the crowd is private until then: 403). */
export const crowdQuery = (roundId: number) =>
  queryOptions({
    queryKey: keys.crowd(roundId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/game/rounds/{round_id}/crowd/", { params: { path: { round_id: roundId } }, signal })).catch(nullOn([403])),
  });

/** This week for visitors: the current rounds and the top of the season (display names only). */
export const showcaseQuery = queryOptions({
  queryKey: keys.showcase,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/game/showcase/", { signal })),
});

/** The latest answers to public questions, for the visitors' home page. */
export const recentAnswersQuery = queryOptions({
  queryKey: keys.recentAnswers,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/answers/recent/", { signal })),
});

/** The active season, or null when none is running. */
export const currentSeasonQuery = queryOptions({
  queryKey: keys.currentSeason,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/game/seasons/current/", { signal })).catch(nullOn([404])),
});

export const seasonTableQuery = (seasonId: number) =>
  infiniteQueryOptions({
    queryKey: keys.seasonTable(seasonId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/game/seasons/{season_id}/rankings/", {
          params: { path: { season_id: seasonId }, query: { page: pageParam, page_size: TABLE_PAGE } },
          signal,
        }),
      ),
    getNextPageParam: (last) => nextPage(last.next),
  });

export const seasonSearchQuery = (seasonId: number, q: string) =>
  queryOptions({
    queryKey: keys.seasonSearch(seasonId, q),
    // Another page or filter of the same list: the rows shown stay until the new ones come.
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/game/seasons/{season_id}/rankings/search/", { params: { path: { season_id: seasonId }, query: { q } }, signal })),
  });

export const weeklyTableQuery = (roundId: number) =>
  infiniteQueryOptions({
    queryKey: keys.weeklyTable(roundId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/game/rounds/{round_id}/rankings/", {
          params: { path: { round_id: roundId }, query: { page: pageParam, page_size: TABLE_PAGE } },
          signal,
        }),
      ),
    getNextPageParam: (last) => nextPage(last.next),
  });

export const rankHistoryQuery = (seasonId: number) =>
  queryOptions({
    queryKey: keys.rankHistory(seasonId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/game/seasons/{season_id}/history/", { params: { path: { season_id: seasonId } }, signal })),
  });

export const myPicksQuery = queryOptions({
  queryKey: keys.myPicks,
  queryFn: async ({ signal }) => rowsOf(await unwrap(api.GET("/api/v1/game/me/picks/", { signal }))),
});

// Leagues

export const myLeaguesQuery = queryOptions({
  queryKey: keys.leagues,
  queryFn: async ({ signal }) => rowsOf(await unwrap(api.GET("/api/v1/leagues/", { signal }))),
});

export const leagueTableQuery = (leagueId: string) =>
  infiniteQueryOptions({
    queryKey: keys.leagueTable(leagueId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/leagues/{public_id}/table/", {
          params: { path: { public_id: leagueId }, query: { page: pageParam, page_size: TABLE_PAGE } },
          signal,
        }),
      ),
    getNextPageParam: (last) => nextPage(last.next),
  });

export const leagueRoundQuery = (leagueId: string, roundId: number) =>
  infiniteQueryOptions({
    queryKey: keys.leagueRound(leagueId, roundId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/leagues/{public_id}/rounds/{round_id}/", {
          params: { path: { public_id: leagueId, round_id: roundId }, query: { page: pageParam, page_size: TABLE_PAGE } },
          signal,
        }),
      ),
    getNextPageParam: (last) => nextPage(last.next),
  });

/** The league's invitation, or null without a usable code or the right to share it (404, 403). */
export const leagueInviteQuery = (leagueId: string) =>
  queryOptions({
    queryKey: keys.leagueInvite(leagueId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/leagues/{public_id}/invite/", { params: { path: { public_id: leagueId } }, signal })).catch(nullOn([403, 404])),
  });

/** The league as I see it, with my role (null when I am not a member of a public league). */
export const leagueDetailQuery = (leagueId: string) =>
  queryOptions({
    queryKey: keys.leagueDetail(leagueId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/leagues/{public_id}/", { params: { path: { public_id: leagueId } }, signal })),
  });

/** Rows per page of a league's member list (one page shows a usual league whole). */
export const MEMBERS_PAGE = 200;

export const leagueMembersQuery = (leagueId: string) =>
  infiniteQueryOptions({
    queryKey: keys.leagueMembers(leagueId),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/leagues/{public_id}/members/", {
          params: { path: { public_id: leagueId }, query: { page: pageParam, page_size: MEMBERS_PAGE } },
          signal,
        }),
      ),
    getNextPageParam: (last) => nextPage(last.next),
  });

/** The league's invite codes (owner and managers). */
export const leagueCodesQuery = (leagueId: string) =>
  queryOptions({
    queryKey: keys.leagueCodes(leagueId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/leagues/{public_id}/codes/", { params: { path: { public_id: leagueId } }, signal })),
  });

/** The league's email invitations (owner and managers). */
export const leagueInvitationsQuery = (leagueId: string) =>
  queryOptions({
    queryKey: keys.leagueInvitations(leagueId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/leagues/{public_id}/invitations/", { params: { path: { public_id: leagueId } }, signal })),
  });

/** Public leagues, searched by name, page by page. */
export const directoryQuery = (search: string) =>
  infiniteQueryOptions({
    queryKey: keys.directory(search),
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET("/api/v1/leagues/directory/", { params: { query: { page: pageParam, page_size: 20, ...(search ? { search } : {}) } }, signal })),
    getNextPageParam: (last) => nextPage(last.next),
    placeholderData: keepPreviousData,
  });

export const invitePreviewQuery = (code: string) =>
  queryOptions({
    queryKey: keys.invitePreview(code),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/leagues/join/{code}/", { params: { path: { code } }, signal })),
  });

// The community

export const categoriesQuery = queryOptions({
  queryKey: keys.categories,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/categories/", { signal })),
});

export const topicsQuery = (filter: TopicFilter) =>
  queryOptions({
    queryKey: keys.topics(filter),
    // Another page or filter of the same list: the rows shown stay until the new ones come.
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => {
      const { category, q, unanswered, page, pageSize } = filter;
      const query = { ...(category ? { category } : {}), ...(q ? { q } : {}), ...(unanswered ? { unanswered } : {}), page, page_size: pageSize };
      return unwrap(api.GET("/api/v1/community/topics/", { params: { query }, signal }));
    },
  });

export const topicQuery = (topicId: number, page: number, pageSize: number) =>
  queryOptions({
    queryKey: keys.topicPage(topicId, page),
    // Another page of the same topic: the replies shown stay until the new ones come.
    placeholderData: (previous: TopicDetail | undefined, query) => (query?.queryKey[2] === topicId ? previous : undefined),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/community/topics/{topic_id}/", { params: { path: { topic_id: topicId }, query: { page, page_size: pageSize } }, signal })),
  });

export const roundThreadQuery = (roundId: number) =>
  queryOptions({
    queryKey: keys.roundThread(roundId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/rounds/{round_id}/thread/", { params: { path: { round_id: roundId } }, signal })),
  });

export const myProfileQuery = queryOptions({
  queryKey: keys.myProfile,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/me/", { signal })),
});

export const myReputationQuery = (page: number, pageSize: number) =>
  queryOptions({
    queryKey: keys.myReputation(page),
    // Another page or filter of the same list: the rows shown stay until the new ones come.
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/me/reputation/", { params: { query: { page, page_size: pageSize } }, signal })),
  });

/** Every badge there is (the ones still to earn); none when it cannot be had. */
export const badgesQuery = queryOptions({
  queryKey: keys.badges,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/badges/", { signal })).catch((): Badge[] => []),
});

export const playerQuery = (playerId: number) =>
  queryOptions({
    queryKey: keys.player(playerId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/players/{player_id}/", { params: { path: { player_id: playerId } }, signal })),
  });

export const topContributorsQuery = (period: ContributorPeriod) =>
  queryOptions({
    queryKey: keys.topContributors(period),
    // Another page or filter of the same list: the rows shown stay until the new ones come.
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/community/top-contributors/", { params: { query: { window: period, limit: 50 } }, signal })),
  });

// Betting hand-off and email preferences

export const offerQuery = (roundId: number, page: OfferPage) =>
  queryOptions({
    queryKey: keys.offer(roundId, page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/handoff/rounds/{round_id}/offer/", { params: { path: { round_id: roundId }, query: { page } }, signal })),
  });

export const realityCheckQuery = queryOptions({
  queryKey: keys.realityCheck,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/handoff/reality-check/", { signal })),
});

export const bettingPreferencesQuery = queryOptions({
  queryKey: keys.bettingPreferences,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/handoff/preferences/", { signal })),
});

export const emailPreferencesQuery = queryOptions({
  queryKey: keys.emailPreferences,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/notifications/preferences/", { signal })),
});

/** Web Push: whether the server sends pushes (its VAPID key), my browsers and my per-kind choices. */
export const pushStateQuery = queryOptions({
  queryKey: keys.pushState,
  queryFn: ({ signal }) => unwrap(api.GET("/api/v1/notifications/push/", { signal })),
});
