"""RoundScore pages keep half their room free (PostgreSQL), for a correction's updates.

A correction updates the RoundScores whose values it changes, in place: none of those
columns is indexed, so each update is a heap-only tuple (HOT) update, with no new index
entry, as long as the new version fits on the row's own page. Packed full pages (the
default fillfactor, 100) leave no room, and each update then costs a new entry in every
index, more than deleting and copying the round's slice again. At 50, a correction can
change every score of a page and stay HOT. Only pages written from now on are filled to
the new factor; SQLite has no such setting.
"""

from django.db import migrations

TABLE = "game_roundscore"
FILLFACTOR = 50


def set_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {FILLFACTOR})")


def reset_fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("game", "0004_roundscore_version_last_changed")]

    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor, elidable=False)]
