from django.apps import AppConfig


class GameConfig(AppConfig):
    name = "backend.game"
    label = "game"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers  # noqa: F401, PLC0415 - once apps are loaded: connects the receivers
