"""Badge definitions: in code, so a badge's rule and its words change in one review.

Awards live in the database (`Award`, unique per player and badge, or per player, badge and
season for the season badges) and point at a definition by slug. Thresholds are module
constants the services read; the names and descriptions are what the API shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tier(StrEnum):
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class Side(StrEnum):
    COMMUNITY = "community"
    GAME = "game"


@dataclass(frozen=True, slots=True)
class Badge:
    slug: str
    tier: Tier
    side: Side
    name_en: str
    name_fr: str
    description_en: str
    description_fr: str
    per_season: bool = False


# Community thresholds (counts of what the player received or wrote).
ACCEPTED_ANSWER_BADGES = ((10, "accepted-10"), (50, "accepted-50"), (200, "accepted-200"))
HELPFUL_VOTE_BADGES = ((10, "helpful-10"), (100, "helpful-100"), (500, "helpful-500"))
# Game thresholds.
LONGSHOT_MIN_WIN_DIVIDEND_CENTS = 2000  # strictly above 20.00 € for 1 €
STREAK_BADGES = ((3, "streak-3"), (10, "streak-10"), (25, "streak-25"))
SEASON_TOP_SHARE = 0.10
SEASON_TOP_COUNT = 100

BADGES: tuple[Badge, ...] = (
    Badge(
        "first-answer",
        Tier.BRONZE,
        Side.COMMUNITY,
        "First answer",
        "Première réponse",
        "Answered a question for the first time.",
        "A répondu à une question pour la première fois.",
    ),
    Badge(
        "accepted-10",
        Tier.BRONZE,
        Side.COMMUNITY,
        "Helping hand",
        "Coup de main",
        "10 answers accepted.",
        "10 réponses acceptées.",
    ),
    Badge(
        "accepted-50",
        Tier.SILVER,
        Side.COMMUNITY,
        "Paddock mentor",
        "Mentor du paddock",
        "50 answers accepted.",
        "50 réponses acceptées.",
    ),
    Badge(
        "accepted-200",
        Tier.GOLD,
        Side.COMMUNITY,
        "Professor",
        "Professeur",
        "200 answers accepted.",
        "200 réponses acceptées.",
    ),
    Badge(
        "helpful-10",
        Tier.BRONZE,
        Side.COMMUNITY,
        "Useful",
        "Utile",
        "10 helpful votes received.",
        "10 votes « utile » reçus.",
    ),
    Badge(
        "helpful-100",
        Tier.SILVER,
        Side.COMMUNITY,
        "Valued",
        "Apprécié",
        "100 helpful votes received.",
        "100 votes « utile » reçus.",
    ),
    Badge(
        "helpful-500",
        Tier.GOLD,
        Side.COMMUNITY,
        "Pillar of the paddock",
        "Pilier du paddock",
        "500 helpful votes received.",
        "500 votes « utile » reçus.",
    ),
    Badge(
        "picked-winner",
        Tier.BRONZE,
        Side.GAME,
        "Picked the winner",
        "A trouvé le gagnant",
        "Your WIN pick won a round's race.",
        "Votre sélection gagnant a remporté la course d'une manche.",
    ),
    Badge(
        "perfect-week",
        Tier.SILVER,
        Side.GAME,
        "Perfect week",
        "Semaine parfaite",
        "Both your WIN and PLACE picks paid in the same round.",
        "Vos sélections gagnant et placé ont payé dans la même manche.",
    ),
    Badge(
        "longshot",
        Tier.GOLD,
        Side.GAME,
        "Longshot",
        "Coup de poker",
        "Picked a winner paying more than 20.00 € for 1 €.",
        "A trouvé un gagnant à plus de 20,00 € pour 1 €.",
    ),
    Badge(
        "streak-3",
        Tier.BRONZE,
        Side.GAME,
        "Regular",
        "Fidèle",
        "Played 3 rounds of a season in a row.",
        "A joué 3 manches d'affilée d'une saison.",
    ),
    Badge(
        "streak-10",
        Tier.SILVER,
        Side.GAME,
        "Ironman",
        "Infatigable",
        "Played 10 rounds of a season in a row.",
        "A joué 10 manches d'affilée d'une saison.",
    ),
    Badge(
        "streak-25",
        Tier.GOLD,
        Side.GAME,
        "Never misses a race",
        "Jamais absent",
        "Played 25 rounds of a season in a row.",
        "A joué 25 manches d'affilée d'une saison.",
    ),
    Badge(
        "season-top-10-percent",
        Tier.BRONZE,
        Side.GAME,
        "Top 10 %",
        "Top 10 %",
        "Finished a season in the top 10 % of the ranking.",
        "A fini une saison dans les 10 % premiers du classement.",
        per_season=True,
    ),
    Badge(
        "season-top-100",
        Tier.SILVER,
        Side.GAME,
        "Top 100",
        "Top 100",
        "Finished a season in the top 100 of the ranking.",
        "A fini une saison dans les 100 premiers du classement.",
        per_season=True,
    ),
    Badge(
        "season-champion",
        Tier.GOLD,
        Side.GAME,
        "Champion",
        "Champion",
        "Finished first of a season's ranking.",
        "A fini premier du classement d'une saison.",
        per_season=True,
    ),
)

BADGES_BY_SLUG: dict[str, Badge] = {badge.slug: badge for badge in BADGES}
BADGE_CHOICES = [(badge.slug, badge.name_en) for badge in BADGES]
TIER_ORDER = {Tier.GOLD: 0, Tier.SILVER: 1, Tier.BRONZE: 2}


def badge(slug: str) -> Badge:
    return BADGES_BY_SLUG[slug]
