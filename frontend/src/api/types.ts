/**
 * The API's shapes, named by what the pages call them and derived from the endpoints' own
 * answers in schema.d.ts (not from component names, which the backend may rename): a
 * changed path or field breaks the compile, a renamed serializer does not.
 */
import type { paths } from "./schema";

type Method = "get" | "post" | "put" | "patch" | "delete";
type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON an endpoint answers with status C. */
export type Answer<P extends keyof paths, M extends Method, C extends number = 200> = paths[P][M] extends {
  responses: infer Rs;
}
  ? C extends keyof Rs
    ? JsonOf<Rs[C]>
    : never
  : never;

/** The JSON body an endpoint takes. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

type Item<T> = T extends (infer I)[] ? I : T extends { results: (infer I)[] } ? I : never;

export type Me = Answer<"/api/v1/accounts/me/", "get">;
export type MeInput = Body<"/api/v1/accounts/me/", "patch">;

export type Round = Answer<"/api/v1/game/rounds/{round_id}/", "get">;
export type Race = Round["race"];
export type Runner = Round["runners"][number];
export type MyPick = NonNullable<Round["my_pick"]>;
export type PickInput = Body<"/api/v1/game/rounds/{round_id}/pick/", "put">;
export type RoundResult = Answer<"/api/v1/game/rounds/{round_id}/result/", "get">;
export type Finish = RoundResult["finish"][number];
export type Dividend = RoundResult["dividends"][number];
export type Crowd = Answer<"/api/v1/game/rounds/{round_id}/crowd/", "get">;
export type SeasonTable = Answer<"/api/v1/game/seasons/{season_id}/rankings/", "get">;
export type SeasonRow = SeasonTable["results"][number];
export type WeeklyTable = Answer<"/api/v1/game/rounds/{round_id}/rankings/", "get">;
export type WeeklyRow = WeeklyTable["results"][number];
export type RankPoint = Item<Answer<"/api/v1/game/seasons/{season_id}/history/", "get">>;
export type PickHistory = Item<Answer<"/api/v1/game/me/picks/", "get">>;

export type Showcase = Answer<"/api/v1/game/showcase/", "get">;
export type ShowcaseRound = Showcase["rounds"][number];
export type RecentAnswer = Item<Answer<"/api/v1/community/answers/recent/", "get">>;

export type League = Answer<"/api/v1/leagues/{public_id}/", "get">;
export type LeagueTable = Answer<"/api/v1/leagues/{public_id}/table/", "get">;
export type LeagueRow = LeagueTable["results"][number];
export type LeagueRound = Answer<"/api/v1/leagues/{public_id}/rounds/{round_id}/", "get">;
export type LeagueRoundRow = LeagueRound["results"][number];
export type InviteCode = Answer<"/api/v1/leagues/{public_id}/invite/", "get">;
export type LeagueMember = Item<Answer<"/api/v1/leagues/{public_id}/members/", "get">>;
export type LeagueCode = Item<Answer<"/api/v1/leagues/{public_id}/codes/", "get">>;
export type LeagueInvitation = Item<Answer<"/api/v1/leagues/{public_id}/invitations/", "get">>;
export type LeagueEdit = Body<"/api/v1/leagues/{public_id}/", "patch">;
export type InvitePreview = Answer<"/api/v1/leagues/join/{code}/", "get">;

export type Category = Item<Answer<"/api/v1/community/categories/", "get">>;
export type TopicPage = Answer<"/api/v1/community/topics/", "get">;
export type Topic = TopicPage["results"][number];
export type TopicDetail = Answer<"/api/v1/community/topics/{topic_id}/", "get">;
export type Post = TopicDetail["replies"]["results"][number];
export type Author = NonNullable<Topic["author"]>;
export type Level = Author["level"];
export type BadgeSummary = Author["badges"];
export type AskInput = Body<"/api/v1/community/topics/", "post">;
export type FlagReason = Body<"/api/v1/community/topics/{topic_id}/flag/", "post">["reason"];
export type Vote = Answer<"/api/v1/community/topics/{topic_id}/vote/", "post", 201>;
/** A member's community profile, as anyone signed in reads it. */
export type CommunityProfile = Answer<"/api/v1/community/players/{player_id}/", "get">;
/** My own profile: the same, and which of the community's running I see. */
export type MyCommunityProfile = Answer<"/api/v1/community/me/", "get">;
export type Award = CommunityProfile["badges"][number];
export type Badge = Item<Answer<"/api/v1/community/badges/", "get">>;
export type ReputationEvent = Answer<"/api/v1/community/me/reputation/", "get">["results"][number];
export type TopContributors = Answer<"/api/v1/community/top-contributors/", "get">;
export type Contributor = TopContributors["results"][number];
export type ContributorWindow = TopContributors["window"];
export type RoundThread = Answer<"/api/v1/community/rounds/{round_id}/thread/", "get">;
export type ModerationAction = Body<"/api/v1/community/moderation/topics/{topic_id}/", "post">["action"];

export type RoundOffer = Answer<"/api/v1/handoff/rounds/{round_id}/offer/", "get">;
export type BetOffer = NonNullable<RoundOffer["offer"]>;
export type BetAction = BetOffer["actions"][number];
export type BettingPreference = Answer<"/api/v1/handoff/preferences/", "get">;
export type SelfExclusionPeriod = Body<"/api/v1/handoff/self-exclusion/", "post">["period"];
export type BreakPeriod = Body<"/api/v1/handoff/break/", "post">["period"];
export type RealityCheckAnswer = Answer<"/api/v1/handoff/reality-check/", "get">;
export type RealityCheckData = NonNullable<RealityCheckAnswer["reality_check"]>;

export type EmailPreferences = Answer<"/api/v1/notifications/preferences/", "get">;
export type EmailPreferencesInput = Body<"/api/v1/notifications/preferences/", "patch">;
export type PushState = Answer<"/api/v1/notifications/push/", "get">;
export type PushPreferences = PushState["preferences"];

/** A list endpoint's rows, whether it answers a bare array or a page ({results}). */
export function rowsOf<T>(body: T[] | { results: T[] } | undefined | null): T[] {
  if (!body) return [];
  return Array.isArray(body) ? body : body.results;
}
