"""Each league counts its members on its own row, so that the public directory sorts on a
column (with an index in its order) instead of counting every public league's members."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_members(apps, schema_editor):
    League = apps.get_model("leagues", "League")
    Membership = apps.get_model("leagues", "Membership")
    counted = (
        Membership.objects.filter(league=OuterRef("pk"))
        .order_by()
        .values("league")
        .annotate(n=Count("id"))
        .values("n")
    )
    League.objects.update(member_count=Coalesce(Subquery(counted), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("leagues", "0003_membership_order_by_league_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="league",
            name="member_count",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.RunPython(count_members, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="league",
            index=models.Index(
                condition=models.Q(("visibility", "public")),
                fields=["-member_count", "name", "id"],
                name="league_directory_busiest",
            ),
        ),
    ]
