"""Each dividend names its pool; an import run may be a dry run.

Dividends stored before were read from the internet pools (the PMU parser prefers them),
unless the race's last successful result import was a Paddock CSV: those are backfilled
as entered by an operator."""

from django.db import migrations, models


def backfill_operator_pools(apps, schema_editor):
    ImportRun = apps.get_model("racing", "ImportRun")
    Dividend = apps.get_model("racing", "Dividend")
    last_source: dict[int, str] = {}
    runs = ImportRun.objects.filter(kind="results", status="ok", race__isnull=False)
    for race_id, source in runs.order_by("started_at", "pk").values_list("race_id", "source"):
        last_source[race_id] = source
    csv_races = [race_id for race_id, source in last_source.items() if source == "csv"]
    Dividend.objects.filter(race_id__in=csv_races).update(pool="operator")


class Migration(migrations.Migration):
    dependencies = [
        ("racing", "0002_featured_importrun"),
    ]

    operations = [
        migrations.AddField(
            model_name="dividend",
            name="pool",
            field=models.CharField(
                choices=[
                    ("internet", "PMU internet pool"),
                    ("shop", "PMU shop pool"),
                    ("operator", "Entered by an operator (Paddock CSV)"),
                ],
                default="internet",
                help_text="The pool the dividend was read from.",
                max_length=8,
            ),
        ),
        migrations.RunPython(backfill_operator_pools, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("running", "Running"),
                    ("ok", "OK"),
                    ("failed", "Failed"),
                    ("dry_run", "Dry run (nothing written)"),
                ],
                default="running",
                max_length=8,
            ),
        ),
    ]
