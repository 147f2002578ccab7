/**
 * What it takes to earn the next badges: for each ladder (answers accepted, helpful votes,
 * rounds in a row...), the first badge not held yet with my count towards it, from
 * `GET /api/v1/community/me/badges/`; badges won in one go are listed with what they ask.
 */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import type { Answer, Badge } from "../api/types";
import { useI18n } from "../i18n";
import { BadgeIcon } from "./BadgeIcon";

export type BadgeProgress = Answer<"/api/v1/community/me/badges/", "get">[number];

export const badgeProgressQuery = {
  queryKey: ["community", "me", "badges"] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => unwrap(api.GET("/api/v1/community/me/badges/", { signal })),
};

/** The ladder a badge climbs ("accepted-50" -> "accepted"); a one-off badge is its own. */
function ladderOf(slug: string): string {
  const match = /^(.*)-\d+$/.exec(slug);
  return match?.[1] ?? slug;
}

/** The next badge of each ladder that is not held, in catalogue order, with its progress. */
export function nextBadges(progress: BadgeProgress[]): BadgeProgress[] {
  const seen = new Set<string>();
  const next: BadgeProgress[] = [];
  for (const row of progress) {
    const ladder = ladderOf(row.slug);
    if (row.held || seen.has(ladder)) continue;
    seen.add(ladder);
    next.push(row);
  }
  return next;
}

export function ProgressLine({ row }: { row: BadgeProgress }) {
  const { t, fmt } = useI18n();
  if (row.current == null || row.target == null) return null;
  const text = t("badges.progress", { current: fmt.number(row.current), target: fmt.number(row.target) });
  return (
    <span className="badge-progress">
      <progress max={row.target} value={row.current} aria-label={text} />
      <span className="hint">{text}</span>
    </span>
  );
}

export function NextBadges({ catalogue }: { catalogue: Badge[] }) {
  const { t, lang } = useI18n();
  const progress = useQuery(badgeProgressQuery);
  if (!progress.data) return null;
  const bySlug = new Map(catalogue.map((b) => [b.slug, b]));
  const next = nextBadges(progress.data).filter((row) => bySlug.has(row.slug));
  if (next.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="next-badges">
      <h2 id="next-badges">{t("badges.next")}</h2>
      <ul className="list-plain badge-grid">
        {next.map((row) => {
          const badge = bySlug.get(row.slug) as Badge;
          return (
            <li key={row.slug} className={`badge-card tier-${badge.tier}`}>
              <BadgeIcon slug={badge.slug} tier={badge.tier} locked />
              <div>
                <p className="badge-name">
                  {lang === "fr" ? badge.name_fr : badge.name_en} <span className="muted">· {t(`community.tier.${badge.tier}`)}</span>
                </p>
                <p className="hint">{lang === "fr" ? badge.description_fr : badge.description_en}</p>
                <ProgressLine row={row} />
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
