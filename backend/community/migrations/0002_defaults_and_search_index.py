"""Default categories, the "moderators" group and, on PostgreSQL, the search GIN index."""

from django.db import migrations

CATEGORIES = [
    (
        "race-of-the-week",
        "Race of the week",
        "Course de la semaine",
        "Each round's race: analysis, picks, the official result and its debrief.",
        "La course de chaque manche : analyses, choix, arrivée officielle et bilan.",
        10,
    ),
    (
        "handicapping-help",
        "Handicapping help",
        "Aide au pronostic",
        "Reading a race card, form, going, draw, odds: ask and share your methods.",
        "Lire un programme, la forme, le terrain, la corde, les cotes : vos méthodes.",
        20,
    ),
    (
        "rules-and-account",
        "Rules and account",
        "Règles et compte",
        "How the game scores, leagues, your account and settings.",
        "Le calcul des points, les ligues, votre compte et vos réglages.",
        30,
    ),
    (
        "real-betting-questions",
        "Real betting questions",
        "Questions sur les vrais paris",
        "Questions about betting for real with our partner. Bet responsibly: "
        "only what you can afford to lose.",
        "Les paris réels avec notre partenaire. Jouez avec modération : "
        "seulement ce que vous pouvez vous permettre de perdre.",
        40,
    ),
]

INDEX = "community_topic_search_gin"


def create_defaults(apps, schema_editor):
    Category = apps.get_model("community", "Category")
    Group = apps.get_model("auth", "Group")
    for slug, name_en, name_fr, description_en, description_fr, position in CATEGORIES:
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "description_en": description_en,
                "description_fr": description_fr,
                "position": position,
            },
        )
    Group.objects.get_or_create(name="moderators")


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON community_topic USING gin (search_vector)"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_defaults, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
