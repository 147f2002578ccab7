/** /community/me (my reputation, level, badges, history) and /community/players/<id>. */
import { useQuery } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { badgesQuery, myProfileQuery, myReputationQuery, playerQuery } from "../../api/queries";
import type { Award, Badge, CommunityProfile, ReputationEvent } from "../../api/types";
import { BadgeIcon } from "../../components/BadgeIcon";
import { NextBadges } from "../../components/BadgeProgress";
import { BadgeCounts, LevelBadge, levelKey, Pagination } from "../../components/community";
import { ErrorMessage, Loading, Notice, PageTitle } from "../../components/ui";
import { together } from "../../hooks";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { Link, useLocationKey } from "../../router";
import { eventKindKey, expertisePoints, levelProgress, localized, PAGE_SIZE, pageCount, pageParam, signed, withQuery } from "./communityLogic";

function Standing({ profile }: { profile: CommunityProfile }) {
  const { t, fmt } = useI18n();
  const points = expertisePoints(profile);
  const progress = levelProgress(points);
  const stats: [MessageKey, number][] = [
    ["community.stats.questions", profile.questions],
    ["community.stats.answers", profile.answers],
    ["community.stats.accepted", profile.accepted_answers],
    ["community.stats.helpful", profile.helpful_votes_received],
    ["community.stats.rounds", profile.rounds_played],
    ["community.stats.winners", profile.winners_picked],
  ];
  return (
    <>
      <div className="card stack">
        <dl className="facts">
          <div>
            <dt>{t("community.reputation")}</dt>
            <dd className="stat">{fmt.number(profile.reputation)}</dd>
          </div>
          <div>
            <dt>{t("community.level")}</dt>
            <dd>
              <LevelBadge level={profile.level} />
            </dd>
          </div>
        </dl>
        {progress ? (
          <>
            <p>{t("community.levelProgress", { points: fmt.number(points), left: fmt.number(progress.left), next: t(levelKey(progress.next)) })}</p>
            <div
              className="progress"
              role="progressbar"
              aria-label={t("community.level")}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(progress.ratio * 100)}
            >
              <span style={{ width: `${Math.round(progress.ratio * 100)}%` }} />
            </div>
          </>
        ) : (
          <p>{t("community.levelTop", { points: fmt.number(points) })}</p>
        )}
        <p className="hint">{t("community.expertiseHint")}</p>
      </div>
      <dl className="facts card">
        {stats.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd className="stat">{fmt.number(value)}</dd>
          </div>
        ))}
        <div>
          <dt>{t("community.stats.solvedShare")}</dt>
          <dd className="stat">{profile.solved_share === null ? "–" : fmt.percent(profile.solved_share)}</dd>
        </div>
      </dl>
    </>
  );
}

function BadgeItem({ badge, award }: { badge: Badge | Award; award?: Award }) {
  const { t, lang, fmt } = useI18n();
  return (
    <li className={`badge-card tier-${badge.tier}${award ? "" : " is-locked"}`}>
      <BadgeIcon slug={badge.slug} tier={badge.tier} locked={!award} />
      <div>
        <p className="badge-name">
          {localized(badge, "name", lang)} <span className="muted">· {t(`community.tier.${badge.tier}` as MessageKey)}</span>
        </p>
        <p className="hint">{localized(badge, "description", lang)}</p>
        {award && (
          <p className="hint">
            {award.season_name ? `${award.season_name} · ` : ""}
            <time dateTime={award.awarded_at}>{t("community.awardedOn", { date: fmt.date(award.awarded_at) })}</time>
          </p>
        )}
      </div>
    </li>
  );
}

function Badges({ profile, catalogue }: { profile: CommunityProfile; catalogue?: Badge[] }) {
  const { t } = useI18n();
  const held = new Set(profile.badges.map((b) => b.slug));
  const toEarn = (catalogue ?? []).filter((b) => !held.has(b.slug));
  return (
    <section className="card stack" aria-labelledby="badges-title">
      <h2 id="badges-title">
        {t("community.badges")} <BadgeCounts summary={profile.badge_summary} />
      </h2>
      {profile.badges.length === 0 ? (
        <p>{t("community.noBadges")}</p>
      ) : (
        <ul className="list-plain badge-grid">
          {profile.badges.map((award) => (
            <BadgeItem key={`${award.slug}-${award.season_id ?? ""}`} badge={award} award={award} />
          ))}
        </ul>
      )}
      {toEarn.length > 0 && (
        <details>
          <summary>{t("community.badgesToEarn")}</summary>
          <ul className="list-plain badge-grid">
            {toEarn.map((badge) => (
              <BadgeItem key={badge.slug} badge={badge} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function History({ events, count, page }: { events: ReputationEvent[]; count: number; page: number }) {
  const { t, fmt } = useI18n();
  return (
    <section className="card stack" aria-labelledby="history-title">
      <h2 id="history-title">{t("community.history")}</h2>
      <p className="hint">{t("community.howToEarn")}</p>
      {events.length === 0 ? (
        <p>{t("community.historyEmpty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("community.history")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("community.event.date")}</th>
                <th scope="col">{t("community.event.what")}</th>
                <th scope="col" className="num">
                  {t("community.event.points")}
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const kind = t(eventKindKey(e.kind));
                const what = e.is_reversal ? t("community.event.reversal", { kind }) : kind;
                return (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.created_at}>{fmt.shortDate(e.created_at)}</time>
                    </td>
                    <td>{e.topic ? <Link to={`/community/topics/${e.topic}${e.post ? `#post-${e.post}` : ""}`}>{what}</Link> : what}</td>
                    <td className={`num ${e.points > 0 ? "move-up" : e.points < 0 ? "move-down" : ""}`}>{signed(e.points, fmt.number)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pageCount(count)} hrefFor={(p) => withQuery("/community/me", { page: p })} />
    </section>
  );
}

export function MyReputation() {
  const { t } = useI18n();
  const key = useLocationKey();
  const page = pageParam(new URLSearchParams(key.split("?")[1] ?? "").get("page"));
  const profile = useQuery(myProfileQuery);
  const events = useQuery(myReputationQuery(page, PAGE_SIZE));
  const catalogue = useQuery(badgesQuery);
  const state = together(profile, events, catalogue);
  const data =
    profile.data && events.data && catalogue.data ? { profile: profile.data, events: events.data, catalogue: catalogue.data } : null;
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link>
      </nav>
      <PageTitle>{t("community.myReputation")}</PageTitle>
      {state.error ? (
        <ErrorMessage error={state.error} retry={state.retry} />
      ) : state.loading ? (
        <Loading />
      ) : data ? (
        <>
          <Standing profile={data.profile} />
          <History events={data.events.results} count={data.events.count} page={page} />
          <NextBadges catalogue={data.catalogue} />
          <Badges profile={data.profile} catalogue={data.catalogue} />
          <p className="row">
            <Link to={`/community/players/${data.profile.id}`}>{t("community.publicProfile")}</Link>
            <Link to="/community/top">{t("community.topContributors")}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}

export function PlayerProfile({ id }: { id: string }) {
  const { t } = useI18n();
  const playerId = Number(id);
  const { data, error, isPending, refetch } = useQuery(playerQuery(playerId));
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <section className="stack">
      <nav aria-label={t("app.breadcrumb")} className="breadcrumb">
        <Link to="/community">{t("community.title")}</Link> › <Link to="/community/top">{t("community.topContributors")}</Link>
      </nav>
      {error ? (
        <>
          <PageTitle>{t("community.title")}</PageTitle>
          {missing ? <Notice kind="error">{t("community.playerNotFound")}</Notice> : <ErrorMessage error={error} retry={() => void refetch()} />}
        </>
      ) : isPending ? (
        <Loading />
      ) : data ? (
        <>
          <PageTitle title={data.display_name}>{data.display_name}</PageTitle>
          <Standing profile={data} />
          <Badges profile={data} />
        </>
      ) : null}
    </section>
  );
}
