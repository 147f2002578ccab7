"""Community factories, and the few game rows the community reads (seasons, rounds,
round scores, standings), built directly so these tests need no settlement run."""

from __future__ import annotations

import factory

from backend.community import markup
from backend.community.models import Category, Post, Status, Topic
from backend.game.models import Round, RoundScore, Standing
from tests.factories import RoundFactory as OpenRoundFactory
from tests.factories import SeasonFactory, UserFactory


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    position = factory.Sequence(lambda n: 100 + n)


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    class Meta:
        model = Topic

    category = factory.LazyFunction(lambda: CategoryFactory(slug="handicapping-help"))
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do you read the going, question {n}?")
    body = "Is **heavy** ground good for a stayer?"
    body_html = factory.LazyAttribute(lambda o: markup.render(o.body))
    status = Status.PUBLISHED


class PostFactory(factory.django.DjangoModelFactory[Post]):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = "Look at the *sire*: some lines love the mud."
    body_html = factory.LazyAttribute(lambda o: markup.render(o.body))
    status = Status.PUBLISHED


class RoundFactory(OpenRoundFactory):
    """A settled round: what badges and debriefs are computed from."""

    status = Round.Status.SETTLED
    settlement_version = 1


class RoundScoreFactory(factory.django.DjangoModelFactory[RoundScore]):
    class Meta:
        model = RoundScore

    round = factory.SubFactory(RoundFactory)
    player = factory.SubFactory(UserFactory)
    win_runner = 1
    place_runner = 2
    win_points = 0
    place_points = 0
    points = factory.LazyAttribute(lambda o: o.win_points + o.place_points)
    win_hit = factory.LazyAttribute(lambda o: o.win_points > 0)
    place_hit = factory.LazyAttribute(lambda o: o.place_points > 0)
    settlement_version = 1


class StandingFactory(factory.django.DjangoModelFactory[Standing]):
    class Meta:
        model = Standing

    season = factory.SubFactory(SeasonFactory)
    player = factory.SubFactory(UserFactory)
    rounds_played = 5
