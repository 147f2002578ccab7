from django.apps import AppConfig


class OpsConfig(AppConfig):
    """The operator console's API: the race calendar, imports from files with their
    preview, and each round's week board. It reads every app below it and writes only
    through their services."""

    name = "backend.ops"
    label = "ops"
    default_auto_field = "django.db.models.BigAutoField"
