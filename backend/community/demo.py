"""Demo community for `make run`: questions and answers in French and English among the
demo players, an accepted answer, helpful votes, and the threads of the existing rounds.

Idempotent: a question is only created (with its replies, votes and acceptance) when no
question has its title yet; threads and debriefs are ensured per round.
Does nothing for the forum when the game demo's players (player<N>@paddock.local) are
absent. Goes through the services, so reputation and badges are real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from backend.accounts.models import User
from backend.game.models import Round

from . import services
from .models import Category, Mission, Post, Topic, Vote

DEMO_EMAIL_PREFIX = "player"
DEMO_EMAIL_DOMAIN = "@paddock.local"


@dataclass(frozen=True)
class DemoQuestion:
    category: str
    title: str
    body: str
    replies: tuple[str, ...]
    accepted: int | None  # index of the accepted reply


QUESTIONS = (
    DemoQuestion(
        "handicapping-help",
        "Comment lire la musique d'un trotteur ?",
        "Sur le programme je vois des choses comme `1a 3a Da (24) 2a 7m`. "
        "Je comprends les chiffres, mais le reste ? Merci d'avance !",
        (
            (
                "Chaque élément est une course, de la plus récente à la plus ancienne :\n\n"
                "- le chiffre est la place (0 = au-delà de la 9e) ;\n"
                "- **a** = attelé, **m** = monté ;\n"
                "- **D** = disqualifié (souvent une faute d'allure) ;\n"
                "- **(24)** marque le changement d'année.\n\n"
                "Donc `1a 3a Da` : gagnant, 3e, puis disqualifié, tous à l'attelé."
            ),
            (
                "J'ajoute : regarde aussi si le cheval court **déferré** (D4 sur le programme), "
                "beaucoup de trotteurs vont plus vite pieds nus."
            ),
        ),
        0,
    ),
    DemoQuestion(
        "handicapping-help",
        "How much does the draw matter at Chantilly?",
        "For the sprints on the turf course, is a low draw really an advantage, or is it "
        "overrated? I picked a horse drawn 14 last week and it never got into the race.",
        (
            (
                "On the straight course it depends on the going and where the pace is: in big "
                "fields the stands' rail often rides faster on soft ground. Check where the "
                "winners of the previous races of the day came from before you pick."
            ),
            (
                "Over 1600 m on the round course a low draw helps more, the first turn comes "
                "quickly. Wide draws need a horse that can settle at the back."
            ),
        ),
        1,
    ),
    DemoQuestion(
        "rules-and-account",
        "Que se passe-t-il si mon cheval est non-partant ?",
        "J'ai choisi le 7 en gagnant mais il a été retiré ce matin. Est-ce que je perds mes "
        "points ?",
        (
            (
                "Non : ta sélection passe sur ton **remplaçant** si tu en as choisi un, sinon "
                "sur le favori au départ (la cote la plus basse, puis le plus petit numéro)."
            ),
        ),
        0,
    ),
    DemoQuestion(
        "rules-and-account",
        "Why is the win dividend capped at 21.00?",
        "My winner paid 34.50 € for 1 € but I only got 42.00 points. Bug?",
        (
            (
                "Not a bug: like the NHC qualifiers, a win dividend counts up to 21.00 per unit "
                "(20-1) and a place dividend up to 11.00. On the 2 € stake that is 42.00 points "
                "at most for the win. It keeps one lucky longshot from deciding the season."
            ),
        ),
        0,
    ),
    DemoQuestion(
        "real-betting-questions",
        "Jouer le favori en simple placé, bonne idée ?",
        "Je commence à parier pour de vrai. Le favori placé, c'est le pari « sûr » ?",
        (
            (
                "Il perd moins souvent, mais le rapport est faible (souvent 1,10 € à 1,30 € "
                "pour 1 €) : sur la durée, tu rends la marge de l'opérateur. Fixe-toi un budget "
                "que tu peux perdre, et garde le jeu ici pour t'entraîner gratuitement."
            ),
        ),
        None,
    ),
)

ROUND_THREAD_REPLIES = (
    (
        "Je pars sur le favori en gagnant et un outsider à la place, le terrain souple "
        "devrait l'aider."
    ),
    "Watch the horse that ran on late last time: the extra distance will suit it.",
)


def _demo_players() -> list[User]:
    return list(
        User.objects.filter(
            email__startswith=DEMO_EMAIL_PREFIX, email__endswith=DEMO_EMAIL_DOMAIN, is_active=True
        ).order_by("id")
    )


def _add_question(
    question: DemoQuestion, players: list[User], rng: random.Random, counts: dict[str, int]
) -> None:
    category = Category.objects.filter(slug=question.category).first()
    if category is None or Topic.objects.filter(title=question.title).exists():
        return
    author, *others = rng.sample(players, k=min(len(players), 1 + len(question.replies)))
    topic = services.topic_create(
        author=author, category=category, title=question.title, body=question.body
    )
    counts["community_topics"] += 1
    replies: list[Post] = []
    for body, replier in zip(question.replies, others, strict=False):
        replies.append(services.post_create(topic=topic, author=replier, body=body))
        counts["community_posts"] += 1
    voters = [p for p in players if p.pk != author.pk]
    for reply in replies:
        for voter in rng.sample(voters, k=min(len(voters), rng.randint(1, 4))):
            if voter.pk != reply.author_id:
                services.vote_cast(voter=voter, post=reply)
                counts["community_votes"] += 1
    voter = rng.choice(voters)
    if not Vote.objects.filter(voter=voter, topic=topic).exists():
        services.vote_cast(voter=voter, topic=topic)
        counts["community_votes"] += 1
    if question.accepted is not None and question.accepted < len(replies):
        services.answer_accept(topic=topic, post=replies[question.accepted], user=author)


# The demo's missions: (slug, kind, period, target, points, name_en, name_fr).
MISSIONS = (
    (
        "weekly-answer-3",
        "answer_questions",
        "weekly",
        3,
        30,
        "Helper of the week",
        "Aide de la semaine",
    ),
    ("weekly-accepted-1", "answer_accepted", "weekly", 1, 20, "Problem solver", "Solution trouvée"),
    ("weekly-invite-1", "invite_friend", "weekly", 1, 25, "Recruiter", "Recruteur"),
    ("season-streak-4", "pick_streak", "season", 4, 50, "Four in a row", "Quatre d'affilée"),
)


def _missions() -> int:
    created = 0
    for slug, kind, period, target, points, name_en, name_fr in MISSIONS:
        if not Mission.objects.filter(slug=slug).exists():
            services.mission_create(
                slug=slug,
                kind=kind,
                period=period,
                target=target,
                points=points,
                name_en=name_en,
                name_fr=name_fr,
            )
            created += 1
    return created


@transaction.atomic
def demo_load(*, rng: random.Random) -> dict[str, int]:
    """Load (or complete) the demo community; returns what it created, by kind."""
    counts = {
        "community_round_threads": 0,
        "community_debriefs": 0,
        "community_topics": 0,
        "community_posts": 0,
        "community_votes": 0,
        "community_missions": 0,
    }
    last_thread: Topic | None = None
    for round in Round.objects.exclude(status=Round.Status.DRAFT).order_by("locks_at", "id"):
        had_thread = Topic.objects.filter(kind=Topic.Kind.ROUND_THREAD, round=round).exists()
        had_debrief = Post.objects.filter(
            topic__round=round, kind=Post.Kind.DEBRIEF, settlement_version=round.settlement_version
        ).exists()
        last_thread = services.round_thread_ensure(round=round)
        counts["community_round_threads"] += not had_thread
        if round.is_final:
            services.round_debrief_ensure(round=round)
            counts["community_debriefs"] += not had_debrief
    players = _demo_players()
    if len(players) < 3:
        return counts
    counts["community_missions"] = _missions()
    for question in QUESTIONS:
        _add_question(question, players, rng, counts)
    quiet = (
        last_thread is not None
        and not last_thread.is_locked
        and not Post.objects.filter(topic=last_thread, kind=Post.Kind.REPLY).exists()
    )
    if quiet:
        assert last_thread is not None
        for body, author in zip(ROUND_THREAD_REPLIES, rng.sample(players, k=2), strict=True):
            services.post_create(topic=last_thread, author=author, body=body)
            counts["community_posts"] += 1
    return counts
