"""The community: categories, topics and their posts."""

from __future__ import annotations

import factory

from backend.community import markup
from backend.community.models import Category, Post, Status, Topic

from .accounts import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    """A category, fetched by slug when it exists (the data migration creates the real
    ones: `CategoryFactory(slug="handicapping-help")` returns that one)."""

    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    position = factory.Sequence(lambda n: 100 + n)


class TopicFactory(factory.django.DjangoModelFactory[Topic]):
    """A published question in "Handicapping help", its body rendered as the API would."""

    class Meta:
        model = Topic

    category = factory.LazyFunction(lambda: CategoryFactory.create(slug="handicapping-help"))
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"How do you read the going, question {n}?")
    body = "Is **heavy** ground good for a stayer?"
    body_html = factory.LazyAttribute(lambda o: markup.render(o.body))
    status = Status.PUBLISHED


class PostFactory(factory.django.DjangoModelFactory[Post]):
    """A published reply to a new topic, its body rendered as the API would."""

    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(UserFactory)
    body = "Look at the *sire*: some lines love the mud."
    body_html = factory.LazyAttribute(lambda o: markup.render(o.body))
    status = Status.PUBLISHED
