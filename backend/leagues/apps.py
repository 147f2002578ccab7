from django.apps import AppConfig


class LeaguesConfig(AppConfig):
    name = "backend.leagues"
    label = "leagues"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415 - once apps are loaded: forget invited addresses of deleted accounts
