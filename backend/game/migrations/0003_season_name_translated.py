from django.db import migrations, models


def copy_name(apps, schema_editor):
    """Every season keeps its one name in both languages until an operator translates it."""
    Season = apps.get_model("game", "Season")
    Season.objects.update(name_fr=models.F("name_en"))


class Migration(migrations.Migration):
    dependencies = [("game", "0002_derived_tables_without_db_constraints")]

    operations = [
        migrations.RenameField(model_name="season", old_name="name", new_name="name_en"),
        migrations.AlterField(
            model_name="season",
            name="name_en",
            field=models.CharField(help_text="The season's name, in English.", max_length=120),
        ),
        migrations.AddField(
            model_name="season",
            name="name_fr",
            field=models.CharField(
                default="", help_text="The season's name, in French.", max_length=120
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_name, migrations.RunPython.noop),
    ]
