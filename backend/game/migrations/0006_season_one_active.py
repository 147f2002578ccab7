"""At most one season is active at a time (a partial unique index on the active status).

A database that already holds several active seasons cannot take the index: the
migration stops before it, naming them, and changes nothing. Which one stays active is
the operator's decision (a finished season's standings earn its badges), not the
migration's: finish or set back to draft all but one (admin: *Game > Seasons*, or
`POST /api/v1/game/operator/seasons/<id>/status/`), then migrate again.
"""

from django.db import migrations, models


def refuse_several_active(apps, schema_editor):
    Season = apps.get_model("game", "Season")
    active = list(
        Season.objects.filter(status="active").order_by("id").values_list("id", "name_en")
    )
    if len(active) > 1:
        named = ", ".join(f"{pk} ({name})" for pk, name in active)
        raise RuntimeError(
            f"Several seasons are active: {named}. Finish or set back to draft all but one, "
            "then migrate again (docs/operator.md, A week)."
        )


class Migration(migrations.Migration):
    dependencies = [("game", "0005_roundscore_fillfactor")]

    operations = [
        migrations.RunPython(refuse_several_active, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="season",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "active")),
                fields=("status",),
                name="season_one_active",
                violation_error_code="season_already_active",
                violation_error_message=(
                    "Another season is active: finish it before activating this one."
                ),
            ),
        ),
    ]
