/**
 * Badges drawn as badges: a medal in its tier's colour (gold, silver, bronze) with an
 * emblem per badge family, as inline SVG (no image request, crisp at any size). The
 * emblems are decorative: the badge's name is always written beside them.
 */
import type { ReactNode } from "react";

export type Tier = "gold" | "silver" | "bronze";

const EMBLEMS: Record<string, ReactNode> = {
  // A speech bubble: the first answer.
  answer: <path d="M7 8.5h10a1.5 1.5 0 0 1 1.5 1.5v4.5A1.5 1.5 0 0 1 17 16h-5l-3 2.5V16H7a1.5 1.5 0 0 1-1.5-1.5V10A1.5 1.5 0 0 1 7 8.5z" />,
  // A tick: answers accepted.
  accepted: <path d="M7.5 12.5l3 3 6-6.5" />,
  // A raised thumb: helpful votes.
  helpful: <path d="M9 17.5V11l3-4.5c.9 0 1.5.7 1.3 1.6L13 10.5h3.6a1.4 1.4 0 0 1 1.4 1.7l-.9 4.1a1.5 1.5 0 0 1-1.5 1.2H9zM6.5 11h2.5v6.5H6.5z" />,
  // A chequered flag: picked the winner.
  winner: <path d="M8 18.5V6.5m0 0h8.5l-1.8 3 1.8 3H8M10.8 6.5v6M13.6 6.5v6" />,
  // A star: the perfect week.
  perfect: <path d="M12 6.5l1.7 3.5 3.8.5-2.8 2.6.7 3.8L12 15.1l-3.4 1.8.7-3.8-2.8-2.6 3.8-.5z" />,
  // A target: the longshot.
  longshot: (
    <>
      <circle cx="12" cy="12.5" r="5.5" />
      <circle cx="12" cy="12.5" r="2.5" />
      <path d="M12 12.5l5-5" />
    </>
  ),
  // A flame: rounds played in a row.
  streak: <path d="M12 18.5c-2.6 0-4.3-1.8-4.3-4.1 0-2.6 2.3-3.7 2.6-6.9 1.6 1 2.4 2.4 2.5 3.9.6-.5 1-1.2 1.1-2 1.5 1.2 2.4 3 2.4 5 0 2.3-1.7 4.1-4.3 4.1z" />,
  // A podium: finishing in a season's top places.
  podium: <path d="M6.5 17.5v-4h3.7v4m0 0v-7h3.6v7m0 0v-5.5h3.7v5.5zM6 17.5h12" />,
  // A crown: the season's champion.
  champion: <path d="M6.5 16.5l-1-7 3.8 3L12 7.5l2.7 5 3.8-3-1 7zM7 18.5h10" />,
};

/** The emblem of a badge, by the family its slug names ("accepted-50" -> accepted). */
export function emblemOf(slug: string): string {
  if (slug === "first-answer") return "answer";
  if (slug === "picked-winner") return "winner";
  if (slug === "perfect-week") return "perfect";
  if (slug === "season-champion") return "champion";
  if (slug.startsWith("season-")) return "podium";
  const family = slug.split("-")[0] ?? "";
  return family in EMBLEMS ? family : "perfect";
}

/** One badge's medal; `locked` draws a badge not earned yet, greyed. */
export function BadgeIcon({ slug, tier, size = 40, locked = false }: { slug: string; tier: Tier; size?: number; locked?: boolean }) {
  return (
    <svg className={`badge-icon tier-${tier}${locked ? " is-locked" : ""}`} viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" data-emblem={emblemOf(slug)}>
      <circle className="badge-icon-disc" cx="12" cy="12.5" r="10.5" />
      <circle className="badge-icon-rim" cx="12" cy="12.5" r="8.8" />
      <g className="badge-icon-emblem">{EMBLEMS[emblemOf(slug)]}</g>
    </svg>
  );
}

/** A small plain medal of a tier, for counts beside a player's name. */
export function TierMedal({ tier, size = 16 }: { tier: Tier; size?: number }) {
  return (
    <svg className={`badge-icon tier-${tier}`} viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <circle className="badge-icon-disc" cx="12" cy="12" r="10.5" />
      <path className="badge-icon-emblem" d="M12 7l1.5 3.1 3.4.5-2.5 2.4.6 3.4-3-1.6-3 1.6.6-3.4-2.5-2.4 3.4-.5z" />
    </svg>
  );
}
