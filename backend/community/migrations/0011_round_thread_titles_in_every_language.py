"""Round threads' titles lose the English season name and round number they were written
with (" · Winter Cup #3"): a title is stored once and read in every language; the season
and the number are in the thread's opening post, in the reader's language."""

import re

from django.contrib.postgres.search import SearchVector
from django.db import migrations

SUFFIX = re.compile(r" · .+ #\d+$")


def topic_vector():  # type: ignore[no-untyped-def]
    """The stored search vector as search.topic_vector wrote it when this migration was
    written (frozen here, as a migration must not follow the app's code)."""
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("title", weight="A", config="french")
        + SearchVector("body", weight="B", config="english")
        + SearchVector("body", weight="B", config="french")
    )


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    Topic = apps.get_model("community", "Topic")
    threads = Topic.objects.filter(kind="round_thread", title__regex=r" #[0-9]+$")
    changed = []
    for topic in threads.only("pk", "title"):
        title = SUFFIX.sub("", topic.title)
        if title != topic.title:
            Topic.objects.filter(pk=topic.pk).update(title=title)
            changed.append(topic.pk)
    # Search reads the title too (PostgreSQL's stored vector).
    if changed and schema_editor.connection.vendor == "postgresql":
        Topic.objects.filter(pk__in=changed).update(search_vector=topic_vector())


class Migration(migrations.Migration):
    dependencies = [("community", "0010_moderation_log_live_decisions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
