"""What the page shell says about each route before the app runs: title, description, canonical.

Search engines and link previews read the HTML Django sends, not what React renders later, so
the shell carries each route's title and description in the reader's language (en, fr) and its
canonical URL. The web app sets the same values when it moves between pages
(frontend/src/head.ts). Routes mirror frontend/src/App.tsx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

LANGS = ("en", "fr")

# The pages anyone may open without an account: the sitemap lists them, robots.txt allows them.
PUBLIC_PAGES = ("/", "/account/signup", "/account/login")

# Crawlers have nothing to read behind these (the API, the admin, join codes, bet links).
ROBOTS_DISALLOW = (
    "/api/",
    "/admin/",
    "/accounts/",
    "/_allauth/",
    "/go/",
    "/leagues/join/",
    "/account/verify-email/",
    "/account/password/reset/",
    "/ops",
)

_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    # route: {lang: (title, description)}; an empty title is the app's name alone.
    "/": {
        "en": (
            "",
            (
                "Paddock is a free weekly horse-racing prediction game: pick a horse to win and "
                "one to place in the week's big race, scored at the official dividends."
            ),
        ),
        "fr": (
            "",
            (
                "Paddock est un jeu gratuit de pronostics hippiques : chaque semaine, "
                "choisissez un cheval gagnant et un placé dans la grande course, comptés aux "
                "rapports officiels."
            ),
        ),
    },
    "/pick": {
        "en": ("Pick", "Choose your win and place horses for this week's race before the lock."),
        "fr": ("Pronostic", "Choisissez vos chevaux gagnant et placé avant le départ."),
    },
    "/results": {
        "en": ("Results", "The official finish, the dividends and the points of every pick."),
        "fr": ("Résultats", "L'arrivée officielle, les rapports et les points de chaque pick."),
    },
    "/rounds": {
        "en": ("Round", "This week's race, its runners and what the crowd picked."),
        "fr": ("Manche", "La course de la semaine, ses partants et les choix des joueurs."),
    },
    "/rankings": {
        "en": ("Rankings", "The week's and the season's ranking of every Paddock player."),
        "fr": ("Classements", "Le classement de la semaine et de la saison de Paddock."),
    },
    "/profile": {
        "en": ("My profile", "Your picks, points and rank, week after week."),
        "fr": ("Mon profil", "Vos pronostics, vos points et votre rang, semaine après semaine."),
    },
    "/leagues": {
        "en": ("Leagues", "Play against your friends in private and public leagues."),
        "fr": ("Ligues", "Affrontez vos amis dans des ligues privées et publiques."),
    },
    "/community": {
        "en": ("Community", "Questions and answers between players, a thread for every race."),
        "fr": ("Communauté", "Questions et réponses entre joueurs, un fil pour chaque course."),
    },
    "/account": {
        "en": ("My account", "Sign in or create your free Paddock account."),
        "fr": ("Mon compte", "Connectez-vous ou créez votre compte Paddock gratuit."),
    },
    "/account/login": {
        "en": ("Log in", "Log in to Paddock to make this week's pick."),
        "fr": ("Connexion", "Connectez-vous à Paddock pour faire votre pronostic."),
    },
    "/account/signup": {
        "en": ("Create your account", "Create a free Paddock account: no money, ever."),
        "fr": ("Créer un compte", "Créez un compte Paddock gratuit : jamais d'argent en jeu."),
    },
}


@dataclass(frozen=True)
class PageMeta:
    lang: str
    title: str
    description: str
    canonical: str
    image: str = ""
    image_alt: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def reader_language(request: HttpRequest) -> str:
    """The signed-in player's language, else what the browser asks for (LocaleMiddleware)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in LANGS:
        return str(user.language)
    lang = (translation.get_language() or "en")[:2]
    return lang if lang in LANGS else "en"


def route_key(path: str) -> str:
    """The table entry for a path: itself, else its longest known prefix, else the home page."""
    clean = "/" + path.strip("/")
    while clean not in _TEXT and clean != "/":
        clean = clean.rsplit("/", 1)[0] or "/"
    return clean


def page_meta(request: HttpRequest, path: str) -> PageMeta:
    lang = reader_language(request)
    title, description = _TEXT[route_key(path)][lang]
    name = "Paddock"
    return PageMeta(
        lang=lang,
        title=f"{title} · {name}" if title else name,
        description=description,
        canonical=absolute("/" + path.strip("/") if path.strip("/") else "/"),
    )


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
