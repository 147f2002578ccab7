"""Round threads' titles lose the English season name and round number they were written
with (" · Winter Cup #3"): a title is stored once and read in every language; the season
and the number are in the thread's opening post, in the reader's language."""

import re

from django.db import migrations

from backend.community.search import topic_vector

SUFFIX = re.compile(r" · .+ #\d+$")


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
